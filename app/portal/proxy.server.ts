import { db } from "../db.server";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";
import { DEFAULT_PORTAL_LIMITS, limitRequest, type PortalLimits } from "./rate-limit.server";
import { portalResponse, tooManyAttempts } from "./views.server";

// Every portal request starts here: Shopify's proxy signature and timestamp checked by
// authenticate.public.appProxy (a forged or stale one is 401 here, where the library says 400),
// then the shop's and the client's rate limits.

export interface PortalContext {
  shop: string;
  /** The storefront's logged_in_customer_id (signed by Shopify); empty for a guest. */
  customerId: string;
  /** Who the limits count: the signed-in customer, else the address Shopify's proxy forwards. */
  client: string;
  /** The portal's storefront path (the proxy's path_prefix, /apps/returns unless the merchant changed it). */
  base: string;
  secret: string;
  limits: PortalLimits;
}

export async function portalContext(request: Request): Promise<PortalContext> {
  try {
    await authenticate.public.appProxy(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 400) {
      throw new Response("The request did not come through the store.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw thrown;
  }
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop") ?? "";
  const customerId = query.get("logged_in_customer_id") ?? "";
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const client = customerId ? `customer:${customerId}` : `ip:${forwarded || "unknown"}`;
  const base = (query.get("path_prefix") ?? "/apps/returns").replace(/\/$/, "");
  const context = { shop, customerId, client, base, secret: env().SHOPIFY_API_SECRET, limits: DEFAULT_PORTAL_LIMITS };
  const allowed = await limitRequest(db(), context.limits, shop, client);
  if (!allowed.ok) throw portalResponse(tooManyAttempts(base, allowed.retryAfterSeconds), 429, { "Retry-After": String(allowed.retryAfterSeconds) });
  return context;
}
