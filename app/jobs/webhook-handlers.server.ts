import type { Db } from "../db.server";
import { INTAKE_TAG, needsIntakeTag } from "../domain/orders/intake-status";
import { redactCustomer, redactShop, reportCustomerData } from "../models/compliance.server";
import { markOrderTagged, saveOrderSnapshot } from "../models/orders.server";
import { recordUninstall } from "../models/shops.server";
import type { StoredDelivery } from "../models/webhook-deliveries.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { addTags, fetchOrder } from "../shopify/orders.server";
import { fulfillmentEventCreated } from "./tracking-events.server";

/** An admin client for a shop from its stored offline session, or null when there is none. */
export type AdminFor = (shop: string) => Promise<AdminGraphql | null>;

export interface HandlerDeps {
  db: Db;
  adminFor: AdminFor;
}

export type HandlerOutcome = { status: "processed" | "skipped"; note?: string };

type Handler = (delivery: StoredDelivery, payload: Record<string, unknown>, deps: HandlerDeps) => Promise<HandlerOutcome>;

/**
 * orders/create and orders/updated: read the order as Shopify has it *now* (so a late or
 * reordered delivery cannot bring back old state), keep the snapshot unless a newer one is
 * stored, and put Orderflow's intake tag on it once.
 */
const syncOrder: Handler = async (delivery, _payload, { db, adminFor }) => {
  if (!delivery.resourceId) return { status: "skipped", note: "payload names no order" };
  const graphql = await adminFor(delivery.shop);
  if (!graphql) return { status: "skipped", note: "no offline session for the shop (not installed)" };
  const order = await fetchOrder(graphql, delivery.resourceId);
  if (!order) return { status: "skipped", note: "order no longer exists on Shopify" };
  const written = await saveOrderSnapshot(db, delivery.shop, order);
  if (needsIntakeTag(order.tags)) {
    await addTags(graphql, order.id, [INTAKE_TAG]);
  }
  await markOrderTagged(db, order.id);
  return { status: "processed", note: written ? undefined : "a newer snapshot was already stored" };
};

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
  APP_UNINSTALLED: appUninstalled,
  CUSTOMERS_DATA_REQUEST: customersDataRequest,
  CUSTOMERS_REDACT: customersRedact,
  SHOP_REDACT: shopRedact,
  FULFILLMENT_EVENTS_CREATE: fulfillmentEventCreated,
};
