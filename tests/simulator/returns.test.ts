import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { API_SECRET, MAYA_ADDRESS, type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";
import { webhookHmac } from "./webhooks";

// The Returns API: a customer's request and the merchant's answer, merchant-created returns with
// exchanges, reverse deliveries, returnProcess (stock, money, replacements, idempotency), close and
// cancel, and the webhooks Shopify sends for each.

const SHOP = "returns-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);
if (!haveReference) console.warn(`Shopify's documented webhook payloads are not at ${reference}; shape comparisons skip.`);

const TOPICS = [
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/process",
  "returns/close",
  "returns/cancel",
  "reverse_deliveries/attach_deliverable",
  "refunds/create",
  "inventory_levels/update",
];

function appToml(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "orderflow-sim-"));
  const file = path.join(dir, "shopify.app.toml");
  const subscriptions = TOPICS.map((topic) => `[[webhooks.subscriptions]]\ntopics = ["${topic}"]\nuri = "/webhooks/${topic}"\n`).join("\n");
  writeFileSync(
    file,
    `client_id = "x"\nhandle = "orderflow"\n[access_scopes]\nscopes = "read_orders,read_returns,write_returns"\n[webhooks]\napi_version = "2026-10"\n${subscriptions}`,
  );
  return file;
}

const clock = manualClock(Date.parse("2026-12-01T09:00:00Z"));
let sim: TestSimulator;
let app: Receiver;
let token: string;
let brooklyn: string;

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);

const RETURN_FIELDS = `fragment R on Return {
  id name status requestApprovedAt closedAt totalQuantity decline { reason note }
  returnLineItems(first: 10) { nodes { id quantity processedQuantity processableQuantity refundedQuantity returnReasonNote customerNote
    returnReasonDefinition { handle } ... on ReturnLineItem { fulfillmentLineItem { id lineItem { sku } } } } }
  exchangeLineItems(first: 5) { nodes { id quantity processedQuantity variantSku lineItems { id sku } } }
  reverseFulfillmentOrders(first: 5) { nodes { id status
    lineItems(first: 10) { nodes { id totalQuantity dispositions { type quantity location { id } } } }
    reverseDeliveries(first: 5) { nodes { id deliverable { ... on ReverseDeliveryShippingDeliverable { tracking { number url carrierName } label { publicFileUrl } } } } } } }
  refunds(first: 5) { nodes { id totalRefundedSet { presentmentMoney { amount currencyCode } } } }
}`;

const payload = (name: string, field: string, args: string, vars: string) => `mutation ${name}(${vars}) {
  ${field}(${args}) { return { ...R } userErrors { field message code } } } ${RETURN_FIELDS}`;

const REQUEST = payload("Request", "returnRequest", "input: $input", "$input: ReturnRequestInput!");
const CREATE = payload("Create", "returnCreate", "returnInput: $input", "$input: ReturnInput!");
const APPROVE = payload("Approve", "returnApproveRequest", "input: $input", "$input: ReturnApproveRequestInput!");
const DECLINE = payload("Decline", "returnDeclineRequest", "input: $input", "$input: ReturnDeclineRequestInput!");
const CLOSE = payload("Close", "returnClose", "id: $id", "$id: ID!");
const CANCEL = payload("Cancel", "returnCancel", "id: $id", "$id: ID!");
const PROCESS = `mutation Process($input: ReturnProcessInput!, $key: String!) {
  returnProcess(input: $input) @idempotent(key: $key) { return { ...R } userErrors { field message code } } } ${RETURN_FIELDS}`;
const DELIVERY = `mutation Deliver($rfo: ID!, $lines: [ReverseDeliveryLineItemInput!]!, $tracking: ReverseDeliveryTrackingInput, $label: ReverseDeliveryLabelInput) {
  reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $rfo, reverseDeliveryLineItems: $lines, trackingInput: $tracking, labelInput: $label, notifyCustomer: true) {
    reverseDelivery { id deliverable { ... on ReverseDeliveryShippingDeliverable { tracking { number url carrierName } label { publicFileUrl } } } }
    userErrors { field message code } } }`;
