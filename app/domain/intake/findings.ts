import type { ErrorClass, FulfillmentHoldReason, Severity } from "./types";

interface CodeSpec {
  severity: Severity;
  errorClass: ErrorClass;
  holdReason: FulfillmentHoldReason;
}

/** Every finding code with its default severity, the seed's error class and the hold reason it maps to. */
export const FINDING_CODES = {
  ADDRESS_MISSING: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_NAME: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_STREET: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_CITY: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_COUNTRY: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_POSTAL_CODE: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_MISSING_PROVINCE: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_INVALID_POSTAL_CODE: { severity: "block", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  // Warn only: the postal service routes on the code, so a wrong state alone rarely stops a parcel.
  ADDRESS_POSTAL_CODE_PROVINCE_MISMATCH: { severity: "warn", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_PO_BOX_UNDELIVERABLE: { severity: "block", errorClass: "shipping", holdReason: "INCORRECT_ADDRESS" },
  ADDRESS_PO_BOX: { severity: "warn", errorClass: "shipping", holdReason: "INCORRECT_ADDRESS" },
  PHONE_MISSING: { severity: "block", errorClass: "shipping", holdReason: "INCORRECT_ADDRESS" },
  PHONE_INVALID: { severity: "warn", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  PHONE_NOT_MOBILE: { severity: "warn", errorClass: "shipping", holdReason: "INCORRECT_ADDRESS" },
  PHONE_NOT_E164: { severity: "info", errorClass: "customer", holdReason: "INCORRECT_ADDRESS" },
  EMAIL_INVALID: { severity: "warn", errorClass: "customer", holdReason: "OTHER" },
  EMAIL_DOMAIN_TYPO: { severity: "warn", errorClass: "customer", holdReason: "OTHER" },
  QUANTITY_ABOVE_MAX: { severity: "block", errorClass: "customer", holdReason: "OTHER" },
  QUANTITY_ABOVE_HISTORY: { severity: "warn", errorClass: "customer", holdReason: "OTHER" },
  SKU_MISSING: { severity: "warn", errorClass: "fulfillment", holdReason: "OTHER" },
  SKU_UNKNOWN: { severity: "block", errorClass: "fulfillment", holdReason: "OTHER" },
  INVENTORY_LINE_OUT_OF_STOCK: { severity: "block", errorClass: "fulfillment", holdReason: "INVENTORY_OUT_OF_STOCK" },
  INVENTORY_LINE_SPLIT: { severity: "warn", errorClass: "fulfillment", holdReason: "INVENTORY_OUT_OF_STOCK" },
  INVENTORY_ORDER_SPLIT: { severity: "info", errorClass: "fulfillment", holdReason: "INVENTORY_OUT_OF_STOCK" },
  DUPLICATE_ORDER: { severity: "block", errorClass: "customer", holdReason: "OTHER" },
} as const satisfies Record<string, CodeSpec>;

export type FindingCode = keyof typeof FINDING_CODES;

export const FINDING_CODE_LIST = Object.keys(FINDING_CODES) as [FindingCode, ...FindingCode[]];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  errorClass: ErrorClass;
  holdReason: FulfillmentHoldReason;
  /** Path into the order: "shippingAddress.zip", "lineItems[2].quantity", "lineItems". */
  field: string;
  /** What is wrong, in the merchant's words, naming the value. */
  message: string;
  /** How to fix it. */
  suggestion: string;
  /** The value to put in `field`, when there is a concrete one. */
  suggestedValue?: string;
}

export interface FindingDetails {
  field: string;
  message: string;
  suggestion: string;
  suggestedValue?: string;
  severity?: Severity;
}

export function createFinding(code: FindingCode, details: FindingDetails): Finding {
  const spec: CodeSpec = FINDING_CODES[code];
  const { severity, suggestedValue, ...rest } = details;
  return {
    code,
    severity: severity ?? spec.severity,
    errorClass: spec.errorClass,
    holdReason: spec.holdReason,
    ...rest,
    ...(suggestedValue === undefined ? {} : { suggestedValue }),
  };
}
