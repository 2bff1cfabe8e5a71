// `npx tsx bench/ingest/breakdown.ts`: what each step of receiving a webhook costs, called
// in-process (no HTTP) on a fresh SQLite file, next to the bare receiver's two steps. It explains
// run.ts's CPU-per-request column. It imports the app's own modules and its built server (run
// `npm run build` first), unchanged.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import Database from "better-sqlite3";
import { LOCAL_API_KEY, LOCAL_API_SECRET, root } from "../../tests/support/stack";
import { deliveryHeaders, ROUTE, signedBodies } from "./deliveries";
import { applyAppMigrations } from "./schema";

const SHOP = "orderflow-demo.myshopify.com";
const N = Number(process.env.BENCH_ITERATIONS ?? 2000);
const file = path.join(root, "tmp/bench-ingest/breakdown.sqlite");
const buildFile = path.join(root, "build/server/index.js");
if (!existsSync(buildFile)) throw new Error("build/server/index.js is missing: run `npm run build` first");

mkdirSync(path.dirname(file), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
const sqlite = new Database(file, { timeout: 5000 });
sqlite.pragma("journal_mode = WAL");
applyAppMigrations(sqlite);

// app/env.server.ts reads these once, at the first import below. The worker stays off: this
// measures receiving, not processing.
Object.assign(process.env, {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: LOCAL_API_KEY,
  SHOPIFY_API_SECRET: LOCAL_API_SECRET,
  SHOPIFY_APP_URL: "http://127.0.0.1:3500",
  DATABASE_URL: `file:${file}`,
  WORKER_MODE: "external",
});
const { db } = await import("../../app/db.server");
const { verifyWebhook, webhookRequest } = await import("../../app/webhooks/verify.server");
const { receiveDelivery, webhookInbox } = await import("../../app/webhooks/receive.server");
const { checkWebhookPayload, parseJsonBody } = await import("../../app/domain/webhooks/payload-shape");
const { storeDelivery } = await import("../../app/models/webhook-deliveries.server");
const { createJobQueue } = await import("../../app/jobs/queue.server");
const { createRequestHandler } = await import("@remix-run/node");
const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
const remix = createRequestHandler(build, "production");

const { bodies, bytes } = signedBodies([{ id: "gid://shopify/Order/1", name: "#1001" }], LOCAL_API_SECRET);
const signed = bodies[0];
const queue = createJobQueue({ db: db(), databaseUrl: `file:${file}`, tasks: { noop: async () => {} }, log: () => {} });
const insert = sqlite.prepare(`
  INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload", "receivedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("shop", "eventId") DO NOTHING`);

const url = `http://127.0.0.1:3500${ROUTE}`;
const headers = () => deliveryHeaders(SHOP, signed, randomUUID());
const withBody = () => new Request(url, { method: "POST", headers: headers(), body: signed.body });
const headersOnly = () => webhookRequest("POST", url, Object.entries(headers()));
const delivery = () => ({
  shop: SHOP,
  topic: "orders/create",
  webhookId: randomUUID(),
  eventId: randomUUID(),
  apiVersion: "2026-10",
  triggeredAt: new Date(),
  resourceId: "gid://shopify/Order/1",
  payload: signed.body,
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
  console.log(`  ${label.padEnd(84)} ${ms.toFixed(3)} ms`);
  return ms;
};

const expectStatus = async (answer: Promise<{ status: number }>) => {
  const { status } = await answer;
  if (status !== 200) throw new Error(`answered ${status}`);
};

console.log(`CPU per delivery, ${bytes} byte orders/create body, ${N} calls each, in-process, worker off:`);
console.log("the app, whole:");
const remixWhole = await measure("Remix's request handler (build) → webhook route action → receiveDelivery", () => expectStatus(remix(withBody())));
const laneWhole = await measure("receiveDelivery alone, as server.ts's lane calls it (webhookRequest + body)", () =>
  expectStatus(receiveDelivery(headersOnly(), signed.body)),
);
console.log("its steps:");
await measure("webhookRequest: a Request with Shopify's headers for the library's validator", headersOnly);
const verified = await measure("verifyWebhook: @shopify/shopify-api webhooks.validate (HMAC by WebCrypto, headers)", () =>
  verifyWebhook(headersOnly(), signed.body),
);
const parsed = await measure("JSON.parse and the topic's payload check", () => {
  const body = parseJsonBody(signed.body);
  if (body.ok) checkWebhookPayload("orders/create", body.value, signed.body);
});
const accepted = await measure("inbox: row + job in one better-sqlite3 transaction (prepared statements)", () =>
  webhookInbox().accept(delivery()),
);
console.log("the path before the lane, for comparison:");
await measure("storeDelivery: Prisma create, RETURNING the whole row", () => storeDelivery(db(), delivery()));
await measure("enqueue: Prisma $executeRaw INSERT into Job", () => queue.enqueue("noop", {}, { key: `webhook:${randomUUID()}` }));
console.log("bare (bench/ingest/bare-server.ts):");
const bareVerify = await measure("HMAC (node:crypto createHmac + timingSafeEqual) and JSON.parse", () => {
  const expected = createHmac("sha256", LOCAL_API_SECRET).update(signed.body).digest();
  const given = Buffer.from(signed.hmac, "base64");
  if (!timingSafeEqual(given, expected)) throw new Error("bad HMAC");
  JSON.parse(signed.body);
});
const bareInsert = await measure("better-sqlite3 prepared INSERT … ON CONFLICT DO NOTHING", () => {
  const d = delivery();
  insert.run(randomUUID(), d.shop, d.topic, d.webhookId, d.eventId, d.apiVersion, d.triggeredAt.toISOString(), d.resourceId, signed.body, new Date().toISOString());
});
const bare = bareVerify + bareInsert;
console.log(
  `sum of steps: app ${(verified + parsed + accepted).toFixed(3)} ms, bare ${bare.toFixed(3)} ms; ` +
    `whole: lane ${laneWhole.toFixed(3)} ms (${(laneWhole / bare).toFixed(1)}× bare), through Remix ${remixWhole.toFixed(3)} ms ` +
    `(no HTTP; the worker's task not included)`,
);
webhookInbox().close();
sqlite.close();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
process.exit(0);
