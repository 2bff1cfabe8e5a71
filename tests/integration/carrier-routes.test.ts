import { readFileSync } from "node:fs";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalogCsv } from "../../app/domain/carriers/catalog-csv";
import { loadCarrierSetup } from "../../app/models/carrier-setup.server";
import { DEMO_RATECARD } from "../demo/carriers";
import { demoCatalogue, installApp } from "../demo/store";
import { MAYA_ADDRESS } from "../simulator/testing";
import { startAppHarness, type AppHarness } from "../support/app-harness";

// The carriers and pack-bench routes, called as the browser calls them: with App Bridge's session
// token (a fetch from the page), or as a plain HTML form post carrying the admin's id_token in the
// URL (a page without JavaScript).

const SHOP = "routes-test.myshopify.com";
let h: AppHarness;

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

async function sessionToken(): Promise<string> {
  return (await h.sim.get<{ idToken: string }>(`/_sim/session-token?shop=${SHOP}`)).idToken;
}

/** Remix's `data()` wraps a body with its status; a plain object is a 200. */
function unwrap(result: unknown): { status: number; body: any } {
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } };
  return wrapped?.type === "DataWithResponseInit"
    ? { status: wrapped.init?.status ?? 200, body: wrapped.data }
    : { status: 200, body: result };
}

