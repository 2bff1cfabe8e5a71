import type { Db } from "../db.server";
import { logFulfilmentError } from "../models/fulfilment-errors.server";
import { fulfil } from "../services/fulfilment.server";
import type { JobQueue } from "./queue.server";
import type { AdminFor } from "./webhook-handlers.server";

// Bulk fulfilment: one job per fulfillment order, keyed by it, so that selecting an order twice
// queues it once. Each job checks the order again when it runs: an order put on hold after it was
// queued is left alone, and the reason is logged where the merchant reads fulfilment errors.

export const FULFIL_TASK = "fulfilment.fulfil";

export interface FulfilJobPayload {
  shop: string;
  fulfillmentOrderId: string;
  actor: string;
}

export async function enqueueBulkFulfil(queue: JobQueue, shop: string, actor: string, fulfillmentOrderIds: string[]): Promise<number> {
  for (const fulfillmentOrderId of fulfillmentOrderIds) {
    await queue.enqueue(FULFIL_TASK, { shop, fulfillmentOrderId, actor } satisfies FulfilJobPayload, {
      key: `fulfil:${shop}:${fulfillmentOrderId}`,
    });
  }
  return fulfillmentOrderIds.length;
}

export async function runFulfilJob(payload: FulfilJobPayload, deps: { db: Db; adminFor: AdminFor }): Promise<void> {
  const graphql = await deps.adminFor(payload.shop);
  if (!graphql) return;
  const result = await fulfil(
    { db: deps.db, graphql },
    {
      shop: payload.shop,
      actor: payload.actor,
      fulfillmentOrderId: payload.fulfillmentOrderId,
      packed: null,
      serviceId: null,
      trackingNumber: null,
      notifyCustomer: true,
    },
  );
  if (result.ok) return;
  // Another attempt holds the order: try again once it has finished or its claim has gone stale.
  if (result.retryable) throw new Error(result.message);
  if (result.logged) return;
  await logFulfilmentError(deps.db, {
    shop: payload.shop,
    fulfillmentOrderId: payload.fulfillmentOrderId,
    orderName: result.orderName ?? "",
    kind: "fulfil_refused",
    scanned: null,
    expected: null,
    message: result.message,
    actor: payload.actor,
  });
}
