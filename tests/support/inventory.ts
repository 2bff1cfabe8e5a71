// Helpers for the inventory integration tests: wait for the app and the simulator to settle,
// and compare the app's mirror with the simulator's stock.
import { quantitiesOf } from "../../app/models/inventory.server";
import type { AppHarness } from "./app-harness";

export interface SimLevel {
  inventoryItemId: string;
  sku: string;
  locationId: string;
  location: string;
  quantities: Record<string, number>;
  updatedAt: string;
}

/**
 * Lets the app settle (webhooks delivered, due jobs worked: the harness's settle) until `done()`
 * holds; a full sync's polls come due a little later, so this may take a few rounds.
 */
export async function settleUntil(h: AppHarness, done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await h.settle(timeoutMs);
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Until the shop's latest full sync has finished (completed or failed) and nothing it started is left. */
export async function settleSync(h: AppHarness, shop: string, timeoutMs?: number): Promise<void> {
  await settleUntil(
    h,
    async () => {
      const sync = await h.testDb.db.inventorySync.findFirst({ where: { shop }, orderBy: { requestedAt: "desc" } });
      return sync?.status === "completed" || sync?.status === "failed";
    },
    timeoutMs,
  );
}

export async function simulatorLevels(h: AppHarness, shop: string): Promise<SimLevel[]> {
  return h.sim.get<SimLevel[]>(`/_sim/shops/${shop}/inventory`);
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
  const [writes, tasks, runtime, models, intake] = await Promise.all([
    import("../../app/jobs/inventory-writes.server"),
    import("../../app/jobs/inventory-tasks.server"),
    import("../../app/jobs/tasks.server"),
    import("../../app/models/inventory.server"),
    import("../../app/intake/context.server"),
  ]);
  return {
    requestStockChange: writes.requestStockChange,
    restoreDrift: writes.restoreDrift,
    acceptDrift: writes.acceptDrift,
    applyDriftRule: writes.applyDriftRule,
    applyWrite: writes.applyWrite,
    requestFullSync: tasks.requestFullSync,
    inventoryTasks: tasks.inventoryTasks,
    SYNC_SCHEDULED_TASK: tasks.SYNC_SCHEDULED_TASK,
    inventorySyncIntervalMs: tasks.inventorySyncIntervalMs,
    enqueue: runtime.enqueue,
    availability: models.availability,
    shippingStockOf: models.shippingStockOf,
    availabilityFromMirror: intake.availabilityFromMirror,
    saveInventorySettings: models.saveInventorySettings,
  };
}

export type InventoryApp = Awaited<ReturnType<typeof loadInventoryApp>>;
