import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { intakeTasks } from "../intake/jobs.server";
import { unauthenticated } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { FULFIL_TASK, runFulfilJob, type FulfilJobPayload } from "./fulfil.server";
import { processWebhookDelivery, type ProcessWebhookPayload } from "./process-webhook.server";
import type { TaskList } from "./queue.server";

// Every kind of job the app runs, by name. The web process enqueues them; whichever worker
// runs (in-process on SQLite, `npm run worker` on PostgreSQL) works them.

async function adminFor(shop: string): Promise<AdminGraphql | null> {
  try {
    const { admin } = await unauthenticated.admin(shop);
    return admin.graphql as AdminGraphql;
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

export const WEBHOOK_TASK = "webhook.process";

export const tasks: TaskList = {
  [WEBHOOK_TASK]: (payload: ProcessWebhookPayload, { db }) => processWebhookDelivery(payload, { db, adminFor }),
  [FULFIL_TASK]: (payload: FulfilJobPayload, { db }) => runFulfilJob(payload, { db, adminFor }),
  ...intakeTasks(adminFor),
};
