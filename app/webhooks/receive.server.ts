import { WebhookType } from "@shopify/shopify-api";
import { db } from "../db.server";
import { checkWebhookPayload, parseJsonBody } from "../domain/webhooks/payload-shape";
import { jobQueue } from "../jobs/runtime.server";
import { WEBHOOK_TASK } from "../jobs/tasks.server";
import { storeDeadLetter } from "../models/dead-letters.server";
import { storeDelivery } from "../models/webhook-deliveries.server";
import { verifyWebhook } from "./verify.server";

/**
 * Every webhook route is this: verify (401 on a bad HMAC, 400 on missing headers), store the
 * delivery durably, enqueue its processing, answer 200. No other work on the request path:
 * Shopify times out after 5 s and then delivers again. A verified body that is not JSON, or lacks
 * what its topic needs, is kept as a dead letter and answered 200 too: sending it again would not
 * make it readable.
 */
export async function receiveWebhook(request: Request): Promise<Response> {
  const { rawBody, fields } = await verifyWebhook(request);
  const eventId = (fields.webhookType === WebhookType.Webhooks ? fields.eventId : undefined) ?? fields.webhookId;
  const envelope = {
    shop: fields.domain,
    topic: fields.topic,
    webhookId: fields.webhookId,
    eventId,
    apiVersion: fields.apiVersion,
    triggeredAt: fields.triggeredAt ? new Date(fields.triggeredAt) : null,
  };
  const parsed = parseJsonBody(rawBody);
  const shape = parsed.ok ? checkWebhookPayload(fields.topic, parsed.value, rawBody) : parsed;
  if (!shape.ok) {
    await storeDeadLetter(db(), { ...envelope, body: rawBody, reason: shape.reason });
    return new Response(null, { status: 200 });
  }
  const { row, duplicate } = await storeDelivery(db(), { ...envelope, resourceId: shape.resourceId, payload: rawBody });
  // A repeat of an event still pending is enqueued again under the same job key, which keeps a
  // single job (and recovers an enqueue lost after the insert); a finished event is not touched.
  if (row && (!duplicate || row.status === "pending")) {
    await jobQueue().enqueue(WEBHOOK_TASK, { deliveryId: row.id }, { key: `webhook:${row.id}` });
  }
  return new Response(null, { status: 200 });
}
