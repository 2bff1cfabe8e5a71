// The app's route modules behind a real HTTP server, wired to a simulator and a fresh test
// database — without building the app. Integration tests send real signed requests (from the
// simulator or by hand) into the same loaders and actions production runs.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator } from "../simulator/server";
import type { SimStore } from "../simulator/store";
import { appScopes, LOCAL_API_KEY, LOCAL_API_SECRET } from "./stack";
import { simControl } from "./sim-control";
import { createTestDb, type TestDb } from "./test-db";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

const ROUTES: Record<string, () => Promise<RouteModule>> = {
  "/webhooks/orders/create": () => import("../../app/routes/webhooks.orders.create"),
  "/webhooks/orders/updated": () => import("../../app/routes/webhooks.orders.updated"),
  "/webhooks/app/uninstalled": () => import("../../app/routes/webhooks.app.uninstalled"),
  "/webhooks/customers/data_request": () => import("../../app/routes/webhooks.customers.data_request"),
  "/webhooks/customers/redact": () => import("../../app/routes/webhooks.customers.redact"),
  "/webhooks/shop/redact": () => import("../../app/routes/webhooks.shop.redact"),
  "/webhooks/orders/paid": () => import("../../app/routes/webhooks.orders.paid"),
  "/webhooks/orders/cancelled": () => import("../../app/routes/webhooks.orders.cancelled"),
  "/webhooks/orders/edited": () => import("../../app/routes/webhooks.orders.edited"),
  "/webhooks/fulfillment_orders/placed_on_hold": () => import("../../app/routes/webhooks.fulfillment_orders.placed_on_hold"),
  "/webhooks/fulfillment_orders/hold_released": () => import("../../app/routes/webhooks.fulfillment_orders.hold_released"),
  "/webhooks/fulfillment_orders/cancelled": () => import("../../app/routes/webhooks.fulfillment_orders.cancelled"),
  "/webhooks/fulfillment_orders/split": () => import("../../app/routes/webhooks.fulfillment_orders.split"),
  "/webhooks/fulfillment_orders/moved": () => import("../../app/routes/webhooks.fulfillment_orders.moved"),
  "/webhooks/fulfillment_orders/merged": () => import("../../app/routes/webhooks.fulfillment_orders.merged"),
  "/webhooks/fulfillment_orders/order_routing_complete": () => import("../../app/routes/webhooks.fulfillment_orders.order_routing_complete"),
  "/webhooks/inventory_levels/update": () => import("../../app/routes/webhooks.inventory_levels.update"),
  "/webhooks/bulk_operations/finish": () => import("../../app/routes/webhooks.bulk_operations.finish"),
  "/webhooks/fulfillment_events/create": () => import("../../app/routes/webhooks.fulfillment_events.create"),
  "/webhooks/returns/request": () => import("../../app/routes/webhooks.returns.request"),
  "/webhooks/returns/approve": () => import("../../app/routes/webhooks.returns.approve"),
  "/webhooks/returns/decline": () => import("../../app/routes/webhooks.returns.decline"),
  "/webhooks/returns/process": () => import("../../app/routes/webhooks.returns.process"),
  "/webhooks/returns/close": () => import("../../app/routes/webhooks.returns.close"),
  "/webhooks/returns/cancel": () => import("../../app/routes/webhooks.returns.cancel"),
  "/webhooks/reverse_deliveries/attach_deliverable": () => import("../../app/routes/webhooks.reverse_deliveries.attach_deliverable"),
  "/webhooks/refunds/create": () => import("../../app/routes/webhooks.refunds.create"),
  "/app": () => import("../../app/routes/app._index"),
  "/app/webhooks": () => import("../../app/routes/app.webhooks"),
  "/app/exceptions": () => import("../../app/routes/app.exceptions"),
  "/app/orders/:id": () => import("../../app/routes/app.orders.$id"),
  "/app/settings": () => import("../../app/routes/app.settings"),
  "/app/dead-letters": () => import("../../app/routes/app.dead-letters"),
  "/proxy/returns/fix/:token": () => import("../../app/routes/proxy.returns.fix.$token"),
  "/proxy/returns": () => import("../../app/routes/proxy.returns._index"),
  "/proxy/returns/lookup": () => import("../../app/routes/proxy.returns.lookup"),
  "/proxy/returns/items": () => import("../../app/routes/proxy.returns.items"),
  "/proxy/returns/exchange": () => import("../../app/routes/proxy.returns.exchange"),
  "/proxy/returns/delivery": () => import("../../app/routes/proxy.returns.delivery"),
  "/proxy/returns/submit": () => import("../../app/routes/proxy.returns.submit"),
  "/proxy/returns/status/:token": () => import("../../app/routes/proxy.returns.status.$token"),
  "/healthz": () => import("../../app/routes/healthz"),
};

