// A customer's or merchant's return request checked against every rule of the policy, on the
// server, whatever the widget already checked: the draft of a new return, or what to fix.
import { z } from "zod";
import { checkInstantExchange, checkReplacements, replacementTotal, type ReplacementItem, type VariantOffer } from "./exchange";
import {
  checkEligibility,
  decideApproval,
  feeTerms,
  fieldErrors,
  findReason,
  lineValue,
  returnableQuantity,
  serialReturnerFindings,
  type ReturnPolicy,
  type ReturnReasonDefinition,
} from "./policy";
import { openReturn, priceOutstanding, type ReturnDraft, type ReturnLineRequest } from "./return-model";
import { shareOf } from "./money";
import { RESOLUTIONS, type CustomerHistory, type FieldError, type Resolution, type Result, type ReturnableLine, type ReturnableOrder } from "./types";

/** Shopify keeps at most 255 characters of a return reason note. */
const NOTE_MAX = 255;

export const returnRequestSchema = z.object({
  lines: z
    .array(
      z.object({
        lineId: z.string().trim().min(1, "Choose an item"),
        quantity: z.coerce.number({ invalid_type_error: "Enter a number" }).int("Enter a whole number").min(1, "Return at least one"),
        reason: z.string().trim().min(1, "Choose a reason"),
        note: z
          .string()
          .trim()
          .max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters`)
          .nullish()
          .transform((note) => (note ? note : null)),
        photoUrls: z
          .array(
            z
              .string()
              .url("Upload the photo again")
              .refine((url) => url.startsWith("https://"), "Upload the photo again"),
          )
          .max(5, "Five photos at most")
          .default([]),
        resolution: z.enum(RESOLUTIONS as [Resolution, ...Resolution[]], { errorMap: () => ({ message: "Choose refund, store credit or exchange" }) }),
      }),
    )
    .min(1, "Choose at least one item to return"),
  replacements: z
    .array(
      z.object({
        variantId: z.string().trim().min(1, "Choose a replacement"),
        quantity: z.coerce.number({ invalid_type_error: "Enter a number" }).int("Enter a whole number").min(1, "Choose at least one"),
        locationId: z.string().trim().min(1, "Choose where it ships from"),
      }),
    )
    .default([]),
  /** The customer asks for the replacement to ship before the return arrives. */
  instantExchange: z.boolean().default(false),
});

export type ReturnRequest = z.output<typeof returnRequestSchema>;
export type ReturnRequestInput = z.input<typeof returnRequestSchema>;

export interface RequestContext {
  now: Date;
  /** The customer's record over the policy's lookback; null for a guest. */
  history: CustomerHistory | null;
  /** What the customer may pick as a replacement, by variant id, priced and stocked by the caller. */
  offers: Readonly<Record<string, VariantOffer>>;
}

/** Parses raw portal or admin input into a request, or one error per field. */
export function readReturnRequest(input: unknown): Result<ReturnRequest, FieldError[]> {
  const parsed = returnRequestSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: fieldErrors(parsed.error) };
}

/**
 * The draft of a new return when every rule holds — eligibility of each line, quantities, reasons
 * with their note and photo, resolutions the policy offers, replacements in stock — with its fees
 * fixed and the review decision made; otherwise every problem, by field.
 */
export function prepareReturn(order: ReturnableOrder, policy: ReturnPolicy, request: ReturnRequest, ctx: RequestContext): Result<ReturnDraft, FieldError[]> {
  if (order.currencyCode !== policy.currencyCode) {
    return {
      ok: false,
      error: [{ path: "", message: `The order was paid in ${order.currencyCode} but the return policy's amounts are in ${policy.currencyCode}; convert the policy first` }],
    };
  }
  const errors: FieldError[] = [];
  const chosen: { line: ReturnableLine; reason: ReturnReasonDefinition; request: ReturnRequest["lines"][number] }[] = [];
  const seen = new Set<string>();
  request.lines.forEach((entry, index) => {
    const path = `lines.${index}`;
    const line = order.lines.find((candidate) => candidate.id === entry.lineId);
    if (!line) return errors.push({ path: `${path}.lineId`, message: "This item is not on the order" });
    if (seen.has(line.id)) return errors.push({ path: `${path}.lineId`, message: "This item is listed twice" });
    seen.add(line.id);
    const eligibility = checkEligibility(order, line, policy, ctx.now);
    if (!eligibility.eligible) return errors.push(...eligibility.reasons.map((reason) => ({ path: `${path}.lineId`, message: reason.message })));
    if (entry.quantity > eligibility.returnableQuantity) {
      errors.push({ path: `${path}.quantity`, message: `You can return at most ${eligibility.returnableQuantity} of this item` });
    }
    const reason = findReason(policy, entry.reason);
    if (!reason) return errors.push({ path: `${path}.reason`, message: "Choose a reason from the list" });
    if (reason.requiresNote && entry.note === null) errors.push({ path: `${path}.note`, message: `Tell us more about “${reason.label}”` });
    if (reason.requiresPhoto && entry.photoUrls.length === 0) errors.push({ path: `${path}.photoUrls`, message: `Add a photo that shows “${reason.label}”` });
    if (!policy.resolutions.includes(entry.resolution)) {
      errors.push({ path: `${path}.resolution`, message: `The store does not offer ${RESOLUTION_WORDS[entry.resolution]}` });
    }
    chosen.push({ line, reason, request: entry });
  });

  const wantsExchange = request.lines.some((entry) => entry.resolution === "exchange");
  let replacements: ReplacementItem[] = [];
  if (wantsExchange && request.replacements.length === 0) errors.push({ path: "replacements", message: "Choose the replacement you want" });
  if (!wantsExchange && request.replacements.length > 0) errors.push({ path: "replacements", message: "Choose exchange for the item the replacement is for" });
  if (wantsExchange && request.replacements.length > 0) {
    const checked = checkReplacements(request.replacements, chosen.map((entry) => entry.line.productId), ctx.offers, policy);
    if (checked.ok) replacements = checked.value;
    else errors.push(...checked.error);
  }
  if (errors.length > 0) return { ok: false, error: errors };

  const fees = feeTerms(
    order,
    chosen.map((entry) => ({ reason: entry.reason, resolution: entry.request.resolution, quantity: entry.request.quantity })),
    policy,
  );
  const lines: ReturnLineRequest[] = chosen.map((entry, index) => ({
    id: entry.line.id,
    lineItemId: entry.line.lineItemId,
    productId: entry.line.productId,
    variantId: entry.line.variantId,
    title: entry.line.title,
    sku: entry.line.sku,
    quantity: entry.request.quantity,
    returnable: returnableQuantity(entry.line),
    value: lineValue(order, entry.line),
    reason: entry.reason.code,
    shopifyReason: entry.reason.shopifyReason,
    merchantFault: entry.reason.merchantFault,
    note: entry.request.note,
    photoUrls: entry.request.photoUrls,
    resolution: entry.request.resolution,
    ...fees.lines[index],
  }));
  const value = lines.reduce((total, line) => total + shareOf(line.value.amount, line.quantity, line.value.units), 0);
  const draft: ReturnDraft = {
    orderId: order.id,
    orderName: order.name,
    customerId: order.customer?.id ?? null,
    currencyCode: order.currencyCode,
    lines,
    exchange: wantsExchange ? { items: replacements, instant: false, instantRefusals: [] } : null,
    terms: {
      restockingFlatFee: fees.restockingFlatFee,
      returnShippingFee: fees.returnShippingFee,
      originalShippingRefund: fees.originalShippingRefund,
      exchangeRemainderTo: policy.exchange.remainderTo,
    },
    review: decideApproval(
      { value, reasonCodes: lines.map((line) => line.reason), customerTags: order.customer?.tags ?? [], history: ctx.history },
      policy,
    ),
  };
  if (draft.exchange === null || !request.instantExchange) return { ok: true, value: draft };

  const opened = openReturn({ ...draft, id: "draft", at: ctx.now.toISOString() });
  if (!opened.ok) return { ok: false, error: [{ path: "", message: opened.error.message }] };
  const instant = checkInstantExchange(
    {
      order,
      history: ctx.history,
      replacementTotal: replacementTotal(replacements),
      balanceDue: priceOutstanding(opened.value).totals.exchangeBalanceDue,
      serialReturner: serialReturnerFindings(ctx.history, policy).length > 0,
    },
    policy,
  );
  return { ok: true, value: { ...draft, exchange: { items: replacements, instant: instant.allowed, instantRefusals: instant.reasons } } };
}

const RESOLUTION_WORDS: Record<Resolution, string> = { refund: "refunds", store_credit: "store credit", exchange: "exchanges" };
