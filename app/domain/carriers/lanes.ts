// How each lane (the shop's location × the customer's region × service, in one direction) has
// actually performed, learned from finished shipments. Memory per lane is bounded: counters and a
// transit-day histogram. Estimates blend the lane's data with priors so that a lane with no data
// reads as its prior and a lane with many shipments reads as its data.
//
// The book is plain JSON (store it as is, check it with laneBookSchema when loading). The record*
// and apply* functions mutate the book they are given: a replay of thousands of shipments would
// otherwise copy it thousands of times.
import { z } from "zod";
import { countrySchema, DIRECTIONS, idSchema, type Direction } from "./catalog";

/** Transit times of this many days or more share the last histogram bucket. */
export const MAX_TRANSIT_DAYS = 30;

/**
 * How a shipment ended. failed: at least one failed delivery attempt (it may still have arrived;
 * then its transit days are known); rto: returned to origin; damaged: arrived damaged.
 */
export const OUTCOMES = ["delivered", "failed", "rto", "damaged"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TRACKING_EVENTS = ["picked_up", "in_transit", "delivered", "failed_attempt", "rto", "damaged"] as const;
export type TrackingEventType = (typeof TRACKING_EVENTS)[number];

const count = z.number().int().min(0);
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}/, "use an ISO 8601 date or timestamp");

export const laneRefSchema = z.object({
  direction: z.enum(DIRECTIONS),
  locationId: idSchema,
  country: countrySchema,
  region: z.string().nullable(),
  serviceId: idSchema,
});
export type LaneRef = z.infer<typeof laneRefSchema>;

export const rateCountsSchema = z.object({ shipments: count, onTime: count, failed: count, rto: count, damaged: count });
export type RateCounts = z.infer<typeof rateCountsSchema>;

export const laneCountsSchema = rateCountsSchema.extend({
  lane: laneRefSchema,
  /** transitDays[d] = delivered shipments that took d days; trailing zeros are not stored. */
  transitDays: z.array(count).max(MAX_TRANSIT_DAYS + 1),
});
export type LaneCounts = z.infer<typeof laneCountsSchema>;

export const openShipmentSchema = z.object({
  lane: laneRefSchema,
  promisedDays: count,
  shippedAt: timestamp,
  pickedUpAt: timestamp.nullable(),
  failedAttempts: count,
});
export type OpenShipment = z.infer<typeof openShipmentSchema>;

export const laneBookSchema = z.object({
  lanes: z.record(laneCountsSchema),
  /** Per direction and service, over all its lanes: the prior for its thin lanes. */
  network: z.record(rateCountsSchema),
  /** Shipments still travelling, by shipment id; they leave when they finish. */
  open: z.record(openShipmentSchema),
});
export type LaneBook = z.infer<typeof laneBookSchema>;

export function emptyLaneBook(): LaneBook {
  return { lanes: {}, network: {}, open: {} };
}

export function laneKey(lane: LaneRef): string {
  const customer = lane.region ? `${lane.country}-${lane.region.toUpperCase()}` : lane.country;
  const ends = lane.direction === "forward" ? `${lane.locationId}>${customer}` : `${customer}>${lane.locationId}`;
  return `${ends}|${lane.serviceId}`;
}

function networkKey(direction: Direction, serviceId: string): string {
  return `${direction}|${serviceId}`;
}

export interface FinishedShipment {
  lane: LaneRef;
  promisedDays: number;
  /** Null when it never arrived. */
  transitDays: number | null;
  outcome: Outcome;
}

function bucket(days: number): number {
  return Math.min(MAX_TRANSIT_DAYS, Math.max(0, Math.round(days)));
}

function countInto(counts: RateCounts, shipment: FinishedShipment): void {
  counts.shipments += 1;
  if (shipment.outcome === "failed") counts.failed += 1;
  if (shipment.outcome === "rto") counts.rto += 1;
  if (shipment.outcome === "damaged") counts.damaged += 1;
  if (shipment.transitDays !== null && shipment.outcome !== "rto" && shipment.transitDays <= shipment.promisedDays) counts.onTime += 1;
}

