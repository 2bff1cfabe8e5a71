import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Prisma } from "@prisma/client";
import {
  assertKnownTask,
  backoffDelayMs,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueOptions,
  type JobQueue,
  type ResolvedJobQueueOptions,
} from "./queue.server";

// A worker that dies keeps its jobs locked; another may take them once the lock is this old.
// Running jobs refresh their lock well inside the window, so a slow job is never taken twice.
const LOCK_TIMEOUT_MS = 2 * 60_000;
const HEARTBEAT_MS = 30_000;

interface ClaimedJob {
  id: string;
  task: string;
  key: string;
  payload: string;
  attempts: number | bigint;
}

export function createSqliteQueue(opts: ResolvedJobQueueOptions): JobQueue {
  return new SqliteJobQueue(opts);
}

class SqliteJobQueue implements JobQueue {
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly taskNames: string[];
  private readonly running = new Set<Promise<void>>();
  // Claims go one at a time, so drain() sees every job the loop has claimed.
  private filling: Promise<void> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly opts: ResolvedJobQueueOptions) {
    this.taskNames = Object.keys(opts.tasks);
  }

  async enqueue(task: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    assertKnownTask(this.opts.tasks, task);
    const now = new Date();
    await this.opts.db.$executeRaw`
      INSERT INTO "Job" ("id", "task", "key", "payload", "runAt", "attempts", "maxAttempts", "createdAt")
      VALUES (${randomUUID()}, ${task}, ${options.key ?? randomUUID()}, ${JSON.stringify(payload ?? {})},
              ${options.runAt ?? now}, 0, ${options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS}, ${now})
      ON CONFLICT ("key") DO NOTHING`;
    this.wake();
  }

  async ready(): Promise<void> {}

  notify(): void {
    this.wake();
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.runLoop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
    await this.filling;
    await Promise.all(this.running);
  }

  async drain(): Promise<void> {
    for (;;) {
      await this.fill();
      if (this.running.size === 0) return;
      await Promise.race(this.running);
    }
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      try {
        await this.fill(() => !this.stopping);
      } catch (error) {
        this.opts.log("Job queue could not claim a job; trying again", { error: describeError(error) });
      }
      if (!this.stopping) await this.sleep();
    }
  }

  private wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  private sleep(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.opts.pollIntervalMs);
      this.wakeSleeper = done;
    });
  }

  private fill(keepGoing: () => boolean = () => true): Promise<void> {
    const next = this.filling.then(async () => {
      while (this.running.size < this.opts.concurrency && keepGoing()) {
        const job = await this.claim();
        if (!job) return;
        const run: Promise<void> = this.run(job)
          .catch((error) => this.opts.log("Job queue could not record a job's outcome", { jobKey: job.key, error: describeError(error) }))
          .finally(() => {
            this.running.delete(run);
            this.wake();
          });
        this.running.add(run);
      }
    });
    this.filling = next.catch(() => undefined);
    return next;
  }

  /** One UPDATE … RETURNING: SQLite takes the write lock for the whole statement, so two workers never claim the same row. */
  private async claim(): Promise<ClaimedJob | undefined> {
    if (this.taskNames.length === 0) return undefined;
    const now = new Date();
    const staleBefore = new Date(now.getTime() - LOCK_TIMEOUT_MS);
    const rows = await this.opts.db.$queryRaw<ClaimedJob[]>`
      UPDATE "Job"
      SET "attempts" = "attempts" + 1, "lockedAt" = ${now}, "lockedBy" = ${this.workerId}
      WHERE "id" = (
        SELECT "id" FROM "Job"
        WHERE "task" IN (${Prisma.join(this.taskNames)})
          AND "runAt" <= ${now}
          AND "attempts" < "maxAttempts"
          AND ("lockedAt" IS NULL OR "lockedAt" < ${staleBefore})
        ORDER BY "runAt", "createdAt"
        LIMIT 1
      )
      RETURNING "id", "task", "key", "payload", "attempts"`;
    return rows[0];
  }

  private async run(job: ClaimedJob): Promise<void> {
    const { db, tasks, log } = this.opts;
    const attempt = Number(job.attempts);
    const heartbeat = setInterval(() => {
      db.$executeRaw`UPDATE "Job" SET "lockedAt" = ${new Date()} WHERE "id" = ${job.id} AND "lockedBy" = ${this.workerId}`.catch(
        (error: unknown) => log("Job queue could not refresh a job's lock", { jobKey: job.key, error: describeError(error) }),
      );
    }, HEARTBEAT_MS);
    try {
      await tasks[job.task](JSON.parse(job.payload), { db, attempt, jobKey: job.key, enqueue: (task, payload, options) => this.enqueue(task, payload, options) });
    } catch (error) {
      log(`Job ${job.task} failed on attempt ${attempt}`, { jobKey: job.key, error: describeError(error) });
      await db.$executeRaw`
        UPDATE "Job"
        SET "runAt" = ${new Date(Date.now() + backoffDelayMs(attempt))}, "lastError" = ${errorMessage(error)},
            "lockedAt" = NULL, "lockedBy" = NULL
        WHERE "id" = ${job.id} AND "lockedBy" = ${this.workerId}`;
      return;
    } finally {
      clearInterval(heartbeat);
    }
    await db.$executeRaw`DELETE FROM "Job" WHERE "id" = ${job.id} AND "lockedBy" = ${this.workerId}`;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
