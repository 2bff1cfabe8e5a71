import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLanes } from "../../app/models/carrier-setup.server";
import { claimShipment } from "../../app/models/shipments.server";
import { createFulfillment } from "../../app/shopify/fulfillments.server";
import type { FulfilmentDeps } from "../../app/services/fulfilment.server";
import { seedDemoCarriers } from "../demo/carriers";
import { demoCatalogue, installApp } from "../demo/store";
import { MAYA_ADDRESS } from "../simulator/testing";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// The fulfil path end to end on the simulator: the pack bench, fulfillmentCreate with the
// recommended carrier's tracking, bulk fulfilment, and the carrier's tracking events coming back
// as fulfillment_events/create and teaching the shipment's lane.

const SHOP = "fulfilment-test.myshopify.com";
const ACTOR = "staff 1";
let h: AppHarness;
let deps: FulfilmentDeps;
let services: typeof import("../../app/services/fulfilment.server");
let bulk: typeof import("../../app/jobs/fulfil.server");
let queue: typeof import("../../app/jobs/runtime.server");

interface PlacedOrder {
  id: string;
  legacyId: number;
  name: string;
  fulfillmentOrders: Array<{ id: string; status: string }>;
}

function placeOrder(lineItems: Array<{ sku: string; quantity: number }>, shippingLine = "Standard"): Promise<PlacedOrder> {
  return h.sim.post(`/_sim/shops/${SHOP}/orders`, {
    email: "maya.chen@example.com",
    shippingAddress: MAYA_ADDRESS,
    lineItems,
    shippingLine: { title: shippingLine, price: "8.00" },
  });
}

async function lanes() {
  const row = await h.testDb.db.carrierSetup.findUniqueOrThrow({ where: { shop: SHOP } });
  return readLanes(row.lanes);
}

async function fulfilmentsOnShopify(order: PlacedOrder) {
  return h.sim.get<
    Array<{
      id: string;
      trackingInfo: Array<{ company: string; number: string; url: string | null }>;
      notifyCustomer: boolean;
      lineItems: Array<{ sku: string; quantity: number }>;
    }>
  >(`/_sim/shops/${SHOP}/fulfillments?order=${order.legacyId}`);
}

async function fulfillmentCreates() {
  return h.sim.get<Array<{ variables: { fulfillment: { lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: string }> } } }>>(
    `/_sim/shops/${SHOP}/mutations?name=fulfillmentCreate`,
  );
}

async function scanAll(fulfillmentOrderId: string, codes: string[]) {
  let counts = {};
  for (const code of codes) {
    const result = await services.scanAtBench(deps, { shop: SHOP, actor: ACTOR, fulfillmentOrderId, counts, code });
    expect(result?.outcome.kind).toBe("packed");
    counts = result!.counts;
  }
  return counts;
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Fulfilment Test" });
  const seeded = await h.sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await seedDemoCarriers(h.testDb.db, SHOP, seeded.locations);
  const { adminForShop } = await import("../../app/shopify/clients.server");
  const graphql = await adminForShop(SHOP);
  if (!graphql) throw new Error(`${SHOP} has no offline session`);
  deps = { db: h.testDb.db, graphql };
  services = await import("../../app/services/fulfilment.server");
  bulk = await import("../../app/jobs/fulfil.server");
  queue = await import("../../app/jobs/runtime.server");
});

afterAll(async () => {
  await h?.settle();
  await h?.close();
});

