// What intake validation reads. Structural subsets of the snapshot in app/shopify/orders.server.ts,
// so the app passes its ShopifyOrder as it is; everything the rules look up elsewhere comes in the
// context, so the rules stay pure.

export interface IntakeAddress {
  name?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  countryCode?: string | null;
  phone?: string | null;
}

export interface IntakeLineItem {
  id?: string;
  title: string;
  sku: string | null;
  quantity: number;
  variantId: string | null;
  /** False for gift cards and digital goods; absent means the line ships. */
  requiresShipping?: boolean;
}

export interface IntakeShippingLine {
  title: string;
  code?: string | null;
  carrierIdentifier?: string | null;
  source?: string | null;
}

export interface IntakeOrder {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt?: string;
  customer: { id: string; email: string | null; phone: string | null } | null;
  shippingAddress: IntakeAddress | null;
  lineItems: readonly IntakeLineItem[];
  shippingLines?: readonly IntakeShippingLine[];
}

/** How much of one variant this shop's past orders asked for, per order. */
export interface QuantityStats {
  orders: number;
  median: number;
  p95: number;
}

export interface LocationStock {
  locationId: string;
  locationName: string;
  available: number;
}

export interface PastOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt?: string | null;
  email: string | null;
  customerId: string | null;
  lineItems: ReadonlyArray<Pick<IntakeLineItem, "title" | "sku" | "variantId" | "quantity">>;
}

/** What the caller looked up for this order. A rule whose data is absent skips rather than guesses. */
export interface IntakeContext {
  now: Date;
  /** By variant id. */
  quantityHistory?: Readonly<Record<string, QuantityStats>>;
  /** By SKU: what each location that fulfils online orders has available. */
  inventory?: Readonly<Record<string, readonly LocationStock[]>>;
  catalogue?: { skus: readonly string[]; variantIds: readonly string[] };
  /** The same customer's (or email's) orders of the last days, this one excluded or not. */
  recentOrders?: readonly PastOrder[];
  /** The carriers this shop ships with, by name ("UPS", "USPS", "DHL Express"). */
  shopCarriers?: readonly string[];
}

export type Severity = "block" | "warn" | "info";

export type ErrorClass = "customer" | "fulfillment" | "shipping";

/** Shopify Admin API 2026-10, enum FulfillmentHoldReason (every value, in the schema's order). */
export const FULFILLMENT_HOLD_REASONS = [
  "AWAITING_PAYMENT",
  "AWAITING_RETURN_ITEMS",
  "HIGH_RISK_OF_FRAUD",
  "INCORRECT_ADDRESS",
  "INVENTORY_OUT_OF_STOCK",
  "ONLINE_STORE_POST_PURCHASE_CROSS_SELL",
  "OTHER",
  "UNKNOWN_DELIVERY_DATE",
] as const;

export type FulfillmentHoldReason = (typeof FULFILLMENT_HOLD_REASONS)[number];
