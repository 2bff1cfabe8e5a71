// A return's life as pure functions over plain data: every command answers a new state or an
// error and never changes the state it was given. The status is read from the quantities, never
// stored, and every change leaves an event on the return's timeline.
import { settleExchange, replacementTotal, type ReplacementItem } from "./exchange";
import { basisPointsOf, formatMoney, shareOf, type Minor } from "./money";
import type { ApprovalDecision } from "./policy";
import type { ShopifyDeclineReason, ShopifyDispositionType, ShopifyReturnReason, ShopifyReturnStatus } from "./shopify-enums";
import type { Resolution, Result } from "./types";

export type ReturnStatus =
  | "requested"
  | "declined"
  | "approved"
  | "pickup_scheduled"
  | "in_transit"
  | "partially_received"
  | "received"
  | "inspected"
  | "resolved"
  | "closed"
  | "cancelled";

/** One requested line as the request (see request.ts) fixed it. */
export interface ReturnLineRequest {
  /** FulfillmentLineItem id. */
  id: string;
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  sku: string | null;
  quantity: number;
  /** Units of the line no other return held when this one was requested: the most it may ask for. */
  returnable: number;
  /** The line's units still on the order and what they are worth; see lineValue in policy.ts. */
  value: { units: number; amount: Minor };
  reason: string;
  shopifyReason: ShopifyReturnReason;
  merchantFault: boolean;
  note: string | null;
  photoUrls: string[];
  resolution: Resolution;
  /** Whether the restocking fee applies to this line (the flat part included), and its percentage. */
  restockingFeeApplies: boolean;
  restockingFeeBps: number;
}

export interface ReturnTerms {
  restockingFlatFee: Minor;
  returnShippingFee: Minor;
  originalShippingRefund: Minor;
  exchangeRemainderTo: "refund" | "store_credit";
}

export interface ReturnExchange {
  items: ReplacementItem[];
  total: Minor;
  /** The replacement ships on approval instead of after the return arrives. */
  instant: boolean;
  /** Why an instant exchange was refused, for the merchant. */
  instantRefusals: string[];
}

export interface ReturnDraft {
  orderId: string;
  orderName: string;
  customerId: string | null;
  currencyCode: string;
  lines: ReturnLineRequest[];
  exchange: Omit<ReturnExchange, "total"> | null;
  terms: ReturnTerms;
  review: ApprovalDecision;
}

export interface OpenReturnInput extends ReturnDraft {
  id: string;
  at: string;
}

export type Disposition = "restock" | "damaged" | "needs_qc";

/** Where each inspection outcome goes: Shopify's disposition, and the inventory quantity the units move into. */
export const DISPOSITION_TARGETS: Readonly<
  Record<Disposition | "missing", { shopify: ShopifyDispositionType; inventoryQuantity: "available" | "damaged" | "quality_control" | null }>
> = {
  restock: { shopify: "RESTOCKED", inventoryQuantity: "available" },
  damaged: { shopify: "NOT_RESTOCKED", inventoryQuantity: "damaged" },
  needs_qc: { shopify: "PROCESSING_REQUIRED", inventoryQuantity: "quality_control" },
  missing: { shopify: "MISSING", inventoryQuantity: null },
};

export interface Inspection {
  disposition: Disposition;
  /** Where the units go; null only for damaged goods thrown away. */
  locationId: string | null;
  quantity: number;
}

/** Running sums over a line's resolutions. value = refund + storeCredit + exchangeApplied + every fee. */
export interface LineMoney {
  value: Minor;
  restockingFee: Minor;
  restockingFlatFee: Minor;
  returnShippingFee: Minor;
  refund: Minor;
  storeCredit: Minor;
  exchangeApplied: Minor;
}

export interface ReturnLine extends Omit<ReturnLineRequest, "quantity"> {
  requested: number;
  approved: number;
  received: number;
  /** Approved units that never arrived. */
  missing: number;
  /** In the order they were inspected; resolutions take units from the front. */
  inspections: Inspection[];
  resolvedInspected: number;
  resolvedMissing: number;
  money: LineMoney;
}

export interface ReturnShipment {
  id: string;
  /** A pickup the merchant booked, or a parcel the customer sent themselves. */
  kind: "pickup" | "customer_shipped";
  status: "scheduled" | "in_transit" | "delivered";
  pickupDate: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  labelUrl: string | null;
}

export interface ResolutionLine {
  lineId: string;
  quantity: number;
  /** Units that never arrived, resolved anyway. */
  missing: boolean;
  method: Resolution;
  value: Minor;
  restockingFeeBps: number;
  restockingFee: Minor;
  restockingFlatFee: Minor;
  returnShippingFee: Minor;
  refund: Minor;
  storeCredit: Minor;
  exchangeApplied: Minor;
  /** For returnProcess: which dispositions the resolved units had. */
  dispositions: { type: ShopifyDispositionType; locationId: string | null; quantity: number }[];
}

