// `npx tsx bench/inventory-reconcile.ts`: a full inventory reconcile of 10,000 SKUs × 3
// locations against the store simulator enforcing the Standard plan's bucket (2,000 points,
// 100 points/s), through the app's own sync code and its throttle-aware client; then the naive
// approach (page the inventory items, then each item's inventoryLevels) in the same run, on a
// sample, extrapolated. It prints figures; it never passes or fails on time.
//
// Environment: BENCH_SKUS (10000), BENCH_NAIVE_SAMPLE (300), BENCH_BULK_OBJECTS_PER_SECOND
// (5000: how fast the simulator's bulk operation reads; Shopify's own pace is not published).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { API_VERSION } from "../app/api-version";
import { createDb } from "../app/db.server";
import { importSync, pollSync, startSync } from "../app/jobs/inventory-sync.server";
import { quantitiesOf } from "../app/models/inventory.server";
import { requestSync } from "../app/models/inventory-sync.server";
import { adminRequest, type AdminGraphql } from "../app/shopify/admin-client.server";
import { ShopThrottle, throttleGraphql } from "../app/shopify/throttled-graphql.server";
import { STANDARD_BUCKET } from "../tests/simulator/server";
import { startTestSimulator } from "../tests/simulator/testing";

const SKUS = Number(process.env.BENCH_SKUS ?? 10_000);
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 300);
const BULK_RATE = Number(process.env.BENCH_BULK_OBJECTS_PER_SECOND ?? 5000);
const SHOP = "bench-inventory.myshopify.com";
const LOCATIONS = ["Newark Warehouse", "Reno Fulfillment Center", "Brooklyn Store"];
const VARIANTS_PER_PRODUCT = 5;
const root = path.resolve(import.meta.dirname, "..");

// The naive way: every inventory item's levels, one item per request.
const NAIVE_ITEMS_PAGE = `#graphql
  query BenchInventoryItemIds($after: String) {
    inventoryItems(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
  }
`;
const NAIVE_ITEM_LEVELS = `#graphql
  query BenchItemLevels($id: ID!) {
    inventoryItem(id: $id) {
      inventoryLevels(first: 50) {
        nodes {
          location { id }
          quantities(names: ["available", "on_hand", "committed", "reserved", "incoming", "damaged", "quality_control", "safety_stock"]) { name quantity }
        }
      }
    }
  }
`;

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;

function catalogue() {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return {
    locations: LOCATIONS.map((name) => ({ name, address: { countryCode: "US" } })),
    products: Array.from({ length: Math.ceil(SKUS / VARIANTS_PER_PRODUCT) }, (_, p) => ({
      title: `Bench Product ${p + 1}`,
      variants: Array.from({ length: Math.min(VARIANTS_PER_PRODUCT, SKUS - p * VARIANTS_PER_PRODUCT) }, (_, v) => ({
        title: `Size ${v + 1}`,
        sku: `B-${String(p * VARIANTS_PER_PRODUCT + v + 1).padStart(5, "0")}`,
        price: "10.00",
        inventory: Object.fromEntries(LOCATIONS.map((name) => [name, Math.floor(random() * 60)])),
      })),
    })),
  };
}

