import { z } from "zod";
import type { Db } from "../db.server";
import { formatMoney, fromDecimalAmount, RESOLUTIONS, type Resolution } from "../domain/returns";
import { formToObject } from "../services/form-data";
import type { PortalOrderView, ReturnStatusView } from "../services/returns.server";
import * as returns from "../services/returns.server";
import { findOrderForGuest, lookupSchema, orderOfCustomer, ordersOfCustomer } from "./lookup.server";
import { deliveryPreferenceOf, pickupDefaults, saveDeliveryPreference } from "./delivery.server";
import { limitLookup } from "./rate-limit.server";
import type { PortalContext } from "./proxy.server";
import { advanceSession, checkCsrf, csrfToken, signSession, signStatus, startSession, verifySession, verifyStatus, type PortalDraft, type PortalSession } from "./tokens";
import { tooManyAttempts, type FieldError, type PortalPage, type ReviewAmount } from "./views.server";

// The portal's steps: find the order → items (quantity, reason, note, resolution) → replacement
// when exchanging → pickup or drop-off → review with the exact amounts → submit → status. Each step
// reads the signed session from the form, checks its CSRF token, and asks the returns services,
// which apply every rule again; the page for the next step, or the same one with its errors, comes back.

export interface PortalBackend {
  portalOrderView: typeof returns.portalOrderView;
  quoteReturnRequest: typeof returns.quoteReturnRequest;
  submitReturnRequest: typeof returns.submitReturnRequest;
  returnStatusView: typeof returns.returnStatusView;
}

export interface FlowDeps {
  db: Db;
  now: () => Date;
  backend: PortalBackend;
}

export type Answer =
  | { page: PortalPage; status: number; retryAfterSeconds?: number }
  /** Post/redirect/get: the status page's own address, so a reload never sends the request again. */
  | { redirect: string };

const RESOLUTION_LABELS: Record<Resolution, string> = { refund: "Refund to my payment method", store_credit: "Store credit", exchange: "Exchange for another size or colour" };
const RESOLUTION_SHORT: Record<Resolution, string> = { refund: "Refund", store_credit: "Store credit", exchange: "Exchange" };
const NOT_FOUND = "We could not find an order with that number and email or postal code. Check both and try again.";
const PICKUP_DAYS = { from: 1, to: 14 };

/** The block's `offer` parameter: what the merchant lets the portal show, in the policy's order. */
export function offeredResolutions(param: string | null): string[] {
  if (param === null || param.trim() === "") return [...RESOLUTIONS];
  const asked = new Set(param.split(",").map((value) => value.trim()));
  const offered = RESOLUTIONS.filter((resolution) => asked.has(resolution));
  return offered.length > 0 ? offered : [...RESOLUTIONS];
}

function form(ctx: PortalContext, session: PortalSession) {
  return { base: ctx.base, session: signSession(session, ctx.secret), csrf: csrfToken(session, ctx.secret) };
}

/** The first page: the lookup form, and the signed-in customer's orders. */
export async function startPage(deps: FlowDeps, ctx: PortalContext, offer: string | null): Promise<PageAnswer> {
  const session = startSession(ctx.shop, ctx.customerId, offeredResolutions(offer), deps.now());
  return { page: await lookupPage(deps, ctx, session, { orderNumber: "", contact: "" }, []), status: 200 };
}

async function lookupPage(deps: FlowDeps, ctx: PortalContext, session: PortalSession, values: { orderNumber: string; contact: string }, errors: FieldError[]): Promise<PortalPage> {
  const orders = ctx.customerId ? await ordersOfCustomer(deps.db, ctx.shop, ctx.customerId) : null;
  return {
    kind: "lookup",
    form: form(ctx, session),
    heading: "Return or exchange an item",
    values,
    errors,
    customerOrders:
      orders?.map((order) => ({
        id: order.id,
        name: order.name,
        placedAt: order.placedAt.toISOString().slice(0, 10),
        total: formatMoney(fromDecimalAmount(order.total, order.currency), order.currency),
      })) ?? null,
  };
}

