import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyTrackingEvent,
  DEFAULT_RATES,
  emptyLaneBook,
  estimateLane,
  laneBookSchema,
  laneKey,
  MAX_TRANSIT_DAYS,
  NETWORK_PRIOR_WEIGHT,
  OUTCOMES,
  openShipment,
  probabilityWithin,
  recordShipment,
  TRANSIT_PRIOR_WEIGHT,
  type LaneBook,
  type LaneRef,
  type Outcome,
} from "./lanes";

const lane: LaneRef = { direction: "forward", locationId: "blr", country: "IN", region: "MH", serviceId: "velo-surface" };
const otherRegion: LaneRef = { ...lane, region: "TN" };

function record(book: LaneBook, ref: LaneRef, n: number, transitDays: number | null, outcome: Outcome = "delivered", promisedDays = 3) {
  for (let i = 0; i < n; i++) recordShipment(book, { lane: ref, promisedDays, transitDays, outcome });
}

describe("GIVEN lane keys", () => {
  it("WHEN the direction flips THEN the same location, region and service make a different lane", () => {
    expect(laneKey(lane)).toBe("blr>IN-MH|velo-surface");
    expect(laneKey({ ...lane, direction: "reverse" })).toBe("IN-MH>blr|velo-surface");
    expect(laneKey({ ...lane, region: null })).toBe("blr>IN|velo-surface");
  });
});

describe("GIVEN a lane with no shipments", () => {
  it("WHEN nothing is known about the service either THEN the estimate is the prior: the promise and the default rates", () => {
    const estimate = estimateLane(emptyLaneBook(), lane, 3);
    expect(estimate.shipments).toBe(0);
    expect(estimate.p50).toBe(3);
    expect(estimate.p90).toBe(5);
    expect(probabilityWithin(estimate, 2)).toBeCloseTo(0.15, 10);
    expect(probabilityWithin(estimate, 3)).toBeCloseTo(0.65, 10);
    expect(probabilityWithin(estimate, 7)).toBeCloseTo(1, 10);
    expect(estimate).toMatchObject({ onTimeRate: DEFAULT_RATES.onTime, failedRate: DEFAULT_RATES.failed, rtoRate: DEFAULT_RATES.rto });
    expect(estimate.reliability).toBeCloseTo(1 - DEFAULT_RATES.failed - DEFAULT_RATES.rto, 10);
  });

  it("WHEN the same service returns a fifth of parcels elsewhere THEN the new lane starts from that network figure, not the default", () => {
    const book = emptyLaneBook();
    record(book, otherRegion, 80, 3);
    record(book, otherRegion, 20, null, "rto");
    const networkRto = (NETWORK_PRIOR_WEIGHT * DEFAULT_RATES.rto + 20) / (NETWORK_PRIOR_WEIGHT + 100);
    expect(estimateLane(book, lane, 3).rtoRate).toBeCloseTo(networkRto, 10);
    expect(estimateLane(book, { ...lane, direction: "reverse" }, 3).rtoRate).toBeCloseTo(DEFAULT_RATES.rto, 10);
  });

  it("WHEN the promise is same-day THEN the prior cannot go below zero days", () => {
    const estimate = estimateLane(emptyLaneBook(), lane, 0);
    expect(probabilityWithin(estimate, 0)).toBeCloseTo(0.65, 10);
    expect(probabilityWithin(estimate, -1)).toBe(0);
  });
});

describe("GIVEN a lane with its own shipments", () => {
  it("WHEN it has as many deliveries as the prior weighs THEN the transit distribution is half prior, half data", () => {
    const book = emptyLaneBook();
    record(book, lane, TRANSIT_PRIOR_WEIGHT, 5);
    const estimate = estimateLane(book, lane, 3);
    expect(probabilityWithin(estimate, 3)).toBeCloseTo(0.65 / 2, 10);
    expect(probabilityWithin(estimate, 5)).toBeCloseTo((0.95 + 1) / 2, 10);
  });

  it("WHEN it has many deliveries THEN the data dominates: percentiles, on-time and damage follow the lane", () => {
    const book = emptyLaneBook();
    record(book, lane, 600, 2);
    record(book, lane, 320, 4);
    record(book, lane, 80, 6, "damaged");
    const estimate = estimateLane(book, lane, 3);
    expect(estimate.p50).toBe(2);
    expect(estimate.p90).toBe(4);
    expect(probabilityWithin(estimate, 2)).toBeCloseTo(0.6, 2);
    expect(estimate.onTimeRate).toBeCloseTo(0.6, 2);
    expect(estimate.damageRate).toBeCloseTo(0.08, 2);
  });

  it("WHEN a parcel takes longer than the histogram holds THEN it lands in the last bucket and memory stays bounded", () => {
    const book = emptyLaneBook();
    record(book, lane, 1, 45);
    expect(book.lanes[laneKey(lane)].transitDays).toHaveLength(MAX_TRANSIT_DAYS + 1);
    expect(book.lanes[laneKey(lane)].transitDays[MAX_TRANSIT_DAYS]).toBe(1);
  });
});

