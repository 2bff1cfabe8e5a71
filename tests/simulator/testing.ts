// Helpers for the simulator's own tests: a stand-in app that records webhook deliveries, a
// control-API client, and the same host rewrite the app uses (app/shopify-hosts.server.ts).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { API_VERSION } from "../../app/api-version";
import { startSimulator, type Simulator, type SimulatorOptions } from "./server";

export const API_KEY = "sim-test-client-id";
export const API_SECRET = "sim-test-secret";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the stand-in app answers; it may also write to `res` itself (then return undefined). */
export type Responder = (request: ReceivedRequest, req: IncomingMessage, res: ServerResponse) => number | undefined | Promise<number | undefined>;

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** A stand-in for the app: records every request and answers 200 unless told otherwise. */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let responder: Responder = () => 200;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    received.push(request);
    const status = await responder(request, req, res);
    if (status !== undefined && !res.headersSent) res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    respondWith(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestSimulator extends Simulator {
  control<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  graphql<T = any>(shop: string, token: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: T }>;
  /** An offline access token for the shop, obtained through token exchange like the app does. */
  offlineToken(shop: string): Promise<string>;
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ port: 0, apiKey: API_KEY, apiSecret: API_SECRET, ...options });
  const request = async (path: string, init: RequestInit) => {
    const response = await fetch(new URL(path, sim.url), init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const control: TestSimulator["control"] = (method, path, body) =>
    request(path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return Object.assign(sim, {
    control,
    graphql: ((shop, token, query, variables) =>
      request(`/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop, "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query, variables }),
      })) as TestSimulator["graphql"],
    async offlineToken(shop: string) {
      const { body } = await control("GET", `/_sim/session-token?shop=${shop}`);
      const response = await request("/admin/oauth/access_token", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: body.idToken,
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        }),
      });
      if (response.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(response.body)}`);
      return response.body.access_token as string;
    },
  });
}

/** The app's switch (app/shopify-hosts.server.ts): https://<shop>.myshopify.com/… goes to the simulator. */
export function fetchThroughSimulator(simulatorUrl: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (!url.hostname.endsWith(".myshopify.com")) return fetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Forwarded-Host", url.host);
    return fetch(new URL(url.pathname + url.search, simulatorUrl), { ...init, headers });
  };
}

/** A small shop: two locations, two products (three variants), two customers. */
export const SMALL_CATALOGUE = {
  locations: [
    { name: "Newark Warehouse", address: { address1: "200 Doremus Ave", city: "Newark", provinceCode: "NJ", countryCode: "US", zip: "07105" } },
    { name: "Brooklyn Store", address: { address1: "85 N 3rd St", city: "Brooklyn", provinceCode: "NY", countryCode: "US", zip: "11249" } },
  ],
  products: [
    {
      title: "Trailhead Rain Jacket",
      vendor: "Orderflow Outfitters",
      productType: "Jackets",
      tags: ["outerwear"],
      variants: [
        { title: "M", sku: "TRJ-M", price: "129.00", inventory: { "Newark Warehouse": 1, "Brooklyn Store": 5 } },
        { title: "L", sku: "TRJ-L", price: "129.00", inventory: { "Newark Warehouse": 3 } },
      ],
    },
    { title: "Alpine Wool Socks", vendor: "Orderflow Outfitters", productType: "Socks", variants: [{ sku: "AWS", price: "24.00", inventory: { "Newark Warehouse": 40 } }] },
  ],
  customers: [
    { firstName: "Maya", lastName: "Chen", email: "maya.chen@example.com", phone: "+12125550143" },
    { firstName: "Lucas", lastName: "Martin", email: "lucas.martin@example.fr" },
  ],
};

export const MAYA_ADDRESS = {
  firstName: "Maya",
  lastName: "Chen",
  address1: "410 W 42nd St",
  address2: "Apt 5C",
  city: "New York",
  province: "New York",
  provinceCode: "NY",
  countryCode: "US",
  zip: "10036",
  phone: "+12125550143",
};
