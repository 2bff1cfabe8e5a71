import { describe, expect, it } from "vitest";
import { aConfig, aLine, anAddress, anOrder } from "../fixtures";
import type { IntakeAddress } from "../types";
import { checkPostalCode } from "./postal-code";

const check = (overrides: Partial<IntakeAddress>, config = aConfig()) => checkPostalCode(anOrder({ shippingAddress: anAddress(overrides) }), config);

describe("checkPostalCode: format", () => {
  it.each<[string, string, boolean]>([
    ["US", "10036", true],
    ["US", "10036-1234", true],
    ["US", "1003", false],
    ["US", "ABCDE", false],
    ["US", "100361", false],
    ["CA", "H3B 1K9", true],
    ["CA", "h3b1k9", true],
    ["CA", "H3B-1K9", false],
    ["CA", "D3B 1K9", false],
    ["GB", "NW1 6XE", true],
    ["GB", "nw16xe", true],
    ["GB", "EC1A 1BB", true],
    ["GB", "NW1", false],
    ["GB", "12345", false],
    ["IN", "400020", true],
    ["IN", "40002", false],
    ["IN", "4000201", false],
    ["DE", "10117", true],
    ["DE", "1011", false],
    ["DE", "D-10117", false],
    ["FR", "75004", true],
    ["FR", "75 004", true],
    ["FR", "7500", false],
    ["AU", "2000", true],
    ["AU", "0872", true],
    ["AU", "20000", false],
    ["BR", "01310-200", true],
    ["BR", "01310200", true],
    ["BR", "01310-20", false],
    ["NL", "1012 AB", true],
    ["NL", "1012", false],
    ["JP", "100-0001", true],
    ["JP", "1000001", false],
    ["XK", "10000", true],
    ["AE", "00000", true],
    ["ZZ", "anything at all", true],
  ])("GIVEN %s and %j WHEN checked THEN valid is %s", (countryCode, zip, valid) => {
    const findings = check({ countryCode, zip, provinceCode: null, province: null });
    expect(findings.map((finding) => finding.code)).toEqual(valid ? [] : ["ADDRESS_INVALID_POSTAL_CODE"]);
  });

  it("GIVEN a German postal code of four digits WHEN checked THEN the message names the value and the country", () => {
    const [finding] = check({ countryCode: "DE", zip: " 1011 ", provinceCode: null });
    expect(finding).toMatchObject({ code: "ADDRESS_INVALID_POSTAL_CODE", severity: "block", field: "shippingAddress.zip", holdReason: "INCORRECT_ADDRESS" });
    expect(finding.message).toBe('"1011" is not a valid postal code for Germany.');
    expect(finding).not.toHaveProperty("suggestedValue");
  });

  it.each([
    ["7105", "07105", "NJ"],
    ["2108", "02108", "MA"],
    ["100361234", "10036-1234", "NY"],
  ])("GIVEN the US ZIP %j WHEN checked THEN it suggests %j", (zip, repaired, provinceCode) => {
    const [finding] = check({ zip, provinceCode });
    expect(finding).toMatchObject({ code: "ADDRESS_INVALID_POSTAL_CODE", suggestedValue: repaired });
    expect(finding.message).toContain(`"${zip}" is not a valid ZIP code for United States`);
  });

  it.each([["123"], ["12a45"], ["1234567"]])("GIVEN the US ZIP %j that no slip explains WHEN checked THEN nothing is suggested", (zip) => {
    expect(check({ zip })[0]).not.toHaveProperty("suggestedValue");
  });

  it.each([
    ["no postal code", { zip: null }],
    ["no country", { countryCode: null }],
  ])("GIVEN %s WHEN checked THEN the format is not this rule's business", (_name, overrides) => {
    expect(check(overrides)).toEqual([]);
  });

  it("GIVEN a digital-only order WHEN its address has a bad ZIP THEN nothing is reported", () => {
    const order = anOrder({ shippingAddress: anAddress({ zip: "1" }), lineItems: [aLine({ requiresShipping: false })] });
    expect(checkPostalCode(order, aConfig())).toEqual([]);
  });
});

describe("checkPostalCode: postal code against state or province", () => {
  it.each<[string, string, string, string | null]>([
    ["US", "10036", "NY", null],
    ["US", "07105", "NJ", null],
    ["US", "94111", "CA", null],
    ["US", "00501", "NY", null],
    ["US", "10036", "NJ", "NY"],
    ["US", "94111", "NV", "CA"],
    ["US", "60606-1234", "IN", "IL"],
    ["CA", "H3B 1K9", "QC", null],
    ["CA", "K1A 0B1", "QC", null],
    ["CA", "K1A 0B1", "ON", null],
    ["CA", "H3B 1K9", "ON", "QC"],
    ["CA", "T5J 0N3", "BC", "AB"],
    ["AU", "2000", "NSW", null],
    ["AU", "0872", "SA", null],
    ["AU", "3000", "NSW", "VIC"],
    ["BR", "01310-200", "SP", null],
    ["BR", "20040-020", "SP", "RJ"],
  ])("GIVEN %s %s in %s WHEN checked THEN the owning province suggested is %j", (countryCode, zip, provinceCode, owner) => {
    const findings = check({ countryCode, zip, provinceCode });
    if (owner === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: "ADDRESS_POSTAL_CODE_PROVINCE_MISMATCH",
      severity: "warn",
      field: "shippingAddress.provinceCode",
      suggestedValue: owner,
    });
    expect(findings[0].message).toContain(`belongs to ${owner}, but the address says ${provinceCode}`);
  });

  it("GIVEN a code two provinces share WHEN the province is a third THEN no single owner is suggested", () => {
    const [finding] = check({ countryCode: "AU", zip: "0872", provinceCode: "NSW" });
    expect(finding.code).toBe("ADDRESS_POSTAL_CODE_PROVINCE_MISMATCH");
    expect(finding).not.toHaveProperty("suggestedValue");
    expect(finding.message).toBe("The postcode 0872 is not one used in NSW.");
  });

  it.each([
    ["a province the table does not know", { provinceCode: "ZZ" }],
    ["no province code", { provinceCode: null, province: "New Jersey" }],
    ["a country without a table", { countryCode: "DE", zip: "10117", provinceCode: "BE" }],
  ])("GIVEN %s WHEN checked THEN the pair is not compared", (_name, overrides) => {
    expect(check(overrides)).toEqual([]);
  });

  it("GIVEN a shop that switched the comparison off WHEN the state is wrong THEN nothing is reported", () => {
    expect(check({ provinceCode: "NJ" }, aConfig({ postalCode: { checkProvince: false } }))).toEqual([]);
  });

  it("GIVEN an invalid code WHEN the state is also wrong THEN only the format is reported", () => {
    expect(check({ zip: "1003", provinceCode: "CA" }).map((finding) => finding.code)).toEqual(["ADDRESS_INVALID_POSTAL_CODE"]);
  });
});
