import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import Database from "better-sqlite3";
import { databaseFlavour, sqliteFilePath } from "../../prisma/flavour";
import type { Db } from "../db.server";
import { DEFAULT_MAX_ATTEMPTS } from "../jobs/queue.server";
import type { IncomingDelivery } from "./webhook-deliveries.server";

/** The job that processes a stored delivery: one per delivery, keyed by the row. */
export interface DeliveryJob {
  task: string;
  key: (deliveryId: string) => string;
}

export interface WebhookInbox {
  /**
   * Stores a delivery once per (shop, event id) and its job in the same transaction. A repeat of
   * an event still pending adds its job again under the same key, which keeps a single job (and
   * stands in for one lost some other way); a repeat of a finished or erased event changes nothing.
   */
  accept(delivery: IncomingDelivery): Promise<{ duplicate: boolean }>;
  close(): void;
}

const RETRY_BUSY_FOR_MS = 5000;
const MAX_PAUSE_MS = 5;

interface Waiting {
  delivery: IncomingDelivery;
  resolve: (result: { duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * On SQLite the inbox has its own better-sqlite3 connection and prepared statements: through
 * Prisma the same two inserts cost several times the CPU (docs/decisions/0008-webhook-ingest-lane.md).
 * The connection never waits for SQLite's lock synchronously: the app's Prisma connection shares
 * this thread and may hold the lock across an await, so a blocking wait would never end. While
 * the lock is busy, deliveries queue in memory and are written together, each with its job, in
 * the first transaction that gets it (a group commit): one writer waiting, however many requests.
 * A delivery is answered only once its transaction committed.
 */
function createSqliteInbox(file: string, job: DeliveryJob): WebhookInbox {
  const sqlite = new Database(file, { timeout: 0 });
  sqlite.pragma("journal_mode = WAL");
  // A commit that finds the WAL over the threshold checkpoints it, synchronously, on this thread:
  // with the worker's readers holding old snapshots that ran to tens of milliseconds per commit.
  // The app's Prisma connections (the worker's above all) keep SQLite's default of 1000 pages and
  // do that work; this connection steps in only past 10000 pages (about 40 MB).
  sqlite.pragma("wal_autocheckpoint = 10000");
  const insertDelivery = sqlite.prepare<unknown[], { id: string }>(`
    INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload", "receivedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT ("shop", "eventId") DO NOTHING
    RETURNING "id"`);
  const findDelivery = sqlite.prepare<unknown[], { id: string; status: string }>(
    `SELECT "id", "status" FROM "WebhookDelivery" WHERE "shop" = ? AND "eventId" = ?`,
  );
  const insertJob = sqlite.prepare(`
    INSERT INTO "Job" ("id", "task", "key", "payload", "runAt", "attempts", "maxAttempts", "createdAt")
    VALUES (?, ?, ?, ?, ?, 0, ?, ?)
    ON CONFLICT ("key") DO NOTHING`);
  // Dates as Prisma's SQLite adapter writes them: the job queue compares them as text.
  const timestamp = (date: Date) => date.toISOString().replace("Z", "+00:00");

  const storeOne = (d: IncomingDelivery, now: string): { duplicate: boolean } => {
    const inserted = insertDelivery.get(
      randomUUID(), d.shop, d.topic, d.webhookId, d.eventId, d.apiVersion,
      d.triggeredAt ? timestamp(d.triggeredAt) : null, d.resourceId, d.payload, now,
    );
    const existing = inserted ? undefined : findDelivery.get(d.shop, d.eventId);
    const id = inserted?.id ?? (existing?.status === "pending" ? existing.id : undefined);
    if (id) insertJob.run(randomUUID(), job.task, job.key(id), JSON.stringify({ deliveryId: id }), now, DEFAULT_MAX_ATTEMPTS, now);
    return { duplicate: !inserted };
  };
  const storeAll = sqlite.transaction((deliveries: IncomingDelivery[]) => {
    const now = timestamp(new Date());
    return deliveries.map((d) => storeOne(d, now));
  });

  let waiting: Waiting[] = [];
  let writing = false;

  async function write(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        const giveUpAt = Date.now() + RETRY_BUSY_FOR_MS;
        for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
          try {
            const results = storeAll.immediate(batch.map((w) => w.delivery));
            batch.forEach((w, i) => w.resolve(results[i]));
            break;
          } catch (error) {
            if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() > giveUpAt) {
              batch.forEach((w) => w.reject(error));
              break;
            }
          }
          await delay(pause);
          batch.push(...waiting);
          waiting = [];
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    accept(delivery) {
      const stored = new Promise<{ duplicate: boolean }>((resolve, reject) => waiting.push({ delivery, resolve, reject }));
      if (!writing) void write();
      return stored;
    },
    close: () => sqlite.close(),
  };
}

/** On PostgreSQL the row and graphile-worker's job go in one transaction through add_job. */
function createPostgresInbox(db: Db, job: DeliveryJob, ready: () => Promise<void>): WebhookInbox {
  return {
    async accept(d) {
      await ready();
      return db.$transaction(async (tx) => {
        const inserted = await tx.$queryRaw<Array<{ id: string }>>`
          INSERT INTO "WebhookDelivery" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "resourceId", "payload", "receivedAt")
          VALUES (${randomUUID()}, ${d.shop}, ${d.topic}, ${d.webhookId}, ${d.eventId}, ${d.apiVersion}, ${d.triggeredAt}, ${d.resourceId}, ${d.payload}, ${new Date()})
          ON CONFLICT ("shop", "eventId") DO NOTHING
          RETURNING "id"`;
        const existing = inserted[0]
          ? undefined
          : await tx.webhookDelivery.findUnique({ where: { shop_eventId: { shop: d.shop, eventId: d.eventId } }, select: { id: true, status: true } });
        const id = inserted[0]?.id ?? (existing?.status === "pending" ? existing.id : undefined);
        if (id) {
          // "unsafe_dedupe" as the queue's own enqueue: a pending or running job with this key is left alone.
          await tx.$executeRaw`SELECT graphile_worker.add_job(${job.task}, ${JSON.stringify({ deliveryId: id })}::json,
            max_attempts := ${DEFAULT_MAX_ATTEMPTS}::int, job_key := ${job.key(id)}, job_key_mode := 'unsafe_dedupe')`;
        }
        return { duplicate: !inserted[0] };
      });
    },
    close: () => {},
  };
}

export function createWebhookInbox(options: { databaseUrl: string; db: Db; job: DeliveryJob; queueReady: () => Promise<void> }): WebhookInbox {
  return databaseFlavour(options.databaseUrl) === "postgres"
    ? createPostgresInbox(options.db, options.job, options.queueReady)
    : createSqliteInbox(sqliteFilePath(options.databaseUrl), options.job);
}
