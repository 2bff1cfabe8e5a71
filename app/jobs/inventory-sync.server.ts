import type { Db } from "../db.server";
import { classifyDrift, shippedUnits } from "../domain/inventory/drift";
import type { Quantities } from "../domain/inventory/quantities";
import {
  levelData,
  levelKey,
  mirrorKeys,
  mirrorOf,
  quantitiesOf,
  saveLocations,
  deleteItemsAndLevels,
} from "../models/inventory.server";
import { observationData, recordLevelReading, unconfirmedWrites } from "../models/inventory-ledger.server";
import {
  claimImport,
  completeSync,
  failSync,
  findSync,
  markSyncRunning,
  saveImportProgress,
  saveReadProgress,
} from "../models/inventory-sync.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { fetchBulkOperation } from "../shopify/bulk-operations.server";
import { fetchLevelNow, fetchLocations, readInventorySnapshot, type SnapshotItem, type SnapshotLevel, type SnapshotRecord, startInventorySnapshot } from "../shopify/inventory.server";

// A full sync of a shop's inventory, in three steps a job (or the benchmark) runs one after the
// other: start a bulk query, follow it until Shopify has written its file, then stream the file
// into the mirror — recording as drift every level where Shopify holds something else than the
// mirror expected. Each step is safe to run again.

export interface SyncDeps {
  db: Db;
  graphql: AdminGraphql;
  fetch?: typeof fetch;
}

/** Locations first (few, and the levels point at them), then the bulk query. */
export async function startSync({ db, graphql }: SyncDeps, syncId: string): Promise<"started" | "skipped"> {
  const sync = await findSync(db, syncId);
  if (!sync || sync.status !== "requested") return "skipped";
  await saveLocations(db, sync.shop, await fetchLocations(graphql));
  const operation = await startInventorySnapshot(graphql);
  await markSyncRunning(db, syncId, operation.id, new Date());
  return "started";
}

export type PollOutcome = "running" | "completed" | "failed" | "not-running";

/** Reads the bulk operation's progress into the sync; "completed" means its file is ready to import. */
export async function pollSync({ db, graphql }: SyncDeps, syncId: string): Promise<PollOutcome> {
  const sync = await findSync(db, syncId);
  if (!sync || sync.status !== "running" || !sync.bulkOperationId) return "not-running";
  const operation = await fetchBulkOperation(graphql, sync.bulkOperationId);
  if (!operation) {
    await failSync(db, syncId, `Shopify no longer knows bulk operation ${sync.bulkOperationId}`);
    return "failed";
  }
  if (operation.status === "COMPLETED") return "completed";
  if (operation.status !== "CREATED" && operation.status !== "RUNNING") {
    await failSync(db, syncId, `Shopify's bulk operation ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`);
    return "failed";
  }
  await saveReadProgress(db, syncId, operation.objectCount);
  return "running";
}

const BATCH = 500;

export interface ImportOutcome {
  status: "imported" | "skipped";
  objects: number;
  drifts: number;
}

/**
 * Streams the bulk operation's file into the mirror. Levels the mirror read from Shopify after
 * the bulk operation started (a webhook, an Orderflow write) are newer than the file and stay
 * as they are; every other level that differs becomes a drift with its likely cause and a
 * reconcile entry in the ledger. Items and levels Shopify no longer has are removed.
 */
