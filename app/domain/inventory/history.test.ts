import { describe, expect, it } from "vitest";
import { changesOf, quantityHistory } from "./history";

const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute));

describe("quantityHistory", () => {
  it("walks back from today's numbers through each change, on one timeline for every location", () => {
    // GIVEN Newark has 13 after −2 (at :05) and +5 (at :20); Reno 4 after −1 (at :10)
    const history = quantityHistory(
      new Map([
        ["newark", 13],
        ["reno", 4],
      ]),
      [
        { locationId: "newark", at: at(20), delta: 5 },
        { locationId: "reno", at: at(10), delta: -1 },
        { locationId: "newark", at: at(5), delta: -2 },
      ],
    );
    // THEN before anything Newark had 10, Reno 5; each line moves only at its own changes
    expect(history.times.slice(1)).toEqual([at(5), at(10), at(20)]);
    expect(history.series).toEqual([
      { locationId: "newark", values: [10, 8, 8, 13] },
      { locationId: "reno", values: [5, 5, 4, 4] },
    ]);
  });

  it("is a flat line today's number when nothing was recorded", () => {
    const history = quantityHistory(new Map([["newark", 7]]), []);
    expect(history.series).toEqual([{ locationId: "newark", values: [7] }]);
  });
});

describe("changesOf", () => {
  it("reads what each entry did to available: writes by their effects, observations as recorded", () => {
    const lines = [
      { kind: "adjust", locationId: "newark", at: at(1), change: { kind: "adjust" as const, name: "available" as const, delta: 5 }, changeFrom: 10, name: "available", delta: 5 },
      { kind: "set", locationId: "newark", at: at(2), change: { kind: "set" as const, name: "on_hand" as const, quantity: 12 }, changeFrom: 15, name: "on_hand", delta: -3 },
      {
        kind: "move",
        locationId: "newark",
        at: at(3),
        change: { kind: "move" as const, name: "available" as const, quantity: 2, toName: "available" as const, toLocationId: "reno" },
        changeFrom: 12,
        name: "available",
        delta: 2,
      },
      { kind: "observed", locationId: "reno", at: at(4), change: null, changeFrom: null, name: "committed", delta: 1 },
      { kind: "observed", locationId: "reno", at: at(4), change: null, changeFrom: null, name: "available", delta: -1 },
    ];
    expect(changesOf(lines, "available").map((c) => [c.locationId, c.delta])).toEqual([
      ["newark", 5],
      ["newark", -3],
      ["newark", -2],
      ["reno", 2],
      ["reno", -1],
    ]);
  });
});
