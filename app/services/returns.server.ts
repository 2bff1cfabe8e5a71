// The returns boundary the admin pages (app.returns.*) and the storefront portal (proxy.returns*)
// call. Every rule is the domain's (app/domain/returns), checked again here whatever a form
// already checked; Shopify holds the return (app/shopify/returns.server.ts), Orderflow keeps what
// Shopify does not (app/models/returns.server.ts); money and stock move in the resolve job
// (app/jobs/returns.server.ts). See docs/decisions/0009-returns.md.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db as processDb, type Db } from "../db.server";
import {
  applyReturnCommand,
  checkEligibility,
  openReturn,
  prepareReturn,
  previewResolution as previewDomainResolution,
  quoteReturn,
  readReturnPolicy,
  readReturnRequest,
  SHOPIFY_DECLINE_REASONS,
  type CustomerHistory,
  type FieldError,
  type LineEligibility,
  type ResolutionAmounts,
  type ReturnCommand,
  type ReturnPolicy,
  type ReturnQuote,
  type ReturnReasonDefinition,
  type ReturnState,
  type ReturnStatus,
  type ReturnableOrder,
  type VariantOffer,
} from "../domain/returns";
import { lineValue } from "../domain/returns/policy";
import { priceOutstanding } from "../domain/returns/return-model";
import { minorDigits, shareOf } from "../domain/returns/money";
import { loadCarrierSetup } from "../models/carrier-setup.server";
import { listLocations } from "../models/inventory.server";
import { findOrder } from "../models/orders.server";
import {
  addTimelineEntry,
  customerReturnCounts,
  findReturn,
  insertReturn,
  loadPolicy,
  queryReturns,
  resolutionsOf,
  resolutionsSince,
  returnsOfOrder,
  returnTimeline,
  savePolicy,
  StaleReturnError,
  unfinishedResolution,
  updateReturn,
  type ReturnFilters,
  type StoredReturn,
} from "../models/returns.server";
import { recommendCarrier } from "../domain/carriers/recommend";
import { mintTrackingNumber, trackingUrl } from "../domain/fulfilment/tracking";
import { fetchProductVariants } from "../shopify/exchange-offers.server";
import { fetchFulfillmentOrders } from "../shopify/fulfillment-orders.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import type { ShopifyReturn } from "../jobs/returns-port";
import { INSTANT_EXCHANGE_TASK, prepareResolution, type InstantExchangePayload, type ReturnsJobDeps } from "../jobs/returns.server";

export type ReturnsDeps = ReturnsJobDeps;

/**
 * The process's database, queue and Shopify client, loaded on first use (they read the
 * environment); tests pass their own parts.
 */
async function resolveDeps(given: Partial<ReturnsDeps> = {}): Promise<ReturnsDeps> {
  return {
    db: given.db ?? processDb(),
    adminFor: given.adminFor ?? (await import("../shopify/clients.server")).adminForShop,
    shopify: given.shopify ?? (await import("../jobs/returns-shopify.server")).shopifyReturns,
    enqueue: given.enqueue ?? (await import("../jobs/tasks.server")).enqueue,
    now: given.now ?? (() => new Date()),
  };
}

async function adminOf(deps: ReturnsDeps, shop: string): Promise<AdminGraphql> {
  const graphql = await deps.adminFor(shop);
  if (!graphql) throw new Error(`Orderflow is not installed on ${shop}`);
  return graphql;
}

export type ServiceResult<T> = ({ ok: true } & T) | { ok: false; errors: FieldError[] };

const fail = (message: string, path = ""): { ok: false; errors: FieldError[] } => ({ ok: false, errors: [{ path, message }] });

// ——— policy ———

export async function loadReturnPolicy(shop: string, given?: Partial<ReturnsDeps>): Promise<ReturnPolicy> {
  const deps = await resolveDeps(given);
  return loadPolicy(deps.db, shop);
}

export async function saveReturnPolicy(shop: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ policy: ReturnPolicy }>> {
  const read = readReturnPolicy(input);
  if (!read.ok) return { ok: false, errors: read.error };
  const deps = await resolveDeps(given);
  await savePolicy(deps.db, shop, read.value, actor);
  return { ok: true, policy: read.value };
}

// ——— the order as the portal and the admin see it ———

export interface ReplacementOffer extends VariantOffer {
  variantId: string;
  variantTitle: string;
}

export interface PortalOrderView {
  order: { id: string; name: string; currencyCode: string; customerId: string | null };
  lines: Array<{
    id: string;
    title: string;
    sku: string | null;
    productId: string | null;
    variantId: string | null;
    quantity: number;
    /** What one unit comes back at, before fees. */
    unitValue: number;
    eligibility: LineEligibility;
  }>;
  reasons: ReturnReasonDefinition[];
  resolutions: ReturnPolicy["resolutions"];
  /** By variant id: what the customer may exchange for, priced and with stock per location. */
  replacementOffers: Record<string, ReplacementOffer>;
  returns: Array<{ id: string; status: ReturnStatus; requestedAt: string }>;
  policy: { windowDays: number; timeZone: string; locale: string; instantExchange: boolean };
}

