import type { Db } from "../db.server";
import { reconcile } from "../domain/intake";
import type { JobQueue } from "../jobs/queue.server";
import { recordEvents } from "../models/order-events.server";
import { orderVersions } from "../models/order-intake.server";
import {
  advanceWatermark,
  finishReconcileRun,
  reconcileStateOf,
  setNextReconcile,
  startReconcileRun,
} from "../models/reconcile.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { ordersUpdatedSince } from "../shopify/orders.server";

// Reconciliation (docs/decisions/0006-intake.md): every interval, per shop, read the orders
// updated since the watermark and enqueue the same sync a webhook would for each one the app has
// not seen, or not finished evaluating, at its latest version.

export const RECONCILE_TASK = "intake.reconcile";
export const SYNC_ORDER_TASK = "intake.sync-order";

export type ReconcileTrigger = "schedule" | "merchant" | "dead-letter";

export interface ReconcilePayload {
  shop: string;
  trigger: ReconcileTrigger;
  /** Read from here instead of the watermark (a dead letter's event time). */
  since?: string;
}

export interface SyncOrderPayload {
  shop: string;
  orderId: string;
}

export interface ReconcileDeps {
  db: Db;
  graphql: AdminGraphql;
  enqueue: JobQueue["enqueue"];
  intervalMs: number;
  now?: () => Date;
}

/** Schedules the shop's next run: the job of the next slot, which every scheduler names alike. */
export async function scheduleNextReconcile(deps: Pick<ReconcileDeps, "db" | "enqueue" | "intervalMs">, shop: string, now: Date): Promise<void> {
  const next = reconcile.nextSlot(now, deps.intervalMs);
  await deps.enqueue(RECONCILE_TASK, { shop, trigger: "schedule" } satisfies ReconcilePayload, {
    key: reconcile.scheduledRunKey(shop, next, deps.intervalMs),
    runAt: next,
  });
  await setNextReconcile(deps.db, shop, next);
}

/** Starts the shop's schedule when it has none, or when its chain stopped (its job used up its attempts). */
export async function ensureReconcileScheduled(deps: Pick<ReconcileDeps, "db" | "enqueue" | "intervalMs">, shop: string, now = new Date()): Promise<boolean> {
  const state = await reconcileStateOf(deps.db, shop);
  if (!reconcile.scheduleStalled(state?.nextRunAt ?? null, now, deps.intervalMs)) return false;
  await deps.enqueue(RECONCILE_TASK, { shop, trigger: "schedule" } satisfies ReconcilePayload, {
    key: reconcile.scheduledRunKey(shop, now, deps.intervalMs),
    runAt: now,
  });
  await setNextReconcile(deps.db, shop, now);
  return true;
}

export async function runReconcile(deps: ReconcileDeps, payload: ReconcilePayload): Promise<{ checked: number; repaired: number }> {
  const { db, graphql } = deps;
  const { shop } = payload;
  const now = deps.now?.() ?? new Date();
  // The next run is scheduled before the work, so a run that fails does not end the schedule.
  if (payload.trigger === "schedule") await scheduleNextReconcile(deps, shop, now);

  const state = await reconcileStateOf(db, shop);
  const since = payload.since ? new Date(payload.since) : reconcile.reconcileSince(state?.watermark ?? null, now);
  const run = await startReconcileRun(db, shop, payload.trigger, since);
  let checked = 0;
  let repaired = 0;
  try {
    let newest: Date | null = null;
    let cursor: string | null = null;
    do {
      const page = await ordersUpdatedSince(graphql, reconcile.updatedSinceQuery(since), cursor);
      const versions = await orderVersions(db, shop, page.orders.map((order) => order.id));
      for (const order of page.orders) {
        checked += 1;
        const updatedAt = new Date(order.updatedAt);
        newest = reconcile.laterOf(newest, updatedAt);
        if (!reconcile.needsRepair(updatedAt, versions.get(order.id)!)) continue;
        repaired += 1;
        await deps.enqueue(SYNC_ORDER_TASK, { shop, orderId: order.id } satisfies SyncOrderPayload, { key: `sync:${order.id}:${order.updatedAt}` });
        await recordEvents(db, shop, order.id, [
          {
            kind: "reconciled",
            actor: { type: "automation" },
            summary: "Reconciliation found this order changed on Shopify without a webhook the app processed, and synced it.",
            details: { run: run.id, updatedAt: order.updatedAt },
            dedupeKey: `reconcile:${order.id}:${order.updatedAt}`,
          },
        ]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (newest) await advanceWatermark(db, shop, newest);
    await finishReconcileRun(db, run.id, { checked, repaired });
    return { checked, repaired };
  } catch (error) {
    await finishReconcileRun(db, run.id, { checked, repaired, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
