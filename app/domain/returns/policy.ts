// A shop's return policy and the rules read from it: which items can come back, what a return
// costs the customer, and when a request goes to a person instead of being approved on its own.
import { z, type ZodError } from "zod";
import { formatMoney, minorDigits, percentToBasisPoints, type Minor } from "./money";
import { SHOPIFY_RETURN_REASONS, type ShopifyDeclineReason } from "./shopify-enums";
import { RESOLUTIONS, type CustomerHistory, type FieldError, type Resolution, type ReturnableLine, type ReturnableOrder } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;

const minor = z.number().int().nonnegative();
const id = z.string().trim().min(1);
const tag = z.string().trim().min(1).transform((value) => value.toLowerCase());
const reasonCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]*$/, "an upper-case code such as WRONG_ITEM");

const reasonSchema = z.object({
  code: reasonCode,
  label: z.string().trim().min(1),
  shopifyReason: z.enum(SHOPIFY_RETURN_REASONS).default("OTHER"),
  /** The shop got it wrong (damaged, wrong item): the customer pays no return shipping. */
  merchantFault: z.boolean().default(false),
  requiresNote: z.boolean().default(false),
  requiresPhoto: z.boolean().default(false),
});

export type ReturnReasonDefinition = z.output<typeof reasonSchema>;

export const DEFAULT_RETURN_REASONS: readonly z.input<typeof reasonSchema>[] = [
  { code: "SIZE_TOO_SMALL", label: "Too small", shopifyReason: "SIZE_TOO_SMALL" },
  { code: "SIZE_TOO_LARGE", label: "Too large", shopifyReason: "SIZE_TOO_LARGE" },
  { code: "UNWANTED", label: "Changed my mind", shopifyReason: "UNWANTED" },
  { code: "STYLE", label: "Not my style", shopifyReason: "STYLE" },
  { code: "COLOR", label: "Colour not as expected", shopifyReason: "COLOR" },
  { code: "NOT_AS_DESCRIBED", label: "Not as described", shopifyReason: "NOT_AS_DESCRIBED", requiresNote: true },
  { code: "DEFECTIVE", label: "Damaged or defective", shopifyReason: "DEFECTIVE", merchantFault: true, requiresPhoto: true },
  { code: "WRONG_ITEM", label: "Wrong item sent", shopifyReason: "WRONG_ITEM", merchantFault: true },
  { code: "OTHER", label: "Other", shopifyReason: "OTHER", requiresNote: true },
];

