import { describe, expect, it } from "vitest";
import { createFinding, type FindingCode } from "./findings";
import type { Severity } from "./types";
import { summarize } from "./summarize";

const finding = (code: FindingCode, severity?: Severity) => createFinding(code, { field: "x", message: "m", suggestion: "s", severity });

describe("summarize", () => {
  it("GIVEN no findings WHEN summarized THEN every count is zero and nothing blocks", () => {
    expect(summarize([])).toEqual({
      total: 0,
      blocking: false,
      bySeverity: { block: 0, warn: 0, info: 0 },
      byErrorClass: {
        customer: { block: 0, warn: 0, info: 0, total: 0 },
        fulfillment: { block: 0, warn: 0, info: 0, total: 0 },
        shipping: { block: 0, warn: 0, info: 0, total: 0 },
      },
    });
  });

  it("GIVEN findings of every class and severity WHEN summarized THEN each is counted once in its cell", () => {
    const summary = summarize([
      finding("ADDRESS_MISSING_POSTAL_CODE"),
      finding("PHONE_INVALID"),
      finding("PHONE_NOT_E164"),
      finding("EMAIL_DOMAIN_TYPO"),
      finding("INVENTORY_LINE_OUT_OF_STOCK"),
      finding("INVENTORY_LINE_OUT_OF_STOCK"),
      finding("INVENTORY_ORDER_SPLIT"),
      finding("ADDRESS_PO_BOX"),
    ]);
    expect(summary).toEqual({
      total: 8,
      blocking: true,
      bySeverity: { block: 3, warn: 3, info: 2 },
      byErrorClass: {
        customer: { block: 1, warn: 2, info: 1, total: 4 },
        fulfillment: { block: 2, warn: 0, info: 1, total: 3 },
        shipping: { block: 0, warn: 1, info: 0, total: 1 },
      },
    });
  });

  it.each<[string, boolean, Severity[]]>([
    ["only warnings", false, ["warn", "warn"]],
    ["only information", false, ["info"]],
    ["one block among warnings", true, ["warn", "block", "info"]],
  ])("GIVEN %s WHEN summarized THEN blocking is %s", (_name, blocking, severities) => {
    expect(summarize(severities.map((severity) => finding("SKU_MISSING", severity))).blocking).toBe(blocking);
  });
});
