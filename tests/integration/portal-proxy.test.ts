import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";
import { LOCAL_API_SECRET } from "../support/stack";
import { appProxySignature } from "../simulator/storefront";

// The return portal through the storefront's App Proxy and the real routes: Shopify's signature,
// answers that say nothing about which orders exist, CSRF on every POST, and the rate limits.

const SHOP = "portal-proxy.myshopify.com";
let h: AppHarness;
let storefront: string;

beforeAll(async () => {
  h = await startAppHarness();
  await simControl(h.simulatorUrl).post("/_sim/shops", { shop: SHOP, name: "Portal Proxy" });
  storefront = `${h.simulatorUrl}/_sim/storefront/${SHOP}/apps/returns`;
  await h.testDb.db.order.create({
    data: {
      id: "gid://shopify/Order/501",
      shop: SHOP,
      legacyId: "501",
      name: "#1001",
      email: "ada@example.com",
      totalPrice: "80.00",
      currency: "USD",
      tags: "[]",
      shippingAddress: JSON.stringify({ zip: "10036", countryCode: "US" }),
      lineItems: "[]",
      shopifyCreatedAt: new Date("2026-11-01T10:00:00Z"),
      shopifyUpdatedAt: new Date("2026-11-01T10:00:00Z"),
    },
  });
});

afterAll(async () => {
  await h?.close();
});

/** A fresh start page for one client: its form's session and CSRF token. */
async function start(client: string): Promise<{ session: string; csrf: string; html: string }> {
  const page = await fetch(storefront, { headers: { "X-Forwarded-For": client } });
  expect(page.status).toBe(200);
  const html = await page.text();
  return { session: /name="session" value="([^"]+)"/.exec(html)![1], csrf: /name="csrf" value="([^"]+)"/.exec(html)![1], html };
}

function lookup(client: string, fields: Record<string, string>) {
  return fetch(`${storefront}/lookup`, { method: "POST", headers: { "X-Forwarded-For": client }, body: new URLSearchParams(fields) });
}

/** A query signed as Shopify's proxy signs it. */
function signed(params: Record<string, string>): URLSearchParams {
  const query = new URLSearchParams(params);
  query.set("signature", appProxySignature(query, LOCAL_API_SECRET));
  return query;
}

describe("Shopify's proxy signature", () => {
  it("GIVEN the storefront's signed request THEN the start page renders inside the theme", async () => {
    const { html } = await start("198.51.100.1");
    expect(html).toMatch(/<main id="MainContent"[^>]*>[\s\S]*Find your order[\s\S]*<\/main>/);
    expect(html).toContain('<label for="of-orderNumber">Order number</label>');
  });

  it("GIVEN a request with a tampered, missing or stale signature THEN it is refused with 401", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const good = signed({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/returns", timestamp: now });
    expect((await h.call(`/proxy/returns?${good}`)).status).toBe(200);

    const tampered = new URLSearchParams(good);
    tampered.set("logged_in_customer_id", "7");
    expect((await h.call(`/proxy/returns?${tampered}`)).status).toBe(401);

    const unsigned = new URLSearchParams(good);
    unsigned.delete("signature");
    expect((await h.call(`/proxy/returns?${unsigned}`)).status).toBe(401);

    const stale = signed({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/returns", timestamp: String(Number(now) - 3600) });
    expect((await h.call(`/proxy/returns?${stale}`)).status).toBe(401);
    expect((await h.call(`/proxy/returns/lookup?${tampered}`, { method: "POST", body: new URLSearchParams({ orderNumber: "1001" }) })).status).toBe(401);
  });
});

describe("finding an order", () => {
  /** The page without what differs on every render: the session and CSRF tokens. */
  const comparable = (html: string) => html.replace(/name="(session|csrf)" value="[^"]+"/g, 'name="$1" value=""');

  it("GIVEN a wrong email for an order that exists, and an order that does not THEN both get the same status and page", async () => {
    const client = "198.51.100.2";
    const wrongEmail = await lookup(client, { ...(await start(client)), orderNumber: "1001", contact: "eve@example.com" });
    const missing = await lookup(client, { ...(await start(client)), orderNumber: "9999", contact: "eve@example.com" });
    expect(wrongEmail.status).toBe(422);
    expect(missing.status).toBe(wrongEmail.status);
    const [a, b] = [comparable(await wrongEmail.text()), comparable(await missing.text())];
    expect(a).toBe(b.replace('value="9999"', 'value="1001"'));
    expect(a).toContain("We could not find an order with that number and email or postal code.");
  });

  it("GIVEN an empty form THEN each field says what it needs, linked from the summary", async () => {
    const client = "198.51.100.3";
    const page = await lookup(client, { ...(await start(client)), orderNumber: "", contact: "" });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('<a href="#of-orderNumber">Enter your order number</a>');
    expect(html).toContain('<a href="#of-contact">Enter the email or postal code on the order</a>');
  });

  it("GIVEN a POST without its CSRF token, or with another session's THEN it is refused and nothing is looked up", async () => {
    const client = "198.51.100.4";
    const { session } = await start(client);
    const other = await start(client);
    const without = await lookup(client, { session, orderNumber: "1001", contact: "ada@example.com" });
    expect(without.status).toBe(403);
    expect(await without.text()).toContain("This form could not be checked");
    expect((await lookup(client, { session, csrf: other.csrf, orderNumber: "1001", contact: "ada@example.com" })).status).toBe(403);
    expect(await h.testDb.db.portalRateLimit.count({ where: { key: { startsWith: `portal:lookup-client:${SHOP}|ip:${client}` } } })).toBe(0);
  });
});

describe("rate limits", () => {
  // The limits' windows are minutes to an hour long; a stopped clock keeps a slow run inside them.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("GIVEN one client trying order after order THEN the eleventh lookup in 15 minutes is refused with Retry-After", async () => {
    const client = "198.51.100.5";
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await lookup(client, { ...(await start(client)), orderNumber: String(2000 + attempt), contact: "x@example.com" })).status).toBe(422);
    }
    const refused = await lookup(client, { ...(await start(client)), orderNumber: "2010", contact: "x@example.com" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("There were too many attempts");
  });

  it("GIVEN many clients guessing the contact of one order THEN the sixth guess in an hour is refused, whoever sends it", async () => {
    for (let guess = 0; guess < 5; guess++) {
      const client = `203.0.113.${guess + 10}`;
      expect((await lookup(client, { ...(await start(client)), orderNumber: "3001", contact: `guess${guess}@example.com` })).status).toBe(422);
    }
    const client = "203.0.113.99";
    expect((await lookup(client, { ...(await start(client)), orderNumber: "#3001", contact: "ada@example.com" })).status).toBe(429);
  });

  it("GIVEN one client over 60 portal requests in a minute THEN the next is refused with Retry-After, while another client is served", async () => {
    const client = "198.51.100.6";
    for (let n = 0; n < 60; n++) expect((await fetch(storefront, { headers: { "X-Forwarded-For": client } })).status).toBe(200);
    const refused = await fetch(storefront, { headers: { "X-Forwarded-For": client } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await fetch(storefront, { headers: { "X-Forwarded-For": "198.51.100.7" } })).status).toBe(200);
  });
});