export const returnPolicySchema = z
  .object({
    /** The currency of every fixed amount below; see convertPolicyCurrency for orders paid in another. */
    currencyCode: z.string().regex(/^[A-Z]{3}$/, "a three-letter ISO currency code").default("USD"),
    /** Dates in customer messages are shown in the shop's time zone and locale. */
    timeZone: z
      .string()
      .default("UTC")
      .refine((zone) => isTimeZone(zone), "an IANA time zone such as Europe/Berlin"),
    locale: z.string().default("en-GB"),
    /** Days from delivery (or from shipping, when the carrier never reported delivery). 0 takes no returns. */
    windowDays: z.number().int().min(0).max(3650).default(30),
    eligibility: z
      .object({
        /** When not empty, only these products can be returned. */
        onlyProductIds: z.array(id).default([]),
        /** When not empty, only products in one of these collections can be returned. */
        onlyCollectionIds: z.array(id).default([]),
        excludedProductIds: z.array(id).default([]),
        excludedCollectionIds: z.array(id).default([]),
        excludedTags: z.array(tag).default([]),
        /** Bounds on the unit price the customer paid, in minor units. */
        minUnitPrice: minor.nullable().default(null),
        maxUnitPrice: minor.nullable().default(null),
      })
      .default({}),
    finalSaleTags: z.array(tag).default(["final-sale"]),
    reasons: z.array(reasonSchema).min(1).default([...DEFAULT_RETURN_REASONS]),
    resolutions: z.array(z.enum(RESOLUTIONS as [Resolution, ...Resolution[]])).min(1).default([...RESOLUTIONS]),
    restockingFee: z
      .object({
        percent: z.number().min(0).max(100).default(0),
        /** Once per return, on top of the percentage. */
        flat: minor.default(0),
        exemptReasons: z.array(reasonCode).default(["DEFECTIVE", "WRONG_ITEM"]),
        waiveForExchanges: z.boolean().default(false),
      })
      .default({}),
    returnShippingFee: z
      .object({
        /** Once per return; never charged when a reason is the merchant's fault. */
        amount: minor.default(0),
        waiveForExchanges: z.boolean().default(true),
      })
      .default({}),
    /** Give back the order's shipping charge when the merchant's mistake sends the whole order back. */
    originalShippingRefund: z.enum(["never", "merchant_fault"]).default("merchant_fault"),
    serialReturner: z
      .object({
        enabled: z.boolean().default(true),
        lookbackDays: z.number().int().positive().default(90),
        /** This many returns in the lookback (this one not counted) sends the request to review. */
        maxReturns: z.number().int().nonnegative().default(3),
        /** Returns ÷ orders in the lookback above this sends the request to review… */
        maxReturnRate: z.number().min(0).max(1).default(0.5),
        /** …once the customer has at least this many orders in it, so one return of one order is no pattern. */
        minOrdersForRate: z.number().int().positive().default(4),
      })
      .default({}),
    autoApprove: z
      .object({
        enabled: z.boolean().default(true),
        maxValue: minor.nullable().default(null),
        /** When not empty, only these reasons are approved without review. */
        reasons: z.array(reasonCode).default([]),
        /** When not empty, only customers with one of these tags are approved without review. */
        customerTags: z.array(tag).default([]),
      })
      .default({}),
    exchange: z
      .object({
        /** Exchange for a different product, not only another variant of the one returned. */
        allowOtherProducts: z.boolean().default(true),
        /** Where the rest goes when the replacement costs less than the return is worth. */
        remainderTo: z.enum(["refund", "store_credit"]).default("store_credit"),
        instant: z
          .object({
            enabled: z.boolean().default(false),
            /** The most a replacement shipped before the return arrives may be worth. */
            maxValue: minor.nullable().default(null),
            requirePaymentCaptured: z.boolean().default(true),
            minLifetimeOrders: z.number().int().nonnegative().default(1),
            allowSerialReturners: z.boolean().default(false),
            /** The customer would owe money on the replacement: ship only after they pay. */
            allowWithBalanceDue: z.boolean().default(false),
            /** When not empty, only customers with one of these tags get instant exchanges. */
            customerTags: z.array(tag).default([]),
          })
          .default({}),
      })
      .default({}),
  })
  .superRefine((policy, ctx) => {
    const codes = new Set<string>();
    policy.reasons.forEach((reason, index) => {
      if (codes.has(reason.code)) ctx.addIssue({ code: "custom", path: ["reasons", index, "code"], message: `${reason.code} is listed twice` });
      codes.add(reason.code);
    });
    const known = (list: string[], path: (string | number)[]) =>
      list.forEach((code, index) => {
        if (!codes.has(code)) ctx.addIssue({ code: "custom", path: [...path, index], message: `${code} is not one of the policy's reasons` });
      });
    known(policy.restockingFee.exemptReasons, ["restockingFee", "exemptReasons"]);
    known(policy.autoApprove.reasons, ["autoApprove", "reasons"]);
    const { minUnitPrice, maxUnitPrice } = policy.eligibility;
    if (minUnitPrice !== null && maxUnitPrice !== null && minUnitPrice > maxUnitPrice) {
      ctx.addIssue({ code: "custom", path: ["eligibility", "maxUnitPrice"], message: "must not be below minUnitPrice" });
    }
    if (Math.abs(policy.restockingFee.percent * 100 - percentToBasisPoints(policy.restockingFee.percent)) > 1e-6) {
      ctx.addIssue({ code: "custom", path: ["restockingFee", "percent"], message: "at most two decimals" });
    }
  });

export type ReturnPolicy = z.output<typeof returnPolicySchema>;
export type ReturnPolicyInput = z.input<typeof returnPolicySchema>;

/** Parses stored settings; throws a ZodError naming the bad field. */
export function parseReturnPolicy(input: unknown): ReturnPolicy {
  return returnPolicySchema.parse(input ?? {});
}

/** Parses settings from the policy form: the policy, or one error per bad field. */
export function readReturnPolicy(input: unknown): { ok: true; value: ReturnPolicy } | { ok: false; error: FieldError[] } {
  const parsed = returnPolicySchema.safeParse(input ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: fieldErrors(parsed.error) };
}

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

