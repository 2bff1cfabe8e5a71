import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import {
  applyReturnCommand,
  DISPOSITION_TARGETS,
  openReturn,
  previewResolution,
  type ResolutionAmounts,
  type ResolveLineInput,
  type ReturnCommand,
  type ReturnLineRequest,
  type ReturnState,
  type ShopifyReturnReason,
  SHOPIFY_RETURN_REASONS,
} from "../domain/returns";
import { findLevel } from "../models/inventory.server";
import { commitWrite, markEntry, recordWrite } from "../models/inventory-ledger.server";
import {
  addTimelineEntry,
  commitResolution,
  findResolution,
  fixResolutionRequest,
  findReturn,
  findReturnByShopifyId,
  insertResolution,
  insertReturn,
  loadPolicy,
  markResolutionFailed,
  markResolutionInventoryConfirmed,
  markResolutionProcessed,
  StaleReturnError,
  updateReturn,
  type StoredResolution,
  type StoredReturn,
} from "../models/returns.server";
import type { StoredDelivery } from "../models/webhook-deliveries.server";
import { UserErrorsError, type AdminGraphql } from "../shopify/admin-client.server";
import { fetchLevelNow } from "../shopify/inventory.server";
import { applyWrite, type Enqueue } from "./inventory-writes.server";
import type { ProcessReturnInput } from "../shopify/returns.server";
import type { ReturnsShopify, ShopifyReturn } from "./returns-port";
import type { AdminFor, HandlerDeps, HandlerOutcome } from "./webhook-handlers.server";

// The returns jobs (docs/decisions/0009-returns.md).
//
// Resolving is a sequence of steps, each safe to run again, the one that cannot be undone last:
//   1. (request time) the resolution is stored with its amounts and idempotency key, and the
//      units Shopify restocks are written into the inventory ledger as pending entries;
//   2. damaged and quality-control units go into their quantity states through the inventory
//      ledger (keyed, compare-and-set writes), applied before the refund;
//   3. returnProcess, with the resolution's key: Shopify disposes the units — RESTOCKED ones back
//      into available, which is the only stock Shopify moves — and pays the refund;
//   4. the return's state takes the resolution and the pending restock entries are committed
//      with the levels as Shopify has them, in that order; each skips what is committed already,
//      so a worker that dies anywhere after step 3 repeats step 3 with the same key and input
//      (Shopify answers the first result) and commits once.
// Shopify returns started on Shopify's side and every change to ours come in as returns/* and
// reverse_* webhooks; the handler reads the return from Shopify *now* and brings Orderflow's copy
// forward to it, so a late or reordered delivery cannot bring back an old state.

export const RESOLVE_TASK = "returns.resolve";

export interface ReturnsJobDeps {
  db: Db;
  adminFor: AdminFor;
  shopify: ReturnsShopify;
  enqueue: Enqueue;
  now: () => Date;
}

export interface ResolvePayload {
  shop: string;
  returnId: string;
  resolutionId: string;
}

function restockKey(resolutionId: string, lineId: string, locationId: string): string {
  return `return-restock:${resolutionId}:${lineId}:${locationId}`;
}

function dispositionKey(resolutionId: string, lineId: string, index: number): string {
  return `return-disposition:${resolutionId}:${lineId}:${index}`;
}

async function inventoryItemOf(db: Db, shop: string, variantId: string | null): Promise<string | null> {
  if (variantId === null) return null;
  const item = await db.inventoryItem.findFirst({ where: { shop, variantId }, select: { id: true } });
  return item?.id ?? null;
}