export async function importSync({ db, graphql, fetch: fetchImpl }: SyncDeps, syncId: string): Promise<ImportOutcome> {
  const skipped: ImportOutcome = { status: "skipped", objects: 0, drifts: 0 };
  const sync = await findSync(db, syncId);
  if (!sync?.bulkOperationId || !sync.startedAt) return skipped;
  if (sync.status !== "running" && sync.status !== "importing") return skipped;
  const operation = await fetchBulkOperation(graphql, sync.bulkOperationId);
  if (operation?.status !== "COMPLETED") return skipped;
  // A second taker (the finish webhook and the poll both saw it) stops here; a retry of a
  // worker that died while importing finds the sync importing and starts over: every write is
  // an upsert or guarded by a unique key.
  if (sync.status === "running" && !(await claimImport(db, syncId, operation.objectCount))) return skipped;

  const { shop } = sync;
  const startedAt = sync.startedAt;
  const unconfirmed = await unconfirmedWrites(db, shop, startedAt);
  const seenItems = new Set<string>();
  const seenLevels = new Set<string>();
  const counts = { importedObjects: 0, itemsSeen: 0, levelsSeen: 0, driftsFound: 0 };

  const flush = async (batch: SnapshotRecord[]) => {
    const result = await importBatch(db, { shop, syncId, startedAt, unconfirmed }, batch);
    counts.importedObjects += batch.length;
    counts.itemsSeen += result.items;
    counts.levelsSeen += result.levels;
    counts.driftsFound += result.drifts;
    await saveImportProgress(db, syncId, counts);
  };

  if (operation.url) {
    let batch: SnapshotRecord[] = [];
    for await (const record of readInventorySnapshot(operation.url, fetchImpl)) {
      if (record.kind === "item") seenItems.add(record.inventoryItemId);
      else seenLevels.add(levelKey(record.inventoryItemId, record.locationId));
      batch.push(record);
      if (batch.length >= BATCH) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length) await flush(batch);
  }

  const mirror = await mirrorKeys(db, shop);
  await deleteItemsAndLevels(
    db,
    shop,
    mirror.items.filter((item) => !seenItems.has(item.id) && item.updatedAt < startedAt).map((item) => item.id),
    mirror.levels.filter((level) => !seenLevels.has(levelKey(level.inventoryItemId, level.locationId)) && level.observedAt < startedAt),
  );
  await completeSync(db, syncId);
  return { status: "imported", objects: counts.importedObjects, drifts: counts.driftsFound };
}

interface BatchContext {
  shop: string;
  syncId: string;
  startedAt: Date;
  unconfirmed: Map<string, number>;
}

function itemChanged(stored: { variantId: string | null; sku: string | null; productTitle: string; variantTitle: string; tracked: boolean }, item: SnapshotItem): boolean {
  return stored.variantId !== item.variantId || stored.sku !== item.sku || stored.productTitle !== item.productTitle || stored.variantTitle !== item.variantTitle || stored.tracked !== item.tracked;
}

