import type { Db } from "../db.server";
import { nextSlot, slotKey } from "../domain/schedule";
import { env } from "../env.server";
import { failSync, findSync, hasCompletedSync, requestSync } from "../models/inventory-sync.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { importSync, pollSync, startSync } from "./inventory-sync.server";
import { APPLY_WRITE_TASK, applyDriftRule, applyWrite, type Enqueue } from "./inventory-writes.server";
import type { TaskList } from "./queue.server";

// The inventory jobs: a full sync as start → poll (every 2 s until Shopify's file is written)
// → import, and the stock writes. bulk_operations/finish enqueues the import too, under the same
// key, so whichever sees the end first starts it and the other finds it queued or done.

export const SYNC_START_TASK = "inventory.sync.start";
export const SYNC_POLL_TASK = "inventory.sync.poll";
export const SYNC_IMPORT_TASK = "inventory.sync.import";
export const SYNC_SCHEDULED_TASK = "inventory.sync.scheduled";

const POLL_EVERY_MS = 2000;

export function enqueueImport(enqueue: Enqueue, syncId: string): Promise<void> {
  return enqueue(SYNC_IMPORT_TASK, { syncId }, { key: `inventory-sync-import:${syncId}` });
}

function enqueuePoll(enqueue: Enqueue, syncId: string, poll: number): Promise<void> {
  return enqueue(SYNC_POLL_TASK, { syncId, poll }, { key: `inventory-sync-poll:${syncId}:${poll}`, runAt: new Date(Date.now() + POLL_EVERY_MS) });
}

/** A full sync for the shop, unless one is under way already. */
export async function requestFullSync(db: Db, enqueue: Enqueue, shop: string, trigger: string) {
  const requested = await requestSync(db, shop, trigger);
  if (requested.created) await enqueue(SYNC_START_TASK, { syncId: requested.sync.id }, { key: `inventory-sync-start:${requested.sync.id}` });
  return requested;
}

/** On install: the mirror starts with a full sync, once. */
export async function requestFirstSync(db: Db, enqueue: Enqueue, shop: string): Promise<void> {
  if (!(await hasCompletedSync(db, shop))) await requestFullSync(db, enqueue, shop, "install");
}

export const inventorySyncIntervalMs = () => env().INVENTORY_SYNC_INTERVAL_HOURS * 3_600_000;

/**
 * Books the shop's next scheduled full sync (the start of the next slot). Called on install, by
 * the inventory page and by each scheduled run, all under the slot's key, so one run is booked.
 */
export function scheduleFullSync(enqueue: Enqueue, shop: string, now = new Date(), intervalMs = inventorySyncIntervalMs()): Promise<void> {
  const runAt = nextSlot(now, intervalMs);
  return enqueue(SYNC_SCHEDULED_TASK, { shop }, { key: slotKey("inventory-sync", shop, runAt, intervalMs), runAt });
}

interface SyncPayload {
  syncId: string;
  poll?: number;
}

export function inventoryTasks(adminFor: (shop: string) => Promise<AdminGraphql | null>): TaskList {
  const clientFor = async (db: Db, syncId: string) => {
    const sync = await findSync(db, syncId);
    if (!sync) return null;
    const graphql = await adminFor(sync.shop);
    if (!graphql) await failSync(db, syncId, "The app is not installed on the shop");
    return graphql;
  };
  return {
    [SYNC_START_TASK]: async ({ syncId }: SyncPayload, { db, enqueue }) => {
      const graphql = await clientFor(db, syncId);
      if (graphql && (await startSync({ db, graphql }, syncId)) === "started") await enqueuePoll(enqueue, syncId, 1);
    },
    [SYNC_POLL_TASK]: async ({ syncId, poll = 1 }: SyncPayload, { db, enqueue }) => {
      const graphql = await clientFor(db, syncId);
      if (!graphql) return;
      const outcome = await pollSync({ db, graphql }, syncId);
      if (outcome === "running") await enqueuePoll(enqueue, syncId, poll + 1);
      if (outcome === "completed") await enqueueImport(enqueue, syncId);
    },
    [SYNC_IMPORT_TASK]: async ({ syncId }: SyncPayload, { db, enqueue }) => {
      const graphql = await clientFor(db, syncId);
      if (!graphql) return;
      const outcome = await importSync({ db, graphql }, syncId);
      const sync = await findSync(db, syncId);
      if (outcome.status === "imported" && sync) await applyDriftRule(db, enqueue, sync.shop);
    },
    // Drift is only found by a full sync; without this a shop whose webhooks went missing would
    // drift until the merchant asked. An uninstalled shop's chain ends here.
    [SYNC_SCHEDULED_TASK]: async ({ shop }: { shop: string }, { db, enqueue }) => {
      if (!(await adminFor(shop))) return;
      await scheduleFullSync(enqueue, shop);
      await requestFullSync(db, enqueue, shop, "schedule");
    },
    [APPLY_WRITE_TASK]: async ({ entryId }: { entryId: string }, { db }) => {
      await applyWrite({ db, adminFor }, entryId);
    },
  };
}
