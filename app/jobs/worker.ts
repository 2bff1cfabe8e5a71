// `npm run worker`: works the job queue in its own process, beside web processes started with
// WORKER_MODE=external. On PostgreSQL workers can run on any machine; on SQLite they share the
// database file with the web process on one machine (the claim is one UPDATE … RETURNING under
// SQLite's write lock, so two processes never take the same job).
import os from "node:os";
import { createDb } from "../db.server";
import { env } from "../env.server";
import { createJobQueue } from "./queue.server";
import { tasks } from "./tasks.server";

function log(message: string, extra?: object): void {
  console.info(JSON.stringify({ time: new Date().toISOString(), message, ...extra }));
}

const config = env();

// A webhook must be answered within Shopify's 5 s; a job can wait. Where the worker shares the
// machine with the web process (always, on SQLite), the scheduler then serves the web process first.
os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);

const db = createDb(config.DATABASE_URL);
const queue = createJobQueue({ db, databaseUrl: config.DATABASE_URL, tasks, concurrency: config.WORKER_CONCURRENCY, log });

let shuttingDown = false;
async function shutDown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) {
    // The running jobs stay locked until the queue's lock timeout; they are retried then.
    log(`Received ${signal} again; exiting without waiting for running jobs`);
    process.exit(1);
  }
  shuttingDown = true;
  log(`Received ${signal}; waiting for running jobs to finish`);
  try {
    await queue.stop();
    await db.$disconnect();
    log("Worker stopped");
    process.exit(0);
  } catch (error) {
    log("Worker did not stop cleanly", { error: String(error) });
    process.exit(1);
  }
}
process.on("SIGTERM", (signal) => void shutDown(signal));
process.on("SIGINT", (signal) => void shutDown(signal));

try {
  await queue.start();
  log("Worker started", { concurrency: config.WORKER_CONCURRENCY, tasks: Object.keys(tasks) });
} catch (error) {
  log("Worker could not start", { error: String(error) });
  await db.$disconnect();
  process.exit(1);
}
