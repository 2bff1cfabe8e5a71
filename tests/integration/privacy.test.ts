import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogue, demoOrder, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// app/uninstalled and the three mandatory compliance webhooks, delivered by the simulator.

const SHOP = "privacy-test.myshopify.com";
let h: AppHarness;
let sim: AppHarness["sim"];


beforeAll(async () => {
  h = await startAppHarness();
  sim = h.sim;
  await sim.post("/_sim/shops", { shop: SHOP, name: "Privacy Test" });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  // Orders 0 and 10 belong to the same customer (the demo cycles through ten customers); the
  // second one lacks its ZIP code, so intake holds it and quotes the customer's address.
  for (const n of [0, 1]) await sim.post(`/_sim/shops/${SHOP}/orders`, demoOrder(n));
  const incomplete = demoOrder(10);
  await sim.post(`/_sim/shops/${SHOP}/orders`, { ...incomplete, shippingAddress: { ...incomplete.shippingAddress, zip: "" } });
  await h.settle();
});

afterAll(async () => {
  await h?.close();
});

describe("compliance webhooks", () => {
  it("customers/data_request keeps a report of what is held about the customer", async () => {
    const customerOrder = await h.testDb.db.order.findFirstOrThrow({ where: { shop: SHOP, email: "maya.chen@example.com" } });
    const customerId = customerOrder.customerId!.split("/").pop();
    await sim.post(`/_sim/shops/${SHOP}/compliance/customers/data_request`, { customerId });
    await h.settle();

    const report = await h.testDb.db.complianceRequest.findFirstOrThrow({ where: { shop: SHOP, topic: "customers/data_request" } });
    const held = JSON.parse(report.outcome) as { orders: Array<{ email: string }> };
    expect(held.orders).toHaveLength(2);
    expect(held.orders.every((o) => o.email === "maya.chen@example.com")).toBe(true);
  });

  it("customers/redact erases the customer's personal data and their orders' webhook payloads", async () => {
    const customerOrder = await h.testDb.db.order.findFirstOrThrow({ where: { shop: SHOP, email: "maya.chen@example.com" } });
    const customerGid = customerOrder.customerId!;
    await sim.post(`/_sim/shops/${SHOP}/compliance/customers/redact`, { customerId: customerGid.split("/").pop() });
    await h.settle();

    expect(await h.testDb.db.order.count({ where: { shop: SHOP, email: "maya.chen@example.com" } })).toBe(0);
    expect(await h.testDb.db.order.count({ where: { shop: SHOP, customerId: customerGid } })).toBe(0);
    const redactedIds = (await h.testDb.db.order.findMany({ where: { shop: SHOP, email: null }, select: { id: true } })).map((o) => o.id);
    expect(redactedIds).toHaveLength(2);
    const payloads = await h.testDb.db.webhookDelivery.findMany({ where: { resourceId: { in: redactedIds } } });
    expect(payloads.length).toBeGreaterThan(0);
    expect(payloads.every((d) => d.payload === "{}")).toBe(true);
    // the other customer's order is untouched
    expect(await h.testDb.db.order.count({ where: { shop: SHOP, email: { not: null } } })).toBe(1);

    // intake's findings and timeline of those orders no longer quote the customer, and the
    // fulfillment-order deliveries of their holds are emptied like the order deliveries
    const findings = await h.testDb.db.finding.findMany({ where: { orderId: { in: redactedIds } } });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.message === "(redacted)" && f.suggestion === "(redacted)")).toBe(true);
    const events = await h.testDb.db.orderEvent.findMany({ where: { orderId: { in: redactedIds } } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.summary === "(redacted)" && e.details === null)).toBe(true);
    const holdDeliveries = await h.testDb.db.webhookDelivery.findMany({ where: { shop: SHOP, topic: "FULFILLMENT_ORDERS_PLACED_ON_HOLD" } });
    expect(holdDeliveries.length).toBeGreaterThan(0);
    expect(holdDeliveries.every((d) => d.payload === "{}")).toBe(true);
  });

  it("app/uninstalled drops the shop's sessions, and shop/redact erases everything held for it", async () => {
    expect(await h.testDb.db.session.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    await sim.post(`/_sim/shops/${SHOP}/uninstall`);
    await h.settle();
    expect(await h.testDb.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await h.testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).not.toBeNull();

    await sim.post(`/_sim/shops/${SHOP}/compliance/shop/redact`);
    await h.settle();
    for (const count of [
      h.testDb.db.order.count({ where: { shop: SHOP } }),
      h.testDb.db.webhookDelivery.count({ where: { shop: SHOP } }),
      h.testDb.db.complianceRequest.count({ where: { shop: SHOP } }),
      h.testDb.db.shop.count({ where: { domain: SHOP } }),
      h.testDb.db.finding.count({ where: { shop: SHOP } }),
      h.testDb.db.orderEvent.count({ where: { shop: SHOP } }),
      h.testDb.db.orderIntake.count({ where: { shop: SHOP } }),
      h.testDb.db.reconcileRun.count({ where: { shop: SHOP } }),
    ]) {
      expect(await count).toBe(0);
    }
  });
});
