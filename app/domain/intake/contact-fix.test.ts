import { describe, expect, it } from "vitest";
import { applyContactFix, contactFixErrors, type AddressFix } from "./contact-fix";
import { aConfig, aContext, anAddress, anOrder } from "./fixtures";

const london: AddressFix = {
  firstName: "Oliver",
  lastName: "Smith",
  company: "",
  address1: "221 Baker Street",
  address2: "",
  city: "London",
  provinceCode: "",
  zip: "NW1 6XE",
  countryCode: "gb",
  phone: "+442079460958",
};
const missingPostcode = anOrder({ shippingAddress: anAddress({ ...london, name: "Oliver Smith", zip: "", countryCode: "GB", provinceCode: null, province: null }) });

describe("contactFixErrors", () => {
  it("GIVEN an order without a postcode WHEN the customer supplies a valid one THEN nothing is left to fix", () => {
    expect(contactFixErrors(missingPostcode, { shippingAddress: london }, aContext(), aConfig(), "customer")).toEqual({});
  });

  it("GIVEN the customer leaves the postcode empty again THEN the same rule names the field", () => {
    expect(contactFixErrors(missingPostcode, { shippingAddress: { ...london, zip: " " } }, aContext(), aConfig(), "customer")).toEqual({
      "shippingAddress.zip": "The shipping address has no postcode, and addresses in United Kingdom need one.",
    });
  });

  it("GIVEN an invalid postcode and an impossible phone (on the address and the order) THEN each field has one error", () => {
    const errors = contactFixErrors(missingPostcode, { shippingAddress: { ...london, zip: "123", phone: "555-01" }, phone: "555-01" }, aContext(), aConfig(), "customer");
    expect(Object.keys(errors).sort()).toEqual(["shippingAddress.phone", "shippingAddress.zip"]);
    expect(errors["shippingAddress.zip"]).toMatch(/^"123" is not a valid postcode for United Kingdom\./);
  });

  it("GIVEN a mistyped email WHEN the customer corrects the address THEN the email is not the customer's form's business", () => {
    const order = anOrder({ email: "maya.chen@gmial.com" });
    expect(contactFixErrors(order, { shippingAddress: { ...london } }, aContext(), aConfig(), "customer")).toEqual({});
    expect(contactFixErrors(order, { email: "maya.chen@gmial.com" }, aContext(), aConfig(), "merchant")).toEqual({
      email: 'The email address "maya.chen@gmial.com" looks mistyped: "gmial.com" is probably "gmail.com".',
    });
  });

  it("GIVEN a phone valid but not in international form THEN that info finding is not an error", () => {
    expect(contactFixErrors(anOrder(), { phone: "(212) 555-0143" }, aContext(), aConfig(), "merchant")).toEqual({});
  });
});

describe("applyContactFix", () => {
  it("builds the shipping address from the form, upper-casing codes and dropping blanks", () => {
    expect(applyContactFix(anOrder(), { shippingAddress: london }).shippingAddress).toEqual({
      name: "Oliver Smith",
      company: null,
      address1: "221 Baker Street",
      address2: null,
      city: "London",
      province: null,
      provinceCode: null,
      zip: "NW1 6XE",
      countryCode: "GB",
      phone: "+442079460958",
    });
  });
});
