import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signFixToken } from "../../app/domain/intake";
import { saveIntakeSettings } from "../../app/models/intake-settings.server";
import { demoIntakeSettings } from "../demo/intake";
import { demoCatalogue, demoOrder, installApp, PLUS_BUCKET } from "../demo/store";
import { asMerchant, otherAdminClient } from "../support/admin-session";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";
import { LOCAL_API_KEY, LOCAL_API_SECRET } from "../support/stack";

// What the merchant does in the admin and the customer does through the fix link, through the
// real routes, against the simulator: every change is read back from Shopify's side.

const SHOP = "intake-actions.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;
const placed: Array<{ id: string; legacyId: number; name: string }> = [];

const onShopify = (n: number) => sim.get(`/_sim/shops/${SHOP}/orders/${placed[n].legacyId}`);
const holdsOf = async (n: number) => (await onShopify(n)).fulfillmentOrders.flatMap((fo: { holds: unknown[] }) => fo.holds);
const findingsOf = (n: number) => h.testDb.db.finding.findMany({ where: { orderId: placed[n].id }, orderBy: { openedAt: "asc" } });
const eventsOf = (n: number) => h.testDb.db.orderEvent.findMany({ where: { orderId: placed[n].id }, orderBy: { at: "asc" } });
/** The app's calls of a mutation about order n (orderUpdate names the order; hold mutations its fulfillment orders). */
const mutations = async (name: string, n: number) => {
  const fulfillmentOrders = (await onShopify(n)).fulfillmentOrders.map((fo: { id: string }) => fo.id);
  return (await sim.get<Array<{ variables: { input?: { id: string }; id?: string } }>>(`/_sim/shops/${SHOP}/mutations?name=${name}`)).filter((entry) => {
    const id = entry.variables.input?.id ?? entry.variables.id;
    return id === placed[n].id || fulfillmentOrders.includes(id);
  });
};

const LONDON = {
  firstName: "Oliver",
  lastName: "Smith",
  company: "",
  address1: "221 Baker Street",
  address2: "",
  city: "London",
  provinceCode: "",
  zip: "NW1 6XE",
  countryCode: "GB",
  phone: "+442079460958",
};

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Intake Actions", bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await saveIntakeSettings(h.testDb.db, SHOP, demoIntakeSettings(), "test");
  for (let n = 0; n < 14; n++) placed.push(await sim.post(`/_sim/shops/${SHOP}/orders`, demoOrder(n)));
  await h.settle();
});

afterAll(async () => {
  await h?.close();
});

describe("the exception inbox", () => {
  it("groups the open problems by error class, and filters them", async () => {
    const all = await (await asMerchant(h, SHOP, "/app/exceptions")).json();
    expect(all.counts).toEqual({ all: 7, customer: 5, fulfillment: 3, shipping: 1 });
    expect(all.orders.map((o: { name: string }) => o.name).sort()).toEqual(["#1004", "#1006", "#1008", "#1010", "#1012", "#1013", "#1014"]);
    expect(all.orders[0]).toMatchObject({ status: "held", breached: false, findings: [expect.objectContaining({ severity: "block" })] });

    const fulfillment = await (await asMerchant(h, SHOP, "/app/exceptions?errorClass=fulfillment")).json();
    expect(fulfillment.orders.map((o: { name: string }) => o.name).sort()).toEqual(["#1010", "#1013", "#1014"]);
    // within the class, each order shows the problems of that class
    const duplicate = fulfillment.orders.find((o: { name: string }) => o.name === "#1014");
    expect(duplicate.findings.map((f: { code: string }) => f.code)).toEqual(["INVENTORY_LINE_OUT_OF_STOCK"]);
    const phone = await (await asMerchant(h, SHOP, "/app/exceptions?code=PHONE_INVALID")).json();
    expect(phone.orders.map((o: { name: string }) => o.name)).toEqual(["#1006"]);
    const warnings = await (await asMerchant(h, SHOP, "/app/exceptions?severity=warn")).json();
    expect(warnings.orders.map((o: { name: string }) => o.name)).toEqual(["#1008"]);
    const breached = await (await asMerchant(h, SHOP, "/app/exceptions?age=breached")).json();
    expect(breached.orders).toEqual([]);
  });

  it("shows when reconciliation last ran, and runs it when the merchant asks", async () => {
    // The shop's schedule started at install.
    const before = await (await asMerchant(h, SHOP, "/app/exceptions")).json();
    expect(before.reconcile.nextRunAt).not.toBeNull();
    expect(before.reconcile.lastRun).toMatchObject({ trigger: "schedule", error: null });

    expect(await (await asMerchant(h, SHOP, "/app/exceptions", { intent: "reconcile" })).json()).toEqual({ ok: true, message: "Reconciliation started." });
    await h.settle();
    const after = await (await asMerchant(h, SHOP, "/app/exceptions")).json();
    expect(after.reconcile.lastRun).toMatchObject({ trigger: "merchant", checked: 14, repaired: 0, error: null });
  });
});

