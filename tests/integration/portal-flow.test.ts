import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anOrder, CAP, NOW, WAREHOUSE } from "../../app/domain/returns/fixtures";
import { lookup, items, exchange, delivery, startPage, submit, statusPage, type FlowDeps } from "../../app/portal/flow.server";
import type { PortalContext } from "../../app/portal/proxy.server";
import { DEFAULT_PORTAL_LIMITS } from "../../app/portal/rate-limit.server";
import { advanceSession, csrfToken, signSession, startSession } from "../../app/portal/tokens";
import { renderPortal } from "../../app/portal/views.server";
import * as returns from "../../app/services/returns.server";
import type { AdminGraphql } from "../../app/shopify/admin-client.server";
import { returnsStandIn, type StandIn } from "../support/returns-shopify-stand-in";
import { createTestDb, type TestDb } from "../support/test-db";

// The portal's steps against the real returns services and a real database, Shopify's Returns API
// played by the returns stand-in: a guest finds an order, sees what can come back and why not,
// exchanges a jacket for another size, and cannot get round a rule by posting past the widget.

const SHOP = "portal-flow.myshopify.com";
const SECRET = "portal-flow-secret";
const ORDER = anOrder();
const JACKET = ORDER.lines[0];
const LARGE = "gid://shopify/ProductVariant/12";
const XL = "gid://shopify/ProductVariant/13";

let testDb: TestDb;
let standIn: StandIn;
let deps: FlowDeps;
const ctx: PortalContext = { shop: SHOP, customerId: "", client: "ip:203.0.113.9", base: "/apps/returns", secret: SECRET, limits: DEFAULT_PORTAL_LIMITS };

