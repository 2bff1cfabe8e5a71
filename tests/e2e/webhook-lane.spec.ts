import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO_SHOP } from "../demo/store";
import { signedWebhook } from "../support/signed-webhook";
import { LOCAL_API_SECRET, root } from "../support/stack";
import { chromiumInstalled, CHROMIUM } from "./chromium";

// The production server (server.ts) receives webhooks in its own lane, in front of Remix. It must
// answer exactly as the route files do under `shopify app dev`.

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const ROUTE = "/webhooks/orders/create";
const body = JSON.stringify({ id: 9_001, admin_graphql_api_id: "gid://shopify/Order/9001", updated_at: "2026-11-27T10:00:00Z" });

function storedRows(eventId: string): number {
  const db = new Database(path.join(root, "prisma/e2e.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare(`SELECT count(*) FROM "WebhookDelivery" WHERE "eventId" = ?`).pluck().get(eventId));
  } finally {
    db.close();
  }
}

async function deliver(request: import("@playwright/test").APIRequestContext, init: RequestInit) {
  return request.post(`${process.env.E2E_APP_URL}${ROUTE}`, { headers: init.headers as Record<string, string>, data: init.body as string });
}

test("the built server's webhook lane verifies, stores once and answers like the route", async ({ request }) => {
  // GIVEN a delivery signed with the app's secret, passing through a proxy that adds its own headers
  const eventId = randomUUID();
  const signed = signedWebhook({ topic: "orders/create", shop: DEMO_SHOP, body, secret: LOCAL_API_SECRET, eventId });
  const proxied = { ...signed, headers: { ...(signed.headers as Record<string, string>), "X-Forwarded-For": "203.0.113.9", "User-Agent": "Shopify-Captain-Hook" } };

  // WHEN it is delivered twice (Shopify delivers at least once)
  const first = await deliver(request, proxied);
  const again = await deliver(request, { ...proxied, headers: { ...proxied.headers, "X-Shopify-Webhook-Id": randomUUID() } });

  // THEN both are answered 200 and the event is stored once
  expect([first.status(), again.status()]).toEqual([200, 200]);
  expect(storedRows(eventId)).toBe(1);
});

test("the lane refuses a forged signature with 401 and missing headers with 400, storing nothing", async ({ request }) => {
  // GIVEN a delivery signed with another secret WHEN it arrives THEN 401 and nothing is stored
  const forgedEvent = randomUUID();
  const forged = await deliver(request, signedWebhook({ topic: "orders/create", shop: DEMO_SHOP, body, secret: LOCAL_API_SECRET, eventId: forgedEvent, forge: true }));
  expect(forged.status()).toBe(401);
  expect(storedRows(forgedEvent)).toBe(0);

  // GIVEN a correctly signed delivery without its topic header WHEN it arrives THEN 400 and nothing is stored
  const headlessEvent = randomUUID();
  const signed = signedWebhook({ topic: "orders/create", shop: DEMO_SHOP, body, secret: LOCAL_API_SECRET, eventId: headlessEvent });
  const { "X-Shopify-Topic": _topic, ...headers } = signed.headers as Record<string, string>;
  const headless = await deliver(request, { ...signed, headers });
  expect(headless.status()).toBe(400);
  expect(storedRows(headlessEvent)).toBe(0);
});
