// The demo's returns: a few delivered orders whose customers asked for a return on Shopify's
// side (the order status page), then taken through the app's return page as a merchant would,
// so the queue shows one at each stage — waiting for approval, approved with a pickup booked,
// received and waiting for inspection, resolved with a refund.
import { createDb } from "../../app/db.server";
import { intakeReadiness } from "../../app/models/intake-readiness.server";
import { otherAdminClient, sessionToken } from "../support/admin-session";
import { simControl } from "../support/sim-control";
import { LOCAL_API_KEY, LOCAL_API_SECRET } from "../support/stack";
import { DEMO_SHOP } from "./store";

const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Orderflow demo" };

interface SimOrder {
  id: string;
  legacyId: number;
  name: string;
  shippingAddress: { countryCode: string; provinceCode?: string | null; zip: string | null } | null;
  lineItems: Array<{ sku: string; quantity: number }>;
  fulfillmentOrders: Array<{ id: string; status: string }>;
}

const FULFILL = `#graphql
  mutation DemoCarrierFulfils($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } }
  }
`;

export interface DemoReturns {
  /** Orderflow's return ids by stage. */
  requested: string[];
  pickup: string[];
  toInspect: string[];
  resolved: string[];
}

/**
 * Ships an open order in full as the shop's 3PL would (another app's Admin API client) and lets
 * the carrier deliver it, so its customer may send it back.
 */
export async function shipAndDeliver(simulatorUrl: string, order: SimOrder, shop = DEMO_SHOP, apiSecret = LOCAL_API_SECRET): Promise<void> {
  const admin = await otherAdminClient(simulatorUrl, shop, LOCAL_API_KEY, apiSecret);
  const tracking = `1ZDEMO${order.legacyId}`;
  for (const fulfillmentOrder of order.fulfillmentOrders) {
    const answer = await admin<{ fulfillmentCreate: { userErrors: Array<{ message: string }> } }>(FULFILL, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id }],
        trackingInfo: { company: "UPS", number: tracking },
        notifyCustomer: false,
      },
    });
    const errors = answer.fulfillmentCreate.userErrors;
    if (errors.length > 0) throw new Error(`shipping ${order.name} failed: ${errors.map((error) => error.message).join("; ")}`);
  }
  await simControl(simulatorUrl).post(`/_sim/shops/${shop}/fulfillments/${tracking}/move`, { to: "delivered" });
}

/**
 * Open orders intake checked and found clear, to ship and bring back. Orders abroad and with one
 * item come first: the pack bench's browser test wants an everyday domestic order with several.
 */
export async function returnableDemoOrders(simulatorUrl: string, databaseUrl: string, count: number, shop = DEMO_SHOP): Promise<SimOrder[]> {
  const db = createDb(databaseUrl);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const orders = await simControl(simulatorUrl).get<SimOrder[]>(`/_sim/shops/${shop}/orders`);
      const readiness = await intakeReadiness(db, shop, orders.map((order) => order.id));
      const clear = orders
        .filter((order) => order.fulfillmentOrders.length > 0 && order.fulfillmentOrders.every((fo) => fo.status === "OPEN"))
        .filter((order) => readiness.get(order.id)?.status === "clear" && readiness.get(order.id)?.openBlocking === 0)
        .sort((a, b) => everyday(a) - everyday(b));
      if (clear.length >= count) return clear.slice(0, count);
      if (Date.now() > deadline) throw new Error(`only ${clear.length} orders are clear to return; ${count} are needed`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await db.$disconnect();
  }
}

function everyday(order: SimOrder): number {
  return (order.shippingAddress?.countryCode === "US" ? 2 : 0) + (new Set(order.lineItems.map((line) => line.sku)).size > 1 ? 1 : 0);
}