export const DEFAULT_RETURN_POLICY: ReturnPolicy = parseReturnPolicy({});

/**
 * The policy with its fixed amounts in another currency, for an order the customer paid in it.
 * `rate` is units of `currencyCode` per unit of the policy's currency; amounts round to the minor unit.
 */
export function convertPolicyCurrency(policy: ReturnPolicy, currencyCode: string, rate: number): ReturnPolicy {
  if (currencyCode === policy.currencyCode) return policy;
  const scale = rate * 10 ** (minorDigits(currencyCode) - minorDigits(policy.currencyCode));
  const convert = (amount: Minor) => Math.round(amount * scale);
  const convertNullable = (amount: Minor | null) => (amount === null ? null : convert(amount));
  return {
    ...policy,
    currencyCode,
    eligibility: {
      ...policy.eligibility,
      minUnitPrice: convertNullable(policy.eligibility.minUnitPrice),
      maxUnitPrice: convertNullable(policy.eligibility.maxUnitPrice),
    },
    restockingFee: { ...policy.restockingFee, flat: convert(policy.restockingFee.flat) },
    returnShippingFee: { ...policy.returnShippingFee, amount: convert(policy.returnShippingFee.amount) },
    autoApprove: { ...policy.autoApprove, maxValue: convertNullable(policy.autoApprove.maxValue) },
    exchange: { ...policy.exchange, instant: { ...policy.exchange.instant, maxValue: convertNullable(policy.exchange.instant.maxValue) } },
  };
}

export function findReason(policy: ReturnPolicy, code: string): ReturnReasonDefinition | undefined {
  return policy.reasons.find((reason) => reason.code === code);
}

/**
 * What the line's units still on the order are worth: what was paid for them after every discount,
 * plus their tax when prices exclude it, less what was refunded already. Units refunded earlier
 * take their money with them, so a return values its units from this remainder (see shareOf).
 */
export function lineValue(order: ReturnableOrder, line: ReturnableLine): { units: number; amount: Minor } {
  const paid = line.discountedTotal + (order.taxesIncluded ? 0 : line.tax);
  return { units: Math.max(0, line.quantity - line.refunded.quantity), amount: Math.max(0, paid - line.refunded.amount) };
}

/** Units of the line that no other return holds yet. */
export function returnableQuantity(line: ReturnableLine): number {
  return Math.max(0, line.quantity - line.returnedQuantity);
}

export type IneligibleCode =
  | "NOT_SHIPPED"
  | "NO_RETURNS"
  | "WINDOW_CLOSED"
  | "FINAL_SALE"
  | "PRODUCT_NOT_RETURNABLE"
  | "PRICE_OUT_OF_RANGE"
  | "ALREADY_RETURNED";

export interface IneligibleReason {
  code: IneligibleCode;
  /** For the customer, in plain words. */
  message: string;
  /** What returnDeclineRequest would say if a request for the line came in anyway. */
  shopifyDeclineReason: ShopifyDeclineReason;
}

export type LineEligibility =
  | { lineId: string; eligible: true; returnableQuantity: number; returnBy: string }
  | { lineId: string; eligible: false; returnableQuantity: 0; reasons: IneligibleReason[] };

/**
 * Whether a customer may return this line now, and if not every reason why. The window opens at
 * delivery, or at fulfillment when the carrier never reported one; a line with neither has not
 * shipped, so it is not a return but a cancellation. The window closes `windowDays` × 24 hours later.
 * The policy must be in the order's currency (convertPolicyCurrency).
 */