describe("GIVEN tracking events for an opened shipment", () => {
  const open = (book: LaneBook, shipmentId = "s1") =>
    openShipment(book, { shipmentId, lane, promisedDays: 3, shippedAt: "2026-03-01T10:00:00+05:30" });

  it("WHEN it is picked up in the evening and delivered two mornings later THEN it is a 2-day, on-time delivery", () => {
    const book = emptyLaneBook();
    open(book);
    expect(applyTrackingEvent(book, { shipmentId: "s1", type: "picked_up", at: "2026-03-01T19:30:00+05:30" })).toBe("updated");
    expect(applyTrackingEvent(book, { shipmentId: "s1", type: "in_transit", at: "2026-03-02T04:00:00+05:30" })).toBe("ignored");
    expect(applyTrackingEvent(book, { shipmentId: "s1", type: "delivered", at: "2026-03-03T09:15:00+05:30" })).toBe("finished");
    expect(book.lanes[laneKey(lane)]).toMatchObject({ shipments: 1, onTime: 1, failed: 0, transitDays: [0, 0, 1] });
    expect(book.open).toEqual({});
  });

  it("WHEN the delivery event comes twice, or for a shipment never opened THEN it is counted once", () => {
    const book = emptyLaneBook();
    open(book);
    applyTrackingEvent(book, { shipmentId: "s1", type: "delivered", at: "2026-03-05" });
    expect(applyTrackingEvent(book, { shipmentId: "s1", type: "delivered", at: "2026-03-05" })).toBe("ignored");
    expect(applyTrackingEvent(book, { shipmentId: "nope", type: "delivered", at: "2026-03-05" })).toBe("ignored");
    expect(book.lanes[laneKey(lane)]).toMatchObject({ shipments: 1, onTime: 0, transitDays: [0, 0, 0, 0, 1] });
  });

  it.each<[string, { type: "failed_attempt" | "delivered" | "rto" | "damaged"; at: string }[], object]>([
    ["a failed attempt, then delivery", [{ type: "failed_attempt", at: "2026-03-03" }, { type: "delivered", at: "2026-03-04" }], { failed: 1, rto: 0, onTime: 1 }],
    ["failed attempts, then return to origin", [{ type: "failed_attempt", at: "2026-03-03" }, { type: "rto", at: "2026-03-09" }], { failed: 0, rto: 1, onTime: 0, transitDays: [] }],
    ["arrival damaged", [{ type: "damaged", at: "2026-03-02" }], { damaged: 1, onTime: 1, transitDays: [0, 1] }],
  ])("WHEN it sees %s THEN the lane counts it so", (_, events, expected) => {
    const book = emptyLaneBook();
    open(book);
    for (const event of events) applyTrackingEvent(book, { shipmentId: "s1", ...event });
    expect(book.lanes[laneKey(lane)]).toMatchObject({ shipments: 1, ...expected });
    expect(book.network["forward|velo-surface"]).toMatchObject({ shipments: 1 });
  });
});

describe("GIVEN a book stored as JSON", () => {
  it("WHEN it is loaded back THEN it validates and estimates the same", () => {
    const book = emptyLaneBook();
    record(book, lane, 7, 2);
    record(book, lane, 2, null, "rto");
    openShipment(book, { shipmentId: "s9", lane, promisedDays: 2, shippedAt: "2026-03-01" });
    const loaded = laneBookSchema.parse(JSON.parse(JSON.stringify(book)));
    expect(loaded).toEqual(book);
    expect(estimateLane(loaded, lane, 3)).toEqual(estimateLane(book, lane, 3));
  });
});

describe("GIVEN any mix of finished shipments", () => {
  it("WHEN a lane is estimated THEN rates are probabilities and the transit distribution is a distribution", () => {
    const shipment = fc.record({ days: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), outcome: fc.constantFrom(...OUTCOMES) });
    fc.assert(
      fc.property(fc.array(shipment, { maxLength: 60 }), fc.integer({ min: 0, max: 10 }), (shipments, promise) => {
        const book = emptyLaneBook();
        for (const s of shipments) recordShipment(book, { lane, promisedDays: promise, transitDays: s.days, outcome: s.outcome });
        const e = estimateLane(book, lane, promise);
        for (const r of [e.onTimeRate, e.failedRate, e.rtoRate, e.damageRate, e.reliability]) expect(r).toBeGreaterThanOrEqual(0);
        for (const r of [e.onTimeRate, e.failedRate, e.rtoRate, e.damageRate, e.reliability]) expect(r).toBeLessThanOrEqual(1);
        for (let d = 1; d <= MAX_TRANSIT_DAYS; d++) expect(e.cdf[d]).toBeGreaterThanOrEqual(e.cdf[d - 1] - 1e-12);
        expect(e.cdf[MAX_TRANSIT_DAYS]).toBeCloseTo(1, 10);
        expect(e.p50).toBeLessThanOrEqual(e.p90);
      }),
      { numRuns: 80 },
    );
  });
});
