import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testCatalog } from "../../app/domain/carriers/fixtures";
import { laneKey, type LaneRef } from "../../app/domain/carriers/lanes";
import { DEFAULT_SETTINGS } from "../../app/domain/carriers/recommend";
import { loadCarrierSetup, readLanes, saveCatalog, saveSettings, StoredSetupError } from "../../app/models/carrier-setup.server";
import { redactShop } from "../../app/models/compliance.server";
import { logFulfilmentError } from "../../app/models/fulfilment-errors.server";
import {
  claimShipment,
  dropClaim,
  markShipped,
  recordTrackingEvent,
  STALE_CLAIM_MS,
  type NewShipment,
} from "../../app/models/shipments.server";
import { createTestDb, type TestDb } from "../support/test-db";

// The carrier set-up and shipments in the database: JSON text checked on the way out, the
// in-memory catalogue rebuilt when the stored one changes, and lane updates that neither lose nor
// double-count a tracking event when several arrive at once.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(async () => {
  await t.reset();
});
afterAll(async () => {
  await t?.close();
});

const SHOP = "setup-test.myshopify.com";
const lane: LaneRef = { direction: "forward", locationId: "blr", country: "IN", region: "MH", serviceId: "velo-surface" };

function newShipment(n: number): NewShipment {
  return {
    shop: SHOP,
    orderId: `gid://shopify/Order/${n}`,
    orderName: `#${1000 + n}`,
    fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${n}`,
    locationId: "gid://shopify/Location/1",
    locationName: "Bengaluru",
    carrierId: "velo",
    carrierName: "Velo",
    serviceId: "velo-surface",
    serviceName: "Surface",
    trackingNumber: `VELO${n}`,
    trackingUrl: `https://velo.example/track/VELO${n}`,
    laneKey: laneKey(lane),
    lane,
    promisedDays: 5,
    cost: 55,
    currency: "INR",
    choice: "recommended",
    createdBy: "staff 1",
  };
}

async function shipped(n: number) {
  const claim = await claimShipment(t.db, newShipment(n));
  return markShipped(t.db, claim!.shipment.id, `gid://shopify/Fulfillment/${n}`, new Date("2026-12-01T09:00:00Z"));
}

describe("the carrier set-up", () => {
  it("starts empty with the default settings, and reads back what was saved", async () => {
    expect(await loadCarrierSetup(t.db, SHOP)).toMatchObject({ catalog: null, prepared: null, settings: DEFAULT_SETTINGS });
    await saveCatalog(t.db, SHOP, testCatalog(), "staff 1");
    await saveSettings(t.db, SHOP, { ...DEFAULT_SETTINGS, defaultPromiseDays: 4 }, "staff 2");
    const setup = await loadCarrierSetup(t.db, SHOP);
    expect(setup.catalog).toEqual(testCatalog());
    expect(setup.prepared?.serviceById.has("velo-air")).toBe(true);
    expect(setup).toMatchObject({ settings: { defaultPromiseDays: 4 }, updatedBy: "staff 2" });
  });

  it("keeps the prepared catalogue while the stored one is unchanged, and rebuilds it when it is replaced", async () => {
    await saveCatalog(t.db, SHOP, testCatalog(), "staff 1");
    const first = await loadCarrierSetup(t.db, SHOP);
    expect((await loadCarrierSetup(t.db, SHOP)).prepared).toBe(first.prepared);
    const smaller = testCatalog();
    smaller.carriers = smaller.carriers.slice(0, 1);
    await saveCatalog(t.db, SHOP, smaller, "staff 1");
    const second = await loadCarrierSetup(t.db, SHOP);
    expect(second.prepared).not.toBe(first.prepared);
    expect(second.prepared?.serviceById.has("dakx-surface")).toBe(false);
  });

  it("refuses to use a stored catalogue that no longer passes the engine's schema", async () => {
    await saveCatalog(t.db, SHOP, testCatalog(), "staff 1");
    await t.db.carrierSetup.update({
      where: { shop: SHOP },
      data: { catalog: JSON.stringify({ carriers: [] }), catalogVersion: "hand-edited" },
    });
    await expect(loadCarrierSetup(t.db, SHOP)).rejects.toBeInstanceOf(StoredSetupError);
  });
});

