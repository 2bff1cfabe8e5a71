import type { FulfillmentOrderLine, FulfillmentOrderSnapshot } from "../domain/fulfilment/fulfillment-order";
import { adminRequest, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Fulfillment orders: where an order's lines ship from, and the holds that stop them shipping.

const FULFILLMENT_ORDERS_QUERY = `#graphql
  query OrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      fulfillmentOrders(first: 5) {
        nodes {
          id
          status
          assignedLocation { location { id } }
          fulfillmentHolds { id handle reason }
          lineItems(first: 25) { nodes { remainingQuantity lineItem { id } } }
        }
      }
    }
  }
`;

export interface FulfillmentOrderState {
  id: string;
  status: string;
  locationId: string | null;
  holds: Array<{ id: string; handle: string | null; reason: string }>;
  lineItems: Array<{ lineItemId: string; remainingQuantity: number }>;
}

interface RawFulfillmentOrder {
  id: string;
  status: string;
  assignedLocation: { location: { id: string } | null };
  fulfillmentHolds: Array<{ id: string; handle: string | null; reason: string }>;
  lineItems: { nodes: Array<{ remainingQuantity: number; lineItem: { id: string } }> };
}

/** The order's fulfillment orders with their holds, or null when the order is gone. */
export async function fetchFulfillmentOrders(graphql: AdminGraphql, orderId: string): Promise<FulfillmentOrderState[] | null> {
  const { order } = await adminRequest<{ order: { fulfillmentOrders: { nodes: RawFulfillmentOrder[] } } | null }>(
    graphql,
    FULFILLMENT_ORDERS_QUERY,
    {
      id: orderId,
    },
  );
  if (!order) return null;
  return order.fulfillmentOrders.nodes.map((raw) => ({
    id: raw.id,
    status: raw.status,
    locationId: raw.assignedLocation.location?.id ?? null,
    holds: raw.fulfillmentHolds,
    lineItems: raw.lineItems.nodes.map((item) => ({ lineItemId: item.lineItem.id, remainingQuantity: item.remainingQuantity })),
  }));
}

const FULFILLMENT_ORDER_ORDER = `#graphql
  query FulfillmentOrderOrder($id: ID!) {
    fulfillmentOrder(id: $id) { orderId }
  }
`;

/** Which order a fulfillment order belongs to (fulfillment-order webhooks name only the fulfillment order). */
export async function orderOfFulfillmentOrder(graphql: AdminGraphql, fulfillmentOrderId: string): Promise<string | null> {
  const { fulfillmentOrder } = await adminRequest<{ fulfillmentOrder: { orderId: string } | null }>(graphql, FULFILLMENT_ORDER_ORDER, {
    id: fulfillmentOrderId,
  });
  return fulfillmentOrder?.orderId ?? null;
}

const HOLD = `#graphql
  mutation FulfillmentOrderHold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id }
      userErrors { field message code }
    }
  }
`;

export interface HoldRequest {
  reason: string;
  reasonNotes: string;
  /** Unique per app and fulfillment order: a second hold with it is refused, which makes holding idempotent. */
  handle: string;
}

/**
 * Puts the whole fulfillment order on hold. A hold with the same handle already there counts as
 * done (another run of the same work placed it).
 */
export async function holdFulfillmentOrder(
  graphql: AdminGraphql,
  fulfillmentOrderId: string,
  hold: HoldRequest,
): Promise<"held" | "already-held"> {
  const data = await adminRequest<{ fulfillmentOrderHold: { userErrors: Array<UserError & { code: string | null }> } | null }>(
    graphql,
    HOLD,
    {
      id: fulfillmentOrderId,
      hold: { reason: hold.reason, reasonNotes: hold.reasonNotes.slice(0, 255), handle: hold.handle, notifyMerchant: false },
    },
  );
  const errors = data.fulfillmentOrderHold?.userErrors ?? [];
  if (errors.length > 0 && errors.every((error) => error.code === "DUPLICATE_FULFILLMENT_HOLD_HANDLE")) return "already-held";
  assertNoUserErrors("fulfillmentOrderHold", data.fulfillmentOrderHold);
  return "held";
}

const RELEASE = `#graphql
  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

/** Releases the named holds only, never another app's or the merchant's. */
export async function releaseFulfillmentOrderHolds(graphql: AdminGraphql, fulfillmentOrderId: string, holdIds: string[]): Promise<void> {
  const data = await adminRequest<{ fulfillmentOrderReleaseHold: { userErrors: UserError[] } | null }>(graphql, RELEASE, {
    id: fulfillmentOrderId,
    holdIds,
  });
  assertNoUserErrors("fulfillmentOrderReleaseHold", data.fulfillmentOrderReleaseHold);
}

// For the fulfilment stage: status, the order's destination and promise, the assigned location,
// and each line's SKU, barcode, weight and what remains.

const FULFILLMENT_ORDER_FIELDS = `#graphql
  fragment FulfilmentOrderFields on FulfillmentOrder {
    id
    status
    fulfillmentHolds { displayReason }
    updatedAt
    order {
      id
      name
      tags
      currencyCode
      shippingLine { title }
      paymentGatewayNames
      totalOutstandingSet { shopMoney { amount } }
      subtotalPriceSet { shopMoney { amount } }
      shippingAddress { name address1 address2 city provinceCode countryCodeV2 zip }
    }
    assignedLocation { name location { id legacyResourceId } }
  }
`;

const LINE_FIELDS = `#graphql
  fragment FulfilmentOrderLineFields on FulfillmentOrderLineItem {
    id
    sku
    productTitle
    variantTitle
    totalQuantity
    remainingQuantity
    weight { unit value }
    lineItem { id originalUnitPriceSet { shopMoney { amount } } }
    variant { barcode product { tags } }
  }
`;

const FULFILLMENT_ORDER_QUERY = `#graphql
  query FulfilmentOrder($id: ID!) {
    fulfillmentOrder(id: $id) {
      ...FulfilmentOrderFields
      lineItems(first: 50) {
        nodes { ...FulfilmentOrderLineFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${FULFILLMENT_ORDER_FIELDS}
  ${LINE_FIELDS}
`;

const MORE_LINES_QUERY = `#graphql
  query FulfilmentOrderMoreLines($id: ID!, $after: String!) {
    fulfillmentOrder(id: $id) {
      lineItems(first: 50, after: $after) {
        nodes { ...FulfilmentOrderLineFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${LINE_FIELDS}
`;

// 15 fulfillment orders of up to 5 lines keep a page under 800 points; one with more lines is
// read again on its own.
const OPEN_FULFILLMENT_ORDERS_QUERY = `#graphql
  query OpenFulfilmentOrders($query: String, $after: String) {
    fulfillmentOrders(first: 15, after: $after, query: $query, sortKey: ID) {
      nodes {
        ...FulfilmentOrderFields
        lineItems(first: 5) {
          nodes { ...FulfilmentOrderLineFields }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${FULFILLMENT_ORDER_FIELDS}
  ${LINE_FIELDS}
`;

const WEIGHT_IN_KG: Record<string, number> = { GRAMS: 0.001, KILOGRAMS: 1, OUNCES: 0.028349523125, POUNDS: 0.45359237 };

interface RawLine {
  id: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  totalQuantity: number;
  remainingQuantity: number;
  weight: { unit: string; value: number } | null;
  lineItem: { id: string; originalUnitPriceSet: { shopMoney: { amount: string } } };
  variant: { barcode: string | null; product: { tags: string[] } } | null;
}

interface LinePage {
  nodes: RawLine[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface RawFulfilmentOrder {
  id: string;
  status: string;
  fulfillmentHolds: { displayReason: string }[];
  updatedAt: string;
  order: {
    id: string;
    name: string;
    tags: string[];
    currencyCode: string;
    shippingLine: { title: string } | null;
    paymentGatewayNames: string[];
    totalOutstandingSet: { shopMoney: { amount: string } };
    subtotalPriceSet: { shopMoney: { amount: string } };
    shippingAddress: {
      name: string | null;
      address1: string | null;
      address2: string | null;
      city: string | null;
      provinceCode: string | null;
      countryCodeV2: string | null;
      zip: string | null;
    } | null;
  };
  assignedLocation: { name: string; location: { id: string; legacyResourceId: string } | null };
  lineItems: LinePage;
}

function toLine(raw: RawLine): FulfillmentOrderLine {
  const kg = raw.weight && raw.weight.value > 0 ? raw.weight.value * (WEIGHT_IN_KG[raw.weight.unit] ?? 0) : null;
  return {
    id: raw.id,
    lineItemId: raw.lineItem.id,
    sku: raw.sku || null,
    barcode: raw.variant?.barcode || null,
    productTitle: raw.productTitle,
    variantTitle: raw.variantTitle,
    totalQuantity: raw.totalQuantity,
    remainingQuantity: raw.remainingQuantity,
    unitWeightKg: kg,
    unitPrice: Number(raw.lineItem.originalUnitPriceSet.shopMoney.amount),
    fragile: raw.variant?.product.tags.some((tag) => tag.trim().toLowerCase() === "fragile") ?? false,
  };
}

function toSnapshot(raw: RawFulfilmentOrder, lines: FulfillmentOrderLine[]): FulfillmentOrderSnapshot {
  const address = raw.order.shippingAddress;
  const location = raw.assignedLocation.location;
  return {
    id: raw.id,
    legacyId: raw.id.split("/").pop()!,
    status: raw.status,
    holds: raw.fulfillmentHolds.map((hold) => hold.displayReason),
    updatedAt: raw.updatedAt,
    order: {
      id: raw.order.id,
      name: raw.order.name,
      tags: raw.order.tags,
      shippingLineTitle: raw.order.shippingLine?.title ?? null,
      paymentGatewayNames: raw.order.paymentGatewayNames,
      totalOutstanding: Number(raw.order.totalOutstandingSet.shopMoney.amount),
      subtotal: Number(raw.order.subtotalPriceSet.shopMoney.amount),
      currency: raw.order.currencyCode,
      shippingAddress: address && {
        name: address.name,
        address1: address.address1,
        address2: address.address2,
        city: address.city,
        provinceCode: address.provinceCode,
        countryCode: address.countryCodeV2,
        zip: address.zip,
      },
    },
    location: { id: location?.id ?? "", legacyId: location ? String(location.legacyResourceId) : "", name: raw.assignedLocation.name },
    lines,
  };
}

async function allLines(graphql: AdminGraphql, id: string, first: LinePage): Promise<FulfillmentOrderLine[]> {
  const lines = first.nodes.map(toLine);
  let page = first.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const next = await adminRequest<{ fulfillmentOrder: { lineItems: LinePage } | null }>(graphql, MORE_LINES_QUERY, {
      id,
      after: page.endCursor,
    });
    if (!next.fulfillmentOrder) break;
    lines.push(...next.fulfillmentOrder.lineItems.nodes.map(toLine));
    page = next.fulfillmentOrder.lineItems.pageInfo;
  }
  return lines;
}

/** One fulfillment order as Shopify has it now, or null when there is none with that id. */
export async function fetchFulfillmentOrder(graphql: AdminGraphql, id: string): Promise<FulfillmentOrderSnapshot | null> {
  const { fulfillmentOrder } = await adminRequest<{ fulfillmentOrder: RawFulfilmentOrder | null }>(graphql, FULFILLMENT_ORDER_QUERY, {
    id,
  });
  if (!fulfillmentOrder) return null;
  return toSnapshot(fulfillmentOrder, await allLines(graphql, fulfillmentOrder.id, fulfillmentOrder.lineItems));
}

/**
 * Fulfillment orders that are not closed (open, in progress, on hold, scheduled), at one
 * location or at all of them, oldest first; at most `limit`.
 */
export async function listOpenFulfillmentOrders(
  graphql: AdminGraphql,
  options: { locationLegacyId?: string; limit: number },
): Promise<{ fulfillmentOrders: FulfillmentOrderSnapshot[]; more: boolean }> {
  const query = options.locationLegacyId ? `assigned_location_id:${options.locationLegacyId}` : null;
  const result: FulfillmentOrderSnapshot[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { fulfillmentOrders: { nodes: RawFulfilmentOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await adminRequest(graphql, OPEN_FULFILLMENT_ORDERS_QUERY, { query, after });
    for (const raw of data.fulfillmentOrders.nodes) {
      if (result.length === options.limit) return { fulfillmentOrders: result, more: true };
      result.push(toSnapshot(raw, await allLines(graphql, raw.id, raw.lineItems)));
    }
    const page = data.fulfillmentOrders.pageInfo;
    if (!page.hasNextPage || !page.endCursor) return { fulfillmentOrders: result, more: false };
    after = page.endCursor;
  }
}
