import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminGraphql } from "../../app/shopify/admin-client.server";
import { fetchFulfillmentOrders } from "../../app/shopify/fulfillment-orders.server";
import { createFulfillment } from "../../app/shopify/fulfillments.server";
import { fetchLevelNow } from "../../app/shopify/inventory.server";
import {
  approveReturnRequest,
  cancelReturn,
  closeReturn,
  createReturn,
  createReverseDelivery,
  declineReturnRequest,
  fetchReturn,
  fetchReturnableOrder,
  processReturn,
  requestReturn,
} from "../../app/shopify/returns.server";
import { demoCatalogue, installApp } from "../demo/store";
import { gid } from "../simulator/ids";
import { MAYA_ADDRESS } from "../simulator/testing";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// The returns wrappers against the simulated Shopify, through the app's own Admin API client:
// a customer's request to a refund and restock, an exchange to its new fulfillment order, and a
// returnProcess retried under its key that moves neither money nor stock twice.

const SHOP = "returns-shopify.myshopify.com";
let h: AppHarness;
let graphql: AdminGraphql;
let locations: Record<string, string>;

interface PlacedOrder {
  id: string;
  name: string;
  fulfillmentOrders: Array<{ id: string; lineItems: Array<{ id: string; totalQuantity: number }> }>;
}

/** An order Maya placed and the shop shipped in full. */
async function shippedOrder(lineItems: Array<{ sku: string; quantity: number }>): Promise<PlacedOrder> {
  const order = await h.sim.post<PlacedOrder>(`/_sim/shops/${SHOP}/orders`, {
    email: "maya.chen@example.com",
    shippingAddress: MAYA_ADDRESS,
    lineItems,
    shippingLine: { title: "Standard", price: "8.00" },
  });
  for (const fulfillmentOrder of order.fulfillmentOrders) {
    await createFulfillment(graphql, {
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: fulfillmentOrder.lineItems.map((line) => ({ id: line.id, quantity: line.totalQuantity })),
      tracking: { company: "UPS", number: `1Z${order.name.slice(1)}`, url: null },
      notifyCustomer: false,
    });
  }
  return order;
}

async function stock(sku: string, location: string) {
  const variant = h.simulatorStore.requireShop(SHOP).variantBySku(sku)!;
  const { level } = await fetchLevelNow(graphql, gid("InventoryItem", variant.inventoryItemId), locations[location]);
  return level!.quantities;
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Returns Shopify Test" });
  const seeded = await h.sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  locations = Object.fromEntries(seeded.locations.map((location) => [location.name, location.id]));
  await installApp(h.simulatorUrl, SHOP);
  const { adminForShop } = await import("../../app/shopify/clients.server");
  const admin = await adminForShop(SHOP);
  if (!admin) throw new Error(`${SHOP} has no offline session`);
  graphql = admin;
});

afterAll(async () => {
  await h?.close();
});

describe("fetchReturnableOrder", () => {
  it("reads a shipped order as the returns domain needs it, in minor units", async () => {
    // GIVEN a shipped order of two jackets (129.00) and a hat (32.00) with 8.00 shipping
    const order = await shippedOrder([
      { sku: "TRJ-M", quantity: 2 },
      { sku: "MSH-SM", quantity: 1 },
    ]);

    // WHEN the app reads it for a return
    const returnable = await fetchReturnableOrder(graphql, order.id);

    // THEN each fulfillment line carries its value, and nothing is refunded or in a return yet
    expect(returnable).toMatchObject({
      id: order.id,
      name: order.name,
      currencyCode: "USD",
      taxesIncluded: false,
      paymentCaptured: true,
      shipping: { paid: 800, refunded: 0 },
      lines: [
        { sku: "TRJ-M", quantity: 2, discountedTotal: 25800, tax: 0, returnedQuantity: 0, refunded: { quantity: 0, amount: 0 }, productTags: ["jackets"] },
        { sku: "MSH-SM", quantity: 1, discountedTotal: 3200, returnedQuantity: 0 },
      ],
    });
    expect(returnable!.lines[0].fulfilledAt).toEqual(expect.any(String));
    expect(await fetchReturnableOrder(graphql, "gid://shopify/Order/1")).toBeNull();
  });
});

