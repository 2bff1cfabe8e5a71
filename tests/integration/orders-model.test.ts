import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listOrders, markOrderTagged, readOrder, saveOrderSnapshot } from "../../app/models/orders.server";
import type { ShopifyOrder } from "../../app/shopify/orders.server";
import { createTestDb, type TestDb } from "../support/test-db";

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

const SHOP = "model-test.myshopify.com";

function order(overrides: Partial<ShopifyOrder> = {}): ShopifyOrder {
  return {
    id: "gid://shopify/Order/5001",
    legacyId: "5001",
    name: "#1001",
    email: "maya.chen@example.com",
    phone: null,
    createdAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-01T10:00:00Z",
    cancelledAt: null,
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    tags: [],
    total: { amount: "129.00", currencyCode: "USD" },
    customer: { id: "gid://shopify/Customer/7", name: "Maya Chen", email: "maya.chen@example.com", phone: null },
    shippingAddress: null,
    shippingLines: [],
    lineItems: [{ id: "gid://shopify/LineItem/1", title: "Rain Jacket", sku: "TRJ-M", quantity: 2, variantId: null, requiresShipping: true, unitPrice: { amount: "64.50", currencyCode: "USD" } }],
    ...overrides,
  };
}

describe("order snapshots", () => {
  it("keeps the newer version when an older read arrives after it", async () => {
    // GIVEN the snapshot at 10:05
    expect(await saveOrderSnapshot(t.db, SHOP, order({ updatedAt: "2026-11-01T10:05:00Z", tags: ["vip"] }))).toBe(true);
    // WHEN a read of the 10:00 version is saved afterwards
    const written = await saveOrderSnapshot(t.db, SHOP, order({ updatedAt: "2026-11-01T10:00:00Z", tags: [] }));
    // THEN it is refused and the 10:05 version stays
    expect(written).toBe(false);
    const stored = readOrder(await t.db.order.findUniqueOrThrow({ where: { id: "gid://shopify/Order/5001" } }));
    expect(stored.tags).toEqual(["vip"]);
    expect(stored.shopifyUpdatedAt.toISOString()).toBe("2026-11-01T10:05:00.000Z");
  });

  it("replaces the snapshot with a newer version", async () => {
    await saveOrderSnapshot(t.db, SHOP, order());
    expect(await saveOrderSnapshot(t.db, SHOP, order({ updatedAt: "2026-11-01T11:00:00Z", cancelledAt: "2026-11-01T11:00:00Z" }))).toBe(true);
    const { orders } = await listOrders(t.db, { shop: SHOP, status: "cancelled" });
    expect(orders.map((o) => o.name)).toEqual(["#1001"]);
  });

  it("lists by derived status and search", async () => {
    await saveOrderSnapshot(t.db, SHOP, order());
    await saveOrderSnapshot(t.db, SHOP, order({ id: "gid://shopify/Order/5002", legacyId: "5002", name: "#1002", email: "lucas.martin@example.fr", customer: null }));
    await markOrderTagged(t.db, "gid://shopify/Order/5001");

    expect((await listOrders(t.db, { shop: SHOP, status: "tagged" })).orders.map((o) => o.name)).toEqual(["#1001"]);
    expect((await listOrders(t.db, { shop: SHOP, status: "received" })).orders.map((o) => o.name)).toEqual(["#1002"]);
    expect((await listOrders(t.db, { shop: SHOP, search: "lucas" })).orders.map((o) => o.name)).toEqual(["#1002"]);
    expect((await listOrders(t.db, { shop: "other.myshopify.com" })).total).toBe(0);
  });
});
