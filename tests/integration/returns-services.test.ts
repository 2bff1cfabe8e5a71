import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { anOrder, NOW, WAREHOUSE } from "../../app/domain/returns/fixtures";
import { INSTANT_EXCHANGE_TASK, RESOLVE_TASK, returnsWebhookHandlers, shipReplacementNow, runResolve, type ResolvePayload, type ReturnsJobDeps } from "../../app/jobs/returns.server";
import type { StoredDelivery } from "../../app/models/webhook-deliveries.server";
import {
  approveReturns,
  declineReturn,
  getReturnDetail,
  quoteReturnRequest,
  inspectItems,
  listReturns,
  loadReturnPolicy,
  previewResolution,
  receiveItems,
  resolveReturn,
  saveReturnPolicy,
  submitReturnRequest,
} from "../../app/services/returns.server";
import { returnsStandIn, type StandIn } from "../support/returns-shopify-stand-in";
import { createTestDb, describeEachFlavour, type TestDb } from "../support/test-db";

// The returns services and jobs on a real database, with Shopify's Returns API played by a
// stand-in that keeps Shopify's idempotency promise and can lose an answer.

const SHOP = "returns-services.myshopify.com";
const ORDER = anOrder();
const JACKET = ORDER.lines[0];
const JACKET_ITEM = "gid://shopify/InventoryItem/11";
const LARGE = "gid://shopify/ProductVariant/12";