/** Step 1: the resolution and its pending restock entries, stored before anything is sent. */
export async function prepareResolution(
  deps: ReturnsJobDeps,
  stored: StoredReturn,
  lines: ResolveLineInput[],
  actor: string,
): Promise<{ ok: true; resolutionId: string; amounts: ResolutionAmounts } | { ok: false; message: string }> {
  const preview = previewResolution(stored.state, lines);
  if (!preview.ok) return { ok: false, message: preview.error.message };
  const resolutionId = randomUUID().replaceAll("-", "");
  await insertResolution(deps.db, { id: resolutionId, shop: stored.shop, returnId: stored.id, lines, amounts: preview.value, actor });
  for (const line of preview.value.lines) {
    const returnLine = stored.state.lines.find((candidate) => candidate.id === line.lineId)!;
    const inventoryItemId = await inventoryItemOf(deps.db, stored.shop, returnLine.variantId);
    if (inventoryItemId === null) continue;
    for (const disposition of line.dispositions) {
      if (disposition.type !== DISPOSITION_TARGETS.restock.shopify || disposition.locationId === null) continue;
      const level = await findLevel(deps.db, inventoryItemId, disposition.locationId);
      await recordWrite(deps.db, {
        shop: stored.shop,
        inventoryItemId,
        locationId: disposition.locationId,
        change: { kind: "adjust", name: "available", delta: disposition.quantity },
        reason: "restock",
        changeFrom: level?.quantities.available ?? null,
        toChangeFrom: null,
        referenceDocumentUri: stored.shopifyReturnId,
        operationKey: restockKey(resolutionId, line.lineId, disposition.locationId),
        actor,
        note: `Restocked by returnProcess of ${stored.state.orderName}'s return`,
      });
    }
  }
  await deps.enqueue(RESOLVE_TASK, { shop: stored.shop, returnId: stored.id, resolutionId } satisfies ResolvePayload, { key: `returns-resolve:${resolutionId}` });
  return { ok: true, resolutionId, amounts: preview.value };
}

export type ResolveOutcome = "committed" | "skipped" | "failed";

/** Steps 2–4 of a stored resolution; safe to run any number of times. */
export async function runResolve(deps: ReturnsJobDeps, payload: ResolvePayload): Promise<ResolveOutcome> {
  const resolution = await findResolution(deps.db, payload.resolutionId);
  if (!resolution || resolution.status === "committed" || resolution.status === "failed") return "skipped";
  const stored = await findReturn(deps.db, payload.shop, payload.returnId);
  if (!stored?.shopifyReturnId) return "skipped";
  const graphql = await deps.adminFor(payload.shop);
  if (!graphql) {
    await failResolution(deps.db, payload.shop, resolution.id, "The app is not installed on the shop");
    return "failed";
  }

  await moveDispositionStock(deps, stored, resolution);

  if (resolution.status === "pending") {
    const shopifyReturn = await deps.shopify.fetchReturn(graphql, stored.shopifyReturnId);
    if (!shopifyReturn) {
      await failResolution(deps.db, stored.shop, resolution.id, "Shopify no longer has the return");
      return "failed";
    }
    const request = (resolution.request as ProcessReturnInput | null) ?? (await fixResolutionRequest(deps.db, resolution.id, processInput(stored.state, resolution, shopifyReturn)));
    try {
      const processed = await deps.shopify.processReturn(graphql, request);
      await markResolutionProcessed(deps.db, resolution.id, { status: processed.status });
    } catch (error) {
      if (!(error instanceof UserErrorsError)) throw error;
      if (error.userErrors.some((userError) => userError.code === "IDEMPOTENCY_CONCURRENT_REQUEST")) throw error;
      await failResolution(deps.db, stored.shop, resolution.id, error.message);
      await addTimelineEntry(deps.db, {
        shop: stored.shop,
        returnId: stored.id,
        key: `resolution-failed:${resolution.id}`,
        type: "resolution_failed",
        message: `Shopify refused the resolution: ${error.message}`,
        actor: "Shopify",
        at: deps.now(),
      });
      return "failed";
    }
  }

  await commitLocally(deps, graphql, stored, resolution);
  return "committed";
}

/** Shopify moved nothing: the restock it would have made is not pending any more. */
async function failResolution(db: Db, shop: string, resolutionId: string, message: string): Promise<void> {
  await markResolutionFailed(db, resolutionId, message);
  const entries = await db.inventoryLedgerEntry.findMany({ where: { shop, status: "pending", operationKey: { startsWith: `return-restock:${resolutionId}:` } } });
  for (const entry of entries) await markEntry(db, entry.id, "failed", message);
}

/**
 * Damaged and quality-control units: Shopify leaves them where they are, so Orderflow writes them
 * through the inventory ledger (keyed, compare-and-set) and applies the write here, before the
 * refund, rather than in a job of its own: a retry of this job finds the same entry by its
 * operation key and applies it if it is still pending.
 */