export type PageAnswer = Extract<Answer, { page: PortalPage }>;
type SessionCheck = { ok: true; session: PortalSession } | { ok: false; answer: PageAnswer };

/** The form's session, refused unless it is this shop's and this storefront customer's and carries its CSRF token. */
function readSession(deps: FlowDeps, ctx: PortalContext, fields: Record<string, unknown>, needOrder: boolean): SessionCheck {
  const token = typeof fields.session === "string" ? fields.session : "";
  const csrf = typeof fields.csrf === "string" ? fields.csrf : "";
  const verified = verifySession(token, ctx.secret, deps.now());
  const refuse = (heading: string, text: string, status: number): SessionCheck => ({ ok: false, answer: { page: { kind: "message", heading, text, base: ctx.base }, status } });
  if (!verified.ok && verified.reason === "expired") return refuse("This page has expired", "For your security the return form closes after 30 minutes. Please find your order again.", 410);
  if (!verified.ok || verified.claims.shop !== ctx.shop || verified.claims.customerId !== ctx.customerId || !checkCsrf(verified.claims, csrf, ctx.secret)) {
    return refuse("Please start again", "This form could not be checked. Please find your order again from the start.", 403);
  }
  if (needOrder && verified.claims.orderId === null) return refuse("Please start again", "Find your order first.", 403);
  return { ok: true, session: verified.claims };
}

function customerGid(session: PortalSession): string | null {
  return session.foundBy === "customer" && session.customerId ? `gid://shopify/Customer/${session.customerId}` : null;
}

/** POST to the portal's start: the guest lookup. A wrong email and a missing order answer alike. */
export async function lookup(deps: FlowDeps, ctx: PortalContext, formData: FormData): Promise<PageAnswer> {
  const fields = Object.fromEntries([...formData].filter(([, value]) => typeof value === "string"));
  const checked = readSession(deps, ctx, fields, false);
  if (!checked.ok) return checked.answer;
  const session = checked.session;
  const parsed = lookupSchema.safeParse(fields);
  const values = { orderNumber: typeof fields.orderNumber === "string" ? fields.orderNumber.slice(0, 40) : "", contact: typeof fields.contact === "string" ? fields.contact.slice(0, 254) : "" };
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { page: await lookupPage(deps, ctx, session, values, errors), status: 422 };
  }
  const allowed = await limitLookup(deps.db, ctx.limits, ctx.shop, ctx.client, parsed.data.orderNumber);
  if (!allowed.ok) return { page: tooManyAttempts(ctx.base, allowed.retryAfterSeconds), status: 429, retryAfterSeconds: allowed.retryAfterSeconds };
  const orderId = await findOrderForGuest(deps.db, ctx.shop, parsed.data);
  if (orderId === null) return { page: await lookupPage(deps, ctx, session, values, [{ path: "orderNumber", message: NOT_FOUND }]), status: 422 };
  return itemsStep(deps, ctx, advanceSession(session, { orderId, foundBy: "guest", draft: { lines: [], replacements: [], delivery: null } }, deps.now()), {}, []);
}

async function orderView(deps: FlowDeps, ctx: PortalContext, session: PortalSession): Promise<PortalOrderView | null> {
  return session.orderId === null ? null : deps.backend.portalOrderView(ctx.shop, session.orderId, deps.now());
}

function gone(ctx: PortalContext): PageAnswer {
  return { page: { kind: "message", heading: "We could not open this order", text: NOT_FOUND, base: ctx.base }, status: 404 };
}

function resolutionsFor(view: PortalOrderView, session: PortalSession): Resolution[] {
  return view.resolutions.filter((resolution) => session.offered.includes(resolution));
}