export interface ResolutionTotals {
  value: Minor;
  restockingFee: Minor;
  restockingFlatFee: Minor;
  returnShippingFee: Minor;
  refund: Minor;
  storeCredit: Minor;
  exchangeApplied: Minor;
  /** The order's shipping charge given back, to the original payment. */
  shippingRefund: Minor;
  /** What the replacement still costs after this resolution; the customer pays it. */
  exchangeBalanceDue: Minor;
  /** refund + storeCredit + shippingRefund: what the customer gets back. */
  payout: Minor;
}

export interface ResolutionAmounts {
  currencyCode: string;
  lines: ResolutionLine[];
  totals: ResolutionTotals;
}

export interface ResolutionRecord extends ResolutionAmounts {
  /** The caller's id for it; the Shopify layer's idempotency key for returnProcess. */
  id: string;
  at: string;
}

export type ReturnEventType =
  | "requested"
  | "approved"
  | "declined"
  | "pickup_scheduled"
  | "in_transit"
  | "received"
  | "inspected"
  | "resolved"
  | "closed"
  | "cancelled";

export interface ReturnEvent {
  type: ReturnEventType;
  at: string;
  /** The timeline's line, in plain English. */
  message: string;
  lines?: LineQuantity[];
  shipmentId?: string;
  resolutionId?: string;
}

export interface ReturnState {
  id: string;
  orderId: string;
  orderName: string;
  customerId: string | null;
  currencyCode: string;
  requestedAt: string;
  decidedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  decline: { reason: ShopifyDeclineReason; message: string } | null;
  review: ApprovalDecision;
  terms: ReturnTerms;
  exchange: ReturnExchange | null;
  lines: ReturnLine[];
  shipments: ReturnShipment[];
  resolutions: ResolutionRecord[];
  /** Running sums of the return-wide amounts, each at most its term. */
  charged: { restockingFlatFee: Minor; returnShippingFee: Minor; originalShippingRefund: Minor; exchangeApplied: Minor };
  events: ReturnEvent[];
}

export interface LineQuantity {
  lineId: string;
  quantity: number;
}

export interface InspectItem extends LineQuantity {
  disposition: Disposition | "missing";
  locationId: string | null;
}

export interface ResolveLineInput extends LineQuantity {
  /** Defaults to what the customer asked for. */
  method?: Resolution;
  /** Resolve units marked missing instead of inspected ones. */
  missing?: boolean;
}

export type ReturnCommand =
  /** Without lines every requested unit is approved; with them, lines left out are approved 0. */
  | { type: "approve"; at: string; lines?: LineQuantity[] }
  | { type: "decline"; at: string; reason: ShopifyDeclineReason; message: string }
  | { type: "schedulePickup"; at: string; shipmentId: string; pickupDate: string; carrier: string | null; trackingNumber: string | null; labelUrl: string | null }
  /** A shipment id not seen before is the customer's own parcel. */
  | { type: "markInTransit"; at: string; shipmentId: string; carrier?: string | null; trackingNumber?: string | null }
  | { type: "receive"; at: string; shipmentId?: string | null; lines: LineQuantity[] }
  | { type: "inspect"; at: string; items: InspectItem[] }
  | { type: "resolve"; at: string; resolutionId: string; lines: ResolveLineInput[] }
  | { type: "close"; at: string }
  | { type: "cancel"; at: string };

export type ReturnErrorCode = "INVALID_INPUT" | "INVALID_STATE" | "UNKNOWN_LINE" | "UNKNOWN_SHIPMENT" | "TOO_MANY";

export interface ReturnError {
  code: ReturnErrorCode;
  message: string;
}

export type ReturnResult = Result<ReturnState, ReturnError>;

const err = (code: ReturnErrorCode, message: string): { ok: false; error: ReturnError } => ({ ok: false, error: { code, message } });

const ZERO_MONEY: LineMoney = { value: 0, restockingFee: 0, restockingFlatFee: 0, returnShippingFee: 0, refund: 0, storeCredit: 0, exchangeApplied: 0 };