/** Adds one finished shipment to its lane and to its service's network figures. */
export function recordShipment(book: LaneBook, shipment: FinishedShipment): void {
  const key = laneKey(shipment.lane);
  const lane = (book.lanes[key] ??= { lane: shipment.lane, shipments: 0, onTime: 0, failed: 0, rto: 0, damaged: 0, transitDays: [] });
  countInto(lane, shipment);
  if (shipment.transitDays !== null && shipment.outcome !== "rto") {
    const d = bucket(shipment.transitDays);
    while (lane.transitDays.length <= d) lane.transitDays.push(0);
    lane.transitDays[d] += 1;
  }
  const network = (book.network[networkKey(shipment.lane.direction, shipment.lane.serviceId)] ??= {
    shipments: 0,
    onTime: 0,
    failed: 0,
    rto: 0,
    damaged: 0,
  });
  countInto(network, shipment);
}

export const trackingEventSchema = z.object({ shipmentId: z.string().min(1), type: z.enum(TRACKING_EVENTS), at: timestamp });
export type TrackingEvent = z.infer<typeof trackingEventSchema>;

/** Starts following a shipment when it is handed to the carrier; opening it again changes nothing. */
export function openShipment(book: LaneBook, shipment: { shipmentId: string; lane: LaneRef; promisedDays: number; shippedAt: string }): void {
  book.open[shipment.shipmentId] ??= {
    lane: shipment.lane,
    promisedDays: shipment.promisedDays,
    shippedAt: shipment.shippedAt,
    pickedUpAt: null,
    failedAttempts: 0,
  };
}

// Calendar days between the dates written in two ISO timestamps, each in its own offset: a parcel
// picked up on the evening of the 1st and delivered on the morning of the 3rd took 2 days.
function calendarDays(from: string, to: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.max(0, Math.round((day(to) - day(from)) / 86_400_000));
}

/**
 * Applies one carrier tracking event. delivered, damaged and rto finish the shipment and fold it
 * into its lane; events for shipments that are not open (never opened, or already finished, as a
 * duplicate delivery of the same event is) are ignored. Transit is counted from the pickup, or from
 * the hand-over when the pickup event never came.
 */
export function applyTrackingEvent(book: LaneBook, event: TrackingEvent): "updated" | "finished" | "ignored" {
  const open = book.open[event.shipmentId];
  if (!open) return "ignored";
  const finish = (outcome: Outcome, arrived: boolean) => {
    delete book.open[event.shipmentId];
    const transitDays = arrived ? calendarDays(open.pickedUpAt ?? open.shippedAt, event.at) : null;
    recordShipment(book, { lane: open.lane, promisedDays: open.promisedDays, transitDays, outcome });
    return "finished" as const;
  };
  switch (event.type) {
    case "picked_up":
      open.pickedUpAt ??= event.at;
      return "updated";
    case "in_transit":
      return "ignored";
    case "failed_attempt":
      open.failedAttempts += 1;
      return "updated";
    case "delivered":
      return finish(open.failedAttempts > 0 ? "failed" : "delivered", true);
    case "damaged":
      return finish("damaged", true);
    case "rto":
      return finish("rto", false);
  }
}

/** A Beta prior as a mean and a weight in pseudo-shipments. */
interface BetaPrior {
  mean: number;
  weight: number;
}

/** The posterior mean of a rate under a Beta prior: the prior counts as `weight` shipments. */
function betaMean(prior: BetaPrior, hits: number, trials: number): number {
  return (prior.mean * prior.weight + hits) / (prior.weight + trials);
}

/** Rates assumed for a service nobody has shipped with yet. */
export const DEFAULT_RATES = { onTime: 0.8, failed: 0.05, rto: 0.03, damaged: 0.01 } as const;
/** How many shipments the defaults weigh against a service's network-wide figures. */
export const NETWORK_PRIOR_WEIGHT = 20;
/** How many shipments the network-wide figures weigh against one lane's own. */
export const LANE_PRIOR_WEIGHT = 10;
/** How many shipments the promise-based transit prior weighs against a lane's deliveries. */
export const TRANSIT_PRIOR_WEIGHT = 5;