async function moveDispositionStock(deps: ReturnsJobDeps, stored: StoredReturn, resolution: StoredResolution): Promise<void> {
  for (const line of resolution.amounts.lines) {
    const returnLine = stored.state.lines.find((candidate) => candidate.id === line.lineId)!;
    const inventoryItemId = await inventoryItemOf(deps.db, stored.shop, returnLine.variantId);
    if (inventoryItemId === null) continue;
    for (const [index, disposition] of line.dispositions.entries()) {
      const target = Object.values(DISPOSITION_TARGETS).find((candidate) => candidate.shopify === disposition.type);
      if (!target || target.inventoryQuantity === null || target.inventoryQuantity === "available" || disposition.locationId === null) continue;
      const name = target.inventoryQuantity;
      const level = await findLevel(deps.db, inventoryItemId, disposition.locationId);
      const { entry } = await recordWrite(deps.db, {
        shop: stored.shop,
        inventoryItemId,
        locationId: disposition.locationId,
        change: { kind: "adjust", name, delta: disposition.quantity },
        reason: name,
        changeFrom: level?.quantities[name] ?? null,
        toChangeFrom: null,
        referenceDocumentUri: stored.shopifyReturnId,
        operationKey: dispositionKey(resolution.id, line.lineId, index),
        actor: resolution.actor,
        note: `${returnLine.title} from ${stored.state.orderName}'s return`,
      });
      if (entry.status === "pending") await applyWrite({ db: deps.db, adminFor: deps.adminFor }, entry.id);
    }
  }
}

function processInput(state: ReturnState, resolution: StoredResolution, shopifyReturn: ShopifyReturn): ProcessReturnInput {
  const { amounts } = resolution;
  const exchanged = amounts.lines.some((line) => line.method === "exchange");
  const reverseLines = shopifyReturn.reverseFulfillmentOrders.flatMap((order) => order.lines);
  return {
    returnId: shopifyReturn.id,
    idempotencyKey: resolution.idempotencyKey,
    currencyCode: amounts.currencyCode,
    lines: amounts.lines.map((line) => {
      const returnLine = shopifyReturn.lines.find((candidate) => candidate.fulfillmentLineItemId === line.lineId);
      const reverseLine = reverseLines.find((candidate) => candidate.fulfillmentLineItemId === line.lineId);
      if (!returnLine || !reverseLine) throw new Error(`Shopify's return has no line for ${line.lineId}`);
      return {
        returnLineItemId: returnLine.id,
        quantity: line.quantity,
        dispositions: line.dispositions.map((disposition) => ({
          reverseFulfillmentOrderLineItemId: reverseLine.id,
          quantity: disposition.quantity,
          type: disposition.type,
          locationId: disposition.locationId,
        })),
      };
    }),
    // The replacement ships once the exchange is processed, unless it already went (instant exchange).
    exchangeLines:
      exchanged && !(state.exchange?.instant ?? false)
        ? shopifyReturn.exchangeLines
            .map((line) => ({ exchangeLineItemId: line.id, quantity: line.quantity - line.processedQuantity }))
            .filter((line) => line.quantity > 0)
        : [],
    // The order's shipping charge goes back to the original payment too: refundShipping only says
    // which part of the money it is.
    refund: amounts.totals.refund + amounts.totals.shippingRefund,
    storeCredit: amounts.totals.storeCredit,
    refundShipping: amounts.totals.shippingRefund,
    notifyCustomer: true,
  };
}