function freshDatabase() {
  const file = path.join(os.tmpdir(), `orderflow-bench-${process.pid}.sqlite`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  const migrations = path.join(root, "prisma/migrations");
  for (const dir of readdirSync(migrations, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    sqlite.exec(readFileSync(path.join(migrations, dir, "migration.sql"), "utf8"));
  }
  sqlite.close();
  return { url: `file:${file}`, remove: () => ["", "-wal", "-shm"].forEach((suffix) => rmSync(file + suffix, { force: true })) };
}

const sim = await startTestSimulator({ bucket: STANDARD_BUCKET, bulkObjectsPerSecond: BULK_RATE });
const database = freshDatabase();
const db = createDb(database.url);
try {
  console.log(`Inventory reconcile benchmark: ${fmt(SKUS)} SKUs × ${LOCATIONS.length} locations, Standard bucket (${fmt(STANDARD_BUCKET.maximumAvailable)} points, ${STANDARD_BUCKET.restoreRate}/s)`);
  console.log(`Simulator bulk operations read ${fmt(BULK_RATE)} objects/s (a simulator setting; Shopify does not publish its pace).\n`);

  let started = Date.now();
  await sim.control("POST", "/_sim/shops", { shop: SHOP });
  const seeded = await sim.control("POST", `/_sim/shops/${SHOP}/seed`, catalogue());
  if (seeded.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(seeded.body)}`);
  const token = await sim.offlineToken(SHOP);
  console.log(`Seeded the simulator in ${seconds(Date.now() - started)}.`);

  const fetchGraphql: AdminGraphql = (query, options) =>
    fetch(new URL(`/admin/api/${API_VERSION}/graphql.json`, sim.url), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Host": SHOP, "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query, variables: options?.variables }),
    });
  const throttle = new ShopThrottle();
  const graphql = throttleGraphql(fetchGraphql, throttle);
  const requestsLog = async () => (await sim.control("GET", `/_sim/shops/${SHOP}/requests`)).body as Array<{ throttled: boolean; actualQueryCost: number | null }>;

  async function reconcile(label: string) {
    const before = { ...throttle.stats };
    const logBefore = (await requestsLog()).length;
    const startedAt = Date.now();
    const { sync } = await requestSync(db, SHOP, "bench");
    await startSync({ db, graphql }, sync.id);
    const startMs = Date.now() - startedAt;
    let polls = 0;
    for (;;) {
      polls += 1;
      const outcome = await pollSync({ db, graphql }, sync.id);
      if (outcome === "completed") break;
      if (outcome !== "running") throw new Error(`sync ${outcome}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const readMs = Date.now() - startedAt;
    const outcome = await importSync({ db, graphql }, sync.id);
    const wallMs = Date.now() - startedAt;
    const log = (await requestsLog()).slice(logBefore);
    const stats = throttle.stats;
    console.log(`\n${label}`);
    console.log(
      `  wall time            ${seconds(wallMs)} (locations and bulkOperationRunQuery ${seconds(startMs)}, Shopify reading ${seconds(readMs - startMs)}, streaming import ${seconds(wallMs - readMs)})`,
    );
    console.log(`  objects imported     ${fmt(outcome.objects)} JSONL lines; drifts found ${fmt(outcome.drifts)}`);
    console.log(`  Admin API requests   ${fmt(log.length)} (${polls} status polls)`);
    console.log(`  points spent         ${fmt(stats.pointsSpent - before.pointsSpent)} (Shopify's actualQueryCost, summed)`);
    console.log(`  THROTTLED answers    ${fmt(stats.throttled - before.throttled)}, retried ${fmt(stats.retries - before.retries)}, left unhandled ${fmt(stats.unhandledThrottled - before.unhandledThrottled)}`);
    return outcome;
  }

  async function compareMirror() {
    const levels = (await sim.control("GET", `/_sim/shops/${SHOP}/inventory`)).body as Array<{ inventoryItemId: string; locationId: string; quantities: Record<string, number> }>;
    const rows = await db.inventoryLevel.findMany({ where: { shop: SHOP } });
    const mirror = new Map(rows.map((row) => [`${row.inventoryItemId}|${row.locationId}`, quantitiesOf(row)]));
    let differences = 0;
    for (const level of levels) {
      const ours = mirror.get(`${level.inventoryItemId}|${level.locationId}`);
      if (!ours || Object.entries(level.quantities).some(([name, quantity]) => ours[name as keyof typeof ours] !== quantity)) differences += 1;
    }
    differences += Math.max(0, rows.length - levels.length);
    console.log(
      `  mirror vs simulator  ${fmt(levels.length)} levels (${fmt(levels.length * 8)} quantities) on Shopify, ${fmt(rows.length)} in the mirror: ${differences === 0 ? "identical" : `${fmt(differences)} levels differ`}`,
    );
    return differences;
  }

  await reconcile("1. Full reconcile into an empty mirror (bulk operation, JSONL streamed)");
  await compareMirror();

  // Change 50 levels behind the app's back (their webhooks lost) and reconcile again.
  const changed = 50;
  const shop = sim.store.getShop(SHOP)!;
  const levels = [...shop.inventoryLevels.values()];
  for (let i = 0; i < changed; i++) {
    const level = levels[(i * 613) % levels.length];
    await sim.control("POST", `/_sim/shops/${SHOP}/inventory`, {
      inventoryItemId: `gid://shopify/InventoryItem/${level.itemId}`,
      location: `gid://shopify/Location/${level.locationId}`,
      quantities: { available: level.quantities.available + 3 },
      webhook: false,
    });
  }
  const second = await reconcile(`2. Full reconcile after ${changed} levels changed behind the app's back (webhooks lost)`);
  console.log(`  drifted levels       ${fmt(second.drifts / 2)} found of ${changed} changed (available and on_hand each)`);
  await compareMirror();

  // The naive approach, on a sample (the whole of it would take the better part of half an
  // hour): page the item ids, then each item's levels, with the same throttle-aware client.
  const naiveThrottle = new ShopThrottle();
  const naive = throttleGraphql(fetchGraphql, naiveThrottle);
  const samplePages = Math.ceil(NAIVE_SAMPLE / 250);
  console.log(`\n3. Naive reconcile: page inventoryItems, then inventoryLevels item by item (measured on a sample: ${samplePages} page(s), ${fmt(NAIVE_SAMPLE)} items)`);
  // A full bucket for it too.
  await new Promise((resolve) => setTimeout(resolve, (STANDARD_BUCKET.maximumAvailable / STANDARD_BUCKET.restoreRate) * 1000));
  const logBefore = (await requestsLog()).length;
  started = Date.now();
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < samplePages; page++) {
    const data: { inventoryItems: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await adminRequest(naive, NAIVE_ITEMS_PAGE, { after });
    ids.push(...data.inventoryItems.nodes.map((node) => node.id));
    after = data.inventoryItems.pageInfo.endCursor;
  }
  const pagingPoints = naiveThrottle.stats.pointsSpent;
  for (const id of ids.slice(0, NAIVE_SAMPLE)) await adminRequest(naive, NAIVE_ITEM_LEVELS, { id });
  const sampleMs = Date.now() - started;
  const log = ((await requestsLog()).slice(logBefore) as Array<{ operationName: string; requestedQueryCost: number; actualQueryCost: number | null; throttled: boolean }>).filter(
    (entry) => !entry.throttled,
  );
  const average = (name: string, field: "requestedQueryCost" | "actualQueryCost") => {
    const entries = log.filter((entry) => entry.operationName === name);
    return entries.reduce((sum, entry) => sum + (entry[field] ?? 0), 0) / Math.max(1, entries.length);
  };
  const perPage = average("BenchInventoryItemIds", "actualQueryCost");
  const perItem = average("BenchItemLevels", "actualQueryCost");
  const totalPoints = Math.ceil(SKUS / 250) * perPage + SKUS * perItem;
  const beyondBucket = Math.max(0, totalPoints - STANDARD_BUCKET.maximumAvailable);
  console.log(`  per page of 250 ids  requested ${fmt(average("BenchInventoryItemIds", "requestedQueryCost"))} points, actual ${fmt(perPage, 1)}`);
  console.log(`  per item             requested ${fmt(average("BenchItemLevels", "requestedQueryCost"))} points, actual ${fmt(perItem, 1)} (${fmt(NAIVE_SAMPLE)} items measured)`);
  console.log(
    `  sample               ${seconds(sampleMs)} wall, ${fmt(pagingPoints + perItem * NAIVE_SAMPLE)} points; THROTTLED ${fmt(naiveThrottle.stats.throttled)}, left unhandled ${fmt(naiveThrottle.stats.unhandledThrottled)}`,
  );
  console.log(
    `  extrapolated         ${fmt(SKUS)} items ≈ ${fmt(totalPoints)} points ≈ ${fmt(beyondBucket / (STANDARD_BUCKET.restoreRate * 0.8) / 60, 1)} min at the client's 80 % pace, ${fmt(beyondBucket / STANDARD_BUCKET.restoreRate / 60, 1)} min at the bucket's full 100 points/s (after its first ${fmt(STANDARD_BUCKET.maximumAvailable)} points)`,
  );
  console.log("  (extrapolated from the sample, not measured: the whole naive run was not made)");
} finally {
  await db.$disconnect();
  database.remove();
  await sim.close();
}
