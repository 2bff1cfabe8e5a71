import { intakeTasks } from "../intake/jobs.server";
import { adminForShop } from "../shopify/clients.server";
import { FULFIL_TASK, runFulfilJob, type FulfilJobPayload } from "./fulfil.server";
import { inventoryTasks } from "./inventory-tasks.server";
import { processWebhookDelivery, type ProcessWebhookPayload } from "./process-webhook.server";
import type { EnqueueOptions, TaskList } from "./queue.server";
import { jobQueue } from "./runtime.server";
import { INSTANT_EXCHANGE_TASK, RESOLVE_TASK, runResolve, shipReplacementNow, type InstantExchangePayload, type ResolvePayload } from "./returns.server";
import { shopifyReturns } from "./returns-shopify.server";

// Every kind of job the app runs, by name. The web process enqueues them; whichever worker
// runs (in-process on SQLite, `npm run worker` on PostgreSQL) works them.

export const WEBHOOK_TASK = "webhook.process";

/** For routes and hooks: enqueue on the process's queue (jobs get theirs in their context). */
export const enqueue = (task: string, payload: unknown, options?: EnqueueOptions) => jobQueue().enqueue(task, payload, options);

export const tasks: TaskList = {
  [WEBHOOK_TASK]: (payload: ProcessWebhookPayload, { db, enqueue }) => processWebhookDelivery(payload, { db, adminFor: adminForShop, enqueue }),
  ...intakeTasks(adminForShop),
  ...inventoryTasks(adminForShop),
  [FULFIL_TASK]: (payload: FulfilJobPayload, { db }) => runFulfilJob(payload, { db, adminFor: adminForShop }),
  [RESOLVE_TASK]: async (payload: ResolvePayload, { db, enqueue }) => {
    await runResolve({ db, adminFor: adminForShop, shopify: shopifyReturns, enqueue, now: () => new Date() }, payload);
  },
  [INSTANT_EXCHANGE_TASK]: async (payload: InstantExchangePayload, { db, enqueue }) => {
    await shipReplacementNow({ db, adminFor: adminForShop, shopify: shopifyReturns, enqueue, now: () => new Date() }, payload);
  },
};
