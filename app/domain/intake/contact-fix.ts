import { checkOrder } from "./check-order";
import type { IntakeConfig } from "./config";
import type { IntakeAddress, IntakeContext, IntakeOrder } from "./types";

// A correction of the order's contact details (shipping address, phone, email), from the customer
// through the fix link or from the merchant in the admin, checked by the same rules that flagged
// the order: what would still be wrong comes back as errors on the fields being corrected.

export interface AddressFix {
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  provinceCode: string;
  zip: string;
  countryCode: string;
  phone: string;
}

export interface ContactFix {
  shippingAddress?: AddressFix;
  phone?: string;
  email?: string;
}

/** Which fields a correction may touch: the customer's link edits where the parcel goes and how to reach them. */
export type FixScope = "customer" | "merchant";

const SCOPE_FIELDS: Record<FixScope, RegExp> = {
  customer: /^(shippingAddress(\.|$)|phone$)/,
  merchant: /^(shippingAddress(\.|$)|phone$|email$|customer\.email$)/,
};

const blankToNull = (value: string | undefined) => (value === undefined || value.trim() === "" ? null : value.trim());

export function fixedAddress(fix: AddressFix): IntakeAddress {
  const name = [fix.firstName, fix.lastName].map((part) => part.trim()).filter(Boolean).join(" ");
  return {
    name: name || null,
    company: blankToNull(fix.company),
    address1: blankToNull(fix.address1),
    address2: blankToNull(fix.address2),
    city: blankToNull(fix.city),
    province: null,
    provinceCode: blankToNull(fix.provinceCode)?.toUpperCase() ?? null,
    zip: blankToNull(fix.zip),
    countryCode: blankToNull(fix.countryCode)?.toUpperCase() ?? null,
    phone: blankToNull(fix.phone),
  };
}

export function applyContactFix(order: IntakeOrder, fix: ContactFix): IntakeOrder {
  return {
    ...order,
    shippingAddress: fix.shippingAddress ? fixedAddress(fix.shippingAddress) : order.shippingAddress,
    phone: fix.phone === undefined ? order.phone : blankToNull(fix.phone),
    email: fix.email === undefined ? order.email : blankToNull(fix.email),
  };
}

/** By finding field ("shippingAddress.zip", "phone"): what is still wrong with the corrected order. */
export function contactFixErrors(
  order: IntakeOrder,
  fix: ContactFix,
  context: IntakeContext,
  config: IntakeConfig,
  scope: FixScope,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const finding of checkOrder(applyContactFix(order, fix), context, config)) {
    if (finding.severity === "info" || !SCOPE_FIELDS[scope].test(finding.field)) continue;
    errors[finding.field] ??= finding.message;
  }
  return errors;
}