async function itemsStep(deps: FlowDeps, ctx: PortalContext, session: PortalSession, values: Record<string, string>, errors: FieldError[], status = 200): Promise<PageAnswer> {
  const view = await orderView(deps, ctx, session);
  if (!view) return gone(ctx);
  const locale = view.policy.locale;
  const shown = { ...draftValues(view, session.draft), ...values };
  return {
    status,
    page: {
      kind: "items",
      form: form(ctx, session),
      orderName: view.order.name,
      lines: view.lines.map((line) => ({
        id: line.id,
        title: line.title,
        sku: line.sku,
        quantity: line.quantity,
        eligible: line.eligibility.eligible,
        returnableQuantity: line.eligibility.returnableQuantity,
        returnBy: line.eligibility.eligible ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: view.policy.timeZone }).format(new Date(line.eligibility.returnBy)) : null,
        notEligibleBecause: line.eligibility.eligible ? [] : line.eligibility.reasons.map((reason) => reason.message),
      })),
      reasons: view.reasons.map((reason) => ({ code: reason.code, label: reason.label, requiresNote: reason.requiresNote, requiresPhoto: reason.requiresPhoto })),
      resolutions: resolutionsFor(view, session).map((value) => ({ value, label: RESOLUTION_LABELS[value] })),
      values: shown,
      errors,
    },
  };
}

/** The page's fields for what the draft already holds, so going back shows the customer's choices. */
function draftValues(view: PortalOrderView, draft: PortalDraft): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of draft.lines) {
    const index = view.lines.findIndex((line) => line.id === entry.lineId);
    if (index < 0) continue;
    values[`lines.${index}.selected`] = "yes";
    for (const key of ["quantity", "reason", "note", "resolution"]) {
      const value = entry[key];
      if (typeof value === "string" || typeof value === "number") values[`lines.${index}.${key}`] = String(value);
    }
    if (Array.isArray(entry.photoUrls) && typeof entry.photoUrls[0] === "string") values[`lines.${index}.photoUrl`] = entry.photoUrls[0];
  }
  return values;
}

/** POST items from the signed-in customer's list: the order must be theirs. */
async function chooseOrder(deps: FlowDeps, ctx: PortalContext, session: PortalSession, orderId: string): Promise<PageAnswer> {
  if (!ctx.customerId || !(await orderOfCustomer(deps.db, ctx.shop, ctx.customerId, orderId))) return gone(ctx);
  return itemsStep(deps, ctx, advanceSession(session, { orderId, foundBy: "customer", draft: { lines: [], replacements: [], delivery: null } }, deps.now()), {}, []);
}

const pageLineSchema = z.object({
  lineId: z.string(),
  selected: z.string().optional(),
  quantity: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
  photoUrl: z.string().optional(),
  resolution: z.string().optional(),
});

/** POST items: what to return, how many, why and for what. Checked by the services' rules before moving on. */
export async function items(deps: FlowDeps, ctx: PortalContext, formData: FormData): Promise<PageAnswer> {
  const fields = formToObject(formData);
  const choosing = typeof fields.orderId === "string" && fields.step !== "items";
  const checked = readSession(deps, ctx, fields, !choosing);
  if (!checked.ok) return checked.answer;
  if (choosing) return chooseOrder(deps, ctx, checked.session, String(fields.orderId));
  const session = checked.session;
  const pageLines = z.array(pageLineSchema).catch([]).parse(fields.lines);
  const flat = Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  // Request index → the page's line index, so errors land on the fields the customer sees.
  const chosen = pageLines.map((line, index) => ({ line, index })).filter(({ line }) => line.selected === "yes");
  const request = {
    lines: chosen.map(({ line }) => ({
      lineId: line.lineId,
      quantity: line.quantity ?? "",
      reason: line.reason ?? "",
      note: line.note ?? "",
      photoUrls: line.photoUrl?.trim() ? [line.photoUrl.trim()] : [],
      resolution: line.resolution ?? "",
    })),
  };
  const errors: FieldError[] = [];
  if (chosen.length === 0) errors.push({ path: "lines", message: "Choose at least one item to return" });
  for (const { line, index } of chosen) {
    if (line.resolution && !session.offered.includes(line.resolution)) errors.push({ path: `lines.${index}.resolution`, message: "Choose one of the options shown" });
  }
  if (errors.length === 0) {
    const wantsExchange = request.lines.some((line) => line.resolution === "exchange");
    const quote = await deps.backend.quoteReturnRequest(ctx.shop, session.orderId!, request, { customerId: customerGid(session) });
    if (!quote.ok) {
      for (const error of quote.errors) {
        if (wantsExchange && error.path.startsWith("replacements")) continue;
        errors.push(remapLineError(error, chosen.map(({ index }) => index)));
      }
    }
  }
  if (errors.length > 0) return itemsStep(deps, ctx, session, flat, errors, 422);
  const next = advanceSession(session, { draft: { lines: request.lines, replacements: [], delivery: null } }, deps.now());
  return request.lines.some((line) => line.resolution === "exchange") ? exchangeStep(deps, ctx, next, {}, []) : deliveryStep(deps, ctx, next, {}, []);
}

