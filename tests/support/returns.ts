// Orders the returns tests can return: placed on the simulator, fulfilled and delivered.
import type { AdminGraphql } from "../../app/shopify/admin-client.server";
import { MAYA_ADDRESS } from "../simulator/testing";
import type { AppHarness } from "./app-harness";

/** A delivered order for these SKUs; its gid. */
export async function shippedOrder(h: AppHarness, shop: string, graphql: AdminGraphql, lineItems: Array<{ sku: string; quantity: number }>): Promise<string> {
  const placed = await h.sim.post<{ id: string; fulfillmentOrders: Array<{ id: string }> }>(`/_sim/shops/${shop}/orders`, {
    email: "maya.chen@example.com",
    customer: { email: "maya.chen@example.com", firstName: "Maya", lastName: "Chen" },
    shippingAddress: MAYA_ADDRESS,
    lineItems,
    shippingLine: { title: "Standard", price: "8.00" },
  });
  const { fetchFulfillmentOrder } = await import("../../app/shopify/fulfillment-orders.server");
  const { createFulfillment } = await import("../../app/shopify/fulfillments.server");
  const trackingNumbers: string[] = [];
  for (const { id } of placed.fulfillmentOrders) {
    const fulfillmentOrder = (await fetchFulfillmentOrder(graphql, id))!;
    const number = `1ZRET${id.split("/").pop()}`;
    await createFulfillment(graphql, {
      fulfillmentOrderId: id,
      lines: fulfillmentOrder.lines.map((line) => ({ id: line.id, quantity: line.totalQuantity })),
      tracking: { company: "UPS", number, url: null },
      notifyCustomer: false,
    });
    trackingNumbers.push(number);
  }
  for (const number of trackingNumbers) {
    await h.sim.post(`/_sim/shops/${shop}/fulfillments/${number}/move`, { to: "delivered", happenedAt: new Date().toISOString() });
  }
  await h.settle();
  return placed.id;
}
