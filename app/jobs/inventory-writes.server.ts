import type { Db } from "../db.server";
import { canRestore, type DriftCause, planDriftRepairs, type DriftRule } from "../domain/inventory/drift";
import { type ChangeProblem, checkStockChange, ledgerDocumentUriFor, rebaseAfterStale, type StockChange } from "../domain/inventory/ledger";
import type { QuantityName } from "../domain/inventory/quantities";
import { findLevel, inventorySettings } from "../models/inventory.server";
import {
  changeOf,
  commitWrite,
  findEntry,
  type LedgerEntry,
  markEntry,
  rebaseEntry,
  rebasesOf,
  recordWrite,
} from "../models/inventory-ledger.server";
import { driftRepairedBy, findDrift, openDrifts, openDriftsOfLevel, resolveDrift, startRestoring } from "../models/inventory-drift.server";
import { UserErrorsError, type AdminGraphql } from "../shopify/admin-client.server";
import { adjustQuantities, fetchLevelNow, moveQuantities, setQuantities, type StockAdjustment } from "../shopify/inventory.server";
import type { EnqueueOptions } from "./queue.server";

// Orderflow's stock writes. A write is first a pending ledger entry (the entry fixes every
// argument, the compare-and-set quantities and the idempotency key), then a job sends it to
// Shopify and commits the result. A worker that dies after Shopify applied the write but before
// the commit leaves the entry pending; the retry sends the same request with the same key, and
// Shopify answers the first result instead of applying it again.

export const APPLY_WRITE_TASK = "inventory.write.apply";

export type Enqueue = (task: string, payload: unknown, options?: EnqueueOptions) => Promise<void>;

function enqueueWrite(enqueue: Enqueue, entryId: string): Promise<void> {
  return enqueue(APPLY_WRITE_TASK, { entryId }, { key: `inventory-write:${entryId}` });
}

export interface StockChangeRequest {
  shop: string;
  inventoryItemId: string;
  locationId: string;
  change: StockChange;
  reason: string;
  referenceDocumentUri?: string | null;
  /** Names what asks for the change (a return line's restock, a merchant's form submission): asked twice, it is done once. */
  operationKey: string;
  actor: string;
  note?: string | null;
}

export type StockChangeResult = { ok: true; entry: LedgerEntry; created: boolean } | { ok: false; problems: ChangeProblem[] };

/**
 * Records a stock change and has it sent to Shopify. It compares against what the mirror holds:
 * if Shopify has moved on, a relative change is rebased, an absolute one becomes a conflict.
 */
export async function requestStockChange(db: Db, enqueue: Enqueue, request: StockChangeRequest): Promise<StockChangeResult> {
  const problems = checkStockChange(request.change, request.locationId);
  if (problems.length) return { ok: false, problems };
  const { change } = request;
  const here = await findLevel(db, request.inventoryItemId, request.locationId);
  const there = change.kind === "move" ? await findLevel(db, request.inventoryItemId, change.toLocationId) : null;
  const { entry, created } = await recordWrite(db, {
    shop: request.shop,
    inventoryItemId: request.inventoryItemId,
    locationId: request.locationId,
    change,
    reason: request.reason,
    changeFrom: here?.quantities[change.name] ?? 0,
    toChangeFrom: change.kind === "move" ? (there?.quantities[change.toName] ?? 0) : null,
    referenceDocumentUri: request.referenceDocumentUri ?? null,
    operationKey: request.operationKey,
    actor: request.actor,
    note: request.note,
  });
  if (entry.status === "pending") await enqueueWrite(enqueue, entry.id);
  return { ok: true, entry, created };
}

