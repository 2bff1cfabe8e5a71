// The local store simulator: plays Shopify for one or more shops so the app, its tests, the
// demo and the benchmarks run offline (docs/decisions/0003-store-simulator.md).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { API_VERSION } from "../../app/api-version";
import { defaultAppTomlPath, readAppConfig } from "./app-config";
import { ShopifyAuth } from "./auth";
import { type Clock, systemClock } from "./clock";
import { handleControl } from "./control";
import { handleEmbedded } from "./embedded";
import type { BucketLimits } from "./graphql/bucket";
import { AdminGraphqlEndpoint } from "./graphql/handler";
import { CORS_HEADERS, type HttpAnswer, parseBody, readBody, send } from "./http";
import { bulkResultBody, findBulkResult, tickBulkOperations } from "./bulk-operations";
import {
  fulfillmentEventPayload,
  bulkOperationFinishPayload,
  fulfillmentHoldPayloadFor,
  fulfillmentOrderCancelledPayload,
  fulfillmentOrderHoldReleasedPayload,
  fulfillmentOrderPlacedOnHoldPayload,
  fulfillmentPayload,
  inventoryLevelPayload,
  orderPayload,
  shopPayload,
  refundPayload,
  returnDeclinePayload,
  returnPayload,
  returnStatusPayload,
  reverseDeliveryPayload,
} from "./payloads";
import { findReverseDelivery } from "./returns";
import { loadAdminSchema } from "./schema/admin-schema";
import type { SimulatorServices } from "./services";
import { handleStorefront } from "./storefront";
import { type ShopState, SimInputError, SimStore, type StoreEvent } from "./store";
import { WebhookDispatcher, type WebhookSwitchesInput } from "./webhooks";

export interface SimulatorOptions {
  /** 0 picks a free port. Default 4100. */
  port?: number;
  host?: string;
  /** Where the app runs; webhook URIs and the embedded app URL resolve against it. */
  appUrl?: string;
  apiKey?: string;
  apiSecret?: string;
  appTomlPath?: string;
  /** Default leaky bucket of every shop (Standard plan); POST /_sim/shops can override it per shop. */
  bucket?: BucketLimits;
  webhooks?: WebhookSwitchesInput;
  /** Default pace of every shop's bulk operations; POST /_sim/shops can override it per shop. */
  bulkObjectsPerSecond?: number;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  port: number;
  store: SimStore;
  webhooks: WebhookDispatcher;
  auth: ShopifyAuth;
  close(): Promise<void>;
}

export const DEFAULT_API_KEY = "orderflow-local-client-id";
export const DEFAULT_API_SECRET = "orderflow-local-secret";
export const STANDARD_BUCKET: BucketLimits = { maximumAvailable: 2000, restoreRate: 100 };

const NOT_FOUND: HttpAnswer = { status: 404, body: { errors: "Not Found" } };
const INVALID_TOKEN: HttpAnswer = {
  status: 401,
  body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
};

/** The shop a request to https://<shop>.myshopify.com/… was meant for (see app/shopify-hosts.server.ts). */
function shopDomainOf(req: IncomingMessage): string | null {
  for (const header of [req.headers["x-forwarded-host"], req.headers.host]) {
    const value = (Array.isArray(header) ? header[0] : header)?.split(",")[0].trim().toLowerCase().replace(/:\d+$/, "");
    if (value?.endsWith(".myshopify.com")) return value;
  }
  return null;
}

function webhookFor(event: StoreEvent, state: ShopState): unknown {
  switch (event.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return orderPayload(state, state.orders.get(event.orderId)!);
    case "fulfillment_orders/placed_on_hold":
      return fulfillmentOrderPlacedOnHoldPayload(state.fulfillmentOrders.get(event.fulfillmentOrderId)!, event.hold);
    case "fulfillment_orders/hold_released":
      return fulfillmentOrderHoldReleasedPayload(state.fulfillmentOrders.get(event.fulfillmentOrderId)!);
    case "fulfillment_orders/cancelled":
      return fulfillmentOrderCancelledPayload(state.fulfillmentOrders.get(event.fulfillmentOrderId)!);
    case "fulfillment_holds/added":
    case "fulfillment_holds/released":
      return fulfillmentHoldPayloadFor(state.fulfillmentOrders.get(event.fulfillmentOrderId)!, event.hold);
    case "app/uninstalled":
      return shopPayload(state);
    case "orders/fulfilled":
    case "orders/partially_fulfilled":
      return orderPayload(state, state.orders.get(event.orderId)!);
    case "fulfillments/create":
    case "fulfillments/update":
      return fulfillmentPayload(state, state.fulfillments.get(event.fulfillmentId)!);
    case "fulfillment_events/create": {
      const fulfillment = state.fulfillments.get(event.fulfillmentId)!;
      return fulfillmentEventPayload(state, fulfillment, fulfillment.events.find((e) => e.id === event.eventId)!);
    }
    case "inventory_levels/update":
      return inventoryLevelPayload(state.inventoryLevels.get(event.levelId)!);
    case "bulk_operations/finish":
      return bulkOperationFinishPayload(state.bulkOperations.get(event.operationId)!);
    case "returns/request":
    case "returns/approve":
      return returnPayload(state, state.returns.get(event.returnId)!);
    case "returns/decline":
      return returnDeclinePayload(state.returns.get(event.returnId)!);
    case "returns/process":
    case "returns/close":
    case "returns/cancel":
      return returnStatusPayload(state.returns.get(event.returnId)!);
    case "reverse_deliveries/attach_deliverable": {
      const found = findReverseDelivery(state, event.reverseDeliveryId)!;
      return reverseDeliveryPayload(found.ret, found.delivery);
    }
    case "refunds/create":
      return refundPayload(state, state.refunds.get(event.refundId)!);
  }
}

