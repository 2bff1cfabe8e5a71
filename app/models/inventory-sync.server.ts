import type { Db } from "../db.server";
import type { SyncStatus } from "../domain/inventory/sync-progress";

// Full syncs of a shop's inventory: one row per bulk read, its progress and what it found.

export type InventorySync = Awaited<ReturnType<Db["inventorySync"]["findUniqueOrThrow"]>>;

const ACTIVE: SyncStatus[] = ["requested", "running", "importing"];
// A sync that has not moved for this long is presumed dead and no longer blocks a new one.
const STALE_AFTER_MS = 30 * 60_000;

/** A new sync, unless one is already under way for the shop (then that one). */
export async function requestSync(db: Db, shop: string, trigger: string, now = new Date()): Promise<{ sync: InventorySync; created: boolean }> {
  return db.$transaction(async (tx) => {
    const active = await tx.inventorySync.findFirst({
      where: { shop, status: { in: ACTIVE }, updatedAt: { gt: new Date(now.getTime() - STALE_AFTER_MS) } },
      orderBy: { requestedAt: "desc" },
    });
    if (active) return { sync: active, created: false };
    const previous = await tx.inventorySync.findFirst({ where: { shop, status: "completed" }, orderBy: { requestedAt: "desc" } });
    const sync = await tx.inventorySync.create({ data: { shop, status: "requested", trigger, expectedObjects: previous?.objectCount ?? null, requestedAt: now } });
    return { sync, created: true };
  });
}

export async function findSync(db: Db, id: string) {
  return db.inventorySync.findUnique({ where: { id } });
}

export async function latestSync(db: Db, shop: string) {
  return db.inventorySync.findFirst({ where: { shop }, orderBy: { requestedAt: "desc" } });
}

export async function hasCompletedSync(db: Db, shop: string): Promise<boolean> {
  return (await db.inventorySync.count({ where: { shop, status: "completed" } })) > 0;
}

export async function syncOfOperation(db: Db, shop: string, bulkOperationId: string) {
  return db.inventorySync.findFirst({ where: { shop, bulkOperationId } });
}

export async function markSyncRunning(db: Db, id: string, bulkOperationId: string, startedAt: Date): Promise<void> {
  await db.inventorySync.updateMany({ where: { id, status: "requested" }, data: { status: "running", bulkOperationId, startedAt } });
}

export async function saveReadProgress(db: Db, id: string, objectCount: number): Promise<void> {
  await db.inventorySync.updateMany({ where: { id, status: "running" }, data: { objectCount } });
}

/** Takes the import for this worker; a second taker (the webhook and the poll both saw it finish) gets false. */
export async function claimImport(db: Db, id: string, objectCount: number): Promise<boolean> {
  const { count } = await db.inventorySync.updateMany({ where: { id, status: "running" }, data: { status: "importing", objectCount, importedObjects: 0 } });
  return count === 1;
}

export async function saveImportProgress(db: Db, id: string, counts: { importedObjects: number; itemsSeen: number; levelsSeen: number; driftsFound: number }): Promise<void> {
  await db.inventorySync.update({ where: { id }, data: counts });
}

export async function completeSync(db: Db, id: string, finishedAt = new Date()): Promise<void> {
  await db.inventorySync.update({ where: { id }, data: { status: "completed", finishedAt, error: null } });
}

export async function failSync(db: Db, id: string, error: string, finishedAt = new Date()): Promise<void> {
  await db.inventorySync.update({ where: { id }, data: { status: "failed", error, finishedAt } });
}

