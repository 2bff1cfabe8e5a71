import { markDelivery } from "../models/webhook-deliveries.server";
import { UserErrorsError } from "../shopify/admin-client.server";
import { webhookHandlers, type HandlerDeps } from "./webhook-handlers.server";

export interface ProcessWebhookPayload {
  deliveryId: string;
}

/**
 * Works one stored delivery. Safe to run again for the same delivery: finished ones are left
 * alone and every handler is idempotent. Errors that a retry can cure (network, throttling,
 * 5xx) are rethrown for the queue's backoff; Shopify refusing the input is recorded and final.
 */
export async function processWebhookDelivery({ deliveryId }: ProcessWebhookPayload, deps: HandlerDeps): Promise<void> {
  const delivery = await deps.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status === "processed" || delivery.status === "skipped") return;
  const handler = webhookHandlers[delivery.topic];
  if (!handler) {
    await markDelivery(deps.db, delivery.id, { status: "skipped", note: `no handler for ${delivery.topic}` });
    return;
  }
  try {
    const payload = JSON.parse(delivery.payload) as Record<string, unknown>;
    const outcome = await handler(delivery, payload, deps);
    await markDelivery(deps.db, delivery.id, outcome);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markDelivery(deps.db, delivery.id, { status: "failed", error: message });
    if (!(error instanceof UserErrorsError) && !(error instanceof SyntaxError)) throw error;
  }
}