// Before any data, a parcel arrives on the promised day half the time, a day early 15 %, and late
// the rest (a day 20 %, two days 10 %, four days 5 %): carriers meet their promise about 65 % of the time.
const PROMISE_SPREAD: readonly [number, number][] = [
  [-1, 0.15],
  [0, 0.5],
  [1, 0.2],
  [2, 0.1],
  [4, 0.05],
];

const priorCdfs = new Map<number, Float64Array>();

function priorCdf(promisedTransitDays: number): Float64Array {
  let cdf = priorCdfs.get(promisedTransitDays);
  if (!cdf) {
    const pmf = new Float64Array(MAX_TRANSIT_DAYS + 1);
    for (const [offset, p] of PROMISE_SPREAD) pmf[bucket(promisedTransitDays + offset)] += p;
    cdf = new Float64Array(MAX_TRANSIT_DAYS + 1);
    let sum = 0;
    pmf.forEach((p, d) => (cdf![d] = sum += p));
    priorCdfs.set(promisedTransitDays, cdf);
  }
  return cdf;
}

export interface LaneEstimate {
  /** Finished shipments on this lane. */
  shipments: number;
  /** cdf[d] = P(transit ≤ d days) for a parcel that arrives. */
  cdf: Float64Array;
  p50: number;
  p90: number;
  /** On time against each shipment's own promise. */
  onTimeRate: number;
  failedRate: number;
  rtoRate: number;
  damageRate: number;
  /** 1 − (failed + RTO). */
  reliability: number;
}

const NO_COUNTS: RateCounts = { shipments: 0, onTime: 0, failed: 0, rto: 0, damaged: 0 };

function blendedRate(field: keyof typeof DEFAULT_RATES, network: RateCounts, lane: RateCounts | undefined): number {
  const prior = betaMean({ mean: DEFAULT_RATES[field], weight: NETWORK_PRIOR_WEIGHT }, network[field], network.shipments);
  return lane ? betaMean({ mean: prior, weight: LANE_PRIOR_WEIGHT }, lane[field], lane.shipments) : prior;
}

/**
 * The lane's figures, blended with priors: rates shrink towards the service's network-wide rates
 * (themselves shrunk towards DEFAULT_RATES), transit times towards a spread around the carrier's
 * promised transit days for the zone.
 */
export function estimateLane(book: LaneBook, lane: LaneRef, promisedTransitDays: number, key = laneKey(lane)): LaneEstimate {
  const counts: LaneCounts | undefined = book.lanes[key];
  const network = book.network[networkKey(lane.direction, lane.serviceId)] ?? NO_COUNTS;
  const histogram = counts ? counts.transitDays : [];
  let arrived = 0;
  for (let d = 0; d < histogram.length; d++) arrived += histogram[d];
  const prior = priorCdf(promisedTransitDays);
  const cdf = new Float64Array(MAX_TRANSIT_DAYS + 1);
  let seen = 0;
  let p50 = -1;
  let p90 = -1;
  for (let d = 0; d <= MAX_TRANSIT_DAYS; d++) {
    if (d < histogram.length) seen += histogram[d];
    const p = (TRANSIT_PRIOR_WEIGHT * prior[d] + seen) / (TRANSIT_PRIOR_WEIGHT + arrived);
    cdf[d] = p;
    if (p50 < 0 && p >= 0.5 - 1e-9) p50 = d;
    if (p90 < 0 && p >= 0.9 - 1e-9) p90 = d;
  }
  const failedRate = blendedRate("failed", network, counts);
  const rtoRate = blendedRate("rto", network, counts);
  return {
    shipments: counts ? counts.shipments : 0,
    cdf,
    p50,
    p90,
    onTimeRate: blendedRate("onTime", network, counts),
    failedRate,
    rtoRate,
    damageRate: blendedRate("damaged", network, counts),
    reliability: Math.max(0, 1 - failedRate - rtoRate),
  };
}

/** P(a parcel that arrives takes at most `days`). */
export function probabilityWithin(estimate: LaneEstimate, days: number): number {
  if (days < 0) return 0;
  return estimate.cdf[Math.min(days, MAX_TRANSIT_DAYS)];
}