const RETURNABLE = `query Returnable($id: ID!) { returnableFulfillments(orderId: $id, first: 5) { nodes {
  returnableFulfillmentLineItems(first: 10) { nodes { quantity fulfillmentLineItem { id lineItem { sku } } } } } } }`;
const LEVEL = `query Level($item: ID!, $location: ID!) { inventoryItem(id: $item) { inventoryLevel(locationId: $location) {
  quantities(names: ["available", "on_hand"]) { name quantity } } } }`;
const ORDER_MONEY = `query Money($id: ID!) { order(id: $id) { displayFinancialStatus totalRefundedSet { shopMoney { amount } }
  transactions(first: 10) { id kind amountSet { shopMoney { amount } } }
  refunds(first: 5) { refundLineItems(first: 5) { nodes { quantity restockType lineItem { sku } } } } } }`;

interface ShippedOrder {
  id: string;
  name: string;
  /** Fulfillment line item id by SKU. */
  lines: Record<string, string>;
  saleId: string;
}

/** An order Maya placed and Shopify shipped (one fulfilment of everything). */
async function shippedOrder(lineItems: Array<{ sku: string; quantity: number }>): Promise<ShippedOrder> {
  const { body: order } = await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
    email: "maya.chen@example.com",
    shippingAddress: MAYA_ADDRESS,
    lineItems,
    shippingLine: { title: "Standard", price: "8.00" },
  });
  const fulfilled = await gql(
    `mutation Fulfil($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment { fulfillmentLineItems(first: 10) { nodes { id lineItem { sku } } } } userErrors { message } } }`,
    { fulfillment: { lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo: { id: string }) => ({ fulfillmentOrderId: fo.id })) } },
  );
  const lines = Object.fromEntries(
    fulfilled.body.data.fulfillmentCreate.fulfillment.fulfillmentLineItems.nodes.map((n: { id: string; lineItem: { sku: string } }) => [n.lineItem.sku, n.id]),
  );
  const money = await gql(ORDER_MONEY, { id: order.id });
  return { id: order.id, name: order.name, lines, saleId: money.body.data.order.transactions[0].id };
}

async function level(sku: string, location: string): Promise<Record<string, number>> {
  const { body } = await gql(`query V($q: String!) { productVariants(first: 1, query: $q) { nodes { inventoryItem { id } } } }`, { q: `sku:${sku}` });
  const item = body.data.productVariants.nodes[0].inventoryItem.id;
  const read = await gql(LEVEL, { item, location });
  return Object.fromEntries(read.body.data.inventoryItem.inventoryLevel.quantities.map((q: { name: string; quantity: number }) => [q.name, q.quantity]));
}

const received = (topic: string) =>
  app.received.filter((request) => request.headers["x-shopify-topic"] === topic).map((request) => JSON.parse(request.body));

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock, appTomlPath: appToml() });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Returns Test" });
  const { body } = await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
  brooklyn = body.locations.find((l: { name: string }) => l.name === "Brooklyn Store").id;
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

