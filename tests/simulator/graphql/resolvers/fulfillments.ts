// Fulfillments and their tracking events: fulfillmentCreate, fulfillmentEventCreate, the
// `fulfillment` and `fulfillmentOrders` queries, and the views that Order and FulfillmentOrder
// link to.
import { GraphQLError } from "graphql";
import { gid } from "../../ids";
import type {
  FulfillmentEventRecord,
  FulfillmentEventStatus,
  FulfillmentLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  OrderRecord,
  ShopState,
} from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, applySort, type SearchFields } from "../search";
import { idOf, moneyBag, rejectUnsupportedArgs, requireGid } from "./common";
import { fulfillmentOrderView } from "./fulfillment-orders";
import { locationView } from "./locations";
import { lineItemView, orderView } from "./orders";

function byHappenedAt(events: readonly FulfillmentEventRecord[]): FulfillmentEventRecord[] {
  return [...events].sort((a, b) => a.happenedAt.localeCompare(b.happenedAt) || a.id - b.id);
}

/** The latest tracking event's status, as Shopify shows it; "FULFILLED" before the carrier reports any. */
export function displayStatus(fulfillment: FulfillmentRecord): FulfillmentEventStatus | "FULFILLED" | "CANCELED" {
  if (fulfillment.status === "CANCELLED") return "CANCELED";
  return byHappenedAt(fulfillment.events).at(-1)?.status ?? "FULFILLED";
}

function fulfillmentEventView(event: FulfillmentEventRecord): View {
  return {
    __typename: "FulfillmentEvent",
    id: gid("FulfillmentEvent", event.id),
    status: event.status,
    message: event.message,
    happenedAt: event.happenedAt,
    createdAt: event.createdAt,
    estimatedDeliveryAt: event.estimatedDeliveryAt,
    address1: event.address1,
    city: event.city,
    province: event.province,
    country: event.country,
    zip: event.zip,
  };
}

export function fulfillmentLineItemView(context: SimContext, order: OrderRecord, item: FulfillmentLineItemRecord): View {
  const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId)!;
  return {
    __typename: "FulfillmentLineItem",
    id: gid("FulfillmentLineItem", item.id),
    quantity: item.quantity,
    lineItem: () => lineItemView(context, order, line),
    originalTotalSet: moneyBag(line.price * item.quantity, order.currencyCode),
    discountedTotalSet: moneyBag(line.price * item.quantity, order.currencyCode),
  };
}

export function fulfillmentView(context: SimContext, fulfillment: FulfillmentRecord): View {
  const { shop } = context;
  const order = shop.orders.get(fulfillment.orderId)!;
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", fulfillment.id),
    legacyResourceId: String(fulfillment.id),
    name: fulfillment.name,
    status: fulfillment.status,
    displayStatus: displayStatus(fulfillment),
    createdAt: fulfillment.createdAt,
    updatedAt: fulfillment.updatedAt,
    inTransitAt: fulfillment.inTransitAt,
    deliveredAt: fulfillment.deliveredAt,
    estimatedDeliveryAt: byHappenedAt(fulfillment.events).findLast((event) => event.estimatedDeliveryAt)?.estimatedDeliveryAt ?? null,
    requiresShipping: true,
    totalQuantity: fulfillment.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    trackingInfo: ({ first }: { first?: number | null }) => fulfillment.trackingInfo.slice(0, first ?? undefined),
    order: () => orderView(context, order),
    location: () => {
      const location = shop.locations.get(fulfillment.locationId);
      return location ? locationView(context, location) : null;
    },
    fulfillmentLineItems: (args: ConnectionArgs) => connection(fulfillment.lineItems, args, (item) => fulfillmentLineItemView(context, order, item)),
    fulfillmentOrders: (args: ConnectionArgs) => {
      const ids = [...new Set(fulfillment.lineItems.map((item) => item.fulfillmentOrderId))];
      return connection(
        ids.map((id) => shop.fulfillmentOrders.get(id)!),
        args,
        (fulfillmentOrder) => fulfillmentOrderView(context, fulfillmentOrder),
      );
    },
    events: (args: ConnectionArgs & { sortKey?: string | null }) => {
      const { sorted, sortValue } = applySort("fulfillment events", byHappenedAt(fulfillment.events), args.sortKey ?? "HAPPENED_AT", {
        HAPPENED_AT: (event) => event.happenedAt,
        ID: (event) => event.id,
      });
      return connection(sorted, args, fulfillmentEventView, sortValue);
    },
  };
}

function fulfillmentsOfFulfillmentOrder(shop: ShopState, fulfillmentOrder: FulfillmentOrderRecord): FulfillmentRecord[] {
  return [...shop.fulfillments.values()].filter((fulfillment) =>
    fulfillment.lineItems.some((item) => item.fulfillmentOrderId === fulfillmentOrder.id),
  );
}

/** Order.fulfillments: a plain list, not a connection. */
export function orderFulfillments(context: SimContext, orderId: number, args: { first?: number | null; query?: string | null }): View[] {
  rejectUnsupportedArgs("Order.fulfillments", args, ["query"]);
  return context.store
    .fulfillmentsOfOrder(context.shop, orderId)
    .slice(0, args.first ?? undefined)
    .map((fulfillment) => fulfillmentView(context, fulfillment));
}

