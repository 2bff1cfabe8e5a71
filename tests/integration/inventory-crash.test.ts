import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogue, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { expireLocks, startWorkerProcess } from "../support/crash-worker";
import { type InventoryApp, loadInventoryApp, mirrorDifferences, settleSync, settleUntil, simulatorLevels } from "../support/inventory";
import { simControl } from "../support/sim-control";

// The bar's crash test: a worker process is killed after Shopify applied a stock write and
// before the worker committed it locally. The job's retry sends the same request with the same
// idempotency key; Shopify answers the first result and the stock moves once.

const SHOP = "inventory-crash.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;
let app: InventoryApp;
let worker: ChildProcess | undefined;

const available = async (sku: string, location: string) =>
  (await simulatorLevels(h, SHOP)).find((level) => level.sku === sku && level.location === location)!.quantities.available;

beforeAll(async () => {
  h = await startAppHarness();
  app = await loadInventoryApp();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await settleSync(h, SHOP);
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  await h?.close();
});

describe("a worker killed between Shopify's answer and the local commit", () => {
  it("is retried with the same key, and the stock moves once", async () => {
    // GIVEN 80 AWS-M at Newark, Orderflow's own worker stopped, and a worker in another process
    const before = await available("AWS-M", "Newark Warehouse");
    const { jobQueue } = await import("../../app/jobs/runtime.server");
    await jobQueue().stop();
    globalThis.orderflowQueue = undefined;
    const item = await h.testDb.db.inventoryItem.findFirstOrThrow({ where: { shop: SHOP, sku: "AWS-M" } });
    const newark = await h.testDb.db.inventoryLocation.findFirstOrThrow({ where: { shop: SHOP, name: "Newark Warehouse" } });
    const { createJobQueue } = await import("../../app/jobs/queue.server");
    const { tasks } = await import("../../app/jobs/tasks.server");
    const enqueueOnly = createJobQueue({ db: h.testDb.db, databaseUrl: h.testDb.url, tasks, log: () => {} });

    // AND Shopify will apply the next inventoryAdjustQuantities but its answer never arrives
    await sim.post(`/_sim/shops/${SHOP}/faults`, { holdResponseOf: "inventoryAdjustQuantities" });
    await sim.put("/_sim/config/webhooks", { drop: { topics: ["inventory_levels/update"] } });

    // WHEN a receipt of 7 is asked for, and the other process's worker takes the job
    const result = await app.requestStockChange(h.testDb.db, (task, payload, options) => enqueueOnly.enqueue(task, payload, options), {
      shop: SHOP,
      inventoryItemId: item.id,
      locationId: newark.id,
      change: { kind: "adjust", name: "available", delta: 7 },
      reason: "received",
      referenceDocumentUri: "gid://orderflow/PurchaseOrder/PO-CRASH",
      operationKey: "purchase-order:PO-CRASH:AWS-M",
      actor: "merchant@example.com",
    });
    await enqueueOnly.stop();
    if (!result.ok) throw new Error("the receipt was refused");
    worker = startWorkerProcess(h);
    const calls = () => sim.get<Array<{ idempotencyKey: string }>>(`/_sim/shops/${SHOP}/mutations?name=inventoryAdjustQuantities`);
    const deadline = Date.now() + 30_000;
    while ((await calls()).length === 0) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error("the worker process never sent the write");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // AND it is killed while it waits for Shopify's answer
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;

    // THEN Shopify applied the receipt, and Orderflow has not recorded it
    expect(await available("AWS-M", "Newark Warehouse")).toBe(before + 7);
    expect(await h.testDb.db.inventoryLedgerEntry.findUniqueOrThrow({ where: { id: result.entry.id } })).toMatchObject({ status: "pending", appliedAt: null });
    const mirror = await h.testDb.db.inventoryLevel.findUniqueOrThrow({ where: { inventoryItemId_locationId: { inventoryItemId: item.id, locationId: newark.id } } });
    expect(mirror.available).toBe(before);

    // WHEN the job is taken again (its lock expired) and retried in this process
    await sim.put("/_sim/config/webhooks", { drop: null });
    await expireLocks(h);
    await settleUntil(h, async () => (await h.testDb.db.inventoryLedgerEntry.findUniqueOrThrow({ where: { id: result.entry.id } })).status !== "pending");

    // THEN it sent the same request with the same key, Shopify answered without applying it again,
    // and the ledger and the mirror agree with Shopify: 7 more, once
    const sent = await calls();
    expect(sent.map((call) => call.idempotencyKey)).toEqual([`orderflow-ledger-${result.entry.id}`, `orderflow-ledger-${result.entry.id}`]);
    expect(await available("AWS-M", "Newark Warehouse")).toBe(before + 7);
    expect(await h.testDb.db.inventoryLedgerEntry.findUniqueOrThrow({ where: { id: result.entry.id } })).toMatchObject({
      status: "applied",
      delta: 7,
      changeFrom: before,
      quantityAfter: before + 7,
    });
    expect(await h.testDb.db.inventoryLedgerEntry.count({ where: { shop: SHOP, inventoryItemId: item.id, locationId: newark.id } })).toBe(1);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });
});
