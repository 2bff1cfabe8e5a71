import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { MAYA_ADDRESS, type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// fulfillmentCreate and the fulfilments it leaves behind: fulfillment orders closing, stock
// leaving, the webhooks Shopify sends, and carriers' tracking events.

const SHOP = "fulfil-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);
if (!haveReference) console.warn(`Shopify's documented webhook payloads are not at ${reference}; shape comparisons skip.`);

const TOPICS = [
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "orders/fulfilled",
  "orders/partially_fulfilled",
];

/** An app configuration that subscribes to every fulfilment topic. */
function appToml(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "orderflow-sim-"));
  const file = path.join(dir, "shopify.app.toml");
  const subscriptions = TOPICS.map((topic) => `[[webhooks.subscriptions]]\ntopics = ["${topic}"]\nuri = "/webhooks/${topic}"\n`).join("\n");
  writeFileSync(
    file,
    `client_id = "x"\nhandle = "orderflow"\n[access_scopes]\nscopes = "read_orders"\n[webhooks]\napi_version = "2026-10"\n${subscriptions}`,
  );
  return file;
}

const clock = manualClock(Date.parse("2026-12-01T09:00:00Z"));
let sim: TestSimulator;
let app: Receiver;
let token: string;

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);

const FULFIL = `mutation Fulfil($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id name status displayStatus totalQuantity trackingInfo(first: 5) { company number url } }
    userErrors { field message }
  }
}`;

interface PlacedOrder {
  id: string;
  legacyId: number;
  name: string;
  fulfillmentOrders: Array<{
    id: string;
    status: string;
    lineItems: Array<{ id: string; totalQuantity: number; remainingQuantity: number }>;
  }>;
}

async function placeOrder(lineItems: Array<{ sku: string; quantity: number }>): Promise<PlacedOrder> {
  const { body } = await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
    email: "maya.chen@example.com",
    shippingAddress: MAYA_ADDRESS,
    lineItems,
  });
  return body;
}

const received = (topic: string) =>
  app.received.filter((request) => request.headers["x-shopify-topic"] === topic).map((request) => JSON.parse(request.body));

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock, appTomlPath: appToml() });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Fulfil Test" });
  await sim.control("POST", `/_sim/shops/${SHOP}/seed`, {
    ...SMALL_CATALOGUE,
    products: [
      ...SMALL_CATALOGUE.products,
      {
        title: "Summit Down Vest",
        variants: [{ sku: "SDV-M", price: "98.00", weight: { value: 450, unit: "GRAMS" }, inventory: { "Newark Warehouse": 4 } }],
      },
    ],
  });
  token = await sim.offlineToken(SHOP);
});

