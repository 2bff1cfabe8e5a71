import { expect, test, type Page } from "@playwright/test";
import { DEMO_SHOP } from "../demo/store";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const adminUrl = (path = "") => `${process.env.E2E_SIMULATOR_URL}/admin/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/orderflow${path}`;

/** The inbox once the seeded orders have all been checked: the demo's seven problem orders. */
async function openInbox(page: Page) {
  await page.goto(adminUrl("/exceptions"));
  await expect(page.getByRole("heading", { name: "Exceptions", level: 1 })).toBeVisible();
  const rows = page.locator(".Polaris-IndexTable__TableRow");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(7, { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  return rows;
}

test("the exception inbox groups the seeded problem orders by error class, with their age against the SLA", async ({ page }) => {
  // GIVEN the demo store's orders, seven of them with planted problems
  // WHEN the merchant opens the exception inbox
  const rows = await openInbox(page);

  // THEN each class counts its orders, the held ones say why, and each shows how long it has been open
  await expect(page.getByRole("tab", { name: /^Customer\D*5$/ })).toBeVisible();
  await expect(page.getByRole("tab", { name: /^Fulfillment\D*3$/ })).toBeVisible();
  await expect(page.getByRole("tab", { name: /^Shipping\D*1$/ })).toBeVisible();
  await expect(rows.filter({ hasText: "#1004" }).getByText("On hold: incorrect address")).toBeVisible();
  await expect(rows.filter({ hasText: "#1008" }).getByText("Needs review")).toBeVisible();
  await expect(rows.first().getByText(/left$/)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/exceptions.png", fullPage: true });

  // AND a class tab narrows the list to it
  await page.getByRole("tab", { name: /Fulfillment/ }).click();
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "#1014" })).toContainText("needs 1, and no location has any in stock");
  await expect(rows.filter({ hasText: "#1014" })).not.toContainText("the same items and quantities as #1013");
  await page.screenshot({ path: "tests/e2e/screenshots/exceptions-fulfillment.png", fullPage: true });
});

test("an order's timeline shows its problems, the hold, and every event with who caused it", async ({ page }) => {
  const rows = await openInbox(page);
  await rows.filter({ hasText: "#1004" }).click();

  await expect(page.getByRole("heading", { name: "Order #1004", level: 1 })).toBeVisible();
  await expect(page.getByText("On hold: nothing ships until the problems below are fixed or accepted")).toBeVisible();
  await expect(page.getByText("The shipping address has no postcode, and addresses in United Kingdom need one.").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.getByText("Shopify sent orders/create.")).toBeVisible();
  await expect(page.getByText("Put on hold (incorrect address) so nothing ships.")).toBeVisible();
  await expect(page.getByText(/^Found: The shipping address has no postcode/)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/order-timeline.png", fullPage: true });
});

test("the customer corrects a PO box through the fix link on the storefront, and the hold comes off", async ({ page, context }) => {
  // GIVEN the order held because its carriers cannot deliver to a PO box
  const rows = await openInbox(page);
  await rows.filter({ hasText: "#1012" }).click();
  await expect(page.getByRole("heading", { name: "Order #1012", level: 1 })).toBeVisible();

  // WHEN the merchant creates a fix link and the customer opens it on the store
  await page.getByRole("button", { name: "Create fix link" }).click();
  const link = page.getByRole("textbox", { name: "Link" });
  await expect(link).toHaveValue(/\/apps\/returns\/fix\//);
  const url = await link.inputValue();
  expect(url.startsWith(`${process.env.E2E_SIMULATOR_URL}/_sim/storefront/${DEMO_SHOP}/apps/returns/fix/`)).toBe(true);

  const store = await context.newPage();
  await store.goto(url);
  await expect(store.getByRole("heading", { name: "Check your delivery details for order #1012" })).toBeVisible();
  await expect(store.getByText(/a PO box, and UPS and DHL Express do not deliver to PO boxes/)).toBeVisible();
  await store.screenshot({ path: "tests/e2e/screenshots/fix-link-form.png", fullPage: true });

  // AND first gives another box, which the same rules refuse on that field
  await store.getByLabel("Street and house number").fill("BP 1142");
  await store.getByRole("button", { name: "Save my details" }).click();
  await expect(store.locator("#address1-error")).toContainText("PO box");
  await store.screenshot({ path: "tests/e2e/screenshots/fix-link-error.png", fullPage: true });

  // AND then a street address
  await store.getByLabel("Street and house number").fill("12 Rue de Rivoli");
  await store.getByRole("button", { name: "Save my details" }).click();
  await expect(store.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await store.screenshot({ path: "tests/e2e/screenshots/fix-link-done.png", fullPage: true });

  // THEN the order is clear in the admin, its timeline naming the customer (reopened from the
  // admin: the embedded page's own URL has lost the admin's parameters)
  const orderPath = new URL(page.url()).pathname.replace(/^\/app/, "");
  await expect(async () => {
    await page.goto(adminUrl(orderPath));
    await expect(page.getByText("Clear: Orderflow found nothing that stops this order")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("The customer submitted a corrected address and phone number.")).toBeVisible();
  await expect(page.getByText("Released Orderflow's hold: no blocking problem is left.")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/order-fixed-by-customer.png", fullPage: true });
});

test("the intake settings page shows every check with its thresholds", async ({ page }) => {
  await page.goto(adminUrl("/settings"));
  await expect(page.getByRole("heading", { name: "Intake settings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Carriers you ship with")).toHaveValue("UPS, DHL Express");
  await expect(page.getByLabel("Every parcel needs a phone number")).toBeChecked();
  await page.getByLabel("Hours to resolve a problem").fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a number from 1 to 720")).toBeVisible();
  // The simulator's admin bar is fixed: a full-page shot taken scrolled down would paint it mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "tests/e2e/screenshots/intake-settings.png", fullPage: true });
});