export async function portalOrderView(shop: string, orderId: string, now?: Date, given?: Partial<ReturnsDeps>): Promise<PortalOrderView | null> {
  const deps = await resolveDeps(given);
  const graphql = await adminOf(deps, shop);
  const order = await deps.shopify.fetchReturnableOrder(graphql, orderId);
  if (!order) return null;
  const policy = await loadPolicy(deps.db, shop);
  const at = now ?? deps.now();
  const offers = await replacementOffers(deps.db, graphql, shop, order, policy);
  const returns = await returnsOfOrder(deps.db, shop, order.id);
  return {
    order: { id: order.id, name: order.name, currencyCode: order.currencyCode, customerId: order.customer?.id ?? null },
    lines: order.lines.map((line) => {
      const value = lineValue(order, line);
      return {
        id: line.id,
        title: line.title,
        sku: line.sku,
        productId: line.productId,
        variantId: line.variantId,
        quantity: line.quantity,
        unitValue: value.units === 0 ? 0 : Math.floor(value.amount / value.units),
        eligibility: policy.currencyCode === order.currencyCode ? checkEligibility(order, line, policy, at) : currencyMismatch(line.id, order, policy),
      };
    }),
    reasons: policy.reasons,
    resolutions: policy.resolutions,
    replacementOffers: offers,
    returns: returns.map((stored) => ({ id: stored.id, status: stored.status, requestedAt: stored.state.requestedAt })),
    policy: { windowDays: policy.windowDays, timeZone: policy.timeZone, locale: policy.locale, instantExchange: policy.exchange.instant.enabled },
  };
}

function currencyMismatch(lineId: string, order: ReturnableOrder, policy: ReturnPolicy): LineEligibility {
  return {
    lineId,
    eligible: false,
    returnableQuantity: 0,
    reasons: [{ code: "NO_RETURNS", message: `Returns of orders paid in ${order.currencyCode} are handled by the store (its policy is in ${policy.currencyCode}).`, shopifyDeclineReason: "OTHER" }],
  };
}

/**
 * Variants the customer may pick: those of the products on the order, and (when the policy allows
 * other products) nothing more is offered unasked — the portal sends what it wants and the same
 * lookup prices it. Stock is the inventory mirror's available units per location.
 */
async function replacementOffers(db: Db, graphql: AdminGraphql, shop: string, order: ReturnableOrder, policy: ReturnPolicy, extraVariantIds: readonly string[] = []) {
  if (!policy.resolutions.includes("exchange")) return {};
  const productIds = [...new Set(order.lines.map((line) => line.productId).filter((id): id is string => id !== null))];
  const variants = await fetchProductVariants(graphql, { productIds, variantIds: extraVariantIds, currencyCode: order.currencyCode });
  const items = await db.inventoryItem.findMany({ where: { shop, variantId: { in: variants.map((variant) => variant.id) } }, select: { id: true, variantId: true } });
  const levels = await db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: items.map((item) => item.id) } } });
  const offers: Record<string, ReplacementOffer> = {};
  for (const variant of variants) {
    const item = items.find((candidate) => candidate.variantId === variant.id);
    const available: Record<string, number> = {};
    if (item) {
      for (const level of levels) if (level.inventoryItemId === item.id) available[level.locationId] = Math.max(0, level.available);
    } else {
      // Not mirrored yet (before the first sync): Shopify's own numbers.
      for (const level of variant.levels) available[level.locationId] = Math.max(0, level.available);
    }
    offers[variant.id] = {
      variantId: variant.id,
      productId: variant.productId,
      title: variant.title,
      variantTitle: variant.variantTitle,
      unitPrice: variant.unitPrice,
      available,
    };
  }
  return offers;
}

async function customerHistory(db: Db, shop: string, customerId: string | null, policy: ReturnPolicy, now: Date): Promise<CustomerHistory | null> {
  if (customerId === null) return null;
  return customerReturnCounts(db, shop, customerId, new Date(now.getTime() - policy.serialReturner.lookbackDays * 86_400_000));
}

interface RequestInputs {
  order: ReturnableOrder;
  policy: ReturnPolicy;
  history: CustomerHistory | null;
  offers: Record<string, VariantOffer>;
  graphql: AdminGraphql;
}