describe("a return from request to close", () => {
  it("request → approve → reverse delivery → process with refund and restock → close; a retried process moves nothing twice", async () => {
    // GIVEN Maya's shipped order of two jackets
    const order = await shippedOrder([{ sku: "TRJ-M", quantity: 2 }]);
    const returnable = (await fetchReturnableOrder(graphql, order.id))!;
    const [line] = returnable.lines;

    // WHEN she asks to return both, and the merchant approves
    const requested = await requestReturn(graphql, {
      orderId: order.id,
      currencyCode: "USD",
      lines: [{ fulfillmentLineItemId: line.id, quantity: 2, reason: "SIZE_TOO_LARGE", customerNote: "Both too big" }],
    });
    expect(requested).toMatchObject({ status: "REQUESTED", totalQuantity: 2, lines: [{ quantity: 2, customerNote: "Both too big", reason: { handle: "size-too-large" } }] });
    expect((await fetchReturnableOrder(graphql, order.id))!.lines[0].returnedQuantity).toBe(2);
    const approved = await approveReturnRequest(graphql, requested.id, { notifyCustomer: true });
    expect(approved.status).toBe("OPEN");
    await expect(approveReturnRequest(graphql, requested.id, { notifyCustomer: true })).rejects.toThrow(/not approvable/);

    // AND the pickup's label and tracking go on the reverse fulfillment order
    const [rfo] = approved.reverseFulfillmentOrders;
    const delivery = await createReverseDelivery(graphql, {
      reverseFulfillmentOrderId: rfo.id,
      lines: [{ reverseFulfillmentOrderLineItemId: rfo.lines[0].id, quantity: 2 }],
      tracking: { number: "1ZRETURN0001", url: "https://www.ups.com/track?tracknum=1ZRETURN0001" },
      labelUrl: "https://labels.example/1ZRETURN0001.pdf",
      notifyCustomer: true,
    });
    expect(delivery).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/ReverseDelivery\/\d+$/),
      carrierName: "UPS",
      trackingNumber: "1ZRETURN0001",
      trackingUrl: "https://www.ups.com/track?tracknum=1ZRETURN0001",
      labelUrl: "https://labels.example/1ZRETURN0001.pdf",
    });
    await h.sim.post(`/_sim/shops/${SHOP}/reverse-deliveries/1ZRETURN0001/move`, { to: "delivered" });

    // AND the merchant restocks one at Brooklyn, writes the other off, and refunds 245.10 plus shipping
    const before = await stock("TRJ-M", "Brooklyn Store");
    const input = {
      returnId: approved.id,
      idempotencyKey: "resolution-rtn-1",
      currencyCode: "USD",
      lines: [
        {
          returnLineItemId: approved.lines[0].id,
          quantity: 2,
          dispositions: [
            { reverseFulfillmentOrderLineItemId: rfo.lines[0].id, quantity: 1, type: "RESTOCKED" as const, locationId: locations["Brooklyn Store"] },
            { reverseFulfillmentOrderLineItemId: rfo.lines[0].id, quantity: 1, type: "NOT_RESTOCKED" as const },
          ],
        },
      ],
      refund: 24510,
      refundShipping: 800,
      notifyCustomer: true,
    };
    const processed = await processReturn(graphql, input);
    // a worker that crashed before recording the answer sends the same resolution again
    const retried = await processReturn(graphql, input);

    // THEN one refund of 245.10 moved, and one jacket is back in available stock at Brooklyn
    expect(processed.refunds).toEqual([{ id: expect.any(String), createdAt: expect.any(String), amount: 24510, currencyCode: "USD" }]);
    expect(retried.refunds).toEqual(processed.refunds);
    expect(processed.lines[0]).toMatchObject({ processedQuantity: 2, refundedQuantity: 2 });
    expect(processed.reverseFulfillmentOrders[0].lines[0].dispositions).toEqual([
      { quantity: 1, type: "RESTOCKED", locationId: locations["Brooklyn Store"] },
      { quantity: 1, type: "NOT_RESTOCKED", locationId: null },
    ]);
    const after = await stock("TRJ-M", "Brooklyn Store");
    expect({ available: after.available - before.available, on_hand: after.on_hand - before.on_hand }).toEqual({ available: 1, on_hand: 1 });
    const reread = (await fetchReturnableOrder(graphql, order.id))!;
    expect(reread.lines[0].refunded).toEqual({ quantity: 2, amount: 25800 });
    expect(reread.shipping).toEqual({ paid: 800, refunded: 800 });
    // AND a different resolution under the same key is refused rather than applied
    await expect(processReturn(graphql, { ...input, refund: 100 })).rejects.toThrow(/idempotency key/);

    // WHEN the merchant closes it
    const closed = await closeReturn(graphql, approved.id);

    // THEN Shopify has it closed, with its delivery and refund
    expect(closed.status).toBe("CLOSED");
    expect(await fetchReturn(graphql, approved.id)).toMatchObject({
      status: "CLOSED",
      reverseFulfillmentOrders: [{ status: "CLOSED", deliveries: [{ trackingNumber: "1ZRETURN0001" }] }],
      refunds: [{ amount: 24510 }],
    });
    const refundsOnShopify = h.simulatorStore.requireShop(SHOP).refunds;
    expect([...refundsOnShopify.values()].filter((refund) => refund.returnId !== null && gid("Return", refund.returnId) === approved.id)).toHaveLength(1);

    // AND every step reached the app as a signed webhook, stored once and naming the return (or, for the refund, the order)
    await h.settle();
    const deliveries = await h.testDb.db.webhookDelivery.findMany({ where: { shop: SHOP, resourceId: { in: [approved.id, order.id] } } });
    const topics = deliveries.filter((d) => d.topic !== "ORDERS_UPDATED" && d.topic !== "ORDERS_CREATE").map((d) => `${d.topic} ${d.resourceId}`);
    expect(topics.sort()).toEqual(
      [
        `REFUNDS_CREATE ${order.id}`,
        `RETURNS_APPROVE ${approved.id}`,
        `RETURNS_CLOSE ${approved.id}`,
        `RETURNS_PROCESS ${approved.id}`,
        `RETURNS_REQUEST ${approved.id}`,
        `REVERSE_DELIVERIES_ATTACH_DELIVERABLE ${approved.id}`,
      ].sort(),
    );
  });

  it("a declined request says why and frees the units for another return", async () => {
    const order = await shippedOrder([{ sku: "AWS-M", quantity: 1 }]);
    const [line] = (await fetchReturnableOrder(graphql, order.id))!.lines;
    const requested = await requestReturn(graphql, { orderId: order.id, currencyCode: "USD", lines: [{ fulfillmentLineItemId: line.id, quantity: 1, reason: "UNWANTED" }] });

    const declined = await declineReturnRequest(graphql, requested.id, { reason: "FINAL_SALE", note: "Socks are final sale.", notifyCustomer: true });

    expect(declined).toMatchObject({ status: "DECLINED", decline: { reason: "FINAL_SALE", note: "Socks are final sale." } });
    expect((await fetchReturnableOrder(graphql, order.id))!.lines[0].returnedQuantity).toBe(0);
    await expect(
      requestReturn(graphql, { orderId: order.id, currencyCode: "USD", lines: [{ fulfillmentLineItemId: line.id, quantity: 2, reason: "UNWANTED" }] }),
    ).rejects.toThrow(/not available for return/);
  });
});

