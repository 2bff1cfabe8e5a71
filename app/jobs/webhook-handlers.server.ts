import type { Db } from "../db.server";
import { redactCustomer, redactShop, reportCustomerData } from "../models/compliance.server";
import { recordUninstall } from "../models/shops.server";
import type { StoredDelivery } from "../models/webhook-deliveries.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { syncOrderFromDelivery } from "../intake/webhooks.server";
import { inventoryWebhookHandlers } from "./inventory-webhooks.server";
import type { EnqueueOptions } from "./queue.server";
import { returnsWebhookHandlers } from "./returns.server";
import { shopifyReturns } from "./returns-shopify.server";
import { fulfillmentEventCreated } from "./tracking-events.server";

/** An admin client for a shop from its stored offline session, or null when there is none. */
export type AdminFor = (shop: string) => Promise<AdminGraphql | null>;

export interface HandlerDeps {
  db: Db;
  adminFor: AdminFor;
  enqueue: (task: string, payload: unknown, options?: EnqueueOptions) => Promise<void>;
}

export type HandlerOutcome = { status: "processed" | "skipped"; note?: string };

type Handler = (delivery: StoredDelivery, payload: Record<string, unknown>, deps: HandlerDeps) => Promise<HandlerOutcome>;

/**
 * Order and fulfillment-order events: read the order as Shopify has it *now* (so a late or
 * reordered delivery cannot bring back old state), keep the snapshot unless a newer one is
 * stored, and run intake on it (app/intake/evaluate.server.ts).
 */
const syncOrder: Handler = async (delivery, payload, { db, adminFor }) =>
  syncOrderFromDelivery(delivery, payload, { db, graphql: await adminFor(delivery.shop) });

const appUninstalled: Handler = async (delivery, _payload, { db }) => {
  const result = await recordUninstall(db, delivery.shop, delivery.triggeredAt ?? delivery.receivedAt);
  return result === "stale" ? { status: "skipped", note: "the shop reinstalled the app after this event" } : { status: "processed" };
};

function customerRef(payload: Record<string, unknown>) {
  const customer = payload.customer as { id?: number | string } | undefined;
  const orderIds = (payload.orders_requested ?? payload.orders_to_redact ?? []) as Array<number | string>;
  if (customer?.id === undefined) throw new Error("compliance payload has no customer.id");
  return { customerId: customer.id, orderIds };
}

const customersDataRequest: Handler = async (delivery, payload, { db }) => {
  const count = await reportCustomerData(db, delivery.shop, customerRef(payload), delivery.payload);
  return { status: "processed", note: `report of ${count} order(s) kept for the merchant` };
};

const customersRedact: Handler = async (delivery, payload, { db }) => {
  const count = await redactCustomer(db, delivery.shop, customerRef(payload));
  return { status: "processed", note: `redacted ${count} order(s)` };
};

const shopRedact: Handler = async (delivery, _payload, { db }) => {
  await redactShop(db, delivery.shop);
  return { status: "processed" };
};

export const webhookHandlers: Record<string, Handler> = {
  ORDERS_CREATE: syncOrder,
  ORDERS_UPDATED: syncOrder,
  ORDERS_PAID: syncOrder,
  ORDERS_CANCELLED: syncOrder,
  ORDERS_EDITED: syncOrder,
  FULFILLMENT_ORDERS_PLACED_ON_HOLD: syncOrder,
  FULFILLMENT_ORDERS_HOLD_RELEASED: syncOrder,
  FULFILLMENT_ORDERS_CANCELLED: syncOrder,
  FULFILLMENT_ORDERS_SPLIT: syncOrder,
  FULFILLMENT_ORDERS_MOVED: syncOrder,
  FULFILLMENT_ORDERS_MERGED: syncOrder,
  FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE: syncOrder,
  APP_UNINSTALLED: appUninstalled,
  CUSTOMERS_DATA_REQUEST: customersDataRequest,
  CUSTOMERS_REDACT: customersRedact,
  SHOP_REDACT: shopRedact,
  ...inventoryWebhookHandlers,
  FULFILLMENT_EVENTS_CREATE: fulfillmentEventCreated,
  ...returnsWebhookHandlers(shopifyReturns),
};
