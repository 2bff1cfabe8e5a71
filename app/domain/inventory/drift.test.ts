import { describe, expect, it } from "vitest";
import { canRestore, classifyDrift, type DriftCause, type LevelComparison, planDriftRepairs, type OpenDrift, shippedUnits } from "./drift";
import { emptyQuantities, type Quantities } from "./quantities";

const q = (values: Partial<Quantities>): Quantities => ({ ...emptyQuantities(), ...values });
const EARLIER = new Date("2026-05-01T10:00:00Z");
const LATER = new Date("2026-05-01T11:00:00Z");

const level = (overrides: Partial<LevelComparison>): LevelComparison => ({
  expected: q({ available: 10, on_hand: 10 }),
  actual: q({ available: 10, on_hand: 10 }),
  mirrorUpdatedAt: EARLIER,
  shopifyUpdatedAt: LATER,
  mirrorReadAt: EARLIER,
  unconfirmedWrites: 0,
  ...overrides,
});

describe("classifyDrift", () => {
  it.each<[string, Partial<LevelComparison>, DriftCause | null]>([
    ["the same numbers", {}, null],
    ["orders committed units Orderflow never heard of", { actual: q({ available: 8, committed: 2, on_hand: 10 }) }, "missed-order"],
    ["stock counted down in the admin", { actual: q({ available: 7, on_hand: 7 }) }, "missed-update"],
    ["units marked damaged on Shopify", { actual: q({ available: 9, damaged: 1, on_hand: 10 }) }, "missed-update"],
    ["an Orderflow write never confirmed", { actual: q({ available: 15, on_hand: 15 }), unconfirmedWrites: 1 }, "unconfirmed-write"],
    ["numbers differ though Shopify's level did not change", { actual: q({ available: 7, on_hand: 7 }), shopifyUpdatedAt: EARLIER, mirrorReadAt: LATER }, "unexplained"],
    // updatedAt counts whole seconds: a change later in the second Orderflow read the level keeps it
    [
      "changed within the second Orderflow read it",
      { actual: q({ available: 7, on_hand: 7 }), shopifyUpdatedAt: EARLIER, mirrorReadAt: new Date(EARLIER.getTime() + 400) },
      "missed-update",
    ],
    [
      "the same second, read a second later",
      { actual: q({ available: 7, on_hand: 7 }), shopifyUpdatedAt: EARLIER, mirrorReadAt: new Date(EARLIER.getTime() + 1000) },
      "unexplained",
    ],
    ["numbers differ, and when Orderflow read them is unknown", { actual: q({ available: 7, on_hand: 7 }), shopifyUpdatedAt: EARLIER, mirrorReadAt: null }, "missed-update"],
  ])("%s → %s", (_, overrides, cause) => {
    expect(classifyDrift(level(overrides))?.cause ?? null).toBe(cause);
  });

  it("lists each differing state with both numbers", () => {
    expect(classifyDrift(level({ actual: q({ available: 8, committed: 2, on_hand: 10 }) }))?.differences).toEqual([
      { name: "available", expected: 10, actual: 8 },
      { name: "committed", expected: 0, actual: 2 },
    ]);
  });
});

describe("shippedUnits", () => {
  const committed = q({ available: 8, committed: 2, on_hand: 10 });
  it.each<[string, Partial<Quantities>, number | null]>([
    ["both committed units shipped", { available: 8, committed: 0, on_hand: 8 }, 2],
    ["one of two shipped", { available: 8, committed: 1, on_hand: 9 }, 1],
    ["nothing changed", { available: 8, committed: 2, on_hand: 10 }, null],
    ["on hand counted down, committed untouched", { available: 8, committed: 2, on_hand: 9 }, null],
    ["shipped, and available changed too", { available: 7, committed: 0, on_hand: 8 }, null],
    ["shipped, and a unit marked damaged", { available: 8, committed: 0, on_hand: 8, damaged: 1 }, null],
    ["committed and on hand went up", { available: 8, committed: 3, on_hand: 11 }, null],
  ])("%s → %s", (_, actual, shipped) => {
    expect(shippedUnits(committed, q(actual))).toBe(shipped);
  });
});

describe("canRestore", () => {
  it.each<[string, DriftCause, boolean]>([
    ["available", "missed-update", true],
    ["on_hand", "unexplained", true],
    ["available", "missed-order", false],
    ["damaged", "missed-update", false],
    ["committed", "missed-order", false],
  ])("%s after %s → %s", (name, cause, expected) => {
    expect(canRestore(name, cause)).toBe(expected);
  });
});

describe("planDriftRepairs", () => {
  const drifts: OpenDrift[] = [
    { id: "small", name: "available", expected: 10, actual: 9, cause: "missed-update" },
    { id: "large", name: "available", expected: 10, actual: 2, cause: "missed-update" },
    { id: "order", name: "available", expected: 10, actual: 8, cause: "missed-order" },
    { id: "damaged", name: "damaged", expected: 0, actual: 1, cause: "missed-update" },
  ];

  it.each<[string, Parameters<typeof planDriftRepairs>[1], Array<[string, string]>]>([
    ["review: nothing automatic", { driftRule: "review", driftRuleMaxUnits: null }, []],
    ["accept anything", { driftRule: "accept", driftRuleMaxUnits: null }, [["small", "accept"], ["large", "accept"], ["order", "accept"], ["damaged", "accept"]]],
    ["accept up to 2 units", { driftRule: "accept", driftRuleMaxUnits: 2 }, [["small", "accept"], ["order", "accept"], ["damaged", "accept"]]],
    ["restore what can be written back", { driftRule: "restore", driftRuleMaxUnits: null }, [["small", "restore"], ["large", "restore"]]],
    ["restore up to 1 unit", { driftRule: "restore", driftRuleMaxUnits: 1 }, [["small", "restore"]]],
  ])("%s", (_, rule, expected) => {
    expect(planDriftRepairs(drifts, rule).map((action) => [action.id, action.action])).toEqual(expected);
  });
});
