import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, type AdminGraphql } from "../../app/shopify/admin-client.server";
import { seedDemoCarriers } from "../demo/carriers";
import { demoCatalogue, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { mirrorDifferences, settleSync, simulatorLevels } from "../support/inventory";
import { shippedOrder } from "../support/returns";

// Returns end to end on the simulator: the portal's request to the refund (money and stock on
// Shopify), an exchange to the replacement's new fulfillment order, and a return a customer starts
// on Shopify's side showing up in Orderflow.

const SHOP = "returns-flow.myshopify.com";
let h: AppHarness;
let graphql: AdminGraphql;
let returns: typeof import("../../app/services/returns.server");
let newark: string;

interface SimReturn {
  id: string;
  status: string;
  refundIds: string[];
  lineItems: Array<{ sku: string | null; quantity: number; processedQuantity: number }>;
  exchangeLineItems: Array<{ quantity: number; processedQuantity: number; lineItemId: string | null }>;
}

const shipped = (lineItems: Array<{ sku: string; quantity: number }>) => shippedOrder(h, SHOP, graphql, lineItems);

async function view(orderId: string) {
  const found = await returns.portalOrderView(SHOP, orderId);
  if (!found) throw new Error(`no order ${orderId}`);
  return found;
}

const simReturns = (orderId: string) => h.sim.get<SimReturn[]>(`/_sim/shops/${SHOP}/returns?order=${orderId.split("/").pop()}`);

/** What Shopify says was refunded on the order, in cents. */
async function refundedOn(orderId: string): Promise<number> {
  const { order } = await adminRequest<{ order: { totalRefundedSet: { presentmentMoney: { amount: string } } } }>(
    graphql,
    `query RefundedOf($id: ID!) { order(id: $id) { totalRefundedSet { presentmentMoney { amount } } } }`,
    { id: orderId },
  );
  return Math.round(Number(order.totalRefundedSet.presentmentMoney.amount) * 100);
}

async function available(sku: string, location: string): Promise<number> {
  return (await simulatorLevels(h, SHOP)).find((level) => level.sku === sku && level.location === location)!.quantities.available;
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Returns Flow" });
  const seeded = await h.sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  newark = seeded.locations.find((location) => location.name === "Newark Warehouse")!.id;
  await installApp(h.simulatorUrl, SHOP);
  await seedDemoCarriers(h.testDb.db, SHOP, seeded.locations);
  await settleSync(h, SHOP);
  const { adminForShop } = await import("../../app/shopify/clients.server");
  graphql = (await adminForShop(SHOP))!;
  returns = await import("../../app/services/returns.server");
});

afterAll(async () => {
  await h?.close();
});

