import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminHost } from "./auth";
import { type Receiver, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// The App Bridge stand-in in a real browser: Debian's Chromium, as the e2e tests use it.

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`${CHROMIUM} is absent (apt-get install -y chromium); the App Bridge stand-in tests skip.`);

const SHOP = "bridge-test.myshopify.com";
let sim: TestSimulator;
let app: Receiver;
let browser: Browser;

function page(body: string): string {
  return `<!doctype html><html><head><title>app</title></head><body>
    <script src="${sim.url}/shopifycloud/app-bridge.js" data-api-key="sim-test-client-id"></script>
    ${body}</body></html>`;
}

describe.skipIf(!haveChromium)("the App Bridge stand-in", () => {
  beforeAll(async () => {
    app = await startReceiver();
    sim = await startTestSimulator({ appUrl: app.url });
    await sim.control("POST", "/_sim/shops", { shop: SHOP });
    app.respondWith((request, _req, res) => {
      const html = request.path.startsWith("/api/")
        ? undefined
        : page(`<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/orders">Orders</a></ui-nav-menu>
                <ui-title-bar title="Orders"></ui-title-bar><p id="content">content</p>`);
      res.writeHead(200, { "Content-Type": html ? "text/html" : "application/json" }).end(html ?? "{}");
      return undefined;
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await app?.close();
  });

  it("gives the page window.shopify, session tokens on its own requests, and the admin's chrome", async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    tab.on("pageerror", (error) => errors.push(error.message));

    // GIVEN the app page opened the way the admin opens it
    await tab.goto(`${app.url}/app?embedded=1&shop=${SHOP}&host=${adminHost(SHOP)}`);

    // THEN window.shopify knows the shop and hands out session tokens for it
    const config = await tab.evaluate(() => (window as any).shopify.config);
    expect(config).toEqual({ apiKey: "sim-test-client-id", shop: SHOP, host: adminHost(SHOP), locale: "en" });
    const token: string = await tab.evaluate(() => (window as any).shopify.idToken());
    expect(JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).dest).toBe(`https://${SHOP}`);

    // AND same-origin fetches carry a fresh token, like App Bridge's
    await tab.evaluate(() => fetch("/api/orders").then((r) => r.json()));
    const apiCall = app.received.find((r) => r.path === "/api/orders")!;
    expect(apiCall.headers.authorization).toMatch(/^Bearer ey/);

    // AND the simulator's banner, the title bar and the navigation are visible; a nav click asks
    // the app to navigate instead of loading a page without the admin's parameters
    expect(await tab.evaluate(() => getComputedStyle(document.documentElement, "::before").content)).toBe(`"Store simulator — ${SHOP}"`);
    await expect.poll(() => tab.evaluate(() => document.querySelector("ui-title-bar")!.shadowRoot!.querySelector("h1")!.textContent)).toBe("Orders");
    expect(await tab.locator("ui-nav-menu a", { hasText: "Orders" }).isVisible()).toBe(true);
    expect(await tab.locator("ui-nav-menu a[rel=home]").isVisible()).toBe(true);
    await tab.evaluate(() => window.addEventListener("shopify:navigate", (event) => ((window as any).navigatedTo = (event.target as Element).getAttribute("href"))));
    await tab.locator("ui-nav-menu a", { hasText: "Orders" }).click();
    expect(await tab.evaluate(() => (window as any).navigatedTo)).toBe("/app/orders");
    expect(new URL(tab.url()).pathname).toBe("/app");

    // AND toasts render
    await tab.evaluate(() => (window as any).shopify.toast.show("Saved"));
    await expect.poll(() => tab.locator(".shopify-sim-toast", { hasText: "Saved" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await tab.close();
  });

  it("handles the library's bounce page: fetches a token and reloads the page with it", async () => {
    const tab = await browser.newPage();
    const reload = `${app.url}/app/settings?embedded=1&shop=${SHOP}&host=${adminHost(SHOP)}`;
    await tab.goto(`${app.url}/auth/session-token?shop=${SHOP}&shopify-reload=${encodeURIComponent(reload)}`);
    await tab.waitForURL(/\/app\/settings\?.*id_token=/);
    const landed = new URL(tab.url());
    expect(landed.searchParams.get("shop")).toBe(SHOP);
    expect(landed.searchParams.get("id_token")).toMatch(/^ey/);
    await tab.close();
  });
});
