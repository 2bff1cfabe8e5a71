// The catalogue as the admin lists it: one row per service with what a merchant compares
// (mode, priority, the carrier's promised days, where it goes, what it accepts), and the filters
// over those rows.
import { z } from "zod";
import { MODES, PRIORITIES, type Catalog, type Mode, type Priority } from "./catalog";

export interface ServiceRow {
  carrierId: string;
  carrierName: string;
  serviceId: string;
  serviceName: string;
  mode: Mode;
  priority: Priority;
  currency: string;
  /** The carrier's promised transit days over the zones the service is rated for. */
  transitDays: { min: number; max: number };
  zones: string[];
  countries: string[];
  /** The cheapest first slab over its zones: "from …". */
  fromPrice: number;
  codAllowed: boolean;
  poBoxAllowed: boolean;
  reversePickup: boolean;
  maxWeightKg: number | null;
  trackingUrl: string | null;
}

export interface ZoneRow {
  carrierId: string;
  carrierName: string;
  zoneId: string;
  areas: string[];
}

export const catalogFiltersSchema = z.object({
  carrier: z.string().trim().max(64).catch(""),
  mode: z.enum(["", ...MODES]).catch(""),
  priority: z.enum(["", ...PRIORITIES]).catch(""),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/)
    .catch(""),
});
export type CatalogFilters = z.infer<typeof catalogFiltersSchema>;

function area(match: { country: string; region: string | null; postalPrefix: string | null }): string {
  return [match.region ? `${match.country}-${match.region}` : match.country, match.postalPrefix && `${match.postalPrefix}…`]
    .filter(Boolean)
    .join(" ");
}

export function serviceRows(catalog: Catalog): ServiceRow[] {
  return catalog.carriers.flatMap((carrier) => {
    const zoneCountries = new Map(carrier.zones.map((zone) => [zone.id, [...new Set(zone.matches.map((m) => m.country))]]));
    return carrier.services.map((service) => {
      const rates = service.rateCard.zoneRates;
      const days = rates.map((rate) => rate.transitDays);
      return {
        carrierId: carrier.id,
        carrierName: carrier.name,
        serviceId: service.id,
        serviceName: service.name,
        mode: service.mode,
        priority: service.priority,
        currency: service.rateCard.currency,
        transitDays: { min: Math.min(...days), max: Math.max(...days) },
        zones: rates.map((rate) => rate.zoneId),
        countries: [...new Set(rates.flatMap((rate) => zoneCountries.get(rate.zoneId) ?? []))].sort(),
        fromPrice: Math.min(...rates.map((rate) => rate.slabs[0].price)),
        codAllowed: service.serviceability.codAllowed,
        poBoxAllowed: service.serviceability.poBoxAllowed,
        reversePickup: service.serviceability.reversePickup,
        maxWeightKg: service.serviceability.maxWeightKg,
        trackingUrl: carrier.trackingUrl,
      };
    });
  });
}

export function filterServiceRows(rows: readonly ServiceRow[], filters: CatalogFilters): ServiceRow[] {
  return rows.filter(
    (row) =>
      (!filters.carrier || row.carrierId === filters.carrier) &&
      (!filters.mode || row.mode === filters.mode) &&
      (!filters.priority || row.priority === filters.priority) &&
      (!filters.country || row.countries.includes(filters.country)),
  );
}

export function zoneRows(catalog: Catalog, filters: Pick<CatalogFilters, "carrier" | "country"> = { carrier: "", country: "" }): ZoneRow[] {
  return catalog.carriers
    .filter((carrier) => !filters.carrier || carrier.id === filters.carrier)
    .flatMap((carrier) =>
      carrier.zones
        .filter((zone) => !filters.country || zone.matches.some((m) => m.country === filters.country))
        .map((zone) => ({ carrierId: carrier.id, carrierName: carrier.name, zoneId: zone.id, areas: zone.matches.map(area) })),
    );
}