/** A new return in the requested state, once its request holds together. */
export function openReturn(input: OpenReturnInput): ReturnResult {
  if (!nonEmpty(input.id) || !nonEmpty(input.at) || !nonEmpty(input.orderId)) return err("INVALID_INPUT", "A return needs an id, a time and an order");
  if (input.lines.length === 0) return err("INVALID_INPUT", "A return needs at least one item");
  const ids = new Set<string>();
  for (const line of input.lines) {
    if (!nonEmpty(line.id)) return err("INVALID_INPUT", "Every item needs its fulfillment line id");
    if (ids.has(line.id)) return err("INVALID_INPUT", `${line.title} is listed twice`);
    ids.add(line.id);
    if (!count(line.returnable) || !count(line.value.units) || !count(line.value.amount)) return err("INVALID_INPUT", `${line.title}: quantities and amounts must be whole numbers`);
    if (!count(line.quantity) || line.quantity < 1) return err("INVALID_INPUT", `${line.title}: request at least one`);
    if (line.quantity > line.returnable) return err("TOO_MANY", "Cannot request more items than were ordered and not yet returned");
    if (!count(line.restockingFeeBps) || line.restockingFeeBps > 10_000) return err("INVALID_INPUT", `${line.title}: the restocking fee must be 0–100 %`);
  }
  const { terms } = input;
  if (![terms.restockingFlatFee, terms.returnShippingFee, terms.originalShippingRefund].every(count)) {
    return err("INVALID_INPUT", "Fees must be whole amounts of minor units");
  }
  const wantsExchange = input.lines.some((line) => line.resolution === "exchange");
  if (wantsExchange && (input.exchange === null || input.exchange.items.length === 0)) return err("INVALID_INPUT", "An exchange needs a replacement");
  if (!wantsExchange && input.exchange !== null) return err("INVALID_INPUT", "A replacement needs an item exchanged for it");
  if (input.exchange?.items.some((item) => !count(item.quantity) || item.quantity < 1 || !count(item.unitPrice))) {
    return err("INVALID_INPUT", "Replacements need a whole quantity and price");
  }
  const state: ReturnState = {
    id: input.id,
    orderId: input.orderId,
    orderName: input.orderName,
    customerId: input.customerId,
    currencyCode: input.currencyCode,
    requestedAt: input.at,
    decidedAt: null,
    closedAt: null,
    cancelledAt: null,
    decline: null,
    review: input.review,
    terms: input.terms,
    exchange: input.exchange === null ? null : { ...input.exchange, total: replacementTotal(input.exchange.items) },
    lines: input.lines.map(({ quantity, ...line }) => ({
      ...line,
      requested: quantity,
      approved: 0,
      received: 0,
      missing: 0,
      inspections: [],
      resolvedInspected: 0,
      resolvedMissing: 0,
      money: ZERO_MONEY,
    })),
    shipments: [],
    resolutions: [],
    charged: { restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 0, exchangeApplied: 0 },
    events: [],
  };
  const total = sum(input.lines, (line) => line.quantity);
  const review = input.review.autoApprove ? "" : ` — needs review: ${input.review.reasons.join("; ")}`;
  return { ok: true, value: withEvent(state, { type: "requested", at: input.at, message: `Return requested for ${items(total)}${review}`, lines: quantities(state.lines, (line) => line.requested) }) };
}

/**
 * Read from the facts, never stored: cancelled, declined and closed are final; before the decision
 * it is requested; after it, the furthest stage every approved unit has reached (all accounted for
 * by inspection or as missing → inspected, or resolved once every inspected unit is), then how many
 * arrived, then the parcels on their way.
 */
export function returnStatus(state: ReturnState): ReturnStatus {
  if (state.cancelledAt !== null) return "cancelled";
  if (state.decline !== null) return "declined";
  if (state.closedAt !== null) return "closed";
  if (state.decidedAt === null) return "requested";
  let approved = 0;
  let received = 0;
  let missing = 0;
  let inspected = 0;
  let resolvedInspected = 0;
  for (const line of state.lines) {
    approved += line.approved;
    received += line.received;
    missing += line.missing;
    inspected += inspectedCount(line);
    resolvedInspected += line.resolvedInspected;
  }
  if (inspected + missing === approved) return resolvedInspected === inspected ? "resolved" : "inspected";
  if (received + missing === approved) return "received";
  if (received + missing > 0) return "partially_received";
  if (state.shipments.some((shipment) => shipment.status === "in_transit")) return "in_transit";
  if (state.shipments.some((shipment) => shipment.status === "scheduled")) return "pickup_scheduled";
  return "approved";
}

export function shopifyReturnStatus(status: ReturnStatus): ShopifyReturnStatus {
  switch (status) {
    case "requested":
      return "REQUESTED";
    case "declined":
      return "DECLINED";
    case "closed":
      return "CLOSED";
    case "cancelled":
      return "CANCELED";
    default:
      return "OPEN";
  }
}

export function inspectedCount(line: ReturnLine): number {
  return sum(line.inspections, (inspection) => inspection.quantity);
}

/** Applies one command: the new state with its event appended, or why not, the given state untouched. */
export function applyReturnCommand(state: ReturnState, command: ReturnCommand): ReturnResult {
  if (!nonEmpty(command.at)) return err("INVALID_INPUT", "A command needs the time it happened");
  switch (command.type) {
    case "approve":
      return approve(state, command);
    case "decline":
      return decline(state, command);
    case "schedulePickup":
      return schedulePickup(state, command);
    case "markInTransit":
      return markInTransit(state, command);
    case "receive":
      return receive(state, command);
    case "inspect":
      return inspect(state, command);
    case "resolve":
      return resolve(state, command);
    case "close":
      return close(state, command);
    case "cancel":
      return cancel(state, command);
  }
}

type CommandOf<T extends ReturnCommand["type"]> = Extract<ReturnCommand, { type: T }>;

