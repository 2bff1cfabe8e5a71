import "@shopify/shopify-api/adapters/node";
import { ApiVersion, HttpResponseError, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "./auth";
import { manualClock } from "./clock";
import { API_KEY, API_SECRET, fetchThroughSimulator, type Receiver, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// The simulator's tokens and answers go through @shopify/shopify-api itself, the library the
// app uses, so "the library accepts them" is tested rather than assumed.

const SHOP = "auth-test.myshopify.com";
const clock = manualClock();
let sim: TestSimulator;
let app: Receiver;
let shopify: ReturnType<typeof shopifyApi>;

async function sessionToken(shop = SHOP): Promise<string> {
  return (await sim.control("GET", `/_sim/session-token?shop=${shop}`)).body.idToken;
}

function accessTokenRequest(body: Record<string, string>) {
  return fetch(new URL("/admin/oauth/access_token", sim.url), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-Host": SHOP },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "Auth Test", owner: { firstName: "Ada", lastName: "Owner" } });
  setAbstractFetchFunc(fetchThroughSimulator(sim.url));
  shopify = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: new URL(app.url).host,
    hostScheme: "http",
    isEmbeddedApp: true,
    scopes: ["read_orders"],
    logger: { log: () => {} },
  });
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("session tokens", () => {
  it("are HS256 JWTs the library decodes, naming the shop and its owner", async () => {
    const payload = await shopify.session.decodeSessionToken(await sessionToken());
    expect(payload).toMatchObject({
      iss: `https://${SHOP}/admin`,
      dest: `https://${SHOP}`,
      aud: API_KEY,
      sub: "1",
    });
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.sid).toBe((await shopify.session.decodeSessionToken(await sessionToken())).sid);
  });

  it("are served with CORS for the App Bridge stand-in", async () => {
    const response = await fetch(new URL(`/_sim/session-token?shop=${SHOP}`, sim.url));
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const script = await fetch(new URL("/shopifycloud/app-bridge.js", sim.url));
    expect(script.headers.get("content-type")).toMatch(/^application\/javascript/);
    expect(await script.text()).toContain("window.shopify");
  });
});

describe("token exchange", () => {
  it("turns a session token into an expiring offline token that authorises Admin GraphQL", async () => {
    // GIVEN a session token from the admin WHEN the library exchanges it
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });

    // THEN it holds an offline session with a refresh token
    expect(session.id).toBe(`offline_${SHOP}`);
    expect(session.isOnline).toBe(false);
    expect(session.scope).toContain("read_orders");
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(session.refreshToken).toMatch(/^shprt_/);

    // AND the library's GraphQL client reaches the shop with it
    const client = new shopify.clients.Graphql({ session });
    const response = await client.request(`{ shop { name myshopifyDomain } }`);
    expect(response.data).toEqual({ shop: { name: "Auth Test", myshopifyDomain: SHOP } });
  });

  it("issues an online token with the staff member the session token names", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.id).toBe(shopify.session.getJwtSessionId(SHOP, "1"));
    expect(session.onlineAccessInfo).toMatchObject({
      expires_in: 86399,
      associated_user_scope: session.scope,
      associated_user: { id: 1, first_name: "Ada", last_name: "Owner", account_owner: true, locale: "en" },
    });
  });

  it("refuses session tokens that are forged, expired or for another shop with invalid_subject_token", async () => {
    const base = {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    };
    const now = Math.floor(clock.now() / 1000);
    const claims = { iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "1", iat: now, nbf: now, exp: now + 60 };
    const forged = signJwt(claims, "not-the-secret");
    const expired = signJwt({ ...claims, exp: now - 120 }, API_SECRET);
    const elsewhere = signJwt({ ...claims, dest: "https://other.myshopify.com" }, API_SECRET);
    for (const subject of [forged, expired, elsewhere]) {
      const response = await accessTokenRequest({ ...base, subject_token: subject });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe("invalid_subject_token");
    }
    const wrongSecret = await accessTokenRequest({ ...base, client_secret: "nope", subject_token: await sessionToken() });
    expect(wrongSecret.status).toBe(401);
  });

  it("migrates a non-expiring offline token to an expiring one, once", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session.expires).toBeUndefined();
    const { session: migrated } = await shopify.auth.migrateToExpiringToken({ shop: SHOP, nonExpiringOfflineAccessToken: session.accessToken! });
    expect(migrated.refreshToken).toMatch(/^shprt_/);
    expect((await sim.graphql(SHOP, migrated.accessToken!, "{ shop { name } }")).status).toBe(200);
    expect((await sim.graphql(SHOP, session.accessToken!, "{ shop { name } }")).status).toBe(401);
  });
});

