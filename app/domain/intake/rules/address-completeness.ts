import { CITY_OPTIONAL, POSTAL_CODE_REQUIRED } from "../address-data";
import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { countryName, isBlank, needsShipping, postalCodeLabel } from "../text";
import type { IntakeOrder } from "../types";

/** The fields a carrier needs before it can take the parcel, by the destination country's rules. */
export function checkAddressCompleteness(order: IntakeOrder, config: IntakeConfig): Finding[] {
  if (!needsShipping(order)) return [];
  const address = order.shippingAddress;
  if (!address) {
    return [
      createFinding("ADDRESS_MISSING", {
        field: "shippingAddress",
        message: `Order ${order.name} ships, but it has no shipping address.`,
        suggestion: "Ask the customer where to send the order.",
      }),
    ];
  }

  const findings: Finding[] = [];
  const country = isBlank(address.countryCode) ? null : address.countryCode!.trim().toUpperCase();
  const where = country ? countryName(country) : null;

  if (isBlank(address.name) && isBlank(address.company)) {
    findings.push(
      createFinding("ADDRESS_MISSING_NAME", {
        field: "shippingAddress.name",
        message: "The shipping address has no recipient name.",
        suggestion: "Ask the customer who will receive the parcel.",
      }),
    );
  }
  if (isBlank(address.address1)) {
    const street = address.address2?.trim();
    findings.push(
      createFinding("ADDRESS_MISSING_STREET", {
        field: "shippingAddress.address1",
        message: street
          ? `The first address line is empty; the street is in the second line ("${street}").`
          : "The shipping address has no street address.",
        suggestion: street ? "Move the second address line up to the first." : "Ask the customer for the street and number.",
        suggestedValue: street || undefined,
      }),
    );
  }
  if (isBlank(address.city) && !(country && CITY_OPTIONAL.has(country))) {
    findings.push(
      createFinding("ADDRESS_MISSING_CITY", {
        field: "shippingAddress.city",
        message: "The shipping address has no city.",
        suggestion: "Ask the customer for the town or city.",
      }),
    );
  }
  if (!country) {
    findings.push(
      createFinding("ADDRESS_MISSING_COUNTRY", {
        field: "shippingAddress.countryCode",
        message: "The shipping address has no country.",
        suggestion: "Ask the customer which country the parcel goes to.",
      }),
    );
    return findings;
  }
  if (isBlank(address.zip) && POSTAL_CODE_REQUIRED.has(country)) {
    const label = postalCodeLabel(country);
    findings.push(
      createFinding("ADDRESS_MISSING_POSTAL_CODE", {
        field: "shippingAddress.zip",
        message: `The shipping address has no ${label}, and addresses in ${where} need one.`,
        suggestion: `Ask the customer for the ${label}${isBlank(address.city) ? "" : ` of their address in ${address.city!.trim()}`}.`,
      }),
    );
  }
  if (isBlank(address.provinceCode) && isBlank(address.province) && config.address.provinceRequiredCountries.includes(country)) {
    findings.push(
      createFinding("ADDRESS_MISSING_PROVINCE", {
        field: "shippingAddress.provinceCode",
        message: `The shipping address has no state or province, and addresses in ${where} need one.`,
        suggestion: "Ask the customer for the state or province.",
      }),
    );
  }
  return findings;
}
