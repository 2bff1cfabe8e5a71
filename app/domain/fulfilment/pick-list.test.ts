import { describe, expect, it } from "vitest";
import { testFulfillmentOrder, testLine } from "./fixtures";
import { fulfillability } from "./fulfillment-order";
import { pickList } from "./pick-list";

describe("GIVEN three open fulfillment orders at one location and one on hold", () => {
  const first = testFulfillmentOrder();
  const second = testFulfillmentOrder({
    id: "fo-2",
    order: { ...first.order, name: "#1010" },
    lines: [
      testLine({ sku: "AWS-M", barcode: "0840000002", productTitle: "Alpine Wool Socks (3-pack)", remainingQuantity: 3, totalQuantity: 3 }),
    ],
  });
  const third = testFulfillmentOrder({
    id: "fo-3",
    order: { ...first.order, name: "#1002" },
    lines: [testLine({ sku: "TRJ-M", remainingQuantity: 1, totalQuantity: 2 }), testLine({ sku: "GIB-1L", remainingQuantity: 0 })],
  });
  const held = testFulfillmentOrder({ id: "fo-4", status: "ON_HOLD", order: { ...first.order, name: "#1003" } });

  it("WHEN the pick list is made THEN each SKU appears once with its total and the orders wanting it, and the held order is left off with its reason", () => {
    const list = pickList([first, second, third, held]);
    expect(list.rows.map((row) => [row.sku, row.quantity, row.orders])).toEqual([
      ["AWS-M", 5, ["#1001", "#1010"]],
      ["TRJ-M", 2, ["#1001", "#1002"]],
    ]);
    expect(list).toMatchObject({ units: 7, fulfillmentOrders: 3 });
    expect(list.skipped).toEqual([
      { orderName: "#1003", fulfillmentOrderId: "fo-4", reason: "it is on hold in Shopify: release the hold first" },
    ]);
  });
});

describe("which fulfillment orders may be fulfilled", () => {
  it.each([
    ["OPEN", true],
    ["IN_PROGRESS", true],
    ["ON_HOLD", false],
    ["CLOSED", false],
    ["CANCELLED", false],
    ["SCHEDULED", false],
  ])("%s → %s", (status, ok) => {
    expect(fulfillability(testFulfillmentOrder({ status })).ok).toBe(ok);
  });

  it("an open one with nothing left is not", () => {
    expect(fulfillability(testFulfillmentOrder({ lines: [testLine({ remainingQuantity: 0 })] }))).toEqual({
      ok: false,
      reason: "nothing is left to fulfil",
    });
  });
});
