// Helpers for the inventory integration tests: wait for the app and the simulator to settle,
// and compare the app's mirror with the simulator's stock.
import { quantitiesOf } from "../../app/models/inventory.server";
import type { AppHarness } from "./app-harness";
import { simControl } from "./sim-control";

export interface SimLevel {
  inventoryItemId: string;
  sku: string;
  locationId: string;
  location: string;
  quantities: Record<string, number>;
  updatedAt: string;
}

/**
 * Delivers the simulator's webhooks and works the app's due jobs, again and again, until
 * `done()` holds (jobs such as the sync's poll are due a little later, so time must pass).
 */
export async function settleUntil(h: AppHarness, done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const sim = simControl(h.simulatorUrl);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sim.flush();
    await h.drain();
    await sim.flush();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Until the shop's latest full sync has finished (completed or failed). */
export async function settleSync(h: AppHarness, shop: string, timeoutMs?: number): Promise<void> {
  await settleUntil(
    h,
    async () => {
      const sync = await h.testDb.db.inventorySync.findFirst({ where: { shop }, orderBy: { requestedAt: "desc" } });
      const pendingJobs = await pendingWork(h);
      return (sync?.status === "completed" || sync?.status === "failed") && pendingJobs === 0;
    },
    timeoutMs,
  );
}

/** Jobs not yet worked: SQLite's Job table, or graphile-worker's queue on PostgreSQL. */
async function pendingWork(h: AppHarness): Promise<number> {
  if (h.testDb.flavour === "sqlite") return h.testDb.db.job.count({ where: { attempts: { lt: 10 } } });
  const [row] = await h.testDb.db.$queryRawUnsafe<Array<{ count: bigint }>>(
    "select count(*) as count from graphile_worker._private_jobs where attempts < max_attempts",
  );
  return Number(row.count);
}

export async function simulatorLevels(h: AppHarness, shop: string): Promise<SimLevel[]> {
  return simControl(h.simulatorUrl).get<SimLevel[]>(`/_sim/shops/${shop}/inventory`);
}

/** Every level where the mirror and the simulator disagree (absent on one side included). */
export async function mirrorDifferences(h: AppHarness, shop: string) {
  const [simulated, mirrored] = await Promise.all([simulatorLevels(h, shop), h.testDb.db.inventoryLevel.findMany({ where: { shop } })]);
  const mirror = new Map(mirrored.map((row) => [`${row.inventoryItemId}|${row.locationId}`, quantitiesOf(row)]));
  const problems: string[] = [];
  for (const level of simulated) {
    const key = `${level.inventoryItemId}|${level.locationId}`;
    const ours = mirror.get(key);
    if (!ours) problems.push(`${level.sku} @ ${level.location}: missing from the mirror`);
    else if (JSON.stringify(ours) !== JSON.stringify(level.quantities)) {
      problems.push(`${level.sku} @ ${level.location}: mirror ${JSON.stringify(ours)} vs Shopify ${JSON.stringify(level.quantities)}`);
    }
    mirror.delete(key);
  }
  for (const key of mirror.keys()) problems.push(`${key}: in the mirror, not on Shopify`);
  return problems;
}

/**
 * The app's inventory functions, imported once the harness has set the environment (app modules
 * read it when they load).
 */
export async function loadInventoryApp() {
  const [writes, tasks, runtime, models] = await Promise.all([
    import("../../app/jobs/inventory-writes.server"),
    import("../../app/jobs/inventory-tasks.server"),
    import("../../app/jobs/tasks.server"),
    import("../../app/models/inventory.server"),
  ]);
  return {
    requestStockChange: writes.requestStockChange,
    restoreDrift: writes.restoreDrift,
    acceptDrift: writes.acceptDrift,
    applyDriftRule: writes.applyDriftRule,
    applyWrite: writes.applyWrite,
    requestFullSync: tasks.requestFullSync,
    enqueue: runtime.enqueue,
    availability: models.availability,
    intakeInventoryContext: models.intakeInventoryContext,
    saveInventorySettings: models.saveInventorySettings,
  };
}

export type InventoryApp = Awaited<ReturnType<typeof loadInventoryApp>>;