describe("authorization code grant", () => {
  it("redirects back with a code and an HMAC the library validates, and trades the code once", async () => {
    // GIVEN the library's OAuth start URL WHEN the merchant approves
    const authorize = new URL("/admin/oauth/authorize", sim.url);
    authorize.search = new URLSearchParams({
      shop: SHOP,
      client_id: API_KEY,
      scope: "read_orders",
      redirect_uri: `${app.url}/auth/callback`,
      state: "nonce-123",
      "grant_options[]": "",
    }).toString();
    const response = await fetch(authorize, { redirect: "manual" });

    // THEN the callback carries code, host, shop, state, timestamp and a valid hmac
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get("location")!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${app.url}/auth/callback`);
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({ shop: SHOP, state: "nonce-123" });
    expect(await shopify.utils.validateHmac(Object.fromEntries(callback.searchParams) as never)).toBe(true);

    // AND the code buys one offline token
    const trade = () =>
      accessTokenRequest({ client_id: API_KEY, client_secret: API_SECRET, code: callback.searchParams.get("code")! });
    const first = await trade();
    expect(first.status).toBe(200);
    const token = (await first.json()).access_token as string;
    expect((await sim.graphql(SHOP, token, "{ shop { name } }")).status).toBe(200);
    expect((await trade()).status).toBe(400);
  });
});

describe("opening the embedded app from the admin", () => {
  it("redirects to the app with embedded params, a fresh session token and a valid hmac", async () => {
    for (const path of [`/_sim/open/${SHOP}/orders`, "/admin/store/auth-test/apps/orderflow/orders"]) {
      const response = await fetch(new URL(path, sim.url), { redirect: "manual" });
      expect(response.status).toBe(302);
      const target = new URL(response.headers.get("location")!);
      expect(`${target.origin}${target.pathname}`).toBe(`${app.url}/app/orders`);
      const params = Object.fromEntries(target.searchParams);
      expect(params).toMatchObject({ embedded: "1", shop: SHOP, locale: "en" });
      expect(Buffer.from(params.host, "base64").toString()).toBe("admin.shopify.com/store/auth-test");
      expect(shopify.utils.sanitizeHost(params.host)).toBe(params.host);
      expect(await shopify.utils.validateHmac(params as never)).toBe(true);
      expect((await shopify.session.decodeSessionToken(params.id_token)).dest).toBe(`https://${SHOP}`);
    }
  });
});

describe("uninstall", () => {
  it("revokes every token and tells the app with app/uninstalled", async () => {
    // GIVEN a working offline token
    const token = await sim.offlineToken(SHOP);
    expect((await sim.graphql(SHOP, token, "{ shop { name } }")).status).toBe(200);

    // WHEN the merchant uninstalls
    await sim.control("POST", `/_sim/shops/${SHOP}/uninstall`);
    await sim.webhooks.flush();

    // THEN the token no longer works and the app got the shop's payload
    expect((await sim.graphql(SHOP, token, "{ shop { name } }")).status).toBe(401);
    const delivery = app.received.find((r) => r.path === "/webhooks/app/uninstalled")!;
    expect(delivery.headers["x-shopify-topic"]).toBe("app/uninstalled");
    expect(JSON.parse(delivery.body)).toMatchObject({ name: "Auth Test", myshopify_domain: SHOP, domain: SHOP });
  });
});

// Last, because it moves the simulator's clock an hour ahead of the library's.
describe("expiring tokens", () => {
  const EXPIRY_SHOP = "expiry-test.myshopify.com";
  beforeAll(async () => {
    await sim.control("POST", "/_sim/shops", { shop: EXPIRY_SHOP, name: "Expiry Test" });
  });

  it("expires access tokens with the clock and refreshes them once per refresh token", async () => {
    // GIVEN an expiring offline token
    const { session } = await shopify.auth.tokenExchange({
      shop: EXPIRY_SHOP,
      sessionToken: await sessionToken(EXPIRY_SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    // WHEN an hour passes THEN Shopify no longer accepts it
    clock.advance(3601_000);
    const expired = await sim.graphql(EXPIRY_SHOP, session.accessToken!, "{ shop { id } }");
    expect(expired.status).toBe(401);

    // WHEN the library refreshes THEN the new token works and the refresh token is spent
    const { session: refreshed } = await shopify.auth.refreshToken({ shop: EXPIRY_SHOP, refreshToken: session.refreshToken! });
    expect((await sim.graphql(EXPIRY_SHOP, refreshed.accessToken!, "{ shop { name } }")).body.data.shop.name).toBe("Expiry Test");
    const again = await shopify.auth.refreshToken({ shop: EXPIRY_SHOP, refreshToken: session.refreshToken! }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(HttpResponseError);
    expect((again as HttpResponseError).response.code).toBe(400);
  });
});
