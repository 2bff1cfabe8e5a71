import { GraphQLError } from "graphql";
import { gid } from "../../ids";
import type { FulfillmentHoldReason, FulfillmentHoldRecord, FulfillmentOrderRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { idOf, requireGid } from "./common";
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
    orderName: order.name,
    status: fulfillmentOrder.status,
    requestStatus: fulfillmentOrder.requestStatus,
    fulfillmentHolds: fulfillmentOrder.holds.map(fulfillmentHoldView),
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

const DISPLAY_REASON: Record<FulfillmentHoldReason, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Post-purchase upsell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

export function fulfillmentHoldView(hold: FulfillmentHoldRecord): View {
  return {
    __typename: "FulfillmentHold",
    id: gid("FulfillmentHold", hold.id),
    handle: hold.handle,
    reason: hold.reason,
    reasonNotes: hold.reasonNotes,
    displayReason: DISPLAY_REASON[hold.reason],
    heldByRequestingApp: hold.heldByApp,
  };
}

interface HoldArgs {
  id: string;
  fulfillmentHold: {
    reason: FulfillmentHoldReason;
    reasonNotes?: string | null;
    handle?: string | null;
    externalId?: string | null;
    notifyMerchant?: boolean | null;
    fulfillmentOrderLineItems?: unknown[] | null;
  };
}

function fulfillmentOrderHold({ id, fulfillmentHold }: HoldArgs, context: SimContext) {
  if (fulfillmentHold.fulfillmentOrderLineItems?.length) {
    throw new GraphQLError("Simulator: holds on some line items of a fulfillment order (fulfillmentOrderLineItems) are not implemented");
  }
  const numeric = idOf(id, "FulfillmentOrder");
  const result = context.store.holdFulfillmentOrder(context.shop.domain, numeric ?? -1, fulfillmentHold);
  return {
    fulfillmentHold: result.hold && fulfillmentHoldView(result.hold),
    fulfillmentOrder: result.fulfillmentOrder && fulfillmentOrderView(context, result.fulfillmentOrder),
    remainingFulfillmentOrder: null,
    userErrors: result.userErrors,
  };
}

function fulfillmentOrderReleaseHold({ id, holdIds }: { id: string; holdIds?: string[] | null; externalId?: string | null }, context: SimContext) {
  const numeric = idOf(id, "FulfillmentOrder");
  const ids = holdIds ? holdIds.map((holdId) => {
    const parsed = requireGid(holdId);
    return parsed.type === "FulfillmentHold" ? parsed.id : -1;
  }) : null;
  const result = context.store.releaseFulfillmentOrderHold(context.shop.domain, numeric ?? -1, ids);
  return {
    fulfillmentOrder: result.fulfillmentOrder && fulfillmentOrderView(context, result.fulfillmentOrder),
    userErrors: result.userErrors,
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
  mutation: { fulfillmentOrderHold, fulfillmentOrderReleaseHold },
  nodes: { FulfillmentOrder: findFulfillmentOrder },
};
