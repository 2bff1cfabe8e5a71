import { expect, test } from "@playwright/test";
import { DEMO_SHOP } from "../demo/store";
import { simControl } from "../support/sim-control";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const adminUrl = () => `${process.env.E2E_SIMULATOR_URL}/admin/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/orderflow`;

test("a merchant opens Orderflow from the admin and sees the store's orders checked in", async ({ page }) => {
  // GIVEN a seeded store whose orders arrived as webhooks
  // WHEN the merchant opens the app from the (simulated) Shopify admin
  await page.goto(adminUrl());

  // THEN the orders page lists every order, each checked in (snapshot stored and tagged)
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  const rows = page.locator(".Polaris-IndexTable__TableRow");
  // Specs that run before this one place orders of their own (the portal's, the returns'): every one the store has is listed.
  const placed = (await simControl(process.env.E2E_SIMULATOR_URL!).get<unknown[]>(`/_sim/shops/${DEMO_SHOP}/orders`)).length;
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(placed, { timeout: 1000 });
    await expect(rows.getByText("Checked in", { exact: true })).toHaveCount(placed, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("cell", { name: "#1001" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/orders.png", fullPage: true });

  // AND searching narrows the list
  await page.getByPlaceholder("Search by order number, customer or email").fill("#1003");
  await page.keyboard.press("Enter");
  await expect(rows).toHaveCount(1);

  // AND the Cancelled tab is empty, with an empty state rather than a blank table
  await page.getByRole("tab", { name: "Cancelled" }).click();
  await expect(page.getByText("No orders match")).toBeVisible();
});

test("the webhook deliveries page shows what Shopify sent and what became of it", async ({ page }) => {
  await page.goto(adminUrl());
  await page.getByRole("link", { name: "Webhook deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Webhook deliveries", level: 1 })).toBeVisible();
  await expect(page.getByText("orders/create").first()).toBeVisible();
  await expect(page.getByText("processed").first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/webhook-deliveries.png", fullPage: true });
});
