import type { Db } from "../db.server";
import {
  DEFAULT_RETURN_POLICY,
  parseReturnPolicy,
  returnStatus,
  type ResolutionAmounts,
  type ResolveLineInput,
  type ReturnPolicy,
  type ReturnState,
  type ReturnStatus,
} from "../domain/returns";
import { shareOf } from "../domain/returns/money";
import { isUniqueViolation } from "./webhook-deliveries.server";

// Returns as Orderflow keeps them (docs/decisions/0009-returns.md): the domain state as JSON
// text with its derived status and amounts beside it for the queue, the timeline, and the
// resolution records with their idempotency keys.

export type ReturnSource = "portal" | "admin" | "shopify";

export interface StoredReturn {
  id: string;
  shop: string;
  shopifyReturnId: string | null;
  shopifyStatus: string | null;
  shopifyUpdatedAt: Date | null;
  source: ReturnSource;
  status: ReturnStatus;
  state: ReturnState;
  value: number;
  refunded: number;
  version: number;
  requestedAt: Date;
  updatedAt: Date;
}

type ReturnRow = Awaited<ReturnType<Db["return"]["findUniqueOrThrow"]>>;

function toStored(row: ReturnRow): StoredReturn {
  return {
    id: row.id,
    shop: row.shop,
    shopifyReturnId: row.shopifyReturnId,
    shopifyStatus: row.shopifyStatus,
    shopifyUpdatedAt: row.shopifyUpdatedAt,
    source: row.source as ReturnSource,
    status: row.status as ReturnStatus,
    state: JSON.parse(row.state) as ReturnState,
    value: row.value,
    refunded: row.refunded,
    version: row.version,
    requestedAt: row.requestedAt,
    updatedAt: row.updatedAt,
  };
}

// ——— policy ———

export async function loadPolicy(db: Db, shop: string): Promise<ReturnPolicy> {
  const row = await db.returnPolicy.findUnique({ where: { shop } });
  return row ? parseReturnPolicy(JSON.parse(row.policy)) : DEFAULT_RETURN_POLICY;
}

export async function savePolicy(db: Db, shop: string, policy: ReturnPolicy, actor: string): Promise<void> {
  const data = { policy: JSON.stringify(policy), updatedBy: actor };
  await db.returnPolicy.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

// ——— returns ———

/** The columns the queue filters on, read from the state so they can never disagree with it. */
function derived(state: ReturnState) {
  return {
    status: returnStatus(state),
    reasons: [...new Set(state.lines.map((line) => line.reason))].join(" "),
    value: state.lines.reduce((total, line) => total + shareOf(line.value.amount, line.requested, line.value.units), 0),
    refunded: state.resolutions.reduce((total, resolution) => total + resolution.totals.refund + resolution.totals.shippingRefund, 0),
  };
}

export interface ShopifySide {
  shopifyReturnId: string | null;
  shopifyStatus: string | null;
  shopifyUpdatedAt: Date | null;
}

/**
 * Keeps a new return with its first timeline entries. A second call for the same Shopify return
 * (the webhook beside the request that made it) finds the first row instead.
 */
export async function insertReturn(
  db: Db,
  input: { shop: string; source: ReturnSource; state: ReturnState; actor: string } & ShopifySide,
): Promise<{ stored: StoredReturn; created: boolean }> {
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.return.create({
        data: {
          id: input.state.id,
          shop: input.shop,
          shopifyReturnId: input.shopifyReturnId,
          shopifyStatus: input.shopifyStatus,
          shopifyUpdatedAt: input.shopifyUpdatedAt,
          orderId: input.state.orderId,
          orderName: input.state.orderName,
          customerId: input.state.customerId,
          source: input.source,
          currencyCode: input.state.currencyCode,
          state: JSON.stringify(input.state),
          requestedAt: new Date(input.state.requestedAt),
          ...derived(input.state),
        },
      });
      await tx.returnTimelineEntry.createMany({ data: timelineOf(input.shop, input.state, 0, input.actor) });
      return created;
    });
    return { stored: toStored(row), created: true };
  } catch (error) {
    if (!isUniqueViolation(error) || input.shopifyReturnId === null) throw error;
    const existing = await findReturnByShopifyId(db, input.shop, input.shopifyReturnId);
    if (!existing) throw error;
    return { stored: existing, created: false };
  }
}

function timelineOf(shop: string, state: ReturnState, from: number, actor: string) {
  return state.events.slice(from).map((event, index) => ({
    shop,
    returnId: state.id,
    key: `event:${from + index}`,
    type: event.type,
    message: event.message,
    actor,
    at: new Date(event.at),
  }));
}

export class StaleReturnError extends Error {
  constructor(id: string) {
    super(`Return ${id} changed while it was being updated`);
    this.name = "StaleReturnError";
  }
}

/**
 * Writes the next state of a return read at `stored.version`; the events the state gained go on
 * the timeline. Throws StaleReturnError when another writer got there first, so the caller reads
 * again instead of overwriting what it did not see.
 */