/** Step 4: the return takes the resolution, then the restock entries Shopify applied are committed. */
async function commitLocally(deps: ReturnsJobDeps, graphql: AdminGraphql, stored: StoredReturn, resolution: StoredResolution): Promise<void> {
  let current: StoredReturn | null = stored;
  for (let attempt = 0; current && !current.state.resolutions.some((record) => record.id === resolution.id); attempt += 1) {
    const applied = applyReturnCommand(current.state, { type: "resolve", at: deps.now().toISOString(), resolutionId: resolution.id, lines: resolution.lines });
    if (!applied.ok) {
      // Shopify has processed it (and restocked): the stock below is still recorded.
      await markResolutionFailed(deps.db, resolution.id, `Shopify processed it, but Orderflow could not apply it: ${applied.error.message}`);
      break;
    }
    try {
      current = await commitResolution(deps.db, current, applied.value, resolution.id, resolution.actor);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof StaleReturnError)) throw error;
      current = await findReturn(deps.db, stored.shop, stored.id);
    }
  }
  const entries = await deps.db.inventoryLedgerEntry.findMany({ where: { shop: stored.shop, operationKey: { startsWith: `return-restock:${resolution.id}:` } } });
  for (const entry of entries) {
    if (entry.status !== "pending") continue;
    const now = await fetchLevelNow(graphql, entry.inventoryItemId, entry.locationId);
    await commitWrite(deps.db, entry.id, {
      quantityAfter: now.level?.quantities.available ?? null,
      appliedAt: deps.now(),
      levels: now.level ? [{ inventoryItemId: entry.inventoryItemId, locationId: entry.locationId, quantities: now.level.quantities, shopifyUpdatedAt: new Date(now.level.updatedAt) }] : [],
    });
  }
  const unconfirmed = await deps.db.inventoryLedgerEntry.count({
    where: {
      shop: stored.shop,
      status: { not: "applied" },
      OR: [{ operationKey: { startsWith: `return-restock:${resolution.id}:` } }, { operationKey: { startsWith: `return-disposition:${resolution.id}:` } }],
    },
  });
  if (unconfirmed === 0) await markResolutionInventoryConfirmed(deps.db, resolution.id);
}

// ——— instant exchange ———

export const INSTANT_EXCHANGE_TASK = "returns.instant-exchange";

export interface InstantExchangePayload {
  shop: string;
  returnId: string;
}

function instantExchangeKey(returnId: string): string {
  return `orderflow-return-instant-${returnId}`;
}

/**
 * The replacement ships before the return arrives (the policy's guard allowed it when the request
 * was made): returnProcess with the exchange lines alone creates its fulfillment order. The input
 * names every exchange line with its full quantity, so a retry under the key sends the same
 * arguments; once Shopify shows them processed there is nothing left to send.
 */
export async function shipReplacementNow(deps: ReturnsJobDeps, payload: InstantExchangePayload): Promise<"shipped" | "skipped"> {
  const stored = await findReturn(deps.db, payload.shop, payload.returnId);
  if (!stored?.shopifyReturnId || !stored.state.exchange?.instant || stored.state.decidedAt === null || stored.state.decline !== null) return "skipped";
  const graphql = await deps.adminFor(payload.shop);
  if (!graphql) return "skipped";
  const shopifyReturn = await deps.shopify.fetchReturn(graphql, stored.shopifyReturnId);
  if (!shopifyReturn || shopifyReturn.status !== "OPEN") return "skipped";
  if (shopifyReturn.exchangeLines.every((line) => line.processedQuantity >= line.quantity)) return "skipped";
  await deps.shopify.processReturn(graphql, {
    returnId: shopifyReturn.id,
    idempotencyKey: instantExchangeKey(stored.id),
    currencyCode: stored.state.currencyCode,
    lines: [],
    exchangeLines: shopifyReturn.exchangeLines.map((line) => ({ exchangeLineItemId: line.id, quantity: line.quantity })),
    notifyCustomer: true,
  });
  await addTimelineEntry(deps.db, {
    shop: stored.shop,
    returnId: stored.id,
    key: "instant-exchange",
    type: "exchange_shipped",
    message: "Replacement released to ship before the return arrives",
    actor: "Orderflow",
    at: deps.now(),
  });
  return "shipped";
}

// ——— Shopify's side ———

/**
 * Brings Orderflow's copy of a Shopify return to what Shopify holds now: a return Orderflow has
 * never seen is opened from Shopify's lines; a known one takes the decisions Shopify made
 * (approved, declined, cancelled, closed) and the reverse deliveries attached there.
 */
