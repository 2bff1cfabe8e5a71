import { describe, expect, it } from "vitest";
import { aContext, aLine, anOrder } from "../fixtures";
import type { IntakeContext, IntakeLineItem, LocationStock } from "../types";
import { checkInventory } from "./inventory";

const at = (newark: number, reno: number, brooklyn: number): LocationStock[] => [
  { locationId: "L1", locationName: "Newark Warehouse", available: newark },
  { locationId: "L2", locationName: "Reno Fulfillment Center", available: reno },
  { locationId: "L3", locationName: "Brooklyn Store", available: brooklyn },
];

const inventory: IntakeContext["inventory"] = {
  "TRJ-M": at(18, 10, 4),
  "RMB-M": at(30, 20, 6),
  "EBN-M": at(0, 0, 0),
  "GTP-ONESIZE": at(0, 4, 0),
  "MSH-SM": at(0, 0, 7),
  "OVERSOLD": at(-3, 2, 0),
};

const line = (sku: string, quantity: number, extra: Partial<IntakeLineItem> = {}) => aLine({ title: sku, sku, quantity, ...extra });
const check = (...lines: IntakeLineItem[]) => checkInventory(anOrder({ lineItems: lines }), aContext({ inventory }));
const codes = (...lines: IntakeLineItem[]) => check(...lines).map((finding) => [finding.code, finding.field]);

describe("checkInventory", () => {
  it.each<[string, string[][], IntakeLineItem[]]>([
    ["one line one location can ship", [], [line("TRJ-M", 2)]],
    ["all of the largest location's stock", [], [line("TRJ-M", 18)]],
    ["two lines the same location can ship", [], [line("TRJ-M", 2), line("RMB-M", 3)]],
    ["a line out of stock everywhere", [["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[0].quantity"]], [line("EBN-M", 1)]],
    ["more than all locations together", [["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[0].quantity"]], [line("RMB-M", 60)]],
    ["more than any one location, less than all", [["INVENTORY_LINE_SPLIT", "lineItems[0].quantity"]], [line("TRJ-M", 25)]],
    ["exactly all locations together", [["INVENTORY_LINE_SPLIT", "lineItems[0].quantity"]], [line("TRJ-M", 32)]],
    ["one line short and one fine", [["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[1].quantity"]], [line("TRJ-M", 1), line("EBN-M", 2)]],
    ["two lines only different locations have", [["INVENTORY_ORDER_SPLIT", "lineItems"]], [line("GTP-ONESIZE", 1), line("MSH-SM", 1)]],
    ["the same SKU on two lines, together too many", [["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[0].quantity"]], [line("GTP-ONESIZE", 3), line("GTP-ONESIZE", 2)]],
    ["the same SKU on two lines, together fine", [], [line("TRJ-M", 3), line("TRJ-M", 2)]],
    ["an oversold location (negative stock)", [["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[0].quantity"]], [line("OVERSOLD", 3)]],
    ["a SKU without stock records", [], [line("UNTRACKED", 500)]],
    ["a line without a SKU", [], [line("", 5, { sku: null })]],
    ["a gift card", [], [line("EBN-M", 1, { requiresShipping: false })]],
    ["no lines", [], []],
  ])("GIVEN %s WHEN checked THEN it finds %j", (_name, expected, lines) => {
    expect(codes(...lines)).toEqual(expected);
  });

  it("GIVEN no stock was looked up WHEN checked THEN nothing is reported", () => {
    expect(checkInventory(anOrder({ lineItems: [line("EBN-M", 1)] }), aContext())).toEqual([]);
  });

  it("GIVEN a line none in stock WHEN checked THEN it blocks with the out-of-stock hold reason", () => {
    const [finding] = check(line("EBN-M", 1, { title: "Everglade Bug Net Shirt" }));
    expect(finding).toMatchObject({ severity: "block", errorClass: "fulfillment", holdReason: "INVENTORY_OUT_OF_STOCK" });
    expect(finding.message).toBe('line 1 "Everglade Bug Net Shirt" (SKU EBN-M) needs 1, and no location has any in stock.');
    expect(finding).not.toHaveProperty("suggestedValue");
  });

  it("GIVEN more than all locations have WHEN checked THEN it suggests shipping what there is", () => {
    const [finding] = check(line("RMB-M", 60, { title: "Ridge Merino Base Layer" }));
    expect(finding.message).toBe('line 1 "Ridge Merino Base Layer" (SKU RMB-M) needs 60, but all locations together have only 56.');
    expect(finding.suggestedValue).toBe("56");
  });

  it("GIVEN one SKU over two lines WHEN short THEN no single quantity is suggested", () => {
    const [finding] = check(line("GTP-ONESIZE", 3), line("GTP-ONESIZE", 2));
    expect(finding.message).toContain("needs 5 across 2 lines");
    expect(finding).not.toHaveProperty("suggestedValue");
  });

  it("GIVEN a line only several locations together can ship WHEN checked THEN it warns naming the best location", () => {
    const [finding] = check(line("TRJ-M", 25));
    expect(finding).toMatchObject({ severity: "warn" });
    expect(finding.message).toContain("the most is 18 at Newark Warehouse");
  });

  it("GIVEN an order that ships in two parcels WHEN checked THEN it is only information", () => {
    const [finding] = check(line("GTP-ONESIZE", 1), line("MSH-SM", 1));
    expect(finding).toMatchObject({ severity: "info", holdReason: "INVENTORY_OUT_OF_STOCK" });
    expect(finding.message).toBe("No single location has all 2 items of this order in stock, so it ships in more than one parcel.");
  });
});
