import { AUTOMATION, HOLD_HANDLE } from "../domain/intake";
import { topicName } from "../domain/webhooks/topics";
import { recordEvents } from "../models/order-events.server";
import { orderIntakeOf } from "../models/order-intake.server";
import type { StoredDelivery } from "../models/webhook-deliveries.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { orderOfFulfillmentOrder } from "../shopify/fulfillment-orders.server";
import { syncOrderIntake, type IntakeDeps, type SyncOutcome } from "./evaluate.server";

const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;

/**
 * An order or fulfillment-order webhook: find the order it is about, put the event on the order's
 * timeline, and sync the order. An event older than the version already evaluated is only noted:
 * the sync reads Shopify as it is now, so it could not learn anything from it.
 */
export async function syncOrderFromDelivery(
  delivery: StoredDelivery,
  payload: Record<string, unknown>,
  deps: Omit<IntakeDeps, "graphql"> & { graphql: AdminGraphql | null },
): Promise<SyncOutcome> {
  if (!delivery.resourceId) return { status: "skipped", note: "payload names no order" };
  if (!deps.graphql) return { status: "skipped", note: "no offline session for the shop (not installed)" };
  const graphql = deps.graphql;
  const orderId = ORDER_GID.test(delivery.resourceId) ? delivery.resourceId : await orderOfFulfillmentOrder(graphql, delivery.resourceId);
  if (!orderId) return { status: "skipped", note: "the fulfillment order no longer exists on Shopify" };

  const topic = topicName(delivery.topic);
  await recordEvents(deps.db, delivery.shop, orderId, [
    {
      kind: "webhook",
      actor: { type: "shopify" },
      summary: `Shopify sent ${topic}.`,
      details: { deliveryId: delivery.id, topic, eventId: delivery.eventId, triggeredAt: delivery.triggeredAt?.toISOString() ?? null },
      dedupeKey: `delivery:${delivery.id}`,
      at: delivery.triggeredAt ?? delivery.receivedAt,
    },
  ]);

  // The hold Orderflow itself just placed tells it nothing new about the order.
  const createdHold = payload.created_fulfillment_hold as { handle?: unknown } | undefined;
  if (delivery.topic === "FULFILLMENT_ORDERS_PLACED_ON_HOLD" && createdHold?.handle === HOLD_HANDLE) {
    return { status: "skipped", note: "Orderflow's own hold" };
  }
  const updatedAt = typeof payload.updated_at === "string" ? new Date(payload.updated_at) : null;
  const evaluated = (await orderIntakeOf(deps.db, orderId))?.evaluatedVersion;
  if (updatedAt && evaluated && updatedAt.getTime() < evaluated.getTime()) {
    return { status: "skipped", note: "an older version than the one already evaluated" };
  }
  return syncOrderIntake({ ...deps, graphql }, { shop: delivery.shop, orderId, actor: AUTOMATION });
}