async function requestInputs(
  deps: ReturnsDeps,
  shop: string,
  orderId: string,
  input: unknown,
  customerId: string | null | undefined,
): Promise<ServiceResult<RequestInputs & { request: ReturnType<typeof readReturnRequest> & { ok: true } }>> {
  const request = readReturnRequest(input);
  if (!request.ok) return { ok: false, errors: request.error };
  const graphql = await adminOf(deps, shop);
  const order = await deps.shopify.fetchReturnableOrder(graphql, orderId);
  // A customer asking about someone else's order learns nothing more than about one that does not exist.
  if (!order || (customerId != null && order.customer?.id !== customerId)) return fail("We could not find that order");
  const policy = await loadPolicy(deps.db, shop);
  const history = await customerHistory(deps.db, shop, order.customer?.id ?? null, policy, deps.now());
  const offers = await replacementOffers(
    deps.db,
    graphql,
    shop,
    order,
    policy,
    request.value.replacements.map((replacement) => replacement.variantId),
  );
  return { ok: true, order, policy, history, offers, graphql, request };
}

export async function quoteReturnRequest(shop: string, orderId: string, input: unknown, options: { customerId?: string | null } = {}, given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ quote: ReturnQuote }>> {
  const deps = await resolveDeps(given);
  const inputs = await requestInputs(deps, shop, orderId, input, options.customerId);
  if (!inputs.ok) return inputs;
  const quote = quoteReturn(inputs.order, inputs.policy, inputs.request.value, { now: deps.now(), history: inputs.history, offers: inputs.offers });
  return quote.ok ? { ok: true, quote: quote.value } : { ok: false, errors: quote.error };
}

/**
 * A new return: the request checked against every rule, then held on Shopify and mirrored here.
 * A request the policy approves on its own (or one the merchant makes) is created open with
 * returnCreate, its replacements as exchange lines; one that needs review is a returnRequest —
 * except an exchange, which Shopify can only take at creation, so it waits here until approved.
 */
export async function submitReturnRequest(
  shop: string,
  orderId: string,
  input: unknown,
  options: { channel: "portal" | "admin"; customerId?: string | null; actor?: string },
  given?: Partial<ReturnsDeps>,
): Promise<{ ok: true; returnId: string } | { ok: false; errors: FieldError[] }> {
  const deps = await resolveDeps(given);
  const inputs = await requestInputs(deps, shop, orderId, input, options.customerId);
  if (!inputs.ok) return inputs;
  const now = deps.now();
  const prepared = prepareReturn(inputs.order, inputs.policy, inputs.request.value, { now, history: inputs.history, offers: inputs.offers });
  if (!prepared.ok) return { ok: false, errors: prepared.error };
  const at = now.toISOString();
  const opened = openReturn({ ...prepared.value, id: newReturnId(), at });
  if (!opened.ok) return fail(opened.error.message);
  let state = opened.value;
  const approveNow = options.channel === "admin" || state.review.autoApprove;
  const actor = options.actor ?? (options.channel === "portal" ? "customer" : "staff");

  let shopifyReturn: ShopifyReturn | null = null;
  if (approveNow) {
    shopifyReturn = await deps.shopify.createReturn(inputs.graphql, {
      orderId: state.orderId,
      currencyCode: state.currencyCode,
      lines: shopifyLinesOf(state, (line) => line.requested),
      exchangeLines: (state.exchange?.items ?? []).map((item) => ({ variantId: item.variantId, quantity: item.quantity })),
      returnShippingFee: feeOf(state),
      requestedAt: at,
    });
    state = must(applyReturnCommand(state, { type: "approve", at }));
  } else if (state.exchange === null) {
    shopifyReturn = await deps.shopify.requestReturn(inputs.graphql, {
      orderId: state.orderId,
      currencyCode: state.currencyCode,
      lines: shopifyLinesOf(state, (line) => line.requested),
      returnShippingFee: feeOf(state),
    });
  }
  const { stored } = await insertReturn(deps.db, {
    shop,
    source: options.channel,
    state,
    actor,
    shopifyReturnId: shopifyReturn?.id ?? null,
    shopifyStatus: shopifyReturn?.status ?? null,
    shopifyUpdatedAt: null,
  });
  if (approveNow) await releaseInstantExchange(deps, shop, stored.id, state);
  return { ok: true, returnId: stored.id };
}

async function releaseInstantExchange(deps: ReturnsDeps, shop: string, returnId: string, state: ReturnState): Promise<void> {
  if (!state.exchange?.instant) return;
  await deps.enqueue(INSTANT_EXCHANGE_TASK, { shop, returnId } satisfies InstantExchangePayload, { key: `returns-instant-exchange:${returnId}` });
}

function newReturnId(): string {
  return `ret_${randomUUID().replaceAll("-", "")}`;
}

function shopifyLinesOf(state: ReturnState, quantity: (line: ReturnState["lines"][number]) => number) {
  return state.lines
    .map((line) => ({
      fulfillmentLineItemId: line.id,
      quantity: quantity(line),
      reason: line.shopifyReason,
      reasonNote: line.note,
      customerNote: line.note,
      restockingFeePercent: line.restockingFeeBps > 0 ? line.restockingFeeBps / 100 : null,
    }))
    .filter((line) => line.quantity > 0);
}

