import { describe, expect, it } from "vitest";
import { aConfig, aLine, anAddress, anOrder } from "../fixtures";
import type { IntakeAddress, IntakeOrder } from "../types";
import { checkAddressCompleteness } from "./address-completeness";

const check = (order: IntakeOrder, config = aConfig()) => checkAddressCompleteness(order, config);
const withAddress = (overrides: Partial<IntakeAddress>) => anOrder({ shippingAddress: anAddress(overrides) });
const codes = (order: IntakeOrder, config = aConfig()) => check(order, config).map((finding) => finding.code);

describe("checkAddressCompleteness", () => {
  it.each<[string, string[], Partial<IntakeAddress>]>([
    ["a complete US address", [], {}],
    ["a complete German address (no state needed)", [], { city: "Berlin", province: null, provinceCode: null, zip: "10117", countryCode: "DE" }],
    ["a complete Indian address", [], { city: "Mumbai", province: "Maharashtra", provinceCode: "MH", zip: "400020", countryCode: "IN" }],
    ["a company instead of a person", [], { name: "", company: "Acme Outdoor Ltd" }],
    ["no name and no company", ["ADDRESS_MISSING_NAME"], { name: " ", company: null }],
    ["no street", ["ADDRESS_MISSING_STREET"], { address1: "", address2: null }],
    ["no city", ["ADDRESS_MISSING_CITY"], { city: null }],
    ["no city in Singapore, which has none", [], { city: "", province: null, provinceCode: null, zip: "018956", countryCode: "SG" }],
    ["no city in Hong Kong, which needs a region instead", [], { city: "", province: "Kowloon", provinceCode: "KL", zip: null, countryCode: "HK" }],
    ["no country", ["ADDRESS_MISSING_COUNTRY"], { countryCode: null }],
    ["a blank country code", ["ADDRESS_MISSING_COUNTRY"], { countryCode: "  " }],
    ["no ZIP in the US", ["ADDRESS_MISSING_POSTAL_CODE"], { zip: "" }],
    ["a whitespace ZIP in the US", ["ADDRESS_MISSING_POSTAL_CODE"], { zip: "   " }],
    ["no postcode in GB", ["ADDRESS_MISSING_POSTAL_CODE"], { zip: null, countryCode: "GB", provinceCode: null, province: null, city: "London" }],
    ["no postal code in BR", ["ADDRESS_MISSING_POSTAL_CODE"], { zip: null, countryCode: "BR", provinceCode: "SP", city: "São Paulo" }],
    ["no postal code in Ireland, where it is optional", [], { zip: null, countryCode: "IE", provinceCode: null, province: null, city: "Dublin" }],
    ["no postal code in the UAE, which has none", [], { zip: null, countryCode: "AE", province: "Dubai", provinceCode: "DU", city: "Dubai" }],
    ["no postal code in Hong Kong, which has none", [], { zip: null, countryCode: "HK", province: "Kowloon", provinceCode: "KL" }],
    ["no state in the US", ["ADDRESS_MISSING_PROVINCE"], { province: null, provinceCode: null }],
    ["only the state's name in the US", [], { province: "New York", provinceCode: null }],
    ["no province in Canada", ["ADDRESS_MISSING_PROVINCE"], { countryCode: "CA", province: "", provinceCode: "", zip: "H3B 1K9", city: "Montréal" }],
    ["no state in Australia", ["ADDRESS_MISSING_PROVINCE"], { countryCode: "AU", province: null, provinceCode: null, zip: "2000", city: "Sydney" }],
    ["no state in India", ["ADDRESS_MISSING_PROVINCE"], { countryCode: "IN", province: null, provinceCode: null, zip: "400020", city: "Mumbai" }],
    ["no state in Brazil", ["ADDRESS_MISSING_PROVINCE"], { countryCode: "BR", province: null, provinceCode: null, zip: "01310-200", city: "São Paulo" }],
    ["a lower-case country code", ["ADDRESS_MISSING_PROVINCE"], { countryCode: "us", province: null, provinceCode: null }],
    ["nothing but a country", [
      "ADDRESS_MISSING_NAME", "ADDRESS_MISSING_STREET", "ADDRESS_MISSING_CITY", "ADDRESS_MISSING_POSTAL_CODE", "ADDRESS_MISSING_PROVINCE",
    ], { name: null, address1: null, address2: null, city: null, province: null, provinceCode: null, zip: null }],
  ])("GIVEN %s WHEN checked THEN it finds %j", (_name, expected, overrides) => {
    expect(codes(withAddress(overrides))).toEqual(expected);
  });

  it("GIVEN a shippable order without any address WHEN checked THEN the whole address is missing", () => {
    const [finding] = check(anOrder({ shippingAddress: null }));
    expect(finding).toMatchObject({ code: "ADDRESS_MISSING", severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS", field: "shippingAddress" });
    expect(finding.message).toContain("#1001");
  });

  it("GIVEN only gift cards and no address WHEN checked THEN nothing is missing", () => {
    const order = anOrder({ shippingAddress: null, lineItems: [aLine({ title: "Gift card", sku: null, requiresShipping: false })] });
    expect(check(order)).toEqual([]);
  });

  it("GIVEN the street only in the second line WHEN checked THEN it suggests moving it up", () => {
    const [finding] = check(withAddress({ address1: "", address2: "410 W 42nd St" }));
    expect(finding).toMatchObject({ code: "ADDRESS_MISSING_STREET", field: "shippingAddress.address1", suggestedValue: "410 W 42nd St" });
    expect(finding.message).toContain('"410 W 42nd St"');
  });

  it("GIVEN no street at all WHEN checked THEN there is nothing to suggest", () => {
    const [finding] = check(withAddress({ address1: null, address2: "  " }));
    expect(finding.code).toBe("ADDRESS_MISSING_STREET");
    expect(finding).not.toHaveProperty("suggestedValue");
  });

  it("GIVEN a missing postcode in GB WHEN checked THEN the message names the country and the city", () => {
    const [finding] = check(withAddress({ zip: "", countryCode: "GB", province: null, provinceCode: null, city: "London" }));
    expect(finding).toMatchObject({ field: "shippingAddress.zip", severity: "block" });
    expect(finding.message).toBe("The shipping address has no postcode, and addresses in United Kingdom need one.");
    expect(finding.suggestion).toBe("Ask the customer for the postcode of their address in London.");
  });

  it("GIVEN a missing ZIP in the US WHEN checked THEN the message calls it a ZIP code", () => {
    expect(check(withAddress({ zip: null }))[0].message).toContain("no ZIP code");
  });

  it("GIVEN a shop that does not need states WHEN a US address has none THEN nothing is missing", () => {
    expect(codes(withAddress({ province: null, provinceCode: null }), aConfig({ address: { provinceRequiredCountries: [] } }))).toEqual([]);
  });

  it("GIVEN a shop that needs a province for Germany WHEN a German address has none THEN it is missing", () => {
    const order = withAddress({ city: "Berlin", province: null, provinceCode: null, zip: "10117", countryCode: "DE" });
    expect(codes(order, aConfig({ address: { provinceRequiredCountries: ["DE"] } }))).toEqual(["ADDRESS_MISSING_PROVINCE"]);
  });
});