describe("a customer's return request", () => {
  it("starts on Shopify's side as REQUESTED, fires returns/request signed like every webhook, and takes the units out of what is returnable", async () => {
    // GIVEN a shipped order of three pairs of socks
    const order = await shippedOrder([{ sku: "AWS", quantity: 3 }]);

    // WHEN the customer asks to return two of them from the order status page
    const started = await sim.control("POST", `/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}/returns`, {
      lines: [{ sku: "AWS", quantity: 2, reason: "SIZE_TOO_SMALL", note: "Too tight" }],
    });
    await sim.webhooks.flush();

    // THEN the return is REQUESTED with no reverse fulfillment order yet
    expect(started.status).toBe(201);
    const { body } = await gql(`query R($id: ID!) { return(id: $id) { ...R } } ${RETURN_FIELDS}`, { id: started.body.id });
    expect(body.data.return).toMatchObject({
      name: `${order.name}-R1`,
      status: "REQUESTED",
      totalQuantity: 2,
      returnLineItems: { nodes: [{ quantity: 2, processedQuantity: 0, customerNote: "Too tight", returnReasonDefinition: { handle: "size-too-small" } }] },
      reverseFulfillmentOrders: { nodes: [] },
    });
    // AND returns/request reached the app with Shopify's headers and a valid HMAC
    const [delivery] = app.received.filter((request) => request.headers["x-shopify-topic"] === "returns/request");
    expect(delivery.headers["x-shopify-hmac-sha256"]).toBe(webhookHmac(delivery.body, API_SECRET));
    expect(delivery.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(JSON.parse(delivery.body)).toMatchObject({ admin_graphql_api_id: started.body.id, status: "requested", total_return_line_items: 1 });
    // AND only one pair is still returnable
    const returnable = await gql(RETURNABLE, { id: order.id });
    expect(returnable.body.data.returnableFulfillments.nodes[0].returnableFulfillmentLineItems.nodes).toEqual([
      { quantity: 1, fulfillmentLineItem: { id: order.lines.AWS, lineItem: { sku: "AWS" } } },
    ]);
  });

  it("refuses more units than are still returnable, naming the field", async () => {
    const order = await shippedOrder([{ sku: "AWS", quantity: 2 }]);
    const input = (quantity: number) => ({
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: order.lines.AWS, quantity, returnReason: "UNWANTED" }] },
    });
    expect((await gql(REQUEST, input(2))).body.data.returnRequest.userErrors).toEqual([]);

    const { body } = await gql(REQUEST, input(1));

    expect(body.data.returnRequest).toEqual({
      return: null,
      userErrors: [{ field: ["input", "returnLineItems", "0", "quantity"], message: "Quantity is not available for return.", code: "INVALID" }],
    });
  });

  it("is approved once: OPEN with a reverse fulfillment order, returns/approve fired, a second approval refused", async () => {
    const order = await shippedOrder([{ sku: "AWS", quantity: 1 }]);
    const requested = await gql(REQUEST, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: order.lines.AWS, quantity: 1, returnReason: "DEFECTIVE", customerNote: "Hole" }] },
    });
    const id = requested.body.data.returnRequest.return.id;

    const first = await gql(APPROVE, { input: { id, notifyCustomer: true } });
    const second = await gql(APPROVE, { input: { id } });
    await sim.webhooks.flush();

    expect(first.body.data.returnApproveRequest.return).toMatchObject({
      status: "OPEN",
      requestApprovedAt: "2026-12-01T09:00:00Z",
      reverseFulfillmentOrders: { nodes: [{ status: "OPEN", lineItems: { nodes: [{ totalQuantity: 1, dispositions: [] }] } }] },
    });
    expect(second.body.data.returnApproveRequest.userErrors).toEqual([
      { field: ["input", "id"], message: "Return is not approvable. Only returns with status REQUESTED can be approved.", code: "INVALID_STATE" },
    ]);
    expect(received("returns/approve").map((p) => p.admin_graphql_api_id)).toEqual([id]);
  });

  it("is declined with Shopify's reason and note, fires returns/decline, and gives the units back", async () => {
    const order = await shippedOrder([{ sku: "AWS", quantity: 1 }]);
    const requested = await gql(REQUEST, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: order.lines.AWS, quantity: 1, returnReason: "UNWANTED" }] },
    });
    const id = requested.body.data.returnRequest.return.id;

    const { body } = await gql(DECLINE, { input: { id, declineReason: "RETURN_PERIOD_ENDED", declineNote: "The 30-day window has ended." } });
    await sim.webhooks.flush();

    expect(body.data.returnDeclineRequest.return).toMatchObject({
      status: "DECLINED",
      decline: { reason: "RETURN_PERIOD_ENDED", note: "The 30-day window has ended." },
    });
    expect(received("returns/decline")).toEqual([
      expect.objectContaining({ admin_graphql_api_id: id, status: "declined", decline: { reason: "return_period_ended", note: "The 30-day window has ended." } }),
    ]);
    const returnable = await gql(RETURNABLE, { id: order.id });
    expect(returnable.body.data.returnableFulfillments.nodes[0].returnableFulfillmentLineItems.nodes[0].quantity).toBe(1);
    expect((await gql(APPROVE, { input: { id } })).body.data.returnApproveRequest.userErrors[0].code).toBe("INVALID_STATE");
  });
});

