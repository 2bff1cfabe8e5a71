import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../../app/domain/intake";
import { RECONCILE_TASK } from "../../app/intake/reconcile.server";
import { saveIntakeSettings } from "../../app/models/intake-settings.server";
import { demoIntakeSettings } from "../demo/intake";
import { demoCatalogue, demoOrder, installApp, PLUS_BUCKET } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { simControl } from "../support/sim-control";

// Shopify does not promise every webhook: reconciliation finds what the app missed.

const SHOP = "reconcile.myshopify.com";
const INTERVAL_MS = 15 * 60_000;
let h: AppHarness;
let sim: ReturnType<typeof simControl>;

/** Reconciliation jobs due in the future, from whichever queue the database flavour uses. */
async function scheduledRuns(): Promise<Array<{ key: string; runAt: Date }>> {
  if (h.testDb.flavour === "sqlite") {
    return h.testDb.db.job.findMany({ where: { task: RECONCILE_TASK, runAt: { gt: new Date() } }, select: { key: true, runAt: true } });
  }
  return h.testDb.db.$queryRawUnsafe<Array<{ key: string; runAt: Date }>>(
    `select key, run_at as "runAt" from graphile_worker.jobs where task_identifier = $1 and run_at > now()`,
    RECONCILE_TASK,
  );
}

async function runNow(trigger: "schedule" | "merchant") {
  // Imported once the harness has set the app's environment.
  const { jobQueue } = await import("../../app/jobs/runtime.server");
  await jobQueue().enqueue(RECONCILE_TASK, { shop: SHOP, trigger }, { key: `test-reconcile:${trigger}:${Date.now()}` });
}

beforeAll(async () => {
  h = await startAppHarness();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Reconcile", bucket: PLUS_BUCKET });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await saveIntakeSettings(h.testDb.db, SHOP, demoIntakeSettings(), "test");
  await h.settle();
});

afterAll(async () => {
  await h?.close();
});

describe("reconciliation", () => {
  it("repairs orders whose webhooks never arrived, with the same sync a webhook runs", async () => {
    // GIVEN three orders whose webhooks are all lost on the way
    h.drop(() => true);
    const orders = [];
    for (const n of [0, 3, 12]) orders.push(await sim.post<{ id: string; legacyId: number; createdAt: string }>(`/_sim/shops/${SHOP}/orders`, demoOrder(n)));
    await sim.flush();
    h.drop(undefined);
    expect(await h.testDb.db.order.count({ where: { shop: SHOP } })).toBe(0);

    // WHEN the scheduled run comes
    await runNow("schedule");
    await h.settle();

    // THEN each order is stored, checked and, where the rules say so, held on Shopify
    expect(await h.testDb.db.order.count({ where: { shop: SHOP } })).toBe(3);
    const held = await sim.get(`/_sim/shops/${SHOP}/orders/${orders[1].legacyId}`);
    expect(held.fulfillmentOrders[0]).toMatchObject({ status: "ON_HOLD", holds: [expect.objectContaining({ reason: "INCORRECT_ADDRESS" })] });
    const run = await h.testDb.db.reconcileRun.findFirstOrThrow({ where: { shop: SHOP, trigger: "schedule", repaired: { gt: 0 } } });
    expect(run).toMatchObject({ checked: 3, repaired: 3, error: null });
    expect(await h.testDb.db.orderEvent.count({ where: { shop: SHOP, kind: "reconciled" } })).toBe(3);

    // AND the watermark is the newest update it read: the orders as they were placed
    const state = await h.testDb.db.reconcileState.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(state.watermark).toEqual(new Date(Math.max(...orders.map((o) => Date.parse(o.createdAt)))));
  });

  it("repairs nothing once the app is up to date", async () => {
    await runNow("merchant");
    await h.settle();
    const latest = await h.testDb.db.reconcileRun.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { startedAt: "desc" } });
    expect(latest).toMatchObject({ trigger: "merchant", checked: 3, repaired: 0, error: null });
  });

  it("schedules the shop's next run at the next slot, under a key every scheduler shares", async () => {
    const state = await h.testDb.db.reconcileState.findUniqueOrThrow({ where: { shop: SHOP } });
    const next = await scheduledRuns();
    expect(next).toHaveLength(1);
    expect(next[0].key).toBe(reconcile.scheduledRunKey(SHOP, next[0].runAt, INTERVAL_MS));
    expect(next[0].runAt).toEqual(state.nextRunAt);
    expect(next[0].runAt.getTime() % INTERVAL_MS).toBe(0);
  });
});
