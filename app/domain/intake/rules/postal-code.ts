import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { POSTAL_CODE_PREFIXES } from "../address-data";
import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { countryName, isBlank, needsShipping, postalCodeLabel } from "../text";
import type { IntakeOrder } from "../types";

/**
 * The postal code's format for its country, and whether it belongs to the state or province given.
 * A country postcode-validator has no pattern for passes: better no finding than a wrong one.
 */
export function checkPostalCode(order: IntakeOrder, config: IntakeConfig): Finding[] {
  const address = order.shippingAddress;
  if (!address || !needsShipping(order) || isBlank(address.zip) || isBlank(address.countryCode)) return [];
  const country = address.countryCode!.trim().toUpperCase();
  const zip = address.zip!.trim();
  const label = postalCodeLabel(country);

  if (!isValidPostalCode(zip, country)) {
    const repaired = repairPostalCode(zip, country);
    return [
      createFinding("ADDRESS_INVALID_POSTAL_CODE", {
        field: "shippingAddress.zip",
        message: `"${zip}" is not a valid ${label} for ${countryName(country)}.`,
        suggestion: repaired
          ? `Change the ${label} to ${repaired} if that is what the customer meant.`
          : `Ask the customer for the correct ${label}.`,
        suggestedValue: repaired ?? undefined,
      }),
    ];
  }

  const province = address.provinceCode?.trim().toUpperCase();
  const prefixes = POSTAL_CODE_PREFIXES[country];
  if (!config.postalCode.checkProvince || !province || !prefixes?.[province]) return [];
  const normalized = zip.toUpperCase();
  if (startsWith(normalized, prefixes[province])) return [];
  const owners = Object.keys(prefixes).filter((code) => startsWith(normalized, prefixes[code]));
  const owner = owners.length === 1 ? owners[0] : undefined;
  return [
    createFinding("ADDRESS_POSTAL_CODE_PROVINCE_MISMATCH", {
      field: "shippingAddress.provinceCode",
      message: owner
        ? `The ${label} ${zip} belongs to ${owner}, but the address says ${province}.`
        : `The ${label} ${zip} is not one used in ${province}.`,
      suggestion: owner
        ? `Check with the customer whether the state is ${owner} or the ${label} is wrong.`
        : `Check the ${label} and the state with the customer.`,
      suggestedValue: owner,
    }),
  ];
}

function isValidPostalCode(zip: string, country: string): boolean {
  return !postcodeValidatorExistsForCountry(country) || postcodeValidator(zip.toUpperCase(), country);
}

/** Two common slips in US ZIP codes: the leading zero a spreadsheet drops, a ZIP+4 typed without its hyphen. */
function repairPostalCode(zip: string, country: string): string | null {
  if (country !== "US") return null;
  const candidate = /^\d{4}$/.test(zip) ? `0${zip}` : /^\d{9}$/.test(zip) ? `${zip.slice(0, 5)}-${zip.slice(5)}` : null;
  return candidate && postcodeValidator(candidate, "US") ? candidate : null;
}

function startsWith(zip: string, prefixPattern: string): boolean {
  return new RegExp(`^(?:${prefixPattern})`).test(zip);
}