export async function updateReturn(db: Db, stored: StoredReturn, next: { state?: ReturnState; actor: string } & Partial<ShopifySide>): Promise<StoredReturn> {
  const state = next.state ?? stored.state;
  const row = await db.$transaction(async (tx) => {
    const { count } = await tx.return.updateMany({
      where: { id: stored.id, version: stored.version },
      data: {
        state: JSON.stringify(state),
        version: stored.version + 1,
        ...derived(state),
        ...(next.shopifyReturnId !== undefined ? { shopifyReturnId: next.shopifyReturnId } : {}),
        ...(next.shopifyStatus !== undefined ? { shopifyStatus: next.shopifyStatus } : {}),
        ...(next.shopifyUpdatedAt !== undefined ? { shopifyUpdatedAt: next.shopifyUpdatedAt } : {}),
      },
    });
    if (count === 0) throw new StaleReturnError(stored.id);
    const added = timelineOf(stored.shop, state, stored.state.events.length, next.actor);
    if (added.length > 0) await tx.returnTimelineEntry.createMany({ data: added });
    return tx.return.findUniqueOrThrow({ where: { id: stored.id } });
  });
  return toStored(row);
}

export async function findReturn(db: Db, shop: string, id: string): Promise<StoredReturn | null> {
  const row = await db.return.findFirst({ where: { shop, id } });
  return row ? toStored(row) : null;
}

export async function findReturnByShopifyId(db: Db, shop: string, shopifyReturnId: string): Promise<StoredReturn | null> {
  const row = await db.return.findUnique({ where: { shop_shopifyReturnId: { shop, shopifyReturnId } } });
  return row ? toStored(row) : null;
}

export async function returnsOfOrder(db: Db, shop: string, orderId: string): Promise<StoredReturn[]> {
  const rows = await db.return.findMany({ where: { shop, orderId }, orderBy: { requestedAt: "asc" } });
  return rows.map(toStored);
}

