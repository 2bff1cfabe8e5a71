import { describe, expect, it } from "vitest";
import { aContext, aLine, anOrder } from "../fixtures";
import type { IntakeContext, IntakeLineItem } from "../types";
import { checkSku } from "./sku";

const catalogue: IntakeContext["catalogue"] = { skus: ["TRJ-M", "RMB-M"], variantIds: ["v-trj-m", "v-rmb-m", "v-no-sku"] };

const check = (line: Partial<IntakeLineItem>, context = aContext({ catalogue })) =>
  checkSku(anOrder({ lineItems: [aLine(line)] }), context).map((finding) => [finding.code, finding.field]);

describe("checkSku", () => {
  it.each<[string, string[][], Partial<IntakeLineItem>]>([
    ["a catalogue SKU", [], { sku: "TRJ-M", variantId: "v-trj-m" }],
    ["a catalogue SKU with stray spaces", [], { sku: " TRJ-M ", variantId: "v-trj-m" }],
    ["a SKU the catalogue does not have", [["SKU_UNKNOWN", "lineItems[0].sku"]], { sku: "TRJ-XXL", variantId: "v-trj-m" }],
    ["a SKU in the wrong case", [["SKU_UNKNOWN", "lineItems[0].sku"]], { sku: "trj-m", variantId: "v-trj-m" }],
    ["a catalogue variant without a SKU", [["SKU_MISSING", "lineItems[0].sku"]], { sku: null, variantId: "v-no-sku" }],
    ["a blank SKU", [["SKU_MISSING", "lineItems[0].sku"]], { sku: "  ", variantId: "v-no-sku" }],
    ["a deleted variant without a SKU", [["SKU_UNKNOWN", "lineItems[0].variantId"]], { sku: null, variantId: "v-deleted" }],
    ["a custom item", [["SKU_MISSING", "lineItems[0].sku"]], { title: "Hand-knitted scarf", sku: null, variantId: null }],
    ["a gift card without a SKU", [], { title: "Gift card", sku: null, variantId: null, requiresShipping: false }],
  ])("GIVEN %s WHEN checked THEN it finds %j", (_name, expected, line) => {
    expect(check(line)).toEqual(expected);
  });

  it.each<[string, string[][], Partial<IntakeLineItem>]>([
    ["any SKU", [], { sku: "ANYTHING" }],
    ["no SKU", [["SKU_MISSING", "lineItems[0].sku"]], { sku: null }],
  ])("GIVEN no catalogue was looked up WHEN a line has %s THEN only a missing SKU is reported", (_name, expected, line) => {
    expect(check(line, aContext())).toEqual(expected);
  });

  it("GIVEN an unknown SKU WHEN checked THEN it blocks and names the line", () => {
    const [finding] = checkSku(anOrder({ lineItems: [aLine(), aLine({ title: "Storm Shell", sku: "SS-L" })] }), aContext({ catalogue }));
    expect(finding).toMatchObject({ code: "SKU_UNKNOWN", severity: "block", errorClass: "fulfillment", holdReason: "OTHER", field: "lineItems[1].sku" });
    expect(finding.message).toBe('line 2 "Storm Shell" (SKU SS-L) has a SKU that is not in the catalogue, so no one can pick it.');
  });

  it("GIVEN a custom item WHEN checked THEN it warns that it cannot be matched to stock", () => {
    const [finding] = checkSku(anOrder({ lineItems: [aLine({ title: "Hand-knitted scarf", sku: null, variantId: null })] }), aContext({ catalogue }));
    expect(finding).toMatchObject({ severity: "warn" });
    expect(finding.message).toBe('line 1 "Hand-knitted scarf" is a custom item without a SKU, so the warehouse cannot match it to stock.');
  });
});
