import { expect, test, type Page } from "@playwright/test";
import { createDb } from "../../app/db.server";
import { DEMO_SHOP } from "../demo/store";
import { otherAdminClient } from "../support/admin-session";
import { simControl } from "../support/sim-control";
import { LOCAL_API_KEY, LOCAL_API_SECRET } from "../support/stack";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
// The browser is on the shop's storefront: the simulator serves the shop whose domain the request
// names, as Shopify serves a shop's own host, so the portal's root-relative forms stay on it.
test.use({ extraHTTPHeaders: { "X-Forwarded-Host": DEMO_SHOP } });

const storefront = (path: string) => `${process.env.E2E_SIMULATOR_URL}${path}`;
const GUEST = { email: "sam.rivera@example.com", zip: "10036" };

interface SimOrder {
  id: string;
  name: string;
  fulfillmentOrders: Array<{ id: string }>;
}

/** A guest's order of one rain jacket in M, shipped, and stored by the app from its webhook. */
async function shippedGuestOrder(): Promise<SimOrder> {
  const order = await simControl(process.env.E2E_SIMULATOR_URL!).post<SimOrder>(`/_sim/shops/${DEMO_SHOP}/orders`, {
    email: GUEST.email,
    shippingAddress: {
      firstName: "Sam",
      lastName: "Rivera",
      address1: "410 W 42nd St",
      city: "New York",
      provinceCode: "NY",
      country: "United States",
      countryCode: "US",
      zip: GUEST.zip,
      phone: "+12125550144",
    },
    lineItems: [{ sku: "TRJ-M", quantity: 1 }],
    shippingLine: { title: "Standard", code: "STANDARD", price: "8.00" },
  });
  const admin = await otherAdminClient(process.env.E2E_SIMULATOR_URL!, DEMO_SHOP, LOCAL_API_KEY, LOCAL_API_SECRET);
  const shipped = await admin<{ fulfillmentCreate: { userErrors: Array<{ message: string }> } }>(
    `mutation Ship($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { userErrors { message } } }`,
    { fulfillment: { lineItemsByFulfillmentOrder: order.fulfillmentOrders.map((fo) => ({ fulfillmentOrderId: fo.id })) } }
  );
  expect(shipped.fulfillmentCreate.userErrors).toEqual([]);
  return order;
}

/** The page as a 360 px phone shows it: nothing wider than the screen. */
async function atPhoneWidth(page: Page, screenshot: string) {
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: `tests/e2e/screenshots/${screenshot}`, fullPage: true });
  await page.setViewportSize(desktop);
}

async function findOrder(page: Page, orderNumber: string, contact: string, returnsPage = storefront("/pages/returns")) {
  await page.goto(returnsPage);
  await page.getByRole("button", { name: "Start a return" }).click();
  await expect(page.getByRole("heading", { name: "Return or exchange an item" })).toBeVisible();
  await page.getByLabel("Order number").fill(orderNumber);
  await page.getByLabel("Email or postal code").fill(contact);
  const answer = page.waitForResponse((response) => response.url().endsWith("/apps/returns/lookup") && response.request().method() === "POST");
  await page.getByLabel("Email or postal code").press("Enter");
  return answer;
}

