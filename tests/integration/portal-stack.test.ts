import { afterAll, beforeAll, expect, it } from "vitest";
import { demoCatalogue, installApp, PLUS_BUCKET } from "../demo/store";
import { otherAdminClient } from "../support/admin-session";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";
import { LOCAL_API_KEY, LOCAL_API_SECRET } from "../support/stack";

// The portal with nothing played: the simulator's storefront, its Returns API and the app's real
// routes, services and jobs, from a guest's lookup to the return Shopify holds.

const SHOP = "portal-stack.myshopify.com";
let h: AppHarness;
let order: { id: string; name: string; fulfillmentOrders: Array<{ id: string }> };

beforeAll(async () => {
  h = await startAppHarness();
  const sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Portal Stack", bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  order = await sim.post(`/_sim/shops/${SHOP}/orders`, {
    email: "sam.rivera@example.com",
    shippingAddress: { firstName: "Sam", lastName: "Rivera", address1: "410 W 42nd St", city: "New York", provinceCode: "NY", country: "United States", countryCode: "US", zip: "10036" },
    lineItems: [{ sku: "TRJ-M", quantity: 1 }],
  });
  const admin = await otherAdminClient(h.simulatorUrl, SHOP, LOCAL_API_KEY, LOCAL_API_SECRET);
  await admin(`mutation Ship($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`, {
    f: { lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo) => ({ fulfillmentOrderId: fo.id })) },
  });
  await h.settle();
});

afterAll(async () => {
  await h?.close();
});

/** The page's hidden session and CSRF fields, as the browser sends them back. */
const hiddenOf = (html: string) => ({ session: /name="session" value="([^"]+)"/.exec(html)![1], csrf: /name="csrf" value="([^"]+)"/.exec(html)![1] });

it("GIVEN a guest's shipped order WHEN found, a jacket exchanged for a size in stock and sent THEN Shopify holds the return with the exchange, the status page shows it, and the same items posted again past the widget are refused", async () => {
  const storefront = `${h.simulatorUrl}/_sim/storefront/${SHOP}/apps/returns`;
  const post = async (step: string, fields: Record<string, string>) => {
    const page = await fetch(`${storefront}/${step}`, { method: "POST", body: new URLSearchParams(fields) });
    return { status: page.status, html: await page.text() };
  };
  let page = await post("lookup", { ...hiddenOf(await (await fetch(storefront)).text()), orderNumber: order.name, contact: "sam.rivera@example.com" });
  expect(page.html).toContain(`Which items from ${order.name}?`);
  const lineId = /name="lines\.0\.lineId" value="([^"]+)"/.exec(page.html)![1];

  page = await post("items", { ...hiddenOf(page.html), step: "items", "lines.0.lineId": lineId, "lines.0.selected": "yes", "lines.0.quantity": "1", "lines.0.reason": "SIZE_TOO_SMALL", "lines.0.resolution": "exchange" });
  expect(page.html).toContain("Choose your replacement");
  const large = /value="(gid:\/\/shopify\/ProductVariant\/\d+)"\/?>\s*<span>L <span class="of-muted">US\$129\.00, (\d+) in stock/.exec(page.html);
  expect(large).not.toBeNull();

  page = await post("exchange", { ...hiddenOf(page.html), "replacements.0.lineId": lineId, "replacements.0.variantId": large![1] });
  expect(page.html).toContain("How will you send it back?");
  page = await post("delivery", { ...hiddenOf(page.html), "delivery.method": "dropoff" });
  expect(page.html).toContain("Check and send your request");
  expect(page.html).toContain('Items returned are worth</th><td class="of-amount">US$129.00');

  const review = page.html;
  const sent = await fetch(`${storefront}/submit`, { method: "POST", body: new URLSearchParams(hiddenOf(review)), redirect: "manual" });
  expect(sent.status).toBe(303);
  const statusUrl = sent.headers.get("location")!;
  expect(statusUrl).toMatch(/^\/apps\/returns\/status\/[\w.-]+\?sent=1$/);
  await h.settle();
  const returns = await simControl(h.simulatorUrl).get<unknown[]>(`/_sim/shops/${SHOP}/returns?order=${encodeURIComponent(order.id)}`);
  expect(returns).toEqual([
    expect.objectContaining({ status: "OPEN", lineItems: [expect.objectContaining({ sku: "TRJ-M", quantity: 1 })], exchangeLineItems: [expect.objectContaining({ variantId: large![1], quantity: 1 })] }),
  ]);

  // AND the same request sent again past the widget, through the proxy, is refused: the jacket is already coming back
  const again = await fetch(`${storefront}/submit`, { method: "POST", body: new URLSearchParams(hiddenOf(review)), redirect: "manual" });
  expect(again.status).toBe(422);
  expect(await again.text()).toContain("This item is already being returned.");
  const direct = await post("items", { ...hiddenOf(review), step: "items", "lines.0.lineId": lineId, "lines.0.selected": "yes", "lines.0.quantity": "1", "lines.0.reason": "UNWANTED", "lines.0.resolution": "refund" });
  expect(direct.status).toBe(422);
  expect(direct.html).toContain('<a href="#of-lines-0-lineId">This item is already being returned.</a>');
  expect(await simControl(h.simulatorUrl).get<unknown[]>(`/_sim/shops/${SHOP}/returns?order=${encodeURIComponent(order.id)}`)).toHaveLength(1);

  const status = await fetch(`${h.simulatorUrl}/_sim/storefront/${SHOP}${statusUrl}`);
  expect(status.status).toBe(200);
  const html = await status.text();
  expect(html).toContain("Your return request is in");
  expect(html).toContain("What has happened");
});