describe("the control API's returns", () => {
  it("refuses a request for something never shipped, and a carrier move it does not know", async () => {
    const order = await shippedOrder([{ sku: "AWS", quantity: 1 }]);
    const unshipped = await sim.control("POST", `/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}/returns`, {
      lines: [{ sku: "TRJ-L", quantity: 1 }],
    });
    const tooMany = await sim.control("POST", `/_sim/shops/${SHOP}/orders/${encodeURIComponent(order.id)}/returns`, {
      lines: [{ sku: "AWS", quantity: 2 }],
    });
    const badMove = await sim.control("POST", `/_sim/shops/${SHOP}/reverse-deliveries/NOPE/move`, { to: "delivered" });
    const badTo = await sim.control("POST", `/_sim/shops/${SHOP}/reverse-deliveries/NOPE/move`, { to: "lost" });

    expect(unshipped).toEqual({ status: 422, body: { error: `Nothing of TRJ-L on ${order.name} was shipped` } });
    expect(tooMany).toEqual({ status: 422, body: { error: "Quantity is not available for return." } });
    expect(badMove.status).toBe(404);
    expect(badTo.status).toBe(400);
  });
});

describe("a return from reverse delivery to close", () => {
  async function openReturn(order: ShippedOrder, quantity: number) {
    const { body } = await gql(CREATE, {
      input: {
        orderId: order.id,
        returnLineItems: [{ fulfillmentLineItemId: order.lines["TRJ-M"], quantity, returnReason: "SIZE_TOO_LARGE", returnReasonNote: "Runs big" }],
      },
    });
    expect(body.data.returnCreate.userErrors).toEqual([]);
    return body.data.returnCreate.return;
  }

  it("keeps a line's restocking fee as a percentage with its amount", async () => {
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 2 }]);
    const { body } = await gql(
      `mutation C($input: ReturnInput!) { returnCreate(returnInput: $input) {
        return { returnLineItems(first: 1) { nodes { ... on ReturnLineItem { restockingFee { percentage amountSet { shopMoney { amount } } } } } } }
        userErrors { field message code } } }`,
      {
        input: {
          orderId: order.id,
          returnLineItems: [{ fulfillmentLineItemId: order.lines["TRJ-M"], quantity: 2, returnReason: "UNWANTED", restockingFee: { percentage: 12.5 } }],
        },
      },
    );
    expect(body.data.returnCreate.return.returnLineItems.nodes[0].restockingFee).toEqual({ percentage: 12.5, amountSet: { shopMoney: { amount: "32.25" } } });
  });

  it("attaches tracking and label to the reverse fulfillment order and fires reverse_deliveries/attach_deliverable", async () => {
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 1 }]);
    const ret = await openReturn(order, 1);
    const rfo = ret.reverseFulfillmentOrders.nodes[0];

    const { body } = await gql(DELIVERY, {
      rfo: rfo.id,
      lines: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems.nodes[0].id, quantity: 1 }],
      tracking: { number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
      label: { fileUrl: "https://labels.example/1Z999AA10123456784.pdf" },
    });
    await sim.webhooks.flush();

    expect(body.data.reverseDeliveryCreateWithShipping).toEqual({
      reverseDelivery: {
        id: expect.stringMatching(/^gid:\/\/shopify\/ReverseDelivery\/\d+$/),
        deliverable: {
          tracking: { number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784", carrierName: "UPS" },
          label: { publicFileUrl: "https://labels.example/1Z999AA10123456784.pdf" },
        },
      },
      userErrors: [],
    });
    expect(received("reverse_deliveries/attach_deliverable")).toEqual([
      expect.objectContaining({
        admin_graphql_api_id: body.data.reverseDeliveryCreateWithShipping.reverseDelivery.id,
        return: { id: expect.any(Number), admin_graphql_api_id: ret.id },
        shipping_deliverable: expect.objectContaining({ tracking: expect.objectContaining({ tracking_number: "1Z999AA10123456784" }) }),
      }),
    ]);
    // AND the carrier's scans move it (control API), which Shopify keeps no state for
    const moved = await sim.control("POST", `/_sim/shops/${SHOP}/reverse-deliveries/1Z999AA10123456784/move`, {
      to: "delivered",
      happenedAt: "2026-12-03T15:00:00Z",
    });
    expect(moved.body.reverseFulfillmentOrders[0].reverseDeliveries[0]).toMatchObject({ progress: "delivered", progressAt: "2026-12-03T15:00:00Z" });
    // AND a second delivery for more than the line holds is refused
    const again = await gql(DELIVERY, { rfo: rfo.id, lines: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems.nodes[0].id, quantity: 1 }] });
    expect(again.body.data.reverseDeliveryCreateWithShipping.userErrors[0]).toMatchObject({ field: ["reverseDeliveryLineItems", "0", "quantity"], code: "INVALID" });
  });

  it("processes with a restock and a refund: stock rises at the chosen location, money moves once, refunds/create fires; a replay moves nothing", async () => {
    // GIVEN an open return of two jackets (129.00 each) from a shipped order
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 2 }]);
    const ret = await openReturn(order, 2);
    const line = ret.returnLineItems.nodes[0];
    const rfoLine = ret.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0];
    const before = await level("TRJ-M", brooklyn);
    const input = {
      returnId: ret.id,
      returnLineItems: [
        {
          id: line.id,
          quantity: 2,
          dispositions: [
            { reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "RESTOCKED", locationId: brooklyn },
            { reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "NOT_RESTOCKED" },
          ],
        },
      ],
      financialTransfer: { issueRefund: { orderTransactions: [{ parentId: order.saleId, transactionAmount: { amount: "245.10", currencyCode: "USD" } }] } },
      refundShipping: { shippingRefundAmount: { amount: "8.00", currencyCode: "USD" } },
      notifyCustomer: true,
    };

    // WHEN the app processes it, and then sends the same request again under the same key
    const first = await gql(PROCESS, { input, key: "resolution-1" });
    const replay = await gql(PROCESS, { input, key: "resolution-1" });
    await sim.webhooks.flush();

    // THEN the line is processed with its dispositions and one refund of 245.10
    expect(first.body.data.returnProcess.userErrors).toEqual([]);
    expect(first.body.data.returnProcess.return).toMatchObject({
      status: "OPEN",
      returnLineItems: { nodes: [{ processedQuantity: 2, processableQuantity: 0, refundedQuantity: 2 }] },
      reverseFulfillmentOrders: {
        nodes: [
          {
            lineItems: {
              nodes: [{ dispositions: [{ type: "RESTOCKED", quantity: 1, location: { id: brooklyn } }, { type: "NOT_RESTOCKED", quantity: 1, location: null }] }],
            },
          },
        ],
      },
      refunds: { nodes: [{ totalRefundedSet: { presentmentMoney: { amount: "245.10", currencyCode: "USD" } } }] },
    });
    // AND the replay answers the same return without a second refund
    expect(replay.body.data.returnProcess).toEqual(first.body.data.returnProcess);
    // AND one jacket is back in available stock at Brooklyn, once
    const after = await level("TRJ-M", brooklyn);
    expect({ available: after.available - before.available, on_hand: after.on_hand - before.on_hand }).toEqual({ available: 1, on_hand: 1 });
    // AND the order shows the money moved, once
    const money = await gql(ORDER_MONEY, { id: order.id });
    expect(money.body.data.order).toMatchObject({
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      totalRefundedSet: { shopMoney: { amount: "245.10" } },
      transactions: [{ kind: "SALE" }, { kind: "REFUND", amountSet: { shopMoney: { amount: "245.10" } } }],
      refunds: [{ refundLineItems: { nodes: [{ quantity: 2, restockType: "RETURN", lineItem: { sku: "TRJ-M" } }] } }],
    });
    expect(received("refunds/create")).toHaveLength(1);
    expect(received("refunds/create")[0]).toMatchObject({ order_id: expect.any(Number), return: { admin_graphql_api_id: ret.id }, transactions: [{ amount: "245.10" }] });
    expect(received("returns/process")).toEqual([expect.objectContaining({ admin_graphql_api_id: ret.id, status: "open" })]);

    // WHEN the same key comes with other input
    const mismatch = await gql(PROCESS, { input: { ...input, notifyCustomer: false }, key: "resolution-1" });
    // THEN Shopify refuses it, and nothing more moved
    expect(mismatch.body.errors).toEqual([
      expect.objectContaining({
        message: "The same idempotency key cannot be used with different operation parameters.",
        extensions: expect.objectContaining({ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }),
      }),
    ]);
    expect((await level("TRJ-M", brooklyn)).available - before.available).toBe(1);

    // WHEN a new key tries to process more than was returned
    const over = await gql(PROCESS, { input: { returnId: ret.id, returnLineItems: [{ id: line.id, quantity: 1 }] }, key: "resolution-2" });
    expect(over.body.data.returnProcess.userErrors).toEqual([
      { field: ["input", "returnLineItems", "0", "quantity"], message: "Quantity cannot exceed the processable quantity (0).", code: "INVALID" },
    ]);

    // WHEN the return is closed
    const closed = await gql(CLOSE, { id: ret.id });
    await sim.webhooks.flush();
    expect(closed.body.data.returnClose.return).toMatchObject({ status: "CLOSED", closedAt: "2026-12-01T09:00:00Z", reverseFulfillmentOrders: { nodes: [{ status: "CLOSED" }] } });
    expect(received("returns/close")).toEqual([expect.objectContaining({ admin_graphql_api_id: ret.id, status: "closed" })]);
  });

  it("refuses a refund beyond what the payment took, a restock without a location, and a process without its key", async () => {
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 1 }]);
    const ret = await openReturn(order, 1);
    const line = ret.returnLineItems.nodes[0];
    const rfoLine = ret.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0];

    const tooMuch = await gql(PROCESS, {
      key: "too-much",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: line.id, quantity: 1 }],
        financialTransfer: { issueRefund: { orderTransactions: [{ parentId: order.saleId, transactionAmount: { amount: "500.00", currencyCode: "USD" } }] } },
      },
    });
    const noLocation = await gql(PROCESS, {
      key: "no-location",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: line.id, quantity: 1, dispositions: [{ reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "RESTOCKED" }] }],
      },
    });
    const noKey = await gql(
      `mutation P($input: ReturnProcessInput!) { returnProcess(input: $input) { userErrors { message } } }`,
      { input: { returnId: ret.id, returnLineItems: [{ id: line.id, quantity: 1 }] } },
    );

    expect(tooMuch.body.data.returnProcess.userErrors[0]).toMatchObject({ code: "INVALID", message: "Refund amount exceeds the amount refundable on the transaction." });
    expect(noLocation.body.data.returnProcess.userErrors[0]).toMatchObject({
      field: ["input", "returnLineItems", "0", "dispositions", "0", "locationId"],
      code: "BLANK",
    });
    expect(noKey.body.errors[0].message).toBe("The @idempotent directive is required for this mutation but was not provided.");
    const state = await sim.control("GET", `/_sim/shops/${SHOP}/returns/${encodeURIComponent(ret.id)}`);
    expect(state.body.lineItems[0].processedQuantity).toBe(0);
    expect(state.body.refundIds).toEqual([]);
  });

  it("cancels a return nobody worked on, and refuses once something was processed", async () => {
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 2 }]);
    const untouched = await openReturn(order, 1);
    const worked = await openReturn(order, 1);
    await gql(PROCESS, { key: "worked", input: { returnId: worked.id, returnLineItems: [{ id: worked.returnLineItems.nodes[0].id, quantity: 1 }] } });

    const cancelled = await gql(CANCEL, { id: untouched.id });
    const refused = await gql(CANCEL, { id: worked.id });
    await sim.webhooks.flush();

    expect(cancelled.body.data.returnCancel.return).toMatchObject({ status: "CANCELED", reverseFulfillmentOrders: { nodes: [{ status: "CANCELED" }] } });
    expect(refused.body.data.returnCancel.userErrors[0].code).toBe("INVALID_STATE");
    expect(received("returns/cancel")).toEqual([expect.objectContaining({ admin_graphql_api_id: untouched.id, status: "canceled" })]);
  });
});

