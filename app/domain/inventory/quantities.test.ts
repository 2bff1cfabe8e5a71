import { describe, expect, it } from "vitest";
import { applyEffects, differences, effectsOf, emptyQuantities, type QuantityName, unavailable } from "./quantities";

describe("effectsOf (Shopify's state model)", () => {
  it.each<[QuantityName, number, Array<[QuantityName, number]>]>([
    ["available", 5, [["available", 5], ["on_hand", 5]]],
    ["on_hand", -2, [["available", -2], ["on_hand", -2]]],
    ["damaged", 1, [["damaged", 1], ["on_hand", 1]]],
    ["safety_stock", 3, [["safety_stock", 3], ["on_hand", 3]]],
    ["incoming", 10, [["incoming", 10]]],
    ["committed", 1, [["committed", 1]]],
    ["available", 0, []],
  ])("a change of %s by %i moves %j", (name, delta, expected) => {
    expect(effectsOf(name, delta)).toEqual(expected);
  });

  it("keeps on_hand = available + committed + unavailable through any mix of changes", () => {
    let quantities = emptyQuantities();
    for (const [name, delta] of [["available", 10], ["damaged", 2], ["reserved", 1], ["on_hand", -3], ["quality_control", 4], ["available", -1]] as const) {
      quantities = applyEffects(quantities, effectsOf(name, delta));
    }
    expect(quantities.on_hand).toBe(quantities.available + quantities.committed + unavailable(quantities));
  });
});

describe("differences", () => {
  it("lists only the states that differ, in Shopify's order", () => {
    const expected = { ...emptyQuantities(), available: 5, on_hand: 5 };
    const actual = { ...emptyQuantities(), available: 3, on_hand: 5, committed: 2 };
    expect(differences(expected, actual)).toEqual([
      { name: "available", expected: 5, actual: 3 },
      { name: "committed", expected: 0, actual: 2 },
    ]);
  });
});
