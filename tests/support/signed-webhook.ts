import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { API_VERSION } from "../../app/api-version";

export interface WebhookInit {
  topic: string;
  shop: string;
  body: string;
  secret: string;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: string;
  /** Sign with the wrong secret (a forged delivery). */
  forge?: boolean;
}

/** A delivery as Shopify sends it: its headers and an HMAC over the raw body. */
export function signedWebhook(init: WebhookInit): RequestInit {
  return {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": init.topic,
      "X-Shopify-Hmac-Sha256": getHmac(init.body, init.forge ? `${init.secret}-forged` : init.secret),
      "X-Shopify-Shop-Domain": init.shop,
      "X-Shopify-API-Version": API_VERSION,
      "X-Shopify-Webhook-Id": init.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": init.eventId ?? randomUUID(),
      "X-Shopify-Triggered-At": init.triggeredAt ?? new Date().toISOString(),
    },
    body: init.body,
  };
}