describe("cancelReturn", () => {
  it("calls off a return nobody worked on and gives its units back", async () => {
    const order = await shippedOrder([{ sku: "GIB-750ML", quantity: 1 }]);
    const [line] = (await fetchReturnableOrder(graphql, order.id))!.lines;
    const created = await createReturn(graphql, { orderId: order.id, currencyCode: "USD", lines: [{ fulfillmentLineItemId: line.id, quantity: 1, reason: "UNWANTED" }] });

    const cancelled = await cancelReturn(graphql, created.id);

    expect(cancelled).toMatchObject({ status: "CANCELED", reverseFulfillmentOrders: [{ status: "CANCELED" }] });
    expect((await fetchReturnableOrder(graphql, order.id))!.lines[0].returnedQuantity).toBe(0);
    await expect(cancelReturn(graphql, created.id)).rejects.toThrow(/open or requested/);
  });
});

describe("an exchange", () => {
  it("reaches the new fulfillment order that ships the replacement", async () => {
    // GIVEN a shipped hoodie in M, exchanged by the merchant for an L
    const order = await shippedOrder([{ sku: "BFH-M", quantity: 1 }]);
    const [line] = (await fetchReturnableOrder(graphql, order.id))!.lines;
    const large = h.simulatorStore.requireShop(SHOP).variantBySku("BFH-L")!;
    const created = await createReturn(graphql, {
      orderId: order.id,
      currencyCode: "USD",
      lines: [{ fulfillmentLineItemId: line.id, quantity: 1, reason: "SIZE_TOO_SMALL", reasonNote: "Needs a size up" }],
      exchangeLines: [{ variantId: gid("ProductVariant", large.id), quantity: 1 }],
    });
    expect(created).toMatchObject({ status: "OPEN", lines: [{ reasonNote: "Needs a size up" }], exchangeLines: [{ quantity: 1, processedQuantity: 0, lineItemIds: [] }] });

    // WHEN the return and the exchange are processed (no money moves: same price)
    const processed = await processReturn(graphql, {
      returnId: created.id,
      idempotencyKey: "resolution-exchange-1",
      currencyCode: "USD",
      lines: [{ returnLineItemId: created.lines[0].id, quantity: 1, dispositions: [] }],
      exchangeLines: [{ exchangeLineItemId: created.exchangeLines[0].id, quantity: 1 }],
    });

    // THEN the replacement is a new line of the order with an open fulfillment order of its own
    const [exchange] = processed.exchangeLines;
    expect(exchange).toMatchObject({ processedQuantity: 1, lineItemIds: [expect.any(String)] });
    const fulfillmentOrders = (await fetchFulfillmentOrders(graphql, order.id))!;
    const replacement = fulfillmentOrders.filter((fo) => fo.lineItems.some((item) => item.lineItemId === exchange.lineItemIds[0]));
    expect(replacement).toEqual([
      { id: expect.any(String), status: "OPEN", locationId: expect.any(String), holds: [], lineItems: [{ lineItemId: exchange.lineItemIds[0], remainingQuantity: 1 }] },
    ]);
    expect(processed.refunds).toEqual([]);
  });
});
