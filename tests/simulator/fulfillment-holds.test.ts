import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAYA_ADDRESS, type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// Holds, releases, order updates and cancellation: the mutations intake uses, in Shopify's shapes,
// with the webhooks they cause.

const SHOP = "holds-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);
if (!haveReference) console.warn(`Shopify's documented webhook payloads are not at ${reference}; shape comparisons skip.`);

const TOPICS = [
  "orders/updated",
  "orders/cancelled",
  "fulfillment_orders/placed_on_hold",
  "fulfillment_orders/hold_released",
  "fulfillment_orders/cancelled",
  "fulfillment_holds/added",
  "fulfillment_holds/released",
];
const toml = `handle = "orderflow"
[webhooks]
api_version = "2026-10"
${TOPICS.map((topic) => `[[webhooks.subscriptions]]\ntopics = ["${topic}"]\nuri = "/webhooks/${topic}"\n`).join("")}`;

const HOLD = `#graphql
  mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id handle reason reasonNotes displayReason heldByRequestingApp }
      fulfillmentOrder { id status fulfillmentHolds { id handle reason } }
      remainingFulfillmentOrder { id }
      userErrors { field message code }
    }
  }`;
const RELEASE = `#graphql
  mutation Release($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status fulfillmentHolds { id } }
      userErrors { field message code }
    }
  }`;

let sim: TestSimulator;
let app: Receiver;
let token: string;
let work: string;

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);
const received = (topic: string) => app.received.filter((request) => request.headers["x-shopify-topic"] === topic).map((request) => JSON.parse(request.body));

async function placeOrder(lineItems = [{ sku: "TRJ-L", quantity: 1 }]) {
  const { body } = await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
    customer: { email: "maya.chen@example.com", firstName: "Maya", lastName: "Chen" },
    shippingAddress: MAYA_ADDRESS,
    lineItems,
    shippingLine: { title: "UPS Ground", code: "UPS_GROUND", price: "8.00" },
  });
  return body as { id: string; legacyId: number; fulfillmentOrders: Array<{ id: string }> };
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "orderflow-holds-"));
  writeFileSync(path.join(work, "shopify.app.toml"), toml);
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, appTomlPath: path.join(work, "shopify.app.toml") });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Holds Test" });
  await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
  token = await sim.offlineToken(SHOP);
});