beforeEach(async () => {
  await sim.webhooks.flush();
  app.received.length = 0;
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("fulfillmentCreate", () => {
  it("fulfils a whole fulfillment order: it closes, the order is fulfilled, the stock leaves and the tracking is kept", async () => {
    // GIVEN an open order for two pairs of socks and a vest at Newark
    const order = await placeOrder([
      { sku: "AWS", quantity: 2 },
      { sku: "SDV-M", quantity: 1 },
    ]);
    const [fulfillmentOrder] = order.fulfillmentOrders;

    // WHEN the app fulfils it with tracking, naming no lines (all of them)
    const { body } = await gql(FULFIL, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id }],
        trackingInfo: { company: "Parcelway", number: "PARC1", url: "https://parcelway.example/track/PARC1" },
        notifyCustomer: true,
      },
    });

    // THEN Shopify answers with the fulfilment
    expect(body.errors).toBeUndefined();
    expect(body.data.fulfillmentCreate).toEqual({
      fulfillment: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\/\d+$/),
        name: `${order.name}.1`,
        status: "SUCCESS",
        displayStatus: "FULFILLED",
        totalQuantity: 3,
        trackingInfo: [{ company: "Parcelway", number: "PARC1", url: "https://parcelway.example/track/PARC1" }],
      },
      userErrors: [],
    });

    // AND the fulfillment order is closed with nothing remaining, and the order reads as fulfilled with it
    const read = await gql(
      `query Read($id: ID!) { order(id: $id) { displayFulfillmentStatus
          fulfillments(first: 5) { name trackingInfo { number } fulfillmentLineItems(first: 5) { nodes { quantity lineItem { sku } } } }
          fulfillmentOrders(first: 5) { nodes { status lineItems(first: 5) { nodes { remainingQuantity weight { value unit } } }
            fulfillments(first: 5) { nodes { name } } } } } }`,
      { id: order.id },
    );
    expect(read.body.data.order).toEqual({
      displayFulfillmentStatus: "FULFILLED",
      fulfillments: [
        {
          name: `${order.name}.1`,
          trackingInfo: [{ number: "PARC1" }],
          fulfillmentLineItems: {
            nodes: [
              { quantity: 2, lineItem: { sku: "AWS" } },
              { quantity: 1, lineItem: { sku: "SDV-M" } },
            ],
          },
        },
      ],
      fulfillmentOrders: {
        nodes: [
          {
            status: "CLOSED",
            lineItems: {
              nodes: [
                { remainingQuantity: 0, weight: null },
                { remainingQuantity: 0, weight: { value: 450, unit: "GRAMS" } },
              ],
            },
            fulfillments: { nodes: [{ name: `${order.name}.1` }] },
          },
        ],
      },
    });
    const stock = sim.store.requireShop(SHOP);
    const vest = stock.variantBySku("SDV-M")!;
    const newark = [...stock.locations.values()].find((location) => location.name === "Newark Warehouse")!;
    expect(stock.levelFor(vest.inventoryItemId, newark.id)?.quantities).toMatchObject({ on_hand: 3, committed: 0, available: 3 });

    // AND the app hears fulfillments/create, orders/fulfilled and orders/updated
    await sim.webhooks.flush();
    const [created] = received("fulfillments/create");
    expect(created).toMatchObject({
      order_id: order.legacyId,
      name: `${order.name}.1`,
      status: "success",
      tracking_company: "Parcelway",
      tracking_number: "PARC1",
      tracking_numbers: ["PARC1"],
      tracking_url: "https://parcelway.example/track/PARC1",
      shipment_status: null,
      destination: { zip: "10036", country_code: "US" },
      line_items: [
        { sku: "AWS", quantity: 2 },
        { sku: "SDV-M", quantity: 1, grams: 450 },
      ],
    });
    expect(received("orders/fulfilled")).toHaveLength(1);
    expect(received("orders/fulfilled")[0]).toMatchObject({
      fulfillment_status: "fulfilled",
      fulfillments: [{ tracking_number: "PARC1" }],
    });
    expect(received("orders/partially_fulfilled")).toEqual([]);
  });

  it("fulfils part of a fulfillment order: it stays in progress, the order is partially fulfilled, the next fulfilment is .2", async () => {
    const order = await placeOrder([{ sku: "AWS", quantity: 3 }]);
    const [fulfillmentOrder] = order.fulfillmentOrders;
    const line = fulfillmentOrder.lineItems[0];
    const part = (quantity: number) =>
      gql(FULFIL, {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: fulfillmentOrder.id, fulfillmentOrderLineItems: [{ id: line.id, quantity }] },
          ],
        },
      });

    expect((await part(1)).body.data.fulfillmentCreate.fulfillment).toMatchObject({
      name: `${order.name}.1`,
      totalQuantity: 1,
      trackingInfo: [],
    });
    const { body: after } = await sim.control("GET", `/_sim/shops/${SHOP}/orders/${order.legacyId}`);
    expect(after.fulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(after.fulfillmentOrders[0]).toMatchObject({ status: "IN_PROGRESS", lineItems: [{ remainingQuantity: 2 }] });

    expect((await part(2)).body.data.fulfillmentCreate.fulfillment).toMatchObject({ name: `${order.name}.2` });
    await sim.webhooks.flush();
    expect(received("orders/partially_fulfilled")).toHaveLength(1);
    expect(received("orders/fulfilled")).toHaveLength(1);
  });

  it("refuses a fulfillment order on hold, a closed one, too many units and fulfillment orders of two orders", async () => {
    const held = await placeOrder([{ sku: "AWS", quantity: 1 }]);
    const other = await placeOrder([{ sku: "AWS", quantity: 1 }]);
    const heldRecord = sim.store.requireShop(SHOP).fulfillmentOrders.get(Number(held.fulfillmentOrders[0].id.split("/").pop()))!;
    heldRecord.status = "ON_HOLD";
    const attempt = async (lineItemsByFulfillmentOrder: unknown[]) =>
      (await gql(FULFIL, { fulfillment: { lineItemsByFulfillmentOrder } })).body.data.fulfillmentCreate;

    const onHold = await attempt([{ fulfillmentOrderId: held.fulfillmentOrders[0].id }]);
    expect(onHold).toEqual({ fulfillment: null, userErrors: [{ field: ["fulfillment"], message: expect.stringContaining("is on hold") }] });

    const tooMany = await attempt([
      {
        fulfillmentOrderId: other.fulfillmentOrders[0].id,
        fulfillmentOrderLineItems: [{ id: other.fulfillmentOrders[0].lineItems[0].id, quantity: 2 }],
      },
    ]);
    expect(tooMany.userErrors[0].message).toMatch(/exceeds the remaining 1/);

    heldRecord.status = "OPEN";
    const mixed = await attempt([
      { fulfillmentOrderId: held.fulfillmentOrders[0].id },
      { fulfillmentOrderId: other.fulfillmentOrders[0].id },
    ]);
    expect(mixed.userErrors[0].message).toBe("All fulfillment orders must belong to the same order.");

    expect((await attempt([{ fulfillmentOrderId: other.fulfillmentOrders[0].id }])).userErrors).toEqual([]);
    const closed = await attempt([{ fulfillmentOrderId: other.fulfillmentOrders[0].id }]);
    expect(closed.userErrors[0].message).toMatch(/its status is CLOSED/);
    expect(sim.store.requireShop(SHOP).fulfillmentOrders.get(heldRecord.id)!.lineItems[0].remainingQuantity).toBe(1);
  });
});

