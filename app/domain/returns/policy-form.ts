// The return policy page's form: flat string fields in (amounts as the merchant types them, lists
// comma-separated, switches "true"/"false"), a ReturnPolicyInput out for readReturnPolicy to
// check, or an error per field. The policy's own errors come back under the same field names.
import { z } from "zod";
import { flag, list, number } from "../form-fields";
import { fromDecimalAmount, toDecimalAmount, type Minor } from "./money";
import type { ReturnPolicy, ReturnPolicyInput } from "./policy";
import { SHOPIFY_RETURN_REASONS } from "./shopify-enums";
import { RESOLUTIONS, type FieldError } from "./types";

export type PolicyForm = Record<string, string>;

export type PolicyFormResult = { ok: true; input: ReturnPolicyInput } | { ok: false; errors: Record<string, string> };

const REASON_FIELDS = ["code", "label", "shopifyReason", "merchantFault", "requiresNote", "requiresPhoto"] as const;

/** Blank rows the page offers below the shop's reasons, to add new ones. */
export const BLANK_REASON_ROWS = 2;

const codeList = list.transform((codes) => codes.map((code) => code.toUpperCase()));

/** Amounts as typed ("12.50"), read in minor units of the form's currency; the optional ones may be left blank for no limit. */
const MONEY_FIELDS: ReadonlyArray<[string, boolean]> = [
  ["eligibility.minUnitPrice", true],
  ["eligibility.maxUnitPrice", true],
  ["restockingFee.flat", false],
  ["returnShippingFee.amount", false],
  ["autoApprove.maxValue", true],
  ["exchange.instant.maxValue", true],
];

const formSchema = z.object({
  currencyCode: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => /^[A-Z]{3}$/.test(code), "Enter a three-letter currency code such as USD"),
  timeZone: z.string().trim().min(1, "Enter a time zone such as Europe/Berlin"),
  locale: z.string().trim().min(2, "Enter a locale such as en-US"),
  windowDays: number("the days a customer has to return", { integer: true, min: 0, max: 3650 }),
  "eligibility.onlyProductIds": list,
  "eligibility.onlyCollectionIds": list,
  "eligibility.excludedProductIds": list,
  "eligibility.excludedCollectionIds": list,
  "eligibility.excludedTags": list,
  finalSaleTags: list,
  "resolutions.refund": flag,
  "resolutions.store_credit": flag,
  "resolutions.exchange": flag,
  "restockingFee.percent": number("the restocking fee in per cent", { integer: false, min: 0, max: 100 }),
  "restockingFee.exemptReasons": codeList,
  "restockingFee.waiveForExchanges": flag,
  "returnShippingFee.waiveForExchanges": flag,
  originalShippingRefund: z.enum(["never", "merchant_fault"], { message: "Choose when the order's shipping is refunded" }),
  "serialReturner.enabled": flag,
  "serialReturner.lookbackDays": number("the days to look back", { integer: true, min: 1, max: 3650 }),
  "serialReturner.maxReturns": number("the number of returns", { integer: true, min: 0 }),
  "serialReturner.maxReturnRate": number("the return rate in per cent", { integer: false, min: 0, max: 100 }),
  "serialReturner.minOrdersForRate": number("the number of orders", { integer: true, min: 1 }),
  "autoApprove.enabled": flag,
  "autoApprove.reasons": codeList,
  "autoApprove.customerTags": list,
  "exchange.allowOtherProducts": flag,
  "exchange.remainderTo": z.enum(["refund", "store_credit"], { message: "Choose where the rest goes" }),
  "exchange.instant.enabled": flag,
  "exchange.instant.requirePaymentCaptured": flag,
  "exchange.instant.minLifetimeOrders": number("the number of orders", { integer: true, min: 0 }),
  "exchange.instant.allowSerialReturners": flag,
  "exchange.instant.allowWithBalanceDue": flag,
  "exchange.instant.customerTags": list,
});

const reasonSchema = z.object({
  code: z.string().trim().default("").transform((code) => code.toUpperCase()),
  label: z.string().trim().default(""),
  shopifyReason: z.enum(SHOPIFY_RETURN_REASONS, { message: "Choose Shopify's reason" }).default("OTHER"),
  merchantFault: flag.default("false"),
  requiresNote: flag.default("false"),
  requiresPhoto: flag.default("false"),
});

