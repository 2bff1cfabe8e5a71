import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogue, demoOrder, installApp, PLUS_BUCKET } from "../demo/store";
import { asMerchant } from "../support/admin-session";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { signedWebhook } from "../support/signed-webhook";
import { simControl } from "../support/sim-control";

// Verified deliveries the app cannot read: kept, answered 200, inspected and replayed.

const SHOP = "dead-letters.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;

const deliver = (topic: string, body: string, options: { eventId?: string; forge?: boolean; triggeredAt?: string } = {}) =>
  fetch(`${h.appUrl}/webhooks/${topic}`, signedWebhook({ topic, shop: SHOP, body, secret: h.apiSecret, ...options }));

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Dead Letters", bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await h.settle();
});

afterAll(async () => {
  await h?.close();
});

describe("a verified delivery the app cannot read", () => {
  it("is kept as a dead letter, once per event, and answered 200 so Shopify stops retrying", async () => {
    const responses = [
      await deliver("orders/updated", '{"id": 1, "admin_graphql_api_id": "gid://shopify/Order/1"', { eventId: "broken-1" }),
      await deliver("orders/updated", '{"id": 1, "admin_graphql_api_id": "gid://shopify/Order/1"', { eventId: "broken-1" }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const letters = await h.testDb.db.deadLetter.findMany({ where: { eventId: "broken-1" } });
    expect(letters).toEqual([
      expect.objectContaining({ shop: SHOP, topic: "ORDERS_UPDATED", status: "open", reason: expect.stringMatching(/^the body is not JSON/), body: '{"id": 1, "admin_graphql_api_id": "gid://shopify/Order/1"' }),
    ]);
    expect(await h.testDb.db.webhookDelivery.count({ where: { eventId: "broken-1" } })).toBe(0);
  });

  it("is a dead letter too when it is JSON without what the topic needs", async () => {
    expect((await deliver("fulfillment_orders/placed_on_hold", '{"fulfillment_order": {"id": 42}}', { eventId: "shapeless" })).status).toBe(200);
    expect(await h.testDb.db.deadLetter.findFirstOrThrow({ where: { eventId: "shapeless" } })).toMatchObject({
      topic: "FULFILLMENT_ORDERS_PLACED_ON_HOLD",
      reason: "fulfillment_order.id is not a FulfillmentOrder gid",
    });
  });

  it("is refused with 401 and not kept when its signature is forged", async () => {
    expect((await deliver("orders/updated", "not json at all", { eventId: "forged", forge: true })).status).toBe(401);
    expect(await h.testDb.db.deadLetter.count({ where: { eventId: "forged" } })).toBe(0);
  });
});

describe("replaying a dead letter", () => {
  it("reconciles the orders changed since an order event that still cannot be read", async () => {
    // GIVEN an order the app knows, whose address then changes on Shopify and whose orders/updated arrives broken
    const order = await sim.post<{ id: string; legacyId: number }>(`/_sim/shops/${SHOP}/orders`, demoOrder(0));
    await h.settle();
    // Shopify's updated_at has whole seconds: the change must be a second later to be a newer version.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    h.drop(() => true);
    await sim.post(`/_sim/shops/${SHOP}/orders/${order.legacyId}/update`, { phone: "555-01" });
    await sim.flush();
    h.drop(undefined);
    const triggeredAt = new Date(Date.now() - 60_000).toISOString();
    await deliver("orders/updated", "{truncated", { eventId: "lost-update", triggeredAt });
    const letter = await h.testDb.db.deadLetter.findFirstOrThrow({ where: { eventId: "lost-update" } });
    expect((await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } })).phone).not.toBe("555-01");

    // WHEN the merchant replays it
    const response = await asMerchant(h, SHOP, "/app/dead-letters", { intent: "replay", id: letter.id });
    expect(await response.json()).toEqual({ ok: true, message: expect.stringMatching(/^Still unreadable \(the body is not JSON .*\); reconciling every order updated since /) });
    await h.settle();

    // THEN the order is read again at its latest version, the letter is replayed, the run says what it repaired
    expect((await h.testDb.db.order.findUniqueOrThrow({ where: { id: order.id } })).phone).toBe("555-01");
    expect(await h.testDb.db.deadLetter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: "replayed", resolvedBy: "Staff member 1" });
    const run = await h.testDb.db.reconcileRun.findFirstOrThrow({ where: { shop: SHOP, trigger: "dead-letter" } });
    expect(run).toMatchObject({ repaired: 1, error: null });
    expect(await h.testDb.db.orderEvent.count({ where: { orderId: order.id, kind: "reconciled" } })).toBe(1);
  });

  it("hands a body this version can read to the inbox, which processes it", async () => {
    // A letter kept by an earlier version of the app that could not read this body.
    const order = await sim.post<{ id: string; legacyId: number }>(`/_sim/shops/${SHOP}/orders`, demoOrder(1));
    h.drop(() => true);
    await sim.flush();
    h.drop(undefined);
    const letter = await h.testDb.db.deadLetter.create({
      data: {
        shop: SHOP,
        topic: "ORDERS_CREATE",
        webhookId: "w-1",
        eventId: "kept-by-an-older-version",
        apiVersion: "2026-10",
        body: JSON.stringify({ id: order.legacyId, admin_graphql_api_id: order.id }),
        reason: "an older version could not read it",
      },
    });

    const response = await asMerchant(h, SHOP, "/app/dead-letters", { intent: "replay", id: letter.id });
    expect(await response.json()).toEqual({ ok: true, message: "The body reads now; it was handed to the inbox and is being processed." });
    await h.settle();

    expect(await h.testDb.db.webhookDelivery.findFirstOrThrow({ where: { eventId: "kept-by-an-older-version" } })).toMatchObject({ status: "processed", resourceId: order.id });
    expect(await h.testDb.db.order.count({ where: { id: order.id } })).toBe(1);
  });

  it("keeps a letter open when neither reading it nor reconciling can recover it", async () => {
    await deliver("customers/redact", "<xml/>", { eventId: "unrecoverable" });
    const letter = await h.testDb.db.deadLetter.findFirstOrThrow({ where: { eventId: "unrecoverable" } });
    const response = await asMerchant(h, SHOP, "/app/dead-letters", { intent: "replay", id: letter.id });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ ok: false, message: expect.stringContaining("a customers/redact event cannot be rebuilt from Shopify") });
    expect((await h.testDb.db.deadLetter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("open");

    await asMerchant(h, SHOP, "/app/dead-letters", { intent: "dismiss", id: letter.id });
    expect((await h.testDb.db.deadLetter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("dismissed");
  });

  it("lists the shop's dead letters for the merchant", async () => {
    const { letters } = await (await asMerchant(h, SHOP, "/app/dead-letters")).json();
    expect(letters.map((l: { topic: string }) => l.topic)).toEqual(
      expect.arrayContaining(["orders/updated", "fulfillment_orders/placed_on_hold", "customers/redact"]),
    );
  });
});
