// The baseline: the least a webhook receiver can do — verify the HMAC and insert the delivery
// row — with bare node:http and better-sqlite3. Same table (the app's own migration), same
// SQLite settings as app/db.server.ts (WAL, 5 s busy timeout, default synchronous), same answers
// (400 missing headers, 401 bad HMAC, 200 stored or already stored).
// Run as its own process: BARE_PORT, BARE_DB (a SQLite file path), BARE_SECRET.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import { applyAppMigrations } from "./schema";

const port = Number(process.env.BARE_PORT);
const secret = process.env.BARE_SECRET ?? "";
const file = process.env.BARE_DB ?? "";
if (!port || !secret || !file) throw new Error("BARE_PORT, BARE_DB and BARE_SECRET are required");

const db = new Database(file, { timeout: 5000 });
db.pragma("journal_mode = WAL");
applyAppMigrations(db);

const insert = db.prepare(`
  INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload", "receivedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("shop", "eventId") DO NOTHING`);

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const hmac = header(req.headers["x-shopify-hmac-sha256"]);
    const shop = header(req.headers["x-shopify-shop-domain"]);
    const topic = header(req.headers["x-shopify-topic"]);
    const webhookId = header(req.headers["x-shopify-webhook-id"]);
    const apiVersion = header(req.headers["x-shopify-api-version"]);
    if (req.method !== "POST" || !hmac || !shop || !topic || !webhookId || !apiVersion) {
      res.writeHead(400).end();
      return;
    }
    const body = Buffer.concat(chunks);
    const expected = createHmac("sha256", secret).update(body).digest();
    const given = Buffer.from(hmac, "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    const text = body.toString("utf8");
    let resourceId: string | null;
    try {
      const id = (JSON.parse(text) as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
      resourceId = typeof id === "string" ? id : null;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const triggeredAt = header(req.headers["x-shopify-triggered-at"]) ?? null;
    const eventId = header(req.headers["x-shopify-event-id"]) ?? webhookId;
    try {
      insert.run(randomUUID(), shop, topic, webhookId, eventId, apiVersion, triggeredAt, resourceId, text, new Date().toISOString());
    } catch (error) {
      console.error(error);
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200).end();
  });
});

server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
process.on("SIGTERM", () => {
  server.close(() => db.close());
  server.closeAllConnections();
});
