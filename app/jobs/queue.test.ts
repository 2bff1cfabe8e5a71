// One contract, both queues: the in-process queue on SQLite's Job table and graphile-worker on
// PostgreSQL must behave the same to the code that enqueues and handles jobs.
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { createTestDb, describeEachFlavour, type TestDb, type TestDbFlavour } from "../../tests/support/test-db";
import { createDb, type Db } from "../db.server";
import { createJobQueue, type JobQueue, type TaskList } from "./queue.server";

interface JobRow {
  key: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
}

/** Looking at, and moving in time, the jobs each flavour keeps in its own tables. */
const storage: Record<TestDbFlavour, { jobs(t: TestDb): Promise<JobRow[]>; makeRetriesDue(t: TestDb): Promise<void> }> = {
  sqlite: {
    async jobs(t) {
      const rows = await t.db.job.findMany({ orderBy: { key: "asc" } });
      return rows.map(({ key, attempts, maxAttempts, lastError }) => ({ key, attempts, maxAttempts, lastError }));
    },
    async makeRetriesDue(t) {
      await t.db.job.updateMany({ data: { runAt: new Date() } });
    },
  },
  postgres: {
    async jobs(t) {
      return withPg(t.url, async (client) => {
        const { rows: schema } = await client.query("select to_regclass('graphile_worker.jobs') as jobs");
        if (schema[0].jobs === null) return [];
        const { rows } = await client.query<JobRow>(
          `select key, attempts, max_attempts as "maxAttempts", last_error as "lastError" from graphile_worker.jobs order by key`,
        );
        return rows;
      });
    },
    async makeRetriesDue(t) {
      await withPg(t.url, (client) => client.query("update graphile_worker._private_jobs set run_at = now() where locked_at is null"));
    },
  },
};

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

