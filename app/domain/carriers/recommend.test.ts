import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareCatalog, quote, type Catalog, type Shipment } from "./catalog";
import { testCatalog, testShipment } from "./fixtures";
import { emptyLaneBook, recordShipment, type LaneBook, type Outcome } from "./lanes";
import {
  DEFAULT_SETTINGS,
  formatMoney,
  parseSettings,
  recommendCarrier,
  type MerchantSettings,
  type PromiseInput,
  type Rule,
} from "./recommend";

const catalog = prepareCatalog(testCatalog());
const settings: MerchantSettings = { ...DEFAULT_SETTINGS, weights: { cost: 1, onTime: 4, reliability: 5, damage: 5 } };

type Spec = [serviceId: string, count: number, transitDays: number | null, outcome?: Outcome];

/** Lanes from blr to IN-MH (or back, for reverse) with the given finished shipments. */
function lanesWith(specs: Spec[], direction: "forward" | "reverse" = "forward"): LaneBook {
  const book = emptyLaneBook();
  for (const [serviceId, count, transitDays, outcome = "delivered"] of specs) {
    const lane = { direction, locationId: "blr", country: "IN", region: "MH", serviceId };
    for (let i = 0; i < count; i++) recordShipment(book, { lane, promisedDays: 5, transitDays, outcome });
  }
  return book;
}

// Surface reaches Pune in 2 days 62 % of the time, air almost always does.
const puneLanes = lanesWith([
  ["velo-surface", 620, 2],
  ["velo-surface", 380, 3],
  ["velo-air", 970, 1],
  ["velo-air", 30, 3],
]);

function recommend(overrides: { shipment?: Partial<Shipment>; promise?: PromiseInput; lanes?: LaneBook; settings?: Partial<MerchantSettings>; catalog?: Catalog } = {}) {
  return recommendCarrier({
    shipment: testShipment(overrides.shipment),
    promise: overrides.promise ?? {},
    catalog: overrides.catalog ? prepareCatalog(overrides.catalog) : catalog,
    lanes: overrides.lanes ?? puneLanes,
    settings: { ...settings, ...overrides.settings },
  });
}

