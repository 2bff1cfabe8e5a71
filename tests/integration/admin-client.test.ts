import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminGraphql } from "../../app/shopify/admin-client.server";
import { demoCatalogue, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";

// The throttle-aware client over the real `admin.graphql` of @shopify/shopify-app-remix (which
// throws GraphqlQueryError for THROTTLED and HttpResponseError for 429/5xx) against the
// simulator's bucket and its injected HTTP faults.

const SHOP = "client-test.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;
let graphql: AdminGraphql;
let lib: {
  fetchLevelNow: typeof import("../../app/shopify/inventory.server").fetchLevelNow;
  fetchLocations: typeof import("../../app/shopify/inventory.server").fetchLocations;
  stats: () => import("../../app/shopify/throttled-graphql.server").ClientStats;
};
let item: string;
let location: string;

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
  // A bucket of 120 points restoring 25 a second. Each test that needs a throttle empties it
  // first, so thirty reads of a few points need ~6 s of restore and some are throttled however
  // slowly a busy machine sends them (a full 120/50 bucket let a loaded CI runner spread the
  // burst thinly enough that it never emptied).
  await sim.post("/_sim/shops", { shop: SHOP, bucket: { maximumAvailable: 120, restoreRate: 25 } });
  const seeded = await sim.post<{ locations: Array<{ id: string }>; products: Array<{ variants: Array<{ inventoryItemId: string }> }> }>(
    `/_sim/shops/${SHOP}/seed`,
    demoCatalogue(),
  );
  item = seeded.products[0].variants[0].inventoryItemId;
  location = seeded.locations[0].id;
  await installApp(h.simulatorUrl, SHOP);
  const [{ adminForShop }, inventory, { shopThrottle }] = await Promise.all([
    import("../../app/shopify/clients.server"),
    import("../../app/shopify/inventory.server"),
    import("../../app/shopify/throttled-graphql.server"),
  ]);
  graphql = (await adminForShop(SHOP))!;
  // The install's own jobs (first inventory sync, reconcile) spend from the same bucket: let them finish.
  await h.settle();
  lib = { fetchLevelNow: inventory.fetchLevelNow, fetchLocations: inventory.fetchLocations, stats: () => shopThrottle(SHOP).stats };
});

afterAll(async () => {
  await h?.close();
});

const requestLog = () => sim.get<Array<{ operationName: string; throttled: boolean }>>(`/_sim/shops/${SHOP}/requests`);

describe("the throttle-aware client over the library's admin.graphql", () => {
  it("retries every THROTTLED answer (thrown as GraphqlQueryError) until each read gets its data", { timeout: 60_000 }, async () => {
    // GIVEN an empty bucket the client has not seen emptied WHEN thirty reads go at once
    await sim.post(`/_sim/shops/${SHOP}/bucket`, { currentlyAvailable: 0 });
    const reads = await Promise.all(Array.from({ length: 30 }, () => lib.fetchLevelNow(graphql, item, location)));

    // THEN every one has the level, the simulator throttled some, and none was left unhandled
    expect(reads.every((read) => read.level?.quantities.available === 18)).toBe(true);
    const log = (await requestLog()).filter((entry) => entry.operationName === "InventoryLevelNow");
    expect(log.filter((entry) => entry.throttled).length).toBeGreaterThan(0);
    expect(log.filter((entry) => !entry.throttled)).toHaveLength(30);
    expect(lib.stats().unhandledThrottled).toBe(0);
  });

  it("then paces itself: once it knows the bucket, a second burst is never throttled", async () => {
    const before = (await requestLog()).length;
    await Promise.all(Array.from({ length: 12 }, () => lib.fetchLevelNow(graphql, item, location)));
    const log = (await requestLog()).slice(before);
    expect(log.filter((entry) => entry.operationName === "InventoryLevelNow")).toHaveLength(12);
    expect(log.some((entry) => entry.throttled)).toBe(false);
  });

  it("honours Retry-After on HTTP 429 (thrown as HttpThrottlingError)", async () => {
    await sim.post(`/_sim/shops/${SHOP}/faults`, { status: 429, retryAfterSeconds: 1 });
    const retries = lib.stats().retries;
    const started = Date.now();
    expect((await lib.fetchLocations(graphql)).map((l) => l.name)).toContain("Newark Warehouse");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(lib.stats().retries).toBe(retries + 1);
  });

  it("backs off and retries HTTP 503 (thrown as HttpInternalError)", async () => {
    await sim.post(`/_sim/shops/${SHOP}/faults`, { status: 503, count: 2 });
    const retries = lib.stats().retries;
    expect((await lib.fetchLocations(graphql)).length).toBe(3);
    expect(lib.stats().retries).toBe(retries + 2);
  });
});
