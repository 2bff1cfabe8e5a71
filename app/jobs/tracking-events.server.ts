import { z } from "zod";
import { trackingEventType } from "../domain/fulfilment/tracking";
import { recordTrackingEvent } from "../models/shipments.server";
import type { StoredDelivery } from "../models/webhook-deliveries.server";
import type { HandlerDeps, HandlerOutcome } from "./webhook-handlers.server";

// fulfillment_events/create: a carrier's tracking event on a fulfilment (Shopify's REST
// FulfillmentEvent). Events on fulfilments Orderflow did not create are skipped; the same event
// delivered twice is recorded once (by its id).

const id = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(String);

const payloadSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  fulfillment_id: id,
  status: z.string().min(1),
  message: z.string().nullable().optional(),
  happened_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "is not a timestamp"),
});

export async function fulfillmentEventCreated(
  delivery: StoredDelivery,
  payload: Record<string, unknown>,
  { db }: HandlerDeps,
): Promise<HandlerOutcome> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      status: "skipped",
      note: `payload not understood: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    };
  }
  const event = parsed.data;
  const message = event.message ?? null;
  const outcome = await recordTrackingEvent(db, delivery.shop, `gid://shopify/Fulfillment/${event.fulfillment_id}`, {
    id: event.admin_graphql_api_id ?? `gid://shopify/FulfillmentEvent/${event.id}`,
    status: event.status.toLowerCase(),
    type: trackingEventType(event.status, message),
    message,
    happenedAt: event.happened_at,
  });
  switch (outcome) {
    case "unknown_shipment":
      return { status: "skipped", note: "not a fulfilment Orderflow created" };
    case "duplicate":
      return { status: "skipped", note: "this event was already recorded" };
    case "finished":
      return { status: "processed", note: "the shipment finished; its lane learned from it" };
    case "recorded":
      return { status: "processed" };
  }
}