async function importBatch(db: Db, context: BatchContext, batch: SnapshotRecord[]) {
  const { shop, syncId, startedAt } = context;
  const itemIds = [...new Set(batch.map((record) => record.inventoryItemId))];
  const mirror = await mirrorOf(db, shop, itemIds);

  const items = batch.filter((record): record is SnapshotItem => record.kind === "item");
  const levels = batch.filter((record): record is SnapshotLevel => record.kind === "level");
  const itemData = (item: SnapshotItem) => ({ variantId: item.variantId, sku: item.sku, productTitle: item.productTitle, variantTitle: item.variantTitle, tracked: item.tracked });
  const newItems = items.filter((item) => !mirror.items.has(item.inventoryItemId));
  const changedItems = items.filter((item) => {
    const stored = mirror.items.get(item.inventoryItemId);
    return stored !== undefined && itemChanged(stored, item);
  });

  const newLevels: SnapshotLevel[] = [];
  const changedLevels: SnapshotLevel[] = [];
  const entries: ReturnType<typeof observationData>[] = [];
  const drifts: Array<{ shop: string; syncId: string; inventoryItemId: string; locationId: string; name: string; expected: number; actual: number; cause: string; ledgerEntryId: string }> = [];
  for (const level of levels) {
    const key = levelKey(level.inventoryItemId, level.locationId);
    const stored = mirror.levels.get(key);
    if (!stored) {
      newLevels.push(level);
      continue;
    }
    if (stored.observedAt >= startedAt) continue;
    const shipped = shippedUnits(quantitiesOf(stored), level.quantities);
    if (shipped !== null) {
      changedLevels.push(level);
      for (const name of ["on_hand", "committed"] as const) {
        entries.push(
          observationData({
            shop,
            inventoryItemId: level.inventoryItemId,
            locationId: level.locationId,
            name,
            delta: -shipped,
            quantityAfter: level.quantities[name],
            kind: "reconcile",
            reason: "other",
            operationKey: `reconcile:${syncId}:${key}:${name}`,
            actor: "reconcile",
            note: `${shipped} unit${shipped === 1 ? "" : "s"} shipped: a fulfilment Orderflow had not read yet`,
          }),
        );
      }
      continue;
    }
    const drift = classifyDrift({
      expected: quantitiesOf(stored),
      actual: level.quantities,
      mirrorUpdatedAt: stored.shopifyUpdatedAt,
      shopifyUpdatedAt: new Date(level.updatedAt),
      mirrorReadAt: stored.observedAt,
      unconfirmedWrites: context.unconfirmed.get(key) ?? 0,
    });
    if (!drift) continue;
    changedLevels.push(level);
    for (const difference of drift.differences) {
      const entry = observationData({
        shop,
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        name: difference.name,
        delta: difference.actual - difference.expected,
        quantityAfter: difference.actual,
        kind: "reconcile",
        reason: "correction",
        operationKey: `reconcile:${syncId}:${key}:${difference.name}`,
        actor: "reconcile",
      });
      entries.push(entry);
      drifts.push({ shop, syncId, inventoryItemId: level.inventoryItemId, locationId: level.locationId, name: difference.name, expected: difference.expected, actual: difference.actual, cause: drift.cause, ledgerEntryId: entry.id });
    }
  }

  const levelRow = (level: SnapshotLevel, quantities: Quantities = level.quantities) => ({
    ...levelData({ inventoryItemId: level.inventoryItemId, locationId: level.locationId, quantities, shopifyUpdatedAt: new Date(level.updatedAt) }),
    // A bulk operation reads Shopify while it runs, not when its file is imported: the sync's start
    // is the earliest the reading could have been taken.
    observedAt: startedAt,
  });
  await db.$transaction([
    ...(newItems.length ? [db.inventoryItem.createMany({ data: newItems.map((item) => ({ id: item.inventoryItemId, shop, ...itemData(item) })) })] : []),
    ...changedItems.map((item) => db.inventoryItem.update({ where: { id: item.inventoryItemId }, data: itemData(item) })),
    ...(newLevels.length
      ? [db.inventoryLevel.createMany({ data: newLevels.map((level) => ({ shop, inventoryItemId: level.inventoryItemId, locationId: level.locationId, ...levelRow(level) })) })]
      : []),
    ...changedLevels.map((level) =>
      db.inventoryLevel.update({ where: { inventoryItemId_locationId: { inventoryItemId: level.inventoryItemId, locationId: level.locationId } }, data: levelRow(level) }),
    ),
    ...(entries.length ? [db.inventoryLedgerEntry.createMany({ data: entries })] : []),
    ...(drifts.length ? [db.inventoryDrift.createMany({ data: drifts })] : []),
  ]);
  return { items: items.length, levels: levels.length, drifts: drifts.length };
}

/**
 * One item's levels read from Shopify now, for a merchant who doubts a number and will not wait
 * for a full sync; what changed goes into the ledger as observed, once per request.
 */
export async function refreshItem({ db, graphql }: SyncDeps, request: { shop: string; inventoryItemId: string; requestKey: string; actor: string }): Promise<number> {
  const { levels } = await mirrorOf(db, request.shop, [request.inventoryItemId]);
  let changes = 0;
  for (const { locationId } of levels.values()) {
    const now = await fetchLevelNow(graphql, request.inventoryItemId, locationId);
    if (!now.level) continue;
    const outcome = await recordLevelReading(
      db,
      request.shop,
      { inventoryItemId: request.inventoryItemId, locationId, quantities: now.level.quantities, shopifyUpdatedAt: new Date(now.level.updatedAt) },
      { operationKey: `refresh:${request.requestKey}:${locationId}`, actor: request.actor, note: "Read from Shopify on request" },
    );
    if (outcome.status !== "stale") changes += outcome.changes.length;
  }
  return changes;
}
