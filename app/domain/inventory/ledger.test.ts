import { describe, expect, it } from "vitest";
import { checkStockChange, effectsOfChange, merchantChange, idempotencyKeyFor, ledgerDocumentUriFor, MAX_REBASES, rebaseAfterStale, type StockChange, unexplainedChanges } from "./ledger";
import { emptyQuantities } from "./quantities";

const HERE = "gid://shopify/Location/1";
const THERE = "gid://shopify/Location/2";

describe("checkStockChange", () => {
  it.each<[string, StockChange, string[]]>([
    ["receive 5 into available", { kind: "adjust", name: "available", delta: 5 }, []],
    ["write off 2 damaged", { kind: "adjust", name: "damaged", delta: -2 }, []],
    ["adjust by 0", { kind: "adjust", name: "available", delta: 0 }, ["delta"]],
    ["adjust by half a unit", { kind: "adjust", name: "available", delta: 0.5 }, ["delta"]],
    ["adjust committed (orders own it)", { kind: "adjust", name: "committed", delta: 1 }, ["name"]],
    ["adjust on_hand (it follows the states)", { kind: "adjust", name: "on_hand", delta: 1 }, ["name"]],
    ["set on hand after a count", { kind: "set", name: "on_hand", quantity: 12 }, []],
    ["set available to 0", { kind: "set", name: "available", quantity: 0 }, []],
    ["set damaged", { kind: "set", name: "damaged", quantity: 1 }, ["name"]],
    ["set below zero", { kind: "set", name: "available", quantity: -1 }, ["quantity"]],
    ["move to quality control here", { kind: "move", name: "available", quantity: 1, toName: "quality_control", toLocationId: HERE }, []],
    ["move available to another location", { kind: "move", name: "available", quantity: 2, toName: "available", toLocationId: THERE }, []],
    ["move and change state across locations", { kind: "move", name: "available", quantity: 1, toName: "damaged", toLocationId: THERE }, ["toName"]],
    ["move to where it is", { kind: "move", name: "available", quantity: 1, toName: "available", toLocationId: HERE }, ["toName"]],
    ["move nothing", { kind: "move", name: "available", quantity: 0, toName: "damaged", toLocationId: HERE }, ["quantity"]],
    ["move out of committed", { kind: "move", name: "committed", quantity: 1, toName: "available", toLocationId: HERE }, ["name"]],
  ])("%s → problems in %j", (_, change, fields) => {
    expect(checkStockChange(change, HERE).map((problem) => problem.field)).toEqual(fields);
  });
});

describe("effectsOfChange", () => {
  it("counts on_hand with available, and both ends of a move", () => {
    expect(effectsOfChange({ kind: "adjust", name: "available", delta: -3 }, HERE, 10)).toEqual([
      { locationId: HERE, name: "available", delta: -3 },
      { locationId: HERE, name: "on_hand", delta: -3 },
    ]);
    expect(effectsOfChange({ kind: "move", name: "available", quantity: 1, toName: "damaged", toLocationId: HERE }, HERE, 4)).toEqual([
      { locationId: HERE, name: "available", delta: -1 },
      { locationId: HERE, name: "on_hand", delta: -1 },
      { locationId: HERE, name: "damaged", delta: 1 },
      { locationId: HERE, name: "on_hand", delta: 1 },
    ]);
  });

  it("measures a set against the quantity it compares with", () => {
    expect(effectsOfChange({ kind: "set", name: "on_hand", quantity: 12 }, HERE, 9)).toEqual([
      { locationId: HERE, name: "available", delta: 3 },
      { locationId: HERE, name: "on_hand", delta: 3 },
    ]);
  });
});

describe("keys and documents", () => {
  it("derives the idempotency key from the entry, renewed by each rebase", () => {
    expect(idempotencyKeyFor("clx1", 0)).toBe("orderflow-ledger-clx1");
    expect(idempotencyKeyFor("clx1", 2)).toBe("orderflow-ledger-clx1-r2");
    expect(ledgerDocumentUriFor("clx1")).toBe("gid://orderflow/InventoryLedgerEntry/clx1");
  });
});

describe("rebaseAfterStale", () => {
  it.each<[string, StockChange, number, "rebase" | "conflict"]>([
    ["a relative adjustment", { kind: "adjust", name: "available", delta: 1 }, 0, "rebase"],
    ["a move", { kind: "move", name: "available", quantity: 1, toName: "damaged", toLocationId: HERE }, 1, "rebase"],
    ["an adjustment rebased too often", { kind: "adjust", name: "available", delta: 1 }, MAX_REBASES, "conflict"],
    ["an absolute set", { kind: "set", name: "available", quantity: 4 }, 0, "conflict"],
  ])("%s → %s", (_, change, rebases, expected) => {
    expect(rebaseAfterStale(change, rebases)).toBe(expected);
  });
});

describe("unexplainedChanges", () => {
  const mirror = { ...emptyQuantities(), available: 10, on_hand: 10 };

  it("reports what someone else changed", () => {
    expect(unexplainedChanges(mirror, { ...mirror, available: 8, committed: 2 }, [])).toEqual([
      { name: "available", delta: -2, quantityAfter: 8 },
      { name: "committed", delta: 2, quantityAfter: 2 },
    ]);
  });

  it("leaves out a change Orderflow's own pending write explains (its webhook came first)", () => {
    const pending = effectsOfChange({ kind: "adjust", name: "available", delta: 5 }, HERE, 10);
    expect(unexplainedChanges(mirror, { ...mirror, available: 15, on_hand: 15 }, pending)).toEqual([]);
  });

  it("reports only the rest when someone changed the level too", () => {
    const pending = effectsOfChange({ kind: "adjust", name: "available", delta: 5 }, HERE, 10);
    expect(unexplainedChanges(mirror, { ...mirror, available: 14, on_hand: 14 }, pending)).toEqual([
      { name: "available", delta: -1, quantityAfter: 14 },
      { name: "on_hand", delta: -1, quantityAfter: 14 },
    ]);
  });
});

describe("merchantChange", () => {
  it.each([
    ["receive", 5, null, { kind: "adjust", name: "available", delta: 5 }, "received"],
    ["shrinkage", 2, null, { kind: "adjust", name: "available", delta: -2 }, "shrinkage"],
    ["count", 12, null, { kind: "set", name: "on_hand", quantity: 12 }, "cycle_count_available"],
    ["damaged", 1, HERE, { kind: "move", name: "available", quantity: 1, toName: "damaged", toLocationId: HERE }, "damaged"],
    ["transfer", 3, THERE, { kind: "move", name: "available", quantity: 3, toName: "available", toLocationId: THERE }, "movement_received"],
  ] as const)("%s %i → the Shopify change and reason", (action, quantity, to, change, reason) => {
    expect(merchantChange(action, quantity, to)).toEqual({ change, reason });
  });

  it("makes every merchant action a change Shopify accepts", () => {
    for (const action of ["receive", "shrinkage", "count", "damaged", "quality", "transfer"] as const) {
      const { change } = merchantChange(action, 2, action === "transfer" ? THERE : HERE);
      expect(checkStockChange(change, HERE)).toEqual([]);
    }
  });
});
