import { describe, expect, it } from "vitest";
import { aConfig, aLine, anAddress, anOrder } from "../fixtures";
import type { IntakeOrder } from "../types";
import { checkPhone } from "./phone";

const orderWith = (phone: string | null, countryCode = "US", orderPhone: string | null = null) =>
  anOrder({ phone: orderPhone, shippingAddress: anAddress({ phone, countryCode }) });
const check = (order: IntakeOrder, config = aConfig()) => checkPhone(order, config);

describe("checkPhone", () => {
  it.each<[string, string, string, string[], string | undefined]>([
    ["a US number in E.164", "+12125550143", "US", [], undefined],
    ["a US number as dialled at home", "(212) 555-0143", "US", ["PHONE_NOT_E164"], "+12125550143"],
    ["a US number with dots", "212.555.0143", "US", ["PHONE_NOT_E164"], "+12125550143"],
    ["a UK number as dialled at home", "020 7946 0958", "GB", ["PHONE_NOT_E164"], "+442079460958"],
    ["a German mobile with its trunk zero", "0171 1234567", "DE", ["PHONE_NOT_E164"], "+491711234567"],
    ["an Australian mobile", "0412 345 678", "AU", ["PHONE_NOT_E164"], "+61412345678"],
    ["an Indian mobile", "+91 98200 12345", "IN", ["PHONE_NOT_E164"], "+919820012345"],
    ["a foreign number in international form", "+33 1 42 68 53 00", "US", ["PHONE_NOT_E164"], "+33142685300"],
    ["a number with an extension", "+1 212 555 0143 ext. 12", "US", [], undefined],
    ["a number too short for anywhere", "555-01", "US", ["PHONE_INVALID"], undefined],
    ["a number too short for Germany", "555-01", "DE", ["PHONE_INVALID"], undefined],
    ["a number of the right length that Germany does not use", "+49 555 01", "DE", ["PHONE_INVALID"], undefined],
    ["five digits", "12345", "US", ["PHONE_INVALID"], undefined],
    ["letters", "call me", "US", ["PHONE_INVALID"], undefined],
    ["an unknown country code", "+999 1234567", "US", ["PHONE_INVALID"], undefined],
    ["a local number without a country to read it in", "2125550143", "", ["PHONE_INVALID"], undefined],
    ["a local number in a country the library does not know", "2125550143", "ZZ", ["PHONE_INVALID"], undefined],
  ])("GIVEN %s (%j, shipping to %j) WHEN checked THEN it finds %j", (_name, phone, country, expected, e164) => {
    const findings = check(orderWith(phone, country));
    expect(findings.map((finding) => finding.code)).toEqual(expected);
    expect(findings[0]?.suggestedValue).toBe(e164);
  });

  it("GIVEN the demo's uncallable number WHEN checked THEN the message names it and the country", () => {
    const [finding] = check(orderWith("555-01", "DE"));
    expect(finding).toMatchObject({
      code: "PHONE_INVALID",
      severity: "warn",
      errorClass: "customer",
      holdReason: "INCORRECT_ADDRESS",
      field: "shippingAddress.phone",
    });
    expect(finding.message).toBe('"555-01" is not a valid phone number in Germany.');
  });

  it("GIVEN too few digits WHEN checked THEN the message says so", () => {
    expect(check(orderWith("555-01", "US"))[0].message).toBe('"555-01" cannot be a phone number in United States: it has the wrong number of digits.');
  });

  it("GIVEN the same bad number on the order and the address WHEN checked THEN it is reported once", () => {
    expect(check(orderWith("555-01", "US", "555-01")).map((finding) => finding.field)).toEqual(["shippingAddress.phone"]);
  });

  it("GIVEN a good address phone and a bad order phone WHEN checked THEN the order phone is reported", () => {
    const findings = check(orderWith("+12125550143", "US", "12345"));
    expect(findings.map((finding) => [finding.code, finding.field])).toEqual([["PHONE_INVALID", "phone"]]);
  });

  it.each([
    ["carriers do not need one", [], false],
    ["carriers need one", ["PHONE_MISSING"], true],
  ])("GIVEN no phone anywhere and %s WHEN checked THEN it finds %j", (_name, expected, required) => {
    const order = anOrder({ phone: null, customer: null, shippingAddress: anAddress({ phone: null }) });
    expect(check(order, aConfig({ phone: { required } })).map((finding) => finding.code)).toEqual(expected);
  });

  it("GIVEN carriers need a phone WHEN only the customer account has one THEN it is suggested", () => {
    const order = anOrder({ phone: null, shippingAddress: anAddress({ phone: "  " }) });
    const [finding] = check(order, aConfig({ phone: { required: true } }));
    expect(finding).toMatchObject({ code: "PHONE_MISSING", severity: "block", errorClass: "shipping", suggestedValue: "+12125550143" });
  });

  it("GIVEN carriers need a phone WHEN the order only has gift cards THEN none is needed", () => {
    const order = anOrder({ phone: null, customer: null, shippingAddress: null, lineItems: [aLine({ requiresShipping: false })] });
    expect(check(order, aConfig({ phone: { required: true } }))).toEqual([]);
  });

  it("GIVEN carriers need a phone WHEN the number is invalid THEN it blocks", () => {
    expect(check(orderWith("555-01"), aConfig({ phone: { required: true } }))[0]).toMatchObject({ code: "PHONE_INVALID", severity: "block" });
  });

  it.each<[string, string, string, string[]]>([
    ["a French landline", "+33142685300", "FR", ["PHONE_NOT_MOBILE"]],
    ["a UK landline", "+442079460958", "GB", ["PHONE_NOT_MOBILE"]],
    ["an Indian mobile", "+919820012345", "IN", []],
    ["a US number, which can be either", "+12125550143", "US", []],
  ])("GIVEN carriers text the customer and %s WHEN checked THEN it finds %j", (_name, phone, country, expected) => {
    expect(check(orderWith(phone, country), aConfig({ phone: { requireMobile: true } })).map((finding) => finding.code)).toEqual(expected);
  });

  it("GIVEN the shop does not want E.164 suggestions WHEN a valid local number comes THEN nothing is reported", () => {
    expect(check(orderWith("(212) 555-0143"), aConfig({ phone: { suggestE164: false } }))).toEqual([]);
  });
});
