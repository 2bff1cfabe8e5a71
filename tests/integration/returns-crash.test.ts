import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, type AdminGraphql } from "../../app/shopify/admin-client.server";
import { demoCatalogue, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { expireLocks, startWorkerProcess } from "../support/crash-worker";
import { mirrorDifferences, settleSync, settleUntil, simulatorLevels } from "../support/inventory";
import { shippedOrder } from "../support/returns";

// The bar's crash test for returns: a worker process is killed after Shopify applied a
// returnProcess (refund and restock) and before the worker committed it. The job's retry sends
// the same input under the same key; Shopify answers the first result, so the customer is refunded
// once and the jacket restocked once, and Orderflow records each once.

const SHOP = "returns-crash.myshopify.com";
let h: AppHarness;
let graphql: AdminGraphql;
let newark: string;
let worker: ChildProcess | undefined;

const available = async (sku: string, location: string) =>
  (await simulatorLevels(h, SHOP)).find((level) => level.sku === sku && level.location === location)!.quantities.available;

async function refundedOn(orderId: string): Promise<number> {
  const { order } = await adminRequest<{ order: { totalRefundedSet: { presentmentMoney: { amount: string } } } }>(
    graphql,
    `query RefundedOf($id: ID!) { order(id: $id) { totalRefundedSet { presentmentMoney { amount } } } }`,
    { id: orderId },
  );
  return Math.round(Number(order.totalRefundedSet.presentmentMoney.amount) * 100);
}

beforeAll(async () => {
  h = await startAppHarness();
  await h.sim.post("/_sim/shops", { shop: SHOP });
  const seeded = await h.sim.post<{ locations: Array<{ id: string; name: string }> }>(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  newark = seeded.locations.find((location) => location.name === "Newark Warehouse")!.id;
  await installApp(h.simulatorUrl, SHOP);
  await settleSync(h, SHOP);
  const { adminForShop } = await import("../../app/shopify/clients.server");
  graphql = (await adminForShop(SHOP))!;
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  await h?.close();
});

describe("a worker killed between returnProcess and the local commit", () => {
  it("is retried with the same key and input: one refund, one restock, each recorded once", async () => {
    // GIVEN a delivered jacket, returned, received and inspected as sellable for Newark
    const returns = await import("../../app/services/returns.server");
    const orderId = await shippedOrder(h, SHOP, graphql, [{ sku: "TRJ-M", quantity: 1 }]);
    const view = (await returns.portalOrderView(SHOP, orderId))!;
    const jacket = view.lines.find((line) => line.sku === "TRJ-M")!;
    const submitted = await returns.submitReturnRequest(
      SHOP,
      orderId,
      { lines: [{ lineId: jacket.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: view.order.customerId },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    await returns.receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] });
    await returns.inspectItems(SHOP, submitted.returnId, { items: [{ lineId: jacket.id, quantity: 1, disposition: "restock", locationId: newark }] });
    await h.settle();
    const before = await available("TRJ-M", "Newark Warehouse");

    // AND Orderflow's own worker stopped, and a worker in another process
    const { jobQueue } = await import("../../app/jobs/runtime.server");
    await jobQueue().stop();
    globalThis.orderflowQueue = undefined;
    const { createJobQueue } = await import("../../app/jobs/queue.server");
    const { tasks } = await import("../../app/jobs/tasks.server");
    const enqueueOnly = createJobQueue({ db: h.testDb.db, databaseUrl: h.testDb.url, tasks, log: () => {} });

    // AND Shopify will apply the next returnProcess but its answer never arrives
    await h.sim.post(`/_sim/shops/${SHOP}/faults`, { holdResponseOf: "returnProcess" });

    // WHEN the merchant resolves it as a refund and the other process's worker takes the job
    const resolved = await returns.resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: jacket.id, quantity: 1 }] }, "staff", {
      enqueue: (task, payload, options) => enqueueOnly.enqueue(task, payload, options),
    });
    await enqueueOnly.stop();
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    worker = startWorkerProcess(h);
    const calls = () => h.sim.get<Array<{ idempotencyKey: string }>>(`/_sim/shops/${SHOP}/mutations?name=returnProcess`);
    const deadline = Date.now() + 30_000;
    while ((await calls()).length === 0) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error("the worker process never sent returnProcess");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // AND it is killed while it waits for Shopify's answer
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;

    // THEN Shopify refunded and restocked, and Orderflow has committed neither
    const payout = resolved.amounts.totals.payout;
    expect(await refundedOn(orderId)).toBe(payout);
    expect(await available("TRJ-M", "Newark Warehouse")).toBe(before + 1);
    const resolution = await h.testDb.db.returnResolution.findUniqueOrThrow({ where: { id: resolved.resolutionId } });
    expect(resolution).toMatchObject({ status: "pending", committedAt: null });
    const item = await h.testDb.db.inventoryItem.findFirstOrThrow({ where: { shop: SHOP, sku: "TRJ-M" } });
    const restocks = () => h.testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: item.id, locationId: newark, reason: "restock" } });
    expect(await restocks()).toMatchObject([{ status: "pending" }]);
    expect((await returns.getReturnDetail(SHOP, submitted.returnId))!.status).toBe("inspected");

    // WHEN the job is taken again (its lock expired) and retried in this process
    await expireLocks(h);
    await settleUntil(h, async () => (await h.testDb.db.returnResolution.findUniqueOrThrow({ where: { id: resolved.resolutionId } })).status === "committed");

    // THEN it sent the same key twice, Shopify moved nothing again, and Orderflow recorded each once
    expect((await calls()).map((call) => call.idempotencyKey)).toEqual([resolution.idempotencyKey, resolution.idempotencyKey]);
    expect(await refundedOn(orderId)).toBe(payout);
    expect((await h.sim.get<Array<{ refundIds: string[] }>>(`/_sim/shops/${SHOP}/returns?order=${orderId.split("/").pop()}`))[0].refundIds).toHaveLength(1);
    expect(await available("TRJ-M", "Newark Warehouse")).toBe(before + 1);
    expect(await restocks()).toMatchObject([{ status: "applied", delta: 1, quantityAfter: before + 1 }]);
    expect(
      await h.testDb.db.inventoryLedgerEntry.count({ where: { shop: SHOP, inventoryItemId: item.id, locationId: newark, name: "available", createdAt: { gte: resolution.createdAt } } }),
    ).toBe(1);
    expect(await returns.getReturnDetail(SHOP, submitted.returnId)).toMatchObject({ status: "resolved", refunded: payout });
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });
});