describe("fulfillmentOrders", () => {
  it("lists fulfillment orders by assigned location and status, leaving closed ones out unless asked", async () => {
    const open = await placeOrder([{ sku: "TRJ-L", quantity: 1 }]);
    const state = sim.store.requireShop(SHOP);
    const newark = [...state.locations.values()].find((location) => location.name === "Newark Warehouse")!;
    const query = `query Open($query: String, $closed: Boolean) { fulfillmentOrders(first: 50, query: $query, includeClosed: $closed) { nodes { id status } } }`;
    const ids = async (variables: Record<string, unknown>) =>
      (await gql(query, variables)).body.data.fulfillmentOrders.nodes.map((n: { id: string }) => n.id);

    const atNewark = await ids({ query: `assigned_location_id:${newark.id} status:open` });
    expect(atNewark).toContain(open.fulfillmentOrders[0].id);
    expect(await ids({ query: "assigned_location_id:1" })).toEqual([]);
    const all = await ids({ closed: true });
    const notClosed = await ids({});
    const closedCount = [...state.fulfillmentOrders.values()].filter((fo) => fo.status === "CLOSED").length;
    expect(closedCount).toBeGreaterThan(0);
    expect(all.length - notClosed.length).toBe(closedCount);
  });
});

describe("tracking", () => {
  async function shipped() {
    const order = await placeOrder([{ sku: "AWS", quantity: 1 }]);
    const { body } = await gql(FULFIL, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders[0].id }],
        trackingInfo: { company: "Parcelway", number: `PARC${order.legacyId}` },
      },
    });
    await sim.webhooks.flush();
    app.received.length = 0;
    return { order, fulfillment: body.data.fulfillmentCreate.fulfillment as { id: string }, tracking: `PARC${order.legacyId}` };
  }

  it("moves a parcel through the control API as a carrier would: fulfillment events, fulfillment_events/create and fulfillments/update", async () => {
    // GIVEN a shipped parcel
    const { fulfillment, tracking } = await shipped();

    // WHEN the carrier picks it up, fails once and delivers it, found by its tracking number
    for (const [to, happenedAt] of [
      ["picked_up", "2026-12-01T17:00:00Z"],
      ["failed_attempt", "2026-12-03T11:00:00Z"],
      ["delivered", "2026-12-04T10:30:00Z"],
    ]) {
      const moved = await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/${tracking}/move`, { to, happenedAt });
      expect(moved.status).toBe(200);
    }
    await sim.webhooks.flush();

    // THEN Shopify has the events, and the app heard each with its status in lower case
    const { body } = await gql(
      `query Events($id: ID!) { fulfillment(id: $id) { displayStatus deliveredAt events(first: 10) { nodes { status message happenedAt } } } }`,
      {
        id: fulfillment.id,
      },
    );
    expect(body.data.fulfillment).toEqual({
      displayStatus: "DELIVERED",
      deliveredAt: "2026-12-04T10:30:00Z",
      events: {
        nodes: [
          { status: "CARRIER_PICKED_UP", message: "Picked up by the carrier", happenedAt: "2026-12-01T17:00:00Z" },
          {
            status: "ATTEMPTED_DELIVERY",
            message: "Delivery attempted: nobody was there to receive it",
            happenedAt: "2026-12-03T11:00:00Z",
          },
          { status: "DELIVERED", message: null, happenedAt: "2026-12-04T10:30:00Z" },
        ],
      },
    });
    // Deliveries run concurrently, so they may arrive in any order.
    const events = received("fulfillment_events/create").sort((a, b) => a.happened_at.localeCompare(b.happened_at));
    expect(events.map((e) => [e.status, e.happened_at])).toEqual([
      ["carrier_picked_up", "2026-12-01T17:00:00Z"],
      ["attempted_delivery", "2026-12-03T11:00:00Z"],
      ["delivered", "2026-12-04T10:30:00Z"],
    ]);
    expect(events[0]).toMatchObject({
      fulfillment_id: Number(fulfillment.id.split("/").pop()),
      admin_graphql_api_id: expect.stringMatching(/FulfillmentEvent/),
    });
    expect(
      received("fulfillments/update")
        .map((f) => f.shipment_status)
        .sort(),
    ).toEqual(["attempted_delivery", "carrier_picked_up", "delivered"]);
  });

  it("reports a return to sender as FAILURE and damage on the delivery scan", async () => {
    const returned = await shipped();
    const damaged = await shipped();
    await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/${encodeURIComponent(returned.fulfillment.id)}/move`, { to: "rto" });
    await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/${damaged.tracking}/move`, { to: "damaged" });
    await sim.webhooks.flush();
    expect(
      received("fulfillment_events/create")
        .map((e) => [e.status, e.message])
        .sort(),
    ).toEqual([
      ["delivered", "Delivered; the parcel was damaged in transit"],
      ["failure", "Returned to sender"],
    ]);
  });

  it("takes fulfillmentEventCreate from the API too, and refuses an unknown fulfilment or move", async () => {
    const { fulfillment } = await shipped();
    const create = `mutation Event($event: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $event) { fulfillmentEvent { status } userErrors { field message } } }`;
    const made = await gql(create, { event: { fulfillmentId: fulfillment.id, status: "OUT_FOR_DELIVERY" } });
    expect(made.body.data.fulfillmentEventCreate).toEqual({ fulfillmentEvent: { status: "OUT_FOR_DELIVERY" }, userErrors: [] });
    const missing = await gql(create, { event: { fulfillmentId: "gid://shopify/Fulfillment/1", status: "DELIVERED" } });
    expect(missing.body.data.fulfillmentEventCreate.userErrors).toEqual([
      { field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." },
    ]);
    expect((await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/NOPE/move`, { to: "delivered" })).status).toBe(404);
    expect(
      (await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/${encodeURIComponent(fulfillment.id)}/move`, { to: "lost" })).status,
    ).toBe(400);
  });
});

describe.skipIf(!haveReference)("payload shapes", () => {
  it("use only field names from Shopify's documented fulfillments/create, fulfillments/update and orders/fulfilled payloads", async () => {
    const order = await placeOrder([{ sku: "AWS", quantity: 1 }]);
    await gql(FULFIL, {
      fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders[0].id }], trackingInfo: { number: "X1" } },
    });
    await sim.control("POST", `/_sim/shops/${SHOP}/fulfillments/X1/move`, { to: "in_transit" });
    await sim.webhooks.flush();
    const documented = (topic: string) => JSON.parse(readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8"));
    const unknownKeys = (ours: Record<string, unknown>, theirs: Record<string, unknown>) =>
      Object.keys(ours).filter((key) => !(key in theirs));
    for (const topic of ["fulfillments/create", "fulfillments/update"]) {
      const [ours] = received(topic);
      const theirs = documented(topic);
      expect(unknownKeys(ours, theirs)).toEqual([]);
      expect(unknownKeys(ours.line_items[0], theirs.line_items[0])).toEqual([]);
      expect(unknownKeys(ours.destination, theirs.destination)).toEqual([]);
    }
    const [fulfilled] = received("orders/fulfilled");
    expect(unknownKeys(fulfilled, documented("orders/fulfilled"))).toEqual([]);
  });
});