function feeOf(state: ReturnState): number | null {
  return state.terms.returnShippingFee > 0 ? state.terms.returnShippingFee : null;
}

function must(result: ReturnType<typeof applyReturnCommand>): ReturnState {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

// ——— views ———

export interface TimelineEntry {
  type: string;
  message: string;
  actor: string;
  at: string;
}

export interface ReturnStatusView {
  id: string;
  orderId: string;
  orderName: string;
  status: ReturnStatus;
  shopifyStatus: string | null;
  requestedAt: string;
  currencyCode: string;
  lines: Array<{ id: string; title: string; requested: number; approved: number; received: number; reason: string; resolution: string }>;
  timeline: TimelineEntry[];
  shipments: ReturnState["shipments"];
  decline: ReturnState["decline"];
  refunded: number;
}

export async function returnStatusView(shop: string, returnId: string, given?: Partial<ReturnsDeps>): Promise<ReturnStatusView | null> {
  const deps = await resolveDeps(given);
  const stored = await findReturn(deps.db, shop, returnId);
  if (!stored) return null;
  return statusViewOf(stored, await returnTimeline(deps.db, stored.id));
}

function statusViewOf(stored: StoredReturn, timeline: Awaited<ReturnType<typeof returnTimeline>>): ReturnStatusView {
  const { state } = stored;
  return {
    id: stored.id,
    orderId: state.orderId,
    orderName: state.orderName,
    status: stored.status,
    shopifyStatus: stored.shopifyStatus,
    requestedAt: state.requestedAt,
    currencyCode: state.currencyCode,
    lines: state.lines.map((line) => ({
      id: line.id,
      title: line.title,
      requested: line.requested,
      approved: line.approved,
      received: line.received,
      reason: line.reason,
      resolution: line.resolution,
    })),
    timeline: timeline.map((entry) => ({ type: entry.type, message: entry.message, actor: entry.actor, at: entry.at.toISOString() })),
    shipments: state.shipments,
    decline: state.decline,
    refunded: stored.refunded,
  };
}

export const returnFiltersSchema = z.object({
  status: z
    .enum(["requested", "declined", "approved", "pickup_scheduled", "in_transit", "partially_received", "received", "inspected", "resolved", "closed", "cancelled"])
    .nullish(),
  reason: z.string().trim().max(64).nullish(),
  minAgeDays: z.coerce.number().int().min(0).max(3650).nullish(),
  minValue: z.coerce.number().int().min(0).nullish(),
  maxValue: z.coerce.number().int().min(0).nullish(),
  search: z.string().trim().max(100).nullish(),
});

export async function listReturns(shop: string, filters: unknown, given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ returns: ReturnListRow[]; counts: Partial<Record<ReturnStatus, number>> }>> {
  const parsed = returnFiltersSchema.safeParse(filters ?? {});
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const now = deps.now();
  const { returns, counts } = await queryReturns(deps.db, shop, parsed.data as ReturnFilters, now);
  return {
    ok: true,
    counts,
    returns: returns.map((stored) => ({
      id: stored.id,
      orderName: stored.state.orderName,
      status: stored.status,
      reasons: [...new Set(stored.state.lines.map((line) => line.reason))],
      units: stored.state.lines.reduce((total, line) => total + line.requested, 0),
      value: stored.value,
      currencyCode: stored.state.currencyCode,
      requestedAt: stored.state.requestedAt,
      ageDays: Math.floor((now.getTime() - stored.requestedAt.getTime()) / 86_400_000),
      needsReview: stored.status === "requested" && !stored.state.review.autoApprove,
      source: stored.source,
    })),
  };
}

export interface ReturnListRow {
  id: string;
  orderName: string;
  status: ReturnStatus;
  reasons: string[];
  units: number;
  value: number;
  currencyCode: string;
  requestedAt: string;
  ageDays: number;
  needsReview: boolean;
  source: string;
}

export interface ReturnDetail extends ReturnStatusView {
  state: ReturnState;
  /** What the rest of the return comes to if it goes as asked. */
  outstanding: ResolutionAmounts | null;
  resolutions: Array<{ id: string; status: string; amounts: ResolutionAmounts; error: string | null; createdAt: string }>;
  shopifyReturnId: string | null;
  source: string;
  review: ReturnState["review"];
}

export async function getReturnDetail(shop: string, returnId: string, given?: Partial<ReturnsDeps>): Promise<ReturnDetail | null> {
  const deps = await resolveDeps(given);
  const stored = await findReturn(deps.db, shop, returnId);
  if (!stored) return null;
  const [timeline, resolutions] = await Promise.all([returnTimeline(deps.db, stored.id), resolutionsOf(deps.db, stored.id)]);
  const open = !["declined", "closed", "cancelled"].includes(stored.status);
  return {
    ...statusViewOf(stored, timeline),
    state: stored.state,
    outstanding: open ? priceOutstanding(stored.state) : null,
    resolutions: resolutions.map((resolution) => ({
      id: resolution.id,
      status: resolution.status,
      amounts: resolution.amounts,
      error: resolution.error,
      createdAt: resolution.createdAt.toISOString(),
    })),
    shopifyReturnId: stored.shopifyReturnId,
    source: stored.source,
    review: stored.state.review,
  };
}

/** The admin's return page: the return with its order and customer as intake keeps them, where items can go, and what forms start from. */
export async function returnPage(shop: string, returnId: string, given?: Partial<ReturnsDeps>) {
  const deps = await resolveDeps(given);
  const detail = await getReturnDetail(shop, returnId, deps);
  if (!detail) return null;
  const [order, locations, policy] = await Promise.all([findOrder(deps.db, shop, detail.orderId), listLocations(deps.db, shop), loadPolicy(deps.db, shop)]);
  const address = order?.shippingAddress ?? null;
  // Shopify adds the replacement's line items when it processes the exchange (at once for an instant one).
  const replacementFulfillmentOrders = detail.state.exchange !== null && detail.shopifyReturnId !== null ? await replacementOrdersOf(deps, shop, detail.shopifyReturnId, detail.orderId) : [];
  const tomorrow = new Date(deps.now().getTime() + 86_400_000).toISOString().slice(0, 10);
  return {
    detail,
    value: detail.state.lines.reduce((total, line) => total + shareOf(line.value.amount, line.requested, line.value.units), 0),
    order: order && { legacyId: order.legacyId, customerName: order.customerName, email: order.email },
    locations: locations.filter((location) => location.isActive).map((location) => ({ id: location.id, name: location.name })),
    reasonLabels: Object.fromEntries(policy.reasons.map((reason) => [reason.code, reason.label])) as Record<string, string>,
    resolutions: policy.resolutions,
    replacementFulfillmentOrders,
    pickupDefaults: {
      pickupDate: tomorrow,
      address: address && { country: address.countryCode ?? "", region: address.provinceCode ?? "", postalCode: address.zip ?? "" },
      weightKg: "1",
    },
  };
}

/** The fulfillment orders that ship an exchange's replacement: those holding the line items Shopify added for it. */
async function replacementOrdersOf(deps: ReturnsDeps, shop: string, shopifyReturnId: string, orderId: string) {
  const graphql = await adminOf(deps, shop);
  const shopifyReturn = await deps.shopify.fetchReturn(graphql, shopifyReturnId);
  const lineItemIds = new Set(shopifyReturn?.exchangeLines.flatMap((line) => line.lineItemIds) ?? []);
  if (lineItemIds.size === 0) return [];
  const fulfillmentOrders = (await fetchFulfillmentOrders(graphql, orderId)) ?? [];
  return fulfillmentOrders
    .filter((fulfillmentOrder) => fulfillmentOrder.lineItems.some((line) => lineItemIds.has(line.lineItemId)))
    .map((fulfillmentOrder) => ({ legacyId: fulfillmentOrder.id.split("/").pop()!, status: fulfillmentOrder.status }));
}

/** What went back to customers' original payments since a moment, in the policy's currency, and over how many returns. */
export async function refundedSince(shop: string, since: Date, given?: Partial<ReturnsDeps>) {
  const deps = await resolveDeps(given);
  const [policy, resolutions] = await Promise.all([loadPolicy(deps.db, shop), resolutionsSince(deps.db, shop, since)]);
  const counted = resolutions.filter((resolution) => resolution.status !== "failed" && resolution.amounts.currencyCode === policy.currencyCode);
  return {
    currencyCode: policy.currencyCode,
    amount: counted.reduce((total, resolution) => total + resolution.amounts.totals.refund + resolution.amounts.totals.shippingRefund, 0),
    returns: new Set(counted.map((resolution) => resolution.returnId)).size,
  };
}

// ——— the merchant's actions ———

/**
 * Reads the return, applies one command and writes it, retrying when another writer got there
 * first; `beforeWrite` runs the Shopify side of the command once the domain has accepted it.
 */
async function act(
  deps: ReturnsDeps,
  shop: string,
  returnId: string,
  actor: string,
  command: (stored: StoredReturn) => ReturnCommand,
  beforeWrite?: (stored: StoredReturn, next: ReturnState) => Promise<Partial<{ shopifyReturnId: string; shopifyStatus: string }> | void>,
): Promise<ServiceResult<{ status: ReturnStatus }>> {
  for (let attempt = 0; ; attempt += 1) {
    const stored = await findReturn(deps.db, shop, returnId);
    if (!stored) return fail("No such return");
    const applied = applyReturnCommand(stored.state, command(stored));
    if (!applied.ok) return fail(applied.error.message);
    try {
      const shopifySide = (await beforeWrite?.(stored, applied.value)) ?? {};
      const written = await updateReturn(deps.db, stored, { state: applied.value, actor, ...shopifySide });
      return { ok: true, status: written.status };
    } catch (error) {
      if (error instanceof StaleReturnError && attempt < 3) continue;
      throw error;
    }
  }
}

export async function approveReturns(
  shop: string,
  ids: readonly string[],
  options: { message?: string; actor?: string } = {},
  given?: Partial<ReturnsDeps>,
): Promise<{ approved: string[]; failed: Array<{ id: string; message: string }> }> {
  const deps = await resolveDeps(given);
  const graphql = await adminOf(deps, shop);
  const approved: string[] = [];
  const failed: Array<{ id: string; message: string }> = [];
  for (const id of ids) {
    const at = deps.now().toISOString();
    const result = await act(deps, shop, id, options.actor ?? "staff", () => ({ type: "approve", at }), async (stored, next) => {
      if (stored.shopifyReturnId !== null) {
        const answer = await deps.shopify.approveReturnRequest(graphql, stored.shopifyReturnId, { notifyCustomer: true });
        return { shopifyStatus: answer.status };
      }
      // An exchange that waited for review: Shopify takes it now, with its replacement.
      const created = await deps.shopify.createReturn(graphql, {
        orderId: next.orderId,
        currencyCode: next.currencyCode,
        lines: shopifyLinesOf(next, (line) => line.approved),
        exchangeLines: (next.exchange?.items ?? []).map((item) => ({ variantId: item.variantId, quantity: item.quantity })),
        returnShippingFee: feeOf(next),
        requestedAt: next.requestedAt,
      });
      return { shopifyReturnId: created.id, shopifyStatus: created.status };
    });
    if (result.ok) {
      approved.push(id);
      const stored = await findReturn(deps.db, shop, id);
      if (stored) await releaseInstantExchange(deps, shop, id, stored.state);
      const message = options.message?.trim();
      if (message) {
        await addTimelineEntry(deps.db, { shop, returnId: id, key: `approve-message:${at}`, type: "message", message: `Message to the customer: ${message}`, actor: options.actor ?? "staff", at: deps.now() });
      }
    } else {
      failed.push({ id, message: result.errors.map((error) => error.message).join("; ") });
    }
  }
  return { approved, failed };
}

const declineSchema = z.object({
  reason: z.enum(SHOPIFY_DECLINE_REASONS as unknown as [string, ...string[]], { errorMap: () => ({ message: "Choose why the return is declined" }) }),
  message: z.string().trim().min(1, "Tell the customer why the return is declined").max(500, "Keep the message under 500 characters"),
});

export async function declineReturn(shop: string, id: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ status: ReturnStatus }>> {
  const parsed = declineSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const graphql = await adminOf(deps, shop);
  const { reason, message } = parsed.data;
  const at = deps.now().toISOString();
  return act(
    deps,
    shop,
    id,
    actor,
    () => ({ type: "decline", at, reason: reason as (typeof SHOPIFY_DECLINE_REASONS)[number], message }),
    async (stored) => {
      if (stored.shopifyReturnId === null) return;
      const answer = await deps.shopify.declineReturnRequest(graphql, stored.shopifyReturnId, { reason: reason as (typeof SHOPIFY_DECLINE_REASONS)[number], note: message, notifyCustomer: true });
      return { shopifyStatus: answer.status };
    },
  );
}

const pickupSchema = z.object({
  pickupDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the pickup date"),
  /** Where the parcel goes: the location that receives the return. */
  locationId: z.string().trim().min(1, "Choose the location the return goes to"),
  /** Where it is picked up; the order's shipping address when left out. */
  address: z
    .object({
      country: z.string().regex(/^[A-Z]{2}$/, "Enter the two-letter country code"),
      region: z.string().trim().nullish().transform((value) => value || null),
      postalCode: z.string().trim().nullish().transform((value) => value || null),
    })
    .nullish(),
  weightKg: z.coerce.number().positive("Enter the parcel's weight").max(1000),
  fragile: z.boolean().default(false),
  /** A service the merchant chose over the recommendation. */
  serviceId: z.string().trim().nullish(),
});

type PickupInput = z.output<typeof pickupSchema>;

/** The carrier engine's recommendation for the lane from the customer back to the return location (direction "reverse"). */
async function pickupPlan(deps: ReturnsDeps, shop: string, id: string, input: PickupInput) {
  const stored = await findReturn(deps.db, shop, id);
  if (!stored) return fail("No such return");
  if (stored.shopifyReturnId === null) return fail("The return is not on Shopify yet; approve it first");
  const address = input.address ?? (await orderAddress(deps.db, shop, stored.state.orderId));
  if (!address) return fail("Enter the address the parcel is picked up from", "address.country");
  const setup = await loadCarrierSetup(deps.db, shop);
  if (!setup.prepared) return fail("Import the carrier catalogue before booking pickups");
  const recommendation = recommendCarrier({
    shipment: {
      direction: "reverse",
      // Lanes name the shop's locations by their numeric id, as fulfilment does.
      locationId: input.locationId.replace(/^gid:\/\/shopify\/Location\//, ""),
      address: { ...address, poBox: false },
      weightKg: input.weightKg,
      dimensionsCm: null,
      declaredValue: stored.value / 10 ** minorDigits(stored.state.currencyCode),
      codAmount: 0,
      fragile: input.fragile,
    },
    promise: {},
    catalog: setup.prepared,
    lanes: setup.lanes,
    settings: setup.settings,
  });
  return { ok: true as const, stored, setup, recommendation, shopifyReturnId: stored.shopifyReturnId };
}

export interface PickupRecommendation {
  /** The catalogue's currency; costs are in its major unit, as the carrier engine quotes them. */
  currency: string;
  reason: string;
  winner: { serviceId: string; carrierName: string; serviceName: string } | null;
  options: Array<{ serviceId: string; carrierName: string; serviceName: string; cost: number; onTime: number; transitDays: number }>;
}

/** What schedulePickup would book with these details, and why, before anything is booked. */
export async function recommendPickup(shop: string, id: string, input: unknown, given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ recommendation: PickupRecommendation }>> {
  const parsed = pickupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const plan = await pickupPlan(await resolveDeps(given), shop, id, parsed.data);
  if (!plan.ok) return plan;
  const { recommendation, setup } = plan;
  return {
    ok: true,
    recommendation: {
      currency: setup.prepared!.currency,
      reason: recommendation.reason,
      winner: recommendation.winner && { serviceId: recommendation.winner.serviceId, carrierName: recommendation.winner.carrierName, serviceName: recommendation.winner.serviceName },
      options: recommendation.options.map((option) => ({
        serviceId: option.serviceId,
        carrierName: option.carrierName,
        serviceName: option.serviceName,
        cost: option.cost.total,
        onTime: option.onTimeProbability,
        transitDays: option.transitDays,
      })),
    },
  };
}

/**
 * Books a reverse pickup: the carrier engine recommends the carrier for the lane from the
 * customer's address to the return location (direction "reverse"), then Shopify gets the reverse
 * delivery with its tracking.
 */
export async function schedulePickup(
  shop: string,
  id: string,
  input: unknown,
  actor = "staff",
  given?: Partial<ReturnsDeps>,
): Promise<ServiceResult<{ status: ReturnStatus; trackingNumber: string; carrier: string; service: string; reason: string }>> {
  const parsed = pickupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const plan = await pickupPlan(deps, shop, id, parsed.data);
  if (!plan.ok) return plan;
  const { stored, setup, recommendation } = plan;
  const chosen = parsed.data.serviceId ? recommendation.options.find((option) => option.serviceId === parsed.data.serviceId) : recommendation.winner;
  if (!chosen) {
    return parsed.data.serviceId ? fail("That service cannot take this pickup", "serviceId") : fail(`No carrier can pick this return up: ${recommendation.reason}`);
  }
  const graphql = await adminOf(deps, shop);
  const shopifyReturn = await deps.shopify.fetchReturn(graphql, plan.shopifyReturnId);
  const reverseOrder = shopifyReturn?.reverseFulfillmentOrders[0];
  if (!reverseOrder) return fail("Shopify has no reverse fulfillment order for this return yet");
  const trackingNumber = mintTrackingNumber(chosen.carrierId, `R${reverseOrder.id.split("/").pop()}`);
  const template = setup.catalog?.carriers.find((carrier) => carrier.id === chosen.carrierId)?.trackingUrl ?? null;
  const delivery = await deps.shopify.createReverseDelivery(graphql, {
    reverseFulfillmentOrderId: reverseOrder.id,
    lines: reverseOrder.lines
      .map((line) => ({ reverseFulfillmentOrderLineItemId: line.id, quantity: awaitedUnits(stored.state, line.fulfillmentLineItemId, line.totalQuantity) }))
      .filter((line) => line.quantity > 0),
    tracking: { number: trackingNumber, url: trackingUrl(template, trackingNumber) },
    labelUrl: null,
    notifyCustomer: true,
  });
  const at = deps.now().toISOString();
  const result = await act(deps, shop, id, actor, () => ({
    type: "schedulePickup",
    at,
    shipmentId: delivery.id,
    pickupDate: parsed.data.pickupDate,
    carrier: `${chosen.carrierName} ${chosen.serviceName}`,
    trackingNumber: delivery.trackingNumber ?? trackingNumber,
    labelUrl: delivery.labelUrl,
  }));
  return result.ok
    ? { ok: true, status: result.status, trackingNumber: delivery.trackingNumber ?? trackingNumber, carrier: chosen.carrierName, service: chosen.serviceName, reason: recommendation.reason }
    : result;
}

async function orderAddress(db: Db, shop: string, orderId: string): Promise<{ country: string; region: string | null; postalCode: string | null } | null> {
  const address = (await findOrder(db, shop, orderId))?.shippingAddress;
  return address?.countryCode ? { country: address.countryCode, region: address.provinceCode, postalCode: address.zip } : null;
}

function awaitedUnits(state: ReturnState, lineId: string | null, atMost: number): number {
  const line = state.lines.find((candidate) => candidate.id === lineId);
  return line ? Math.min(atMost, line.approved - line.received - line.missing) : 0;
}

/** The carrier has the parcel: a booked pickup collected, or one the customer sent on their own (a shipment not seen before). */
export async function markInTransit(shop: string, id: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ status: ReturnStatus }>> {
  const parsed = z
    .object({
      shipmentId: z.string().trim().min(1).nullish(),
      carrier: z.string().trim().max(100).nullish().transform((value) => value || null),
      trackingNumber: z.string().trim().max(100).nullish().transform((value) => value || null),
    })
    .safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const at = deps.now().toISOString();
  const shipmentId = parsed.data.shipmentId ?? `customer-${randomUUID()}`;
  return act(deps, shop, id, actor, () => ({ type: "markInTransit", at, shipmentId, carrier: parsed.data.carrier, trackingNumber: parsed.data.trackingNumber }));
}

const linesSchema = z.array(z.object({ lineId: z.string().trim().min(1), quantity: z.coerce.number().int().min(1, "At least one") })).min(1, "Name at least one item");

export async function receiveItems(shop: string, id: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ status: ReturnStatus }>> {
  const parsed = z.object({ lines: linesSchema, shipmentId: z.string().trim().nullish() }).safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const at = deps.now().toISOString();
  // Units received with no parcel named came in the one parcel still on its way, when there is one.
  const parcelOf = (stored: StoredReturn) => {
    const open = stored.state.shipments.filter((shipment) => shipment.status !== "delivered");
    return open.length === 1 ? open[0].id : null;
  };
  return act(deps, shop, id, actor, (stored) => ({ type: "receive", at, lines: parsed.data.lines, shipmentId: parsed.data.shipmentId ?? parcelOf(stored) }));
}

const inspectSchema = z.object({
  items: z
    .array(
      z.object({
        lineId: z.string().trim().min(1),
        quantity: z.coerce.number().int().min(1, "At least one"),
        disposition: z.enum(["restock", "damaged", "needs_qc", "missing"], { errorMap: () => ({ message: "Choose what happens to the item" }) }),
        locationId: z.string().trim().nullish().transform((value) => value || null),
      }),
    )
    .min(1, "Inspect at least one item"),
});

export async function inspectItems(shop: string, id: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ status: ReturnStatus }>> {
  const parsed = inspectSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const at = deps.now().toISOString();
  return act(deps, shop, id, actor, () => ({ type: "inspect", at, items: parsed.data.items }));
}

const resolveSchema = z.object({
  lines: z
    .array(
      z.object({
        lineId: z.string().trim().min(1),
        quantity: z.coerce.number().int().min(1, "At least one"),
        method: z.enum(["refund", "store_credit", "exchange"]).optional(),
        missing: z.boolean().optional(),
      }),
    )
    .min(1, "Resolve at least one item"),
});

export async function previewResolution(shop: string, id: string, input: unknown, given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ amounts: ResolutionAmounts }>> {
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const stored = await findReturn(deps.db, shop, id);
  if (!stored) return fail("No such return");
  const preview = previewDomainResolution(stored.state, parsed.data.lines);
  return preview.ok ? { ok: true, amounts: preview.value } : fail(preview.error.message);
}

/**
 * Resolves the units: the amounts the preview showed are fixed with the resolution's idempotency
 * key before anything is sent, then the resolve job moves stock and money (refund last).
 */
export async function resolveReturn(shop: string, id: string, input: unknown, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ resolutionId: string; amounts: ResolutionAmounts }>> {
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  const deps = await resolveDeps(given);
  const stored = await findReturn(deps.db, shop, id);
  if (!stored) return fail("No such return");
  if (stored.shopifyReturnId === null) return fail("The return is not on Shopify yet");
  if (await unfinishedResolution(deps.db, stored.id)) return fail("The last resolution of this return is still being processed");
  const prepared = await prepareResolution(deps, stored, parsed.data.lines, actor);
  return prepared.ok ? { ok: true, resolutionId: prepared.resolutionId, amounts: prepared.amounts } : fail(prepared.message);
}

export async function closeReturn(shop: string, id: string, actor = "staff", given?: Partial<ReturnsDeps>): Promise<ServiceResult<{ status: ReturnStatus }>> {
  const deps = await resolveDeps(given);
  const graphql = await adminOf(deps, shop);
  const at = deps.now().toISOString();
  return act(deps, shop, id, actor, () => ({ type: "close", at }), async (stored) => {
    if (stored.shopifyReturnId === null) return;
    const answer = await deps.shopify.closeReturn(graphql, stored.shopifyReturnId);
    return { shopifyStatus: answer.status };
  });
}
