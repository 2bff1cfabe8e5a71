// `npx tsx bench/ingest/breakdown.ts`: what each step of the app's receive path costs, called
// in-process (no HTTP, no Remix) on a fresh SQLite file, next to the bare receiver's two steps.
// It explains run.ts's CPU-per-request column; it imports the app's own modules, unchanged.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { LOCAL_API_KEY, LOCAL_API_SECRET, root } from "../../tests/support/stack";
import { deliveryHeaders, ROUTE, signedBodies } from "./deliveries";
import { applyAppMigrations } from "./schema";

const SHOP = "orderflow-demo.myshopify.com";
const N = Number(process.env.BENCH_ITERATIONS ?? 2000);
const file = path.join(root, "tmp/bench-ingest/breakdown.sqlite");

mkdirSync(path.dirname(file), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
const sqlite = new Database(file, { timeout: 5000 });
sqlite.pragma("journal_mode = WAL");
applyAppMigrations(sqlite);
// An installed shop: authenticate.webhook loads its offline session on every delivery.
sqlite
  .prepare(`INSERT INTO "Session" ("id", "shop", "state", "isOnline", "scope", "accessToken") VALUES (?, ?, '', 0, 'read_orders', 'token')`)
  .run(`offline_${SHOP}`, SHOP);

// app/env.server.ts reads these once, at the first import below.
Object.assign(process.env, {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: LOCAL_API_KEY,
  SHOPIFY_API_SECRET: LOCAL_API_SECRET,
  SHOPIFY_APP_URL: "http://127.0.0.1:3500",
  DATABASE_URL: `file:${file}`,
});
const { authenticate } = await import("../../app/shopify.server");
const { db } = await import("../../app/db.server");
const { storeDelivery } = await import("../../app/models/webhook-deliveries.server");
const { createJobQueue } = await import("../../app/jobs/queue.server");

const { bodies, bytes } = signedBodies([{ id: "gid://shopify/Order/1", name: "#1001" }], LOCAL_API_SECRET);
const signed = bodies[0];
const payload = JSON.parse(signed.body) as Record<string, unknown>;
const queue = createJobQueue({ db: db(), databaseUrl: `file:${file}`, tasks: { noop: async () => {} }, log: () => {} });
const insert = sqlite.prepare(`
  INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload", "receivedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("shop", "eventId") DO NOTHING`);

const request = () =>
  new Request(`http://127.0.0.1:3500${ROUTE}`, { method: "POST", headers: deliveryHeaders(SHOP, signed, randomUUID()), body: signed.body });
const delivery = () => ({
  shop: SHOP,
  topic: "orders/create",
  webhookId: randomUUID(),
  eventId: randomUUID(),
  apiVersion: "2026-10",
  triggeredAt: new Date(),
  resourceId: "gid://shopify/Order/1",
  payload: JSON.stringify(payload),
});

/** CPU per call, after a warm-up; sequential, so wall time is CPU plus SQLite's fsyncs. */
async function cost(step: () => unknown): Promise<number> {
  for (let i = 0; i < 200; i++) await step();
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) await step();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / N;
}

const measure = async (label: string, step: () => unknown) => {
  const ms = await cost(step);
  console.log(`  ${label.padEnd(80)} ${ms.toFixed(3)} ms`);
  return ms;
};

console.log(`CPU per delivery, ${bytes} byte orders/create body, ${N} calls each, in-process:`);
console.log("app (app/webhooks/receive.server.ts, step by step):");
const authenticated = await measure("authenticate.webhook: HMAC (WebCrypto), headers, JSON.parse, offline session", () =>
  authenticate.webhook(request()),
);
await measure("  of which the offline session load (Prisma findUnique on Session)", () => db().session.findUnique({ where: { id: `offline_${SHOP}` } }));
const stringified = await measure("JSON.stringify(payload) for the row", () => JSON.stringify(payload));
const stored = await measure("storeDelivery: Prisma create, RETURNING the whole row", () => storeDelivery(db(), delivery()));
const queued = await measure("enqueue, then the worker's bookkeeping: claim, no-op task, delete, claim again", async () => {
  await queue.enqueue("noop", {}, { key: `webhook:${randomUUID()}` });
  await queue.drain();
});
await measure("  of which the enqueue (Prisma $executeRaw INSERT into Job)", () => queue.enqueue("noop", {}, { key: `webhook:${randomUUID()}` }));
console.log("bare (bench/ingest/bare-server.ts):");
const verified = await measure("HMAC (node:crypto createHmac + timingSafeEqual) and JSON.parse", () => {
  const expected = createHmac("sha256", LOCAL_API_SECRET).update(signed.body).digest();
  const given = Buffer.from(signed.hmac, "base64");
  if (!timingSafeEqual(given, expected)) throw new Error("bad HMAC");
  JSON.parse(signed.body);
});
const inserted = await measure("better-sqlite3 prepared INSERT … ON CONFLICT DO NOTHING", () => {
  const d = delivery();
  insert.run(randomUUID(), d.shop, d.topic, d.webhookId, d.eventId, d.apiVersion, d.triggeredAt.toISOString(), d.resourceId, signed.body, new Date().toISOString());
});
console.log("for comparison:");
await measure("the same row through Prisma $executeRaw INSERT (Prisma's cost without the ORM)", () => {
  const d = delivery();
  return db().$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload")
    VALUES (${randomUUID()}, ${d.shop}, ${d.topic}, ${d.webhookId}, ${d.eventId}, ${d.apiVersion}, ${d.triggeredAt}, ${d.resourceId}, ${d.payload})
    ON CONFLICT ("shop", "eventId") DO NOTHING`;
});
const app = authenticated + stringified + stored + queued;
const bare = verified + inserted;
console.log(`sum: app ${app.toFixed(3)} ms, bare ${bare.toFixed(3)} ms, ${(app / bare).toFixed(1)}× (no HTTP or Remix; the worker's task itself not included)`);
sqlite.close();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
process.exit(0);