/** Reads the form; the result still goes through readReturnPolicy, whose errors policyFieldErrors names. */
export function readPolicyForm(form: PolicyForm): PolicyFormResult {
  const errors: Record<string, string> = {};
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  }
  const reasons: ReturnPolicyInput["reasons"] = [];
  for (const index of reasonRows(form)) {
    const row = Object.fromEntries(REASON_FIELDS.map((field) => [field, form[`reasons.${index}.${field}`]]).filter(([, value]) => value !== undefined));
    const reason = reasonSchema.safeParse(row);
    if (!reason.success) {
      for (const issue of reason.error.issues) errors[`reasons.${index}.${String(issue.path[0])}`] ??= issue.message;
      continue;
    }
    if (reason.data.code === "" && reason.data.label === "") continue;
    if (reason.data.code === "") errors[`reasons.${index}.code`] = "Give the reason a code such as WRONG_SIZE";
    if (reason.data.label === "") errors[`reasons.${index}.label`] = "Say how customers see this reason";
    reasons.push(reason.data);
  }
  const currency = (form.currencyCode ?? "").trim().toUpperCase();
  const amounts = new Map<string, Minor | null>();
  if (/^[A-Z]{3}$/.test(currency)) {
    for (const [field, optional] of MONEY_FIELDS) {
      const text = (form[field] ?? "").trim();
      if (text === "") {
        if (!optional) errors[field] ??= "Enter an amount, 0 for none";
        amounts.set(field, null);
        continue;
      }
      try {
        const minor = fromDecimalAmount(text, currency);
        if (minor < 0) errors[field] ??= "Enter an amount of 0 or more";
        amounts.set(field, minor);
      } catch {
        errors[field] ??= `Enter an amount in ${currency}, such as ${toDecimalAmount(1250, currency)}`;
      }
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };

  const values = parsed.data;
  const money = (field: string): Minor | null => amounts.get(field) ?? null;
  const input: ReturnPolicyInput = {
    currencyCode: currency,
    timeZone: values.timeZone,
    locale: values.locale,
    windowDays: values.windowDays,
    eligibility: {
      onlyProductIds: values["eligibility.onlyProductIds"],
      onlyCollectionIds: values["eligibility.onlyCollectionIds"],
      excludedProductIds: values["eligibility.excludedProductIds"],
      excludedCollectionIds: values["eligibility.excludedCollectionIds"],
      excludedTags: values["eligibility.excludedTags"],
      minUnitPrice: money("eligibility.minUnitPrice"),
      maxUnitPrice: money("eligibility.maxUnitPrice"),
    },
    finalSaleTags: values.finalSaleTags,
    reasons,
    resolutions: RESOLUTIONS.filter((resolution) => values[`resolutions.${resolution}`]),
    restockingFee: {
      percent: values["restockingFee.percent"],
      flat: money("restockingFee.flat") ?? 0,
      exemptReasons: values["restockingFee.exemptReasons"],
      waiveForExchanges: values["restockingFee.waiveForExchanges"],
    },
    returnShippingFee: {
      amount: money("returnShippingFee.amount") ?? 0,
      waiveForExchanges: values["returnShippingFee.waiveForExchanges"],
    },
    originalShippingRefund: values.originalShippingRefund,
    serialReturner: {
      enabled: values["serialReturner.enabled"],
      lookbackDays: values["serialReturner.lookbackDays"],
      maxReturns: values["serialReturner.maxReturns"],
      maxReturnRate: values["serialReturner.maxReturnRate"] / 100,
      minOrdersForRate: values["serialReturner.minOrdersForRate"],
    },
    autoApprove: {
      enabled: values["autoApprove.enabled"],
      maxValue: money("autoApprove.maxValue"),
      reasons: values["autoApprove.reasons"],
      customerTags: values["autoApprove.customerTags"],
    },
    exchange: {
      allowOtherProducts: values["exchange.allowOtherProducts"],
      remainderTo: values["exchange.remainderTo"],
      instant: {
        enabled: values["exchange.instant.enabled"],
        maxValue: money("exchange.instant.maxValue"),
        requirePaymentCaptured: values["exchange.instant.requirePaymentCaptured"],
        minLifetimeOrders: values["exchange.instant.minLifetimeOrders"],
        allowSerialReturners: values["exchange.instant.allowSerialReturners"],
        allowWithBalanceDue: values["exchange.instant.allowWithBalanceDue"],
        customerTags: values["exchange.instant.customerTags"],
      },
    },
  };
  return { ok: true, input };
}

/**
 * readReturnPolicy's errors under the form's field names. Reasons keep their row, but the policy
 * counts only the rows that were filled in, so `rows` maps its index back to the form's; an entry
 * of a comma-separated list is named in the message.
 */