describe("the pack bench", () => {
  let order: PlacedOrder;

  it("refuses a wrong item and logs it with who scanned it, and will not fulfil before every unit is scanned", async () => {
    // GIVEN an order for a jacket and two pairs of socks
    order = await placeOrder([
      { sku: "TRJ-M", quantity: 1 },
      { sku: "AWS-M", quantity: 2 },
    ]);
    const fulfillmentOrderId = order.fulfillmentOrders[0].id;

    // WHEN the packer scans a vest
    const wrong = await services.scanAtBench(deps, { shop: SHOP, actor: ACTOR, fulfillmentOrderId, counts: {}, code: "SDV-L" });

    // THEN it is refused and logged as a fulfilment error with who and what
    expect(wrong?.outcome).toMatchObject({ kind: "wrong_item", code: "SDV-L", expected: "TRJ-M ×1, AWS-M ×2" });
    expect(await h.testDb.db.fulfillmentErrorLog.findMany({ where: { shop: SHOP, fulfillmentOrderId } })).toEqual([
      expect.objectContaining({ kind: "wrong_item", scanned: "SDV-L", actor: ACTOR, orderName: order.name, at: expect.any(Date) }),
    ]);

    // AND fulfilling with one unit scanned is refused, without asking Shopify
    const one = await scanAll(fulfillmentOrderId, ["TRJ-M"]);
    const early = await services.fulfil(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId,
      packed: one,
      serviceId: null,
      trackingNumber: null,
      notifyCustomer: true,
    });
    expect(early).toMatchObject({ ok: false, message: `Scan every item of ${order.name} before fulfilling it (1 of 3 scanned).` });
    expect(await fulfilmentsOnShopify(order)).toEqual([]);
  });

  it("fulfils once every unit is scanned: Shopify has the fulfilment with the carrier's tracking, and the lane follows the parcel", async () => {
    const fulfillmentOrderId = order.fulfillmentOrders[0].id;
    const counts = await scanAll(fulfillmentOrderId, ["0840000001", "AWS-M", "aws-m"]);
    const plan = await services.fulfillmentOrderPage(deps, SHOP, String(order.fulfillmentOrders[0].id.split("/").pop()));
    const winner = plan!.plan.recommendation!.winner!;

    // WHEN the packer scans the label and fulfils
    const result = await services.fulfil(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId,
      packed: counts,
      serviceId: null,
      trackingNumber: "1ZDEMO0001",
      notifyCustomer: true,
    });

    // THEN the recommended carrier's fulfilment is on Shopify with the number and its tracking link
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const setup = await h.testDb.db.carrierSetup.findUniqueOrThrow({ where: { shop: SHOP } });
    const template = (JSON.parse(setup.catalog!) as { carriers: Array<{ id: string; trackingUrl: string }> }).carriers.find(
      (c) => c.id === winner.carrierId,
    )!.trackingUrl;
    expect(result.shipment).toMatchObject({
      status: "shipped",
      carrierId: winner.carrierId,
      serviceId: winner.serviceId,
      choice: "recommended",
      trackingNumber: "1ZDEMO0001",
      trackingUrl: template.replace("{tracking}", "1ZDEMO0001"),
      promisedDays: 5,
      createdBy: ACTOR,
    });
    const [fulfilment] = await fulfilmentsOnShopify(order);
    expect(fulfilment).toMatchObject({
      notifyCustomer: true,
      trackingInfo: [{ company: winner.carrierName, number: "1ZDEMO0001", url: result.shipment.trackingUrl }],
      lineItems: [
        { sku: "TRJ-M", quantity: 1 },
        { sku: "AWS-M", quantity: 2 },
      ],
    });
    expect(result.shipment.fulfillmentId).toBe(fulfilment.id);
    const onShopify = await h.sim.get<{ fulfillmentStatus: string; fulfillmentOrders: Array<{ status: string }> }>(
      `/_sim/shops/${SHOP}/orders/${order.legacyId}`,
    );
    expect(onShopify).toMatchObject({ fulfillmentStatus: "FULFILLED", fulfillmentOrders: [{ status: "CLOSED" }] });
    expect((await lanes()).open[result.shipment.id]).toMatchObject({ lane: result.shipment.lane, promisedDays: 5 });

    // AND a second attempt is refused: the order is fulfilled
    const again = await services.fulfil(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId,
      packed: counts,
      serviceId: null,
      trackingNumber: "1ZDEMO0002",
      notifyCustomer: true,
    });
    expect(again).toMatchObject({ ok: false, message: `${order.name} cannot be fulfilled: it is already fulfilled.` });
  });
});

describe("cash on delivery", () => {
  it("offers only carriers that collect cash, with their COD fee in the cost", async () => {
    // GIVEN an order the customer pays at the door (Shopify's own manual method, nothing paid yet)
    const order = await h.sim.post<PlacedOrder>(`/_sim/shops/${SHOP}/orders`, {
      email: "maya.chen@example.com",
      shippingAddress: MAYA_ADDRESS,
      lineItems: [{ sku: "AWS-M", quantity: 1 }],
      shippingLine: { title: "Standard", price: "8.00" },
      paymentGateway: "Cash on Delivery (COD)",
      financialStatus: "PENDING",
    });
    await h.settle();

    // WHEN its fulfillment order is planned
    const page = await services.fulfillmentOrderPage(deps, SHOP, order.fulfillmentOrders[0].id.split("/").pop()!);
    const recommendation = page!.plan.recommendation!;

    // THEN every carrier that does not collect cash is left out, saying so, and the winner's cost carries the COD fee
    expect(recommendation.options.length).toBeGreaterThan(0);
    expect(recommendation.options.every((option) => option.carrierId === "postline")).toBe(true);
    expect(recommendation.excluded.some((option) => option.reason === "cod_unsupported")).toBe(true);
    expect(recommendation.winner!.cost.cod).toBeGreaterThan(0);
  });
});

