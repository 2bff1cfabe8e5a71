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
  const { order } = await adminRequest<{ order: { fulfillmentOrders: { nodes: RawFulfillmentOrder[] } } | null }>(graphql, FULFILLMENT_ORDERS_QUERY, {
    id: orderId,
  });
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
export async function holdFulfillmentOrder(graphql: AdminGraphql, fulfillmentOrderId: string, hold: HoldRequest): Promise<"held" | "already-held"> {
  const data = await adminRequest<{ fulfillmentOrderHold: { userErrors: Array<UserError & { code: string | null }> } | null }>(graphql, HOLD, {
    id: fulfillmentOrderId,
    hold: { reason: hold.reason, reasonNotes: hold.reasonNotes.slice(0, 255), handle: hold.handle, notifyMerchant: false },
  });
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