async function route(services: SimulatorServices, req: IncomingMessage): Promise<HttpAnswer> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://simulator.local");
  const { pathname, searchParams } = url;

  if (method === "OPTIONS") return { status: 204, headers: CORS_HEADERS };

  const embedded = handleEmbedded(services, method, pathname, searchParams);
  if (embedded) return embedded;

  const storefront = await handleStorefront(services, req, pathname, searchParams, shopDomainOf(req), () => readBody(req));
  if (storefront) return storefront;

  const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(pathname);
  if (graphql) {
    if (graphql[1] !== API_VERSION || method !== "POST") return NOT_FOUND;
    const domain = shopDomainOf(req);
    const state = domain ? services.store.getShop(domain) : undefined;
    if (!state) return NOT_FOUND;
    const token = req.headers["x-shopify-access-token"];
    if (!services.auth.acceptsAccessToken(state, Array.isArray(token) ? token[0] : token)) return INVALID_TOKEN;
    const body = parseBody(await readBody(req), req.headers["content-type"]);
    const fault = state.faults.shift();
    if (fault) {
      return {
        status: fault.status,
        body: { errors: fault.status === 429 ? "Too Many Requests" : "Internal Server Error" },
        headers: fault.retryAfterSeconds === null ? {} : { "Retry-After": String(fault.retryAfterSeconds) },
      };
    }
    const logged = state.mutationLog.length;
    const answer = await services.graphql.handle(state, body);
    const held = state.mutationLog.slice(logged).findIndex((entry) => state.heldMutations.includes(entry.name));
    if (held !== -1) {
      state.heldMutations.splice(state.heldMutations.indexOf(state.mutationLog[logged + held].name), 1);
      await new Promise((resolve) => req.socket.once("close", resolve));
      return { status: 0 };
    }
    return answer;
  }

  const bulkResult = /^\/_sim\/bulk-results\/([0-9a-f]+)\.jsonl$/.exec(pathname);
  if (bulkResult && method === "GET") {
    const operation = findBulkResult(services.store, bulkResult[1]);
    if (!operation) return { status: 404, body: "NoSuchKey", headers: { "Content-Type": "text/plain" } };
    return { status: 200, body: bulkResultBody(operation), headers: { "Content-Type": "application/jsonl" } };
  }

  if (pathname === "/admin/oauth/access_token" && method === "POST") {
    const domain = shopDomainOf(req);
    const state = domain ? services.store.getShop(domain) : undefined;
    if (!state) return NOT_FOUND;
    const body = parseBody(await readBody(req), req.headers["content-type"]);
    const params: Record<string, string> = Object.fromEntries(searchParams);
    for (const [key, value] of Object.entries(body)) if (value !== undefined && value !== null) params[key] = String(value);
    return services.auth.accessToken(state, params);
  }

  if (pathname === "/admin/oauth/authorize" && method === "GET") {
    const domain = shopDomainOf(req) ?? searchParams.get("shop");
    const state = domain ? services.store.getShop(domain) : undefined;
    if (!state) return NOT_FOUND;
    return services.auth.authorize(state, searchParams);
  }

  if (pathname.startsWith("/_sim/")) {
    if (pathname === "/_sim/webhooks/flush" && method === "POST") {
      await services.webhooks.flush();
      return { status: 200, body: { flushed: true, deliveries: services.webhooks.deliveries().length } };
    }
    const body = method === "GET" ? {} : parseBody(await readBody(req), req.headers["content-type"]);
    const answer = handleControl(services, method, pathname, searchParams, body);
    if (answer) return answer;
    return { status: 404, body: { error: `No control route ${method} ${pathname}` } };
  }

  return NOT_FOUND;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const apiSecret = options.apiSecret ?? DEFAULT_API_SECRET;
  const appUrl = options.appUrl ?? "http://localhost:3000";
  const appConfig = readAppConfig(options.appTomlPath ?? defaultAppTomlPath);
  const store = new SimStore(clock, options.bucket ?? STANDARD_BUCKET, options.bulkObjectsPerSecond);
  const initialSwitches = options.webhooks ?? {};
  const webhooks = new WebhookDispatcher({
    appUrl,
    apiSecret,
    apiVersion: appConfig.webhookApiVersion,
    subscriptions: appConfig.subscriptions,
    clock,
    switches: initialSwitches,
    log,
  });
  const auth = new ShopifyAuth({ apiKey, apiSecret, scopes: appConfig.scopes, appUrl, redirectUrls: appConfig.redirectUrls }, clock);
  const services: SimulatorServices = {
    store,
    auth,
    webhooks,
    graphql: new AdminGraphqlEndpoint(loadAdminSchema(), store),
    clock,
    appConfig,
    apiKey,
    apiSecret,
    appUrl,
    initialSwitches,
  };

  store.on((event) => {
    const state = store.getShop(event.shop);
    if (state) webhooks.emit(state.domain, event.topic, webhookFor(event, state));
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(services, req)
      .catch((error: unknown): HttpAnswer => {
        if (error instanceof SimInputError) return { status: error.status, body: { error: error.message } };
        log(`simulator error on ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { status: 500, body: { errors: error instanceof Error ? error.message : String(error) } };
      })
      .then((answer) => {
        log(`${req.method} ${req.url} → ${answer.status}`);
        if (!req.socket.destroyed) send(res, answer);
      });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4100, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  store.baseUrl = url;
  // Bulk operations finish on their own, and say so by webhook, whether or not anyone asks.
  const bulkTimer = setInterval(() => {
    for (const state of store.shops()) tickBulkOperations(store, state);
  }, 200);
  bulkTimer.unref();

  return {
    url,
    port,
    store,
    webhooks,
    auth,
    close: async () => {
      clearInterval(bulkTimer);
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
