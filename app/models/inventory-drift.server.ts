import type { Db } from "../db.server";

// Drifts a full sync found, and what became of them.

export type DriftRow = Awaited<ReturnType<Db["inventoryDrift"]["findUniqueOrThrow"]>>;

// A drift being restored is still open: its write has not been confirmed.
const OPEN = ["open", "restoring"];

export async function findDrift(db: Db, shop: string, id: string) {
  return db.inventoryDrift.findFirst({ where: { shop, id } });
}

export async function openDrifts(db: Db, shop: string) {
  return db.inventoryDrift.findMany({ where: { shop, status: "open" }, orderBy: { detectedAt: "asc" } });
}

export interface DriftListFilter {
  shop: string;
  status?: "open" | "resolved";
  take?: number;
}

/** Drifts with their SKU and location names. */
export async function listDrifts(db: Db, filter: DriftListFilter) {
  const drifts = await db.inventoryDrift.findMany({
    where: {
      shop: filter.shop,
      ...(filter.status === "open" ? { status: { in: OPEN } } : filter.status === "resolved" ? { status: { notIn: OPEN } } : {}),
    },
    orderBy: [{ detectedAt: "desc" }, { id: "asc" }],
    take: filter.take ?? 200,
  });
  const [items, locations] = await Promise.all([
    db.inventoryItem.findMany({ where: { shop: filter.shop, id: { in: [...new Set(drifts.map((d) => d.inventoryItemId))] } } }),
    db.inventoryLocation.findMany({ where: { shop: filter.shop } }),
  ]);
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const locationNames = new Map(locations.map((location) => [location.id, location.name]));
  return drifts.map((drift) => ({ ...drift, item: itemsById.get(drift.inventoryItemId) ?? null, locationName: locationNames.get(drift.locationId) ?? drift.locationId }));
}

export async function driftCounts(db: Db, shop: string) {
  const rows = await db.inventoryDrift.groupBy({ by: ["status", "resolvedBy"], where: { shop }, _count: { _all: true } });
  const counts = { open: 0, restored: 0, accepted: 0, superseded: 0, byRule: 0 };
  for (const row of rows) {
    const status = OPEN.includes(row.status) ? "open" : (row.status as "restored" | "accepted" | "superseded");
    counts[status] += row._count._all;
    if (row.resolvedBy === "rule" && status !== "open") counts.byRule += row._count._all;
  }
  return counts;
}

export async function resolveDrift(
  db: Db,
  id: string,
  resolution: { status: "accepted" | "restored" | "superseded"; resolvedBy?: string; repairEntryId?: string },
  resolvedAt = new Date(),
): Promise<boolean> {
  const { count } = await db.inventoryDrift.updateMany({
    where: { id, status: resolution.status === "accepted" ? "open" : { in: ["open", "restoring"] } },
    data: { status: resolution.status, resolvedAt, ...(resolution.resolvedBy ? { resolvedBy: resolution.resolvedBy } : {}), ...(resolution.repairEntryId ? { repairEntryId: resolution.repairEntryId } : {}) },
  });
  return count === 1;
}

/** A restore was asked for: the drift waits for the write (status restoring) so it is not repaired twice. */
export async function startRestoring(db: Db, id: string, repairEntryId: string, resolvedBy: string): Promise<boolean> {
  const { count } = await db.inventoryDrift.updateMany({ where: { id, status: "open" }, data: { status: "restoring", repairEntryId, resolvedBy } });
  return count === 1;
}

export async function driftRepairedBy(db: Db, repairEntryId: string) {
  return db.inventoryDrift.findFirst({ where: { repairEntryId } });
}

export async function openDriftsOfLevel(db: Db, shop: string, inventoryItemId: string, locationId: string) {
  return db.inventoryDrift.findMany({ where: { shop, inventoryItemId, locationId, status: "open" } });
}
