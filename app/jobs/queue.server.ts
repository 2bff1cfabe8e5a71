import { databaseFlavour } from "../../prisma/flavour";
import type { Db } from "../db.server";
import { createGraphileQueue } from "./graphile-queue.server";
import { createSqliteQueue } from "./sqlite-queue.server";

// The job queue behind one interface: a poll loop on the `Job` table for SQLite, graphile-worker
// for PostgreSQL (docs/decisions/0004-job-queue.md).

export type TaskHandler<P> = (
  payload: P,
  ctx: { db: Db; attempt: number; jobKey: string; enqueue: JobQueue["enqueue"] },
) => Promise<void>;
export type TaskList = Record<string, TaskHandler<any>>;

export interface EnqueueOptions {
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobQueue {
  /** Durable: when this resolves the job is committed. Same key twice → one job (the second call is a no-op while the first is pending or running). */
  enqueue(task: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Resolves once the queue's own storage exists (graphile-worker creates its schema on first use). */
  ready(): Promise<void>;
  /** Jobs were added outside enqueue, in the transaction of the row they belong to: look for them now. */
  notify(): void;
  /** Start working jobs in this process (in-process mode). */
  start(): Promise<void>;
  /** Stop taking jobs; wait for running ones to finish. */
  stop(): Promise<void>;
  /** Tests and the demo: work until no job is runnable now, then resolve. */
  drain(): Promise<void>;
}

export interface JobQueueOptions {
  db: Db;
  databaseUrl: string;
  tasks: TaskList;
  concurrency?: number;
  pollIntervalMs?: number;
  log?: (msg: string, extra?: object) => void;
}

export type ResolvedJobQueueOptions = Required<JobQueueOptions>;

export const DEFAULT_MAX_ATTEMPTS = 10;

export function createJobQueue(opts: JobQueueOptions): JobQueue {
  const flavour = databaseFlavour(opts.databaseUrl);
  const resolved: ResolvedJobQueueOptions = {
    concurrency: 2,
    pollIntervalMs: flavour === "postgres" ? 2000 : 1000,
    log: (msg, extra) => console.info(msg, extra ?? ""),
    ...withoutUndefined(opts),
  };
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new Error(`Job queue concurrency must be a positive integer, got ${resolved.concurrency}`);
  }
  return flavour === "postgres" ? createGraphileQueue(resolved) : createSqliteQueue(resolved);
}

export function assertKnownTask(tasks: TaskList, task: string): void {
  if (!Object.hasOwn(tasks, task)) {
    throw new Error(`Unknown job task "${task}"; known tasks: ${Object.keys(tasks).join(", ") || "(none)"}`);
  }
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 10 * 60_000;
const JITTER = 0.2;

/**
 * Delay before retrying after failed attempt number `attempt` (1-based): 1 s, 2 s, 4 s … capped at
 * 10 min, each ±20% so that jobs which failed together do not retry together.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(Math.floor(attempt), 1) - 1, 30);
  const base = BASE_DELAY_MS * 2 ** exponent;
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, MAX_DELAY_MS));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
