// The storefront side of an App Proxy: Shopify serves /<prefix>/<subpath>/<rest> on the shop's
// domain by forwarding it to the app's proxy URL + /<rest>, adding shop, logged_in_customer_id,
// path_prefix and timestamp to the query and signing them (shopify.dev "Authenticate app
// proxies"). Any app route behind the proxy (the return portal, fix links) comes this way. The
// storefront also serves a page with the return portal's app block (/pages/returns) and renders
// the app's Liquid answers inside a minimal theme (theme.ts says what it leaves out).
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AppProxyConfig } from "./app-config";
import type { HttpAnswer } from "./http";
import { normalizeShopDomain } from "./ids";
import type { SimulatorServices } from "./services";
import type { ShopState } from "./store";
import { extensionAsset, renderBlockPage, renderProxyLiquid, type ThemeContext } from "./theme";

const ASSET_PATH = "/cdn/extensions/returns-portal/";
const STOREFRONT_COOKIE = "_sim_storefront_shop";

function storefrontCookie(req: IncomingMessage): string | null {
  const match = new RegExp(`(?:^|;\\s*)${STOREFRONT_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? "");
  return match ? decodeURIComponent(match[1]) : null;
}

const SIGNED_BY_SHOPIFY = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

/**
 * Shopify's proxy signature: every parameter but `signature`, repeated values joined with ",",
 * `key=value` pairs (decoded) sorted and concatenated with no separator, hex HMAC-SHA256.
 */
export function appProxySignature(params: URLSearchParams, secret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values].map(([key, list]) => `${key}=${list.join(",")}`).sort().join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The request as the proxy forwards it: the app's URL with the signed query. */
export function proxiedUrl(
  appUrl: string,
  proxy: AppProxyConfig,
  shop: string,
  rest: string,
  query: URLSearchParams,
  options: { secret: string; timestamp: number; customerId?: string },
): URL {
  const target = new URL(`${new URL(proxy.url).pathname.replace(/\/$/, "")}${rest}`, appUrl);
  const params = new URLSearchParams([...query].filter(([key]) => !SIGNED_BY_SHOPIFY.includes(key)));
  params.set("shop", shop);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", `/${proxy.prefix}/${proxy.subpath}`);
  params.set("timestamp", String(options.timestamp));
  params.set("signature", appProxySignature(params, options.secret));
  target.search = params.toString();
  return target;
}

function themeOf(state: ShopState, rootUrl: string, customerId: string | undefined): ThemeContext {
  const customer = customerId && /^\d+$/.test(customerId) ? state.customers.get(Number(customerId)) : undefined;
  return {
    shopName: state.shop.name,
    rootUrl,
    assetBase: `${rootUrl.replace(/\/$/, "")}${ASSET_PATH.replace(/\/$/, "")}`,
    customer: customer ? { id: String(customer.id), first_name: customer.firstName ?? "" } : null,
  };
}

/**
 * Serves /_sim/storefront/<shop>/<path> (or <path> on a shop's host): the app block's page
 * /pages/returns, the extension's assets, and /<prefix>/<subpath>/… forwarded to the app. The
 * app's forms and links are root-relative, as on a shop's own domain: a browser that opened
 * /_sim/storefront/<shop>/… keeps that shop in a cookie for them. Null when the path is none of these.
 */
export async function handleStorefront(
  services: SimulatorServices,
  req: IncomingMessage,
  pathname: string,
  query: URLSearchParams,
  hostShop: string | null,
  body: () => Promise<string>,
): Promise<HttpAnswer | null> {
  const proxy = services.appConfig.appProxy;
  if (!proxy) return null;
  const prefix = `/${proxy.prefix}/${proxy.subpath}`;
  const explicit = /^\/_sim\/storefront\/([^/]+)(\/.*)$/.exec(pathname);
  const shopParam = explicit ? decodeURIComponent(explicit[1]) : (hostShop ?? storefrontCookie(req));
  const path = explicit ? explicit[2] : pathname;
  // The extension's assets are on Shopify's CDN, the same for every shop.
  if (path.startsWith(ASSET_PATH)) {
    const asset = extensionAsset(path.slice(ASSET_PATH.length));
    return asset ? { status: 200, body: asset.body, headers: { "content-type": asset.contentType } } : { status: 404, body: { error: "No such asset" } };
  }
  const proxied = path === prefix || path.startsWith(`${prefix}/`);
  if (!shopParam || !(proxied || path === "/pages/returns")) return null;
  const state = services.store.getShop(shopParam);
  if (!state) return { status: 404, body: { error: `No simulated shop ${normalizeShopDomain(shopParam)}` } };

  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const customerId = header("x-sim-customer-id");
  const theme = themeOf(state, "/", customerId);
  // A browser that opened a shop's storefront here stays on it: its forms post to root-relative paths.
  const remember: Record<string, string> = explicit ? { "set-cookie": `${STOREFRONT_COOKIE}=${encodeURIComponent(state.domain)}; Path=/; SameSite=Lax` } : {};
  if (!proxied) return { status: 200, body: await renderBlockPage(theme), headers: { "content-type": "text/html; charset=utf-8", ...remember } };

  const method = req.method ?? "GET";
  const target = proxiedUrl(services.appUrl, proxy, state.domain, path.slice(prefix.length), query, {
    secret: services.apiSecret,
    timestamp: Math.floor(services.clock.now() / 1000),
    customerId,
  });
  const contentType = req.headers["content-type"];
  const response = await fetch(target, {
    method,
    redirect: "manual",
    headers: {
      ...(contentType ? { "Content-Type": contentType } : {}),
      Accept: req.headers.accept ?? "*/*",
      "User-Agent": req.headers["user-agent"] ?? "Shopify App Proxy",
      // The customer's address, as Shopify's proxy passes it on.
      "X-Forwarded-For": header("x-forwarded-for")?.split(",")[0].trim() ?? req.socket.remoteAddress ?? "127.0.0.1",
    },
    body: method === "GET" || method === "HEAD" ? undefined : await body(),
  });
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "location", "cache-control", "retry-after"]) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  const text = await response.text();
  if (headers["content-type"]?.startsWith("application/liquid")) {
    return { status: response.status, body: await renderProxyLiquid(theme, text), headers: { ...headers, "content-type": "text/html; charset=utf-8", ...remember } };
  }
  return { status: response.status, body: text, headers: { ...headers, ...remember } };
}
