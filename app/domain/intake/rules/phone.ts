import { isSupportedCountry, parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import type { IntakeConfig } from "../config";
import { createFinding, type Finding } from "../findings";
import { countryName, isBlank, needsShipping } from "../text";
import type { IntakeOrder } from "../types";

/**
 * The phone numbers a carrier or the merchant would call, read as numbers of the shipping
 * country unless they carry their own country code.
 */
export function checkPhone(order: IntakeOrder, config: IntakeConfig): Finding[] {
  const country = order.shippingAddress?.countryCode?.trim().toUpperCase() || undefined;
  const candidates = [
    { field: "shippingAddress.phone", value: order.shippingAddress?.phone?.trim() },
    { field: "phone", value: order.phone?.trim() },
  ].filter((candidate): candidate is { field: string; value: string } => !isBlank(candidate.value));
  const distinct = candidates.filter((candidate, i) => candidates.findIndex((other) => other.value === candidate.value) === i);

  if (distinct.length === 0) {
    if (!config.phone.required || !needsShipping(order)) return [];
    const fallback = order.customer?.phone?.trim();
    return [
      createFinding("PHONE_MISSING", {
        field: "shippingAddress.phone",
        message: "The order has no phone number, and the shop's carriers need one for every parcel.",
        suggestion: fallback
          ? `Use the customer's phone number from their account, ${fallback}.`
          : "Ask the customer for a phone number the carrier can call.",
        suggestedValue: fallback || undefined,
      }),
    ];
  }
  return distinct.flatMap(({ field, value }) => checkNumber(field, value, country, config));
}

function checkNumber(field: string, value: string, country: string | undefined, config: IntakeConfig): Finding[] {
  const number = parse(value, country);
  if (!number?.isValid()) {
    const where = country ? countryName(country) : "any country";
    return [
      createFinding("PHONE_INVALID", {
        field,
        severity: config.phone.required ? "block" : undefined,
        message: number?.isPossible()
          ? `"${value}" is not a valid phone number in ${number.country ? countryName(number.country) : where}.`
          : `"${value}" cannot be a phone number in ${where}: it has the wrong number of digits.`,
        suggestion: "Ask the customer for a phone number the carrier can call, with the country code.",
      }),
    ];
  }
  const findings: Finding[] = [];
  const type = number.getType();
  if (config.phone.requireMobile && type !== undefined && type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") {
    findings.push(
      createFinding("PHONE_NOT_MOBILE", {
        field,
        message: `The phone number ${number.formatInternational()} is not a mobile number, so the carrier's delivery texts will not reach the customer.`,
        suggestion: "Ask the customer for a mobile number.",
      }),
    );
  }
  // An extension has no E.164 form; rewriting the number would drop it.
  if (config.phone.suggestE164 && !number.ext && value !== number.number) {
    findings.push(
      createFinding("PHONE_NOT_E164", {
        field,
        message: `The phone number "${value}" is valid but not in international form.`,
        suggestion: `Write it as ${number.number} so any carrier can use it.`,
        suggestedValue: number.number,
      }),
    );
  }
  return findings;
}

function parse(value: string, country: string | undefined): PhoneNumber | undefined {
  return parsePhoneNumberFromString(value, country && isSupportedCountry(country) ? { defaultCountry: country } : undefined);
}
