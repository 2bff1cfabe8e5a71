import { gid } from "../../ids";
import type { FulfillmentOrderRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { idOf } from "./common";
import { fulfillmentOrderFulfillments } from "./fulfillments";
import { locationView } from "./locations";
import { lineItemView, orderView } from "./orders";
import { variantView } from "./products";

export function fulfillmentOrderView(context: SimContext, fulfillmentOrder: FulfillmentOrderRecord): View {
  const { shop } = context;
  const order = shop.orders.get(fulfillmentOrder.orderId)!;
  const location = shop.locations.get(fulfillmentOrder.locationId)!;
  return {
    __typename: "FulfillmentOrder",
    id: gid("FulfillmentOrder", fulfillmentOrder.id),
    orderId: gid("Order", order.id),
    order: () => orderView(context, order),
    status: fulfillmentOrder.status,
    requestStatus: fulfillmentOrder.requestStatus,
    createdAt: fulfillmentOrder.createdAt,
    updatedAt: fulfillmentOrder.updatedAt,
    assignedLocation: {
      name: location.name,
      address1: location.address?.address1 ?? null,
      address2: location.address?.address2 ?? null,
      city: location.address?.city ?? null,
      province: location.address?.province ?? null,
      zip: location.address?.zip ?? null,
      phone: location.address?.phone ?? null,
      countryCode: location.address?.countryCode ?? null,
      location: () => locationView(context, location),
    },
    lineItems: (args: ConnectionArgs) =>
      connection(fulfillmentOrder.lineItems, args, (item) => {
        const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId)!;
        return {
          __typename: "FulfillmentOrderLineItem",
          id: gid("FulfillmentOrderLineItem", item.id),
          totalQuantity: item.totalQuantity,
          remainingQuantity: item.remainingQuantity,
          sku: line.sku,
          productTitle: line.title,
          variantTitle: line.variantTitle,
          weight: () => {
            const variant = shop.variants.get(line.variantId);
            return (variant && shop.inventoryItems.get(variant.inventoryItemId)?.weight) ?? null;
          },
          requiresShipping: line.requiresShipping,
          lineItem: () => lineItemView(context, order, line),
          variant: () => {
            const variant = shop.variants.get(line.variantId);
            return variant ? variantView(context, variant) : null;
          },
        };
      }),
    fulfillments: (args: ConnectionArgs) => fulfillmentOrderFulfillments(context, fulfillmentOrder, args),
  };
}

export function findFulfillmentOrder(context: SimContext, id: number): View | null {
  const fulfillmentOrder = context.shop.fulfillmentOrders.get(id);
  return fulfillmentOrder ? fulfillmentOrderView(context, fulfillmentOrder) : null;
}

export const fulfillmentOrderResolvers: ResolverModule = {
  query: {
    fulfillmentOrder: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "FulfillmentOrder");
      return numeric === null ? null : findFulfillmentOrder(context, numeric);
    },
  },
  nodes: { FulfillmentOrder: findFulfillmentOrder },
};
