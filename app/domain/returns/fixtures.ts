// Builders for the returns tests: one delivered order of two jackets and a cap that every rule
// accepts, to change one thing at a time.
import type { VariantOffer } from "./exchange";
import { DEFAULT_RETURN_POLICY, parseReturnPolicy, type ReturnPolicy, type ReturnPolicyInput } from "./policy";
import type { ReturnableLine, ReturnableOrder } from "./types";

export const NOW = new Date("2026-10-20T12:00:00Z");
export const DELIVERED_AT = "2026-10-02T15:30:00Z";

export function aLine(overrides: Partial<ReturnableLine> = {}): ReturnableLine {
  return {
    id: "gid://shopify/FulfillmentLineItem/1",
    lineItemId: "gid://shopify/LineItem/1",
    productId: "gid://shopify/Product/10",
    variantId: "gid://shopify/ProductVariant/11",
    title: "Trailhead Rain Jacket — M",
    sku: "TRJ-M",
    productTags: ["outerwear"],
    collectionIds: ["gid://shopify/Collection/5"],
    quantity: 2,
    returnedQuantity: 0,
    discountedTotal: 24_000,
    tax: 0,
    refunded: { quantity: 0, amount: 0 },
    fulfilledAt: "2026-09-29T09:00:00Z",
    deliveredAt: DELIVERED_AT,
    ...overrides,
  };
}

export const CAP = aLine({
  id: "gid://shopify/FulfillmentLineItem/2",
  lineItemId: "gid://shopify/LineItem/2",
  productId: "gid://shopify/Product/20",
  variantId: "gid://shopify/ProductVariant/21",
  title: "Ridge Cap",
  sku: "RC-1",
  productTags: ["accessories"],
  collectionIds: [],
  quantity: 1,
  discountedTotal: 2_500,
});

export function anOrder(overrides: Partial<ReturnableOrder> = {}): ReturnableOrder {
  return {
    id: "gid://shopify/Order/1001",
    name: "#1001",
    currencyCode: "USD",
    taxesIncluded: true,
    paymentCaptured: true,
    customer: { id: "gid://shopify/Customer/7", tags: [] },
    lines: [aLine(), CAP],
    shipping: { paid: 900, refunded: 0 },
    ...overrides,
  };
}

export function aPolicy(input: ReturnPolicyInput = {}): ReturnPolicy {
  return Object.keys(input).length === 0 ? DEFAULT_RETURN_POLICY : parseReturnPolicy(input);
}

export const OFFERS: Record<string, VariantOffer> = {
  "gid://shopify/ProductVariant/12": {
    productId: "gid://shopify/Product/10",
    title: "Trailhead Rain Jacket — L",
    unitPrice: 12_000,
    available: { "gid://shopify/Location/1": 3 },
  },
  "gid://shopify/ProductVariant/13": {
    productId: "gid://shopify/Product/10",
    title: "Trailhead Rain Jacket — XL",
    unitPrice: 13_500,
    available: { "gid://shopify/Location/1": 1, "gid://shopify/Location/2": 0 },
  },
  "gid://shopify/ProductVariant/31": {
    productId: "gid://shopify/Product/30",
    title: "Summit Fleece",
    unitPrice: 9_000,
    available: { "gid://shopify/Location/1": 10 },
  },
};

export const WAREHOUSE = "gid://shopify/Location/1";