describe("a return from the portal's request to the refund", () => {
  it("refunds the customer on Shopify once and puts the jacket back into Newark's available stock once", async () => {
    // GIVEN a delivered order for a rain jacket, and what the portal shows for it
    const orderId = await shipped([{ sku: "TRJ-M", quantity: 1 }]);
    const order = await view(orderId);
    const jacket = order.lines.find((line) => line.sku === "TRJ-M")!;
    expect(jacket.eligibility).toMatchObject({ eligible: true, returnableQuantity: 1 });
    const before = await available("TRJ-M", "Newark Warehouse");

    // WHEN the customer asks for a refund, the parcel arrives and is inspected as sellable
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: jacket.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: order.order.customerId },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    await h.settle();
    expect(await returns.receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] })).toMatchObject({ ok: true });
    expect(await returns.inspectItems(SHOP, submitted.returnId, { items: [{ lineId: jacket.id, quantity: 1, disposition: "restock", locationId: newark }] })).toMatchObject({ ok: true });
    const preview = await returns.previewResolution(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
    const resolvedFrom = new Date();
    const resolved = await returns.resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    expect(resolved).toMatchObject({ ok: true, amounts: preview.amounts });
    await h.settle();

    // THEN Shopify refunded what the preview showed, once, and restocked the jacket, once
    const [onShopify] = await simReturns(orderId);
    expect(onShopify).toMatchObject({ status: "OPEN", lineItems: [{ sku: "TRJ-M", quantity: 1, processedQuantity: 1 }] });
    expect(onShopify.refundIds).toHaveLength(1);
    expect(await refundedOn(orderId)).toBe(preview.amounts.totals.payout);
    expect(await available("TRJ-M", "Newark Warehouse")).toBe(before + 1);

    // AND Orderflow's copy, ledger and mirror agree: one restock entry, nothing observed twice
    expect(await returns.getReturnDetail(SHOP, submitted.returnId)).toMatchObject({ status: "resolved", refunded: preview.amounts.totals.payout });
    const item = await h.testDb.db.inventoryItem.findFirstOrThrow({ where: { shop: SHOP, sku: "TRJ-M" } });
    const entries = await h.testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: item.id, locationId: newark, createdAt: { gte: resolvedFrom } } });
    expect(entries.filter((entry) => entry.name === "available")).toMatchObject([{ kind: "adjust", reason: "restock", delta: 1, status: "applied", quantityAfter: before + 1 }]);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);

    // AND every returns webhook Shopify sent along the way was handled: applied, or found older than what Orderflow read already
    const deliveries = await h.testDb.db.webhookDelivery.findMany({ where: { shop: SHOP, topic: { startsWith: "RE" } }, select: { topic: true, status: true, lastError: true } });
    expect(new Set(deliveries.map((delivery) => delivery.topic))).toEqual(new Set(["RETURNS_APPROVE", "RETURNS_PROCESS", "REFUNDS_CREATE"]));
    expect(deliveries.filter((delivery) => delivery.status !== "processed" && delivery.status !== "skipped")).toEqual([]);
  });
});

describe("a damaged return", () => {
  it("goes into Newark's damaged stock through the inventory ledger before the refund, and never into available", async () => {
    // GIVEN a delivered jacket sent back damaged
    const orderId = await shipped([{ sku: "TRJ-M", quantity: 1 }]);
    const order = await view(orderId);
    const jacket = order.lines.find((line) => line.sku === "TRJ-M")!;
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: jacket.id, quantity: 1, reason: "DEFECTIVE", resolution: "refund", photoUrls: ["https://cdn.example.com/torn.jpg"] }] },
      { channel: "admin" },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    await returns.receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    await returns.inspectItems(SHOP, submitted.returnId, { items: [{ lineId: jacket.id, quantity: 1, disposition: "damaged", locationId: newark }] });
    const levels = async () => (await simulatorLevels(h, SHOP)).find((level) => level.sku === "TRJ-M" && level.location === "Newark Warehouse")!.quantities;
    const before = await levels();

    // WHEN it is resolved
    const resolved = await returns.resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    await h.settle();

    // THEN Shopify counts one more damaged jacket and no more available ones, the customer got the refund, and the ledger and mirror agree
    expect(await levels()).toMatchObject({ damaged: before.damaged + 1, available: before.available });
    expect(await refundedOn(orderId)).toBe(resolved.amounts.totals.payout);
    const resolution = await h.testDb.db.returnResolution.findUniqueOrThrow({ where: { id: resolved.resolutionId } });
    expect(resolution).toMatchObject({ status: "committed", inventoryConfirmedAt: expect.any(Date) });
    expect(await h.testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP, createdAt: { gte: resolution.createdAt }, kind: { not: "observed" } } })).toMatchObject([
      { name: "damaged", delta: 1, status: "applied", reason: "damaged" },
    ]);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });
});

