import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogue, demoOrder, installApp } from "../demo/store";
import { startAppHarness, type AppHarness } from "../support/app-harness";
import { type InventoryApp, loadInventoryApp, mirrorDifferences, settleSync, settleUntil, simulatorLevels } from "../support/inventory";
import { simControl } from "../support/sim-control";

// The inventory mirror end to end: the first full sync on install (a bulk operation, its JSONL
// streamed in), deltas from inventory_levels/update, drift found by the next full sync and
// repaired by click or by rule, and stock writes with keys and compare-and-set.

const SHOP = "inventory-flow.myshopify.com";
let h: AppHarness;
let sim: ReturnType<typeof simControl>;
let app: InventoryApp;

const db = () => h.testDb.db;
const level = async (sku: string, location: string) =>
  (await simulatorLevels(h, SHOP)).find((entry) => entry.sku === sku && entry.location === location)!;
const itemOf = async (sku: string) => db().inventoryItem.findFirstOrThrow({ where: { shop: SHOP, sku } });
const locationOf = async (name: string) => db().inventoryLocation.findFirstOrThrow({ where: { shop: SHOP, name } });

async function fullSync() {
  await app.requestFullSync(db(), app.enqueue, SHOP, "merchant");
  await settleSync(h, SHOP);
  return db().inventorySync.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { requestedAt: "desc" } });
}

beforeAll(async () => {
  h = await startAppHarness();
  app = await loadInventoryApp();
  sim = simControl(h.simulatorUrl);
  await sim.post("/_sim/shops", { shop: SHOP, name: "Inventory Flow" });
  await sim.post(`/_sim/shops/${SHOP}/seed`, demoCatalogue());
  await installApp(h.simulatorUrl, SHOP);
  await settleSync(h, SHOP);
});

afterAll(async () => {
  await h?.close();
});

describe("the full sync on install", () => {
  it("mirrors every level of every variant at every location, all eight states", async () => {
    const sync = await db().inventorySync.findFirstOrThrow({ where: { shop: SHOP } });
    expect(sync).toMatchObject({ status: "completed", trigger: "install", driftsFound: 0, itemsSeen: 30, levelsSeen: 90 });
    expect(sync.objectCount).toBe(120);
    expect(await db().inventoryLocation.count({ where: { shop: SHOP } })).toBe(3);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
    expect(await itemOf("TRJ-M")).toMatchObject({ productTitle: "Trailhead Rain Jacket", variantTitle: "M", tracked: true });
  });

  it("spent a handful of points: the bulk operation reads everything for the price of one mutation", async () => {
    const requests = await sim.get<Array<{ operationName: string; actualQueryCost: number }>>(`/_sim/shops/${SHOP}/requests`);
    const sync = requests.filter((r) => ["InventoryLocations", "BulkOperationRunQuery", "BulkOperationStatus"].includes(r.operationName));
    expect(sync.reduce((sum, r) => sum + r.actualQueryCost, 0)).toBeLessThan(60);
  });
});

describe("the scheduled full sync", () => {
  const runScheduled = async (shop: string) => {
    const { adminForShop } = await import("../../app/shopify/clients.server");
    const booked: Array<{ task: string; payload: unknown; key?: string; runAt?: Date }> = [];
    const enqueue = async (task: string, payload: unknown, options?: { key?: string; runAt?: Date }) => {
      booked.push({ task, payload, key: options?.key, runAt: options?.runAt });
      if (task !== app.SYNC_SCHEDULED_TASK) await app.enqueue(task, payload, options);
    };
    const started = new Date();
    await app.inventoryTasks(adminForShop)[app.SYNC_SCHEDULED_TASK]({ shop }, { db: db(), attempt: 1, jobKey: "test", enqueue });
    return { booked, started };
  };

  it("books its next slot first, then reads the whole store again", async () => {
    // GIVEN a synced shop WHEN its scheduled run comes due
    const { booked, started } = await runScheduled(SHOP);
    await settleSync(h, SHOP);

    // THEN the next run is booked at the start of the next slot, under that slot's key
    const interval = app.inventorySyncIntervalMs();
    const next = booked.find((job) => job.task === app.SYNC_SCHEDULED_TASK)!;
    expect(next.runAt!.getTime() % interval).toBe(0);
    expect(next.runAt!.getTime()).toBeGreaterThan(started.getTime());
    expect(next.runAt!.getTime() - started.getTime()).toBeLessThanOrEqual(interval);
    expect(next.key).toBe(`inventory-sync:${SHOP}:${next.runAt!.toISOString()}`);
    // AND a full sync ran, triggered by the schedule, and found the mirror true
    const latest = await db().inventorySync.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { requestedAt: "desc" } });
    expect(latest).toMatchObject({ trigger: "schedule", status: "completed", driftsFound: 0 });
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });

  it("ends the chain of a shop the app is no longer installed on", async () => {
    const { booked } = await runScheduled("never-installed.myshopify.com");
    expect(booked).toEqual([]);
    expect(await db().inventorySync.count({ where: { shop: "never-installed.myshopify.com" } })).toBe(0);
  });
});

