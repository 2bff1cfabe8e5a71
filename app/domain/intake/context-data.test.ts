import { describe, expect, it } from "vitest";
import { quantityHistory, stockForOrder } from "./context-data";

const order = (...lines: Array<[string | null, number]>) => ({ lineItems: lines.map(([variantId, quantity]) => ({ variantId, quantity })) });

describe("quantityHistory", () => {
  it("GIVEN past orders THEN per variant it counts the orders and the median and 95th percentile per order", () => {
    const past = [...Array.from({ length: 18 }, () => order(["v1", 1])), order(["v1", 2], ["v1", 1]), order(["v1", 4]), order(["v2", 10], [null, 3])];
    expect(quantityHistory(past, ["v1", "v2", "v3"])).toEqual({
      v1: { orders: 20, median: 1, p95: 3 },
      v2: { orders: 1, median: 10, p95: 10 },
    });
  });

  it("GIVEN no past order of the variant THEN it has no stats", () => {
    expect(quantityHistory([order(["v1", 1])], ["v9"])).toEqual({});
  });
});

describe("stockForOrder", () => {
  const levels = [
    { sku: "EBN-M", locationId: "L1", locationName: "Newark", available: -1 },
    { sku: "EBN-M", locationId: "L2", locationName: "Reno", available: 0 },
    { sku: "TRJ-M", locationId: "L1", locationName: "Newark", available: 4 },
  ];

  it("GIVEN the order committed its own unit at Newark THEN Newark has that unit for this order, and no more", () => {
    expect(stockForOrder(levels, [{ sku: "EBN-M", locationId: "L1", quantity: 1 }])).toEqual({
      "EBN-M": [
        { locationId: "L1", locationName: "Newark", available: 0 },
        { locationId: "L2", locationName: "Reno", available: 0 },
      ],
      "TRJ-M": [{ locationId: "L1", locationName: "Newark", available: 4 }],
    });
  });

  it("GIVEN the order's last unit came from Newark THEN the order still sees it available there", () => {
    expect(stockForOrder([{ sku: "TRJ-M", locationId: "L1", locationName: "Newark", available: 0 }], [{ sku: "TRJ-M", locationId: "L1", quantity: 1 }])).toEqual({
      "TRJ-M": [{ locationId: "L1", locationName: "Newark", available: 1 }],
    });
  });
});
