import { describe, expect, it } from "vitest";
import { prepareCatalog } from "./catalog";
import { COUNTERFACTUAL_METHOD, evaluatePolicies, formatEvaluation, formatHistoryCsv, parseHistoryCsv, type HistoryRow } from "./evaluate";
import { testCatalog } from "./fixtures";
import { DEFAULT_SETTINGS } from "./recommend";

const catalog = prepareCatalog(testCatalog());

function row(day: number, serviceId: "velo-surface" | "velo-air", actualDays: number | null, outcome: HistoryRow["outcome"] = "delivered", overrides: Partial<HistoryRow> = {}): HistoryRow {
  const air = serviceId === "velo-air";
  return {
    line: day + 1,
    shippedAt: `2026-03-${String(day).padStart(2, "0")}T10:00:00+05:30`,
    origin: "blr",
    country: "IN",
    region: "MH",
    postal: "411001",
    carrierId: "velo",
    serviceId,
    mode: air ? "air" : "surface",
    priority: air ? "express" : "standard",
    weightKg: 0.8,
    codAmount: 0,
    cost: air ? 104.5 : 55,
    promisedDays: 2,
    actualDays,
    outcome,
    ...overrides,
  };
}

// Learned: surface takes 3 days to Pune, air 1. Replayed: one surface and two air shipments (one
// returned to origin), and one to Sri Lanka, which no service in the rate card reaches.
const history: HistoryRow[] = [
  ...[1, 2, 3, 4, 5].map((day) => row(day, "velo-surface", 3)),
  ...[6, 7, 8, 9, 10].map((day) => row(day, "velo-air", 1)),
  row(11, "velo-surface", 3),
  row(12, "velo-air", 1),
  row(13, "velo-air", null, "rto"),
  row(14, "velo-air", 4, "delivered", { country: "LK", region: null, postal: "00100" }),
].reverse();

describe("GIVEN a history learned on its first ten shipments and replayed on the last four", () => {
  const evaluation = evaluatePolicies({ history, catalog, settings: DEFAULT_SETTINGS, trainFraction: 0.72 });
  const policy = (name: string) => evaluation.policies.find((p) => p.policy === name)!;

  it("WHEN it is replayed THEN it goes in time order and skips the shipment nothing can carry", () => {
    expect(evaluation).toMatchObject({ trained: 10, tested: 4, skipped: [{ line: 15, reason: "no service in the rate card can take it" }] });
    expect(evaluation.defaultServiceId).toBe("velo-air");
    expect(evaluation.policies.map((p) => p.policy)).toEqual(["engine", "always cheapest", "always fastest", "default service (velo-air)", "as shipped"]);
  });

  it("WHEN the engine picks air for the 2-day promises THEN shipped-air outcomes are observed and the surface one is estimated", () => {
    // Air to Pune has only two test shipments, fewer than a lane estimate needs, so the surface
    // shipment is judged by all air shipments from blr: on time, returned, and 4 days to Sri Lanka.
    expect(policy("engine")).toEqual({
      policy: "engine",
      shipments: 3,
      onTimeRate: (1 / 3 + 1 + 0) / 3,
      meanCost: 104.5,
      failedRate: (1 / 3 + 0 + 1) / 3,
      damageRate: 0,
      observedShare: 2 / 3,
      unscored: 0,
      fallbacks: 0,
    });
    expect(policy("always fastest")).toEqual({ ...policy("engine"), policy: "always fastest" });
  });

  it("WHEN the cheapest option was never shipped in the test period THEN it cannot be scored and says so", () => {
    expect(policy("always cheapest")).toMatchObject({ shipments: 0, unscored: 3 });
  });

  it("WHEN the recorded shipments are counted as shipped THEN their own costs and outcomes are used", () => {
    expect(policy("as shipped")).toMatchObject({ shipments: 3, onTimeRate: 1 / 3, meanCost: (55 + 104.5 + 104.5) / 3, failedRate: 1 / 3, observedShare: 1 });
  });

  it("WHEN the merchant's default is surface THEN the late surface shipment is observed and the others estimated from it", () => {
    const surface = evaluatePolicies({ history, catalog, settings: DEFAULT_SETTINGS, trainFraction: 0.72, defaultServiceId: "velo-surface" });
    expect(surface.policies[3]).toMatchObject({ policy: "default service (velo-surface)", shipments: 3, onTimeRate: 0, failedRate: 0, observedShare: 1 / 3, meanCost: 55 });
  });

  it("WHEN the default service cannot take COD THEN the cheapest feasible option stands in and the fallbacks are counted", () => {
    const cod = history.map((r) => ({ ...r, codAmount: 500 }));
    const result = evaluatePolicies({ history: cod, catalog, settings: DEFAULT_SETTINGS, trainFraction: 0.72, defaultServiceId: "dakx-surface" });
    expect(result.policies[3]).toMatchObject({ fallbacks: 3, shipments: 3, meanCost: 55 + 30 + 10 });
  });

  it("WHEN it is printed THEN the table and the counterfactual method come out together", () => {
    const text = formatEvaluation(evaluation, "INR");
    expect(text).toContain("Learned from 10 shipments, replayed 4 (1 skipped: no service in the rate card could take them).");
    expect(text).toContain("| engine                     |         3 |       44.4 % |   ₹104.50 |          44.4 % |       0.0 % |   66.7 % |        0 |         0 |");
    expect(text).toContain("| always cheapest            |         0 |            – |         – |               – |           – |        – |        3 |         0 |");
    expect(text).toContain(COUNTERFACTUAL_METHOD);
  });
});

