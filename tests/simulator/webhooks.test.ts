import "@shopify/shopify-api/adapters/node";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ApiVersion, shopifyApi, type WebhookValidation } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, MAYA_ADDRESS, type Receiver, type ReceivedRequest, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

const SHOP = "webhook-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);
if (!haveReference) console.warn(`Shopify's documented webhook payloads are not at ${reference}; shape comparisons skip.`);

let sim: TestSimulator;
let app: Receiver;
let order: { id: string; legacyId: number; customer: { legacyId: number } };
const validations = new Map<ReceivedRequest, WebhookValidation>();

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "app.example",
  isEmbeddedApp: true,
  logger: { log: () => {} },
});

/** The stand-in app checks every delivery with the library's own webhook validation. */
function validateThenAnswer(status: (request: ReceivedRequest, attempt: number) => number | undefined) {
  const attempts = new Map<string, number>();
  app.respondWith(async (request, req, res) => {
    validations.set(request, await shopify.webhooks.validate({ rawBody: request.body, rawRequest: req, rawResponse: res }));
    const webhookId = String(request.headers["x-shopify-webhook-id"]);
    const attempt = (attempts.get(webhookId) ?? 0) + 1;
    attempts.set(webhookId, attempt);
    return status(request, attempt);
  });
}

const header = (request: ReceivedRequest, name: string) => String(request.headers[name]);
const byTopic = (topic: string) => app.received.filter((request) => header(request, "x-shopify-topic") === topic);

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, webhooks: { retryScheduleMs: [5, 5, 5], timeoutMs: 300 } });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Webhook Test" });
  await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
});