function approve(state: ReturnState, command: CommandOf<"approve">): ReturnResult {
  const status = returnStatus(state);
  if (status !== "requested") return wrongState("approve", status);
  let approved: Map<string, number>;
  if (command.lines === undefined) {
    approved = new Map(state.lines.map((line) => [line.id, line.requested]));
  } else {
    approved = new Map();
    for (const entry of command.lines) {
      const line = findLine(state, entry.lineId);
      if (!line) return unknownLine(entry.lineId);
      if (approved.has(entry.lineId)) return err("INVALID_INPUT", `${line.title} is listed twice`);
      if (!count(entry.quantity)) return err("INVALID_INPUT", "Quantities must be whole numbers, 0 or more");
      if (entry.quantity > line.requested) return err("TOO_MANY", "Cannot approve more items than were requested");
      approved.set(entry.lineId, entry.quantity);
    }
  }
  const total = sum([...approved.values()], (quantity) => quantity);
  if (total === 0) return err("INVALID_INPUT", "Approve at least one item, or decline the return");
  const requested = sum(state.lines, (line) => line.requested);
  const lines = state.lines.map((line) => ({ ...line, approved: approved.get(line.id) ?? 0 }));
  const instant = state.exchange?.instant ? "; the replacement can ship now" : "";
  return ok(
    { ...state, decidedAt: command.at, lines },
    {
      type: "approved",
      at: command.at,
      message: total === requested ? `Approved ${items(total)}${instant}` : `Approved ${total} of ${items(requested)}${instant}`,
      lines: quantities(lines, (line) => line.approved),
    },
  );
}

function decline(state: ReturnState, command: CommandOf<"decline">): ReturnResult {
  const status = returnStatus(state);
  if (status !== "requested") return wrongState("decline", status);
  const message = command.message.trim();
  if (message === "") return err("INVALID_INPUT", "Tell the customer why the return is declined");
  return ok(
    { ...state, decidedAt: command.at, decline: { reason: command.reason, message } },
    { type: "declined", at: command.at, message: `Declined: ${message}` },
  );
}

function schedulePickup(state: ReturnState, command: CommandOf<"schedulePickup">): ReturnResult {
  const refusal = refuseUnlessAwaitingItems(state, "schedule a pickup for");
  if (refusal) return refusal;
  if (!nonEmpty(command.shipmentId) || !nonEmpty(command.pickupDate)) return err("INVALID_INPUT", "A pickup needs an id and a date");
  if (state.shipments.some((shipment) => shipment.id === command.shipmentId)) return err("INVALID_INPUT", `Shipment ${command.shipmentId} already exists`);
  const shipment: ReturnShipment = {
    id: command.shipmentId,
    kind: "pickup",
    status: "scheduled",
    pickupDate: command.pickupDate,
    carrier: command.carrier,
    trackingNumber: command.trackingNumber,
    labelUrl: command.labelUrl,
  };
  const by = command.carrier ? ` with ${command.carrier}` : "";
  return ok(
    { ...state, shipments: [...state.shipments, shipment] },
    { type: "pickup_scheduled", at: command.at, message: `Pickup scheduled for ${command.pickupDate}${by}`, shipmentId: shipment.id },
  );
}

function markInTransit(state: ReturnState, command: CommandOf<"markInTransit">): ReturnResult {
  const refusal = refuseUnlessAwaitingItems(state, "mark in transit");
  if (refusal) return refusal;
  if (!nonEmpty(command.shipmentId)) return err("INVALID_INPUT", "A shipment needs an id");
  const existing = state.shipments.find((shipment) => shipment.id === command.shipmentId);
  if (existing && existing.status !== "scheduled") return err("INVALID_STATE", `Shipment ${existing.id} is already ${existing.status.replace("_", " ")}`);
  const moving: ReturnShipment = existing
    ? {
        ...existing,
        status: "in_transit",
        carrier: command.carrier ?? existing.carrier,
        trackingNumber: command.trackingNumber ?? existing.trackingNumber,
      }
    : {
        id: command.shipmentId,
        kind: "customer_shipped",
        status: "in_transit",
        pickupDate: null,
        carrier: command.carrier ?? null,
        trackingNumber: command.trackingNumber ?? null,
        labelUrl: null,
      };
  const shipments = existing ? state.shipments.map((shipment) => (shipment.id === moving.id ? moving : shipment)) : [...state.shipments, moving];
  const tracking = moving.trackingNumber ? ` (tracking ${moving.trackingNumber})` : "";
  return ok(
    { ...state, shipments },
    { type: "in_transit", at: command.at, message: `${moving.kind === "pickup" ? "Picked up" : "Sent by the customer"}, on its way${tracking}`, shipmentId: moving.id },
  );
}