describe("an exchange", () => {
  it("offers the other sizes with Newark's stock, and processing it gives the replacement its own fulfillment order", async () => {
    // GIVEN a delivered jacket in M, and the sizes the portal offers instead
    const orderId = await shipped([{ sku: "TRJ-M", quantity: 1 }]);
    const order = await view(orderId);
    const jacket = order.lines.find((line) => line.sku === "TRJ-M")!;
    const large = Object.values(order.replacementOffers).find((offer) => offer.variantTitle === "L")!;
    expect(large.available[newark]).toBe(await available("TRJ-L", "Newark Warehouse"));

    // WHEN the merchant takes it back for an L from Newark, it arrives, is inspected and resolved as an exchange
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: jacket.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }], replacements: [{ variantId: large.variantId, quantity: 1, locationId: newark }] },
      { channel: "admin" },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    await returns.receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    await returns.inspectItems(SHOP, submitted.returnId, { items: [{ lineId: jacket.id, quantity: 1, disposition: "restock", locationId: newark }] });
    const preview = await returns.previewResolution(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
    expect(preview.amounts.totals).toMatchObject({ exchangeApplied: large.unitPrice, exchangeBalanceDue: 0, payout: 0 });
    expect(await returns.resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] })).toMatchObject({ ok: true });
    await h.settle();

    // THEN Shopify processed the exchange line: the L is a new line of the order with an open fulfillment order, and nothing was refunded
    const [onShopify] = await simReturns(orderId);
    expect(onShopify.exchangeLineItems).toMatchObject([{ quantity: 1, processedQuantity: 1, lineItemId: expect.stringContaining("gid://shopify/LineItem/") }]);
    expect(onShopify.refundIds).toEqual([]);
    const { fetchFulfillmentOrders } = await import("../../app/shopify/fulfillment-orders.server");
    const replacement = (await fetchFulfillmentOrders(graphql, orderId))!.find((fulfillmentOrder) =>
      fulfillmentOrder.lineItems.some((line) => line.lineItemId === onShopify.exchangeLineItems[0].lineItemId),
    );
    expect(replacement).toMatchObject({ status: "OPEN", lineItems: [{ remainingQuantity: 1 }] });
    expect(await returns.getReturnDetail(SHOP, submitted.returnId)).toMatchObject({ status: "resolved", refunded: 0 });
  });
});

describe("an exchange for another product", () => {
  async function exchange(returned: string, replacement: string) {
    const orderId = await shipped([{ sku: returned, quantity: 1 }]);
    const order = await view(orderId);
    const line = order.lines.find((candidate) => candidate.sku === returned)!;
    const variantId = (await h.testDb.db.inventoryItem.findFirstOrThrow({ where: { shop: SHOP, sku: replacement } })).variantId!;
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: line.id, quantity: 1, reason: "STYLE", resolution: "exchange" }], replacements: [{ variantId, quantity: 1, locationId: newark }] },
      { channel: "admin" },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    await returns.receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: line.id, quantity: 1 }] });
    await returns.inspectItems(SHOP, submitted.returnId, { items: [{ lineId: line.id, quantity: 1, disposition: "restock", locationId: newark }] });
    const resolved = await returns.resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: line.id, quantity: 1 }] });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    await h.settle();
    return { orderId, totals: resolved.amounts.totals };
  }

  it("credits the rest when the replacement costs less: a $129 jacket for a $98 vest leaves $31 of store credit", async () => {
    const { orderId, totals } = await exchange("TRJ-M", "SDV-M");
    expect(totals).toMatchObject({ exchangeApplied: 9_800, storeCredit: 3_100, refund: 0, exchangeBalanceDue: 0 });
    expect(await refundedOn(orderId)).toBe(3_100);
    expect((await simReturns(orderId))[0].exchangeLineItems).toMatchObject([{ processedQuantity: 1 }]);
  });

  it("leaves the difference to pay when the replacement costs more: $48 shorts for a $129 jacket leave $81 due and refund nothing", async () => {
    const { orderId, totals } = await exchange("CHS-32", "TRJ-L");
    expect(totals).toMatchObject({ exchangeApplied: 4_800, storeCredit: 0, refund: 0, exchangeBalanceDue: 8_100 });
    expect(await refundedOn(orderId)).toBe(0);
    expect((await simReturns(orderId))[0]).toMatchObject({ refundIds: [], exchangeLineItems: [{ processedQuantity: 1 }] });
  });
});