test("a guest finds an order and asks to exchange a jacket for a size in stock, on a desktop and on a phone", async ({ page }) => {
  // GIVEN the store's page with the portal's app block
  await page.goto(storefront("/pages/returns"));
  await expect(page.getByRole("heading", { name: "Return or exchange an item" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/portal-block.png", fullPage: true });
  // AND a guest's shipped order, once the app has it from Shopify's webhook
  const order = await shippedGuestOrder();
  const db = createDb("file:./prisma/e2e.sqlite");
  await expect.poll(async () => (await db.order.findUnique({ where: { id: order.id } }))?.name ?? null, { timeout: 30_000 }).toBe(order.name);
  await db.$disconnect();

  // WHEN the guest finds it by its number and email, and picks the jacket, a reason and an exchange
  expect((await findOrder(page, order.name, GUEST.email)).status()).toBe(200);
  await expect(page.getByRole("heading", { name: `Which items from ${order.name}?` })).toBeVisible();
  const jacket = page.getByRole("group", { name: /Trailhead Rain Jacket/ }).first();
  // (with JavaScript, a line's questions show once it is chosen)
  await expect(jacket.getByLabel("Reason", { exact: true })).toBeHidden();
  await jacket.getByLabel("Return this item").check();
  await jacket.getByLabel("Reason", { exact: true }).selectOption({ label: "Too small" });
  await jacket.getByRole("radio", { name: "Exchange for another size or colour" }).check();
  await page.screenshot({ path: "tests/e2e/screenshots/portal-items.png", fullPage: true });
  await atPhoneWidth(page, "portal-items-360.png");
  await page.getByRole("button", { name: "Continue" }).click();

  // THEN the sizes show their real stock, and the guest takes an L
  await expect(page.getByRole("heading", { name: "Choose your replacement" })).toBeVisible();
  const large = page.getByRole("radio", { name: /^L .*in stock/ });
  await expect(large).toBeEnabled();
  await page.screenshot({ path: "tests/e2e/screenshots/portal-exchange.png", fullPage: true });
  const largeVariant = await large.getAttribute("value");
  await large.check();
  await page.getByRole("button", { name: "Continue" }).click();

  // AND chooses a drop-off, sees the exact amounts, and sends the request
  await expect(page.getByRole("heading", { name: "How will you send it back?" })).toBeVisible();
  await page.getByRole("radio", { name: /Drop it off/ }).check();
  await page.getByRole("button", { name: "Review my return" }).click();
  await expect(page.getByRole("heading", { name: "Check and send your request" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Items returned are worth/ })).toContainText("US$129.00");
  await expect(page.getByRole("row", { name: /Put towards your replacement/ })).toContainText("US$129.00");
  await page.screenshot({ path: "tests/e2e/screenshots/portal-review.png", fullPage: true });
  await atPhoneWidth(page, "portal-review-360.png");
  await page.getByRole("button", { name: "Send my return request" }).click();

  // THEN the status page says it is in, with its timeline, and Shopify holds the return with the L as its exchange
  await expect(page.getByRole("heading", { name: "Your return request is in" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What has happened" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/portal-status.png", fullPage: true });
  const returns = await simControl(process.env.E2E_SIMULATOR_URL!).get<unknown[]>(`/_sim/shops/${DEMO_SHOP}/returns?order=${encodeURIComponent(order.id)}`);
  expect(returns).toEqual([
    expect.objectContaining({
      lineItems: [expect.objectContaining({ sku: "TRJ-M" })],
      exchangeLineItems: [expect.objectContaining({ variantId: largeVariant })],
    }),
  ]);

  await atPhoneWidth(page, "portal-status-360.png");

  // AND found again by its postal code, the jacket says it is already on its way back
  await findOrder(page, order.name, GUEST.zip);
  await expect(page.getByText("This item is already being returned.")).toBeVisible();
});

test.describe("opened from the simulator's own address, as the demo prints it", () => {
  // No shop host: the simulator's storefront remembers the shop this browser opened.
  test.use({ extraHTTPHeaders: {} });

  test("a wrong email gets the same answer as an order that does not exist, and the error summary takes the focus", async ({ page }) => {
    const returnsPage = storefront(`/_sim/storefront/${DEMO_SHOP}/pages/returns`);
    const wrongEmail = await findOrder(page, "#1001", "nobody@example.com", returnsPage);
    const wrongText = await page.locator(".orderflow-portal").innerText();
    await expect(page.getByRole("alert")).toBeFocused();
    const missing = await findOrder(page, "#9999", "nobody@example.com", returnsPage);
    const missingText = await page.locator(".orderflow-portal").innerText();

    expect(wrongEmail.status()).toBe(422);
    expect(missing.status()).toBe(wrongEmail.status());
    expect(missingText).toBe(wrongText);
    await expect(page.getByRole("link", { name: /We could not find an order/ })).toBeVisible();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: "tests/e2e/screenshots/portal-not-found-360.png", fullPage: true });
  });
});

test("a request with a tampered proxy signature gets 401", async ({ request }) => {
  const query = new URLSearchParams({
    shop: DEMO_SHOP,
    logged_in_customer_id: "",
    path_prefix: "/apps/returns",
    timestamp: String(Math.floor(Date.now() / 1000)),
    signature: "0".repeat(64),
  });
  const response = await request.get(`${process.env.E2E_APP_URL}/proxy/returns?${query}`);
  expect(response.status()).toBe(401);
});