function receive(state: ReturnState, command: CommandOf<"receive">): ReturnResult {
  const refusal = refuseUnlessAwaitingItems(state, "receive items for");
  if (refusal) return refusal;
  const shipmentId = command.shipmentId ?? null;
  if (shipmentId !== null && !state.shipments.some((shipment) => shipment.id === shipmentId)) {
    return err("UNKNOWN_SHIPMENT", `Shipment ${shipmentId} is not part of this return`);
  }
  const totals = totalsByLine(state, command.lines);
  if (!totals.ok) return totals;
  for (const [line, quantity] of totals.value) {
    if (line.received + line.missing + quantity > line.approved) return err("TOO_MANY", "Cannot receive more items than were approved");
  }
  const lines = state.lines.map((line) => ({ ...line, received: line.received + (totals.value.get(line) ?? 0) }));
  const shipments =
    shipmentId === null ? state.shipments : state.shipments.map((shipment) => (shipment.id === shipmentId ? { ...shipment, status: "delivered" as const } : shipment));
  return ok(
    { ...state, lines, shipments },
    {
      type: "received",
      at: command.at,
      message: `Received ${items(sumMap(totals.value))}`,
      lines: lineQuantities(totals.value),
      ...(shipmentId === null ? {} : { shipmentId }),
    },
  );
}

function inspect(state: ReturnState, command: CommandOf<"inspect">): ReturnResult {
  const status = returnStatus(state);
  if (!isOpen(status)) return wrongState("inspect items of", status);
  if (command.items.length === 0) return err("INVALID_INPUT", "Inspect at least one item");
  const added = new Map<ReturnLine, { inspections: Inspection[]; missing: number }>();
  for (const item of command.items) {
    const line = findLine(state, item.lineId);
    if (!line) return unknownLine(item.lineId);
    if (!count(item.quantity) || item.quantity < 1) return err("INVALID_INPUT", "Quantities must be whole numbers, at least 1");
    if (!Object.hasOwn(DISPOSITION_TARGETS, item.disposition)) return err("INVALID_INPUT", `Unknown disposition ${String(item.disposition)}`);
    const locationId = item.locationId ?? null;
    if ((item.disposition === "restock" || item.disposition === "needs_qc") && !nonEmpty(locationId)) {
      return err("INVALID_INPUT", item.disposition === "restock" ? "Choose the location to restock to" : "Choose the location that checks the item");
    }
    const change = added.get(line) ?? { inspections: [], missing: 0 };
    if (item.disposition === "missing") change.missing += item.quantity;
    else change.inspections.push({ disposition: item.disposition, locationId, quantity: item.quantity });
    added.set(line, change);
  }
  for (const [line, change] of added) {
    if (inspectedCount(line) + sum(change.inspections, (inspection) => inspection.quantity) > line.received) {
      return err("TOO_MANY", "Cannot inspect more items than were received");
    }
    if (line.received + line.missing + change.missing > line.approved) return err("TOO_MANY", "Cannot mark more items missing than are still expected");
  }
  const lines = state.lines.map((line) => {
    const change = added.get(line);
    if (!change) return line;
    return { ...line, missing: line.missing + change.missing, inspections: mergeInspections(line.inspections, change.inspections) };
  });
  const described = command.items.map((item) => `${item.quantity} ${DISPOSITION_WORDS[item.disposition]}`).join(", ");
  return ok(
    { ...state, lines },
    { type: "inspected", at: command.at, message: `Inspected: ${described}`, lines: command.items.map(({ lineId, quantity }) => ({ lineId, quantity })) },
  );
}

const DISPOSITION_WORDS: Record<Disposition | "missing", string> = {
  restock: "restocked",
  damaged: "damaged",
  needs_qc: "sent to quality control",
  missing: "missing",
};

function mergeInspections(existing: Inspection[], added: Inspection[]): Inspection[] {
  const merged = [...existing];
  for (const inspection of added) {
    const last = merged.at(-1);
    if (last && last.disposition === inspection.disposition && last.locationId === inspection.locationId) {
      merged[merged.length - 1] = { ...last, quantity: last.quantity + inspection.quantity };
    } else {
      merged.push(inspection);
    }
  }
  return merged;
}

function resolve(state: ReturnState, command: CommandOf<"resolve">): ReturnResult {
  if (!nonEmpty(command.resolutionId)) return err("INVALID_INPUT", "A resolution needs an id");
  if (state.resolutions.some((resolution) => resolution.id === command.resolutionId)) {
    return err("INVALID_INPUT", `Resolution ${command.resolutionId} was already applied`);
  }
  const checked = checkResolution(state, command.lines);
  if (!checked.ok) return checked;
  const amounts = priceResolution(state, command.lines);
  const record: ResolutionRecord = { id: command.resolutionId, at: command.at, ...amounts };
  const lines = state.lines.map((line) => {
    const mine = amounts.lines.filter((entry) => entry.lineId === line.id);
    if (mine.length === 0) return line;
    const money = { ...line.money };
    for (const entry of mine) {
      for (const key of MONEY_KEYS) money[key] += entry[key];
    }
    return {
      ...line,
      resolvedInspected: line.resolvedInspected + sum(mine, (entry) => (entry.missing ? 0 : entry.quantity)),
      resolvedMissing: line.resolvedMissing + sum(mine, (entry) => (entry.missing ? entry.quantity : 0)),
      money,
    };
  });
  const { totals } = amounts;
  const charged = {
    restockingFlatFee: state.charged.restockingFlatFee + totals.restockingFlatFee,
    returnShippingFee: state.charged.returnShippingFee + totals.returnShippingFee,
    originalShippingRefund: state.charged.originalShippingRefund + totals.shippingRefund,
    exchangeApplied: state.charged.exchangeApplied + totals.exchangeApplied,
  };
  return ok(
    { ...state, lines, charged, resolutions: [...state.resolutions, record] },
    {
      type: "resolved",
      at: command.at,
      message: describeResolution(amounts),
      lines: command.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
      resolutionId: record.id,
    },
  );
}