describe("an exchange", () => {
  it("puts the replacement on the order with its own open fulfillment order when the exchange line is processed", async () => {
    // GIVEN a shipped jacket in M, returned for an L
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 1 }]);
    const { body: variant } = await gql(`{ productVariants(first: 1, query: "sku:TRJ-L") { nodes { id } } }`);
    const created = await gql(CREATE, {
      input: {
        orderId: order.id,
        returnLineItems: [{ fulfillmentLineItemId: order.lines["TRJ-M"], quantity: 1, returnReason: "SIZE_TOO_SMALL" }],
        exchangeLineItems: [{ variantId: variant.data.productVariants.nodes[0].id, quantity: 1 }],
      },
    });
    const ret = created.body.data.returnCreate.return;
    expect(ret.exchangeLineItems.nodes).toEqual([{ id: expect.any(String), quantity: 1, processedQuantity: 0, variantSku: "TRJ-L", lineItems: null }]);

    // WHEN the return and the exchange are processed
    const { body } = await gql(PROCESS, {
      key: "exchange-1",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        exchangeLineItems: [{ id: ret.exchangeLineItems.nodes[0].id, quantity: 1 }],
      },
    });

    // THEN the exchange line has its new line item, and that line ships from a new open fulfillment order
    const exchange = body.data.returnProcess.return.exchangeLineItems.nodes[0];
    expect(exchange).toMatchObject({ processedQuantity: 1, lineItems: [{ sku: "TRJ-L" }] });
    const read = await gql(
      `query O($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { status lineItems(first: 5) { nodes { remainingQuantity lineItem { id sku } } } } } } }`,
      { id: order.id },
    );
    const open = read.body.data.order.fulfillmentOrders.nodes.filter((fo: { status: string }) => fo.status === "OPEN");
    expect(open).toEqual([{ status: "OPEN", lineItems: { nodes: [{ remainingQuantity: 1, lineItem: { id: exchange.lineItems[0].id, sku: "TRJ-L" } }] } }]);
  });
});

