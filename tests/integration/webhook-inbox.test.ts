import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqliteFilePath } from "../../prisma/flavour";
import { createJobQueue, type JobQueue } from "../../app/jobs/queue.server";
import { createWebhookInbox, type WebhookInbox } from "../../app/models/webhook-inbox.server";
import { createTestDb, requestedFlavour, type TestDb } from "../support/test-db";

// The inbox the webhook lane writes to: the delivery row and its job in one transaction, on the
// flavour ORDERFLOW_TEST_DB selects.

const SHOP = "inbox-test.myshopify.com";
const TASK = "inbox.test";

let t: TestDb;
let queue: JobQueue;
let inbox: WebhookInbox;
const worked: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  queue = createJobQueue({
    db: t.db,
    databaseUrl: t.url,
    tasks: { [TASK]: async (payload: { deliveryId: string }) => void worked.push(payload.deliveryId) },
    log: () => {},
  });
  inbox = createWebhookInbox({ databaseUrl: t.url, db: t.db, job: { task: TASK, key: (id) => `inbox:${id}` }, queueReady: () => queue.ready() });
});
beforeEach(async () => {
  await queue.drain();
  await t.reset();
  worked.length = 0;
});
afterAll(async () => {
  inbox?.close();
  await queue?.stop();
  await t?.close();
});

function delivery(eventId = randomUUID()) {
  return {
    shop: SHOP,
    topic: "orders/create",
    webhookId: randomUUID(),
    eventId,
    apiVersion: "2026-10",
    triggeredAt: new Date("2026-11-27T10:00:00Z"),
    resourceId: "gid://shopify/Order/1",
    payload: JSON.stringify({ admin_graphql_api_id: "gid://shopify/Order/1" }),
  };
}

const rowsOf = (eventId: string) => t.db.webhookDelivery.findMany({ where: { shop: SHOP, eventId } });

describe("the webhook inbox", () => {
  it("stores a new delivery with its job, which names the row", async () => {
    // GIVEN a delivery never seen WHEN it is accepted
    const incoming = delivery();
    expect(await inbox.accept(incoming)).toEqual({ duplicate: false });

    // THEN one row holds it, as Prisma reads it back
    const rows = await rowsOf(incoming.eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", payload: incoming.payload, triggeredAt: incoming.triggeredAt });
    // AND the queue works exactly one job for that row
    await queue.drain();
    expect(worked).toEqual([rows[0].id]);
  });

  it("keeps one row and one job when the same event arrives again before it is worked", async () => {
    // GIVEN a stored event WHEN Shopify delivers it again (a new webhook id, the same event id)
    const first = delivery();
    await inbox.accept(first);
    expect(await inbox.accept({ ...delivery(first.eventId) })).toEqual({ duplicate: true });

    // THEN one row and one job
    const rows = await rowsOf(first.eventId);
    expect(rows).toHaveLength(1);
    await queue.drain();
    expect(worked).toEqual([rows[0].id]);
  });

  it("adds the job again for a repeat of an event still pending, and none for one already processed", async () => {
    // GIVEN an event whose job ran without finishing the row (still pending)
    const pending = delivery();
    await inbox.accept(pending);
    await queue.drain();
    const [row] = await rowsOf(pending.eventId);

    // WHEN it is delivered again THEN its job runs again
    await inbox.accept(delivery(pending.eventId));
    await queue.drain();
    expect(worked).toEqual([row.id, row.id]);

    // GIVEN the row is processed WHEN it is delivered once more THEN nothing runs
    await t.db.webhookDelivery.update({ where: { id: row.id }, data: { status: "processed" } });
    await inbox.accept(delivery(pending.eventId));
    await queue.drain();
    expect(worked).toEqual([row.id, row.id]);
  });

  it.runIf(requestedFlavour() === "sqlite")("waits for a write lock held by another connection without blocking the event loop, then stores what queued meanwhile together", async () => {
    // GIVEN another connection holding SQLite's write lock, released by a timer 100 ms later
    const other = new Database(sqliteFilePath(t.url));
    other.prepare("BEGIN IMMEDIATE").run();
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.prepare("COMMIT").run();
        resolve();
      }, 100),
    );

    // WHEN two events arrive meanwhile, the first of them twice
    const first = delivery();
    const second = delivery();
    const accepted = await Promise.all([inbox.accept(first), inbox.accept(second), inbox.accept(delivery(first.eventId))]);
    await released;
    other.close();

    // THEN each is stored once the lock is free (the timer could only run because accept waited asynchronously)
    expect(accepted).toEqual([{ duplicate: false }, { duplicate: false }, { duplicate: true }]);
    expect(await rowsOf(first.eventId)).toHaveLength(1);
    expect(await rowsOf(second.eventId)).toHaveLength(1);
    // AND each has one job
    await queue.drain();
    expect(worked).toHaveLength(2);
  });
});
