import { describe, expect, it } from "vitest";
import { gatherInspections, restockedCount, unitsOf } from "./admin-forms";
import { applyReturnCommand } from "./return-model";
import { aReturnLine, at, opened, run, WAREHOUSE } from "./fixtures";

const JACKET = "gid://shopify/FulfillmentLineItem/1";
const VEST = "gid://shopify/FulfillmentLineItem/2";
const STORE = "gid://shopify/Location/3";

function twoLines() {
  return opened({ lines: [aReturnLine({ quantity: 2 }), aReturnLine({ id: VEST, lineItemId: "gid://shopify/LineItem/2", title: "Summit Down Vest — S", sku: "SDV-S", quantity: 1, resolution: "store_credit" })] });
}

describe("the return page's forms", () => {
  it("GIVEN a return approved, partly received and partly inspected WHEN its units are counted THEN each line says what is awaited, to inspect and to resolve", () => {
    const state = run(
      twoLines(),
      { type: "approve", at: at(21) },
      { type: "receive", at: at(23), lines: [{ lineId: JACKET, quantity: 2 }] },
      { type: "inspect", at: at(24), items: [{ lineId: JACKET, quantity: 1, disposition: "restock", locationId: WAREHOUSE }] },
    );
    expect(unitsOf(state)).toEqual([
      { lineId: JACKET, title: "Trailhead Rain Jacket — M", sku: "TRJ-M", awaited: 0, toInspect: 1, toResolve: 1, missingToResolve: 0, resolution: "refund" },
      { lineId: VEST, title: "Summit Down Vest — S", sku: "SDV-S", awaited: 1, toInspect: 0, toResolve: 0, missingToResolve: 0, resolution: "store_credit" },
    ]);
    expect(restockedCount(state.lines[0])).toBe(1);
  });

  it("GIVEN units inspected one by one WHEN gathered THEN like outcomes at one place become one item the return accepts", () => {
    const state = run(twoLines(), { type: "approve", at: at(21) }, { type: "receive", at: at(23), lines: [{ lineId: JACKET, quantity: 2 }] });
    const gathered = gatherInspections([
      { lineId: JACKET, disposition: "restock", locationId: WAREHOUSE },
      { lineId: JACKET, disposition: "restock", locationId: WAREHOUSE },
      { lineId: VEST, disposition: "missing", locationId: STORE },
    ]);
    expect(gathered).toEqual({
      ok: true,
      items: [
        { lineId: JACKET, quantity: 2, disposition: "restock", locationId: WAREHOUSE },
        { lineId: VEST, quantity: 1, disposition: "missing", locationId: null },
      ],
    });
    if (!gathered.ok) return;
    const inspected = applyReturnCommand(state, { type: "inspect", at: at(24), items: gathered.items });
    expect(inspected.ok && unitsOf(inspected.value).map((line) => [line.toResolve, line.missingToResolve])).toEqual([
      [2, 0],
      [0, 1],
    ]);
  });

  it("GIVEN a unit to restock with no place, and one left for later WHEN gathered THEN the first row asks for a location and the other is not sent", () => {
    expect(
      gatherInspections([
        { lineId: JACKET, disposition: "skip", locationId: null },
        { lineId: JACKET, disposition: "restock", locationId: "" },
        { lineId: JACKET, disposition: "damaged", locationId: "" },
      ]),
    ).toEqual({ ok: false, errors: { "units.1.locationId": "Choose where it is restocked" } });
    expect(gatherInspections([{ lineId: JACKET, disposition: "skip", locationId: null }])).toEqual({ ok: false, errors: { units: "Say what happened to at least one item" } });
  });
});