export function checkEligibility(order: ReturnableOrder, line: ReturnableLine, policy: ReturnPolicy, now: Date): LineEligibility {
  assertSameCurrency(order, policy);
  const reasons: IneligibleReason[] = [];
  const add = (code: IneligibleCode, message: string, shopifyDeclineReason: ShopifyDeclineReason = "OTHER") =>
    reasons.push({ code, message, shopifyDeclineReason });

  const start = line.deliveredAt ?? line.fulfilledAt;
  const closesAt = start === null ? null : new Date(Date.parse(start) + policy.windowDays * DAY_MS);
  if (start === null) {
    add("NOT_SHIPPED", "This item has not shipped yet, so there is nothing to send back; ask the store to cancel it instead.");
  } else if (policy.windowDays === 0) {
    add("NO_RETURNS", "This store does not accept returns.", "RETURN_PERIOD_ENDED");
  } else if (closesAt !== null && now.getTime() > closesAt.getTime()) {
    const event = line.deliveredAt !== null ? "delivery" : "shipping";
    const verb = line.deliveredAt !== null ? "arrived" : "shipped";
    add(
      "WINDOW_CLOSED",
      `Returns close ${policy.windowDays} ${policy.windowDays === 1 ? "day" : "days"} after ${event}; this ${verb} on ${formatDay(start, now, policy)}.`,
      "RETURN_PERIOD_ENDED",
    );
  }

  const tags = new Set(line.productTags.map((value) => value.trim().toLowerCase()));
  if (policy.finalSaleTags.some((value) => tags.has(value))) {
    add("FINAL_SALE", "This item was sold as final sale, so it cannot be returned.", "FINAL_SALE");
  }
  if (!productAllowed(line, tags, policy)) {
    add("PRODUCT_NOT_RETURNABLE", "This item cannot be returned under the store's return policy.");
  }

  const priceProblem = checkUnitPrice(order, line, policy);
  if (priceProblem) add("PRICE_OUT_OF_RANGE", priceProblem);

  const returnable = returnableQuantity(line);
  if (returnable === 0) {
    add("ALREADY_RETURNED", line.quantity === 1 ? "This item is already being returned." : `All ${line.quantity} of this item are already being returned.`);
  }

  if (reasons.length > 0) return { lineId: line.id, eligible: false, returnableQuantity: 0, reasons };
  return { lineId: line.id, eligible: true, returnableQuantity: returnable, returnBy: closesAt!.toISOString() };
}

/** Price bounds and fees are amounts: comparing them across currencies would be wrong by the exchange rate. */
function assertSameCurrency(order: ReturnableOrder, policy: ReturnPolicy): void {
  if (order.currencyCode !== policy.currencyCode) {
    throw new RangeError(`Order ${order.name} is in ${order.currencyCode} but the return policy's amounts are in ${policy.currencyCode}; convert the policy first`);
  }
}

function productAllowed(line: ReturnableLine, tags: ReadonlySet<string>, policy: ReturnPolicy): boolean {
  const rules = policy.eligibility;
  if (rules.onlyProductIds.length > 0 && (line.productId === null || !rules.onlyProductIds.includes(line.productId))) return false;
  if (rules.onlyCollectionIds.length > 0 && !line.collectionIds.some((collection) => rules.onlyCollectionIds.includes(collection))) return false;
  if (line.productId !== null && rules.excludedProductIds.includes(line.productId)) return false;
  if (line.collectionIds.some((collection) => rules.excludedCollectionIds.includes(collection))) return false;
  return !rules.excludedTags.some((value) => tags.has(value));
}

/** The unit price bounds apply to what one unit cost the customer, as lineValue counts it before refunds. */
function checkUnitPrice(order: ReturnableOrder, line: ReturnableLine, policy: ReturnPolicy): string | null {
  const { minUnitPrice: min, maxUnitPrice: max } = policy.eligibility;
  if ((min === null && max === null) || line.quantity === 0) return null;
  const unitPrice = Math.round((line.discountedTotal + (order.taxesIncluded ? 0 : line.tax)) / line.quantity);
  if ((min === null || unitPrice >= min) && (max === null || unitPrice <= max)) return null;
  const money = (amount: Minor) => formatMoney(amount, policy.currencyCode, policy.locale);
  if (min !== null && max !== null) return `Only items priced between ${money(min)} and ${money(max)} can be returned.`;
  if (min !== null) return `Only items priced ${money(min)} or more can be returned.`;
  return `Only items priced up to ${money(max!)} can be returned.`;
}