describe("the merchant, on the order's page", () => {
  it("accepts a problem: the hold comes off on Shopify and the timeline says who did it", async () => {
    const [phone] = await findingsOf(5);
    const response = await asMerchant(h, SHOP, `/app/orders/${placed[5].legacyId}`, { intent: "accept", findingId: phone.id, note: "Customer confirmed by email" });
    expect(await response.json()).toEqual({ ok: true, message: "Problem accepted." });
    await h.settle();

    expect(await holdsOf(5)).toEqual([]);
    expect((await onShopify(5)).fulfillmentOrders[0].status).toBe("OPEN");
    expect(await findingsOf(5)).toEqual([expect.objectContaining({ status: "overridden", overriddenBy: "Staff member 1", overrideNote: "Customer confirmed by email" })]);
    const events = await eventsOf(5);
    expect(events.find((e) => e.kind === "finding_overridden")).toMatchObject({ actor: "merchant", actorName: "Staff member 1" });
    expect(events.find((e) => e.kind === "hold_released")).toMatchObject({ actor: "merchant" });
  });

  it("refuses a correction the rules would still flag, with the field's error, and writes nothing", async () => {
    const response = await asMerchant(h, SHOP, `/app/orders/${placed[3].legacyId}`, { intent: "correct", ...LONDON, zip: "12345", orderPhone: LONDON.phone, email: "oliver.smith@example.co.uk" });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      ok: false,
      message: "Some details are still wrong.",
      errors: { "shippingAddress.zip": '"12345" is not a valid postcode for United Kingdom.' },
    });
    expect(await mutations("orderUpdate", 3)).toEqual([]);
  });

  it("corrects the address on Shopify: the finding is resolved by the staff member and the hold released", async () => {
    const response = await asMerchant(h, SHOP, `/app/orders/${placed[3].legacyId}`, { intent: "correct", ...LONDON, orderPhone: LONDON.phone, email: "oliver.smith@example.co.uk" });
    expect(await response.json()).toMatchObject({ ok: true });
    await h.settle();

    expect((await onShopify(3)).shippingAddress).toMatchObject({ zip: "NW1 6XE", address1: "221 Baker Street", countryCode: "GB" });
    expect(await holdsOf(3)).toEqual([]);
    expect(await findingsOf(3)).toEqual([expect.objectContaining({ code: "ADDRESS_MISSING_POSTAL_CODE", status: "resolved", resolvedBy: "Staff member 1" })]);
    expect((await h.testDb.db.orderIntake.findUniqueOrThrow({ where: { orderId: placed[3].id } })).status).toBe("clear");
    expect((await onShopify(3)).tags).not.toContain("orderflow:hold");
  });

  it("cancels the duplicate: Shopify cancels it as a job, and the orders/cancelled webhook closes its problems", async () => {
    const response = await asMerchant(h, SHOP, "/app/exceptions", { intent: "cancel", orderIds: [placed[13].id], reason: "CUSTOMER" });
    expect(await response.json()).toEqual({ ok: true, message: "Shopify is cancelling 1 order(s)." });
    await h.settle();

    const order = await onShopify(13);
    expect(order.cancelledAt).not.toBeNull();
    expect(order.fulfillmentOrders[0]).toMatchObject({ status: "CANCELLED", holds: [] });
    expect((await h.testDb.db.orderIntake.findUniqueOrThrow({ where: { orderId: placed[13].id } })).status).toBe("cancelled");
    expect((await findingsOf(13)).map((f) => f.status)).toEqual(["resolved", "resolved"]);
    const kinds = (await eventsOf(13)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["cancel_requested", "finding_resolved"]));
  });
});

