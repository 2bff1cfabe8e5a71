import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseCatalogCsv } from "../../app/domain/carriers/catalog-csv";
import { DEMO_SHOP } from "../demo/store";
import { simControl } from "../support/sim-control";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
// Charts draw without their entrance animation, so a screenshot shows the figures.
test.use({ reducedMotion: "reduce" });

const adminUrl = (path = "") =>
  `${process.env.E2E_SIMULATOR_URL}/admin/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/orderflow${path}`;
const sim = () => simControl(process.env.E2E_SIMULATOR_URL!);

interface SimOrder {
  legacyId: number;
  name: string;
  shippingAddress: { countryCode: string; address1: string | null; zip: string | null } | null;
  lineItems: Array<{ sku: string; quantity: number }>;
  fulfillmentOrders: Array<{ id: string; status: string }>;
}

/** An open demo order to the US with two different items and an ordinary address: one a packer meets every day. */
async function everydayOrder(): Promise<SimOrder> {
  const orders = await sim().get<SimOrder[]>(`/_sim/shops/${DEMO_SHOP}/orders`);
  const order = orders.find(
    (o) =>
      o.fulfillmentOrders[0].status === "OPEN" &&
      o.shippingAddress?.countryCode === "US" &&
      o.shippingAddress.zip &&
      !/box/i.test(o.shippingAddress.address1 ?? "") &&
      new Set(o.lineItems.map((line) => line.sku)).size >= 2 &&
      o.lineItems.every((line) => line.quantity <= 3),
  );
  if (!order) throw new Error("the demo store has no everyday order to pack");
  return order;
}

async function scan(page: Page, code: string) {
  const field = page.getByLabel("Scan or type a SKU or barcode");
  await expect(field).toBeFocused();
  await field.fill(code);
  await field.press("Enter");
}

test("the carriers page shows the demo catalogue, and a fulfillment order its recommendation with every option", async ({ page }) => {
  await page.goto(adminUrl("/carriers"));
  await expect(page.getByText("4 carriers, 9 services, prices in USD")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Parcelway" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Same Day mc-same-day" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/carriers.png", fullPage: true });

  // A file with mistakes is refused whole, every mistake shown with its line and column
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page
    .getByLabel("Or paste the CSV")
    .fill(
      [
        "kind,carrier_id,service_id,zone_id,name,mode,priority",
        "carrier,parcelway,,,Parcelway 2,,",
        "zonee,parcelway,,z1,,,",
        "service,parcelway,pw-x,,X,boat,express",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const problems = page.getByRole("alert").filter({ hasText: "Nothing was imported" });
  await expect(problems).toContainText("11 problems to fix");
  await expect(problems.getByRole("row", { name: /^3 kind "zonee" is not a row kind/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /^4 mode must be one of surface, air, got "boat"/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /^4 currency is required/ })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/import-errors.png", fullPage: true });
  await page.reload();
  await expect(page.getByText("4 carriers, 9 services, prices in USD")).toBeVisible();

  // The export is the catalogue in the same format, ready to import again
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const exported = parseCatalogCsv(readFileSync((await (await download).path())!, "utf8"));
  expect(exported.ok && exported.value.carriers.map((carrier) => carrier.id)).toEqual(["parcelway", "postline", "skybridge", "metro"]);

  // The catalogue filters by mode
  await page.getByLabel("Mode").selectOption("air");
  await expect(page.getByRole("cell", { name: "Ground pw-ground" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "2nd Day Air pw-2day" })).toBeVisible();

  // The lanes learned from the shop's parcels
  await page.getByRole("tab", { name: "Lanes" }).click();
  await expect(page.getByText("Parcels learned from")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Parcelway Ground Surface" }).first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/lanes.png", fullPage: true });

  // One order's recommendation: winner, runner-up, every option and why
  const order = await everydayOrder();
  await page.goto(adminUrl("/fulfilment"));
  await page.getByRole("link", { name: order.name, exact: true }).click();
  await expect(page.getByText(/^Recommended: /)).toBeVisible();
  await expect(page.getByText(/^Runner-up: /)).toBeVisible();
  await expect(page.getByText("Every option, best first")).toBeVisible();
  await expect(page.getByText("Left out")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/recommendation.png", fullPage: true });
});

test("pick list → pack check: a wrong item is blocked and logged, the right ones fulfil the order with tracking on Shopify", async ({
  page,
}) => {
  // GIVEN an everyday order on the pick list of its warehouse
  const order = await everydayOrder();
  const skus = order.lineItems.flatMap((line) => Array<string>(line.quantity).fill(line.sku));
  await page.goto(adminUrl("/fulfilment/pick-list"));
  await expect(page.getByRole("cell", { name: order.lineItems[0].sku, exact: true })).toBeVisible();

  // WHEN the packer opens its pack check and scans an item that is not in it
  await page.getByRole("link", { name: `Pack ${order.name}` }).click();
  await scan(page, "SDV-XL-NOT-ORDERED");

  // THEN it is blocked, and logged as a fulfilment error with who and when
  await expect(page.getByRole("alert").filter({ hasText: "Blocked: wrong item" })).toContainText("SDV-XL-NOT-ORDERED is not in this order");
  await expect(page.getByText(/SDV-XL-NOT-ORDERED is not in this order.*— staff 1,/)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/pack-blocked.png", fullPage: true });

  // WHEN every ordered unit is scanned, the first in lower case as a person might type it
  for (const [i, sku] of skus.entries()) {
    await scan(page, i === 0 ? sku.toLowerCase() : sku);
    await expect(page.getByText(`${i + 1} of ${skus.length} scanned`)).toBeVisible();
  }
  await expect(page.getByText("Every item is in the parcel")).toBeVisible();

  // AND the label's tracking number is scanned
  const tracking = `1ZE2E${order.legacyId}`;
  const field = page.getByLabel("Tracking number");
  await expect(field).toBeFocused();
  await field.fill(tracking);
  const carrier = (await page.getByLabel("Carrier and service").locator("option:checked").textContent())!.split(" — ")[0];
  await field.press("Enter");

  // THEN the order is fulfilled with that tracking number and the carrier's link
  await expect(page.getByText(`${order.name} is fulfilled`)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "is fulfilled" }).getByRole("link", { name: tracking })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Shipments" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/fulfilled.png", fullPage: true });

  // AND Shopify (the simulator) has the fulfilment: the carrier, the number, the link, every unit
  const fulfilments = await sim().get<
    Array<{ trackingInfo: Array<{ company: string; number: string; url: string }>; lineItems: Array<{ sku: string; quantity: number }> }>
  >(`/_sim/shops/${DEMO_SHOP}/fulfillments?order=${order.legacyId}`);
  expect(fulfilments).toHaveLength(1);
  expect(carrier.startsWith(fulfilments[0].trackingInfo[0].company)).toBe(true);
  expect(fulfilments[0].trackingInfo[0]).toMatchObject({ number: tracking, url: expect.stringContaining(tracking) });
  expect(fulfilments[0].lineItems.map((line) => [line.sku, line.quantity]).sort()).toEqual(
    order.lineItems.map((line) => [line.sku, line.quantity]).sort(),
  );
  const after = await sim().get<SimOrder & { fulfillmentStatus: string }>(`/_sim/shops/${DEMO_SHOP}/orders/${order.legacyId}`);
  expect(after.fulfillmentStatus).toBe("FULFILLED");
  expect(after.fulfillmentOrders[0].status).toBe("CLOSED");
});