function sendWrite(graphql: AdminGraphql, entry: LedgerEntry): Promise<StockAdjustment> {
  const change = changeOf(entry);
  const documentFor = (name: QuantityName) => (name === "available" ? null : ledgerDocumentUriFor(entry.id));
  const reference = entry.referenceDocumentUri ?? ledgerDocumentUriFor(entry.id);
  switch (change.kind) {
    case "adjust":
      return adjustQuantities(
        graphql,
        {
          name: change.name,
          reason: entry.reason,
          referenceDocumentUri: reference,
          changes: [{ inventoryItemId: entry.inventoryItemId, locationId: entry.locationId, delta: change.delta, changeFromQuantity: entry.changeFrom, ledgerDocumentUri: documentFor(change.name) }],
        },
        entry.idempotencyKey,
      );
    case "set":
      return setQuantities(
        graphql,
        {
          name: change.name,
          reason: entry.reason,
          referenceDocumentUri: reference,
          quantities: [{ inventoryItemId: entry.inventoryItemId, locationId: entry.locationId, quantity: change.quantity, changeFromQuantity: entry.changeFrom }],
        },
        entry.idempotencyKey,
      );
    case "move":
      return moveQuantities(
        graphql,
        {
          reason: entry.reason,
          referenceDocumentUri: reference,
          changes: [
            {
              inventoryItemId: entry.inventoryItemId,
              quantity: change.quantity,
              from: { locationId: entry.locationId, name: change.name, changeFromQuantity: entry.changeFrom, ledgerDocumentUri: documentFor(change.name) },
              to: { locationId: change.toLocationId, name: change.toName, changeFromQuantity: entry.toChangeFrom, ledgerDocumentUri: documentFor(change.toName) },
            },
          ],
        },
        entry.idempotencyKey,
      );
  }
}

async function readLevels(graphql: AdminGraphql, entry: LedgerEntry) {
  const change = changeOf(entry);
  const locations = [...new Set([entry.locationId, ...(change.kind === "move" ? [change.toLocationId] : [])])];
  const levels = [];
  for (const locationId of locations) {
    const now = await fetchLevelNow(graphql, entry.inventoryItemId, locationId);
    if (now.level) levels.push({ inventoryItemId: entry.inventoryItemId, locationId, quantities: now.level.quantities, shopifyUpdatedAt: new Date(now.level.updatedAt) });
  }
  return levels;
}

/**
 * A drift being restored follows its write: restored once applied — with the level's other
 * drifts that the write put right (on_hand follows available) — superseded if Shopify moved on.
 */
async function settleDrift(db: Db, entry: LedgerEntry): Promise<void> {
  const drift = await driftRepairedBy(db, entry.id);
  if (!drift || drift.status !== "restoring") return;
  if (entry.status === "conflict" || entry.status === "failed") {
    await resolveDrift(db, drift.id, { status: "superseded" });
    return;
  }
  if (entry.status !== "applied") return;
  await resolveDrift(db, drift.id, { status: "restored" });
  const level = await findLevel(db, drift.inventoryItemId, drift.locationId);
  for (const other of await openDriftsOfLevel(db, drift.shop, drift.inventoryItemId, drift.locationId)) {
    if (level && level.quantities[other.name as QuantityName] === other.expected) {
      await resolveDrift(db, other.id, { status: "restored", resolvedBy: drift.resolvedBy ?? undefined, repairEntryId: entry.id });
    }
  }
}

const STALE = new Set(["CHANGE_FROM_QUANTITY_STALE", "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"]);

export type ApplyOutcome = "applied" | "conflict" | "failed" | "skipped";

