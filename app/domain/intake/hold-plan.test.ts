import { describe, expect, it } from "vitest";
import { createFinding, type Finding, type FindingCode } from "./findings";
import { holdPlan } from "./hold-plan";
import type { Severity } from "./types";

const finding = (code: FindingCode, message: string, severity?: Severity): Finding =>
  createFinding(code, { field: "x", message, suggestion: "Fix it.", severity });

const zip = finding("ADDRESS_MISSING_POSTAL_CODE", "The shipping address has no ZIP code.");
const stock = finding("INVENTORY_LINE_OUT_OF_STOCK", "Line 1 is out of stock.");
const quantity = finding("QUANTITY_ABOVE_MAX", "Line 2 asks for 60.");
const duplicate = finding("DUPLICATE_ORDER", "Same as #1000.");
const typo = finding("EMAIL_DOMAIN_TYPO", "The email looks mistyped.");
const e164 = finding("PHONE_NOT_E164", "The phone is not in international form.");

describe("holdPlan", () => {
  it.each<[string, Finding[]]>([
    ["no findings", []],
    ["only warnings", [typo]],
    ["warnings and information", [typo, e164]],
    ["a blocking code the shop turned into a warning", [finding("DUPLICATE_ORDER", "Same as #1000.", "warn")]],
  ])("GIVEN %s WHEN planned THEN nothing is held", (_name, findings) => {
    expect(holdPlan(findings)).toBeNull();
  });

  it.each<[string, string, Finding[]]>([
    ["a missing ZIP", "INCORRECT_ADDRESS", [zip]],
    ["an out-of-stock line", "INVENTORY_OUT_OF_STOCK", [stock]],
    ["an absurd quantity", "OTHER", [quantity]],
    ["a duplicate", "OTHER", [duplicate]],
    ["an address problem after a stock problem", "INCORRECT_ADDRESS", [stock, zip]],
    ["a stock problem after an OTHER", "INVENTORY_OUT_OF_STOCK", [quantity, stock]],
    ["every kind, warnings first", "INCORRECT_ADDRESS", [typo, duplicate, stock, zip]],
    ["a warning the shop made blocking", "OTHER", [finding("EMAIL_DOMAIN_TYPO", "The email looks mistyped.", "block")]],
  ])("GIVEN %s WHEN planned THEN the hold reason is %s", (_name, reason, findings) => {
    expect(holdPlan(findings)?.reason).toBe(reason);
  });

  it("GIVEN one blocking finding WHEN planned THEN the note is its message", () => {
    expect(holdPlan([zip, typo])).toEqual({
      reason: "INCORRECT_ADDRESS",
      note: "Held by Orderflow: The shipping address has no ZIP code.",
      codes: ["ADDRESS_MISSING_POSTAL_CODE"],
    });
  });

  it("GIVEN several blocking findings WHEN planned THEN the note lists them, the reason's first, and leaves warnings out", () => {
    expect(holdPlan([quantity, typo, stock, zip])).toEqual({
      reason: "INCORRECT_ADDRESS",
      note: "Held by Orderflow (3 problems): The shipping address has no ZIP code. Line 2 asks for 60. Line 1 is out of stock.",
      codes: ["ADDRESS_MISSING_POSTAL_CODE", "QUANTITY_ABOVE_MAX", "INVENTORY_LINE_OUT_OF_STOCK"],
    });
  });

  it("GIVEN the same code on two lines WHEN planned THEN the code is listed once and both messages are in the note", () => {
    const plan = holdPlan([stock, finding("INVENTORY_LINE_OUT_OF_STOCK", "Line 3 is out of stock.")]);
    expect(plan?.codes).toEqual(["INVENTORY_LINE_OUT_OF_STOCK"]);
    expect(plan?.note).toBe("Held by Orderflow (2 problems): Line 1 is out of stock. Line 3 is out of stock.");
  });
});
