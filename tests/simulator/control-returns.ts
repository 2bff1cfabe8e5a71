// The control API's returns: what a customer does on Shopify's side (asks for a return from the
// order status page, which is a returnRequest and fires returns/request), what the carrier does
// with a parcel on its way back, and a look at every return of a shop.
import { z } from "zod";
import type { Route } from "./control";
import { gid, parseIdParam } from "./ids";
import { findReverseDelivery, fulfillmentLineItemsOfOrder, moveReverseDelivery, requestReturn, type ReturnRecord } from "./returns";
import { SHOPIFY_RETURN_REASONS } from "../../app/domain/returns/shopify-enums";
import { type ShopState, SimInputError } from "./store";

const requestBody = z
  .object({
    lines: z
      .array(
        z
          .object({
            sku: z.string().min(1).optional(),
            fulfillmentLineItemId: z.string().min(1).optional(),
            quantity: z.number().int().positive(),
            reason: z.enum(SHOPIFY_RETURN_REASONS).default("UNWANTED"),
            note: z.string().max(300).optional(),
          })
          .strict()
          .refine((line) => (line.sku === undefined) !== (line.fulfillmentLineItemId === undefined), "give a sku or a fulfillmentLineItemId"),
      )
      .min(1),
  })
  .strict();

const moveBody = z
  .object({
    to: z.enum(["in_transit", "delivered"]),
    happenedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export function describeReturn(state: ShopState, ret: ReturnRecord) {
  const order = state.orders.get(ret.orderId)!;
  return {
    id: gid("Return", ret.id),
    name: ret.name,
    status: ret.status,
    orderId: gid("Order", order.id),
    orderName: order.name,
    lineItems: ret.lineItems.map((line) => ({
      id: gid("ReturnLineItem", line.id),
      fulfillmentLineItemId: gid("FulfillmentLineItem", line.fulfillmentLineItemId),
      sku: order.lineItems.find((item) => item.id === line.lineItemId)?.sku ?? null,
      quantity: line.quantity,
      processedQuantity: line.processedQuantity,
      returnReason: line.returnReason,
      customerNote: line.customerNote,
    })),
    exchangeLineItems: ret.exchangeLineItems.map((line) => ({
      id: gid("ExchangeLineItem", line.id),
      variantId: gid("ProductVariant", line.variantId),
      quantity: line.quantity,
      processedQuantity: line.processedQuantity,
      lineItemId: line.lineItemId === null ? null : gid("LineItem", line.lineItemId),
    })),
    reverseFulfillmentOrders: ret.reverseFulfillmentOrders.map((rfo) => ({
      id: gid("ReverseFulfillmentOrder", rfo.id),
      status: rfo.status,
      lineItems: rfo.lineItems.map((item) => ({
        id: gid("ReverseFulfillmentOrderLineItem", item.id),
        totalQuantity: item.totalQuantity,
        dispositions: item.dispositions.map((d) => ({ type: d.type, quantity: d.quantity, locationId: d.locationId === null ? null : gid("Location", d.locationId) })),
      })),
      reverseDeliveries: rfo.deliveries.map((delivery) => ({
        id: gid("ReverseDelivery", delivery.id),
        trackingNumber: delivery.trackingNumber,
        trackingUrl: delivery.trackingUrl,
        labelUrl: delivery.labelUrl,
        progress: delivery.progress,
        progressAt: delivery.progressAt,
      })),
    })),
    refundIds: ret.refundIds.map((id) => gid("Refund", id)),
    decline: ret.decline,
    createdAt: ret.createdAt,
  };
}

function returnIn(state: ShopState, param: string): ReturnRecord {
  const id = parseIdParam(param, "Return");
  const found = id === null ? undefined : state.returns.get(id);
  if (!found) throw new SimInputError(404, `No return ${param} in ${state.domain}`);
  return found;
}

const SHOP = "([^/]+)";

export const RETURN_ROUTES: Route[] = [
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/returns$`),
    handle: ({ services, params, query }) => {
      const state = services.store.requireShop(params[0]);
      const order = query.get("order");
      const orderId = order === null ? null : parseIdParam(order, "Order");
      const list = [...state.returns.values()].filter((ret) => orderId === null || ret.orderId === orderId);
      return { status: 200, body: list.map((ret) => describeReturn(state, ret)) };
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/returns/([^/]+)$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      return { status: 200, body: describeReturn(state, returnIn(state, params[1])) };
    },
  },
  {
    // The customer asks for a return on Shopify's side (order status page, customer account).
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/orders/([^/]+)/returns$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const orderId = parseIdParam(params[1], "Order");
      const order = orderId === null ? undefined : state.orders.get(orderId);
      if (!order) throw new SimInputError(404, `No order ${params[1]} in ${state.domain}`);
      const input = requestBody.parse(body);
      const items = fulfillmentLineItemsOfOrder(state, order.id);
      const lines = input.lines.map((line) => {
        const item = line.fulfillmentLineItemId
          ? items.find((candidate) => candidate.id === parseIdParam(line.fulfillmentLineItemId!, "FulfillmentLineItem"))
          : items.find((candidate) => order.lineItems.find((l) => l.id === candidate.lineItemId)?.sku === line.sku);
        if (!item) throw new SimInputError(422, `Nothing of ${line.sku ?? line.fulfillmentLineItemId} on ${order.name} was shipped`);
        return {
          fulfillmentLineItemId: gid("FulfillmentLineItem", item.id),
          quantity: line.quantity,
          returnReason: line.reason,
          customerNote: line.note ?? null,
        };
      });
      const outcome = requestReturn(services.store, state, { orderId: gid("Order", order.id), returnLineItems: lines });
      if ("userErrors" in outcome) throw new SimInputError(422, outcome.userErrors.map((error) => error.message).join("; "));
      return { status: 201, body: describeReturn(state, outcome.ret) };
    },
  },
  {
    // The carrier's scans of a parcel on its way back; Shopify keeps no status for them.
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/reverse-deliveries/([^/]+)/move$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const input = moveBody.parse(body);
      const id = parseIdParam(params[1], "ReverseDelivery");
      const found =
        id !== null
          ? findReverseDelivery(state, id)
          : [...state.returns.values()]
              .flatMap((ret) => ret.reverseFulfillmentOrders.flatMap((rfo) => rfo.deliveries.map((delivery) => ({ ret, rfo, delivery }))))
              .find((entry) => entry.delivery.trackingNumber === params[1]);
      if (!found) throw new SimInputError(404, `No reverse delivery ${params[1]} in ${state.domain} (give its id, gid or tracking number)`);
      moveReverseDelivery(services.store, found.delivery, input.to, input.happenedAt ?? null);
      return { status: 200, body: describeReturn(state, found.ret) };
    },
  },
];
