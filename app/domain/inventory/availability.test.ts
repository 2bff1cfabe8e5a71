import { describe, expect, it } from "vitest";
import { checkInventory } from "../intake/rules/inventory";
import { aContext, aLine, anOrder } from "../intake/fixtures";
import { assessLines, intakeInventory, type LineStatus, type StockItem, type StockLocation, stockStatus } from "./availability";

const locations: StockLocation[] = [
  { id: "L1", name: "Newark Warehouse", isActive: true, fulfillsOnlineOrders: true },
  { id: "L2", name: "Reno Fulfillment Center", isActive: true, fulfillsOnlineOrders: true },
  { id: "L3", name: "Brooklyn Store", isActive: true, fulfillsOnlineOrders: false },
  { id: "L4", name: "Old Depot", isActive: false, fulfillsOnlineOrders: true },
];

const item = (sku: string, stock: [number, number, number, number], extra: Partial<StockItem> = {}): StockItem => ({
  inventoryItemId: `gid://shopify/InventoryItem/${sku}`,
  variantId: `gid://shopify/ProductVariant/${sku}`,
  sku,
  tracked: true,
  lowStockThreshold: 3,
  available: new Map(locations.map((location, index) => [location.id, stock[index]])),
  ...extra,
});

const items = [
  item("TRJ-M", [18, 10, 40, 99]),
  item("GTP", [0, 4, 9, 0]),
  item("EBN", [0, 0, 12, 0]),
  item("GIFT", [0, 0, 0, 0], { tracked: false }),
];

describe("assessLines", () => {
  it.each<[string, { sku?: string; variantId?: string; quantity: number }, LineStatus, string[], boolean]>([
    ["one location has enough", { sku: "TRJ-M", quantity: 2 }, "in-stock", ["L1", "L2"], false],
    ["only the largest has enough", { sku: "TRJ-M", quantity: 15 }, "in-stock", ["L1"], false],
    ["no single location, both together", { sku: "TRJ-M", quantity: 20 }, "split", [], false],
    ["more than the online locations hold (the store's stock does not count)", { sku: "TRJ-M", quantity: 30 }, "out-of-stock", [], true],
    ["only a store that does not ship online has it", { sku: "EBN", quantity: 1 }, "out-of-stock", [], true],
    ["leaves the variant at its threshold", { sku: "GTP", quantity: 1 }, "in-stock", ["L2"], true],
    ["found by variant id", { variantId: "gid://shopify/ProductVariant/GTP", quantity: 4 }, "in-stock", ["L2"], true],
    ["an untracked variant never blocks", { sku: "GIFT", quantity: 5 }, "untracked", [], false],
    ["a SKU Orderflow does not know", { sku: "NOPE", quantity: 1 }, "unknown", [], false],
  ])("%s", (_, line, status, fulfilledBy, lowStockAfter) => {
    const [result] = assessLines([line], items, locations);
    expect(result.status).toBe(status);
    expect(result.fulfilledBy.map((entry) => entry.locationId)).toEqual(fulfilledBy);
    expect(result.lowStockAfter).toBe(lowStockAfter);
  });
});

describe("stockStatus", () => {
  it.each([
    [0, 5, "out-of-stock"],
    [-2, 5, "out-of-stock"],
    [5, 5, "low"],
    [6, 5, "in-stock"],
  ] as const)("%i available against a threshold of %i → %s", (available, threshold, status) => {
    expect(stockStatus(available, threshold)).toBe(status);
  });
});

describe("intakeInventory", () => {
  it("gives intake validation the stock of the locations that ship online orders", () => {
    // GIVEN the mirror WHEN intake checks an order for EBN (only in a store) and TRJ-M
    const inventory = intakeInventory(items, locations);
    expect(inventory["EBN"]).toEqual([
      { locationId: "L1", locationName: "Newark Warehouse", available: 0 },
      { locationId: "L2", locationName: "Reno Fulfillment Center", available: 0 },
    ]);
    expect(inventory).not.toHaveProperty("GIFT");
    const findings = checkInventory(
      anOrder({ lineItems: [aLine({ sku: "EBN", title: "Everglade Bug Net Shirt" }), aLine({ sku: "TRJ-M" })] }),
      aContext({ inventory }),
    );
    // THEN the intake rule blocks the line no shipping location can cover
    expect(findings.map((finding) => [finding.code, finding.field])).toEqual([["INVENTORY_LINE_OUT_OF_STOCK", "lineItems[0].quantity"]]);
  });
});