const MONEY_KEYS = ["value", "restockingFee", "restockingFlatFee", "returnShippingFee", "refund", "storeCredit", "exchangeApplied"] as const satisfies readonly (keyof LineMoney)[];

/** Whether these units can be resolved now; the rules resolve and previewResolution share. */
export function checkResolution(state: ReturnState, entries: readonly ResolveLineInput[]): Result<null, ReturnError> {
  const status = returnStatus(state);
  if (!isOpen(status)) return wrongState("resolve", status);
  if (entries.length === 0) return err("INVALID_INPUT", "Resolve at least one item");
  const wanted = new Map<ReturnLine, { inspected: number; missing: number }>();
  for (const entry of entries) {
    const line = findLine(state, entry.lineId);
    if (!line) return unknownLine(entry.lineId);
    if (!count(entry.quantity) || entry.quantity < 1) return err("INVALID_INPUT", "Quantities must be whole numbers, at least 1");
    const method = entry.method ?? line.resolution;
    if (method !== "refund" && method !== "store_credit" && method !== "exchange") return err("INVALID_INPUT", `Unknown resolution ${String(method)}`);
    if (method === "exchange" && state.exchange === null) return err("INVALID_INPUT", "This return has no replacement to exchange for");
    const total = wanted.get(line) ?? { inspected: 0, missing: 0 };
    if (entry.missing) total.missing += entry.quantity;
    else total.inspected += entry.quantity;
    wanted.set(line, total);
  }
  for (const [line, total] of wanted) {
    if (line.resolvedInspected + total.inspected > inspectedCount(line)) return err("TOO_MANY", "Cannot resolve more items than were inspected");
    if (line.resolvedMissing + total.missing > line.missing) return err("TOO_MANY", "Cannot resolve more missing items than were marked missing");
  }
  return { ok: true, value: null };
}

/**
 * What resolving these units pays and charges, without checking they can be resolved.
 *
 * Rounding: a line's first c units are worth floor(amount × c ÷ units), so resolving in one go or
 * in parts gives the same cents and all units together give exactly what they cost. Every fee is
 * likewise a running function of c, and a step pays the difference: the restocking percentage
 * (half up) of the running value; then the flat restocking fee and the return-shipping fee, each
 * first capped at what the units it falls on are worth and spread over the approved units by value
 * (feePlan). So each unit carries the same share whatever order the parcels arrive in, no fee
 * exceeds the value it comes out of, and a customer never ends up owing a fee. What is left goes
 * where the method says; for an exchange, to the replacement first (settleExchange).
 */
export function priceResolution(state: ReturnState, entries: readonly ResolveLineInput[]): ResolutionAmounts {
  const plans = new Map(feePlan(state).map((plan) => [plan.line.id, plan]));
  const cursors = new Map(state.lines.map((line) => [line.id, { resolved: line.resolvedInspected + line.resolvedMissing, inspected: line.resolvedInspected }]));
  let outstanding = state.exchange === null ? 0 : state.exchange.total - state.charged.exchangeApplied;
  const lines: ResolutionLine[] = [];
  for (const entry of entries) {
    const plan = plans.get(entry.lineId)!;
    const { line } = plan;
    const cursor = cursors.get(line.id)!;
    const before = plan.charges(cursor.resolved);
    const after = plan.charges(cursor.resolved + entry.quantity);
    const value = after.value - before.value;
    const restockingFee = after.restockingFee - before.restockingFee;
    const restockingFlatFee = after.restockingFlatFee - before.restockingFlatFee;
    const returnShippingFee = after.returnShippingFee - before.returnShippingFee;
    const left = value - restockingFee - restockingFlatFee - returnShippingFee;
    const method = entry.method ?? line.resolution;
    let refund = 0;
    let storeCredit = 0;
    let exchangeApplied = 0;
    if (method === "exchange") {
      const settled = settleExchange(left, outstanding, state.terms.exchangeRemainderTo);
      outstanding -= settled.applied;
      ({ refund, storeCredit, applied: exchangeApplied } = settled);
    } else if (method === "store_credit") {
      storeCredit = left;
    } else {
      refund = left;
    }
    const missing = entry.missing === true;
    lines.push({
      lineId: line.id,
      quantity: entry.quantity,
      missing,
      method,
      value,
      restockingFeeBps: line.restockingFeeBps,
      restockingFee,
      restockingFlatFee,
      returnShippingFee,
      refund,
      storeCredit,
      exchangeApplied,
      dispositions: missing
        ? [{ type: "MISSING", locationId: null, quantity: entry.quantity }]
        : takeDispositions(line.inspections, cursor.inspected, entry.quantity),
    });
    cursor.resolved += entry.quantity;
    if (!missing) cursor.inspected += entry.quantity;
  }
  const everythingApproved = state.decidedAt !== null && state.lines.every((line) => line.approved === line.requested);
  const shippingRefund = everythingApproved ? state.terms.originalShippingRefund - state.charged.originalShippingRefund : 0;
  const total = (key: (typeof MONEY_KEYS)[number]) => sum(lines, (line) => line[key]);
  const refund = total("refund");
  const storeCredit = total("storeCredit");
  return {
    currencyCode: state.currencyCode,
    lines,
    totals: {
      value: total("value"),
      restockingFee: total("restockingFee"),
      restockingFlatFee: total("restockingFlatFee"),
      returnShippingFee: total("returnShippingFee"),
      refund,
      storeCredit,
      exchangeApplied: total("exchangeApplied"),
      shippingRefund,
      exchangeBalanceDue: outstanding,
      payout: refund + storeCredit + shippingRefund,
    },
  };
}