/** The job: send the entry's write, then commit Shopify's answer. Errors a retry can cure are thrown for the queue. */
export async function applyWrite({ db, adminFor }: { db: Db; adminFor: (shop: string) => Promise<AdminGraphql | null> }, entryId: string): Promise<ApplyOutcome> {
  let entry = await findEntry(db, entryId);
  if (!entry) return "skipped";
  if (entry.status !== "pending") {
    await settleDrift(db, entry);
    return "skipped";
  }
  const graphql = await adminFor(entry.shop);
  if (!graphql) {
    await markEntry(db, entry.id, "failed", "The app is not installed on the shop");
    await settleDrift(db, { ...entry, status: "failed" });
    return "failed";
  }
  for (;;) {
    let result: StockAdjustment;
    try {
      result = await sendWrite(graphql, entry);
    } catch (error) {
      if (!(error instanceof UserErrorsError)) throw error;
      const codes = error.userErrors.map((userError) => userError.code ?? "");
      if (codes.includes("IDEMPOTENCY_CONCURRENT_REQUEST")) throw error;
      if (!codes.some((code) => STALE.has(code))) {
        await markEntry(db, entry.id, "failed", error.message);
        await settleDrift(db, { ...entry, status: "failed" });
        return "failed";
      }
      const change = changeOf(entry);
      const rebases = rebasesOf(entry);
      if (rebaseAfterStale(change, rebases) === "conflict") {
        await markEntry(db, entry.id, "conflict", error.message);
        await settleDrift(db, { ...entry, status: "conflict" });
        return "conflict";
      }
      const [here, there] = await Promise.all([
        fetchLevelNow(graphql, entry.inventoryItemId, entry.locationId),
        change.kind === "move" ? fetchLevelNow(graphql, entry.inventoryItemId, change.toLocationId) : null,
      ]);
      entry = await rebaseEntry(
        db,
        entry,
        { from: here.level?.quantities[change.name] ?? 0, to: change.kind === "move" ? (there?.level?.quantities[change.toName] ?? 0) : null },
        rebases + 1,
      );
      continue;
    }
    const quantityAfter = result.changes.find((change) => change.locationId === entry!.locationId && change.name === entry!.name)?.quantityAfterChange ?? null;
    await commitWrite(db, entry.id, { quantityAfter, appliedAt: new Date(result.createdAt), levels: await readLevels(graphql, entry) });
    await settleDrift(db, { ...entry, status: "applied" });
    return "applied";
  }
}

// ——— drift repair ———

export type RepairOutcome = "accepted" | "restoring" | "not-open" | "not-restorable";

/**
 * Takes Shopify's numbers for the drift's level: the reconcile entries already recorded the
 * change, so the level's open drifts are closed and nothing is written.
 */
export async function acceptDrift(db: Db, shop: string, driftId: string, actor: string): Promise<RepairOutcome> {
  const drift = await findDrift(db, shop, driftId);
  if (!drift || drift.status !== "open") return "not-open";
  let accepted = false;
  for (const other of await openDriftsOfLevel(db, shop, drift.inventoryItemId, drift.locationId)) {
    if (await resolveDrift(db, other.id, { status: "accepted", resolvedBy: actor })) accepted = true;
  }
  return accepted ? "accepted" : "not-open";
}

/** Writes Orderflow's expected number back to Shopify, compared against the number the sync found. */
export async function restoreDrift(db: Db, enqueue: Enqueue, shop: string, driftId: string, actor: string): Promise<RepairOutcome> {
  const drift = await findDrift(db, shop, driftId);
  if (!drift || drift.status !== "open") return "not-open";
  if (!canRestore(drift.name, drift.cause as DriftCause)) return "not-restorable";
  const { entry } = await recordWrite(db, {
    shop,
    inventoryItemId: drift.inventoryItemId,
    locationId: drift.locationId,
    change: { kind: "set", name: drift.name as QuantityName, quantity: drift.expected },
    reason: "correction",
    changeFrom: drift.actual,
    toChangeFrom: null,
    referenceDocumentUri: `gid://orderflow/InventoryDrift/${drift.id}`,
    operationKey: `drift-restore:${drift.id}`,
    actor,
    note: "Restored after a drift",
  });
  if (!(await startRestoring(db, drift.id, entry.id, actor))) return "not-open";
  await enqueueWrite(enqueue, entry.id);
  return "restoring";
}

/** The shop's drift rule over every open drift: accepted or restored by "rule"; the rest stay for review. */
export async function applyDriftRule(db: Db, enqueue: Enqueue, shop: string): Promise<{ accepted: number; restoring: number }> {
  const settings = await inventorySettings(db, shop);
  const drifts = await openDrifts(db, shop);
  const plan = planDriftRepairs(
    drifts.map((drift) => ({ id: drift.id, name: drift.name, expected: drift.expected, actual: drift.actual, cause: drift.cause as DriftCause })),
    { driftRule: settings.driftRule as DriftRule, driftRuleMaxUnits: settings.driftRuleMaxUnits },
  );
  const done = { accepted: 0, restoring: 0 };
  for (const action of plan) {
    if (action.action === "accept" && (await acceptDrift(db, shop, action.id, "rule")) === "accepted") done.accepted += 1;
    if (action.action === "restore" && (await restoreDrift(db, enqueue, shop, action.id, "rule")) === "restoring") done.restoring += 1;
  }
  return done;
}
