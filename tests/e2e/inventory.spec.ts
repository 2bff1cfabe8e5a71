import { expect, type Page, test } from "@playwright/test";
import { DEMO_SHOP } from "../demo/store";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

// The inventory pages of the demo store: synced on install, two counts changed behind the app's
// back and found by a second sync (tests/demo/store.ts, createDemoDrift).

const handle = DEMO_SHOP.replace(".myshopify.com", "");
const adminUrl = (path = "") => `${process.env.E2E_SIMULATOR_URL}/admin/store/${handle}/apps/orderflow${path}`;
const simulator = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(new URL(path, process.env.E2E_SIMULATOR_URL), {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
};
const level = async (sku: string, location: string) =>
  ((await simulator("GET", `/_sim/shops/${DEMO_SHOP}/inventory?sku=${sku}`)) as Array<{ location: string; quantities: Record<string, number> }>).find(
    (entry) => entry.location === location,
  )!.quantities;

const rows = (page: Page) => page.locator(".Polaris-IndexTable__TableRow");

async function openInventory(page: Page) {
  await page.goto(adminUrl());
  await page.getByRole("link", { name: "Inventory", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
}

test("the inventory page lists every SKU by location, with filters, search and a chart", async ({ page }) => {
  // GIVEN the demo store synced on install WHEN the merchant opens Inventory
  await openInventory(page);

  // THEN every SKU of the catalogue is listed with its stock per location
  await expect(rows(page)).toHaveCount(30);
  await expect(page.getByRole("columnheader", { name: "Reno Fulfillment Center" })).toBeVisible();
  await expect(page.getByText("Units by location")).toBeVisible();
  await expect(page.locator("svg").filter({ has: page.locator("rect") }).first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/inventory.png", fullPage: true });

  // AND searching narrows the list
  await page.getByPlaceholder("Search by SKU or product").fill("Trailhead");
  await page.keyboard.press("Enter");
  await expect(rows(page)).toHaveCount(4);

  // AND the out-of-stock tab shows the shirt no location has
  await page.getByPlaceholder("Search by SKU or product").fill("");
  await page.keyboard.press("Enter");
  await page.getByRole("tab", { name: "Out of stock" }).click();
  await expect(rows(page).filter({ hasText: "EBN-M" })).toHaveCount(1);
  await expect(rows(page).getByText("Out of stock", { exact: true }).first()).toBeVisible();
});

test("a full sync shows its progress while it runs", async ({ page }) => {
  // GIVEN Shopify's bulk reads are slow today (15 objects a second: about 8 s for this store)
  await simulator("PUT", `/_sim/shops/${DEMO_SHOP}/bulk-operations`, { objectsPerSecond: 15 });
  try {
    await openInventory(page);

    // WHEN the merchant runs a full sync
    await page.getByRole("button", { name: "Run full sync" }).click();

    // THEN a progress bar follows Shopify's count, live, until the sync is done
    await expect(page.getByRole("progressbar")).toBeVisible();
    await expect(page.getByText(/% — Shopify has read [1-9]\d* of about 120 objects/)).toBeVisible();
    await page.screenshot({ path: "tests/e2e/screenshots/inventory-sync-progress.png", fullPage: false });
    await expect(page.getByText(/Last synced .*120 objects/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("progressbar")).toHaveCount(0);
  } finally {
    await simulator("PUT", `/_sim/shops/${DEMO_SHOP}/bulk-operations`, { objectsPerSecond: 1000 });
  }
});

test("the drift page explains each drift and one click writes Orderflow's number back", async ({ page }) => {
  await page.goto(adminUrl());
  await page.getByRole("link", { name: "Stock drift" }).click();
  await expect(page.getByRole("heading", { name: "Stock drift", level: 1 })).toBeVisible();

  // GIVEN the two counts changed behind the app's back were found by the second sync
  const trailhead = rows(page).filter({ hasText: "TRJ-L" }).filter({ hasText: "Available" });
  await expect(trailhead).toHaveCount(1);
  await expect(trailhead.getByText("Changed on Shopify, webhook missed")).toBeVisible();
  await expect(rows(page).filter({ hasText: "BFH-M" }).filter({ hasText: "Damaged" })).toHaveCount(1);
  await page.screenshot({ path: "tests/e2e/screenshots/drift.png", fullPage: true });

  // WHEN the merchant restores TRJ-L's available count
  const expected = Number(await trailhead.locator("td").nth(3).innerText());
  await trailhead.getByRole("button", { name: "Restore on Shopify" }).click();

  // THEN Shopify holds Orderflow's number again and the drift is resolved
  await expect.poll(async () => (await level("TRJ-L", "Brooklyn Store")).available, { timeout: 15_000 }).toBe(expected);
  await page.getByRole("tab", { name: "Resolved" }).click();
  await expect(rows(page).filter({ hasText: "TRJ-L" }).first().getByText("Restored on Shopify")).toBeVisible({ timeout: 15_000 });
});

test("a SKU's page shows its ledger and history, and sends a stock change with field errors when wrong", async ({ page }) => {
  await openInventory(page);
  await page.getByRole("link", { name: "TRJ-L", exact: true }).click();
  await expect(page.getByText("Stock by location")).toBeVisible();
  await expect(page.getByText("Found by full sync").first()).toBeVisible();

  // WHEN the merchant sends "received" without a quantity THEN the field says what is wrong
  await page.getByRole("button", { name: "Send to Shopify" }).click();
  await expect(page.getByText("Enter a number of units above 0")).toBeVisible();

  // WHEN 6 units are received at Reno THEN the ledger shows the write, with its key, applied
  const before = (await level("TRJ-L", "Reno Fulfillment Center")).available;
  await page.getByLabel("Location").selectOption({ label: "Reno Fulfillment Center" });
  await page.getByLabel("Units").fill("6");
  await page.getByRole("button", { name: "Send to Shopify" }).click();
  await expect(page.getByText("Sent to Shopify with its idempotency key")).toBeVisible();
  const write = rows(page).filter({ hasText: "Orderflow adjusted" }).first();
  await expect(write.getByText("applied")).toBeVisible({ timeout: 15_000 });
  await expect(write.getByText(/key orderflow-ledger-/)).toBeVisible();
  expect((await level("TRJ-L", "Reno Fulfillment Center")).available).toBe(before + 6);

  // AND when a count changes on Shopify without a webhook, reading the SKU from Shopify records it
  await simulator("POST", `/_sim/shops/${DEMO_SHOP}/inventory`, { sku: "TRJ-L", location: "Newark Warehouse", quantities: { damaged: 1 }, webhook: false });
  await page.getByRole("button", { name: "Read from Shopify now" }).click();
  await expect(page.getByText("Shopify held other numbers: 2 change(s) recorded in the ledger.")).toBeVisible();
  await expect(rows(page).filter({ hasText: "Seen on Shopify" }).filter({ hasText: "Damaged +1" })).toHaveCount(1);

  // AND its own low-stock threshold of 40 makes it a variant to restock
  await page.getByLabel("Low on stock at or below").fill("40");
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByText("Low stock", { exact: true }).first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "tests/e2e/screenshots/inventory-sku.png", fullPage: true });
});

test("the low-stock page lists what needs restocking against each threshold", async ({ page }) => {
  await page.goto(adminUrl());
  await page.getByRole("link", { name: "Low stock" }).click();
  await expect(page.getByRole("heading", { name: "Low stock", level: 1 })).toBeVisible();
  await expect(rows(page).filter({ hasText: "EBN-M" }).getByText("Out of stock")).toBeVisible();
  await expect(rows(page).filter({ hasText: "TRJ-L" }).getByText("Low stock")).toBeVisible();

  // WHEN the default threshold is not a number THEN the field says so
  await page.getByLabel("Shop's default threshold (units)").fill("-2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("0 or more")).toBeVisible();
  await page.getByLabel("Shop's default threshold (units)").fill("5");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/low-stock.png", fullPage: true });
});