describe("a return the customer starts on Shopify's side", () => {
  it("shows up in Orderflow from its webhook, and the merchant's approval reaches Shopify", async () => {
    // GIVEN a delivered order
    const orderId = await shipped([{ sku: "TRJ-M", quantity: 1 }]);

    // WHEN the customer asks for a return from Shopify's order status page
    await h.sim.post(`/_sim/shops/${SHOP}/orders/${orderId.split("/").pop()}/returns`, { lines: [{ sku: "TRJ-M", quantity: 1, reason: "COLOR" }] });
    await h.settle();

    // THEN it is in Orderflow's queue, waiting for review, with the Shopify event on its timeline
    const listed = await returns.listReturns(SHOP, { status: "requested" });
    if (!listed.ok) throw new Error("list refused");
    const mirrored = listed.returns.find((row) => row.source === "shopify")!;
    expect(mirrored).toMatchObject({ status: "requested", units: 1, needsReview: true });
    const detail = await returns.getReturnDetail(SHOP, mirrored.id);
    expect(detail!.orderId).toBe(orderId);
    expect(detail!.timeline.some((entry) => entry.actor === "Shopify" && entry.type === "shopify")).toBe(true);

    // WHEN the merchant approves it in Orderflow
    expect(await returns.approveReturns(SHOP, [mirrored.id])).toEqual({ approved: [mirrored.id], failed: [] });
    await h.settle();

    // THEN Shopify has it open, and its own returns/approve webhook leaves Orderflow where it is
    expect((await simReturns(orderId))[0].status).toBe("OPEN");
    expect(await returns.getReturnDetail(SHOP, mirrored.id)).toMatchObject({ status: "approved", shopifyStatus: "OPEN" });
  });
});

describe("a reverse pickup", () => {
  it("is booked with the carrier the engine recommends for the way back, and Shopify gets its tracking", async () => {
    // GIVEN an approved return of a delivered jacket
    const orderId = await shipped([{ sku: "TRJ-M", quantity: 1 }]);
    const order = await view(orderId);
    const jacket = order.lines.find((line) => line.sku === "TRJ-M")!;
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: jacket.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "admin" },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));

    // WHEN the merchant asks for a pickup to Newark, without a weight first
    expect(await returns.schedulePickup(SHOP, submitted.returnId, { pickupDate: "2026-12-05", locationId: newark })).toMatchObject({
      ok: false,
      errors: [{ path: "weightKg" }],
    });
    const booked = await returns.schedulePickup(SHOP, submitted.returnId, { pickupDate: "2026-12-05", locationId: newark, weightKg: 1.2 });

    // THEN a carrier that does reverse pickups from the customer's address was chosen, and Shopify has the reverse delivery with its tracking
    if (!booked.ok) throw new Error(JSON.stringify(booked.errors));
    expect(["Parcelway", "Postline", "Skybridge Express"]).toContain(booked.carrier);
    const onShopify = (await h.sim.get<Array<{ reverseFulfillmentOrders: Array<{ reverseDeliveries: Array<{ trackingNumber: string | null }> }> }>>(
      `/_sim/shops/${SHOP}/returns?order=${orderId.split("/").pop()}`,
    ))[0];
    expect(onShopify.reverseFulfillmentOrders[0].reverseDeliveries).toMatchObject([{ trackingNumber: booked.trackingNumber }]);
    const status = await returns.returnStatusView(SHOP, submitted.returnId);
    expect(status).toMatchObject({ status: "pickup_scheduled", shipments: [{ kind: "pickup", trackingNumber: booked.trackingNumber, pickupDate: "2026-12-05" }] });
    expect(status!.timeline.at(-1)!.message).toContain(booked.carrier);
  });
});