describe("GIVEN a history CSV", () => {
  const header = "shipped_at,origin,dest_country,dest_region,dest_postal,carrier,service,mode,priority,weight_kg,cod,cost,promised_days,actual_days,outcome";

  it("WHEN a history is written and read back THEN it is the same", () => {
    const rows = history.map(({ line: _, ...rest }) => rest);
    const read = parseHistoryCsv(formatHistoryCsv(rows));
    expect(read.ok && read.value.map(({ line: _, ...rest }) => rest)).toEqual(rows);
  });

  it("WHEN rows are wrong THEN every problem names its line and column, and no row is dropped silently", () => {
    const csv = [
      header,
      "2026-03-01T10:00:00+05:30,blr,IN,MH,411001,velo,velo-air,air,express,0.8,0,104.5,2,1,delivered",
      "yesterday,blr,India,MH,411001,velo,velo-air,air,express,0,0,104.5,2,1,delivered",
      "2026-03-02,blr,IN,MH,411001,velo,velo-air,rail,express,0.8,-5,104.5,2.5,,lost",
      "2026-03-03,blr,IN,,,velo,velo-air,air,express,0.8,0,104.5,2,3,rto",
      "2026-03-04,blr,IN,,,velo,velo-air,air,express,0.8,0,104.5,2,,damaged",
    ].join("\n");
    expect(parseHistoryCsv(csv)).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "shipped_at", message: "must be an ISO 8601 date or timestamp" },
        { line: 3, field: "dest_country", message: "use a two-letter ISO country code such as IN" },
        { line: 3, field: "weight_kg", message: "must be more than 0" },
        { line: 4, field: "mode", message: 'must be one of surface, air, got "rail"' },
        { line: 4, field: "cod", message: "must be 0 (prepaid) or the amount collected" },
        { line: 4, field: "promised_days", message: "must be a whole number of days" },
        { line: 4, field: "outcome", message: 'must be one of delivered, failed, rto, damaged, got "lost"' },
        { line: 5, field: "actual_days", message: "must be empty for a parcel returned to origin" },
        { line: 6, field: "actual_days", message: "is required when the outcome is damaged" },
      ],
    });
  });

  it("WHEN the header lacks a column THEN the file is refused before any row is read", () => {
    expect(parseHistoryCsv(header.replace(",outcome", "") + "\n")).toEqual({
      ok: false,
      errors: [{ line: 1, field: "outcome", message: "the header needs this column" }],
    });
  });
});