await describeEachFlavour("job queue", (flavour) => {
  const { jobs, makeRetriesDue } = storage[flavour];
  let t: TestDb;
  const queues: JobQueue[] = [];
  const extraClients: Db[] = [];

  beforeAll(async () => {
    t = await createTestDb({ flavour });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await t.reset();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await Promise.all(extraClients.splice(0).map((db) => db.$disconnect()));
  });

  function makeQueue(tasks: TaskList, options: { db?: Db; concurrency?: number; pollIntervalMs?: number } = {}): JobQueue {
    const queue = createJobQueue({ db: t.db, databaseUrl: t.url, tasks, pollIntervalMs: 50, log: () => undefined, ...options });
    queues.push(queue);
    return queue;
  }

  it("GIVEN one key enqueued 20 times concurrently WHEN the queue drains THEN the handler runs once", async () => {
    const runs: string[] = [];
    const queue = makeQueue({
      syncOrder: async (_payload, { jobKey }) => {
        runs.push(jobKey);
      },
    });

    await Promise.all(Array.from({ length: 20 }, (_, n) => queue.enqueue("syncOrder", { n }, { key: "order-1001" })));
    await queue.drain();

    expect(runs).toEqual(["order-1001"]);
    expect(await jobs(t)).toEqual([]);
  });

  it("GIVEN a pending job WHEN its key is enqueued again with another payload THEN the first payload is the one handled", async () => {
    const payloads: unknown[] = [];
    const queue = makeQueue({
      syncOrder: async (payload) => {
        payloads.push(payload);
      },
    });

    await queue.enqueue("syncOrder", { version: 1 }, { key: "order-1002" });
    await queue.enqueue("syncOrder", { version: 2 }, { key: "order-1002" });
    await queue.drain();

    expect(payloads).toEqual([{ version: 1 }]);
  });

  it("GIVEN a running job WHEN its key is enqueued again THEN no second job is added, but the key is free once the job is done", async () => {
    const payloads: unknown[] = [];
    const jobStarted = deferred();
    const letJobFinish = deferred();
    const queue = makeQueue({
      syncOrder: async (payload) => {
        payloads.push(payload);
        jobStarted.resolve();
        await letJobFinish.promise;
      },
    });
    await queue.start();
    await queue.enqueue("syncOrder", { version: 1 }, { key: "order-1003" });
    await jobStarted.promise;

    await queue.enqueue("syncOrder", { version: 2 }, { key: "order-1003" });
    letJobFinish.resolve();
    await queue.drain();

    expect(payloads).toEqual([{ version: 1 }]);
    expect(await jobs(t)).toEqual([]);

    await queue.enqueue("syncOrder", { version: 3 }, { key: "order-1003" });
    await queue.drain();

    expect(payloads).toEqual([{ version: 1 }, { version: 3 }]);
  });

  it("GIVEN a handler that fails once WHEN its retry comes due THEN attempt 2 succeeds and the job is gone", async () => {
    const attempts: number[] = [];
    const queue = makeQueue({
      tagOrder: async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (attempt === 1) throw new Error("Shopify answered 502");
      },
    });

    await queue.enqueue("tagOrder", { orderId: "gid://shopify/Order/1" }, { key: "tag-1" });
    await queue.drain();

    expect(attempts).toEqual([1]);
    expect(await jobs(t)).toEqual([{ key: "tag-1", attempts: 1, maxAttempts: 10, lastError: "Shopify answered 502" }]);

    await makeRetriesDue(t);
    await queue.drain();

    expect(attempts).toEqual([1, 2]);
    expect(await jobs(t)).toEqual([]);
  });

  it("GIVEN a handler that always fails WHEN maxAttempts is used up THEN the job stays dead with its last error", async () => {
    const attempts: number[] = [];
    const queue = makeQueue({
      bookCarrier: async (_payload, { attempt }) => {
        attempts.push(attempt);
        throw new Error(`carrier rejected the booking (attempt ${attempt})`);
      },
    });

    await queue.enqueue("bookCarrier", {}, { key: "book-1", maxAttempts: 2 });
    for (let round = 0; round < 3; round++) {
      await queue.drain();
      await makeRetriesDue(t);
    }

    expect(attempts).toEqual([1, 2]);
    expect(await jobs(t)).toEqual([
      { key: "book-1", attempts: 2, maxAttempts: 2, lastError: "carrier rejected the booking (attempt 2)" },
    ]);
  });

  it("GIVEN two queues on one database (two processes) WHEN both work 20 jobs THEN every job runs exactly once", async () => {
    const runs: Array<{ jobKey: string; worker: string }> = [];
    const bothBusy = deferred();
    let started = 0;
    // The first two jobs wait for each other: with one job at a time per queue, they can only
    // both start if each queue took one, so both queues are seen working at the same time.
    const tasksFor = (worker: string): TaskList => ({
      pickItem: async (_payload, { jobKey }) => {
        runs.push({ jobKey, worker });
        const position = ++started;
        if (position === 2) bothBusy.resolve();
        if (position <= 2) await bothBusy.promise;
        await delay(1);
      },
    });
    const otherDb = createDb(t.url);
    extraClients.push(otherDb);
    const a = makeQueue(tasksFor("a"), { concurrency: 1 });
    const b = makeQueue(tasksFor("b"), { concurrency: 1, db: otherDb });

    for (let n = 0; n < 20; n++) await a.enqueue("pickItem", { n }, { key: `pick-${String(n).padStart(2, "0")}` });
    await Promise.all([a.start(), b.start()]);
    await a.drain();
    await Promise.all([a.stop(), b.stop()]);

    const keys = runs.map((run) => run.jobKey).sort();
    expect(keys).toEqual(Array.from({ length: 20 }, (_, n) => `pick-${String(n).padStart(2, "0")}`));
    expect(new Set(runs.slice(0, 2).map((run) => run.worker))).toEqual(new Set(["a", "b"]));
    expect(await jobs(t)).toEqual([]);
  });

  it("GIVEN a running job WHEN the queue stops THEN stop() resolves only after the job finished", async () => {
    const events: string[] = [];
    const jobStarted = deferred();
    const letJobFinish = deferred();
    const queue = makeQueue({
      packOrder: async () => {
        events.push("job started");
        jobStarted.resolve();
        await letJobFinish.promise;
        events.push("job finished");
      },
    });
    await queue.start();
    await queue.enqueue("packOrder", {}, { key: "pack-1" });
    await jobStarted.promise;

    const stopped = queue.stop().then(() => events.push("queue stopped"));
    // A stop() that did not wait would have resolved by now.
    await delay(100);
    letJobFinish.resolve();
    await stopped;

    expect(events).toEqual(["job started", "job finished", "queue stopped"]);
    expect(await jobs(t)).toEqual([]);
  });

  it("GIVEN a started queue with a long poll interval WHEN a job is enqueued THEN it runs without waiting for the next poll", async () => {
    const ran = deferred();
    const queue = makeQueue({ notify: async () => ran.resolve() }, { pollIntervalMs: 10 * 60_000 });
    await queue.start();
    // Let the first (empty) poll pass, so only the wake-up can start the job.
    await delay(100);

    await queue.enqueue("notify", {});

    await ran.promise;
  });

  it("GIVEN a started queue WHEN a handler throws THEN the queue keeps working other jobs", async () => {
    const goodRan = deferred();
    const queue = makeQueue({
      broken: async () => {
        throw new Error("bad payload");
      },
      fine: async () => goodRan.resolve(),
    });
    await queue.enqueue("broken", {}, { key: "broken-1" });
    await queue.start();
    await delay(100);

    await queue.enqueue("fine", {}, { key: "fine-1" });

    await goodRan.promise;
    await queue.stop();
    expect(await jobs(t)).toEqual([{ key: "broken-1", attempts: 1, maxAttempts: 10, lastError: "bad payload" }]);
  });

  it("GIVEN a task name no handler knows WHEN it is enqueued THEN enqueue rejects", async () => {
    const queue = makeQueue({ known: async () => undefined });

    await expect(queue.enqueue("unknwon", {})).rejects.toThrow(/Unknown job task "unknwon"/);
    expect(await jobs(t)).toEqual([]);
  });
});