/** The customer asks for a return on Shopify's side; resolves with Orderflow's id once the app has it from the webhook. */
export async function customerRequestsReturn(
  simulatorUrl: string,
  databaseUrl: string,
  order: SimOrder,
  lines: Array<{ sku: string; quantity: number; reason: string; note?: string }>,
  shop = DEMO_SHOP,
): Promise<string> {
  const sim = simControl(simulatorUrl);
  const started = await sim.post<{ id: string }>(`/_sim/shops/${shop}/orders/${order.legacyId}/returns`, { lines });
  await sim.flush();
  const db = createDb(databaseUrl);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mirrored = await db.return.findFirst({ where: { shop, shopifyReturnId: started.id }, select: { id: true } });
      if (mirrored) return mirrored.id;
      if (Date.now() > deadline) throw new Error(`the app never picked up the return on ${order.name}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await db.$disconnect();
  }
}

/** Posts one of the return page's forms as the shop's staff do; refuses loudly what the page would show as an error. */
export async function onReturnPage(simulatorUrl: string, appUrl: string, returnId: string, form: Record<string, string>, shop = DEMO_SHOP): Promise<void> {
  const response = await fetch(new URL(`/app/returns/${returnId}`, appUrl), {
    method: "POST",
    headers: { ...BROWSER, Authorization: `Bearer ${await sessionToken(simulatorUrl, shop)}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new Error(`${form.intent} on return ${returnId} failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
}

async function firstLocation(databaseUrl: string, shop: string): Promise<string> {
  const db = createDb(databaseUrl);
  try {
    const location = await db.inventoryLocation.findFirst({ where: { shop, isActive: true }, orderBy: { name: "asc" } });
    if (!location) throw new Error("the app has no locations yet: the inventory sync has not run");
    return location.id;
  } finally {
    await db.$disconnect();
  }
}

/** Four delivered orders come back, each left at a different stage. */
export async function seedDemoReturns(stack: { simulatorUrl: string; appUrl: string; databaseUrl: string; apiSecret?: string }, shop = DEMO_SHOP): Promise<DemoReturns> {
  const { simulatorUrl, appUrl, databaseUrl } = stack;
  const orders = await returnableDemoOrders(simulatorUrl, databaseUrl, 4, shop);
  for (const order of orders) await shipAndDeliver(simulatorUrl, order, shop, stack.apiSecret);
  const [waiting, pickup, arrived, refunded] = orders;
  const first = (order: SimOrder) => order.lineItems[0];
  const location = await firstLocation(databaseUrl, shop);
  const page = (id: string, form: Record<string, string>) => onReturnPage(simulatorUrl, appUrl, id, form, shop);

  const requested = await customerRequestsReturn(simulatorUrl, databaseUrl, waiting, [{ sku: first(waiting).sku, quantity: 1, reason: "SIZE_TOO_SMALL" }], shop);

  const booked = await customerRequestsReturn(simulatorUrl, databaseUrl, pickup, [{ sku: first(pickup).sku, quantity: first(pickup).quantity, reason: "STYLE" }], shop);
  await page(booked, { intent: "approve", message: "We have booked a pickup; have the parcel ready." });
  const address = pickup.shippingAddress!;
  await page(booked, {
    intent: "pickup",
    pickupDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    locationId: location,
    "address.country": address.countryCode,
    "address.region": address.provinceCode ?? "",
    "address.postalCode": address.zip ?? "",
    weightKg: "1",
  });

  const toInspect = await customerRequestsReturn(simulatorUrl, databaseUrl, arrived, [{ sku: first(arrived).sku, quantity: 1, reason: "DEFECTIVE", note: "Seam came apart" }], shop);
  await page(toInspect, { intent: "approve" });
  await page(toInspect, { intent: "receive", "lines.0.lineId": await lineOf(databaseUrl, toInspect), "lines.0.quantity": "1" });

  const resolved = await customerRequestsReturn(simulatorUrl, databaseUrl, refunded, [{ sku: first(refunded).sku, quantity: 1, reason: "UNWANTED" }], shop);
  const line = await lineOf(databaseUrl, resolved);
  await page(resolved, { intent: "approve" });
  await page(resolved, { intent: "receive", "lines.0.lineId": line, "lines.0.quantity": "1" });
  await page(resolved, { intent: "inspect", "units.0.lineId": line, "units.0.disposition": "restock", "units.0.locationId": location });
  await page(resolved, { intent: "resolve", "lines.0.lineId": line, "lines.0.quantity": "1", "lines.0.method": "refund", "lines.0.missing": "false" });

  return { requested: [requested], pickup: [booked], toInspect: [toInspect], resolved: [resolved] };
}

/** The return's first line: the fulfillment line its forms name. */
async function lineOf(databaseUrl: string, returnId: string): Promise<string> {
  const db = createDb(databaseUrl);
  try {
    const row = await db.return.findUniqueOrThrow({ where: { id: returnId }, select: { state: true } });
    return (JSON.parse(row.state) as { lines: Array<{ id: string }> }).lines[0].id;
  } finally {
    await db.$disconnect();
  }
}