export function policyFieldErrors(errors: readonly FieldError[], form: PolicyForm): Record<string, string> {
  const rows = reasonRows(form).filter((index) => (form[`reasons.${index}.code`] ?? "").trim() !== "" || (form[`reasons.${index}.label`] ?? "").trim() !== "");
  const byField: Record<string, string> = {};
  for (const error of errors) {
    const path = error.path.split(".");
    if (path[0] === "reasons" && path.length >= 3) {
      byField[`reasons.${rows[Number(path[1])] ?? path[1]}.${path[2]}`] ??= error.message;
      continue;
    }
    if (path[0] === "resolutions") {
      byField.resolutions ??= error.message === "Array must contain at least 1 element(s)" ? "Offer at least one way to resolve a return" : error.message;
      continue;
    }
    if (path[0] === "reasons") {
      byField.reasons ??= "List at least one reason";
      continue;
    }
    const last = path[path.length - 1];
    if (/^\d+$/.test(last)) {
      byField[path.slice(0, -1).join(".")] ??= `Entry ${Number(last) + 1}: ${error.message}`;
      continue;
    }
    byField[error.path] ??= error.message;
  }
  return byField;
}

/** The form's fields for a stored policy, with blank reason rows to add to. */
export function policyFormValues(policy: ReturnPolicy): PolicyForm {
  const currency = policy.currencyCode;
  const money = (value: Minor | null) => (value === null ? "" : toDecimalAmount(value, currency));
  const form: PolicyForm = {
    currencyCode: currency,
    timeZone: policy.timeZone,
    locale: policy.locale,
    windowDays: String(policy.windowDays),
    "eligibility.onlyProductIds": policy.eligibility.onlyProductIds.join(", "),
    "eligibility.onlyCollectionIds": policy.eligibility.onlyCollectionIds.join(", "),
    "eligibility.excludedProductIds": policy.eligibility.excludedProductIds.join(", "),
    "eligibility.excludedCollectionIds": policy.eligibility.excludedCollectionIds.join(", "),
    "eligibility.excludedTags": policy.eligibility.excludedTags.join(", "),
    "eligibility.minUnitPrice": money(policy.eligibility.minUnitPrice),
    "eligibility.maxUnitPrice": money(policy.eligibility.maxUnitPrice),
    finalSaleTags: policy.finalSaleTags.join(", "),
    "restockingFee.percent": String(policy.restockingFee.percent),
    "restockingFee.flat": money(policy.restockingFee.flat),
    "restockingFee.exemptReasons": policy.restockingFee.exemptReasons.join(", "),
    "restockingFee.waiveForExchanges": String(policy.restockingFee.waiveForExchanges),
    "returnShippingFee.amount": money(policy.returnShippingFee.amount),
    "returnShippingFee.waiveForExchanges": String(policy.returnShippingFee.waiveForExchanges),
    originalShippingRefund: policy.originalShippingRefund,
    "serialReturner.enabled": String(policy.serialReturner.enabled),
    "serialReturner.lookbackDays": String(policy.serialReturner.lookbackDays),
    "serialReturner.maxReturns": String(policy.serialReturner.maxReturns),
    "serialReturner.maxReturnRate": String(Math.round(policy.serialReturner.maxReturnRate * 10_000) / 100),
    "serialReturner.minOrdersForRate": String(policy.serialReturner.minOrdersForRate),
    "autoApprove.enabled": String(policy.autoApprove.enabled),
    "autoApprove.maxValue": money(policy.autoApprove.maxValue),
    "autoApprove.reasons": policy.autoApprove.reasons.join(", "),
    "autoApprove.customerTags": policy.autoApprove.customerTags.join(", "),
    "exchange.allowOtherProducts": String(policy.exchange.allowOtherProducts),
    "exchange.remainderTo": policy.exchange.remainderTo,
    "exchange.instant.enabled": String(policy.exchange.instant.enabled),
    "exchange.instant.maxValue": money(policy.exchange.instant.maxValue),
    "exchange.instant.requirePaymentCaptured": String(policy.exchange.instant.requirePaymentCaptured),
    "exchange.instant.minLifetimeOrders": String(policy.exchange.instant.minLifetimeOrders),
    "exchange.instant.allowSerialReturners": String(policy.exchange.instant.allowSerialReturners),
    "exchange.instant.allowWithBalanceDue": String(policy.exchange.instant.allowWithBalanceDue),
    "exchange.instant.customerTags": policy.exchange.instant.customerTags.join(", "),
  };
  for (const resolution of RESOLUTIONS) form[`resolutions.${resolution}`] = String(policy.resolutions.includes(resolution));
  const rows = [
    ...policy.reasons.map((reason) => ({ ...reason })),
    ...Array.from({ length: BLANK_REASON_ROWS }, () => ({ code: "", label: "", shopifyReason: "OTHER", merchantFault: false, requiresNote: false, requiresPhoto: false })),
  ];
  rows.forEach((reason, index) => {
    for (const field of REASON_FIELDS) form[`reasons.${index}.${field}`] = String(reason[field]);
  });
  return form;
}

/** The reason rows on the form, in order. */
export function reasonRows(form: PolicyForm): number[] {
  const rows = new Set<number>();
  for (const name of Object.keys(form)) {
    const match = /^reasons\.(\d+)\./.exec(name);
    if (match) rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}
