import { expect, test } from "@playwright/test";
import { customerRequestsReturn, returnableDemoOrders, shipAndDeliver, type DemoReturns } from "../demo/returns";
import { DEMO_SHOP, installApp } from "../demo/store";
import { simControl } from "../support/sim-control";
import { chromiumInstalled, CHROMIUM } from "./chromium";

test.skip(!chromiumInstalled, `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
// Charts draw without their entrance animation, so a screenshot shows the figures.
test.use({ reducedMotion: "reduce" });

const DATABASE_URL = "file:./prisma/e2e.sqlite";
const adminUrl = (path = "", shop = DEMO_SHOP) => `${process.env.E2E_SIMULATOR_URL}/admin/store/${shop.replace(".myshopify.com", "")}/apps/orderflow${path}`;
const sim = () => simControl(process.env.E2E_SIMULATOR_URL!);
const seeded = (): DemoReturns => JSON.parse(process.env.E2E_DEMO_RETURNS!);

async function orderNameOf(returnId: string): Promise<string> {
  const returns = await sim().get<Array<{ orderName: string; id: string }>>(`/_sim/shops/${DEMO_SHOP}/returns`);
  const { createDb } = await import("../../app/db.server");
  const db = createDb(DATABASE_URL);
  try {
    const row = await db.return.findUniqueOrThrow({ where: { id: returnId }, select: { orderName: true, shopifyReturnId: true } });
    expect(returns.some((candidate) => candidate.id === row.shopifyReturnId)).toBe(true);
    return row.orderName;
  } finally {
    await db.$disconnect();
  }
}

test("the returns queue: a stage per tab, filters, the reasons chart, and bulk approve with a confirmation", async ({ page }) => {
  const demo = seeded();
  const waiting = await orderNameOf(demo.requested[0]);
  const arrived = await orderNameOf(demo.toInspect[0]);

  await page.goto(adminUrl("/returns"));
  const figure = (label: string) => page.getByRole("heading", { name: label, level: 3, exact: true }).locator("xpath=following-sibling::p[1]");
  await expect(figure("Awaiting approval")).toHaveText("1");
  await expect(figure("To inspect")).toHaveText("1");
  await expect(figure("In transit")).toHaveText("1");
  await expect(figure("Refunded this week")).toHaveText(/^\$\d+\.\d\d$/);
  await expect(page.getByText("Why they come back")).toBeVisible();
  await expect(page.getByRole("link", { name: waiting, exact: true })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/returns-queue.png", fullPage: true });

  // The tab of returns to inspect holds only the one that arrived
  await page.getByRole("tab", { name: /To inspect/ }).click();
  await expect(page).toHaveURL(/tab=received/);
  await expect(page.getByRole("link", { name: arrived, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: waiting, exact: true })).toHaveCount(0);

  // Filters by reason and value narrow the list
  await page.getByRole("tab", { name: /All open/ }).click();
  await expect(page.getByRole("tab", { name: /All open/ })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Reason").selectOption({ label: "Too small" });
  await expect(page).toHaveURL(/reason=SIZE_TOO_SMALL/);
  await expect(page.getByRole("link", { name: waiting, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: arrived, exact: true })).toHaveCount(0);
  await page.getByLabel("Value").selectOption({ label: "Over $200.00" });
  await expect(page.getByText("No returns match")).toBeVisible();
  await page.getByLabel("Value").selectOption("any");
  await expect(page).not.toHaveURL(/value=over-200/);
  await page.getByLabel("Reason").selectOption("");
  await expect(page).not.toHaveURL(/reason=/);

  // Bulk approve asks first, then approves on Shopify
  await page.getByRole("tab", { name: /Awaiting approval/ }).click();
  await page.getByRole("row", { name: new RegExp(waiting) }).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Approve 1 return?`);
  await dialog.getByLabel("Message to the customers (optional)").fill("Approved: print the label from your email.");
  await page.screenshot({ path: "tests/e2e/screenshots/returns-bulk-approve.png" });
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("1 return approved")).toBeVisible();
  const onShopify = await sim().get<Array<{ orderName: string; status: string }>>(`/_sim/shops/${DEMO_SHOP}/returns`);
  expect(onShopify.find((ret) => ret.orderName === waiting)?.status).toBe("OPEN");
});