/** The route module for a path and its params (`:name` segments, as Remix's `$name` files). */
function matchRoute(pathname: string): { load: () => Promise<RouteModule>; params: Record<string, string> } | undefined {
  for (const [pattern, load] of Object.entries(ROUTES)) {
    const names: string[] = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
    const match = regex.exec(pathname);
    if (match) return { load, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

export interface AppHarness {
  appUrl: string;
  simulatorUrl: string;
  apiSecret: string;
  testDb: TestDb;
  /** The simulator's control API. */
  sim: ReturnType<typeof simControl>;
  /** The simulator's state, for what its control API does not set up. */
  simulatorStore: SimStore;
  /** Work every runnable job, then resolve (the in-process queue). */
  drain(): Promise<void>;
  /**
   * Deliver every webhook the simulator holds and work every job, including jobs waiting out a
   * retry back-off (a THROTTLED answer), until nothing is left.
   */
  settle(timeoutMs?: number): Promise<void>;
  /** Call a route's loader or action directly with a Request. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Answer 200 to matching requests arriving over HTTP without handing them to the app: a
   * webhook "lost" on the way, so a test controls exactly which deliveries the app sees.
   */
  drop(predicate: ((request: Request) => boolean) | undefined): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = matchRoute(url.pathname);
  if (!route) return new Response("no such route in the harness", { status: 404 });
  const module = await route.load();
  const fn = request.method === "GET" ? module.loader : module.action;
  if (!fn) return new Response(null, { status: 405 });
  try {
    const result = await fn({ request, params: route.params, context: {} });
    if (result instanceof Response) return result;
    // Remix's data(value, init): a value with a status, as the route would answer it.
    if (isDataWithInit(result)) return Response.json(result.data, result.init ?? undefined);
    return Response.json(result ?? null);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * Jobs due now or soon (a retry's back-off), on SQLite's Job table or graphile-worker's; a scheduled
 * run further away (the next reconciliation) does not keep a test waiting, a dead job does.
 */
async function jobsLeft(testDb: TestDb): Promise<number> {
  const soon = new Date(Date.now() + 30_000);
  if (testDb.flavour === "sqlite") return testDb.db.job.count({ where: { runAt: { lte: soon } } });
  const rows = await testDb.db.$queryRawUnsafe<Array<{ n: number }>>(
    "select count(*)::int as n from graphile_worker.jobs where run_at <= $1",
    soon,
  );
  return rows[0].n;
}

export async function startAppHarness(): Promise<AppHarness> {
  const testDb = await createTestDb();
  let dropped: ((request: Request) => boolean) | undefined;
  const server: Server = createServer(async (req, res) => {
    try {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
      const request = new Request(new URL(req.url ?? "/", appUrl), {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body,
      });
      const response = dropped?.(request) ? new Response(null, { status: 200 }) : await dispatch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulator = await startSimulator({ port: 0, appUrl, apiKey: LOCAL_API_KEY, apiSecret: LOCAL_API_SECRET });

  // The app reads its environment once, on first use; set it before any app module runs.
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    SHOPIFY_API_KEY: LOCAL_API_KEY,
    SHOPIFY_API_SECRET: LOCAL_API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: appScopes(),
    SHOPIFY_SIMULATOR_URL: simulator.url,
    WORKER_MODE: "in-process",
    WORKER_CONCURRENCY: "2",
  });
  globalThis.orderflowDb = testDb.db;
  globalThis.orderflowQueue = undefined;
  globalThis.orderflowInbox = undefined;
  const { jobQueue } = await import("../../app/jobs/runtime.server");
  const sim = simControl(simulator.url);

  return {
    appUrl,
    simulatorUrl: simulator.url,
    apiSecret: LOCAL_API_SECRET,
    testDb,
    sim,
    simulatorStore: simulator.store,
    drain: () => jobQueue().drain(),
    async settle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let delivered = -1;
      for (;;) {
        await simulator.webhooks.flush();
        await jobQueue().drain();
        const now = simulator.webhooks.deliveries().length;
        if ((await jobsLeft(testDb)) === 0 && now === delivered) return;
        if (Date.now() > deadline) throw new Error("the app did not settle: jobs or webhooks are still pending");
        delivered = now;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    call: (path, init) => dispatch(new Request(new URL(path, appUrl), init)),
    drop(predicate) {
      dropped = predicate;
    },
    async close() {
      await globalThis.orderflowQueue?.stop();
      globalThis.orderflowQueue = undefined;
      globalThis.orderflowInbox?.close();
      globalThis.orderflowInbox = undefined;
      globalThis.orderflowDb = undefined;
      await simulator.close();
      await new Promise((resolve) => server.close(resolve));
      await testDb.close();
    },
  };
}