describe("tracking events from the carrier", () => {
  it("move the shipment along and teach its lane once, however often Shopify delivers them", async () => {
    // GIVEN a parcel shipped from the bench
    const order = await placeOrder([{ sku: "PFH-ONESIZE", quantity: 1 }]);
    const fulfillmentOrderId = order.fulfillmentOrders[0].id;
    const counts = await scanAll(fulfillmentOrderId, ["PFH-ONESIZE"]);
    const shipped = await services.fulfil(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId,
      packed: counts,
      serviceId: null,
      trackingNumber: null,
      notifyCustomer: false,
    });
    if (!shipped.ok) throw new Error(shipped.message);
    const { shipment } = shipped;
    const before = (await lanes()).lanes[shipment.laneKey];
    await h.settle();

    // WHEN Shopify delivers every tracking event twice and the carrier picks it up and delivers it three days later
    await h.sim.put("/_sim/config/webhooks", { duplicates: 1 });
    try {
      await h.sim.post(`/_sim/shops/${SHOP}/fulfillments/${shipment.trackingNumber}/move`, {
        to: "picked_up",
        happenedAt: "2026-12-07T18:00:00Z",
      });
      await h.sim.post(`/_sim/shops/${SHOP}/fulfillments/${shipment.trackingNumber}/move`, {
        to: "in_transit",
        happenedAt: "2026-12-08T06:00:00Z",
      });
      await h.sim.post(`/_sim/shops/${SHOP}/fulfillments/${shipment.trackingNumber}/move`, {
        to: "delivered",
        happenedAt: "2026-12-10T15:00:00Z",
      });
      await h.settle();
    } finally {
      await h.sim.put("/_sim/config/webhooks", { duplicates: 0 });
    }

    // THEN the shipment is delivered with its three events, and its lane counts one more parcel, three days in transit
    const stored = await h.testDb.db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(stored.status).toBe("delivered");
    expect((JSON.parse(stored.events) as Array<{ type: string }>).map((e) => e.type)).toEqual(["picked_up", "in_transit", "delivered"]);
    const after = (await lanes()).lanes[shipment.laneKey];
    expect(after.shipments).toBe((before?.shipments ?? 0) + 1);
    expect(after.onTime).toBe((before?.onTime ?? 0) + 1);
    expect(after.transitDays[3]).toBe((before?.transitDays[3] ?? 0) + 1);
    expect((await lanes()).open[shipment.id]).toBeUndefined();
    const deliveries = await h.testDb.db.webhookDelivery.findMany({ where: { shop: SHOP, topic: "FULFILLMENT_EVENTS_CREATE" } });
    expect(deliveries.map((d) => d.status)).toEqual(["processed", "processed", "processed"]);

    // AND the same carrier event sent again as a new webhook changes nothing
    const resent = JSON.parse(deliveries.find((d) => JSON.parse(d.payload).status === "delivered")!.payload);
    await h.sim.post("/_sim/webhooks/send", { shop: SHOP, topic: "fulfillment_events/create", payload: resent });
    await h.settle();
    expect((await lanes()).lanes[shipment.laneKey]).toEqual(after);
    const repeat = await h.testDb.db.webhookDelivery.findMany({
      where: { shop: SHOP, topic: "FULFILLMENT_EVENTS_CREATE" },
      orderBy: { receivedAt: "desc" },
      take: 1,
    });
    expect(repeat[0]).toMatchObject({ status: "skipped", lastError: "this event was already recorded" });
  });
});