beforeEach(async () => {
  await sim.webhooks.flush();
  app.received.length = 0;
  validateThenAnswer(() => 200);
  await sim.control("PUT", "/_sim/config/webhooks", { duplicates: 0, reorder: null, delayMs: 0, concurrency: 4, seed: 1 });
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("deliveries", () => {
  it("are signed so that @shopify/shopify-api's webhook validation accepts them", async () => {
    // GIVEN the app subscribes to orders/create WHEN a customer places an order
    const placed = await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
      customer: { email: "maya.chen@example.com", firstName: "Maya", lastName: "Chen", phone: "+12125550143" },
      shippingAddress: MAYA_ADDRESS,
      billingAddress: MAYA_ADDRESS,
      lineItems: [
        { sku: "TRJ-M", quantity: 2 },
        { sku: "AWS", quantity: 1, price: "20.00" },
      ],
      shippingLine: { title: "Express", code: "EXPRESS", price: "24.00" },
      tags: ["gift", "rush"],
      note: "Leave at the door",
    });
    expect(placed.status).toBe(201);
    order = placed.body;
    await sim.webhooks.flush();

    // THEN one delivery reached the subscription's URI and the library validates it
    const [delivery] = byTopic("orders/create");
    expect(delivery.path).toBe("/webhooks/orders/create");
    expect(validations.get(delivery)).toMatchObject({ valid: true, topic: "ORDERS_CREATE", domain: SHOP, apiVersion: "2026-10" });
    expect(delivery.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-event-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-webhook-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-triggered-at": expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("carry the order in Shopify's REST shape, built from the simulator's state", async () => {
    const { body: state } = await sim.control("GET", `/_sim/shops/${SHOP}/orders/${order.legacyId}`);
    const placed = await sim.control("POST", `/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}/update`, { note: "Ring twice" });
    await sim.webhooks.flush();

    const payload = JSON.parse(byTopic("orders/updated")[0].body);
    expect(payload).toMatchObject({
      id: order.legacyId,
      admin_graphql_api_id: order.id,
      name: "#1001",
      order_number: 1001,
      email: "maya.chen@example.com",
      phone: "+12125550143",
      created_at: state.createdAt,
      updated_at: placed.body.updatedAt,
      cancelled_at: null,
      currency: "USD",
      subtotal_price: "278.00",
      total_price: "302.00",
      financial_status: "paid",
      fulfillment_status: null,
      tags: "gift, rush",
      note: "Ring twice",
      customer: { id: order.customer.legacyId, email: "maya.chen@example.com", first_name: "Maya", last_name: "Chen" },
      shipping_address: { name: "Maya Chen", address1: "410 W 42nd St", country: "United States", country_code: "US", zip: "10036" },
      shipping_lines: [{ title: "Express", code: "EXPRESS", price: "24.00" }],
      line_items: [
        { sku: "TRJ-M", title: "Trailhead Rain Jacket", name: "Trailhead Rain Jacket - M", quantity: 2, price: "129.00", fulfillable_quantity: 2 },
        { sku: "AWS", title: "Alpine Wool Socks", name: "Alpine Wool Socks", quantity: 1, price: "20.00" },
      ],
    });
    expect(typeof payload.line_items[0].variant_id).toBe("number");
  });

  it.skipIf(!haveReference)("use only field names from Shopify's documented payloads", async () => {
    const documented = (topic: string) => JSON.parse(readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8"));
    const unknownKeys = (ours: Record<string, unknown>, theirs: Record<string, unknown>) => Object.keys(ours).filter((key) => !(key in theirs));

    await sim.control("POST", `/_sim/shops/${SHOP}/orders/${order.legacyId}/update`, { tags: ["gift"] });
    await sim.control("POST", `/_sim/shops/${SHOP}/compliance/customers/redact`, { customerId: order.customer.legacyId });
    await sim.control("POST", `/_sim/shops/${SHOP}/compliance/customers/data_request`, { customerId: String(order.customer.legacyId) });
    await sim.control("POST", `/_sim/shops/${SHOP}/compliance/shop/redact`);
    await sim.webhooks.flush();

    const ours = JSON.parse(byTopic("orders/updated")[0].body);
    const theirs = documented("orders/updated");
    expect(unknownKeys(ours, theirs)).toEqual([]);
    expect(unknownKeys(ours.line_items[0], theirs.line_items[0])).toEqual([]);
    expect(unknownKeys(ours.customer, theirs.customer)).toEqual([]);
    expect(unknownKeys(ours.shipping_address, theirs.shipping_address)).toEqual([]);
    expect(unknownKeys(ours.shipping_lines[0], theirs.shipping_lines[0])).toEqual([]);
    for (const topic of ["customers/redact", "customers/data_request", "shop/redact"]) {
      expect(Object.keys(JSON.parse(byTopic(topic)[0].body)).sort()).toEqual(Object.keys(documented(topic)).sort());
    }
  });

  it("send compliance payloads built from the shop's customers and orders", async () => {
    await sim.control("POST", `/_sim/shops/${SHOP}/compliance/customers/redact`, { customerId: `gid://shopify/Customer/${order.customer.legacyId}` });
    await sim.webhooks.flush();
    const [delivery] = byTopic("customers/redact");
    expect(delivery.path).toBe("/webhooks/customers/redact");
    expect(JSON.parse(delivery.body)).toEqual({
      shop_id: expect.any(Number),
      shop_domain: SHOP,
      customer: { id: order.customer.legacyId, email: "maya.chen@example.com", phone: "+12125550143" },
      orders_to_redact: [order.legacyId],
    });
  });

  it("with duplicates on, share one X-Shopify-Event-Id and differ in X-Shopify-Webhook-Id", async () => {
    await sim.control("PUT", "/_sim/config/webhooks", { duplicates: 2 });
    const { body } = await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { id: 1 } });
    await sim.control("POST", "/_sim/webhooks/flush");

    expect(app.received).toHaveLength(3);
    expect(new Set(app.received.map((r) => header(r, "x-shopify-event-id")))).toEqual(new Set([body.eventId]));
    expect(new Set(app.received.map((r) => header(r, "x-shopify-webhook-id"))).size).toBe(3);
    expect(app.received.every((r) => validations.get(r)?.valid)).toBe(true);
  });

  it("with a forged signature, fail the library's validation", async () => {
    await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { id: 1 }, hmac: "forge" });
    await sim.webhooks.flush();
    expect(validations.get(app.received[0])).toEqual({ valid: false, reason: "invalid_hmac" });
  });
});

describe("retries", () => {
  it("retry a failed delivery with the same ids until it succeeds", async () => {
    // GIVEN an app that fails twice
    validateThenAnswer((_request, attempt) => (attempt <= 2 ? 500 : 200));
    // WHEN an event is sent
    const { body } = await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { id: 2 } });
    await sim.webhooks.flush();
    // THEN it arrived three times, the same delivery each time, and the log says so
    expect(new Set(app.received.map((r) => `${header(r, "x-shopify-event-id")}/${header(r, "x-shopify-webhook-id")}`)).size).toBe(1);
    const { body: log } = await sim.control("GET", `/_sim/webhooks/deliveries?shop=${SHOP}&topic=orders/create`);
    expect(log.filter((d: { eventId: string }) => d.eventId === body.eventId).map((d: { attempt: number; statusCode: number }) => [d.attempt, d.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it("retry a delivery that times out", async () => {
    validateThenAnswer((_request, attempt) => (attempt === 1 ? undefined : 200));
    const { body } = await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { id: 3 } });
    await sim.webhooks.flush();
    const log = sim.webhooks.deliveries({ eventId: body.eventId });
    expect(log.map((d) => [d.attempt, d.statusCode])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(log[0].error).toMatch(/timed out after 300 ms/);
  });

  it("give up after the last retry of the schedule", async () => {
    validateThenAnswer(() => 503);
    const { body } = await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { id: 4 } });
    await sim.webhooks.flush();
    expect(sim.webhooks.deliveries({ eventId: body.eventId }).map((d) => d.statusCode)).toEqual([503, 503, 503, 503]);
  });
});