function remapLineError(error: FieldError, pageIndexOf: number[]): FieldError {
  const match = /^lines\.(\d+)(\..*)?$/.exec(error.path);
  if (!match) return error.path === "" ? { path: "lines", message: error.message } : error;
  const pageIndex = pageIndexOf[Number(match[1])];
  const field = (match[2] ?? ".lineId").replace(/^\.photoUrls\..*$/, ".photoUrls");
  return { path: `lines.${pageIndex ?? match[1]}${field}`, message: error.message };
}

async function exchangeStep(deps: FlowDeps, ctx: PortalContext, session: PortalSession, values: Record<string, string>, errors: FieldError[], status = 200): Promise<PageAnswer> {
  const view = await orderView(deps, ctx, session);
  if (!view) return gone(ctx);
  const exchanged = session.draft.lines.filter((line) => line.resolution === "exchange");
  const money = (amount: number) => formatMoney(amount, view.order.currencyCode, view.policy.locale);
  const previous: Record<string, string> = {};
  session.draft.replacements.forEach((replacement, index) => {
    if (typeof replacement.variantId === "string") previous[`replacements.${index}.variantId`] = replacement.variantId;
  });
  return {
    status,
    page: {
      kind: "exchange",
      form: form(ctx, session),
      orderName: view.order.name,
      picks: exchanged.map((entry) => {
        const line = view.lines.find((candidate) => candidate.id === entry.lineId);
        const quantity = Number(entry.quantity) || 1;
        return {
          lineId: String(entry.lineId),
          title: line?.title ?? "Item",
          quantity,
          variants: Object.values(view.replacementOffers)
            .filter((offer) => line?.productId != null && offer.productId === line.productId)
            .map((offer) => ({ variantId: offer.variantId, title: offer.variantTitle || offer.title, price: money(offer.unitPrice), available: bestLocation(offer.available)?.units ?? 0 })),
        };
      }),
      values: { ...previous, ...values },
      errors,
    },
  };
}

/** Where a replacement ships from: the location with the most units of it. */
function bestLocation(available: Readonly<Record<string, number>>): { locationId: string; units: number } | null {
  let best: { locationId: string; units: number } | null = null;
  for (const [locationId, units] of Object.entries(available)) if (best === null || units > best.units) best = { locationId, units };
  return best;
}

