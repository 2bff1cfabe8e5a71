import { LogSeverity, shopifyApi, WebhookValidationErrorReason, type WebhookValidationValid } from "@shopify/shopify-api";
import { API_VERSION } from "../api-version";
import { env } from "../env.server";

// The library's own webhook check (required headers, HMAC of the raw body with the app secret)
// without the JSON.parse that authenticate.webhook does after it: a verified body that is not JSON
// must still be answered 2xx and kept, not fail the request.

let webhooks: ReturnType<typeof shopifyApi>["webhooks"] | undefined;

function validator() {
  if (!webhooks) {
    const config = env();
    const appUrl = new URL(config.SHOPIFY_APP_URL);
    webhooks = shopifyApi({
      apiKey: config.SHOPIFY_API_KEY,
      apiSecretKey: config.SHOPIFY_API_SECRET,
      apiVersion: API_VERSION as Parameters<typeof shopifyApi>[0]["apiVersion"],
      hostName: appUrl.host,
      hostScheme: appUrl.protocol === "http:" ? "http" : "https",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    }).webhooks;
  }
  return webhooks;
}

/**
 * The request the validator is given: the method, the URL and Shopify's own headers, which are
 * all it reads. The library looks each header up by canonicalising every name it holds (a regex
 * per name per lookup), so a delivery's other headers (proxies', the CDN's) would only cost time.
 */
export function webhookRequest(method: string, url: string | URL, headers: Iterable<[string, string]>): Request {
  const shopify = new Headers();
  for (const [name, value] of headers) if (/^x-shopify-/i.test(name)) shopify.append(name, value);
  return new Request(url, { method, headers: shopify });
}

/**
 * The delivery's verified headers, or what Shopify is answered: 405, 400 (headers missing) or 401
 * (bad HMAC). `request` gives the method and headers (see webhookRequest); `rawBody` is its body.
 */
export async function verifyWebhook(
  request: Request,
  rawBody: string,
): Promise<{ ok: true; fields: WebhookValidationValid } | { ok: false; answer: { status: number; statusText: string } }> {
  if (request.method !== "POST") return { ok: false, answer: { status: 405, statusText: "Method not allowed" } };
  const check = await validator().validate({ rawBody, rawRequest: request });
  if (check.valid) return { ok: true, fields: check };
  const forged = check.reason === WebhookValidationErrorReason.InvalidHmac;
  return { ok: false, answer: forged ? { status: 401, statusText: "Unauthorized" } : { status: 400, statusText: "Bad Request" } };
}
