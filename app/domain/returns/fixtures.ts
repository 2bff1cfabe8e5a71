// Builders for the returns tests: one delivered order of two jackets and a cap that every rule
// accepts, to change one thing at a time.
import type { VariantOffer } from "./exchange";
import { DEFAULT_RETURN_POLICY, parseReturnPolicy, type ReturnPolicy, type ReturnPolicyInput } from "./policy";
import { returnRequestSchema, type RequestContext, type ReturnRequestInput } from "./request";
import { applyReturnCommand, openReturn, type OpenReturnInput, type ReturnCommand, type ReturnLineRequest, type ReturnState } from "./return-model";
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

/** A requested line for the model, valued like the jacket line: 2 units, $240.00. */
export function aReturnLine(overrides: Partial<ReturnLineRequest> = {}): ReturnLineRequest {
  return {
    id: "gid://shopify/FulfillmentLineItem/1",
    lineItemId: "gid://shopify/LineItem/1",
    productId: "gid://shopify/Product/10",
    variantId: "gid://shopify/ProductVariant/11",
    title: "Trailhead Rain Jacket — M",
    sku: "TRJ-M",
    quantity: 2,
    returnable: 2,
    value: { units: 2, amount: 24_000 },
    reason: "SIZE_TOO_SMALL",
    shopifyReason: "SIZE_TOO_SMALL",
    merchantFault: false,
    note: null,
    photoUrls: [],
    resolution: "refund",
    restockingFeeApplies: false,
    restockingFeeBps: 0,
    ...overrides,
  };
}

export function anOpenInput(overrides: Partial<OpenReturnInput> = {}): OpenReturnInput {
  return {
    id: "return-1",
    at: "2026-10-20T12:00:00Z",
    orderId: "gid://shopify/Order/1001",
    orderName: "#1001",
    customerId: "gid://shopify/Customer/7",
    currencyCode: "USD",
    lines: [aReturnLine()],
    exchange: null,
    terms: { restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 0, exchangeRemainderTo: "store_credit" },
    review: { autoApprove: true, reasons: [] },
    ...overrides,
  };
}

export function opened(overrides: Partial<OpenReturnInput> = {}): ReturnState {
  const result = openReturn(anOpenInput(overrides));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Applies commands that must all succeed. */
export function run(state: ReturnState, ...commands: ReturnCommand[]): ReturnState {
  return commands.reduce((current, command) => {
    const result = applyReturnCommand(current, command);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
    return result.value;
  }, state);
}

export const at = (day: number) => `2026-10-${String(day).padStart(2, "0")}T10:00:00Z`;

export function aContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return { now: NOW, history: { ordersInLookback: 2, returnsInLookback: 0, lifetimeOrders: 5 }, offers: {}, ...overrides };
}

export function aRequest(input: ReturnRequestInput) {
  return returnRequestSchema.parse(input);
}