/** POST exchange: the replacement for each exchanged item, from stock that is there now. */
export async function exchange(deps: FlowDeps, ctx: PortalContext, formData: FormData): Promise<PageAnswer> {
  const fields = formToObject(formData);
  const checked = readSession(deps, ctx, fields, true);
  if (!checked.ok) return checked.answer;
  const session = checked.session;
  const view = await orderView(deps, ctx, session);
  if (!view) return gone(ctx);
  const picks = z.array(z.object({ lineId: z.string(), variantId: z.string().optional() })).catch([]).parse(fields.replacements);
  const exchanged = session.draft.lines.filter((line) => line.resolution === "exchange");
  const errors: FieldError[] = [];
  const replacements = exchanged.map((entry, index) => {
    const pick = picks.find((candidate) => candidate.lineId === entry.lineId);
    const offer = pick?.variantId ? view.replacementOffers[pick.variantId] : undefined;
    if (!pick?.variantId) errors.push({ path: `replacements.${index}.variantId`, message: "Choose a replacement" });
    return { variantId: pick?.variantId ?? "", quantity: Number(entry.quantity) || 1, locationId: offer ? (bestLocation(offer.available)?.locationId ?? "") : "" };
  });
  const flat = Object.fromEntries(picks.map((pick, index) => [`replacements.${index}.variantId`, pick.variantId ?? ""]));
  if (errors.length === 0) {
    const quote = await deps.backend.quoteReturnRequest(ctx.shop, session.orderId!, { lines: session.draft.lines, replacements }, { customerId: customerGid(session) });
    if (!quote.ok) errors.push(...quote.errors.map((error) => (error.path.startsWith("replacements") ? error : { path: "replacements.0.variantId", message: error.message })));
  }
  if (errors.length > 0) return exchangeStep(deps, ctx, session, flat, errors, 422);
  return deliveryStep(deps, ctx, advanceSession(session, { draft: { ...session.draft, replacements } }, deps.now()), {}, []);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function pickupWindow(now: Date) {
  return { earliest: day(new Date(now.getTime() + PICKUP_DAYS.from * 86_400_000)), latest: day(new Date(now.getTime() + PICKUP_DAYS.to * 86_400_000)) };
}

async function deliveryStep(deps: FlowDeps, ctx: PortalContext, session: PortalSession, values: Record<string, string>, errors: FieldError[], status = 200): Promise<PageAnswer> {
  const view = await orderView(deps, ctx, session);
  if (!view) return gone(ctx);
  const window = pickupWindow(deps.now());
  const previous =
    session.draft.delivery === null
      ? await pickupDefaults(deps.db, ctx.shop, view.order.id)
      : Object.fromEntries(Object.entries(session.draft.delivery).map(([key, value]) => [`delivery.${key}`, String(value ?? "")]));
  return {
    status,
    page: { kind: "delivery", form: form(ctx, session), orderName: view.order.name, values: { ...previous, ...values }, errors, earliestDate: window.earliest, latestDate: window.latest },
  };
}

const text = (max: number, message: string) => z.string().trim().min(1, message).max(max, "That is too long");

function deliverySchema(now: Date) {
  const window = pickupWindow(now);
  return z.discriminatedUnion("method", [
    z.object({ method: z.literal("dropoff") }),
    z.object({
      method: z.literal("pickup"),
      address1: text(255, "Enter the street and house number"),
      address2: z.string().trim().max(255, "That is too long").default(""),
      city: text(120, "Enter the city"),
      zip: text(20, "Enter the postal code"),
      countryCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, "Enter the two-letter country code, for example US"),
      phone: text(40, "Enter a phone number for the driver"),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the day for the pickup")
        .refine((value) => value >= window.earliest && value <= window.latest, `Choose a day between ${window.earliest} and ${window.latest}`),
    }),
  ]);
}

/** POST delivery: drop-off, or a pickup address and day; then the review with the exact amounts. */
export async function delivery(deps: FlowDeps, ctx: PortalContext, formData: FormData): Promise<PageAnswer> {
  const fields = formToObject(formData);
  const checked = readSession(deps, ctx, fields, true);
  if (!checked.ok) return checked.answer;
  const session = checked.session;
  const raw = z.record(z.string()).catch({}).parse(fields.delivery);
  const parsed = deliverySchema(deps.now()).safeParse(raw.method === "pickup" ? raw : { method: raw.method ?? "" });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path[0] === "method" || issue.path.length === 0 ? "delivery.method" : `delivery.${issue.path.join(".")}`, message: issue.code === "invalid_union_discriminator" ? "Choose drop-off or pickup" : issue.message }));
    const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => [`delivery.${key}`, value]));
    return deliveryStep(deps, ctx, session, values, errors, 422);
  }
  return reviewStep(deps, ctx, advanceSession(session, { draft: { ...session.draft, delivery: parsed.data } }, deps.now()));
}