/** A line on the timeline that is not a domain event (a webhook seen, a message sent); once per key. */
export async function addTimelineEntry(
  db: Db,
  entry: { shop: string; returnId: string; key: string; type: string; message: string; actor: string; at: Date },
): Promise<boolean> {
  try {
    await db.returnTimelineEntry.create({ data: entry });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function returnTimeline(db: Db, returnId: string) {
  return db.returnTimelineEntry.findMany({ where: { returnId }, orderBy: [{ at: "asc" }, { createdAt: "asc" }] });
}

export interface ReturnFilters {
  status?: ReturnStatus | null;
  reason?: string | null;
  /** Requested at least this many days ago. */
  minAgeDays?: number | null;
  /** Worth at least / at most, in minor units. */
  minValue?: number | null;
  maxValue?: number | null;
  /** Order name or return id. */
  search?: string | null;
  take?: number;
}

export async function queryReturns(db: Db, shop: string, filters: ReturnFilters, now: Date) {
  const search = filters.search?.trim();
  const where = {
    shop,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.reason ? { reasons: { contains: filters.reason } } : {}),
    ...(filters.minAgeDays ? { requestedAt: { lte: new Date(now.getTime() - filters.minAgeDays * 86_400_000) } } : {}),
    ...(filters.minValue != null || filters.maxValue != null
      ? { value: { ...(filters.minValue != null ? { gte: filters.minValue } : {}), ...(filters.maxValue != null ? { lte: filters.maxValue } : {}) } }
      : {}),
    ...(search ? { OR: [{ orderName: { contains: search } }, { id: search }, { shopifyReturnId: search }] } : {}),
  };
  const [rows, groups] = await Promise.all([
    db.return.findMany({ where, orderBy: { requestedAt: "desc" }, take: filters.take ?? 100 }),
    db.return.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
  ]);
  return {
    returns: rows.map(toStored),
    counts: Object.fromEntries(groups.map((group) => [group.status, group._count._all])) as Partial<Record<ReturnStatus, number>>,
  };
}

/** The customer's returns and orders over the lookback, for the serial-returner rule. */
export async function customerReturnCounts(db: Db, shop: string, customerId: string, since: Date) {
  const [returnsInLookback, ordersInLookback, lifetimeOrders] = await Promise.all([
    db.return.count({ where: { shop, customerId, requestedAt: { gte: since }, status: { notIn: ["declined", "cancelled"] } } }),
    db.order.count({ where: { shop, customerId, shopifyCreatedAt: { gte: since } } }),
    db.order.count({ where: { shop, customerId } }),
  ]);
  return { returnsInLookback, ordersInLookback, lifetimeOrders };
}

// ——— resolutions ———

export type ResolutionStatus = "pending" | "processed" | "committed" | "failed";

export interface StoredResolution {
  id: string;
  shop: string;
  returnId: string;
  idempotencyKey: string;
  lines: ResolveLineInput[];
  amounts: ResolutionAmounts;
  /** The returnProcess input as first built (ProcessReturnInput), once built. */
  request: unknown;
  status: ResolutionStatus;
  error: string | null;
  actor: string;
  shopifyConfirmedAt: Date | null;
  inventoryConfirmedAt: Date | null;
  createdAt: Date;
}

type ResolutionRow = Awaited<ReturnType<Db["returnResolution"]["findUniqueOrThrow"]>>;

function toResolution(row: ResolutionRow): StoredResolution {
  return {
    id: row.id,
    shop: row.shop,
    returnId: row.returnId,
    idempotencyKey: row.idempotencyKey,
    lines: JSON.parse(row.lines) as ResolveLineInput[],
    amounts: JSON.parse(row.amounts) as ResolutionAmounts,
    request: row.request === null ? null : (JSON.parse(row.request) as unknown),
    status: row.status as ResolutionStatus,
    error: row.error,
    actor: row.actor,
    shopifyConfirmedAt: row.shopifyConfirmedAt,
    inventoryConfirmedAt: row.inventoryConfirmedAt,
    createdAt: row.createdAt,
  };
}

function resolutionIdempotencyKey(resolutionId: string): string {
  return `orderflow-return-resolution-${resolutionId}`;
}

/** Stores a resolution before anything is sent: its key is fixed from here on. */
export async function insertResolution(
  db: Db,
  input: { id: string; shop: string; returnId: string; lines: ResolveLineInput[]; amounts: ResolutionAmounts; actor: string },
): Promise<StoredResolution> {
  const row = await db.returnResolution.create({
    data: {
      id: input.id,
      shop: input.shop,
      returnId: input.returnId,
      idempotencyKey: resolutionIdempotencyKey(input.id),
      lines: JSON.stringify(input.lines),
      amounts: JSON.stringify(input.amounts),
      status: "pending",
      actor: input.actor,
    },
  });
  return toResolution(row);
}

export async function findResolution(db: Db, id: string): Promise<StoredResolution | null> {
  const row = await db.returnResolution.findUnique({ where: { id } });
  return row ? toResolution(row) : null;
}

export async function resolutionsOf(db: Db, returnId: string): Promise<StoredResolution[]> {
  const rows = await db.returnResolution.findMany({ where: { returnId }, orderBy: { createdAt: "asc" } });
  return rows.map(toResolution);
}

/** A shop's resolutions made since a moment, for what the queue says was refunded lately. */
export async function resolutionsSince(db: Db, shop: string, since: Date): Promise<StoredResolution[]> {
  const rows = await db.returnResolution.findMany({ where: { shop, createdAt: { gte: since } } });
  return rows.map(toResolution);
}

/** Open resolutions of a return: one at a time, so the amounts of the next are priced after it. */
export async function unfinishedResolution(db: Db, returnId: string): Promise<StoredResolution | null> {
  const row = await db.returnResolution.findFirst({ where: { returnId, status: { in: ["pending", "processed"] } } });
  return row ? toResolution(row) : null;
}

/** Fixes the returnProcess input before it is first sent; a request fixed already wins. */
export async function fixResolutionRequest<T>(db: Db, id: string, request: T): Promise<T> {
  await db.returnResolution.updateMany({ where: { id, request: null }, data: { request: JSON.stringify(request) } });
  const row = await db.returnResolution.findUniqueOrThrow({ where: { id }, select: { request: true } });
  return JSON.parse(row.request!) as T;
}

export async function markResolutionProcessed(db: Db, id: string, shopifyResult: unknown): Promise<void> {
  await db.returnResolution.update({
    where: { id },
    data: { status: "processed", shopifyConfirmedAt: new Date(), shopifyResult: JSON.stringify(shopifyResult), error: null },
  });
}

export async function markResolutionFailed(db: Db, id: string, error: string): Promise<void> {
  await db.returnResolution.update({ where: { id }, data: { status: "failed", error } });
}

export async function markResolutionInventoryConfirmed(db: Db, id: string): Promise<void> {
  await db.returnResolution.updateMany({ where: { id, inventoryConfirmedAt: null }, data: { inventoryConfirmedAt: new Date() } });
}

/** The return takes the resolution into its state, and the record says so, in one transaction. */
export async function commitResolution(db: Db, stored: StoredReturn, state: ReturnState, resolutionId: string, actor: string): Promise<StoredReturn> {
  const row = await db.$transaction(async (tx) => {
    const { count } = await tx.return.updateMany({
      where: { id: stored.id, version: stored.version },
      data: { state: JSON.stringify(state), version: stored.version + 1, ...derived(state) },
    });
    if (count === 0) throw new StaleReturnError(stored.id);
    const added = timelineOf(stored.shop, state, stored.state.events.length, actor);
    if (added.length > 0) await tx.returnTimelineEntry.createMany({ data: added });
    await tx.returnResolution.update({ where: { id: resolutionId }, data: { status: "committed", committedAt: new Date() } });
    return tx.return.findUniqueOrThrow({ where: { id: stored.id } });
  });
  return toStored(row);
}
