import { AUTOMATION } from "../domain/intake";
import { env } from "../env.server";
import type { TaskList } from "../jobs/queue.server";
import type { AdminFor } from "../jobs/webhook-handlers.server";
import { getIntakeSettings } from "../models/intake-settings.server";
import { ordersToRecheck } from "../models/order-intake.server";
import { syncOrderIntake } from "./evaluate.server";
import { RECONCILE_TASK, runReconcile, SYNC_ORDER_TASK, type ReconcilePayload, type SyncOrderPayload } from "./reconcile.server";

export const RECHECK_TASK = "intake.recheck-shop";

export interface RecheckPayload {
  shop: string;
}

const RECHECK_DAYS = 30;

export const reconcileIntervalMs = () => env().RECONCILE_INTERVAL_MINUTES * 60_000;

/** Intake's jobs. A shop without an offline session (uninstalled) has nothing to sync, and its schedule ends. */
export function intakeTasks(adminFor: AdminFor): TaskList {
  return {
    [SYNC_ORDER_TASK]: async (payload: SyncOrderPayload, { db }) => {
      const graphql = await adminFor(payload.shop);
      if (graphql) await syncOrderIntake({ db, graphql }, { shop: payload.shop, orderId: payload.orderId, actor: AUTOMATION });
    },
    [RECONCILE_TASK]: async (payload: ReconcilePayload, { db, enqueue }) => {
      const graphql = await adminFor(payload.shop);
      if (graphql) await runReconcile({ db, graphql, enqueue, intervalMs: reconcileIntervalMs() }, payload);
    },
    // After the settings change, the orders still in play are checked again under the new ones.
    [RECHECK_TASK]: async (payload: RecheckPayload, { db, enqueue }) => {
      const settings = await getIntakeSettings(db, payload.shop);
      const version = settings.updatedAt?.toISOString() ?? "defaults";
      for (const orderId of await ordersToRecheck(db, payload.shop, new Date(Date.now() - RECHECK_DAYS * 86_400_000))) {
        await enqueue(SYNC_ORDER_TASK, { shop: payload.shop, orderId } satisfies SyncOrderPayload, { key: `recheck:${orderId}:${version}` });
      }
    },
  };
}