describe("a hold released in Shopify's admin", () => {
  it("counts as the merchant accepting the problems: Orderflow does not hold the order again", async () => {
    const [held] = (await onShopify(12)).fulfillmentOrders;
    const shopifyAdmin = await otherAdminClient(h.simulatorUrl, SHOP, LOCAL_API_KEY, LOCAL_API_SECRET);
    await shopifyAdmin(`#graphql
      mutation Release($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { userErrors { message } } }`, { id: held.id });
    await h.settle();

    expect((await onShopify(12)).fulfillmentOrders[0]).toMatchObject({ status: "OPEN", holds: [] });
    expect(await findingsOf(12)).toEqual([expect.objectContaining({ status: "overridden", overriddenBy: "Shopify admin" })]);
    expect((await eventsOf(12)).find((e) => e.kind === "hold_released")).toMatchObject({ actor: "shopify-admin", actorName: "Shopify admin" });
    expect(await mutations("fulfillmentOrderHold", 12)).toHaveLength(1);
  });
});

describe("the customer fix link, through the storefront's App Proxy", () => {
  let url: string;

  it("is created for the order and opens a form naming what is wrong", async () => {
    const response = await asMerchant(h, SHOP, `/app/orders/${placed[11].legacyId}`, { intent: "fix-link" });
    const result = await response.json();
    url = result.links[0].url;
    expect(url).toMatch(new RegExp(`^${h.simulatorUrl}/_sim/storefront/${SHOP}/apps/returns/fix/[\\w-]+\\.[\\w-]+$`));

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("Check your delivery details for order #1012");
    expect(html).toContain("a PO box, and UPS and DHL Express do not deliver to PO boxes.");
    expect(html).toMatch(/<input id="address1" name="address1"[^>]* value="PO Box 1142"/);
    expect((await eventsOf(11)).filter((e) => e.kind === "fix_link_opened")).toEqual([expect.objectContaining({ actor: "customer" })]);
  });

  it("answers a correction the rules still flag with the same form and the field's error", async () => {
    const form = new URLSearchParams({ ...LONDON, firstName: "Jonas", lastName: "Weber", address1: "Postfach 1142", city: "Berlin", zip: "10117", countryCode: "DE", phone: "+4930901820" });
    const page = await fetch(url, { method: "POST", body: form });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("PO box");
    expect(html).toContain('class="invalid"');
    expect(await mutations("orderUpdate", 11)).toEqual([]);
  });

  it("saves a good correction on Shopify and releases the hold", async () => {
    const order = await onShopify(11);
    const address = order.shippingAddress;
    const form = new URLSearchParams({
      firstName: address.firstName,
      lastName: address.lastName,
      company: "",
      address1: "Unter den Linden 77",
      address2: "",
      city: address.city,
      provinceCode: "",
      zip: address.zip,
      countryCode: address.countryCode,
      phone: address.phone,
    });
    const page = await fetch(url, { method: "POST", body: form });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Thank you");
    await h.settle();

    expect((await onShopify(11)).shippingAddress.address1).toBe("Unter den Linden 77");
    expect(await holdsOf(11)).toEqual([]);
    expect(await findingsOf(11)).toEqual([expect.objectContaining({ status: "resolved", resolvedBy: "Customer" })]);
    const kinds = (await eventsOf(11)).map((e) => `${e.kind}:${e.actor}`);
    expect(kinds).toEqual(expect.arrayContaining(["contact_corrected:customer", "fix_submitted:customer", "hold_released:customer"]));
    // The orders/updated the correction caused is worked after it, so nothing is done twice.
    expect(kinds.filter((kind) => kind.startsWith("hold_released"))).toEqual(["hold_released:customer"]);
    expect(await (await fetch(url)).text()).toContain("needs nothing more from you");
  });

  it("refuses a link whose order was changed, one that expired, and a request that did not come through the proxy", async () => {
    const [body, signature] = url.split("/fix/")[1].split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    const forged = `${Buffer.from(JSON.stringify({ ...claims, o: String(placed[9].legacyId) })).toString("base64url")}.${signature}`;
    expect((await fetch(url.replace(/fix\/.*/, `fix/${forged}`))).status).toBe(404);

    const expired = signFixToken({ linkId: claims.l, shop: SHOP, orderId: claims.o, expiresAt: new Date(Date.now() - 1000) }, LOCAL_API_SECRET);
    const page = await fetch(url.replace(/fix\/.*/, `fix/${expired}`));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This link has expired");

    const direct = await fetch(`${h.appUrl}/proxy/returns/fix/${body}.${signature}?shop=${SHOP}`);
    expect(direct.status).toBe(400);
  });
});