describe("bulk fulfilment", () => {
  it("fulfils the clean orders with minted tracking, leaves the one on hold and the one intake has not checked, and says why", async () => {
    // GIVEN two orders intake found clean, one whose fulfillment order the merchant put on hold in Shopify
    const clean = [await placeOrder([{ sku: "MSH-SM", quantity: 1 }]), await placeOrder([{ sku: "GIB-750ML", quantity: 2 }], "Express")];
    const held = await placeOrder([{ sku: "CHS-32", quantity: 1 }]);
    const heldId = Number(held.fulfillmentOrders[0].id.split("/").pop());
    h.simulatorStore.holdFulfillmentOrder(SHOP, heldId, { reason: "OTHER", reasonNotes: "Waiting for the customer" });
    await h.settle();
    // AND one that arrived after intake last looked (its webhook lost on the way)
    h.drop(() => true);
    const unchecked = await placeOrder([{ sku: "LPD-ONESIZE", quantity: 1 }]);
    await h.sim.flush();
    h.drop(undefined);
    const creates = (await fulfillmentCreates()).length;

    // WHEN the merchant bulk-fulfils all four
    await bulk.enqueueBulkFulfil(
      queue.jobQueue(),
      SHOP,
      ACTOR,
      [...clean, held, unchecked].map((order) => order.fulfillmentOrders[0].id),
    );
    await h.settle();

    // THEN the clean ones are fulfilled with their carrier's minted tracking number
    for (const order of clean) {
      const [fulfilment] = await fulfilmentsOnShopify(order);
      expect(fulfilment.trackingInfo[0].number).toMatch(new RegExp(`^[A-Z]{4}${order.fulfillmentOrders[0].id.split("/").pop()}$`));
      expect(fulfilment.notifyCustomer).toBe(true);
    }
    // AND Shopify was never asked to fulfil the other two, and the log says why
    expect((await fulfillmentCreates()).length).toBe(creates + 2);
    expect(await fulfilmentsOnShopify(held)).toEqual([]);
    expect(await fulfilmentsOnShopify(unchecked)).toEqual([]);
    const reasons = await h.testDb.db.fulfillmentErrorLog.findMany({
      where: { shop: SHOP, fulfillmentOrderId: { in: [held.fulfillmentOrders[0].id, unchecked.fulfillmentOrders[0].id] } },
      orderBy: { orderName: "asc" },
    });
    expect(reasons.map((r) => [r.kind, r.message, r.actor])).toEqual([
      ["fulfil_refused", `${held.name} cannot be fulfilled: it is on hold in Shopify (Other): release the hold first.`, ACTOR],
      ["fulfil_refused", `${unchecked.name} was left out of bulk fulfilment: intake has not checked the order yet.`, ACTOR],
    ]);
    // AND the bench will not pack the held one either
    const scan = await services.scanAtBench(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId: held.fulfillmentOrders[0].id,
      counts: {},
      code: "CHS-32",
    });
    expect(scan?.outcome.kind).toBe("refused");
  });
});

describe("a fulfilment whose answer was lost", () => {
  it("is found on Shopify by its tracking number and recorded, not made a second time", async () => {
    // GIVEN a claim whose fulfilment Shopify made, though the app never heard back
    const order = await placeOrder([{ sku: "LPD-ONESIZE", quantity: 1 }]);
    const fulfillmentOrderId = order.fulfillmentOrders[0].id;
    const page = await services.fulfillmentOrderPage(deps, SHOP, fulfillmentOrderId.split("/").pop()!);
    const winner = page!.plan.recommendation!.winner!;
    const claim = await claimShipment(h.testDb.db, {
      shop: SHOP,
      orderId: order.id,
      orderName: order.name,
      fulfillmentOrderId,
      locationId: page!.plan.fulfillmentOrder.location.id,
      locationName: page!.plan.fulfillmentOrder.location.name,
      carrierId: winner.carrierId,
      carrierName: winner.carrierName,
      serviceId: winner.serviceId,
      serviceName: winner.serviceName,
      trackingNumber: "LOST0001",
      trackingUrl: null,
      laneKey: winner.lane.key,
      lane: {
        direction: "forward",
        locationId: page!.plan.fulfillmentOrder.location.legacyId,
        country: "US",
        region: "NY",
        serviceId: winner.serviceId,
      },
      promisedDays: 5,
      cost: winner.cost.total,
      currency: "USD",
      choice: "recommended",
      createdBy: ACTOR,
    });
    const lineId = page!.plan.fulfillmentOrder.lines[0].id;
    await createFulfillment(deps.graphql, {
      fulfillmentOrderId,
      lines: [{ id: lineId, quantity: 1 }],
      tracking: { company: winner.carrierName, number: "LOST0001", url: null },
      notifyCustomer: true,
    });
    const creates = (await fulfillmentCreates()).length;

    // WHEN the bench fulfils it again
    const result = await services.fulfil(deps, {
      shop: SHOP,
      actor: ACTOR,
      fulfillmentOrderId,
      packed: { [lineId]: 1 },
      serviceId: null,
      trackingNumber: null,
      notifyCustomer: true,
    });

    // THEN the claimed shipment is recorded as shipped with that fulfilment, and Shopify has just the one
    expect(result).toMatchObject({ ok: true, shipment: { id: claim!.shipment.id, status: "shipped", trackingNumber: "LOST0001" } });
    expect((await fulfillmentCreates()).length).toBe(creates);
    expect(await fulfilmentsOnShopify(order)).toHaveLength(1);
  });
});
