// Exchanges: which replacements a return may ask for, how the price difference settles either
// way, and when the replacement may ship before the return arrives.
import { formatMoney, type Minor } from "./money";
import type { ReturnPolicy } from "./policy";
import type { CustomerHistory, FieldError, Result, ReturnableOrder } from "./types";

/** A variant the customer may pick, as the caller looked it up: its price and stock per location. */
export interface VariantOffer {
  productId: string;
  title: string;
  /** What one unit costs the customer, with tax when the order's prices include it. */
  unitPrice: Minor;
  /** Available units by location id. */
  available: Readonly<Record<string, number>>;
}

export interface ReplacementRequest {
  variantId: string;
  quantity: number;
  /** The location the replacement ships from. */
  locationId: string;
}

export interface ReplacementItem {
  variantId: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: Minor;
  locationId: string;
}

/**
 * The replacements priced from the caller's offers, never from the request, or one error per
 * field: an unknown variant, a product the policy does not exchange to, not enough stock.
 */
export function checkReplacements(
  requested: readonly ReplacementRequest[],
  returnedProductIds: readonly (string | null)[],
  offers: Readonly<Record<string, VariantOffer>>,
  policy: ReturnPolicy,
): Result<ReplacementItem[], FieldError[]> {
  const errors: FieldError[] = [];
  const items: ReplacementItem[] = [];
  const wanted = new Map<string, number>();
  requested.forEach((request, index) => {
    const path = `replacements.${index}`;
    const offer = Object.hasOwn(offers, request.variantId) ? offers[request.variantId] : undefined;
    if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) {
      errors.push({ path: `${path}.quantity`, message: "Choose at least one" });
      return;
    }
    if (offer === undefined) {
      errors.push({ path: `${path}.variantId`, message: "This item is not available for exchange" });
      return;
    }
    if (!policy.exchange.allowOtherProducts && !returnedProductIds.includes(offer.productId)) {
      errors.push({ path: `${path}.variantId`, message: "Exchanges are for another size or colour of the item you return" });
      return;
    }
    const key = `${request.variantId}\u0000${request.locationId}`;
    const total = (wanted.get(key) ?? 0) + request.quantity;
    wanted.set(key, total);
    const available = Math.max(0, (Object.hasOwn(offer.available, request.locationId) ? offer.available[request.locationId] : 0) ?? 0);
    if (total > available) {
      errors.push({
        path: `${path}.quantity`,
        message: available === 0 ? `${offer.title} is out of stock` : `Only ${available} of ${offer.title} ${available === 1 ? "is" : "are"} in stock`,
      });
      return;
    }
    items.push({ variantId: request.variantId, productId: offer.productId, title: offer.title, quantity: request.quantity, unitPrice: offer.unitPrice, locationId: request.locationId });
  });
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: items };
}

export function replacementTotal(items: readonly ReplacementItem[]): Minor {
  return items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
}

export interface ExchangeSettlement {
  /** Put towards the replacement. */
  applied: Minor;
  /** The rest of the credit, where the policy sends it. */
  refund: Minor;
  storeCredit: Minor;
  /** What the replacement still costs after this credit: the customer pays it. */
  balanceDue: Minor;
}

/**
 * Settles `credit` (what returned items are worth after fees) against what is still `outstanding`
 * on the replacement. Credit beyond the replacement goes back as refund or store credit; a
 * replacement worth more leaves a balance due. applied + refund + storeCredit = credit, always.
 */
export function settleExchange(credit: Minor, outstanding: Minor, remainderTo: "refund" | "store_credit"): ExchangeSettlement {
  const applied = Math.min(credit, Math.max(0, outstanding));
  const rest = credit - applied;
  return {
    applied,
    refund: remainderTo === "refund" ? rest : 0,
    storeCredit: remainderTo === "store_credit" ? rest : 0,
    balanceDue: Math.max(0, outstanding) - applied,
  };
}

export interface InstantExchangeFacts {
  order: ReturnableOrder;
  history: CustomerHistory | null;
  replacementTotal: Minor;
  /** What the customer would still owe once every returned item is credited. */
  balanceDue: Minor;
  serialReturner: boolean;
}

/**
 * Whether the replacement may ship before the return arrives: the merchant carries the risk until
 * then, so every guard rule of the policy must hold. The answer says which did not.
 */
export function checkInstantExchange(facts: InstantExchangeFacts, policy: ReturnPolicy): { allowed: boolean; reasons: string[] } {
  const rules = policy.exchange.instant;
  if (!rules.enabled) return { allowed: false, reasons: ["The shop does not ship replacements before the return arrives"] };
  const reasons: string[] = [];
  const money = (amount: Minor) => formatMoney(amount, policy.currencyCode, policy.locale);
  if (rules.maxValue !== null && facts.replacementTotal > rules.maxValue) {
    reasons.push(`The replacement is worth ${money(facts.replacementTotal)}, above the ${money(rules.maxValue)} limit`);
  }
  if (rules.requirePaymentCaptured && !facts.order.paymentCaptured) reasons.push("The order's payment is not captured yet");
  if (facts.order.customer === null) reasons.push("The order has no customer account");
  if ((facts.history?.lifetimeOrders ?? 0) < rules.minLifetimeOrders) {
    reasons.push(`The customer needs at least ${rules.minLifetimeOrders} ${rules.minLifetimeOrders === 1 ? "order" : "orders"} with the shop`);
  }
  if (facts.serialReturner && !rules.allowSerialReturners) reasons.push("The customer returns often");
  if (facts.balanceDue > 0 && !rules.allowWithBalanceDue) reasons.push(`The customer would owe ${money(facts.balanceDue)} on the replacement`);
  if (rules.customerTags.length > 0) {
    const tags = new Set((facts.order.customer?.tags ?? []).map((value) => value.trim().toLowerCase()));
    if (!rules.customerTags.some((value) => tags.has(value))) reasons.push(`The customer has none of the tags ${rules.customerTags.join(", ")}`);
  }
  return { allowed: reasons.length === 0, reasons };
}