function requestOf(draft: PortalDraft) {
  return { lines: draft.lines, replacements: draft.replacements };
}

async function reviewStep(deps: FlowDeps, ctx: PortalContext, session: PortalSession): Promise<PageAnswer> {
  const view = await orderView(deps, ctx, session);
  if (!view) return gone(ctx);
  const quote = await deps.backend.quoteReturnRequest(ctx.shop, session.orderId!, requestOf(session.draft), { customerId: customerGid(session) });
  if (!quote.ok) return backToFix(deps, ctx, session, quote.errors);
  const { draft, amounts } = quote.quote;
  const money = (amount: number) => formatMoney(amount, amounts.currencyCode, view.policy.locale);
  const totals = amounts.totals;
  const rows: ReviewAmount[] = [{ label: "Items returned are worth", amount: money(totals.value) }];
  const fee = (label: string, amount: number) => amount > 0 && rows.push({ label, amount: `− ${money(amount)}` });
  fee("Restocking fee", totals.restockingFee + totals.restockingFlatFee);
  fee("Return shipping", totals.returnShippingFee);
  fee("Put towards your replacement", totals.exchangeApplied);
  if (totals.shippingRefund > 0) rows.push({ label: "Your original shipping, refunded", amount: money(totals.shippingRefund) });
  const owed = rows.length;
  if (totals.refund + totals.shippingRefund > 0) rows.push({ label: "Refund to your payment method", amount: money(totals.refund + totals.shippingRefund), emphasis: true });
  if (totals.storeCredit > 0) rows.push({ label: "Store credit", amount: money(totals.storeCredit), emphasis: true });
  if (totals.exchangeBalanceDue > 0) rows.push({ label: "You pay for the replacement", amount: money(totals.exchangeBalanceDue), emphasis: true });
  if (rows.length === owed) rows.push({ label: "Nothing to refund or pay", amount: money(0), emphasis: true });
  const reasonLabel = (code: string) => view.reasons.find((reason) => reason.code === code)?.label ?? code;
  const preference = session.draft.delivery;
  return {
    status: 200,
    page: {
      kind: "review",
      form: form(ctx, session),
      orderName: view.order.name,
      lines: draft.lines.map((line) => ({ title: line.title, quantity: line.quantity, reason: reasonLabel(line.reason), resolution: RESOLUTION_SHORT[line.resolution] })),
      replacements: (draft.exchange?.items ?? []).map((item) => ({ title: item.title, quantity: item.quantity, price: money(item.unitPrice) })),
      delivery: describeDelivery(preference),
      amounts: rows,
      review: draft.review.autoApprove ? "Your return is approved as soon as you send it." : "The store looks at your request before approving it; you will hear from them by email.",
      errors: [],
    },
  };
}

function describeDelivery(preference: PortalDraft["delivery"]): string {
  if (preference?.method === "pickup") {
    const address = [preference.address1, preference.address2, preference.zip, preference.city, preference.countryCode].filter((part) => typeof part === "string" && part !== "").join(", ");
    return `Pickup from ${address} on ${String(preference.date)} (preferred day; the carrier confirms it).`;
  }
  return "You drop the parcel off at a carrier point with the label we send you.";
}