describe("a hostile network", () => {
  it("still delivers every event, duplicated, when reordering and delay are on", async () => {
    // GIVEN duplicates, a reordering window and random delays
    await sim.control("PUT", "/_sim/config/webhooks", { duplicates: 1, reorder: { window: 4, windowMs: 20 }, delayMs: [0, 15], concurrency: 3 });
    // WHEN ten events are fired
    const eventIds: string[] = [];
    for (let n = 0; n < 10; n++) {
      eventIds.push((await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { n } })).body.eventId);
    }
    await sim.control("POST", "/_sim/webhooks/flush");
    // THEN each event arrived as exactly two deliveries (a retry after a slow answer on a busy
    // machine reuses its delivery's webhook id, so deliveries are counted by that id), signed
    const deliveries = new Map<string, Set<string>>();
    for (const request of app.received) {
      const eventId = header(request, "x-shopify-event-id");
      deliveries.set(eventId, (deliveries.get(eventId) ?? new Set()).add(header(request, "x-shopify-webhook-id")));
    }
    expect(Object.fromEntries([...deliveries].map(([id, ids]) => [id, ids.size]))).toEqual(Object.fromEntries(eventIds.map((id) => [id, 2])));
    expect(app.received.every((r) => validations.get(r)?.valid)).toBe(true);
  });

  it("reorders reproducibly for a given seed", async () => {
    const arrivalOrder = async () => {
      app.received.length = 0;
      // A long window: the six events are released together by count, not early by a timer on a busy machine.
      await sim.control("PUT", "/_sim/config/webhooks", { reorder: { window: 6, windowMs: 10_000 }, concurrency: 1, seed: 7 });
      for (let n = 0; n < 6; n++) await sim.control("POST", "/_sim/webhooks/send", { shop: SHOP, topic: "orders/create", payload: { n } });
      await sim.webhooks.flush();
      return app.received.map((r) => JSON.parse(r.body).n as number);
    };
    const first = await arrivalOrder();
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first).not.toEqual([0, 1, 2, 3, 4, 5]);
    expect(await arrivalOrder()).toEqual(first);
  });
});

describe("control API", () => {
  it("answers bad bodies with 400 and the fields at fault", async () => {
    const { status, body } = await sim.control("POST", `/_sim/shops/${SHOP}/orders`, { lineItems: [{ sku: "AWS", quantity: 0 }] });
    expect(status).toBe(400);
    expect(body).toEqual({ error: "Invalid request body", issues: [{ path: "lineItems.0.quantity", message: expect.any(String) }] });
  });

  it("answers an unknown SKU with 422 and an unknown shop with 404", async () => {
    expect(await sim.control("POST", `/_sim/shops/${SHOP}/orders`, { lineItems: [{ sku: "NOPE", quantity: 1 }] })).toEqual({
      status: 422,
      body: { error: `Unknown SKU "NOPE" in ${SHOP}` },
    });
    expect((await sim.control("GET", "/_sim/shops/nobody.myshopify.com/orders")).status).toBe(404);
    expect((await sim.control("POST", `/_sim/shops/${SHOP}/compliance/customers/redact`, {})).status).toBe(422);
    expect((await sim.control("POST", `/_sim/shops/${SHOP}/compliance/orders/create`, {})).status).toBe(404);
  });

  it("applies a seed whole or not at all", async () => {
    const { status, body } = await sim.control("POST", `/_sim/shops/${SHOP}/seed`, {
      locations: [{ name: "Depot", address: { countryCode: "US" } }],
      products: [{ title: "Cap", variants: [{ sku: "AWS", price: "5.00", inventory: { Depot: 3 } }] }],
    });
    expect([status, body]).toEqual([409, { error: `SKU "AWS" already exists in ${SHOP}` }]);
    expect((await sim.control("GET", `/_sim/shops/${SHOP}`)).body.counts).toMatchObject({ locations: 2, products: 2 });
  });

  it("forgets everything on reset", async () => {
    await sim.control("POST", "/_sim/reset");
    expect((await sim.control("GET", "/_sim/shops")).body).toEqual([]);
    expect((await sim.control("GET", "/_sim/webhooks/deliveries")).body).toEqual([]);
    expect((await sim.control("GET", "/_sim/config/webhooks")).body).toMatchObject({ duplicates: 0, retryScheduleMs: [5, 5, 5], timeoutMs: 300 });
  });
});
