// The bits of Shopify's admin that an embedded app meets in the browser: opening the app
// (a redirect carrying a fresh session token, as the admin's iframe URL does), session tokens
// on demand, and a stand-in for App Bridge's script (Shopify's CDN is unreachable here).
import { readFileSync } from "node:fs";
import path from "node:path";
import { CORS_HEADERS, type HttpAnswer } from "./http";
import { normalizeShopDomain } from "./ids";
import type { SimulatorServices } from "./services";

const appBridgeSource = readFileSync(path.join(import.meta.dirname, "app-bridge.js"), "utf8");

function notFound(message: string, headers: Record<string, string> = {}): HttpAnswer {
  return { status: 404, body: { error: message }, headers };
}

function openApp(services: SimulatorServices, shopParam: string, appPath: string, query: URLSearchParams): HttpAnswer {
  const state = services.store.getShop(shopParam);
  if (!state) return notFound(`No simulated shop ${normalizeShopDomain(shopParam)}`);
  return { status: 302, headers: { Location: services.auth.embeddedAppUrl(state, appPath.replace(/^\/+/, ""), query) } };
}

/** Answers the admin and App Bridge routes, or null when none matches. */
export function handleEmbedded(services: SimulatorServices, method: string, pathname: string, query: URLSearchParams): HttpAnswer | null {
  if (method !== "GET") return null;

  if (pathname === "/shopifycloud/app-bridge.js") {
    return {
      status: 200,
      body: appBridgeSource,
      headers: { ...CORS_HEADERS, "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" },
    };
  }

  if (pathname === "/_sim/session-token") {
    const shop = query.get("shop");
    const state = shop ? services.store.getShop(shop) : undefined;
    if (!state) return notFound(`No simulated shop ${shop ?? "(missing ?shop=)"}`, CORS_HEADERS);
    return { status: 200, body: { idToken: services.auth.issueSessionToken(state) }, headers: { ...CORS_HEADERS, "Cache-Control": "no-store" } };
  }

  const open = /^\/_sim\/open\/([^/]+)(\/.*)?$/.exec(pathname);
  if (open) return openApp(services, decodeURIComponent(open[1]), open[2] ?? "", query);

  // admin.shopify.com/store/<handle>/apps/<app handle or client id>/<path>, with or without the
  // /admin prefix (the library builds the latter from the decoded `host`).
  const admin = /^(?:\/admin)?\/store\/([^/]+)\/apps\/([^/]+)(\/.*)?$/.exec(pathname);
  if (admin) {
    const app = decodeURIComponent(admin[2]);
    if (app !== services.apiKey && app !== services.appConfig.handle) return notFound(`No app "${app}" is installed here`);
    return openApp(services, decodeURIComponent(admin[1]), admin[3] ?? "", query);
  }
  return null;
}