export async function syncFromShopify(
  deps: ReturnsJobDeps,
  shop: string,
  shopifyReturnId: string,
  /** When Shopify's change happened (the webhook's triggered-at): a reading older than the last one applied changes nothing. */
  at: Date,
): Promise<StoredReturn | null> {
  const graphql = await deps.adminFor(shop);
  if (!graphql) return null;
  const shopifyReturn = await deps.shopify.fetchReturn(graphql, shopifyReturnId);
  if (!shopifyReturn) return null;
  let stored = await findReturnByShopifyId(deps.db, shop, shopifyReturnId);
  if (!stored) {
    const opened = await openFromShopify(deps, graphql, shop, shopifyReturn);
    if (!opened) return null;
    stored = opened;
  }
  for (let attempt = 0; ; attempt += 1) {
    if (stored.shopifyUpdatedAt && stored.shopifyUpdatedAt > at) return stored;
    const next = catchUp(stored.state, shopifyReturn, at.toISOString());
    try {
      return await updateReturn(deps.db, stored, { state: next, actor: "Shopify", shopifyStatus: shopifyReturn.status, shopifyUpdatedAt: at });
    } catch (error) {
      if (attempt >= 3 || !(error instanceof StaleReturnError)) throw error;
      stored = (await findReturnByShopifyId(deps.db, shop, shopifyReturnId))!;
    }
  }
}

/** The commands that take the domain state to Shopify's status; each only when the domain allows it. */
function catchUp(state: ReturnState, shopifyReturn: ShopifyReturn, at: string): ReturnState {
  const commands: ReturnCommand[] = [];
  if (shopifyReturn.status === "DECLINED") {
    commands.push({ type: "decline", at, reason: shopifyReturn.decline?.reason ?? "OTHER", message: shopifyReturn.decline?.note || "Declined on Shopify" });
  }
  if (shopifyReturn.status === "OPEN" || shopifyReturn.status === "CLOSED") {
    commands.push({ type: "approve", at: shopifyReturn.requestApprovedAt ?? at });
  }
  for (const delivery of shopifyReturn.reverseFulfillmentOrders.flatMap((order) => order.deliveries)) {
    if (state.shipments.some((shipment) => shipment.id === delivery.id)) continue;
    commands.push({ type: "markInTransit", at, shipmentId: delivery.id, carrier: delivery.carrierName, trackingNumber: delivery.trackingNumber });
  }
  if (shopifyReturn.status === "CANCELED") commands.push({ type: "cancel", at });
  if (shopifyReturn.status === "CLOSED") commands.push({ type: "close", at: shopifyReturn.closedAt ?? at });
  let next = state;
  for (const command of commands) {
    const applied = applyReturnCommand(next, command);
    if (applied.ok) next = applied.value;
  }
  return next;
}

/**
 * A return made on Shopify's side (the merchant in Shopify's admin, Shopify's own self-serve
 * returns): its lines as Shopify holds them, valued from the order, with no Orderflow fees — the
 * merchant made no promise through Orderflow's policy.
 */
async function openFromShopify(deps: ReturnsJobDeps, graphql: AdminGraphql, shop: string, shopifyReturn: ShopifyReturn): Promise<StoredReturn | null> {
  const order = await deps.shopify.fetchReturnableOrder(graphql, shopifyReturn.orderId);
  if (!order) return null;
  const policy = await loadPolicy(deps.db, shop);
  const lines: ReturnLineRequest[] = [];
  for (const returnLine of shopifyReturn.lines) {
    const line = order.lines.find((candidate) => candidate.id === returnLine.fulfillmentLineItemId);
    if (!line) continue;
    const paid = line.discountedTotal + (order.taxesIncluded ? 0 : line.tax);
    const shopifyReason = shopifyReasonOf(returnLine.reason?.handle ?? null);
    const reason = policy.reasons.find((candidate) => candidate.shopifyReason === shopifyReason);
    lines.push({
      id: line.id,
      lineItemId: line.lineItemId,
      productId: line.productId,
      variantId: line.variantId,
      title: line.title,
      sku: line.sku,
      quantity: returnLine.quantity,
      // Shopify already counts this return among the line's returned units.
      returnable: Math.max(returnLine.quantity, line.quantity - line.returnedQuantity + returnLine.quantity),
      value: { units: Math.max(0, line.quantity - line.refunded.quantity), amount: Math.max(0, paid - line.refunded.amount) },
      reason: reason?.code ?? shopifyReason,
      shopifyReason,
      merchantFault: reason?.merchantFault ?? false,
      note: returnLine.customerNote,
      photoUrls: [],
      resolution: "refund",
      restockingFeeApplies: false,
      restockingFeeBps: 0,
    });
  }
  if (lines.length === 0) return null;
  const opened = openReturn({
    id: `ret_${randomUUID().replaceAll("-", "")}`,
    at: shopifyReturn.createdAt,
    orderId: order.id,
    orderName: order.name,
    customerId: order.customer?.id ?? null,
    currencyCode: order.currencyCode,
    lines,
    exchange: null,
    terms: { restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 0, exchangeRemainderTo: policy.exchange.remainderTo },
    review: { autoApprove: false, reasons: ["Started on Shopify"] },
  });
  if (!opened.ok) throw new Error(`Shopify's return ${shopifyReturn.id} does not hold together: ${opened.error.message}`);
  const { stored } = await insertReturn(deps.db, {
    shop,
    source: "shopify",
    state: opened.value,
    actor: "Shopify",
    shopifyReturnId: shopifyReturn.id,
    shopifyStatus: shopifyReturn.status,
    shopifyUpdatedAt: null,
  });
  return stored;
}

