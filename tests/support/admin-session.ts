// Calls the app's admin routes as the embedded admin does: with a fresh App Bridge session token
// from the simulator in the Authorization header (authenticate.admin's fetch path).
import { API_VERSION } from "../../app/api-version";
import type { AppHarness } from "./app-harness";

export async function sessionToken(simulatorUrl: string, shop: string): Promise<string> {
  const response = await fetch(new URL(`/_sim/session-token?shop=${shop}`, simulatorUrl));
  if (!response.ok) throw new Error(`no session token for ${shop}: ${response.status}`);
  return ((await response.json()) as { idToken: string }).idToken;
}

/** GET a loader, or POST a form (arrays repeat as name[]) to an action, as a staff member of the shop. */
export async function asMerchant(h: AppHarness, shop: string, path: string, form?: Record<string, string | string[]>): Promise<Response> {
  const headers = new Headers({ Authorization: `Bearer ${await sessionToken(h.simulatorUrl, shop)}`, Accept: "application/json" });
  if (!form) return h.call(path, { headers });
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    if (Array.isArray(value)) for (const item of value) body.append(`${name}[]`, item);
    else body.set(name, value);
  }
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return h.call(path, { method: "POST", headers, body });
}

/**
 * The Admin API as someone else would use it (Shopify's own admin, another app): an offline token
 * of its own, through the same token exchange.
 */
export async function otherAdminClient(simulatorUrl: string, shop: string, apiKey: string, apiSecret: string) {
  const exchange = await fetch(new URL("/admin/oauth/access_token", simulatorUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop },
    body: JSON.stringify({
      client_id: apiKey,
      client_secret: apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: await sessionToken(simulatorUrl, shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  const { access_token: token } = (await exchange.json()) as { access_token: string };
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(new URL(`/admin/api/${API_VERSION}/graphql.json`, simulatorUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop, "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()) as { data: T }).data;
  };
}
