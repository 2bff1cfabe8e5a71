import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTAKE_TAG } from "../../app/domain/orders/intake-status";
import { demoCatalogue, demoOrder, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { signedWebhook } from "../support/signed-webhook";

// Signed webhooks into the real routes, the real inbox, queue and job, against the simulator.

const SHOP = "intake-test.myshopify.com";
let h: AppHarness;
let sim: AppHarness["sim"];


async function placeOrder(n: number) {
  return sim.post<{ id: string; legacyId: string | number; name: string }>(`/_sim/shops/${SHOP}/orders`, demoOrder(n));
}

async function tagsAddCalls(orderId: string) {
  const log = await sim.get<Array<{ variables: { id: string } }>>(`/_sim/shops/${SHOP}/mutations?name=tagsAdd`);
  return log.filter((entry) => entry.variables.id === orderId).length;
}

beforeAll(async () => {
  h = await startAppHarness();
  sim = h.sim;
  await sim.post("/_sim/shops", { shop: SHOP, name: "Intake Test" });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
});

afterAll(async () => {
  await h?.close();
});

describe("orders/create, end to end", () => {
  it("stores the order, tags it on Shopify once, and records both deliveries as processed", async () => {
    // GIVEN an installed shop WHEN a customer places an order
    const order = await placeOrder(0);
    await h.settle();

    // THEN the app holds a snapshot and the order carries the intake tag on Shopify
    const stored = await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(stored.name).toBe(order.name);
    expect(stored.taggedAt).not.toBeNull();
    const onShopify = await sim.get<{ tags: string[] }>(`/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}`);
    expect(onShopify.tags).toContain(INTAKE_TAG);
    expect(await tagsAddCalls(order.id)).toBe(1);

    // AND the create and the update that the tag caused were both processed
    const deliveries = await h.testDb.db.webhookDelivery.findMany({ where: { resourceId: order.id } });
    expect(deliveries.map((d) => [d.topic, d.status]).sort()).toEqual([
      ["ORDERS_CREATE", "processed"],
      ["ORDERS_UPDATED", "processed"],
    ]);
  });
});

describe("bad deliveries change nothing", () => {
  it("answers 401 to a forged signature and stores nothing", async () => {
    const before = await h.testDb.db.webhookDelivery.count();
    const body = JSON.stringify({ id: 1, admin_graphql_api_id: "gid://shopify/Order/1" });
    const response = await fetch(`${h.appUrl}/webhooks/orders/create`, signedWebhook({ topic: "orders/create", shop: SHOP, body, secret: h.apiSecret, forge: true }));
    expect(response.status).toBe(401);
    expect(await h.testDb.db.webhookDelivery.count()).toBe(before);
  });

  it("answers 400 when Shopify's headers are missing and stores nothing", async () => {
    const before = await h.testDb.db.webhookDelivery.count();
    const init = signedWebhook({ topic: "orders/create", shop: SHOP, body: "{}", secret: h.apiSecret });
    const headers = new Headers(init.headers);
    headers.delete("X-Shopify-Topic");
    const response = await fetch(`${h.appUrl}/webhooks/orders/create`, { ...init, headers });
    expect(response.status).toBe(400);
    expect(await h.testDb.db.webhookDelivery.count()).toBe(before);
  });
});

describe("at least once", () => {
  it("turns the same delivery sent 20 times at once into one stored event, one order and one tagsAdd", async () => {
    // GIVEN an order whose own delivery was lost on the way
    h.drop(() => true);
    const order = await placeOrder(1);
    await sim.flush();
    h.drop(undefined);

    // WHEN Shopify delivers one event 20 times concurrently
    const body = JSON.stringify({ id: Number(order.legacyId), admin_graphql_api_id: order.id, name: order.name });
    const eventId = `event-${order.legacyId}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${h.appUrl}/webhooks/orders/create`, signedWebhook({ topic: "orders/create", shop: SHOP, body, secret: h.apiSecret, eventId })),
      ),
    );
    await h.settle();

    // THEN every copy was answered 200, one was stored, one order exists and it was tagged once
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await h.testDb.db.webhookDelivery.count({ where: { eventId } })).toBe(1);
    expect(await h.testDb.db.order.count({ where: { id: order.id } })).toBe(1);
    expect(await tagsAddCalls(order.id)).toBe(1);
  });

  it("ends in the same state when the simulator duplicates, reorders and delays every delivery", async () => {
    // GIVEN a hostile network
    await sim.put("/_sim/config/webhooks", { duplicates: 2, reorder: { window: 6 }, delayMs: [0, 40] });
    try {
      // WHEN a burst of orders arrives
      const orders = [];
      for (let n = 2; n < 10; n++) orders.push(await placeOrder(n));
      await h.settle();

      // THEN each is stored once, tagged once, with its latest state
      for (const order of orders) {
        const stored = await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } });
        const onShopify = await sim.get<{ updatedAt: string }>(`/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}`);
        expect(stored.taggedAt).not.toBeNull();
        expect(stored.shopifyUpdatedAt.toISOString()).toBe(new Date(onShopify.updatedAt).toISOString());
        expect(await tagsAddCalls(order.id)).toBe(1);
      }
    } finally {
      await sim.put("/_sim/config/webhooks", { duplicates: 0, reorder: null, delayMs: 0 });
    }
  });

  it("never lets a late delivery of an old version overwrite a newer snapshot", async () => {
    // GIVEN an order already synced at its latest version
    const order = await placeOrder(10);
    await h.settle();
    const latest = await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } });

    // WHEN an orders/updated from before the tag arrives a day late
    const stale = JSON.stringify({ id: Number(order.legacyId), admin_graphql_api_id: order.id, updated_at: "2020-01-01T00:00:00Z" });
    const response = await fetch(
      `${h.appUrl}/webhooks/orders/updated`,
      signedWebhook({ topic: "orders/updated", shop: SHOP, body: stale, secret: h.apiSecret, triggeredAt: "2020-01-01T00:00:00Z" }),
    );
    await h.settle();

    // THEN the snapshot is still the latest version
    expect(response.status).toBe(200);
    const after = await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after.shopifyUpdatedAt.getTime()).toBe(latest.shopifyUpdatedAt.getTime());
    expect(after.taggedAt).not.toBeNull();
  });
});