describe("deltas from inventory_levels/update", () => {
  it("takes every state of the level from the Admin API and records what changed in the ledger", async () => {
    // GIVEN a synced mirror WHEN a customer orders 2 TRJ-M (Newark ships it)
    await sim.post(`/_sim/shops/${SHOP}/orders`, { ...demoOrder(0), lineItems: [{ sku: "TRJ-M", quantity: 2 }] });
    await settleUntil(h, async () => (await mirrorDifferences(h, SHOP)).length === 0);

    // THEN the mirror holds Shopify's numbers, committed included, and the ledger says why
    const item = await itemOf("TRJ-M");
    const newark = await locationOf("Newark Warehouse");
    const entries = await db().inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: item.id, locationId: newark.id }, orderBy: { name: "asc" } });
    expect(entries.map((e) => [e.kind, e.name, e.delta, e.quantityAfter, e.actor, e.status])).toEqual([
      ["observed", "available", -2, 16, "webhook", "applied"],
      ["observed", "committed", 2, 2, "webhook", "applied"],
    ]);
  });
});

describe("stock writes", () => {
  it("sends an adjustment with its ledger entry's key and compare-and-set, and does it once however often it is asked", async () => {
    const item = await itemOf("AWS-M");
    const reno = await locationOf("Reno Fulfillment Center");
    const before = await level("AWS-M", "Reno Fulfillment Center");
    const request = {
      shop: SHOP,
      inventoryItemId: item.id,
      locationId: reno.id,
      change: { kind: "adjust" as const, name: "available" as const, delta: 12 },
      reason: "received",
      referenceDocumentUri: "gid://orderflow/PurchaseOrder/PO-42",
      operationKey: "purchase-order:PO-42:AWS-M",
      actor: "merchant@example.com",
    };

    // WHEN the same receipt is asked for twice
    const first = await app.requestStockChange(db(), app.enqueue, request);
    const second = await app.requestStockChange(db(), app.enqueue, request);
    await settleUntil(h, async () => (await db().inventoryLedgerEntry.findFirst({ where: { operationKey: request.operationKey } }))?.status === "applied");

    // THEN one entry, applied once on Shopify, with its idempotency key and the quantity it compared against
    expect(first.ok && second.ok && first.entry.id === second.entry.id).toBe(true);
    expect((await level("AWS-M", "Reno Fulfillment Center")).quantities.available).toBe(before.quantities.available + 12);
    const entry = await db().inventoryLedgerEntry.findFirstOrThrow({ where: { operationKey: request.operationKey } });
    expect(entry).toMatchObject({ kind: "adjust", delta: 12, changeFrom: before.quantities.available, quantityAfter: before.quantities.available + 12 });
    const calls = await sim.get<Array<{ idempotencyKey: string; variables: { input: { changes: Array<{ changeFromQuantity: number }> } } }>>(
      `/_sim/shops/${SHOP}/mutations?name=inventoryAdjustQuantities`,
    );
    expect(calls).toEqual([expect.objectContaining({ idempotencyKey: `orderflow-ledger-${entry.id}` })]);
    expect(calls[0].variables.input.changes[0].changeFromQuantity).toBe(before.quantities.available);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });

  it("rebases a relative change when Shopify moved on, under a new key", async () => {
    // GIVEN someone sold 3 at the store and the webhook was lost
    const item = await itemOf("PFH-ONESIZE");
    const brooklyn = await locationOf("Brooklyn Store");
    await sim.post(`/_sim/shops/${SHOP}/inventory`, { sku: "PFH-ONESIZE", location: "Brooklyn Store", quantities: { available: 6 }, webhook: false });

    // WHEN Orderflow adds 4 against the 9 it believes in
    const result = await app.requestStockChange(db(), app.enqueue, {
      shop: SHOP,
      inventoryItemId: item.id,
      locationId: brooklyn.id,
      change: { kind: "adjust", name: "available", delta: 4 },
      reason: "restock",
      operationKey: "return:R-9:PFH",
      actor: "returns",
    });
    await settleUntil(h, async () => (await db().inventoryLedgerEntry.findFirst({ where: { operationKey: "return:R-9:PFH" } }))?.status !== "pending");

    // THEN the 4 land on top of the 6 Shopify has, sent under the rebased key
    expect((await level("PFH-ONESIZE", "Brooklyn Store")).quantities.available).toBe(10);
    const entry = await db().inventoryLedgerEntry.findFirstOrThrow({ where: { operationKey: "return:R-9:PFH" } });
    expect(result.ok && entry.id === result.entry.id).toBe(true);
    expect(entry).toMatchObject({ status: "applied", changeFrom: 6, quantityAfter: 10, idempotencyKey: `orderflow-ledger-${entry.id}-r1` });
  });

  it("refuses what Shopify would refuse, with the field at fault", async () => {
    const item = await itemOf("AWS-M");
    const reno = await locationOf("Reno Fulfillment Center");
    const result = await app.requestStockChange(db(), app.enqueue, {
      shop: SHOP,
      inventoryItemId: item.id,
      locationId: reno.id,
      change: { kind: "set", name: "damaged", quantity: 2 },
      reason: "damaged",
      operationKey: "bad-set",
      actor: "merchant@example.com",
    });
    expect(result).toEqual({ ok: false, problems: [{ field: "name", message: "Only available and on hand can be set to a number" }] });
  });
});

