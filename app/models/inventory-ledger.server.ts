import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { effectsOfChange, idempotencyKeyFor, type ObservedChange, type StockChange, unexplainedChanges } from "../domain/inventory/ledger";
import type { QuantityName } from "../domain/inventory/quantities";
import { isUniqueViolation } from "./webhook-deliveries.server";
import { levelData, type LevelWrite, quantitiesOf } from "./inventory.server";

// The inventory ledger: every change Orderflow asked Shopify for (with its idempotency key and
// compare-and-set quantity) and every change it observed (webhooks, full syncs).

export type LedgerEntry = Awaited<ReturnType<Db["inventoryLedgerEntry"]["findUniqueOrThrow"]>>;

export interface WriteRequest {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  change: StockChange;
  reason: string;
  /** What Shopify is expected to hold before the write (compare-and-set), and for a move at its destination. */
  changeFrom: number | null;
  toChangeFrom: number | null;
  referenceDocumentUri: string | null;
  /** Names what asked for the change: asking again with the same key finds the same entry. */
  operationKey: string;
  actor: string;
  note?: string | null;
}

function newEntryId(): string {
  return randomUUID().replaceAll("-", "");
}

/** Creates the pending entry for a write, or returns the one already asked for under the same operation key. */
export async function recordWrite(db: Db, request: WriteRequest): Promise<{ entry: LedgerEntry; created: boolean }> {
  const id = newEntryId();
  const { change } = request;
  try {
    const entry = await db.inventoryLedgerEntry.create({
      data: {
        id,
        shop: request.shop,
        inventoryItemId: request.inventoryItemId,
        locationId: request.locationId,
        name: change.name,
        toLocationId: change.kind === "move" ? change.toLocationId : null,
        toName: change.kind === "move" ? change.toName : null,
        kind: change.kind,
        reason: request.reason,
        delta: change.kind === "adjust" ? change.delta : change.kind === "move" ? change.quantity : request.changeFrom === null ? 0 : change.quantity - request.changeFrom,
        quantity: change.kind === "set" ? change.quantity : null,
        changeFrom: request.changeFrom,
        toChangeFrom: request.toChangeFrom,
        referenceDocumentUri: request.referenceDocumentUri,
        operationKey: request.operationKey,
        idempotencyKey: idempotencyKeyFor(id, 0),
        status: "pending",
        actor: request.actor,
        note: request.note ?? null,
      },
    });
    return { entry, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const entry = await db.inventoryLedgerEntry.findUniqueOrThrow({ where: { shop_operationKey: { shop: request.shop, operationKey: request.operationKey } } });
    return { entry, created: false };
  }
}

/** The change an entry asks for, read back from its columns. */
export function changeOf(entry: LedgerEntry): StockChange {
  const name = entry.name as QuantityName;
  switch (entry.kind) {
    case "set":
      return { kind: "set", name, quantity: entry.quantity ?? 0 };
    case "move":
      return { kind: "move", name, quantity: entry.delta, toName: (entry.toName ?? name) as QuantityName, toLocationId: entry.toLocationId ?? entry.locationId };
    default:
      return { kind: "adjust", name, delta: entry.delta };
  }
}

export async function findEntry(db: Db, id: string) {
  return db.inventoryLedgerEntry.findUnique({ where: { id } });
}

/**
 * The write went through on Shopify: the entry is applied and the mirror takes the levels as
 * Shopify has them now, in one transaction — so a worker that dies before this commits leaves the
 * entry pending, and its retry (same idempotency key) finds Shopify's first answer again.
 */
export async function commitWrite(db: Db, entryId: string, result: { quantityAfter: number | null; appliedAt: Date; levels: LevelWrite[] }): Promise<void> {
  const observedAt = new Date();
  await db.$transaction(async (tx) => {
    const entry = await tx.inventoryLedgerEntry.findUniqueOrThrow({ where: { id: entryId } });
    await tx.inventoryLedgerEntry.update({ where: { id: entryId }, data: { status: "applied", quantityAfter: result.quantityAfter, appliedAt: result.appliedAt, error: null } });
    for (const level of result.levels) {
      const data = { ...levelData(level), observedAt };
      await tx.inventoryLevel.upsert({
        where: { inventoryItemId_locationId: { inventoryItemId: level.inventoryItemId, locationId: level.locationId } },
        create: { shop: entry.shop, inventoryItemId: level.inventoryItemId, locationId: level.locationId, ...data },
        update: data,
      });
    }
  });
}

export async function markEntry(db: Db, entryId: string, status: "conflict" | "failed", error: string): Promise<void> {
  await db.inventoryLedgerEntry.update({ where: { id: entryId }, data: { status, error } });
}

/** After CHANGE_FROM_QUANTITY_STALE: compare against the new quantity, under a new key (the old key's attempt failed for good). */
export async function rebaseEntry(db: Db, entry: LedgerEntry, changeFrom: { from: number; to: number | null }, rebases: number): Promise<LedgerEntry> {
  return db.inventoryLedgerEntry.update({
    where: { id: entry.id },
    data: { changeFrom: changeFrom.from, toChangeFrom: changeFrom.to, idempotencyKey: idempotencyKeyFor(entry.id, rebases), error: `rebased ${rebases} time(s) after CHANGE_FROM_QUANTITY_STALE` },
  });
}

export function rebasesOf(entry: LedgerEntry): number {
  const match = /-r(\d+)$/.exec(entry.idempotencyKey);
  return match ? Number(match[1]) : 0;
}

/** Per level, how many of Orderflow's writes were asked for and never confirmed (pending, failed, conflict). */
export async function unconfirmedWrites(db: Db, shop: string, before: Date): Promise<Map<string, number>> {
  const rows = await db.inventoryLedgerEntry.findMany({
    where: { shop, status: { in: ["pending", "failed", "conflict"] }, createdAt: { lt: before } },
    select: { inventoryItemId: true, locationId: true, toLocationId: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const locationId of new Set([row.locationId, row.toLocationId ?? row.locationId])) {
      const key = `${row.inventoryItemId}|${locationId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export interface Observation {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  name: string;
  delta: number;
  quantityAfter: number;
  kind: "observed" | "reconcile";
  reason: string;
  operationKey: string;
  actor: string;
  note?: string;
}

export function observationData(observation: Observation) {
  const id = newEntryId();
  return {
    id,
    ...observation,
    note: observation.note ?? null,
    idempotencyKey: idempotencyKeyFor(id, 0),
    status: "applied",
    appliedAt: new Date(),
  };
}

export async function ledgerOf(db: Db, shop: string, inventoryItemId: string, take = 100) {
  return db.inventoryLedgerEntry.findMany({ where: { shop, inventoryItemId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}

export type LevelReadingOutcome = { status: "stale" } | { status: "first-reading" | "recorded"; changes: ObservedChange[] };

/**
 * A reading of one level from Shopify (after a webhook): the mirror takes it unless it holds a
 * later one, and what changed since the last reading — less what Orderflow's own unconfirmed
 * writes explain — goes into the ledger as observed, once per `operationKey` prefix.
 */
export async function recordLevelReading(
  db: Db,
  shop: string,
  reading: LevelWrite,
  source: { operationKey: string; actor: string; note?: string },
): Promise<LevelReadingOutcome> {
  return db.$transaction(async (tx) => {
    const where = { inventoryItemId_locationId: { inventoryItemId: reading.inventoryItemId, locationId: reading.locationId } };
    // Lock the level first (a no-op write). Otherwise, on PostgreSQL, a commitWrite can land between
    // reading the level and reading the pending writes: the level looks old, the write no longer
    // pending, and the write's own change is counted a second time as observed.
    await tx.inventoryLevel.updateMany({ where: { shop, inventoryItemId: reading.inventoryItemId, locationId: reading.locationId }, data: { shop } });
    const stored = await tx.inventoryLevel.findUnique({ where });
    if (stored?.shopifyUpdatedAt && stored.shopifyUpdatedAt > reading.shopifyUpdatedAt) return { status: "stale" } as const;
    const pending = await tx.inventoryLedgerEntry.findMany({
      where: { shop, status: "pending", inventoryItemId: reading.inventoryItemId, OR: [{ locationId: reading.locationId }, { toLocationId: reading.locationId }] },
    });
    const effects = pending
      .flatMap((entry) => effectsOfChange(changeOf(entry), entry.locationId, entry.changeFrom))
      .filter((effect) => effect.locationId === reading.locationId);
    const changes = stored ? unexplainedChanges(quantitiesOf(stored), reading.quantities, effects) : [];
    const data = { ...levelData(reading), observedAt: new Date() };
    await tx.inventoryLevel.upsert({ where, create: { shop, inventoryItemId: reading.inventoryItemId, locationId: reading.locationId, ...data }, update: data });
    for (const change of changes) {
      const operationKey = `${source.operationKey}:${change.name}`;
      const exists = await tx.inventoryLedgerEntry.findUnique({ where: { shop_operationKey: { shop, operationKey } } });
      if (exists) continue;
      await tx.inventoryLedgerEntry.create({
        data: observationData({
          shop,
          inventoryItemId: reading.inventoryItemId,
          locationId: reading.locationId,
          name: change.name,
          delta: change.delta,
          quantityAfter: change.quantityAfter,
          kind: "observed",
          reason: "other",
          operationKey,
          actor: source.actor,
          note: source.note,
        }),
      });
    }
    return { status: stored ? "recorded" : "first-reading", changes } as const;
  });
}
