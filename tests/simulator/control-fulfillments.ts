// The control API's fulfilments: what the simulated shop has shipped, and the carrier's side of
// each parcel. A move is what a carrier's tracking integration does on a real shop: it creates a
// fulfillment event (fulfillmentEventCreate), and Shopify then sends fulfillment_events/create
// and fulfillments/update to the apps that subscribe.
import { z } from "zod";
import type { Route } from "./control";
import { displayStatus } from "./graphql/resolvers/fulfillments";
import { gid, parseIdParam } from "./ids";
import { type FulfillmentEventStatus, type FulfillmentRecord, type ShopState, SimInputError } from "./store";

/** Each move of a parcel as the Shopify status and message a carrier reports it with. */
export const SHIPMENT_MOVES: Record<string, { status: FulfillmentEventStatus; message: string | null }> = {
  picked_up: { status: "CARRIER_PICKED_UP", message: "Picked up by the carrier" },
  in_transit: { status: "IN_TRANSIT", message: null },
  out_for_delivery: { status: "OUT_FOR_DELIVERY", message: null },
  failed_attempt: { status: "ATTEMPTED_DELIVERY", message: "Delivery attempted: nobody was there to receive it" },
  delivered: { status: "DELIVERED", message: null },
  // Shopify has no status for these two: carriers report a return as a failure to deliver, and
  // damage on the delivery scan.
  rto: { status: "FAILURE", message: "Returned to sender" },
  damaged: { status: "DELIVERED", message: "Delivered; the parcel was damaged in transit" },
};

const moveBody = z
  .object({
    to: z.enum(Object.keys(SHIPMENT_MOVES) as [string, ...string[]]),
    happenedAt: z.string().datetime({ offset: true }).optional(),
    message: z.string().min(1).optional(),
  })
  .strict();

export function describeFulfillment(state: ShopState, fulfillment: FulfillmentRecord) {
  const order = state.orders.get(fulfillment.orderId)!;
  return {
    id: gid("Fulfillment", fulfillment.id),
    legacyId: fulfillment.id,
    name: fulfillment.name,
    orderId: gid("Order", order.id),
    orderName: order.name,
    locationId: gid("Location", fulfillment.locationId),
    status: fulfillment.status,
    displayStatus: displayStatus(fulfillment),
    notifyCustomer: fulfillment.notifyCustomer,
    trackingInfo: fulfillment.trackingInfo,
    fulfillmentOrderIds: [...new Set(fulfillment.lineItems.map((item) => gid("FulfillmentOrder", item.fulfillmentOrderId)))],
    lineItems: fulfillment.lineItems.map((item) => ({
      lineItemId: gid("LineItem", item.lineItemId),
      fulfillmentOrderLineItemId: gid("FulfillmentOrderLineItem", item.fulfillmentOrderLineItemId),
      sku: order.lineItems.find((line) => line.id === item.lineItemId)?.sku ?? null,
      quantity: item.quantity,
    })),
    events: fulfillment.events.map((event) => ({
      id: gid("FulfillmentEvent", event.id),
      status: event.status,
      message: event.message,
      happenedAt: event.happenedAt,
    })),
    createdAt: fulfillment.createdAt,
  };
}

/** A fulfilment by its id, its gid or one of its tracking numbers. */
function fulfillmentIn(state: ShopState, param: string): FulfillmentRecord {
  const id = parseIdParam(param, "Fulfillment");
  const found =
    id !== null
      ? state.fulfillments.get(id)
      : [...state.fulfillments.values()].find((fulfillment) => fulfillment.trackingInfo.some((info) => info.number === param));
  if (!found) throw new SimInputError(404, `No fulfillment ${param} in ${state.domain} (give its id, gid or tracking number)`);
  return found;
}

const SHOP = "([^/]+)";

export const FULFILLMENT_ROUTES: Route[] = [
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/fulfillments$`),
    handle: ({ services, params, query }) => {
      const state = services.store.requireShop(params[0]);
      const order = query.get("order");
      const orderId = order === null ? null : parseIdParam(order, "Order");
      const list = [...state.fulfillments.values()].filter((fulfillment) => orderId === null || fulfillment.orderId === orderId);
      return { status: 200, body: list.map((fulfillment) => describeFulfillment(state, fulfillment)) };
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/fulfillments/([^/]+)$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      return { status: 200, body: describeFulfillment(state, fulfillmentIn(state, params[1])) };
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/fulfillments/([^/]+)/move$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const fulfillment = fulfillmentIn(state, params[1]);
      const input = moveBody.parse(body);
      const move = SHIPMENT_MOVES[input.to];
      const { userErrors } = services.store.createFulfillmentEvent(state.domain, fulfillment.id, {
        status: move.status,
        message: input.message ?? move.message,
        happenedAt: input.happenedAt ?? null,
      });
      if (userErrors.length > 0) throw new SimInputError(422, userErrors.map((error) => error.message).join("; "));
      return { status: 200, body: describeFulfillment(state, fulfillment) };
    },
  },
];
