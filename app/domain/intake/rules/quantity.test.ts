import { describe, expect, it } from "vitest";
import { aConfig, aContext, aLine, anOrder } from "../fixtures";
import type { QuantityStats } from "../types";
import { checkQuantity } from "./quantity";

const VARIANT = "gid://shopify/ProductVariant/11";
const usual: QuantityStats = { orders: 200, median: 1, p95: 2 };

const check = (quantity: number, stats?: QuantityStats, config = aConfig(), variantId: string | null = VARIANT) =>
  checkQuantity(
    anOrder({ lineItems: [aLine({ quantity, variantId })] }),
    aContext({ quantityHistory: stats ? { [VARIANT]: stats } : undefined }),
    config,
  ).map((finding) => finding.code);

describe("checkQuantity", () => {
  it.each<[string, string[], number, QuantityStats | undefined]>([
    ["one, no history", [], 1, undefined],
    ["exactly the maximum", [], 50, undefined],
    ["one above the maximum", ["QUANTITY_ABOVE_MAX"], 51, undefined],
    ["the demo's 60", ["QUANTITY_ABOVE_MAX"], 60, undefined],
    ["far above the maximum and the history", ["QUANTITY_ABOVE_MAX"], 500, usual],
    ["at the usual ceiling (3 × p95)", [], 6, usual],
    ["just above the usual ceiling", ["QUANTITY_ABOVE_HISTORY"], 7, usual],
    ["far above it", ["QUANTITY_ABOVE_HISTORY"], 40, usual],
    ["far above too little history", [], 40, { orders: 19, median: 1, p95: 1 }],
    ["far above just enough history", ["QUANTITY_ABOVE_HISTORY"], 40, { orders: 20, median: 1, p95: 1 }],
    ["a bulk variant's usual amount", [], 40, { orders: 300, median: 24, p95: 48 }],
    ["a history of zeros (counts at least 1)", [], 3, { orders: 50, median: 0, p95: 0 }],
    ["above a history of zeros", ["QUANTITY_ABOVE_HISTORY"], 4, { orders: 50, median: 0, p95: 0 }],
  ])("GIVEN %s WHEN checked THEN it finds %j", (_name, expected, quantity, stats) => {
    expect(check(quantity, stats)).toEqual(expected);
  });

  it("GIVEN a line without a variant WHEN checked THEN history cannot apply", () => {
    expect(check(40, usual, aConfig(), null)).toEqual([]);
  });

  it.each<[string, Parameters<typeof aConfig>[0], number, string[]]>([
    ["a lower maximum", { quantity: { maxPerLine: 5 } }, 6, ["QUANTITY_ABOVE_MAX"]],
    ["a looser multiplier", { quantity: { historyMultiplier: 10 } }, 20, []],
    ["a larger minimum sample", { quantity: { minHistoryOrders: 500 } }, 40, []],
  ])("GIVEN %s WHEN checked THEN the shop's threshold applies", (_name, input, quantity, expected) => {
    expect(check(quantity, usual, aConfig(input))).toEqual(expected);
  });

  it("GIVEN several lines WHEN one is absurd THEN only that line is named", () => {
    const order = anOrder({ lineItems: [aLine(), aLine({ title: "Ridge Merino Base Layer", sku: "RMB-M", quantity: 60, variantId: "v2" })] });
    const [finding, ...rest] = checkQuantity(order, aContext(), aConfig());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: "QUANTITY_ABOVE_MAX", severity: "block", errorClass: "customer", holdReason: "OTHER", field: "lineItems[1].quantity" });
    expect(finding.message).toBe('line 2 "Ridge Merino Base Layer" (SKU RMB-M) asks for 60, more than the 50 per line this shop allows.');
  });

  it("GIVEN an amount far outside the history WHEN checked THEN the message gives the shop's own figures", () => {
    const [finding] = checkQuantity(
      anOrder({ lineItems: [aLine({ quantity: 12 })] }),
      aContext({ quantityHistory: { [VARIANT]: usual } }),
      aConfig(),
    );
    expect(finding).toMatchObject({ code: "QUANTITY_ABOVE_HISTORY", severity: "warn", field: "lineItems[0].quantity" });
    expect(finding.message).toBe('line 1 "Trailhead Rain Jacket" (SKU TRJ-M) asks for 12; 95% of the shop\'s 200 orders for it had 2 or fewer (usually 1).');
  });
});
