import { db } from "../db.server";
import { jobQueue } from "../jobs/runtime.server";
import { WEBHOOK_TASK } from "../jobs/tasks.server";
import { storeDelivery } from "../models/webhook-deliveries.server";
import { authenticate } from "../shopify.server";

/**
 * Every webhook route is this: verify (401 on a bad HMAC, 400 on missing headers), store the
 * delivery durably, enqueue its processing, answer 200. No other work on the request path:
 * Shopify times out after 5 s and then delivers again.
 */
export async function receiveWebhook(request: Request): Promise<Response> {
  const { shop, topic, webhookId, eventId, apiVersion, triggeredAt, payload } = await authenticate.webhook(request);
  const resourceId = typeof payload?.admin_graphql_api_id === "string" ? payload.admin_graphql_api_id : null;
  const { row, duplicate } = await storeDelivery(db(), {
    shop,
    topic,
    webhookId,
    eventId: eventId ?? webhookId,
    apiVersion,
    triggeredAt: triggeredAt ? new Date(triggeredAt) : null,
    resourceId,
    payload: JSON.stringify(payload),
  });
  // A repeat of an event still pending is enqueued again under the same job key, which keeps a
  // single job (and recovers an enqueue lost after the insert); a finished event is not touched.
  if (row && (!duplicate || row.status === "pending")) {
    await jobQueue().enqueue(WEBHOOK_TASK, { deliveryId: row.id }, { key: `webhook:${row.id}` });
  }
  return new Response(null, { status: 200 });
}
