import { adminForShop } from "../shopify/clients.server";
import { processWebhookDelivery, type ProcessWebhookPayload } from "./process-webhook.server";
import type { TaskList } from "./queue.server";

// Every kind of job the app runs, by name. The web process enqueues them; whichever worker
// runs (in-process on SQLite, `npm run worker` on PostgreSQL) works them.

export const WEBHOOK_TASK = "webhook.process";

export const tasks: TaskList = {
  [WEBHOOK_TASK]: (payload: ProcessWebhookPayload, { db }) => processWebhookDelivery(payload, { db, adminFor: adminForShop }),
};
