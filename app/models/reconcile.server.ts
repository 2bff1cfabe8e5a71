import type { Db } from "../db.server";

export type ReconcileRunRow = Awaited<ReturnType<Db["reconcileRun"]["findUniqueOrThrow"]>>;

export async function reconcileStateOf(db: Db, shop: string) {
  return db.reconcileState.findUnique({ where: { shop } });
}

export async function startReconcileRun(db: Db, shop: string, trigger: string, since: Date): Promise<ReconcileRunRow> {
  return db.reconcileRun.create({ data: { shop, trigger, since } });
}

export async function finishReconcileRun(
  db: Db,
  id: string,
  outcome: { checked: number; repaired: number; error?: string },
): Promise<void> {
  await db.reconcileRun.update({ where: { id }, data: { finishedAt: new Date(), checked: outcome.checked, repaired: outcome.repaired, error: outcome.error ?? null } });
}

/** Moves the watermark forward only: two runs that overlap cannot move it back. */
export async function advanceWatermark(db: Db, shop: string, watermark: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.reconcileState.findUnique({ where: { shop } });
    if (current?.watermark && current.watermark.getTime() >= watermark.getTime()) return;
    await tx.reconcileState.upsert({ where: { shop }, create: { shop, watermark }, update: { watermark } });
  });
}

export async function setNextReconcile(db: Db, shop: string, nextRunAt: Date): Promise<void> {
  await db.reconcileState.upsert({ where: { shop }, create: { shop, nextRunAt }, update: { nextRunAt } });
}

export async function latestReconcileRuns(db: Db, shop: string, take = 5): Promise<ReconcileRunRow[]> {
  return db.reconcileRun.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take });
}

/** Shops with the app installed, for the worker to make sure each has its reconciliation scheduled. */
export async function installedShops(db: Db): Promise<string[]> {
  const rows = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  return rows.map((row) => row.domain);
}