describe("intake settings", () => {
  const form = {
    "address.enabled": "true",
    "postalCode.enabled": "true",
    "phone.enabled": "true",
    "email.enabled": "true",
    "quantity.enabled": "true",
    "sku.enabled": "true",
    "inventory.enabled": "true",
    "duplicate.enabled": "true",
    "poBox.enabled": "true",
    "postalCode.checkProvince": "true",
    "phone.required": "true",
    "phone.requireMobile": "false",
    "phone.suggestE164": "true",
    "poBox.flagWhenCarrierUnknown": "true",
    "quantity.maxPerLine": "50",
    "quantity.historyMultiplier": "3",
    "quantity.minHistoryOrders": "20",
    "duplicate.windowMinutes": "1440",
    "email.extraDomains": "example.com",
    "poBox.carriersWithoutPoBoxDelivery": "UPS, FedEx, DHL Express",
    "address.provinceRequiredCountries": "US, CA",
    carriers: "UPS, DHL Express",
    slaHours: "4",
    fixLinkHours: "72",
  };

  it("answers bad values with an error on each field and keeps the old settings", async () => {
    const response = await asMerchant(h, SHOP, "/app/settings", { ...form, "quantity.maxPerLine": "0", slaHours: "soon" });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ ok: false, errors: { "quantity.maxPerLine": "Enter at least 1", slaHours: "Enter the hours to resolve a problem in as a whole number" } });
    expect((await (await asMerchant(h, SHOP, "/app/settings")).json()).form["quantity.maxPerLine"]).toBe("50");
  });

  it("saves good values and checks the open orders again under them", async () => {
    // The absurd quantity of #1010 is 60; a shop that sells by the hundred allows it, and ships short lines.
    const response = await asMerchant(h, SHOP, "/app/settings", { ...form, "quantity.maxPerLine": "100", "inventory.enabled": "false" });
    expect(await response.json()).toEqual({ ok: true, message: "Saved. Open orders are being checked again with these settings." });
    await h.settle();

    expect(await holdsOf(9)).toEqual([]);
    expect((await findingsOf(9)).map((f) => f.status)).toEqual(["resolved", "resolved"]);
    expect((await h.testDb.db.orderIntake.findUniqueOrThrow({ where: { orderId: placed[9].id } })).status).toBe("clear");
  });
});
