import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import {
  Logger,
  makeWorkerUtils,
  run,
  runOnce,
  type JobHelpers,
  type Runner,
  type RunnerOptions,
  type TaskList as GraphileTaskList,
  type WorkerUtils,
} from "graphile-worker";
import {
  assertKnownTask,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueOptions,
  type JobQueue,
  type ResolvedJobQueueOptions,
} from "./queue.server";

const DRAIN_POLL_MS = 50;

export function createGraphileQueue(opts: ResolvedJobQueueOptions): JobQueue {
  return new GraphileJobQueue(opts);
}

class GraphileJobQueue implements JobQueue {
  private readonly logger: Logger;
  private readonly taskList: GraphileTaskList;
  private pool: pg.Pool | undefined;
  private utils: Promise<WorkerUtils> | undefined;
  private runner: Runner | undefined;

  constructor(private readonly opts: ResolvedJobQueueOptions) {
    this.logger = new Logger((scope) => (level, message, meta) => {
      if (level !== "debug") opts.log(message, { level, ...scope, ...meta });
    });
    this.taskList = Object.fromEntries(
      Object.entries(opts.tasks).map(([name, handler]) => [
        name,
        (payload: unknown, helpers: JobHelpers) =>
          handler(payload, {
            db: opts.db,
            attempt: helpers.job.attempts,
            jobKey: helpers.job.key ?? helpers.job.id,
            enqueue: (task, taskPayload, options) => this.enqueue(task, taskPayload, options),
          }),
      ]),
    );
  }

  async enqueue(task: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    assertKnownTask(this.opts.tasks, task);
    const utils = await this.workerUtils();
    // "unsafe_dedupe" is the one mode that leaves a pending or running job with this key alone;
    // "replace" would rewrite a pending job and add a second one beside a running job.
    await utils.addJob(task, payload ?? {}, {
      jobKey: options.key ?? randomUUID(),
      jobKeyMode: "unsafe_dedupe",
      runAt: options.runAt,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    });
  }

  async ready(): Promise<void> {
    await this.workerUtils();
  }

  /** add_job notifies graphile-worker's listening runners itself. */
  notify(): void {}

  async start(): Promise<void> {
    if (this.runner) return;
    await this.workerUtils();
    const runner = await run(this.runnerOptions());
    this.runner = runner;
    runner.promise.catch((error: unknown) => this.opts.log("Job worker stopped after an error", { error: String(error) }));
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (runner) {
      await runner.stop().catch((error: unknown) => this.opts.log("Job worker did not stop cleanly", { error: String(error) }));
    }
    const utils = this.utils;
    this.utils = undefined;
    await utils?.then(
      (u) => u.release(),
      () => undefined,
    );
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  async drain(): Promise<void> {
    const utils = await this.workerUtils();
    if (!this.runner) {
      await runOnce(this.runnerOptions());
      return;
    }
    while ((await this.unfinishedJobs(utils)) > 0) await delay(DRAIN_POLL_MS);
  }

  private runnerOptions(): RunnerOptions {
    return {
      pgPool: this.pgPool(),
      concurrency: this.opts.concurrency,
      pollInterval: this.opts.pollIntervalMs,
      noHandleSignals: true,
      taskList: this.taskList,
      logger: this.logger,
      // No cron; without this graphile-worker would read ./crontab from the working directory.
      parsedCronItems: [],
    };
  }

  /**
   * One pool for the runner and the utilities, owned here: graphile-worker ends the pools it
   * creates without waiting for their connections to close and drops its error listener first, so
   * a connection the server cuts in between crashes the process with an unhandled 'error' event.
   */
  private pgPool(): pg.Pool {
    if (!this.pool) {
      // graphile-worker's default size, grown so that every worker and the LISTEN connection fit.
      this.pool = new pg.Pool({ connectionString: this.opts.databaseUrl, max: Math.max(10, this.opts.concurrency + 2) });
      this.pool.on("error", (error) => this.opts.log("Job queue lost a PostgreSQL connection", { error: String(error) }));
    }
    return this.pool;
  }

  private workerUtils(): Promise<WorkerUtils> {
    this.utils ??= this.openWorkerUtils().catch((error: unknown) => {
      this.utils = undefined;
      throw error;
    });
    return this.utils;
  }

  private openWorkerUtils(): Promise<WorkerUtils> {
    const options = { pgPool: this.pgPool(), logger: this.logger };
    // makeWorkerUtils migrates the graphile_worker schema. Processes that start together on a
    // fresh database race to create it; the loser fails once and finds it in place on its retry.
    return makeWorkerUtils(options).catch(() => makeWorkerUtils(options));
  }

  /** Jobs of our tasks that are running, or runnable now. */
  private async unfinishedJobs(utils: WorkerUtils): Promise<number> {
    const { rows } = await utils.withPgClient((client) =>
      client.query<{ n: number }>(
        `select count(*)::int as n from graphile_worker.jobs
         where task_identifier = any($1::text[])
           and (locked_at is not null or (run_at <= now() and attempts < max_attempts))`,
        [Object.keys(this.opts.tasks)],
      ),
    );
    return rows[0].n;
  }
}
