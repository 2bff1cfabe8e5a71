import { db } from "../db.server";
import { env } from "../env.server";
import { createJobQueue, type JobQueue } from "./queue.server";
import { tasks } from "./tasks.server";

declare global {
  // eslint-disable-next-line no-var
  var orderflowQueue: JobQueue | undefined;
}

/**
 * The process's job queue. In WORKER_MODE=in-process (the default) this process also works the
 * jobs; in "external" mode it only enqueues and `npm run worker` processes do the work.
 */
export function jobQueue(): JobQueue {
  if (!globalThis.orderflowQueue) {
    const config = env();
    const queue = createJobQueue({
      db: db(),
      databaseUrl: config.DATABASE_URL,
      tasks,
      concurrency: config.WORKER_CONCURRENCY,
      log: (message, extra) => console.info(`[jobs] ${message}`, extra ?? ""),
    });
    globalThis.orderflowQueue = queue;
    if (config.WORKER_MODE === "in-process") {
      queue.start().catch((error) => console.error("[jobs] worker failed to start", error));
    }
  }
  return globalThis.orderflowQueue;
}