describe("drift", () => {
  it("finds a change whose webhook was lost, says why, and one click writes Orderflow's number back", async () => {
    // GIVEN 30 RMB-M at Newark in the mirror, and Shopify's count changed to 21 with the webhook lost
    await sim.put("/_sim/config/webhooks", { drop: { topics: ["inventory_levels/update"] } });
    await sim.post(`/_sim/shops/${SHOP}/inventory`, { sku: "RMB-M", location: "Newark Warehouse", quantities: { available: 21 } });
    await sim.put("/_sim/config/webhooks", { drop: null });

    // WHEN the next full sync runs
    const sync = await fullSync();

    // THEN it records the drift of available and on_hand, cause "missed-update", and the mirror now holds Shopify's 21
    const item = await itemOf("RMB-M");
    const drifts = await db().inventoryDrift.findMany({ where: { shop: SHOP, syncId: sync.id }, orderBy: { name: "asc" } });
    expect(drifts.map((d) => [d.inventoryItemId === item.id, d.name, d.expected, d.actual, d.cause, d.status])).toEqual([
      [true, "available", 30, 21, "missed-update", "open"],
      [true, "on_hand", 30, 21, "missed-update", "open"],
    ]);
    expect(sync.driftsFound).toBe(2);
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
    const reconcile = await db().inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: item.id, kind: "reconcile" } });
    expect(reconcile.map((e) => [e.name, e.delta])).toEqual(expect.arrayContaining([["available", -9], ["on_hand", -9]]));

    // WHEN the merchant restores available
    const available = drifts.find((d) => d.name === "available")!;
    expect(await app.restoreDrift(db(), app.enqueue, SHOP, available.id, "merchant@example.com")).toBe("restoring");
    await settleUntil(h, async () => (await db().inventoryDrift.findUniqueOrThrow({ where: { id: available.id } })).status !== "restoring");

    // THEN Shopify holds 30 again (set with compare-and-set on 21); the drift is restored, and on_hand's with it
    expect((await level("RMB-M", "Newark Warehouse")).quantities).toMatchObject({ available: 30, on_hand: 30 });
    const after = await db().inventoryDrift.findMany({ where: { syncId: sync.id }, orderBy: { name: "asc" } });
    expect(after.map((d) => [d.name, d.status, d.resolvedBy])).toEqual([
      ["available", "restored", "merchant@example.com"],
      ["on_hand", "restored", "merchant@example.com"],
    ]);
    const set = await sim.get<Array<{ variables: { input: { quantities: Array<{ quantity: number; changeFromQuantity: number }> } } }>>(
      `/_sim/shops/${SHOP}/mutations?name=inventorySetQuantities`,
    );
    expect(set.at(-1)!.variables.input.quantities[0]).toMatchObject({ quantity: 30, changeFromQuantity: 21 });
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
  });

  it("tells orders it missed from other changes, and never writes committed sales back", async () => {
    // GIVEN orders placed while every inventory webhook was lost
    await sim.put("/_sim/config/webhooks", { drop: { topics: ["inventory_levels/update"] } });
    await sim.post(`/_sim/shops/${SHOP}/orders`, { ...demoOrder(1), lineItems: [{ sku: "LPD-ONESIZE", quantity: 3 }] });
    await sim.flush();
    await sim.put("/_sim/config/webhooks", { drop: null });

    const sync = await fullSync();
    const drifts = await db().inventoryDrift.findMany({ where: { shop: SHOP, syncId: sync.id }, orderBy: { name: "asc" } });
    expect(drifts.map((d) => [d.name, d.expected, d.actual, d.cause])).toEqual([
      ["available", 40, 37, "missed-order"],
      ["committed", 0, 3, "missed-order"],
    ]);
    expect(await app.restoreDrift(db(), app.enqueue, SHOP, drifts[0].id, "merchant@example.com")).toBe("not-restorable");
    expect(await app.acceptDrift(db(), SHOP, drifts[0].id, "merchant@example.com")).toBe("accepted");
    expect(await app.acceptDrift(db(), SHOP, drifts[0].id, "merchant@example.com")).toBe("not-open");
  });

  it("repairs by the shop's rule after each sync, within its size limit", async () => {
    // GIVEN the rule "write Orderflow's number back, up to 2 units" and two lost changes
    await app.saveInventorySettings(db(), SHOP, { lowStockThreshold: 5, driftRule: "restore", driftRuleMaxUnits: 2 });
    await sim.put("/_sim/config/webhooks", { drop: { topics: ["inventory_levels/update"] } });
    await sim.post(`/_sim/shops/${SHOP}/inventory`, { sku: "MSH-SM", location: "Reno Fulfillment Center", quantities: { available: 11 } });
    await sim.post(`/_sim/shops/${SHOP}/inventory`, { sku: "MSH-LXL", location: "Reno Fulfillment Center", quantities: { available: 2 } });
    await sim.put("/_sim/config/webhooks", { drop: null });

    // WHEN the full sync runs
    const sync = await fullSync();
    await settleUntil(h, async () => (await db().inventoryDrift.count({ where: { syncId: sync.id, status: "restoring" } })) === 0);

    // THEN the 1-unit drift was restored by rule; the 10-unit one waits for review
    const drifts = await db().inventoryDrift.findMany({ where: { syncId: sync.id, name: "available" } });
    const byActual = Object.fromEntries(drifts.map((d) => [d.actual, [d.status, d.resolvedBy]]));
    expect(byActual).toEqual({ 11: ["restored", "rule"], 2: ["open", null] });
    expect((await level("MSH-SM", "Reno Fulfillment Center")).quantities.available).toBe(12);
    expect(await app.applyDriftRule(db(), app.enqueue, SHOP)).toEqual({ accepted: 0, restoring: 0 });
    await app.saveInventorySettings(db(), SHOP, { lowStockThreshold: 5, driftRule: "review", driftRuleMaxUnits: null });
  });
});

