import type { Db } from "../db.server";
import { describeActor, reconcile, type Actor } from "../domain/intake";
import { checkWebhookPayload, isOrderTopic, parseJsonBody } from "../domain/webhooks/payload-shape";
import { topicName } from "../domain/webhooks/topics";
import type { JobQueue } from "../jobs/queue.server";
import { WEBHOOK_TASK } from "../jobs/tasks.server";
import { deadLetterOf, noteDeadLetter, resolveDeadLetter } from "../models/dead-letters.server";
import { storeDelivery } from "../models/webhook-deliveries.server";
import { RECONCILE_TASK, type ReconcilePayload } from "./reconcile.server";

export type ReplayOutcome = "requeued" | "reconciling" | "unrecoverable";

/**
 * Replays a dead letter. A body this version of the app can read goes through the inbox like any
 * delivery. One it still cannot read says at least that the shop's orders changed then: the
 * orders updated since the event are reconciled. Any other topic stays open with the reason.
 */
export async function replayDeadLetter(
  deps: { db: Db; enqueue: JobQueue["enqueue"] },
  input: { shop: string; id: string; actor: Actor },
): Promise<{ outcome: ReplayOutcome; message: string }> {
  const letter = await deadLetterOf(deps.db, input.shop, input.id);
  if (!letter) throw new Response("No such dead letter", { status: 404 });
  const by = describeActor(input.actor);
  const parsed = parseJsonBody(letter.body);
  const shape = parsed.ok ? checkWebhookPayload(letter.topic, parsed.value, letter.body) : parsed;
  if (shape.ok) {
    const { row } = await storeDelivery(deps.db, {
      shop: letter.shop,
      topic: letter.topic,
      webhookId: letter.webhookId,
      eventId: letter.eventId,
      apiVersion: letter.apiVersion,
      triggeredAt: letter.triggeredAt,
      resourceId: shape.resourceId,
      payload: letter.body,
    });
    // No row: the event reached the inbox once and was erased since (shop/redact); nothing is left to process.
    if (row) await deps.enqueue(WEBHOOK_TASK, { deliveryId: row.id }, { key: `webhook:${row.id}` });
    const message = row
      ? "The body reads now; it was handed to the inbox and is being processed."
      : "The body reads now, but this event was erased from the inbox since; nothing to process.";
    await resolveDeadLetter(deps.db, letter.id, "replayed", by, message);
    return { outcome: "requeued", message };
  }
  if (isOrderTopic(letter.topic)) {
    const since = reconcile.reconcileSince(letter.triggeredAt ?? letter.receivedAt, new Date());
    await deps.enqueue(RECONCILE_TASK, { shop: letter.shop, trigger: "dead-letter", since: since.toISOString() } satisfies ReconcilePayload, {
      key: `reconcile:dead-letter:${letter.id}`,
    });
    const message = `Still unreadable (${shape.reason}); reconciling every order updated since ${since.toISOString()} instead.`;
    await resolveDeadLetter(deps.db, letter.id, "replayed", by, message);
    return { outcome: "reconciling", message };
  }
  const message = `Still unreadable (${shape.reason}), and a ${topicName(letter.topic)} event cannot be rebuilt from Shopify.`;
  await noteDeadLetter(deps.db, letter.id, message);
  return { outcome: "unrecoverable", message };
}

export async function dismissDeadLetter(db: Db, input: { shop: string; id: string; actor: Actor }): Promise<void> {
  const letter = await deadLetterOf(db, input.shop, input.id);
  if (!letter) throw new Response("No such dead letter", { status: 404 });
  await resolveDeadLetter(db, letter.id, "dismissed", describeActor(input.actor), "Dismissed");
}