beforeEach(async () => {
  await sim.webhooks.flush();
  app.received.length = 0;
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("fulfillmentOrderHold and fulfillmentOrderReleaseHold", () => {
  it("hold a fulfillment order with the app's handle, refuse the same handle twice, and release it", async () => {
    // GIVEN an open fulfillment order
    const order = await placeOrder();
    const fulfillmentOrderId = order.fulfillmentOrders[0].id;

    // WHEN the app holds it
    const held = await gql(HOLD, {
      id: fulfillmentOrderId,
      hold: { reason: "INCORRECT_ADDRESS", reasonNotes: "Postcode missing", handle: "orderflow-intake", notifyMerchant: false },
    });

    // THEN it is ON_HOLD with the app's hold, and Shopify's webhooks say so
    const payload = held.body.data.fulfillmentOrderHold;
    expect(payload.userErrors).toEqual([]);
    expect(payload.fulfillmentHold).toMatchObject({
      handle: "orderflow-intake",
      reason: "INCORRECT_ADDRESS",
      reasonNotes: "Postcode missing",
      displayReason: "Incorrect address",
      heldByRequestingApp: true,
    });
    expect(payload.fulfillmentOrder).toMatchObject({ id: fulfillmentOrderId, status: "ON_HOLD", fulfillmentHolds: [{ handle: "orderflow-intake" }] });
    expect(payload.remainingFulfillmentOrder).toBeNull();
    await sim.webhooks.flush();
    const [placed] = received("fulfillment_orders/placed_on_hold");
    expect(placed).toMatchObject({
      fulfillment_order: { id: fulfillmentOrderId, status: "on_hold", fulfillment_holds: [{ reason: "incorrect_address", handle: "orderflow-intake" }] },
      created_fulfillment_hold: { id: payload.fulfillmentHold.id, reason: "incorrect_address", reason_notes: "Postcode missing" },
    });
    expect(received("fulfillment_holds/added")).toHaveLength(1);

    // AND the same handle again is refused as Shopify refuses it
    const again = await gql(HOLD, { id: fulfillmentOrderId, hold: { reason: "OTHER", handle: "orderflow-intake" } });
    expect(again.body.data.fulfillmentOrderHold.userErrors).toEqual([
      { field: ["fulfillmentHold", "handle"], message: expect.stringContaining("already in use"), code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE" },
    ]);

    // AND the control API shows the hold
    const state = await sim.control("GET", `/_sim/shops/${SHOP}/orders/${order.legacyId}`);
    expect(state.body.fulfillmentOrders[0]).toMatchObject({ status: "ON_HOLD", holds: [{ reason: "INCORRECT_ADDRESS", handle: "orderflow-intake" }] });

    // WHEN the app releases its hold
    app.received.length = 0;
    const released = await gql(RELEASE, { id: fulfillmentOrderId, holdIds: [payload.fulfillmentHold.id] });
    expect(released.body.data.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { id: fulfillmentOrderId, status: "OPEN", fulfillmentHolds: [] }, userErrors: [] });
    await sim.webhooks.flush();
    expect(received("fulfillment_orders/hold_released")).toEqual([{ fulfillment_order: { id: fulfillmentOrderId, status: "open" } }]);

    // AND releasing a hold that is gone changes nothing and sends nothing
    app.received.length = 0;
    const twice = await gql(RELEASE, { id: fulfillmentOrderId, holdIds: [payload.fulfillmentHold.id] });
    expect(twice.body.data.fulfillmentOrderReleaseHold).toMatchObject({ fulfillmentOrder: { status: "OPEN" }, userErrors: [] });
    await sim.webhooks.flush();
    expect(app.received).toEqual([]);
  });

  it("goes OPEN only when the last of several holds is released", async () => {
    const order = await placeOrder();
    const id = order.fulfillmentOrders[0].id;
    const first = await gql(HOLD, { id, hold: { reason: "INCORRECT_ADDRESS", handle: "a" } });
    await gql(HOLD, { id, hold: { reason: "INVENTORY_OUT_OF_STOCK", handle: "b" } });
    const partly = await gql(RELEASE, { id, holdIds: [first.body.data.fulfillmentOrderHold.fulfillmentHold.id] });
    expect(partly.body.data.fulfillmentOrderReleaseHold.fulfillmentOrder).toMatchObject({ status: "ON_HOLD", fulfillmentHolds: [expect.anything()] });
    const all = await gql(RELEASE, { id });
    expect(all.body.data.fulfillmentOrderReleaseHold.fulfillmentOrder).toMatchObject({ status: "OPEN", fulfillmentHolds: [] });
    await sim.webhooks.flush();
    expect(received("fulfillment_orders/placed_on_hold")).toHaveLength(1);
    expect(received("fulfillment_orders/hold_released")).toHaveLength(1);
  });

  it("answers FULFILLMENT_ORDER_NOT_FOUND for an unknown fulfillment order", async () => {
    const result = await gql(HOLD, { id: "gid://shopify/FulfillmentOrder/1", hold: { reason: "OTHER" } });
    expect(result.body.data.fulfillmentOrderHold.userErrors).toEqual([
      { field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" },
    ]);
  });
});

describe("orderUpdate", () => {
  it("overwrites the shipping address, phone and email and sends orders/updated", async () => {
    const order = await placeOrder();
    const result = await gql(
      `#graphql
      mutation Fix($input: OrderInput!) {
        orderUpdate(input: $input) {
          order { id phone email shippingAddress { address1 address2 city provinceCode zip countryCodeV2 phone } }
          userErrors { field message }
        }
      }`,
      {
        input: {
          id: order.id,
          phone: "+12125550199",
          email: "maya@example.com",
          shippingAddress: { firstName: "Maya", lastName: "Chen", address1: "1 Main St", city: "Albany", provinceCode: "NY", zip: "12207", countryCode: "US" },
        },
      },
    );
    expect(result.body.data.orderUpdate).toEqual({
      order: {
        id: order.id,
        phone: "+12125550199",
        email: "maya@example.com",
        shippingAddress: { address1: "1 Main St", address2: null, city: "Albany", provinceCode: "NY", zip: "12207", countryCodeV2: "US", phone: null },
      },
      userErrors: [],
    });
    await sim.webhooks.flush();
    expect(received("orders/updated").at(-1)).toMatchObject({ phone: "+12125550199", shipping_address: { address1: "1 Main St", zip: "12207" } });
  });
});

describe("orderCancel", () => {
  const CANCEL = `#graphql
    mutation Cancel($orderId: ID!) {
      orderCancel(orderId: $orderId, reason: CUSTOMER, restock: true, notifyCustomer: false, refundMethod: { originalPaymentMethodsRefund: true }) {
        job { id done }
        orderCancelUserErrors { field message code }
      }
    }`;

  it("cancels as a job, restocks, cancels the fulfillment orders and sends the webhooks", async () => {
    const before = await gql(`#graphql
      query Stock { productVariants(first: 1, query: "sku:AWS") { nodes { inventoryQuantity } } }`);
    const order = await placeOrder([{ sku: "AWS", quantity: 3 }]);
    const result = await gql(CANCEL, { orderId: order.id });
    expect(result.body.data.orderCancel).toEqual({ job: { id: expect.stringMatching(/^gid:\/\/shopify\/Job\//), done: false }, orderCancelUserErrors: [] });

    const state = await sim.control("GET", `/_sim/shops/${SHOP}/orders/${order.legacyId}`);
    expect(state.body).toMatchObject({ cancelReason: "CUSTOMER", financialStatus: "REFUNDED", fulfillmentOrders: [{ status: "CANCELLED", holds: [] }] });
    expect(state.body.cancelledAt).not.toBeNull();
    const after = await gql(`#graphql
      query StockAfter { productVariants(first: 1, query: "sku:AWS") { nodes { inventoryQuantity } } }`);
    expect(after.body.data.productVariants.nodes[0].inventoryQuantity).toBe(before.body.data.productVariants.nodes[0].inventoryQuantity);

    await sim.webhooks.flush();
    expect(received("orders/cancelled")).toEqual([expect.objectContaining({ admin_graphql_api_id: order.id, cancel_reason: "customer" })]);
    expect(received("fulfillment_orders/cancelled")).toEqual([
      { fulfillment_order: { id: order.fulfillmentOrders[0].id, status: "cancelled" }, replacement_fulfillment_order: null },
    ]);

    const again = await gql(CANCEL, { orderId: order.id });
    expect(again.body.data.orderCancel).toEqual({
      job: null,
      orderCancelUserErrors: [{ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" }],
    });
  });
});

describe("order reads intake needs", () => {
  it("lists shipping lines and finds a customer's orders by customer_id", async () => {
    const order = await placeOrder();
    const { body } = await gql(
      `#graphql
      query Recent($query: String!) {
        orders(first: 50, query: $query) { nodes { id shippingLines(first: 5) { nodes { title code source carrierIdentifier } } } }
      }`,
      { query: `customer_id:${(await sim.control("GET", `/_sim/shops/${SHOP}/orders/${order.legacyId}`)).body.customer.legacyId}` },
    );
    const ids = body.data.orders.nodes.map((node: { id: string }) => node.id);
    expect(ids).toContain(order.id);
    expect(body.data.orders.nodes.at(-1).shippingLines.nodes).toEqual([{ title: "UPS Ground", code: "UPS_GROUND", source: "shopify", carrierIdentifier: null }]);
  });
});

describe.skipIf(!haveReference)("fulfillment-order webhooks", () => {
  it("use only field names from Shopify's documented payloads", async () => {
    const documented = (topic: string) => JSON.parse(readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8"));
    const unknownKeys = (ours: Record<string, unknown>, theirs: Record<string, unknown>) => Object.keys(ours).filter((key) => !(key in theirs));
    const order = await placeOrder();
    const id = order.fulfillmentOrders[0].id;
    await gql(HOLD, { id, hold: { reason: "OTHER", handle: "shape" } });
    await gql(RELEASE, { id });
    await gql(`#graphql
      mutation CancelForShape($orderId: ID!) { orderCancel(orderId: $orderId, reason: OTHER, restock: false) { orderCancelUserErrors { message } } }`, { orderId: order.id });
    await sim.webhooks.flush();

    const placed = received("fulfillment_orders/placed_on_hold")[0];
    const theirs = documented("fulfillment_orders/placed_on_hold");
    expect(unknownKeys(placed, theirs)).toEqual([]);
    expect(unknownKeys(placed.fulfillment_order, theirs.fulfillment_order)).toEqual([]);
    expect(unknownKeys(placed.created_fulfillment_hold, theirs.created_fulfillment_hold)).toEqual([]);
    for (const topic of ["fulfillment_orders/hold_released", "fulfillment_orders/cancelled", "fulfillment_holds/added", "fulfillment_holds/released"]) {
      expect(Object.keys(received(topic)[0]).sort()).toEqual(Object.keys(documented(topic)).sort());
    }
    expect(unknownKeys(received("orders/cancelled")[0], documented("orders/cancelled"))).toEqual([]);
  });
});