type Charges = Pick<LineMoney, "value" | "restockingFee" | "restockingFlatFee" | "returnShippingFee">;

/**
 * Each line's share of the return-wide fees and the running charges of its first c units. The flat
 * restocking fee falls on the lines it applies to, the return-shipping fee on all, each in
 * proportion to what the approved units (requested ones, before the decision) are worth after the
 * fees taken before it.
 */
function feePlan(state: ReturnState): { line: ReturnLine; charges: (resolved: number) => Charges }[] {
  const units = (line: ReturnLine) => (state.decidedAt === null ? line.requested : line.approved);
  const afterPercent = state.lines.map((line) => {
    const value = shareOf(line.value.amount, units(line), line.value.units);
    return value - basisPointsOf(value, line.restockingFeeBps);
  });
  const flatWeights = state.lines.map((line, index) => (line.restockingFeeApplies ? afterPercent[index] : 0));
  const flatShares = spread(Math.min(state.terms.restockingFlatFee, sum(flatWeights, (weight) => weight)), flatWeights);
  const afterFlat = afterPercent.map((net, index) => net - flatShares[index]);
  const shippingShares = spread(Math.min(state.terms.returnShippingFee, sum(afterFlat, (net) => net)), afterFlat);
  return state.lines.map((line, index) => ({
    line,
    charges: (resolved) => {
      const value = shareOf(line.value.amount, resolved, line.value.units);
      const restockingFee = basisPointsOf(value, line.restockingFeeBps);
      const restockingFlatFee = shareOf(flatShares[index], value - restockingFee, afterPercent[index]);
      const returnShippingFee = shareOf(shippingShares[index], value - restockingFee - restockingFlatFee, afterFlat[index]);
      return { value, restockingFee, restockingFlatFee, returnShippingFee };
    },
  }));
}

/** `total` split in proportion to `weights` so the parts add up exactly; each part at most its weight when total ≤ Σ weights. */
function spread(total: Minor, weights: readonly number[]): Minor[] {
  const whole = sum(weights, (weight) => weight);
  let running = 0;
  return weights.map((weight) => {
    const before = shareOf(total, running, whole);
    running += weight;
    return shareOf(total, running, whole) - before;
  });
}

/**
 * What the rest of the return comes to if every unit not resolved yet arrives and is resolved the
 * way the customer asked: the quote a request shows before anyone has approved or received it.
 * Before the decision every requested unit counts as approved.
 */
export function priceOutstanding(state: ReturnState): ResolutionAmounts {
  const decided = state.decidedAt !== null;
  const assumed: ReturnState = decided ? state : { ...state, decidedAt: state.requestedAt, lines: state.lines.map((line) => ({ ...line, approved: line.requested })) };
  const entries = assumed.lines
    .map((line) => ({ lineId: line.id, quantity: line.approved - line.resolvedInspected - line.resolvedMissing }))
    .filter((entry) => entry.quantity > 0);
  return priceResolution(assumed, entries);
}

function takeDispositions(inspections: readonly Inspection[], skip: number, quantity: number): ResolutionLine["dispositions"] {
  const taken: ResolutionLine["dispositions"] = [];
  let toSkip = skip;
  let toTake = quantity;
  for (const inspection of inspections) {
    if (toTake === 0) break;
    const usable = inspection.quantity - Math.min(toSkip, inspection.quantity);
    toSkip = Math.max(0, toSkip - inspection.quantity);
    const take = Math.min(usable, toTake);
    if (take > 0) {
      taken.push({ type: DISPOSITION_TARGETS[inspection.disposition].shopify, locationId: inspection.locationId, quantity: take });
      toTake -= take;
    }
  }
  return taken;
}

