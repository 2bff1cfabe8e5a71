// What the returns domain reads about an order, and how its functions answer. Plain serialisable
// data: ids are Shopify GIDs as strings, amounts are integer minor units of the order's currency.
import type { Minor } from "./money";

/** One fulfillment line item of the order: Shopify's returns are made of these. */
export interface ReturnableLine {
  /** FulfillmentLineItem id. */
  id: string;
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  sku: string | null;
  productTags: readonly string[];
  collectionIds: readonly string[];
  /** Units shipped in this fulfillment line. */
  quantity: number;
  /** Units of this line in the order's other returns that were not declined or cancelled. */
  returnedQuantity: number;
  /** What the customer paid for `quantity` units after every discount, line and order level (LineItem discount allocations). */
  discountedTotal: Minor;
  /** The tax lines on those units. Added to the value only when the order's prices exclude tax. */
  tax: Minor;
  /** What was refunded for this line already, in earlier returns or plain refunds. */
  refunded: { quantity: number; amount: Minor };
  fulfilledAt: string | null;
  deliveredAt: string | null;
}

export interface ReturnableOrder {
  id: string;
  name: string;
  /** The currency the customer paid in (presentment currency); every amount of the order is in it. */
  currencyCode: string;
  /** Order.taxesIncluded: line totals already contain their tax. */
  taxesIncluded: boolean;
  /** Every payment of the order is captured, so a refund has money to go back to. */
  paymentCaptured: boolean;
  customer: { id: string; tags: readonly string[] } | null;
  lines: readonly ReturnableLine[];
  /** The order's shipping charge, and what of it was refunded already. */
  shipping: { paid: Minor; refunded: Minor };
}

/** What the caller counted about the customer, over the policy's `serialReturner.lookbackDays`. */
export interface CustomerHistory {
  ordersInLookback: number;
  returnsInLookback: number;
  /** All orders ever, for the instant-exchange guard. */
  lifetimeOrders: number;
}

export type Resolution = "refund" | "store_credit" | "exchange";
export const RESOLUTIONS: readonly Resolution[] = ["refund", "store_credit", "exchange"];

/** An input problem, addressed to the field the customer or merchant has to change. */
export interface FieldError {
  /** Dotted path into the input: `lines.0.quantity`. */
  path: string;
  message: string;
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