await describeEachFlavour("returns services", (flavour) => {
  let testDb: TestDb;
  let standIn: StandIn;
  let jobs: Array<{ task: string; payload: unknown }>;
  let deps: ReturnsJobDeps;

  beforeAll(async () => {
    testDb = await createTestDb({ flavour });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  beforeEach(async () => {
    await testDb.reset();
    standIn = returnsStandIn(ORDER, { [JACKET.variantId!]: JACKET_ITEM });
    standIn.stock.set(`${JACKET_ITEM}|${WAREHOUSE}`, 5);
    jobs = [];
    deps = {
      db: testDb.db,
      adminFor: async () => standIn.graphql,
      shopify: standIn.shopify,
      enqueue: async (task, payload) => void jobs.push({ task, payload }),
      now: () => NOW,
    };
    await testDb.db.inventoryItem.create({ data: { id: JACKET_ITEM, shop: SHOP, variantId: JACKET.variantId, sku: JACKET.sku, productTitle: "Trailhead Rain Jacket", variantTitle: "M" } });
    await testDb.db.inventoryLevel.create({
      data: { shop: SHOP, inventoryItemId: JACKET_ITEM, locationId: WAREHOUSE, available: 5, onHand: 5, committed: 0, reserved: 0, incoming: 0, damaged: 0, qualityControl: 0, safetyStock: 0, observedAt: new Date() },
    });
  });

  /** A jacket returned for a refund, received and inspected as sellable: ready to resolve. */
  async function inspectedReturn(): Promise<string> {
    const submitted = await submitReturnRequest(
      SHOP,
      ORDER.id,
      { lines: [{ lineId: JACKET.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: ORDER.customer!.id },
      deps,
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    expect(await receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps)).toMatchObject({ ok: true, status: "received" });
    expect(await inspectItems(SHOP, submitted.returnId, { items: [{ lineId: JACKET.id, quantity: 1, disposition: "restock", locationId: WAREHOUSE }] }, "staff", deps)).toMatchObject({
      ok: true,
      status: "inspected",
    });
    return submitted.returnId;
  }

  const resolvePayload = () => jobs.find((job) => job.task === RESOLVE_TASK)!.payload as ResolvePayload;

  it("GIVEN a policy form with a bad window WHEN it is saved THEN the field is named and nothing is stored", async () => {
    const saved = await saveReturnPolicy(SHOP, { windowDays: -3 }, "staff", deps);
    expect(saved).toMatchObject({ ok: false, errors: [{ path: "windowDays" }] });
    expect((await loadReturnPolicy(SHOP, deps)).windowDays).toBe(30);
    expect(await saveReturnPolicy(SHOP, { windowDays: 14 }, "staff", deps)).toMatchObject({ ok: true });
    expect((await loadReturnPolicy(SHOP, deps)).windowDays).toBe(14);
  });

  it("GIVEN a request for more than was shipped WHEN submitted THEN the server refuses it by field and Shopify hears nothing", async () => {
    const submitted = await submitReturnRequest(
      SHOP,
      ORDER.id,
      { lines: [{ lineId: JACKET.id, quantity: 3, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: ORDER.customer!.id },
      deps,
    );
    expect(submitted).toMatchObject({ ok: false, errors: [{ path: "lines.0.quantity" }] });
    expect(standIn.returns.size).toBe(0);
  });

  it("GIVEN another customer's order WHEN they ask to return it THEN it is as if the order did not exist", async () => {
    const submitted = await submitReturnRequest(
      SHOP,
      ORDER.id,
      { lines: [{ lineId: JACKET.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] },
      { channel: "portal", customerId: "gid://shopify/Customer/999" },
      deps,
    );
    expect(submitted).toEqual({ ok: false, errors: [{ path: "", message: "We could not find that order" }] });
  });

  it("GIVEN an inspected return WHEN it is resolved THEN the customer is refunded what the preview said, once, and the jacket is back in stock once", async () => {
    const returnId = await inspectedReturn();
    const preview = await previewResolution(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, deps);
    if (!preview.ok) throw new Error("no preview");
    expect(preview.amounts.totals.refund).toBe(12_000);

    const resolved = await resolveReturn(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps);
    expect(resolved).toMatchObject({ ok: true, amounts: preview.amounts });
    expect(await runResolve(deps, resolvePayload())).toBe("committed");
    expect(await runResolve(deps, resolvePayload())).toBe("skipped");

    expect(standIn.refunds.map((refund) => refund.amount)).toEqual([12_000]);
    expect(standIn.stock.get(`${JACKET_ITEM}|${WAREHOUSE}`)).toBe(6);
    const ledger = await testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP, inventoryItemId: JACKET_ITEM } });
    expect(ledger).toMatchObject([{ status: "applied", delta: 1, changeFrom: 5, quantityAfter: 6, reason: "restock" }]);
    expect((await testDb.db.inventoryLevel.findFirstOrThrow({ where: { inventoryItemId: JACKET_ITEM } })).available).toBe(6);
    const detail = await getReturnDetail(SHOP, returnId, deps);
    expect(detail).toMatchObject({ status: "resolved", refunded: 12_000, resolutions: [{ status: "committed" }] });
    expect(detail!.timeline.map((entry) => entry.type)).toEqual(["requested", "approved", "received", "inspected", "resolved"]);
    const listed = await listReturns(SHOP, { status: "resolved" }, deps);
    expect(listed).toMatchObject({ ok: true, counts: { resolved: 1 }, returns: [{ id: returnId, value: 12_000 }] });
  });

  it("GIVEN returnProcess went through but the worker never heard back WHEN the job runs again THEN the same key is sent and nothing is refunded or restocked twice", async () => {
    const returnId = await inspectedReturn();
    await resolveReturn(SHOP, returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps);
    const payload = resolvePayload();

    // WHEN Shopify applies the returnProcess and its answer is lost between the call and the local commit
    standIn.loseNextAnswer();
    await expect(runResolve(deps, payload)).rejects.toThrow("socket hang up");

    // THEN Shopify refunded and restocked, and Orderflow has committed neither
    expect(standIn.refunds).toHaveLength(1);
    expect(standIn.stock.get(`${JACKET_ITEM}|${WAREHOUSE}`)).toBe(6);
    expect(await testDb.db.returnResolution.findUniqueOrThrow({ where: { id: payload.resolutionId } })).toMatchObject({ status: "pending", committedAt: null });
    expect(await testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP } })).toMatchObject([{ status: "pending" }]);
    expect((await getReturnDetail(SHOP, returnId, deps))!.status).toBe("inspected");

    // WHEN the queue retries the job
    expect(await runResolve(deps, payload)).toBe("committed");

    // THEN the retry carried the stored key, Shopify moved nothing again, and Orderflow recorded it once
    const key = (await testDb.db.returnResolution.findUniqueOrThrow({ where: { id: payload.resolutionId } })).idempotencyKey;
    expect(standIn.processCalls).toEqual([key, key]);
    expect(standIn.refunds.map((refund) => refund.amount)).toEqual([12_000]);
    expect(standIn.stock.get(`${JACKET_ITEM}|${WAREHOUSE}`)).toBe(6);
    expect(await testDb.db.inventoryLedgerEntry.findMany({ where: { shop: SHOP } })).toMatchObject([{ status: "applied", delta: 1, quantityAfter: 6 }]);
    expect(await getReturnDetail(SHOP, returnId, deps)).toMatchObject({ status: "resolved", refunded: 12_000, resolutions: [{ status: "committed" }] });
  });

  it("GIVEN a request the policy sends to review WHEN quoted, submitted and declined THEN the customer saw the fees, Shopify holds a request, and the decline reaches it with its reason", async () => {
    await saveReturnPolicy(SHOP, { autoApprove: { maxValue: 5_000 }, returnShippingFee: { amount: 700 } }, "staff", deps);
    const request = { lines: [{ lineId: JACKET.id, quantity: 1, reason: "UNWANTED", resolution: "refund" }] };

    const quoted = await quoteReturnRequest(SHOP, ORDER.id, request, { customerId: ORDER.customer!.id }, deps);
    if (!quoted.ok) throw new Error(JSON.stringify(quoted.errors));
    expect(quoted.quote.amounts.totals).toMatchObject({ value: 12_000, returnShippingFee: 700, refund: 11_300 });
    expect(quoted.quote.draft.review.autoApprove).toBe(false);

    const submitted = await submitReturnRequest(SHOP, ORDER.id, request, { channel: "portal", customerId: ORDER.customer!.id }, deps);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    const [onShopify] = standIn.returns.values();
    expect(onShopify.status).toBe("REQUESTED");
    expect((await listReturns(SHOP, { status: "requested" }, deps)) as object).toMatchObject({ returns: [{ id: submitted.returnId, needsReview: true }] });

    expect(await declineReturn(SHOP, submitted.returnId, { reason: "FINAL_SALE", message: "" }, "staff", deps)).toMatchObject({ ok: false, errors: [{ path: "message" }] });
    expect(await declineReturn(SHOP, submitted.returnId, { reason: "FINAL_SALE", message: "Sold as final sale" }, "staff", deps)).toEqual({ ok: true, status: "declined" });
    expect(onShopify).toMatchObject({ status: "DECLINED", decline: { reason: "FINAL_SALE", note: "Sold as final sale" } });
    expect(await approveReturns(SHOP, [submitted.returnId], {}, deps)).toEqual({ approved: [], failed: [{ id: submitted.returnId, message: "Cannot approve a return that is declined" }] });
  });

  it("GIVEN an exchange the instant-exchange guard allows WHEN it is approved THEN the replacement ships at once, and resolving it later does not ship it again", async () => {
    await saveReturnPolicy(SHOP, { exchange: { instant: { enabled: true, minLifetimeOrders: 0 } } }, "staff", deps);
    const offers = {
      [LARGE]: { productId: JACKET.productId!, title: "Trailhead Rain Jacket — L", unitPrice: 12_000, available: { [WAREHOUSE]: 3 } },
    };
    standIn.offers(offers);
    const submitted = await submitReturnRequest(
      SHOP,
      ORDER.id,
      {
        lines: [{ lineId: JACKET.id, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }],
        replacements: [{ variantId: LARGE, quantity: 1, locationId: WAREHOUSE }],
        instantExchange: true,
      },
      { channel: "portal", customerId: ORDER.customer!.id },
      deps,
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    const instant = jobs.find((job) => job.task === INSTANT_EXCHANGE_TASK)!;
    expect(await shipReplacementNow(deps, instant.payload as { shop: string; returnId: string })).toBe("shipped");
    expect(await shipReplacementNow(deps, instant.payload as { shop: string; returnId: string })).toBe("skipped");
    const [onShopify] = standIn.returns.values();
    expect(onShopify.exchangeLines).toMatchObject([{ variantId: LARGE, quantity: 1, processedQuantity: 1 }]);

    await receiveItems(SHOP, submitted.returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps);
    await inspectItems(SHOP, submitted.returnId, { items: [{ lineId: JACKET.id, quantity: 1, disposition: "restock", locationId: WAREHOUSE }] }, "staff", deps);
    await resolveReturn(SHOP, submitted.returnId, { lines: [{ lineId: JACKET.id, quantity: 1 }] }, "staff", deps);
    expect(await runResolve(deps, resolvePayload())).toBe("committed");
    expect(onShopify.exchangeLines[0].processedQuantity).toBe(1);
    expect(standIn.refunds.map((refund) => refund.amount + refund.storeCredit)).toEqual([0, 0]);
  });

  it("GIVEN a return made in Shopify's admin WHEN its webhook arrives THEN it shows up in Orderflow, and an older delivery changes nothing", async () => {
    const onShopify = standIn.startReturnOnShopify(ORDER.id, [{ fulfillmentLineItemId: JACKET.id, quantity: 2 }]);
    const handlers = returnsWebhookHandlers(standIn.shopify);
    const delivery = (eventId: string, triggeredAt: string) =>
      ({ shop: SHOP, topic: "RETURNS_APPROVE", eventId, triggeredAt: new Date(triggeredAt), receivedAt: new Date(triggeredAt) }) as StoredDelivery;
    const handlerDeps = { db: testDb.db, adminFor: deps.adminFor, enqueue: deps.enqueue };

    expect(await handlers.RETURNS_APPROVE(delivery("e2", "2026-10-20T12:05:00Z"), { admin_graphql_api_id: onShopify.id }, handlerDeps)).toMatchObject({ status: "processed" });
    const listed = await listReturns(SHOP, {}, deps);
    expect(listed).toMatchObject({ ok: true, returns: [{ status: "approved", source: "shopify", units: 2, value: 24_000 }] });

    expect(await handlers.RETURNS_APPROVE(delivery("e1", "2026-10-20T12:01:00Z"), { admin_graphql_api_id: onShopify.id }, handlerDeps)).toMatchObject({ status: "skipped" });
    const detail = await getReturnDetail(SHOP, (listed as { returns: Array<{ id: string }> }).returns[0].id, deps);
    expect(detail!.timeline.filter((entry) => entry.actor === "Shopify").map((entry) => entry.type)).toEqual(["requested", "approved", "shopify"]);
  });
});