function describeResolution(amounts: ResolutionAmounts): string {
  const money = (amount: Minor) => formatMoney(amount, amounts.currencyCode);
  const { totals } = amounts;
  const fees = totals.restockingFee + totals.restockingFlatFee + totals.returnShippingFee;
  const parts = [
    totals.refund + totals.shippingRefund > 0 ? `${money(totals.refund + totals.shippingRefund)} refunded` : null,
    totals.storeCredit > 0 ? `${money(totals.storeCredit)} store credit` : null,
    totals.exchangeApplied > 0 ? `${money(totals.exchangeApplied)} towards the replacement` : null,
    fees > 0 ? `${money(fees)} in fees` : null,
    totals.exchangeBalanceDue > 0 ? `${money(totals.exchangeBalanceDue)} still due on the replacement` : null,
  ].filter((part) => part !== null);
  const units = sum(amounts.lines, (line) => line.quantity);
  return `Resolved ${items(units)}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}

function close(state: ReturnState, command: CommandOf<"close">): ReturnResult {
  const status = returnStatus(state);
  if (status !== "resolved") {
    return isOpen(status) ? err("INVALID_STATE", "Cannot close the return until every item is accounted for and every received item resolved") : wrongState("close", status);
  }
  return ok({ ...state, closedAt: command.at }, { type: "closed", at: command.at, message: "Return closed" });
}

function cancel(state: ReturnState, command: CommandOf<"cancel">): ReturnResult {
  const status = returnStatus(state);
  if (!["requested", "approved", "pickup_scheduled", "in_transit"].includes(status)) return wrongState("cancel", status);
  if (state.decidedAt !== null && state.exchange?.instant) return err("INVALID_STATE", "Cannot cancel: the replacement was released when the return was approved");
  return ok({ ...state, cancelledAt: command.at }, { type: "cancelled", at: command.at, message: "Return cancelled" });
}

/** Approved units that have neither arrived nor been marked missing. */
function awaitedCount(state: ReturnState): number {
  return sum(state.lines, (line) => line.approved - line.received - line.missing);
}

function refuseUnlessAwaitingItems(state: ReturnState, action: string): { ok: false; error: ReturnError } | null {
  const status = returnStatus(state);
  if (!isOpen(status)) return wrongState(action, status);
  if (awaitedCount(state) === 0) return err("INVALID_STATE", "Every approved item has already arrived or been marked missing");
  return null;
}

function isOpen(status: ReturnStatus): boolean {
  return !["requested", "declined", "closed", "cancelled"].includes(status);
}

function wrongState(action: string, status: ReturnStatus): { ok: false; error: ReturnError } {
  return err("INVALID_STATE", `Cannot ${action} a return that is ${status.replace("_", " ")}`);
}

function totalsByLine(state: ReturnState, entries: readonly LineQuantity[]): Result<Map<ReturnLine, number>, ReturnError> {
  if (entries.length === 0) return err("INVALID_INPUT", "Name at least one item");
  const totals = new Map<ReturnLine, number>();
  for (const entry of entries) {
    const line = findLine(state, entry.lineId);
    if (!line) return unknownLine(entry.lineId);
    if (!count(entry.quantity) || entry.quantity < 1) return err("INVALID_INPUT", "Quantities must be whole numbers, at least 1");
    totals.set(line, (totals.get(line) ?? 0) + entry.quantity);
  }
  return { ok: true, value: totals };
}

function findLine(state: ReturnState, lineId: string): ReturnLine | undefined {
  return state.lines.find((line) => line.id === lineId);
}

function unknownLine(lineId: string): { ok: false; error: ReturnError } {
  return err("UNKNOWN_LINE", `Item ${lineId} is not part of this return`);
}

function ok(state: ReturnState, event: ReturnEvent): ReturnResult {
  return { ok: true, value: withEvent(state, event) };
}

function withEvent(state: ReturnState, event: ReturnEvent): ReturnState {
  return { ...state, events: [...state.events, event] };
}

function quantities(lines: readonly ReturnLine[], pick: (line: ReturnLine) => number): LineQuantity[] {
  return lines.map((line) => ({ lineId: line.id, quantity: pick(line) })).filter((entry) => entry.quantity > 0);
}

function lineQuantities(totals: ReadonlyMap<ReturnLine, number>): LineQuantity[] {
  return [...totals].map(([line, quantity]) => ({ lineId: line.id, quantity }));
}

function sumMap(totals: ReadonlyMap<unknown, number>): number {
  return sum([...totals.values()], (quantity) => quantity);
}

function items(n: number): string {
  return `${n} ${n === 1 ? "item" : "items"}`;
}

function sum<T>(list: readonly T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of list) total += pick(item);
  return total;
}

function count(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
