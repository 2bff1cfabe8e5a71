import "@shopify/shopify-api/adapters/node";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxySignature } from "./storefront";
import { API_KEY, API_SECRET, type Receiver, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// The storefront's App Proxy: /apps/<subpath>/… on the shop forwarded to the app, signed.

const SHOP = "storefront-test.myshopify.com";
const vectorsFile = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/examples/app_proxy_signature_vectors.json");
const haveVectors = existsSync(vectorsFile);
if (!haveVectors) console.warn(`Shopify's app proxy signature vectors are not at ${vectorsFile}; the vector test skips.`);

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "app.example",
  isEmbeddedApp: true,
  logger: { log: () => {} },
});

let sim: TestSimulator;
let app: Receiver;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "orderflow-proxy-"));
  writeFileSync(
    path.join(work, "shopify.app.toml"),
    `handle = "orderflow"\n[app_proxy]\nurl = "https://app.example/proxy"\nsubpath = "orderflow"\nprefix = "apps"\n[webhooks]\napi_version = "2026-10"\n`,
  );
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, appTomlPath: path.join(work, "shopify.app.toml") });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Storefront Test" });
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveVectors)("the proxy signature", () => {
  const vectors = haveVectors
    ? (JSON.parse(readFileSync(vectorsFile, "utf8")) as { secret: string; cases: Array<{ name: string; query: string; signature: string }> })
    : { secret: "", cases: [] };

  it.each(vectors.cases)("reproduces Shopify's documented example: $name", ({ query, signature }) => {
    expect(appProxySignature(new URLSearchParams(query), vectors.secret)).toBe(signature);
  });
});

describe("the storefront proxy", () => {
  it("forwards a GET to the app's proxy URL with a signature @shopify/shopify-api accepts", async () => {
    app.respondWith((_request, _req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<h1>Fix your address</h1>");
      return undefined;
    });
    const response = await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/orderflow/fix/abc.def?lang=en&signature=forged`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe("<h1>Fix your address</h1>");

    const forwarded = app.received.at(-1)!;
    const url = new URL(forwarded.path, app.url);
    expect(url.pathname).toBe("/proxy/fix/abc.def");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      lang: "en",
      shop: SHOP,
      logged_in_customer_id: "",
      path_prefix: "/apps/orderflow",
      timestamp: expect.stringMatching(/^\d+$/),
    });
    expect(url.searchParams.getAll("signature")).toHaveLength(1);
    expect(await shopify.utils.validateHmac(Object.fromEntries(url.searchParams), { signator: "appProxy" })).toBe(true);
  });

  it("forwards a form POST with its body and a logged-in customer", async () => {
    app.respondWith(() => 422);
    const response = await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/orderflow/fix/t`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Sim-Customer-Id": "42" },
      body: "zip=10036&phone=%2B12125550143",
    });
    expect(response.status).toBe(422);
    const forwarded = app.received.at(-1)!;
    expect(forwarded.method).toBe("POST");
    expect(forwarded.body).toBe("zip=10036&phone=%2B12125550143");
    expect(new URL(forwarded.path, app.url).searchParams.get("logged_in_customer_id")).toBe("42");
  });

  it("passes the customer's address on, as Shopify's proxy does", async () => {
    app.respondWith(() => 200);
    await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/orderflow/x`, { headers: { "X-Forwarded-For": "203.0.113.7, 10.0.0.1" } });
    expect(app.received.at(-1)!.headers["x-forwarded-for"]).toBe("203.0.113.7");
  });

  it("GIVEN an answer in Liquid THEN the storefront renders it inside the theme, and {% layout none %} leaves the theme out", async () => {
    app.respondWith((request, _req, res) => {
      const body = request.path.includes("bare") ? "{% layout none %}<p>{{ 'bare' | upcase }}</p>" : "<h1>{{ shop.name }} returns</h1><p>&#123;{ not run }}</p>";
      res.writeHead(200, { "Content-Type": "application/liquid" }).end(body);
      return undefined;
    });
    const page = await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/orderflow/`);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("<h1>Storefront Test returns</h1>");
    expect(html).toContain("&#123;{ not run }}");
    expect(html).toMatch(/<main id="MainContent"[^>]*>[\s\S]*Storefront Test returns[\s\S]*<\/main>/);
    expect((await (await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/orderflow/bare`)).text()).trim()).toBe("<p>BARE</p>");
  });

  it("serves a page with the return portal's app block, its settings at their defaults, and the block's stylesheet", async () => {
    const page = await fetch(`${sim.url}/_sim/storefront/${SHOP}/pages/returns`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Return or exchange an item");
    expect(html).toContain('action="/apps/returns"');
    expect(html).toContain('name="offer" value="refund,store_credit,exchange,"');
    expect(html).toContain("Start a return");
    // Colours the merchant left empty fall back to the theme's, never to an empty value
    expect(html).not.toMatch(/--orderflow-(accent|text): ;/);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1];
    const css = await fetch(`${sim.url}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain(".orderflow-returns");
  });

  it("GIVEN a browser that opened the shop's storefront here THEN its root-relative requests stay on that shop", async () => {
    app.respondWith(() => 204);
    const opened = await fetch(`${sim.url}/_sim/storefront/${SHOP}/pages/returns`);
    const cookie = opened.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).toBe(`_sim_storefront_shop=${SHOP}`);
    const followed = await fetch(`${sim.url}/apps/orderflow/lookup`, { method: "POST", headers: { Cookie: cookie }, body: "orderNumber=1001" });
    expect(followed.status).toBe(204);
    expect(new URL(app.received.at(-1)!.path, app.url).searchParams.get("shop")).toBe(SHOP);
    expect((await fetch(`${sim.url}/apps/orderflow/lookup`, { method: "POST", body: "orderNumber=1001" })).status).toBe(404);
  });

  it("does not proxy paths outside the app's prefix, nor for unknown shops", async () => {
    expect((await fetch(`${sim.url}/_sim/storefront/${SHOP}/apps/other/x`)).status).toBe(404);
    expect((await fetch(`${sim.url}/_sim/storefront/nope.myshopify.com/apps/orderflow/x`)).status).toBe(404);
  });
});
