import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { anOrder, NOW, WAREHOUSE } from "../../app/domain/returns/fixtures";
import { RESOLVE_TASK, runResolve, type ResolvePayload, type ReturnsJobDeps } from "../../app/jobs/returns.server";
import {
  inspectItems,
  markInTransit,
  previewResolution,
  receiveItems,
  recommendPickup,
  refundedSince,
  resolveReturn,
  returnPage,
  saveReturnPolicy,
  schedulePickup,
  submitReturnRequest,
} from "../../app/services/returns.server";
import { seedDemoCarriers } from "../demo/carriers";
import { returnsStandIn, type StandIn } from "../support/returns-shopify-stand-in";
import { createTestDb, describeEachFlavour, type TestDb } from "../support/test-db";

// What the admin's return pages read beyond the return itself: the order and customer intake
// keeps, where items can go, the carrier recommended before a pickup is booked, what was
// refunded lately, and a preview that carries the policy's fees.

const SHOP = "returns-admin.myshopify.com";
const ORDER = anOrder();
const JACKET = ORDER.lines[0];
const DAY = 86_400_000;

await describeEachFlavour("returns admin pages", (flavour) => {
  let testDb: TestDb;
  let standIn: StandIn;
  let jobs: Array<{ task: string; payload: unknown }>;
  let deps: ReturnsJobDeps;

  beforeAll(async () => {
    testDb = await createTestDb({ flavour });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  beforeEach(async () => {
    await testDb.reset();
    standIn = returnsStandIn(ORDER, {});
    jobs = [];
    deps = {
      db: testDb.db,
      adminFor: async () => standIn.graphql,
      shopify: standIn.shopify,
      enqueue: async (task, payload) => void jobs.push({ task, payload }),
      now: () => NOW,
    };
  });

  async function submitted(): Promise<string> {
    const result = await submitReturnRequest(
      SHOP,
      ORDER.id,
      { lines: [{ lineId: JACKET.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: ORDER.customer!.id },
      deps,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.returnId;
  }

  async function inspected(): Promise<string> {
    const returnId = await submitted();
    expect(await receiveItems(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps)).toMatchObject({ ok: true });
    expect(await inspectItems(SHOP, returnId, { items: [{ lineId: JACKET.id, quantity: 1, disposition: "restock", locationId: WAREHOUSE }] }, "staff", deps)).toMatchObject({ ok: true });
    return returnId;
  }

  it("GIVEN a policy with a restocking fee and return shipping WHEN an inspected return is previewed THEN the fees come out of the refund, to the cent", async () => {
    expect(await saveReturnPolicy(SHOP, { restockingFee: { percent: 10 }, returnShippingFee: { amount: 500 } }, "staff", deps)).toMatchObject({ ok: true });
    const returnId = await inspected();
    const preview = await previewResolution(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1, method: "refund" }] }, deps);
    expect(preview).toMatchObject({ ok: true, amounts: { totals: { value: 12_000, restockingFee: 1_200, returnShippingFee: 500, refund: 10_300, payout: 10_300 } } });
  });

  it("GIVEN a return intake knows the order of WHEN its page loads THEN it has the customer, the pickup address, the shop's active locations and the reasons' names", async () => {
    const returnId = await submitted();
    expect(await returnPage(SHOP, returnId, deps)).toMatchObject({ order: null, pickupDefaults: { address: null }, locations: [] });

    await testDb.db.order.create({
      data: {
        id: ORDER.id,
        shop: SHOP,
        legacyId: "1001",
        name: ORDER.name,
        email: "maya.chen@example.com",
        customerName: "Maya Chen",
        totalPrice: "249.00",
        currency: "USD",
        tags: "[]",
        lineItems: "[]",
        shippingAddress: JSON.stringify({ name: "Maya Chen", countryCode: "US", provinceCode: "NY", zip: "10036", city: "New York" }),
        shopifyCreatedAt: new Date(NOW.getTime() - 10 * DAY),
        shopifyUpdatedAt: new Date(NOW.getTime() - 10 * DAY),
      },
    });
    await testDb.db.inventoryLocation.createMany({
      data: [
        { id: WAREHOUSE, shop: SHOP, name: "Newark Warehouse", isActive: true, fulfillsOnlineOrders: true },
        { id: "gid://shopify/Location/9", shop: SHOP, name: "Closed Pop-up", isActive: false, fulfillsOnlineOrders: false },
      ],
    });
    expect(await returnPage(SHOP, returnId, deps)).toMatchObject({
      value: 12_000,
      order: { legacyId: "1001", customerName: "Maya Chen", email: "maya.chen@example.com" },
      locations: [{ id: WAREHOUSE, name: "Newark Warehouse" }],
      reasonLabels: { SIZE_TOO_SMALL: "Too small" },
      pickupDefaults: { pickupDate: "2026-10-21", address: { country: "US", region: "NY", postalCode: "10036" } },
      replacementFulfillmentOrders: [],
    });
    expect(await returnPage(SHOP, "ret_nobody", deps)).toBeNull();
  });

  it("GIVEN the demo catalogue WHEN a pickup is recommended and then booked THEN the booking takes the recommended carrier", async () => {
    const returnId = await submitted();
    const input = { pickupDate: "2026-10-21", locationId: WAREHOUSE, address: { country: "US", region: "NY", postalCode: "10036" }, weightKg: "1.2" };
    expect(await recommendPickup(SHOP, returnId, input, deps)).toEqual({ ok: false, errors: [{ path: "", message: "Import the carrier catalogue before booking pickups" }] });

    await seedDemoCarriers(testDb.db, SHOP, [{ id: WAREHOUSE, name: "Newark Warehouse" }]);
    const recommended = await recommendPickup(SHOP, returnId, input, deps);
    if (!recommended.ok) throw new Error(JSON.stringify(recommended.errors));
    const { recommendation } = recommended;
    expect(recommendation.currency).toBe("USD");
    expect(recommendation.winner).not.toBeNull();
    expect(recommendation.options[0]).toMatchObject({ serviceId: recommendation.winner!.serviceId, cost: expect.any(Number) });
    expect(recommendation.reason.length).toBeGreaterThan(0);

    const booked = await schedulePickup(SHOP, returnId, input, "staff", deps);
    expect(booked).toMatchObject({ ok: true, status: "pickup_scheduled", carrier: recommendation.winner!.carrierName, service: recommendation.winner!.serviceName, reason: recommendation.reason });

    // AND once the carrier collects it, the parcel is on its way
    const shipmentId = (await returnPage(SHOP, returnId, deps))!.detail.state.shipments[0].id;
    expect(await markInTransit(SHOP, returnId, { shipmentId }, "staff", deps)).toMatchObject({ ok: true, status: "in_transit" });
    expect(await markInTransit(SHOP, returnId, { shipmentId }, "staff", deps)).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/already in transit/) }] });
  });

  it("GIVEN an approved return the customer posts themselves WHEN its tracking is noted THEN it is in transit as the customer's own parcel", async () => {
    const returnId = await submitted();
    expect(await markInTransit(SHOP, returnId, { carrier: "USPS", trackingNumber: "9400111899223" }, "staff", deps)).toMatchObject({ ok: true, status: "in_transit" });
    const { detail } = (await returnPage(SHOP, returnId, deps))!;
    expect(detail.state.shipments).toMatchObject([{ kind: "customer_shipped", status: "in_transit", carrier: "USPS", trackingNumber: "9400111899223" }]);
    expect(detail.timeline.at(-1)).toMatchObject({ message: "Sent by the customer, on its way (tracking 9400111899223)" });

    // WHEN its units are received without naming the parcel THEN the one parcel on its way is the one that arrived
    expect(await receiveItems(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps)).toMatchObject({ ok: true });
    expect((await returnPage(SHOP, returnId, deps))!.detail.state.shipments).toMatchObject([{ kind: "customer_shipped", status: "delivered" }]);
  });

  it("GIVEN a refund committed today WHEN the week's refunds are counted THEN it is there once, and not in a window that starts after it", async () => {
    const returnId = await inspected();
    expect(await refundedSince(SHOP, new Date(NOW.getTime() - 7 * DAY), deps)).toEqual({ currencyCode: "USD", amount: 0, returns: 0 });
    expect(await resolveReturn(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps)).toMatchObject({ ok: true });
    expect(await runResolve(deps, jobs.find((job) => job.task === RESOLVE_TASK)!.payload as ResolvePayload)).toBe("committed");

    expect(await refundedSince(SHOP, new Date(NOW.getTime() - 7 * DAY), deps)).toEqual({ currencyCode: "USD", amount: 12_000, returns: 1 });
    expect(await refundedSince(SHOP, new Date(Date.now() + DAY), deps)).toMatchObject({ amount: 0, returns: 0 });
  });
});
