import { WebhookType } from "@shopify/shopify-api";
import { db } from "../db.server";
import { checkWebhookPayload, parseJsonBody } from "../domain/webhooks/payload-shape";
import { env } from "../env.server";
import { jobQueue } from "../jobs/runtime.server";
import { WEBHOOK_TASK } from "../jobs/tasks.server";
import { storeDeadLetter } from "../models/dead-letters.server";
import { createWebhookInbox, type WebhookInbox } from "../models/webhook-inbox.server";
import { verifyWebhook, webhookRequest } from "./verify.server";

declare global {
  // eslint-disable-next-line no-var
  var orderflowInbox: WebhookInbox | undefined;
}

/** The process's inbox; on globalThis like the Prisma client, so Vite's dev reloads reuse it. */
export function webhookInbox(): WebhookInbox {
  globalThis.orderflowInbox ??= createWebhookInbox({
    databaseUrl: env().DATABASE_URL,
    db: db(),
    job: { task: WEBHOOK_TASK, key: (deliveryId) => `webhook:${deliveryId}` },
    queueReady: () => jobQueue().ready(),
  });
  return globalThis.orderflowInbox;
}

export interface WebhookAnswer {
  status: number;
  statusText?: string;
}

/**
 * The one way a webhook is received, by the Remix routes (`shopify app dev`, tests) and by the
 * production server's ingest lane (server.ts) alike: verify (405, 400 on missing headers, 401 on a
 * bad HMAC), store the delivery and its job in one transaction, answer 200. No other work on the
 * request path: Shopify times out after 5 s and then delivers again. A verified body that is not
 * JSON, or lacks what its topic needs, is kept as a dead letter and answered 200 too: sending it
 * again would not make it readable.
 *
 * `request` carries the method, URL and Shopify's headers (webhookRequest); `rawBody` is the body.
 */
export async function receiveDelivery(request: Request, rawBody: string): Promise<WebhookAnswer> {
  const verified = await verifyWebhook(request, rawBody);
  if (!verified.ok) return verified.answer;
  const { fields } = verified;
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
    return { status: 200 };
  }
  await webhookInbox().accept({ ...envelope, resourceId: shape.resourceId, payload: rawBody });
  jobQueue().notify();
  return { status: 200 };
}

/** The Remix routes' action: every app/routes/webhooks.*.tsx is this. */
export async function receiveWebhook(request: Request): Promise<Response> {
  const answer = await receiveDelivery(webhookRequest(request.method, request.url, request.headers), await request.text());
  return new Response(null, answer);
}