describe("GIVEN an Express order to Pune, where surface often misses two days", () => {
  const result = recommend({ promise: { shippingLine: "Express (2 days)" } });

  it("WHEN recommended THEN air wins, surface is the runner-up, and the reason says why in figures", () => {
    expect(result.winner?.serviceId).toBe("velo-air");
    expect(result.runnerUp?.serviceId).toBe("velo-surface");
    expect(result.reason).toBe("air: surface misses the 2-day promise for this lane 38 % of the time (air 3 %); +₹49.50");
    expect(result.promise).toEqual({ days: 2, reason: "shipping line “Express (2 days)” promises 2 days" });
    expect(result.priority).toEqual({ priority: "standard", reason: "standard: no shipping line, tag or rule asks for more" });
  });

  it("WHEN the options are listed THEN each carries its cost, on-time probability, reliability, damage risk and lane, best first", () => {
    expect(result.options.map((o) => o.serviceId)).toEqual(["velo-air", "velo-surface", "dakx-surface"]);
    const [air, surface, dakx] = result.options;
    expect(air).toMatchObject({ carrierName: "Velo", mode: "air", zoneId: "metro", transitDays: 1, lane: { key: "blr>IN-MH|velo-air", shipments: 1000, p50: 1, p90: 1 } });
    expect(air.cost.total).toBe(104.5);
    expect(air.onTimeProbability).toBeCloseTo((5 * 0.85 + 970) / 1005, 10);
    expect(surface.cost.total).toBe(55);
    expect(surface.reliability).toBeGreaterThan(0.99);
    expect(dakx).toMatchObject({ cost: { total: 44 }, onTimeProbability: 0, lane: { shipments: 0, p50: 4 } });
    expect(dakx.reliability).toBeCloseTo(1 - 0.05 - 0.03, 10);
    expect(result.options.map((o) => o.score)).toEqual([...result.options.map((o) => o.score)].sort((a, b) => b - a));
    expect(result.excluded).toEqual([]);
  });

  it("WHEN the stored recommendation is read back as JSON THEN nothing is lost", () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe("GIVEN a Standard order to Pune (5 days)", () => {
  it("WHEN recommended THEN Velo surface wins over DakX, whose unknown lane is priced at its prior", () => {
    const result = recommend({ promise: { shippingLine: "Standard shipping" } });
    expect(result.winner?.serviceId).toBe("velo-surface");
    expect(result.runnerUp?.serviceId).toBe("dakx-surface");
    expect(result.reason).toBe("Velo Surface: DakX Surface misses the 5-day promise for this lane 15 % of the time (Velo Surface 0 %); +₹11");
  });

  it("WHEN DakX returns 30 % of its parcels on the lane THEN the reason is reliability", () => {
    const lanes = lanesWith([
      ["dakx-surface", 140, 2],
      ["dakx-surface", 60, null, "rto"],
      ["velo-surface", 200, 3],
    ]);
    const surfaceOnly: Rule = { id: "surface-only", when: {}, then: { kind: "require_mode", mode: "surface" } };
    const result = recommend({ lanes, promise: { days: 5 }, settings: { rules: [surfaceOnly] } });
    expect(result.excluded.map((o) => o.detail)).toEqual(["rule “every shipment → surface only”"]);
    expect(result.reason).toBe("Velo Surface: DakX Surface fails or returns 30 % of parcels on this lane (Velo Surface 0 %); +₹11");
  });

  it("WHEN the parcel is fragile and surface damages 8 % THEN air wins on damage", () => {
    const lanes = lanesWith([
      ["velo-surface", 184, 3],
      ["velo-surface", 16, 3, "damaged"],
      ["velo-air", 199, 1],
      ["velo-air", 1, 1, "damaged"],
    ]);
    const result = recommend({ lanes, promise: { days: 5 }, shipment: { fragile: true, codAmount: 1000 } });
    expect(result.winner?.serviceId).toBe("velo-air");
    expect(result.reason).toBe("air: surface damages 8 % of parcels on this lane (air 1 %) and this parcel is fragile; +₹49.50");
    expect(result.excluded).toEqual([
      { carrierId: "dakx", serviceId: "dakx-surface", reason: "cod_unsupported", detail: "does not collect cash on delivery" },
    ]);
  });

  it("WHEN the cheapest option is also on time THEN the reason says how much it saves", () => {
    const lanes = lanesWith([
      ["dakx-surface", 500, 3],
      ["velo-surface", 500, 3],
      ["velo-air", 500, 1],
    ]);
    const result = recommend({ lanes, promise: { days: 5 } });
    expect(result.winner?.serviceId).toBe("dakx-surface");
    expect(result.reason).toBe("DakX Surface: ₹11 less than Velo Surface; on time for the 5-day promise 100 % of the time (Velo Surface 100 %)");
  });
});

describe("GIVEN the merchant's rules", () => {
  const rule = (id: string, when: Rule["when"], then: Rule["then"]): Rule => ({ id, when, then });

  it("WHEN COD orders may never go with Velo and DakX takes no COD THEN nothing is left and the reason lists why", () => {
    const result = recommend({
      shipment: { codAmount: 900 },
      settings: { rules: [rule("no-velo-cod", { cod: true }, { kind: "exclude_carrier", carrierId: "velo" })] },
    });
    expect(result.winner).toBeNull();
    expect(result.runnerUp).toBeNull();
    expect(result.excluded.map((o) => [o.serviceId, o.reason])).toEqual([
      ["velo-surface", "rule"],
      ["velo-air", "rule"],
      ["dakx-surface", "cod_unsupported"],
    ]);
    expect(result.reason).toBe(
      "no carrier can take this shipment to IN-MH 411001: rule “COD → never Velo” (2); does not collect cash on delivery (1)",
    );
  });

  it("WHEN fragile parcels must fly THEN surface services are excluded, even where they score better", () => {
    const fragileRule = rule("fragile-air", { fragile: true }, { kind: "require_mode", mode: "air" });
    const result = recommend({ shipment: { fragile: true }, promise: { days: 5 }, settings: { rules: [fragileRule] } });
    expect(result.winner?.serviceId).toBe("velo-air");
    expect(result.excluded.map((o) => o.detail)).toEqual(["rule “fragile → air only”", "rule “fragile → air only”"]);
    expect(result.reason).toBe("Velo Air: the only option that can take this shipment");
    expect(recommend({ promise: { days: 5 }, settings: { rules: [fragileRule] } }).winner?.serviceId).toBe("velo-surface");
  });

  it("WHEN orders worth ₹10,000 or more must go express THEN the priority says so and standard services are excluded", () => {
    const valueRule = rule("big-orders", { minOrderValue: 10_000 }, { kind: "min_priority", priority: "express" });
    const result = recommend({ shipment: { declaredValue: 12_000 }, promise: { days: 5 }, settings: { rules: [valueRule] } });
    expect(result.priority).toEqual({ priority: "express", reason: "express: rule “order value ≥ ₹10,000 → at least express”" });
    expect(result.options.map((o) => o.serviceId)).toEqual(["velo-air"]);
    expect(result.excluded[0].detail).toBe("is standard; this shipment needs express: rule “order value ≥ ₹10,000 → at least express”");
  });

  it("WHEN Maharashtra should go with DakX THEN the rule outranks the weights, and the reason names the rule", () => {
    const regionRule = rule("mh-dakx", { country: "IN", region: "MH" }, { kind: "prefer_carrier", carrierId: "dakx" });
    const withoutRule = recommend({ promise: { days: 2 } });
    const withRule = recommend({ promise: { days: 2 }, settings: { rules: [regionRule] } });
    expect(withoutRule.winner?.serviceId).toBe("velo-air");
    expect(withRule.winner).toMatchObject({ serviceId: "dakx-surface", preferredBy: "mh-dakx" });
    expect(withRule.winner!.score).toBeLessThan(withRule.runnerUp!.score);
    expect(withRule.reason).toBe("DakX Surface: rule “region IN-MH → prefer DakX”; ₹60.50 less than Velo Air");
    expect(recommend({ shipment: { address: { country: "IN", region: "KA", postalCode: "560001", poBox: false } }, promise: { days: 2 }, settings: { rules: [regionRule] } }).winner?.preferredBy).toBeNull();
  });
});

describe("GIVEN where the priority and the promise come from", () => {
  it.each<[string, PromiseInput, { days: number; reason: string }, { priority: string; reason: string }]>([
    ["a tag", { tags: ["VIP", "priority:express"] }, { days: 5, reason: "no shipping line promise; the default is 5 days" }, { priority: "express", reason: "express: tag priority:express" }],
    ["a same-day shipping line", { shippingLine: "Same Day Delivery" }, { days: 0, reason: "shipping line “Same Day Delivery” promises 0 days" }, { priority: "same_day", reason: "same day: shipping line “Same Day Delivery”" }],
    ["days given by the caller", { days: 3, shippingLine: "Express" }, { days: 3, reason: "promised 3 days" }, { priority: "standard", reason: "standard: no shipping line, tag or rule asks for more" }],
  ])("WHEN it is %s THEN the promise and priority follow it", (_, promise, expectedPromise, expectedPriority) => {
    const result = recommend({ promise });
    expect(result.promise).toEqual(expectedPromise);
    expect(result.priority).toEqual(expectedPriority);
  });

  it("WHEN the customer paid for same day and no service offers it THEN every option is excluded for priority", () => {
    const result = recommend({ promise: { shippingLine: "Same day" } });
    expect(result.winner).toBeNull();
    expect(new Set(result.excluded.map((o) => o.reason))).toEqual(new Set(["priority"]));
  });
});

describe("GIVEN a reverse pickup from a Pune customer back to the Bengaluru warehouse", () => {
  // Back to the warehouse, surface takes nine days; forward it is quick (puneLanes).
  const reverseLanes = lanesWith(
    [
      ["velo-surface", 300, 9],
      ["velo-air", 300, 3],
    ],
    "reverse",
  );
  for (const [key, value] of Object.entries(puneLanes.lanes)) reverseLanes.lanes[key] = value;
  const result = recommend({ shipment: { direction: "reverse", codAmount: 700 }, lanes: reverseLanes });

  it("WHEN recommended THEN it reads the reverse lanes, promises the reverse default and collects no COD", () => {
    expect(result.direction).toBe("reverse");
    expect(result.promise).toEqual({ days: 7, reason: "reverse pickups take up to 7 days" });
    expect(result.winner).toMatchObject({ serviceId: "velo-air", lane: { key: "IN-MH>blr|velo-air", shipments: 300 } });
    expect(result.winner!.cost.cod).toBe(0);
    expect(result.reason).toBe("air: surface misses the 7-day promise for this lane 98 % of the time (air 0 %); +₹49.50");
  });

  it("WHEN a carrier does no reverse pickups THEN it is excluded for that, not for COD", () => {
    expect(result.excluded).toEqual([
      { carrierId: "dakx", serviceId: "dakx-surface", reason: "no_reverse_pickup", detail: "does not do reverse pickups" },
    ]);
  });
});

describe("GIVEN two services identical in every figure", () => {
  function twins(order: "ab" | "ba"): Catalog {
    const base = testCatalog();
    const dakx = base.carriers[1];
    const a = { ...dakx, id: "a-co", name: "A", services: [{ ...dakx.services[0], id: "a-svc" }] };
    const b = { ...dakx, id: "b-co", name: "B", services: [{ ...dakx.services[0], id: "b-svc" }] };
    return { carriers: order === "ab" ? [a, b] : [b, a] };
  }

  it("WHEN recommended in either catalogue order THEN the tie goes to the same service every time", () => {
    const first = recommend({ catalog: twins("ab"), lanes: emptyLaneBook() });
    const second = recommend({ catalog: twins("ba"), lanes: emptyLaneBook() });
    expect(first.options.map((o) => o.serviceId)).toEqual(["a-svc", "b-svc"]);
    expect(second.options.map((o) => o.serviceId)).toEqual(["a-svc", "b-svc"]);
    expect(first.reason).toBe("A Surface: same cost as B Surface; on time for the 5-day promise 85 % of the time (B Surface 85 %)");
  });
});

describe("GIVEN settings from storage", () => {
  it("WHEN only some fields are given THEN the rest default, and wrong values are named by path", () => {
    expect(parseSettings({ locale: "en-IN" })).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, locale: "en-IN" } });
    const bad = parseSettings({ weights: { cost: -1, onTime: 1, reliability: 1, damage: 1 }, rules: [{ id: "r", when: {}, then: { kind: "teleport" } }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path.join("."))).toEqual(["weights.cost", "rules.0.then.kind"]);
  });

  it("WHEN money is shown THEN whole amounts drop the decimals and the locale groups digits", () => {
    expect(formatMoney(42, "INR", "en")).toBe("₹42");
    expect(formatMoney(42.5, "INR", "en")).toBe("₹42.50");
    expect(formatMoney(1234567, "INR", "en-IN")).toBe("₹12,34,567");
  });
});

const shipmentArb: fc.Arbitrary<Shipment> = fc.record({
  direction: fc.constantFrom("forward" as const, "reverse" as const),
  locationId: fc.constant("blr"),
  address: fc.record({
    country: fc.constantFrom("IN", "LK"),
    region: fc.constantFrom(null, "MH", "KA", "JK", "AR"),
    postalCode: fc.constantFrom(null, "400001", "411001", "791110", "190001"),
    poBox: fc.boolean(),
  }),
  weightKg: fc.double({ min: 0.05, max: 35, noNaN: true }),
  dimensionsCm: fc.option(fc.record({ lengthCm: fc.integer({ min: 1, max: 130 }), widthCm: fc.integer({ min: 1, max: 70 }), heightCm: fc.integer({ min: 1, max: 70 }) }), { nil: null }),
  declaredValue: fc.integer({ min: 0, max: 20_000 }),
  codAmount: fc.constantFrom(0, 0, 500, 2500),
  fragile: fc.boolean(),
});
const weightsArb = fc.record({
  cost: fc.double({ min: 0, max: 10, noNaN: true }),
  onTime: fc.double({ min: 0, max: 10, noNaN: true }),
  reliability: fc.double({ min: 0, max: 10, noNaN: true }),
  damage: fc.double({ min: 0, max: 10, noNaN: true }),
});
const rulesArb = fc.subarray<Rule>([
  { id: "cod-no-dakx", when: { cod: true }, then: { kind: "exclude_carrier", carrierId: "dakx" } },
  { id: "fragile-air", when: { fragile: true }, then: { kind: "require_mode", mode: "air" } },
  { id: "big-express", when: { minOrderValue: 10_000 }, then: { kind: "min_priority", priority: "express" } },
  { id: "mh-dakx", when: { region: "MH" }, then: { kind: "prefer_carrier", carrierId: "dakx" } },
]);

describe("GIVEN any shipment, weights and rules", () => {
  it("WHEN recommended THEN the winner can carry it, obeys every rule and priority, and each service is either an option or excluded", () => {
    fc.assert(
      fc.property(shipmentArb, weightsArb, rulesArb, fc.constantFrom(0, 2, 5), (shipment, weights, rules, days) => {
        const result = recommendCarrier({ shipment, promise: { days }, catalog, lanes: puneLanes, settings: { ...settings, weights, rules } });
        expect(result.options.length + result.excluded.length).toBe(catalog.services.length);
        if (!result.winner) return;
        const winner = catalog.serviceById.get(result.winner.serviceId)!;
        expect(quote(winner, shipment).feasible).toBe(true);
        if (shipment.fragile && rules.some((r) => r.id === "fragile-air")) expect(winner.service.mode).toBe("air");
        if (shipment.direction === "forward" && shipment.codAmount > 0 && rules.some((r) => r.id === "cod-no-dakx")) expect(winner.carrier.id).not.toBe("dakx");
        if (shipment.declaredValue >= 10_000 && rules.some((r) => r.id === "big-express")) expect(winner.service.priority).not.toBe("standard");
      }),
      { numRuns: 150 },
    );
  });

  it("WHEN one service's rates go up THEN its score does not rise and it ranks no better", () => {
    fc.assert(
      fc.property(shipmentArb, weightsArb, fc.constantFrom("velo-surface", "velo-air", "dakx-surface"), fc.double({ min: 1, max: 3, noNaN: true }), (shipment, weights, serviceId, factor) => {
        const dearer = testCatalog();
        for (const carrier of dearer.carriers) {
          for (const service of carrier.services) {
            if (service.id !== serviceId) continue;
            for (const rate of service.rateCard.zoneRates) {
              rate.perKgAbove *= factor;
              for (const slab of rate.slabs) slab.price *= factor;
            }
          }
        }
        const run = (c: ReturnType<typeof prepareCatalog>) =>
          recommendCarrier({ shipment, promise: { days: 2 }, catalog: c, lanes: puneLanes, settings: { ...settings, weights } });
        const before = run(catalog).options;
        const after = run(prepareCatalog(dearer)).options;
        const rank = (options: typeof before) => options.findIndex((o) => o.serviceId === serviceId);
        if (rank(before) < 0) return;
        expect(after[rank(after)].score).toBeLessThanOrEqual(before[rank(before)].score + 1e-9);
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
      }),
      { numRuns: 150 },
    );
  });
});
