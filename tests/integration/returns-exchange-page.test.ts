import { afterAll, beforeAll, expect, it } from "vitest";
import { inspectItems, receiveItems, resolveReturn, returnPage, submitReturnRequest } from "../../app/services/returns.server";
import type { AdminGraphql } from "../../app/shopify/admin-client.server";
import { createFulfillment } from "../../app/shopify/fulfillments.server";
import { demoCatalogue, installApp } from "../demo/store";
import { gid } from "../simulator/ids";
import { MAYA_ADDRESS } from "../simulator/testing";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// An exchange on the simulated Shopify, from the merchant's request to the replacement's own
// fulfillment order, as the return's page finds and links it.

const SHOP = "returns-exchange-page.myshopify.com";
let h: AppHarness;
let graphql: AdminGraphql;
let warehouse: string;

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Exchange Page Test" });
  const seeded = await h.sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  warehouse = seeded.locations.find((location) => location.name === "Newark Warehouse")!.id;
  await installApp(h.simulatorUrl, SHOP);
  const { adminForShop } = await import("../../app/shopify/clients.server");
  graphql = (await adminForShop(SHOP))!;
});

afterAll(async () => {
  await h?.settle();
  await h?.close();
});

it("GIVEN a hoodie exchanged for a size up WHEN the return is resolved THEN its page links the fulfillment order that ships the replacement", async () => {
  // GIVEN a shipped hoodie in M
  const order = await h.sim.post<{ id: string; fulfillmentOrders: Array<{ id: string; lineItems: Array<{ id: string; totalQuantity: number }> }> }>(`/_sim/shops/${SHOP}/orders`, {
    email: "maya.chen@example.com",
    shippingAddress: MAYA_ADDRESS,
    lineItems: [{ sku: "BFH-M", quantity: 1 }],
    shippingLine: { title: "Standard", price: "8.00" },
  });
  const [fulfillmentOrder] = order.fulfillmentOrders;
  await createFulfillment(graphql, {
    fulfillmentOrderId: fulfillmentOrder.id,
    lines: fulfillmentOrder.lineItems.map((line) => ({ id: line.id, quantity: line.totalQuantity })),
    tracking: { company: "UPS", number: "1ZEXCHANGE1", url: null },
    notifyCustomer: false,
  });
  await h.settle();
  const { fetchReturnableOrder } = await import("../../app/shopify/returns.server");
  const [line] = (await fetchReturnableOrder(graphql, order.id))!.lines;
  const large = gid("ProductVariant", h.simulatorStore.requireShop(SHOP).variantBySku("BFH-L")!.id);

  // WHEN the merchant makes the exchange, receives the hoodie, inspects it and resolves it
  const submitted = await submitReturnRequest(
    SHOP,
    order.id,
    { lines: [{ lineId: line.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }], replacements: [{ variantId: large, quantity: 1, locationId: warehouse }] },
    { channel: "admin" },
  );
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
  const before = await returnPage(SHOP, submitted.returnId);
  expect(before?.replacementFulfillmentOrders).toEqual([]);
  expect(await receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: line.id, quantity: 1 }] })).toMatchObject({ ok: true });
  expect(await inspectItems(SHOP, submitted.returnId, { items: [{ lineId: line.id, quantity: 1, disposition: "restock", locationId: warehouse }] })).toMatchObject({ ok: true });
  expect(await resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: line.id, quantity: 1, method: "exchange" }] })).toMatchObject({ ok: true });
  await h.settle();

  // THEN the page links the replacement's own open fulfillment order
  const after = await returnPage(SHOP, submitted.returnId);
  expect(after?.detail.status).toBe("resolved");
  expect(after?.replacementFulfillmentOrders).toEqual([{ legacyId: expect.stringMatching(/^\d+$/), status: "OPEN" }]);
  expect(after?.replacementFulfillmentOrders[0].legacyId).not.toBe(fulfillmentOrder.id.split("/").pop());
});