/** FulfillmentOrder.fulfillments. */
export function fulfillmentOrderFulfillments(context: SimContext, fulfillmentOrder: FulfillmentOrderRecord, args: ConnectionArgs): unknown {
  return connection(fulfillmentsOfFulfillmentOrder(context.shop, fulfillmentOrder), args, (fulfillment) =>
    fulfillmentView(context, fulfillment),
  );
}

function findFulfillment(context: SimContext, id: number): View | null {
  const fulfillment = context.shop.fulfillments.get(id);
  return fulfillment ? fulfillmentView(context, fulfillment) : null;
}

const FULFILLMENT_ORDER_SEARCH: SearchFields<FulfillmentOrderRecord> = {
  id: { kind: "number", get: (fo) => fo.id },
  assigned_location_id: { kind: "number", get: (fo) => fo.locationId },
  status: { kind: "text", get: (fo) => fo.status },
  updated_at: { kind: "date", get: (fo) => fo.updatedAt },
};

interface FulfillmentOrdersArgs extends ConnectionArgs {
  query?: string | null;
  sortKey?: string | null;
  includeClosed?: boolean | null;
}

function numericId(value: string, type: string, field: string): number {
  const parsed = requireGid(value);
  if (parsed.type !== type)
    throw new GraphQLError(`Invalid global id '${value}' for ${field}`, { extensions: { code: "argumentLiteralsIncompatible" } });
  return parsed.id;
}

interface FulfillmentCreateArgs {
  fulfillment: {
    lineItemsByFulfillmentOrder: Array<{
      fulfillmentOrderId: string;
      fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }> | null;
    }>;
    trackingInfo?: {
      company?: string | null;
      number?: string | null;
      numbers?: string[] | null;
      url?: string | null;
      urls?: string[] | null;
    } | null;
    notifyCustomer?: boolean | null;
    originAddress?: unknown;
  };
  message?: string | null;
}

function fulfillmentCreate({ fulfillment }: FulfillmentCreateArgs, context: SimContext) {
  if (fulfillment.originAddress) throw new GraphQLError("Simulator: FulfillmentInput.originAddress is not implemented");
  const result = context.store.createFulfillment(context.shop.domain, {
    lineItemsByFulfillmentOrder: fulfillment.lineItemsByFulfillmentOrder.map((entry) => ({
      fulfillmentOrderId: numericId(entry.fulfillmentOrderId, "FulfillmentOrder", "fulfillmentOrderId"),
      fulfillmentOrderLineItems: entry.fulfillmentOrderLineItems?.map((item) => ({
        id: numericId(item.id, "FulfillmentOrderLineItem", "id"),
        quantity: item.quantity,
      })),
    })),
    trackingInfo: fulfillment.trackingInfo,
    notifyCustomer: fulfillment.notifyCustomer,
  });
  return { fulfillment: result.fulfillment && fulfillmentView(context, result.fulfillment), userErrors: result.userErrors };
}

interface FulfillmentEventCreateArgs {
  fulfillmentEvent: {
    fulfillmentId: string;
    status: FulfillmentEventStatus;
    message?: string | null;
    happenedAt?: string | null;
    estimatedDeliveryAt?: string | null;
    address1?: string | null;
    city?: string | null;
    province?: string | null;
    country?: string | null;
    zip?: string | null;
    latitude?: number | null;
    longitude?: number | null;
  };
}

function fulfillmentEventCreate({ fulfillmentEvent }: FulfillmentEventCreateArgs, context: SimContext) {
  rejectUnsupportedArgs("FulfillmentEventInput", fulfillmentEvent, ["latitude", "longitude"]);
  const { fulfillmentId, ...input } = fulfillmentEvent;
  const result = context.store.createFulfillmentEvent(context.shop.domain, idOf(fulfillmentId, "Fulfillment") ?? -1, input);
  return { fulfillmentEvent: result.event && fulfillmentEventView(result.event), userErrors: result.userErrors };
}

export const fulfillmentResolvers: ResolverModule = {
  query: {
    fulfillment: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Fulfillment");
      return numeric === null ? null : findFulfillment(context, numeric);
    },
    fulfillmentOrders: (args: FulfillmentOrdersArgs, context) => {
      const all = [...context.shop.fulfillmentOrders.values()].filter(
        (fo) => args.includeClosed || (fo.status !== "CLOSED" && fo.status !== "CANCELLED"),
      );
      const matching = applySearch("fulfillment order", all, args.query, FULFILLMENT_ORDER_SEARCH);
      const { sorted, sortValue } = applySort("fulfillmentOrders", matching, args.sortKey, {
        ID: (fo) => fo.id,
        UPDATED_AT: (fo) => fo.updatedAt,
      });
      return connection(sorted, args, (fo) => fulfillmentOrderView(context, fo), sortValue);
    },
  },
  mutation: { fulfillmentCreate, fulfillmentEventCreate },
  nodes: { Fulfillment: findFulfillment },
};