describe("availability for intake", () => {
  it("says which locations can fulfil each line, from the mirror", async () => {
    const [jacket, poles, shirt, unknown] = await app.availability(db(), SHOP, [
      { sku: "TRJ-L", quantity: 12 },
      { sku: "GTP-ONESIZE", quantity: 10 },
      { sku: "EBN-M", quantity: 1 },
      { sku: "NOPE", quantity: 1 },
    ]);
    expect([jacket.status, jacket.fulfilledBy.map((l) => l.locationName)]).toEqual(["in-stock", ["Newark Warehouse"]]);
    expect([poles.status, poles.totalAvailable]).toEqual(["split", 13]);
    expect(shirt.status).toBe("out-of-stock");
    expect(unknown.status).toBe("unknown");
    const stock = await app.shippingStockOf(db(), SHOP, ["GTP-ONESIZE"]);
    expect(Object.fromEntries(stock.map((level) => [level.locationName, level.available]))).toEqual({
      "Newark Warehouse": 9,
      "Reno Fulfillment Center": 4,
      "Brooklyn Store": 0,
    });
  });

  it("answers intake from the mirror, giving an order back its own units only where the mirror has seen them committed", async () => {
    // GIVEN an order for 2 GTP committed at Newark, whose inventory webhook has not been processed yet
    const newark = await locationOf("Newark Warehouse");
    const item = await itemOf("GTP-ONESIZE");
    const mirrored = await db().inventoryLevel.findUniqueOrThrow({ where: { inventoryItemId_locationId: { inventoryItemId: item.id, locationId: newark.id } } });
    const request = (placedAt: Date) => ({
      shop: SHOP,
      order: { id: "gid://shopify/Order/1", createdAt: placedAt.toISOString(), lineItems: [{ id: "L1", variantId: item.variantId, sku: "GTP-ONESIZE", quantity: 2 }] },
      fulfillmentOrders: [{ id: "F1", status: "OPEN", locationId: newark.id, holds: [], lineItems: [{ lineItemId: "L1", remainingQuantity: 2 }] }],
      variants: [{ id: item.variantId!, sku: "GTP-ONESIZE", tracked: true, levels: [] }],
    }) as unknown as Parameters<ReturnType<InventoryApp["availabilityFromMirror"]>>[0];
    const port = app.availabilityFromMirror(db());
    const atNewark = async (placedAt: Date) => (await port(request(placedAt)))["GTP-ONESIZE"].find((level) => level.locationId === newark.id)!.available;

    // WHEN the mirror read Newark before the order was placed THEN its 9 still hold the order's 2: nothing is given back
    expect(await atNewark(new Date(mirrored.shopifyUpdatedAt!.getTime() + 60_000))).toBe(9);
    // WHEN it read Newark after THEN Shopify had moved the 2 to committed, and they are the order's: 9 + 2
    expect(await atNewark(new Date(mirrored.shopifyUpdatedAt!.getTime() - 60_000))).toBe(11);
  });
});


