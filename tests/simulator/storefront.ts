// The storefront side of an App Proxy: Shopify serves /<prefix>/<subpath>/<rest> on the shop's
// domain by forwarding it to the app's proxy URL + /<rest>, adding shop, logged_in_customer_id,
// path_prefix and timestamp to the query and signing them (shopify.dev "Authenticate app
// proxies"). Any app route behind the proxy (fix links, later the return portal) comes this way.
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AppProxyConfig } from "./app-config";
import type { HttpAnswer } from "./http";
import { normalizeShopDomain } from "./ids";
import type { SimulatorServices } from "./services";

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

/** Forwards /_sim/storefront/<shop>/<prefix>/<subpath>/… (or the same path on a shop's host); null when the path is not proxied. */
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
  const shopParam = explicit ? decodeURIComponent(explicit[1]) : hostShop;
  const path = explicit ? explicit[2] : pathname;
  if (!shopParam || !(path === prefix || path.startsWith(`${prefix}/`))) return null;
  const state = services.store.getShop(shopParam);
  if (!state) return { status: 404, body: { error: `No simulated shop ${normalizeShopDomain(shopParam)}` } };

  const method = req.method ?? "GET";
  const customer = req.headers["x-sim-customer-id"];
  const target = proxiedUrl(services.appUrl, proxy, state.domain, path.slice(prefix.length), query, {
    secret: services.apiSecret,
    timestamp: Math.floor(services.clock.now() / 1000),
    customerId: Array.isArray(customer) ? customer[0] : customer,
  });
  const contentType = req.headers["content-type"];
  const response = await fetch(target, {
    method,
    redirect: "manual",
    headers: {
      ...(contentType ? { "Content-Type": contentType } : {}),
      Accept: req.headers.accept ?? "*/*",
      "User-Agent": req.headers["user-agent"] ?? "Shopify App Proxy",
    },
    body: method === "GET" || method === "HEAD" ? undefined : await body(),
  });
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "location", "cache-control"]) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return { status: response.status, body: await response.text(), headers };
}