/** A rule that no longer holds (stock sold out, the window closed): back to the step that can fix it. */
function backToFix(deps: FlowDeps, ctx: PortalContext, session: PortalSession, errors: FieldError[]): Promise<PageAnswer> {
  if (errors.some((error) => error.path.startsWith("replacements"))) return exchangeStep(deps, ctx, session, {}, errors, 422);
  return orderView(deps, ctx, session).then((view) => {
    if (!view) return gone(ctx);
    const pageIndexOf = session.draft.lines.map((entry) => view.lines.findIndex((line) => line.id === entry.lineId));
    return itemsStep(deps, ctx, session, {}, errors.map((error) => remapLineError(error, pageIndexOf)), 422);
  });
}

/** POST submit: every rule once more on the server, then the Shopify return request, then the status page. */
export async function submit(deps: FlowDeps, ctx: PortalContext, formData: FormData): Promise<Answer> {
  const fields = formToObject(formData);
  const checked = readSession(deps, ctx, fields, true);
  if (!checked.ok) return checked.answer;
  const session = checked.session;
  if (session.draft.delivery === null) return deliveryStep(deps, ctx, session, {}, [{ path: "delivery.method", message: "Choose drop-off or pickup" }], 422);
  const submitted = await deps.backend.submitReturnRequest(ctx.shop, session.orderId!, requestOf(session.draft), { channel: "portal", customerId: customerGid(session) });
  if (!submitted.ok) return backToFix(deps, ctx, session, submitted.errors);
  const preference = session.draft.delivery;
  await saveDeliveryPreference(deps.db, { shop: ctx.shop, returnId: submitted.returnId, preference });
  const token = signStatus({ shop: ctx.shop, orderId: session.orderId!, returnId: submitted.returnId }, ctx.secret, deps.now());
  return { redirect: `${ctx.base}/status/${token}?sent=1` };
}

/** GET status/<token>: the return's status, timeline, label and tracking. */
export async function statusPage(deps: FlowDeps, ctx: PortalContext, token: string, justSubmitted = false): Promise<PageAnswer> {
  const verified = verifyStatus(token, ctx.secret, deps.now());
  if (!verified.ok || verified.claims.shop !== ctx.shop) return { page: { kind: "message", heading: "We could not find this return", text: "Check the link, or find your order again.", base: ctx.base }, status: 404 };
  const view = await deps.backend.returnStatusView(ctx.shop, verified.claims.returnId);
  if (!view || view.orderId !== verified.claims.orderId) return { page: { kind: "message", heading: "We could not find this return", text: "Check the link, or find your order again.", base: ctx.base }, status: 404 };
  const preference = await deliveryPreferenceOf(deps.db, ctx.shop, view.id);
  return { status: 200, page: statusOf(ctx, view, token, justSubmitted, preference) };
}

const STATUS_WORDS: Record<ReturnStatusView["status"], string> = {
  requested: "Requested: the store is looking at it",
  approved: "Approved",
  declined: "Declined",
  pickup_scheduled: "Pickup booked",
  in_transit: "On its way back",
  partially_received: "Partly received",
  received: "Received",
  inspected: "Checked",
  resolved: "Refunded or exchanged",
  closed: "Closed",
  cancelled: "Cancelled",
};

function statusOf(ctx: PortalContext, view: ReturnStatusView, token: string, justSubmitted: boolean, preference: PortalDraft["delivery"]): PortalPage {
  const shipment = [...view.shipments].reverse().find((candidate) => candidate.trackingNumber !== null || candidate.labelUrl !== null) ?? null;
  const when = (iso: string) => iso.slice(0, 16).replace("T", " ");
  const timeline = view.timeline.map((entry) => ({ at: when(entry.at), message: entry.message }));
  return {
    kind: "status",
    orderName: view.orderName,
    status: STATUS_WORDS[view.status] + (view.decline ? ` (${view.decline.message})` : ""),
    timeline,
    delivery: preference ? describeDelivery(preference) : null,
    labelUrl: shipment?.labelUrl ?? null,
    tracking: shipment?.trackingNumber ? { carrier: shipment.carrier, number: shipment.trackingNumber, url: null } : null,
    statusUrl: `${ctx.base}/status/${token}`,
    base: ctx.base,
    justSubmitted,
  };
}
