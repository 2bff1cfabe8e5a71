import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveIntakeSettings } from "../../app/models/intake-settings.server";
import { demoIntakeSettings } from "../demo/intake";
import { demoCatalogue, demoOrder, installApp, PLUS_BUCKET } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";

// The same intake scenario twice, on two shops: once with clean delivery, once with every webhook
// duplicated, reordered and delayed. The state each ends in must be the same.

let h: AppHarness;
let sim: ReturnType<typeof simControl>;

interface OrderOnShopify {
  id: string;
  legacyId: number;
  name: string;
  updatedAt: string;
  tags: string[];
  shippingAddress: { zip: string | null } | null;
  fulfillmentOrders: Array<{ status: string; holds: Array<{ reason: string; handle: string | null }> }>;
}

/**
 * Places the demo's fourteen orders and waits until the app has checked them; then the customer of
 * the order without a postcode corrects it on Shopify, and the app is left to notice.
 */
async function runScenario(shop: string) {
  await sim.post("/_sim/shops", { shop, name: shop, bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${shop}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, shop);
  await saveIntakeSettings(h.testDb.db, shop, demoIntakeSettings(), "test");
  const placed: OrderOnShopify[] = [];
  for (let n = 0; n < 14; n++) placed.push(await sim.post(`/_sim/shops/${shop}/orders`, demoOrder(n)));
  await h.settle();
  // A second later, so the correction is a newer version of the order (Shopify's times have whole seconds).
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const missingPostcode = demoOrder(3).shippingAddress;
  await sim.post(`/_sim/shops/${shop}/orders/${placed[3].legacyId}/update`, { shippingAddress: { ...missingPostcode, zip: "NW1 6XE" } });
  await h.settle();
  return endState(shop);
}

/** Everything intake decided, per order name, without the ids and times that differ between shops. */
async function endState(shop: string) {
  const orders = await sim.get<OrderOnShopify[]>(`/_sim/shops/${shop}/orders`);
  const snapshots = await h.testDb.db.order.findMany({ where: { shop } });
  const findings = await h.testDb.db.finding.findMany({ where: { shop } });
  const intakes = await h.testDb.db.orderIntake.findMany({ where: { shop } });
  return Object.fromEntries(
    orders.map((order) => {
      const snapshot = snapshots.find((row) => row.id === order.id);
      const intake = intakes.find((row) => row.orderId === order.id);
      return [
        order.name,
        {
          shopify: {
            tags: [...order.tags].sort(),
            zip: order.shippingAddress?.zip ?? null,
            fulfillmentOrders: order.fulfillmentOrders.map((fo) => ({ status: fo.status, holds: fo.holds.map(({ reason, handle }) => ({ reason, handle })) })),
          },
          snapshot: snapshot && {
            tags: (JSON.parse(snapshot.tags) as string[]).sort(),
            zip: (JSON.parse(snapshot.shippingAddress ?? "null") as { zip: string | null } | null)?.zip ?? null,
            tagged: snapshot.taggedAt !== null,
          },
          findings: findings
            .filter((row) => row.orderId === order.id)
            .map(({ code, field, severity, status }) => ({ code, field, severity, status }))
            .sort((a, b) => `${a.code}${a.field}`.localeCompare(`${b.code}${b.field}`)),
          intake: intake && { status: intake.status, holdReason: intake.holdReason, openBlocking: intake.openBlocking, openTotal: intake.openTotal },
          inSync: snapshot?.shopifyUpdatedAt.toISOString() === new Date(order.updatedAt).toISOString(),
        },
      ];
    }),
  );
}

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
});

afterAll(async () => {
  await sim?.put("/_sim/config/webhooks", { duplicates: 0, reorder: null, delayMs: 0 });
  await h?.close();
});

describe("delivery that duplicates, reorders and delays", () => {
  // Two whole scenarios of 14 orders, one of them under duplicates, reordering and delays: slow on a busy machine.
  it("ends in the state clean delivery ends in: snapshots, findings, holds and tags", async () => {
    const clean = await runScenario("clean-delivery.myshopify.com");

    await sim.put("/_sim/config/webhooks", { duplicates: 2, reorder: { window: 64, windowMs: 2000 }, delayMs: [0, 60], seed: 7 });
    const hostile = await runScenario("hostile-delivery.myshopify.com");

    // The hostile run really was hostile: copies of one event, and events out of order.
    const deliveries = await sim.get<Array<{ shop: string; eventId: string; topic: string }>>("/_sim/webhooks/deliveries?shop=hostile-delivery.myshopify.com");
    const copies = new Map<string, number>();
    for (const delivery of deliveries) copies.set(delivery.eventId, (copies.get(delivery.eventId) ?? 0) + 1);
    expect(Math.min(...copies.values())).toBe(3);
    const placedInOrder = (await sim.get<OrderOnShopify[]>("/_sim/shops/hostile-delivery.myshopify.com/orders")).map((order) => order.id);
    const received = await h.testDb.db.webhookDelivery.findMany({ where: { shop: "hostile-delivery.myshopify.com", topic: "ORDERS_CREATE" }, orderBy: { receivedAt: "asc" } });
    expect(received.map((row) => row.resourceId)).not.toEqual(placedInOrder);
    expect([...received.map((row) => row.resourceId)].sort()).toEqual([...placedInOrder].sort());

    expect(Object.keys(hostile)).toHaveLength(14);
    expect(hostile).toEqual(clean);
    // And the clean run is the one the rules promise: the corrected order released, the others held as planned.
    expect(clean["#1004"]).toMatchObject({
      shopify: { zip: "NW1 6XE", fulfillmentOrders: [{ status: "OPEN", holds: [] }] },
      findings: [{ code: "ADDRESS_MISSING_POSTAL_CODE", status: "resolved" }],
      intake: { status: "clear" },
      inSync: true,
    });
    expect(clean["#1012"]).toMatchObject({ shopify: { fulfillmentOrders: [{ status: "ON_HOLD", holds: [{ reason: "INCORRECT_ADDRESS", handle: "orderflow-intake" }] }] } });
    expect(Object.values(clean).every((order) => order.inSync && order.snapshot?.tagged)).toBe(true);
  }, 180_000);
});