describe.skipIf(!haveReference)("payload shapes", () => {
  it("use only field names from Shopify's documented returns, reverse delivery and refund payloads", async () => {
    const order = await shippedOrder([{ sku: "AWS", quantity: 2 }]);
    const requested = await gql(REQUEST, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: order.lines.AWS, quantity: 1, returnReason: "UNWANTED" }] },
    });
    const declined = await gql(DECLINE, { input: { id: requested.body.data.returnRequest.return.id, declineReason: "OTHER" } });
    expect(declined.body.data.returnDeclineRequest.userErrors).toEqual([]);
    const created = await gql(CREATE, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: order.lines.AWS, quantity: 1, returnReason: "UNWANTED" }] },
    });
    const ret = created.body.data.returnCreate.return;
    const rfo = ret.reverseFulfillmentOrders.nodes[0];
    await gql(DELIVERY, { rfo: rfo.id, lines: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems.nodes[0].id, quantity: 1 }], tracking: { number: "RT1" } });
    await gql(PROCESS, {
      key: "shapes",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        financialTransfer: { issueRefund: { orderTransactions: [{ parentId: order.saleId, transactionAmount: { amount: "24.00", currencyCode: "USD" } }] } },
      },
    });
    await gql(CLOSE, { id: ret.id });
    await sim.webhooks.flush();

    const documented = (topic: string) => JSON.parse(readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8"));
    const unknownKeys = (ours: Record<string, unknown>, theirs: Record<string, unknown>) => Object.keys(ours).filter((key) => !(key in theirs));
    for (const topic of ["returns/request", "returns/approve", "returns/decline", "returns/close", "reverse_deliveries/attach_deliverable", "refunds/create"]) {
      const [ours] = received(topic);
      expect(ours, topic).toBeDefined();
      expect(unknownKeys(ours, documented(topic)), topic).toEqual([]);
    }
    const [refund] = received("refunds/create");
    const theirs = documented("refunds/create");
    expect(unknownKeys(refund.refund_line_items[0], theirs.refund_line_items[0])).toEqual([]);
    expect(unknownKeys(refund.transactions[0], theirs.transactions[0])).toEqual([]);
  });
});