test("a return from request to refund: approve with a message, receive, inspect item by item, preview the amounts, confirm", async ({ page }) => {
  // GIVEN a delivered order whose customer sends everything back
  const [order] = await returnableDemoOrders(process.env.E2E_SIMULATOR_URL!, DATABASE_URL, 1);
  await shipAndDeliver(process.env.E2E_SIMULATOR_URL!, order);
  const units = order.lineItems.reduce((total, line) => total + line.quantity, 0);
  const returnId = await customerRequestsReturn(
    process.env.E2E_SIMULATOR_URL!,
    DATABASE_URL,
    order,
    order.lineItems.map((line) => ({ sku: line.sku, quantity: line.quantity, reason: "SIZE_TOO_LARGE" })),
  );

  // WHEN the merchant opens it and approves it with a message
  await page.goto(adminUrl(`/returns/${returnId}`));
  await expect(page.getByText(`Return for ${order.name}`)).toBeVisible();
  await expect(page.getByText("Awaiting approval", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("dialog").getByLabel("Message to the customer (optional)").fill("Thanks, send it back when you can.");
  await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(`Approved ${units} ${units === 1 ? "item" : "items"}`)).toBeVisible();
  await expect(page.getByText("Message to the customer: Thanks, send it back when you can.")).toBeVisible();

  // AND books nothing: the customer sends the parcel, which arrives
  await expect(page.getByRole("heading", { name: "Reverse pickup" })).toBeVisible();
  await page.getByRole("button", { name: "Recommend a carrier" }).click();
  await expect(page.getByText(/^Recommended: /)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/return-pickup.png", fullPage: true });
  await page.getByRole("button", { name: "Receive", exact: true }).click();
  await expect(page.getByText(`Received ${units} ${units === 1 ? "item" : "items"}`)).toBeVisible();

  // AND inspects each unit: the first back to stock, the rest needing quality control
  await expect(page.getByRole("heading", { name: "Inspect item by item" })).toBeVisible();
  const outcomes = page.getByLabel(/^Outcome for /);
  await expect(outcomes).toHaveCount(units);
  for (let n = 1; n < units; n++) await outcomes.nth(n).selectOption("needs_qc");
  await page.getByRole("button", { name: "Save inspection" }).click();
  await expect(page.getByText(/^Inspected: /)).toBeVisible();

  // THEN the preview shows exactly what goes back before anything moves
  await page.getByRole("button", { name: "Preview amounts" }).click();
  const confirm = page.getByRole("button", { name: /^Confirm: give back \$/ });
  await expect(confirm).toBeVisible();
  await expect(page.getByRole("heading", { name: "Preview", exact: true })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/return-preview.png", fullPage: true });
  const payout = (await confirm.textContent())!.replace("Confirm: give back ", "");

  // WHEN confirmed THEN Shopify refunds that amount and the return is resolved
  await confirm.click();
  await expect(page.getByText("Resolved", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`${payout} back to the customer`)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/return-resolved.png", fullPage: true });
  const onShopify = await sim().get<Array<{ orderName: string; refundIds: string[] }>>(`/_sim/shops/${DEMO_SHOP}/returns`);
  expect(onShopify.find((ret) => ret.orderName === order.name)?.refundIds).toHaveLength(1);

  // AND once closed, Shopify has it closed too
  await page.getByRole("button", { name: "Close return" }).click();
  await expect(page.getByText("Closed", { exact: true })).toBeVisible();
  const closed = await sim().get<Array<{ orderName: string; status: string }>>(`/_sim/shops/${DEMO_SHOP}/returns`);
  expect(closed.find((ret) => ret.orderName === order.name)?.status).toBe("CLOSED");
});

test("a shop with no returns sees how they arrive, and the policy form names a bad field", async ({ page }) => {
  const shop = "orderflow-quiet.myshopify.com";
  await sim().post("/_sim/shops", { shop, name: "Quiet Outfitters" });
  await installApp(process.env.E2E_SIMULATOR_URL!, shop);
  await page.goto(adminUrl("/returns", shop));
  await expect(page.getByText("No returns yet")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/returns-empty.png", fullPage: true });

  await page.getByRole("link", { name: "Set the return policy" }).click();
  await page.getByLabel("Days to return").fill("-3");
  await page.getByRole("button", { name: "Save return policy" }).click();
  await expect(page.getByText("Nothing was saved")).toBeVisible();
  await expect(page.getByText("Enter a number from 0 to 3650")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/return-policy-errors.png", fullPage: true });
});