describe("a fulfilment the mirror has not read", () => {
  it("is taken at the next full sync as units shipped, written in the ledger, not listed as drift", async () => {
    // GIVEN an order for 2 AWS-M, committed and mirrored
    const order = await sim.post<{ fulfillmentOrders: Array<{ id: string }> }>(`/_sim/shops/${SHOP}/orders`, { ...demoOrder(0), lineItems: [{ sku: "AWS-M", quantity: 2 }] });
    await settleUntil(h, async () => (await mirrorDifferences(h, SHOP)).length === 0);
    const { adminForShop } = await import("../../app/shopify/clients.server");
    const { fetchFulfillmentOrder } = await import("../../app/shopify/fulfillment-orders.server");
    const { createFulfillment } = await import("../../app/shopify/fulfillments.server");
    const graphql = (await adminForShop(SHOP))!;
    const fulfillmentOrder = (await fetchFulfillmentOrder(graphql, order.fulfillmentOrders[0].id))!;
    const location = await locationOf(fulfillmentOrder.location.name);
    const item = await itemOf("AWS-M");
    const before = await db().inventoryLevel.findUniqueOrThrow({ where: { inventoryItemId_locationId: { inventoryItemId: item.id, locationId: location.id } } });

    // WHEN it ships on Shopify (no inventory webhook follows) and the next full sync runs
    await createFulfillment(graphql, {
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: fulfillmentOrder.lines.map((line) => ({ id: line.id, quantity: line.remainingQuantity })),
      tracking: { company: "Parcelway", number: "PW-SHIPPED-1", url: null },
      notifyCustomer: false,
    });
    const sync = await fullSync();

    // THEN the mirror holds Shopify's numbers, no drift is listed, and the ledger says 2 shipped
    expect(await mirrorDifferences(h, SHOP)).toEqual([]);
    expect(await db().inventoryDrift.count({ where: { syncId: sync.id, inventoryItemId: item.id } })).toBe(0);
    const entries = await db().inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: item.id, locationId: location.id, operationKey: { startsWith: `reconcile:${sync.id}:` } }, orderBy: { name: "asc" } });
    expect(entries.map((entry) => [entry.name, entry.delta, entry.quantityAfter, entry.note])).toEqual([
      ["committed", -2, before.committed - 2, "2 units shipped: a fulfilment Orderflow had not read yet"],
      ["on_hand", -2, before.onHand - 2, "2 units shipped: a fulfilment Orderflow had not read yet"],
    ]);
  });
});