/** Jacket sizes as Shopify's product query answers them: L in stock, XL sold out. */
function withOffers(graphql: AdminGraphql): AdminGraphql {
  const variant = (id: string, title: string, available: number) => ({
    id,
    title,
    price: "120.00",
    availableForSale: true,
    product: { id: JACKET.productId, title: "Trailhead Rain Jacket" },
    inventoryItem: { inventoryLevels: { nodes: [{ location: { id: WAREHOUSE, isActive: true }, quantities: [{ name: "available", quantity: available }] }] } },
  });
  return async (query, options) => {
    if (query.includes("query ReturnOfferProducts")) {
      return Response.json({ data: { shop: { currencyCode: "USD" }, nodes: [{ variants: { nodes: [variant(LARGE, "L", 3), variant(XL, "XL", 0)] } }, null] } });
    }
    return graphql(query, options);
  };
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** The hidden fields of the page's forms, as the browser would send them back. */
function hiddenOf(markup: string): { session: string; csrf: string } {
  return { session: /name="session" value="([^"]+)"/.exec(markup)![1], csrf: /name="csrf" value="([^"]+)"/.exec(markup)![1] };
}

beforeAll(async () => {
  testDb = await createTestDb();
});

afterAll(async () => {
  await testDb?.close();
});

beforeEach(async () => {
  await testDb.reset();
  standIn = returnsStandIn(ORDER, {});
  const given: Partial<returns.ReturnsDeps> = {
    db: testDb.db,
    adminFor: async () => withOffers(standIn.graphql),
    shopify: standIn.shopify,
    enqueue: async () => {},
    now: () => NOW,
  };
  deps = {
    db: testDb.db,
    now: () => NOW,
    backend: {
      portalOrderView: (shop, orderId, now) => returns.portalOrderView(shop, orderId, now, given),
      quoteReturnRequest: (shop, orderId, input, options) => returns.quoteReturnRequest(shop, orderId, input, options, given),
      submitReturnRequest: (shop, orderId, input, options) => returns.submitReturnRequest(shop, orderId, input, options, given),
      returnStatusView: (shop, returnId) => returns.returnStatusView(shop, returnId, given),
    },
  };
  // The cap is final sale under this shop's policy.
  expect(await returns.saveReturnPolicy(SHOP, { finalSaleTags: ["accessories"] }, "staff", given)).toMatchObject({ ok: true });
  await testDb.db.order.create({
    data: {
      id: ORDER.id,
      shop: SHOP,
      legacyId: "1001",
      name: ORDER.name,
      email: "ada@example.com",
      customerId: ORDER.customer!.id,
      totalPrice: "265.00",
      currency: "USD",
      tags: "[]",
      shippingAddress: JSON.stringify({ zip: "94107", countryCode: "US" }),
      lineItems: "[]",
      shopifyCreatedAt: new Date("2026-09-28T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-09-28T10:00:00Z"),
    },
  });
});

async function found() {
  const session = startSession(SHOP, "", ["refund", "store_credit", "exchange"], NOW);
  const answer = await lookup(deps, ctx, formOf({ session: signSession(session, SECRET), csrf: csrfToken(session, SECRET), orderNumber: "1001", contact: "94107" }));
  expect(answer.status).toBe(200);
  return renderPortal(answer.page);
}

describe("a guest's return", () => {
  it("GIVEN the order's number and postal code THEN the items show, the final-sale cap with the reason it cannot come back", async () => {
    const markup = await found();
    expect(markup).toContain("Which items from #1001?");
    expect(markup).toContain('name="lines.0.selected"');
    expect(markup).not.toContain('name="lines.1.selected"');
    expect(markup).toContain("This item was sold as final sale, so it cannot be returned.");
  });

  it("GIVEN the jacket exchanged for a size in stock THEN the review shows exact amounts, and submitting makes a Shopify return and a status page", async () => {
    let markup = await found();
    let answer = await items(deps, ctx, formOf({ ...hiddenOf(markup), step: "items", "lines.0.lineId": JACKET.id, "lines.0.selected": "yes", "lines.0.quantity": "1", "lines.0.reason": "SIZE_TOO_SMALL", "lines.0.note": "", "lines.0.resolution": "exchange", "lines.1.lineId": CAP.id }));
    expect(answer.status).toBe(200);
    markup = renderPortal(answer.page);
    expect(markup).toContain("Choose your replacement");
    expect(markup).toMatch(/value="gid:\/\/shopify\/ProductVariant\/12"[^>]*>.*L.*3 in stock/);
    expect(markup).toMatch(/disabled="" value="gid:\/\/shopify\/ProductVariant\/13"|value="gid:\/\/shopify\/ProductVariant\/13" disabled=""/);

    answer = await exchange(deps, ctx, formOf({ ...hiddenOf(markup), "replacements.0.lineId": JACKET.id, "replacements.0.variantId": LARGE }));
    expect(answer.page.kind).toBe("delivery");
    markup = renderPortal(answer.page);
    // The pickup form starts from the order's shipping address.
    expect(markup).toMatch(/name="delivery.zip"[^>]*value="94107"/);

    answer = await delivery(deps, ctx, formOf({ ...hiddenOf(markup), "delivery.method": "pickup", "delivery.address1": "1 Market St", "delivery.city": "San Francisco", "delivery.zip": "94107", "delivery.countryCode": "us", "delivery.phone": "+14155550100", "delivery.date": "2026-10-22" }));
    expect(answer.page.kind).toBe("review");
    markup = renderPortal(answer.page);
    // One jacket of two at $240.00 is worth $120.00; the L costs $120.00, so nothing is owed either way.
    expect(markup).toContain('Items returned are worth</th><td class="of-amount">US$120.00');
    expect(markup).toContain('Put towards your replacement</th><td class="of-amount">− US$120.00');
    expect(markup).toContain('Nothing to refund or pay</th><td class="of-amount">US$0.00');
    expect(markup).toContain("Pickup from 1 Market St, 94107, San Francisco, US on 2026-10-22");

    const sent = await submit(deps, ctx, formOf(hiddenOf(markup)));
    expect(sent).toEqual({ redirect: expect.stringMatching(/^\/apps\/returns\/status\/[\w.-]+\?sent=1$/) });
    const created = [...standIn.returns.values()];
    expect(created).toHaveLength(1);
    expect(created[0].exchangeLines).toEqual([expect.objectContaining({ variantId: LARGE, quantity: 1 })]);

    const token = /\/status\/([\w.-]+)\?/.exec("redirect" in sent ? sent.redirect : "")![1];
    const status = await statusPage(deps, ctx, token, true);
    expect(status.status).toBe(200);
    markup = renderPortal(status.page);
    expect(markup).toContain("Your return request is in");
    expect(markup).toContain("Pickup from 1 Market St");
  });

  it("GIVEN a form that skips the widget and posts the final-sale cap THEN it is refused with the reason, and nothing reaches Shopify", async () => {
    const markup = await found();
    const answer = await items(deps, ctx, formOf({ ...hiddenOf(markup), step: "items", "lines.0.lineId": JACKET.id, "lines.1.lineId": CAP.id, "lines.1.selected": "yes", "lines.1.quantity": "1", "lines.1.reason": "UNWANTED", "lines.1.resolution": "refund" }));
    expect(answer.status).toBe(422);
    const refused = renderPortal(answer.page);
    expect(refused).toContain(`<a href="#of-lines-1-lineId">This item was sold as final sale, so it cannot be returned.</a>`);
    expect(standIn.returns.size).toBe(0);
  });

  it("GIVEN a signed session whose draft names the final-sale cap WHEN it is submitted THEN the server's rules refuse it", async () => {
    const session = advanceSession(
      startSession(SHOP, "", ["refund"], NOW),
      { orderId: ORDER.id, foundBy: "guest", draft: { lines: [{ lineId: CAP.id, quantity: "1", reason: "UNWANTED", note: "", resolution: "refund" }], replacements: [], delivery: { method: "dropoff" } } },
      NOW,
    );
    const answer = await submit(deps, ctx, formOf({ session: signSession(session, SECRET), csrf: csrfToken(session, SECRET) }));
    if ("redirect" in answer) throw new Error(`submitted: ${answer.redirect}`);
    expect(answer.status).toBe(422);
    expect(renderPortal(answer.page)).toContain("This item was sold as final sale, so it cannot be returned.");
    expect(standIn.returns.size).toBe(0);
  });

  it("GIVEN a session of another storefront customer, or no CSRF token THEN nothing is done", async () => {
    const session = advanceSession(startSession(SHOP, "", ["refund"], NOW), { orderId: ORDER.id, foundBy: "guest", draft: { lines: [{ lineId: JACKET.id, quantity: "1", reason: "UNWANTED", resolution: "refund" }], replacements: [], delivery: { method: "dropoff" } } }, NOW);
    const signed = signSession(session, SECRET);
    const refused = { page: expect.objectContaining({ kind: "message" }), status: 403 };
    expect(await submit(deps, { ...ctx, customerId: "42" }, formOf({ session: signed, csrf: csrfToken(session, SECRET) }))).toEqual(refused);
    expect(await submit(deps, ctx, formOf({ session: signed }))).toEqual(refused);
    expect(await submit(deps, ctx, formOf({ session: signed, csrf: csrfToken({ ...session, id: "other" }, SECRET) }))).toEqual(refused);
    expect(standIn.returns.size).toBe(0);
  });

  it("GIVEN a damaged item without a photo link THEN the photo field says what is missing; with an https link the request moves on", async () => {
    const markup = await found();
    const damaged = { ...hiddenOf(markup), step: "items", "lines.0.lineId": JACKET.id, "lines.0.selected": "yes", "lines.0.quantity": "1", "lines.0.reason": "DEFECTIVE", "lines.0.resolution": "refund", "lines.1.lineId": CAP.id };
    const missing = await items(deps, ctx, formOf(damaged));
    expect(missing.status).toBe(422);
    expect(renderPortal(missing.page)).toContain('<a href="#of-lines-0-photoUrls">Add a photo that shows “Damaged or defective”</a>');
    const withPhoto = await items(deps, ctx, formOf({ ...damaged, "lines.0.photoUrl": "https://photos.example/jacket-seam.jpg" }));
    expect(withPhoto).toMatchObject({ status: 200, page: { kind: "delivery" } });
  });
});

describe("a signed-in customer", () => {
  it("GIVEN the storefront's customer THEN their orders are listed and open without a lookup; another customer cannot open them", async () => {
    const own = { ...ctx, customerId: "7", client: "customer:7" };
    const start = await startPage(deps, own, null);
    const markup = renderPortal(start.page);
    expect(markup).toContain("Your orders");
    expect(markup).toMatch(/name="orderId" value="gid:\/\/shopify\/Order\/1001"/);
    const opened = await items(deps, own, formOf({ ...hiddenOf(markup), orderId: ORDER.id }));
    expect(opened).toMatchObject({ status: 200, page: { kind: "items", orderName: "#1001" } });

    const other = { ...ctx, customerId: "8", client: "customer:8" };
    const theirs = renderPortal((await startPage(deps, other, null)).page);
    expect(theirs).not.toContain("gid://shopify/Order/1001");
    expect(await items(deps, other, formOf({ ...hiddenOf(theirs), orderId: ORDER.id }))).toMatchObject({ status: 404, page: { kind: "message" } });
  });
});