/** Shopify's reason handle ("size-too-small") as its ReturnReason; OTHER for a shop's own reasons. */
function shopifyReasonOf(handle: string | null): ShopifyReturnReason {
  const name = handle?.toUpperCase().replaceAll("-", "_") ?? "OTHER";
  return (SHOPIFY_RETURN_REASONS as readonly string[]).includes(name) ? (name as ShopifyReturnReason) : "OTHER";
}

// ——— webhooks ———

type Handler = (delivery: StoredDelivery, payload: Record<string, unknown>, deps: HandlerDeps) => Promise<HandlerOutcome>;

function returnIdOf(payload: Record<string, unknown>): string | null {
  const own = payload.admin_graphql_api_id;
  if (typeof own === "string" && own.startsWith("gid://shopify/Return/")) return own;
  const parent = payload.return as { admin_graphql_api_id?: unknown } | undefined;
  return typeof parent?.admin_graphql_api_id === "string" ? parent.admin_graphql_api_id : null;
}

function returnWebhook(shopify: ReturnsShopify): Handler {
  return async (delivery, payload, { db, adminFor, enqueue }) => {
    const shopifyReturnId = returnIdOf(payload);
    if (!shopifyReturnId) return { status: "skipped", note: "payload names no return" };
    const deps: ReturnsJobDeps = { db, adminFor, enqueue, shopify, now: () => new Date() };
    const at = delivery.triggeredAt ?? delivery.receivedAt;
    const before = await findReturnByShopifyId(db, delivery.shop, shopifyReturnId);
    if (before?.shopifyUpdatedAt && before.shopifyUpdatedAt > at) return { status: "skipped", note: "Orderflow already holds a later reading of the return" };
    const synced = await syncFromShopify(deps, delivery.shop, shopifyReturnId, at);
    if (!synced) return { status: "skipped", note: "Shopify no longer has the return, or its order" };
    await addTimelineEntry(db, {
      shop: delivery.shop,
      returnId: synced.id,
      key: `webhook:${delivery.eventId}`,
      type: "shopify",
      message: `Shopify: ${delivery.topic.toLowerCase().replaceAll("_", " ")}`,
      actor: "Shopify",
      at,
    });
    return { status: "processed", note: before ? `return ${synced.id} is ${synced.status}` : `return ${synced.id} started on Shopify` };
  };
}

/** Handlers for the returns/* and reverse_deliveries/* topics (subscriptions in shopify.app.toml). */
export function returnsWebhookHandlers(shopify: ReturnsShopify): Record<string, Handler> {
  const handler = returnWebhook(shopify);
  return {
    RETURNS_REQUEST: handler,
    RETURNS_APPROVE: handler,
    RETURNS_DECLINE: handler,
    RETURNS_CANCEL: handler,
    RETURNS_CLOSE: handler,
    RETURNS_PROCESS: handler,
    REVERSE_DELIVERIES_ATTACH_DELIVERABLE: handler,
    // A refund names its return when a return made it; others are not a return's business.
    REFUNDS_CREATE: handler,
  };
}
