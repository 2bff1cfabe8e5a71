// The lane book as the admin shows it: per lane (origin × destination region × service) its
// transit percentiles, on-time and failure rates as the engine estimates them (data blended with
// priors for thin lanes), beside the raw counts they came from.
import { placeOf, quote, type PreparedCatalog } from "./catalog";
import { estimateLane, laneKey, MAX_TRANSIT_DAYS, type LaneBook, type LaneRef } from "./lanes";

export interface LaneRow {
  key: string;
  lane: LaneRef;
  destination: string;
  carrierName: string;
  serviceName: string;
  mode: string | null;
  /** The carrier's promised transit days to this destination; null when the catalogue no longer covers it. */
  promisedTransitDays: number | null;
  shipments: number;
  inFlight: number;
  p50: number;
  p90: number;
  onTimeRate: number;
  failedRate: number;
  rtoRate: number;
  damageRate: number;
  observed: { onTime: number; failed: number; rto: number; damaged: number };
  /** transitDays[d] = delivered parcels that took d days. */
  transitDays: number[];
}

/**
 * Every lane with finished shipments, busiest first. Percentiles use the carrier's promise for
 * the destination as their prior, or `fallbackPromiseDays` when the catalogue no longer covers it.
 */
export function laneRows(book: LaneBook, catalog: PreparedCatalog | null, fallbackPromiseDays: number): LaneRow[] {
  const inFlight = new Map<string, number>();
  for (const open of Object.values(book.open)) {
    const key = laneKey(open.lane);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  }
  return Object.entries(book.lanes)
    .map(([key, counts]) => {
      const lane = counts.lane;
      const prepared = catalog?.serviceById.get(lane.serviceId);
      const address = { country: lane.country, region: lane.region, postalCode: null, poBox: false };
      const quoted = prepared
        ? quote(prepared, {
            direction: lane.direction,
            locationId: lane.locationId,
            address,
            weightKg: 0.5,
            dimensionsCm: null,
            declaredValue: 0,
            codAmount: 0,
            fragile: false,
          })
        : null;
      const promised = quoted?.feasible ? quoted.transitDays : null;
      const estimate = estimateLane(book, lane, promised ?? fallbackPromiseDays, key);
      return {
        key,
        lane,
        destination: placeOf(address).label,
        carrierName: prepared?.carrier.name ?? "—",
        serviceName: prepared?.service.name ?? lane.serviceId,
        mode: prepared?.service.mode ?? null,
        promisedTransitDays: promised,
        shipments: counts.shipments,
        inFlight: inFlight.get(key) ?? 0,
        p50: estimate.p50,
        p90: estimate.p90,
        onTimeRate: estimate.onTimeRate,
        failedRate: estimate.failedRate,
        rtoRate: estimate.rtoRate,
        damageRate: estimate.damageRate,
        observed: { onTime: counts.onTime, failed: counts.failed, rto: counts.rto, damaged: counts.damaged },
        transitDays: Array.from(
          { length: Math.min(MAX_TRANSIT_DAYS + 1, Math.max(counts.transitDays.length, 1)) },
          (_, d) => counts.transitDays[d] ?? 0,
        ),
      };
    })
    .sort((a, b) => b.shipments - a.shipments || a.key.localeCompare(b.key));
}