async function call(
  module: RouteModule,
  path: string,
  options: { form?: Record<string, string>; params?: Record<string, string>; document?: boolean } = {},
) {
  const url = new URL(path, h.appUrl);
  const headers = new Headers();
  const token = await sessionToken();
  if (options.document) {
    // What the admin's iframe URL carries, and what a form without an action attribute posts back to.
    url.searchParams.set("embedded", "1");
    url.searchParams.set("shop", SHOP);
    url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`).toString("base64url"));
    url.searchParams.set("id_token", token);
  } else {
    headers.set("Authorization", `Bearer ${token}`);
  }
  const init: RequestInit = options.form ? { method: "POST", headers, body: new URLSearchParams(options.form) } : { headers };
  const request = new Request(url, init);
  const run = options.form ? module.action! : module.loader!;
  try {
    return unwrap(await run({ request, params: options.params ?? {}, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP, name: "Routes Test" });
  await h.sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
});

afterAll(async () => {
  await h?.settle();
  await h?.close();
});

describe("catalogue import and export", () => {
  it("refuses a file with problems whole, each with its line and column, and changes nothing", async () => {
    const catalogue = await import("../../app/routes/app.carriers._index");
    const csv = "kind,carrier_id,name,country,zone_id\ncarrier,parcelway,Parcelway,,\nzone,parcelway,,United States,all\n";
    const { status, body } = await call(catalogue, "/app/carriers", { form: { csv } });
    expect(status).toBe(422);
    expect(body).toEqual({
      ok: false,
      errors: [
        { line: 2, field: "carrier_id", message: "a carrier needs at least one service" },
        { line: 3, field: "country", message: "use a two-letter ISO country code such as IN" },
      ],
    });
    expect((await loadCarrierSetup(h.testDb.db, SHOP)).catalog).toBeNull();
    expect((await call(catalogue, "/app/carriers", { form: { csv: "  " } })).status).toBe(400);
  });

  it("imports a good file and exports it again in the same format", async () => {
    const catalogue = await import("../../app/routes/app.carriers._index");
    const csv = readFileSync(DEMO_RATECARD, "utf8");
    expect(await call(catalogue, "/app/carriers", { form: { csv } })).toEqual({
      status: 200,
      body: { ok: true, carriers: 4, services: 9 },
    });
    const listed = await call(catalogue, "/app/carriers?mode=air&country=FR");
    expect(listed.body.catalog.services.map((s: { serviceId: string }) => s.serviceId)).toEqual(["pw-worldwide", "pl-intl", "sb-express"]);
    const exported = await call(await import("../../app/routes/app.carriers.export"), "/app/carriers/export");
    expect(exported.body.csv).toBe(csv);
    expect(parseCatalogCsv(exported.body.csv).ok).toBe(true);
  });
});

describe("recommendation settings", () => {
  const form = (overrides: Record<string, string> = {}) => ({
    intent: "save",
    "weights.cost": "1",
    "weights.onTime": "4",
    "weights.reliability": "5",
    "weights.damage": "5",
    fragileDamageFactor: "3",
    defaultPromiseDays: "5",
    reversePromiseDays: "7",
    locale: "en-US",
    "shippingLines.0.contains": "express",
    "shippingLines.0.days": "2",
    "shippingLines.0.priority": "",
    "shippingLines.1.contains": "",
    "shippingLines.1.days": "",
    "shippingLines.1.priority": "",
    ...overrides,
  });

  it("answers each mistake under the field it belongs to, from the form's own checks and the engine's, and saves nothing", async () => {
    const settings = await import("../../app/routes/app.carriers.settings");
    const blank = await call(settings, "/app/carriers/settings", { form: form({ "weights.cost": "", "shippingLines.1.days": "3" }) });
    expect(blank.status).toBe(422);
    expect(blank.body.fieldErrors).toEqual({
      "weights.cost": "Enter a number",
      "shippingLines.1.contains": "Say which shipping lines this row is for",
    });
    const engine = await call(settings, "/app/carriers/settings", { form: form({ "weights.onTime": "-2", "shippingLines.0.days": "99" }) });
    expect(Object.keys(engine.body.fieldErrors).sort()).toEqual(["shippingLines.0.days", "weights.onTime"]);
    expect((await loadCarrierSetup(h.testDb.db, SHOP)).settings.weights.onTime).toBe(3);
  });

  it("saves good settings, leaving blank rows out, and adds and removes rules shown in the merchant's words", async () => {
    const settings = await import("../../app/routes/app.carriers.settings");
    expect((await call(settings, "/app/carriers/settings", { form: form() })).status).toBe(200);
    const saved = (await loadCarrierSetup(h.testDb.db, SHOP)).settings;
    expect(saved).toMatchObject({
      weights: { onTime: 4 },
      shippingLines: [{ contains: "express", days: 2, priority: null }],
      locale: "en-US",
    });

    const unknown = await call(settings, "/app/carriers/settings", {
      form: { intent: "add-rule", when: "cod", whenValue: "", then: "exclude_carrier", thenValue: "dhl" },
    });
    expect(unknown.body.fieldErrors).toEqual({ thenValue: "dhl is not a carrier of the catalogue" });
    await call(settings, "/app/carriers/settings", {
      form: { intent: "add-rule", when: "fragile", whenValue: "", then: "require_mode", thenValue: "air" },
    });
    await call(settings, "/app/carriers/settings", {
      form: { intent: "add-rule", when: "min-value", whenValue: "400", then: "prefer_carrier", thenValue: "skybridge" },
    });
    const page = await call(settings, "/app/carriers/settings");
    expect(page.body.rules).toEqual([
      { id: "r1", label: "fragile → air only" },
      { id: "r2", label: "order value ≥ $400 → prefer Skybridge Express" },
    ]);
    await call(settings, "/app/carriers/settings", { form: { intent: "remove-rule", id: "r1" } });
    expect((await call(settings, "/app/carriers/settings")).body.rules.map((r: { id: string }) => r.id)).toEqual(["r2"]);
  });
});

describe("the pack bench without JavaScript", () => {
  it("takes plain form posts: a wrong item is refused and logged, the right ones are counted, then it fulfils", async () => {
    const bench = await import("../../app/routes/app.fulfilment.$id_.pack");
    const order = await h.sim.post<{ fulfillmentOrders: Array<{ id: string }>; legacyId: number }>(`/_sim/shops/${SHOP}/orders`, {
      email: "maya.chen@example.com",
      shippingAddress: MAYA_ADDRESS,
      lineItems: [
        { sku: "MSH-SM", quantity: 1 },
        { sku: "AWS-L", quantity: 1 },
      ],
      shippingLine: { title: "Standard", price: "8.00" },
    });
    const id = order.fulfillmentOrders[0].id.split("/").pop()!;
    const path = `/app/fulfilment/${id}/pack`;
    const post = (form: Record<string, string>) => call(bench, path, { form, params: { id }, document: true });

    const wrong = await post({ intent: "scan", counts: "{}", code: "TRJ-XL" });
    expect(wrong.body.outcome).toMatchObject({ kind: "wrong_item", code: "TRJ-XL" });
    expect(
      await h.testDb.db.fulfillmentErrorLog.count({ where: { shop: SHOP, kind: "wrong_item", scanned: "TRJ-XL", actor: "staff 1" } }),
    ).toBe(1);

    const first = await post({ intent: "scan", counts: "{}", code: "MSH-SM" });
    const second = await post({ intent: "scan", counts: JSON.stringify(first.body.counts), code: "0840004001" });
    expect(second.body.outcome).toMatchObject({ kind: "packed", complete: true });
    const tampered = await post({ intent: "scan", counts: "not json", code: "MSH-SM" });
    expect(tampered.status).toBe(400);

    const shipped = await post({
      intent: "fulfil",
      counts: JSON.stringify(second.body.counts),
      serviceId: "",
      trackingNumber: "",
      notifyCustomer: "on",
    });
    expect(shipped.body.result).toMatchObject({ ok: true, trackingNumber: expect.stringMatching(new RegExp(`${id}$`)) });
    const [fulfilment] = await h.sim.get<Array<{ notifyCustomer: boolean; trackingInfo: Array<{ number: string }> }>>(
      `/_sim/shops/${SHOP}/fulfillments?order=${order.legacyId}`,
    );
    expect(fulfilment).toMatchObject({ notifyCustomer: true, trackingInfo: [{ number: shipped.body.result.trackingNumber }] });
  });
});