describe("shipments and the lane book", () => {
  it("holds a fulfillment order for one attempt at a time, and lets a stale claim be resumed", async () => {
    const first = await claimShipment(t.db, newShipment(1));
    expect(first).toMatchObject({ resumed: false, shipment: { status: "creating" } });
    expect(await claimShipment(t.db, { ...newShipment(1), trackingNumber: "OTHER" })).toBeNull();
    const later = new Date(first!.shipment.createdAt.getTime() + STALE_CLAIM_MS + 1000);
    expect(await claimShipment(t.db, { ...newShipment(1), trackingNumber: "OTHER" }, later)).toMatchObject({
      resumed: true,
      shipment: { trackingNumber: "VELO1" },
    });
    await dropClaim(t.db, first!.shipment.id);
    expect(await claimShipment(t.db, newShipment(1))).toMatchObject({ resumed: false });
  });

  it("counts every parcel delivered at the same moment, each once", async () => {
    // GIVEN twelve parcels on one lane
    const shipments = [];
    for (let n = 1; n <= 12; n++) shipments.push(await shipped(n));
    expect(Object.keys(readLanes((await t.db.carrierSetup.findUniqueOrThrow({ where: { shop: SHOP } })).lanes).open)).toHaveLength(12);

    // WHEN all twelve are delivered at once, and every event arrives twice
    const deliver = (n: number) =>
      recordTrackingEvent(t.db, SHOP, `gid://shopify/Fulfillment/${n}`, {
        id: `gid://shopify/FulfillmentEvent/${n}`,
        status: "delivered",
        type: "delivered",
        message: null,
        happenedAt: "2026-12-04T12:00:00Z",
      });
    const outcomes = await Promise.all([...shipments.map((_, i) => deliver(i + 1)), ...shipments.map((_, i) => deliver(i + 1))]);

    // THEN the lane has all twelve, three days each, and nothing is left open
    expect(outcomes.filter((o) => o === "finished")).toHaveLength(12);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(12);
    const book = readLanes((await t.db.carrierSetup.findUniqueOrThrow({ where: { shop: SHOP } })).lanes);
    expect(book.lanes[laneKey(lane)]).toMatchObject({ shipments: 12, onTime: 12, transitDays: [0, 0, 0, 12] });
    expect(book.open).toEqual({});
    expect(await t.db.shipment.count({ where: { shop: SHOP, status: "delivered" } })).toBe(12);
  });

  it("ignores an event for a fulfilment Orderflow did not create", async () => {
    expect(
      await recordTrackingEvent(t.db, SHOP, "gid://shopify/Fulfillment/999", {
        id: "e",
        status: "delivered",
        type: "delivered",
        message: null,
        happenedAt: "2026-12-04T12:00:00Z",
      }),
    ).toBe("unknown_shipment");
  });
});

describe("shop/redact", () => {
  it("erases the shop's carrier set-up, shipments and fulfilment errors, and only that shop's", async () => {
    await saveCatalog(t.db, SHOP, testCatalog(), "staff 1");
    await shipped(1);
    await logFulfilmentError(t.db, {
      shop: SHOP,
      fulfillmentOrderId: "fo",
      orderName: "#1",
      kind: "wrong_item",
      scanned: "X",
      expected: "Y",
      message: "m",
      actor: "staff 1",
    });
    await saveCatalog(t.db, "other.myshopify.com", testCatalog(), "staff 1");
    await redactShop(t.db, SHOP);
    expect([
      await t.db.carrierSetup.count({ where: { shop: SHOP } }),
      await t.db.shipment.count({ where: { shop: SHOP } }),
      await t.db.fulfillmentErrorLog.count({ where: { shop: SHOP } }),
    ]).toEqual([0, 0, 0]);
    expect(await t.db.carrierSetup.count()).toBe(1);
    expect((await loadCarrierSetup(t.db, SHOP)).catalog).toBeNull();
  });
});
