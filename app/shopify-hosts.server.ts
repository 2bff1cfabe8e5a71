import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

// The store simulator switch. With SHOPIFY_SIMULATOR_URL set, every request the Shopify
// libraries make to a shop's own host (https://<shop>.myshopify.com/admin/…: the Admin API and
// the OAuth token endpoint) goes to the simulator instead, carrying the shop's host in
// X-Forwarded-Host; App Bridge's script is served from the simulator too (see app/routes/app.tsx
// and the APP_BRIDGE_URL variable that @shopify/shopify-app-remix reads for its bounce page).
// Nothing else in the app knows the simulator exists (docs/decisions/0003-store-simulator.md).

const SHOP_HOST = /\.myshopify\.(com|io)$/i;

export function rewriteToSimulator(input: string | URL, simulatorUrl: string): { url: string; forwardedHost?: string } {
  const url = new URL(input.toString());
  if (!SHOP_HOST.test(url.hostname)) return { url: url.toString() };
  const target = new URL(url.pathname + url.search, simulatorUrl);
  return { url: target.toString(), forwardedHost: url.host };
}

let installedFor: string | undefined;

export function pointShopifyHostsAt(simulatorUrl: string): void {
  if (installedFor === simulatorUrl) return;
  installedFor = simulatorUrl;
  const realFetch = abstractFetch;
  setAbstractFetchFunc(async (input, init) => {
    const requestUrl = typeof input === "string" || input instanceof URL ? input.toString() : input.url;
    const { url, forwardedHost } = rewriteToSimulator(requestUrl, simulatorUrl);
    if (!forwardedHost) return realFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Forwarded-Host", forwardedHost);
    return realFetch(url, { ...init, headers });
  });
}

export function appBridgeScriptUrl(simulatorUrl: string | undefined): string | undefined {
  return simulatorUrl ? new URL("/shopifycloud/app-bridge.js", simulatorUrl).toString() : undefined;
}

/**
 * The library preloads App Bridge from Shopify's CDN with a Link header on every document; with
 * the simulator that host is unreachable, so the preload names the simulator's stand-in instead.
 */
export function pointDocumentHeadersAt(headers: Headers, simulatorUrl: string | undefined): void {
  const script = appBridgeScriptUrl(simulatorUrl);
  if (script && headers.has("Link")) headers.set("Link", `<${script}>; rel="preload"; as="script";`);
}

/**
 * A page the shop's storefront serves, such as the app's App Proxy paths: on the shop's own domain,
 * or under the simulator's storefront when the switch is on.
 */
export function storefrontUrl(shop: string, path: string, simulatorUrl: string | undefined): string {
  return simulatorUrl ? new URL(`/_sim/storefront/${shop}${path}`, simulatorUrl).toString() : `https://${shop}${path}`;
}