function formatDay(iso: string, now: Date, policy: ReturnPolicy): string {
  const date = new Date(iso);
  const year = (at: Date) => new Intl.DateTimeFormat("en", { year: "numeric", timeZone: policy.timeZone }).format(at);
  const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", timeZone: policy.timeZone };
  if (year(date) !== year(now)) options.year = "numeric";
  return new Intl.DateTimeFormat(policy.locale, options).format(date);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why the customer's record sends the request to review; empty when it does not. */
export function serialReturnerFindings(history: CustomerHistory | null, policy: ReturnPolicy): string[] {
  const rules = policy.serialReturner;
  if (!rules.enabled || history === null) return [];
  const findings: string[] = [];
  const days = `the last ${rules.lookbackDays} days`;
  if (history.returnsInLookback >= rules.maxReturns) {
    findings.push(`${history.returnsInLookback} earlier ${history.returnsInLookback === 1 ? "return" : "returns"} in ${days} (review from ${rules.maxReturns})`);
  }
  if (history.ordersInLookback >= rules.minOrdersForRate) {
    const rate = history.returnsInLookback / history.ordersInLookback;
    if (rate > rules.maxReturnRate) {
      findings.push(`Returned ${Math.round(rate * 100)} % of orders in ${days} (review above ${Math.round(rules.maxReturnRate * 100)} %)`);
    }
  }
  return findings;
}

export interface ApprovalDecision {
  autoApprove: boolean;
  /** Why a person has to look at it; empty when it is approved on its own. */
  reasons: string[];
}

/** Whether a request is approved on its own or waits for review, and why. */
export function decideApproval(
  input: { value: Minor; reasonCodes: readonly string[]; customerTags: readonly string[]; history: CustomerHistory | null },
  policy: ReturnPolicy,
): ApprovalDecision {
  const rules = policy.autoApprove;
  if (!rules.enabled) return { autoApprove: false, reasons: ["The shop reviews every return"] };
  const reasons: string[] = [];
  if (rules.maxValue !== null && input.value > rules.maxValue) {
    const money = (amount: Minor) => formatMoney(amount, policy.currencyCode, policy.locale);
    reasons.push(`Worth ${money(input.value)}, above the ${money(rules.maxValue)} limit for approval without review`);
  }
  if (rules.reasons.length > 0) {
    for (const code of new Set(input.reasonCodes)) {
      if (!rules.reasons.includes(code)) reasons.push(`Reason “${findReason(policy, code)?.label ?? code}” needs review`);
    }
  }
  if (rules.customerTags.length > 0) {
    const tags = new Set(input.customerTags.map((value) => value.trim().toLowerCase()));
    if (!rules.customerTags.some((value) => tags.has(value))) reasons.push(`Customer has none of the tags ${rules.customerTags.join(", ")}`);
  }
  reasons.push(...serialReturnerFindings(input.history, policy));
  return { autoApprove: reasons.length === 0, reasons };
}

export interface FeeTerms {
  /** Per requested line, in request order: whether the restocking fee applies, and its percentage in basis points. */
  lines: { restockingFeeApplies: boolean; restockingFeeBps: number }[];
  restockingFlatFee: Minor;
  returnShippingFee: Minor;
  originalShippingRefund: Minor;
}

/**
 * The fees a request carries, fixed when it is made so that a later policy change never alters a
 * return in flight. Return shipping is free when any item came back through the merchant's fault
 * (the parcel travels anyway), or when every item is exchanged and the policy waives it for
 * exchanges. The order's shipping charge is given back only when the merchant is at fault for every
 * item and the return takes back everything still on the order.
 */
export function feeTerms(
  order: ReturnableOrder,
  lines: readonly { reason: ReturnReasonDefinition; resolution: Resolution; quantity: number }[],
  policy: ReturnPolicy,
): FeeTerms {
  const fee = policy.restockingFee;
  const bps = percentToBasisPoints(fee.percent);
  const charged = lines.map(
    (line) => !fee.exemptReasons.includes(line.reason.code) && !(line.resolution === "exchange" && fee.waiveForExchanges),
  );
  const anyMerchantFault = lines.some((line) => line.reason.merchantFault);
  const allExchanges = lines.every((line) => line.resolution === "exchange");
  const wholeOrder = lines.reduce((sum, line) => sum + line.quantity, 0) === order.lines.reduce((sum, line) => sum + returnableQuantity(line), 0);
  return {
    lines: charged.map((applies) => ({ restockingFeeApplies: applies, restockingFeeBps: applies ? bps : 0 })),
    restockingFlatFee: charged.some(Boolean) ? fee.flat : 0,
    returnShippingFee: anyMerchantFault || (allExchanges && policy.returnShippingFee.waiveForExchanges) ? 0 : policy.returnShippingFee.amount,
    originalShippingRefund:
      policy.originalShippingRefund === "merchant_fault" && lines.every((line) => line.reason.merchantFault) && wholeOrder
        ? Math.max(0, order.shipping.paid - order.shipping.refunded)
        : 0,
  };
}
