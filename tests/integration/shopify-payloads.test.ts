import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogue, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { signedWebhook } from "../support/signed-webhook";

// Shopify's own documented example payloads (../shared/reference/shopify/webhooks, see its
// SOURCES.md), signed and delivered to the routes that subscribe to them.

const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const available = existsSync(reference);
if (!available) console.warn(`Skipping Shopify's documented webhook payloads: ${reference} is absent.`);

const SHOP = "payloads-test.myshopify.com";

const TOPICS: Array<{ topic: string; route: string; shop?: string; expect: "processed" | "skipped"; resourceId?: string }> = [
  // The documented order does not exist on the test shop: the job reads Shopify, finds nothing, skips.
  { topic: "orders/create", route: "/webhooks/orders/create", expect: "skipped" },
  { topic: "orders/updated", route: "/webhooks/orders/updated", expect: "skipped" },
  { topic: "orders/paid", route: "/webhooks/orders/paid", expect: "skipped" },
  { topic: "orders/cancelled", route: "/webhooks/orders/cancelled", expect: "skipped" },
  // The documented example's order_id was rounded by the scraper (SOURCES.md); it names no order here either.
  { topic: "orders/edited", route: "/webhooks/orders/edited", expect: "skipped", resourceId: "gid://shopify/Order/820982911946154500" },
  // Fulfillment-order events name their fulfillment order; the documented one does not exist here.
  ...["placed_on_hold", "hold_released", "cancelled", "split", "merged", "order_routing_complete"].map((event) => ({
    topic: `fulfillment_orders/${event}`,
    route: `/webhooks/fulfillment_orders/${event}`,
    expect: "skipped" as const,
    resourceId: "gid://shopify/FulfillmentOrder/1",
  })),
  { topic: "fulfillment_orders/moved", route: "/webhooks/fulfillment_orders/moved", expect: "skipped", resourceId: "gid://shopify/FulfillmentOrder/2" },
  { topic: "customers/data_request", route: "/webhooks/customers/data_request", expect: "processed" },
  { topic: "customers/redact", route: "/webhooks/customers/redact", expect: "processed" },
  { topic: "app/uninstalled", route: "/webhooks/app/uninstalled", shop: "payloads-uninstalled.myshopify.com", expect: "processed" },
  { topic: "shop/redact", route: "/webhooks/shop/redact", shop: "payloads-redacted.myshopify.com", expect: "processed" },
];

describe.skipIf(!available)("Shopify's documented webhook payloads", () => {
  let h: AppHarness;
  let sim: AppHarness["sim"];

  beforeAll(async () => {
    h = await startAppHarness();
    sim = h.sim;
    await sim.post("/_sim/shops", { shop: SHOP, name: "Payloads Test" });
    await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
    await installApp(h.simulatorUrl, SHOP);
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each(TOPICS)("$topic is verified, stored once and handled", async ({ topic, route, shop = SHOP, expect: outcome, resourceId }) => {
    const body = readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8");
    const eventId = `documented-${topic}`;
    const send = () => fetch(`${h.appUrl}${route}`, signedWebhook({ topic, shop, body, secret: h.apiSecret, eventId }));

    const first = await send();
    const repeat = await send();
    await h.drain();

    expect([first.status, repeat.status]).toEqual([200, 200]);
    const rows = await h.testDb.db.webhookDelivery.findMany({ where: { eventId } });
    if (topic === "shop/redact") {
      // shop/redact erases everything held for the shop, its own delivery included
      expect(rows).toEqual([]);
      return;
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].topic).toBe(topic.toUpperCase().replace("/", "_"));
    expect(rows[0].status).toBe(outcome);
    const documented = JSON.parse(body) as { admin_graphql_api_id?: string };
    expect(rows[0].resourceId).toBe(resourceId ?? documented.admin_graphql_api_id ?? null);
  });
});
