// Returns as Shopify's Returns API changes them (Admin 2026-10): a customer's request, approval or
// decline, merchant-created returns with exchanges, the reverse fulfillment order and its
// deliveries, returnProcess (dispositions, exchanges, money), close and cancel. Each operation
// checks Shopify's rules and answers ReturnUserErrors; each fires the webhooks Shopify sends.
//
// What Shopify's Admin 2026-10 reference (shopify.dev/docs/api/admin-graphql/2026-10/mutations/<name>,
// the same text as the schema's descriptions) says and this file relies on:
// - returnRequest "creates a return request that requires merchant approval": status REQUESTED.
// - returnApproveRequest: "the Return.status field of the approved return is set to OPEN".
// - returnDeclineRequest: declined items "can be associated to a new return".
// - returnCreate "creates a return in the OPEN state" and a reverse fulfillment order.
// - returnProcess "confirms the quantities for ReturnLineItem and ExchangeLineItem objects",
//   handles dispositions, "creates FulfillmentOrder objects for exchange items" and can issue
//   refunds through financial transfers and refund shipping.
// - returnClose "indicates a return is complete"; returnCancel "is only available before any work
//   has been done on the return (such as an inspection or refund)".
// - ReverseFulfillmentOrderDisposeInput.locationId "is required when the disposition type is
//   RESTOCKED"; a RESTOCKED unit goes back to `available` at that location.
import { isoSeconds } from "./clock";
import { parseGid } from "./ids";
import type { FulfillmentLineItemRecord, FulfillmentOrderRecord, LineItemRecord, OrderRecord, ShopState, SimStore, Cents } from "./store";

export type ReturnStatus = "REQUESTED" | "OPEN" | "DECLINED" | "CLOSED" | "CANCELED";
export type DispositionType = "MISSING" | "NOT_RESTOCKED" | "PROCESSING_REQUIRED" | "RESTOCKED";
export type DeclineReason = "FINAL_SALE" | "OTHER" | "RETURN_PERIOD_ENDED";

export interface ReturnLineItemRecord {
  id: number;
  fulfillmentLineItemId: number;
  lineItemId: number;
  quantity: number;
  processedQuantity: number;
  refundedQuantity: number;
  returnReason: string;
  returnReasonNote: string;
  customerNote: string | null;
  restockingFeePercentage: number | null;
}

export interface ExchangeLineItemRecord {
  id: number;
  variantId: number;
  quantity: number;
  processedQuantity: number;
  /** The order's line item for the replacement, once processed. */
  lineItemId: number | null;
}

export interface DispositionRecord {
  id: number;
  type: DispositionType;
  quantity: number;
  locationId: number | null;
  createdAt: string;
}

export interface ReverseFulfillmentOrderLineItemRecord {
  id: number;
  returnLineItemId: number;
  fulfillmentLineItemId: number;
  totalQuantity: number;
  dispositions: DispositionRecord[];
}

/** What the carrier reported of a parcel on its way back; Shopify's Admin API has no field for it. */
export type ReverseDeliveryProgress = "label_created" | "in_transit" | "delivered";

export interface ReverseDeliveryRecord {
  id: number;
  lineItems: Array<{ id: number; reverseFulfillmentOrderLineItemId: number; quantity: number }>;
  carrierName: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelUrl: string | null;
  notifyCustomer: boolean;
  progress: ReverseDeliveryProgress;
  progressAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReverseFulfillmentOrderRecord {
  id: number;
  status: "OPEN" | "CLOSED" | "CANCELED";
  lineItems: ReverseFulfillmentOrderLineItemRecord[];
  deliveries: ReverseDeliveryRecord[];
}

export interface ReturnRecord {
  id: number;
  orderId: number;
  name: string;
  status: ReturnStatus;
  lineItems: ReturnLineItemRecord[];
  exchangeLineItems: ExchangeLineItemRecord[];
  reverseFulfillmentOrders: ReverseFulfillmentOrderRecord[];
  returnShippingFee: Cents | null;
  decline: { reason: DeclineReason; note: string | null } | null;
  refundIds: number[];
  createdAt: string;
  requestApprovedAt: string | null;
  closedAt: string | null;
}

export interface RefundTransactionRecord {
  id: number;
  parentId: number;
  amount: Cents;
  createdAt: string;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  returnId: number | null;
  note: string | null;
  lineItems: Array<{ id: number; lineItemId: number; quantity: number; subtotal: Cents; restockType: "RETURN" | "NO_RESTOCK"; locationId: number | null }>;
  shipping: Cents;
  transactions: RefundTransactionRecord[];
  storeCredit: Cents;
  createdAt: string;
}

export interface ReturnUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export type ReturnOutcome = { ret: ReturnRecord } | { userErrors: ReturnUserError[] };

export type ReturnEvent =
  | { topic: "returns/request" | "returns/approve" | "returns/decline" | "returns/process" | "returns/close" | "returns/cancel"; shop: string; returnId: number }
  | { topic: "reverse_deliveries/attach_deliverable"; shop: string; returnId: number; reverseDeliveryId: number }
  | { topic: "refunds/create"; shop: string; refundId: number };

const fail = (field: string[] | null, code: string, message: string): { userErrors: ReturnUserError[] } => ({
  userErrors: [{ field, message, code }],
});

/** Statuses whose units are taken: a declined or cancelled return gives its items back. */
const HOLDS_UNITS: readonly ReturnStatus[] = ["REQUESTED", "OPEN", "CLOSED"];

function numericId(value: string, type: string): number | null {
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

export function fulfillmentLineItemsOfOrder(state: ShopState, orderId: number): FulfillmentLineItemRecord[] {
  return [...state.fulfillments.values()]
    .filter((fulfillment) => fulfillment.orderId === orderId && fulfillment.status === "SUCCESS")
    .flatMap((fulfillment) => fulfillment.lineItems);
}

export function returnsOfOrder(state: ShopState, orderId: number): ReturnRecord[] {
  return [...state.returns.values()].filter((ret) => ret.orderId === orderId);
}

/** Units of a fulfillment line item still returnable: shipped, less what other returns hold. */
export function returnableQuantity(state: ShopState, orderId: number, fulfillmentLineItemId: number): number {
  const item = fulfillmentLineItemsOfOrder(state, orderId).find((candidate) => candidate.id === fulfillmentLineItemId);
  if (!item) return 0;
  const taken = returnsOfOrder(state, orderId)
    .filter((ret) => HOLDS_UNITS.includes(ret.status))
    .flatMap((ret) => ret.lineItems)
    .filter((line) => line.fulfillmentLineItemId === fulfillmentLineItemId)
    .reduce((sum, line) => sum + line.quantity, 0);
  return item.quantity - taken;
}

export interface ReturnLineInput {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason?: string | null;
  returnReasonNote?: string | null;
  customerNote?: string | null;
  restockingFee?: { percentage: number } | null;
}

export interface NewReturnInput {
  orderId: string;
  returnLineItems: ReturnLineInput[];
  exchangeLineItems?: Array<{ variantId?: string | null; quantity: number }> | null;
  returnShippingFee?: { amount: { amount: string; currencyCode: string } } | null;
  requestedAt?: string | null;
}

/** Where a return's items are sent back to: the location that shipped the first one. */
function reverseFulfillmentOrderFor(store: SimStore, ret: ReturnRecord): ReverseFulfillmentOrderRecord {
  return {
    id: store.nextId(),
    status: "OPEN",
    lineItems: ret.lineItems.map((line) => ({
      id: store.nextId(),
      returnLineItemId: line.id,
      fulfillmentLineItemId: line.fulfillmentLineItemId,
      totalQuantity: line.quantity,
      dispositions: [],
    })),
    deliveries: [],
  };
}

function toCentsStrict(amount: string): Cents | null {
  if (!/^\d+(\.\d{1,2})?$/.test(amount.trim())) return null;
  const [whole, fraction = ""] = amount.trim().split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

function newReturn(store: SimStore, state: ShopState, input: NewReturnInput, mode: "request" | "create"): ReturnOutcome {
  const orderId = numericId(input.orderId, "Order");
  const order = orderId === null ? undefined : state.orders.get(orderId);
  if (!order) return fail(["input", "orderId"], "NOT_FOUND", "Order does not exist.");
  if (input.returnLineItems.length === 0) return fail(["input", "returnLineItems"], "BLANK", "Return line items can't be blank.");
  const items = fulfillmentLineItemsOfOrder(state, order.id);
  const wanted = new Map<number, number>();
  const lines: ReturnLineItemRecord[] = [];
  for (const [index, line] of input.returnLineItems.entries()) {
    const field = ["input", "returnLineItems", String(index)];
    const id = numericId(line.fulfillmentLineItemId, "FulfillmentLineItem");
    const item = id === null ? undefined : items.find((candidate) => candidate.id === id);
    if (!item) return fail([...field, "fulfillmentLineItemId"], "NOT_FOUND", "Fulfillment line item does not exist.");
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return fail([...field, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
    const total = (wanted.get(item.id) ?? 0) + line.quantity;
    if (total > returnableQuantity(state, order.id, item.id)) {
      return fail([...field, "quantity"], "INVALID", "Quantity is not available for return.");
    }
    wanted.set(item.id, total);
    if ((line.customerNote?.length ?? 0) > 300) return fail([...field, "customerNote"], "TOO_LONG", "Customer note is too long (maximum is 300 characters).");
    if ((line.returnReasonNote?.length ?? 0) > 255) return fail([...field, "returnReasonNote"], "TOO_LONG", "Return reason note is too long (maximum is 255 characters).");
    const percentage = line.restockingFee?.percentage ?? null;
    if (percentage !== null && (percentage < 0 || percentage > 100)) {
      return fail([...field, "restockingFee", "percentage"], "INVALID", "Restocking fee percentage must be between 0 and 100.");
    }
    lines.push({
      id: store.nextId(),
      fulfillmentLineItemId: item.id,
      lineItemId: item.lineItemId,
      quantity: line.quantity,
      processedQuantity: 0,
      refundedQuantity: 0,
      returnReason: line.returnReason ?? "UNKNOWN",
      returnReasonNote: line.returnReasonNote ?? "",
      customerNote: line.customerNote ?? null,
      restockingFeePercentage: percentage,
    });
  }
  const exchanges: ExchangeLineItemRecord[] = [];
  for (const [index, line] of (input.exchangeLineItems ?? []).entries()) {
    const field = ["returnInput", "exchangeLineItems", String(index)];
    const variantId = line.variantId ? numericId(line.variantId, "ProductVariant") : null;
    if (variantId === null || !state.variants.has(variantId)) return fail([...field, "variantId"], "NOT_FOUND", "Product variant does not exist.");
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return fail([...field, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
    exchanges.push({ id: store.nextId(), variantId, quantity: line.quantity, processedQuantity: 0, lineItemId: null });
  }
  if (input.requestedAt && Number.isNaN(Date.parse(input.requestedAt))) return fail(["returnInput", "requestedAt"], "INVALID", "Requested at is invalid.");
  let returnShippingFee: Cents | null = null;
  if (input.returnShippingFee) {
    const money = input.returnShippingFee.amount;
    returnShippingFee = toCentsStrict(money.amount);
    if (returnShippingFee === null) return fail(["input", "returnShippingFee", "amount"], "INVALID", "Return shipping fee amount is invalid.");
    if (money.currencyCode !== order.currencyCode) return fail(["input", "returnShippingFee", "amount", "currencyCode"], "INVALID", "Currency must match the order's currency.");
  }
  const now = store.now();
  const ret: ReturnRecord = {
    id: store.nextId(),
    orderId: order.id,
    name: `${order.name}-R${returnsOfOrder(state, order.id).length + 1}`,
    status: mode === "request" ? "REQUESTED" : "OPEN",
    lineItems: lines,
    exchangeLineItems: exchanges,
    reverseFulfillmentOrders: [],
    returnShippingFee,
    decline: null,
    refundIds: [],
    createdAt: input.requestedAt ? isoSeconds(Date.parse(input.requestedAt)) : now,
    requestApprovedAt: mode === "create" ? now : null,
    closedAt: null,
  };
  if (mode === "create") ret.reverseFulfillmentOrders.push(reverseFulfillmentOrderFor(store, ret));
  state.returns.set(ret.id, ret);
  order.updatedAt = now;
  store.emit({ topic: mode === "request" ? "returns/request" : "returns/approve", shop: state.domain, returnId: ret.id });
  return { ret };
}

export function requestReturn(store: SimStore, state: ShopState, input: NewReturnInput): ReturnOutcome {
  if (input.exchangeLineItems?.length) return fail(["input", "exchangeLineItems"], "INVALID", "Exchange line items are not accepted on a return request.");
  return newReturn(store, state, input, "request");
}

export function createReturn(store: SimStore, state: ShopState, input: NewReturnInput): ReturnOutcome {
  return newReturn(store, state, input, "create");
}

function requireReturn(state: ShopState, id: string, field: string[]): ReturnRecord | { userErrors: ReturnUserError[] } {
  const numeric = numericId(id, "Return");
  const ret = numeric === null ? undefined : state.returns.get(numeric);
  return ret ?? fail(field, "NOT_FOUND", "Return does not exist.");
}

export function approveReturnRequest(store: SimStore, state: ShopState, input: { id: string }): ReturnOutcome {
  const ret = requireReturn(state, input.id, ["input", "id"]);
  if ("userErrors" in ret) return ret;
  if (ret.status !== "REQUESTED") {
    return fail(["input", "id"], "INVALID_STATE", "Return is not approvable. Only returns with status REQUESTED can be approved.");
  }
  ret.status = "OPEN";
  ret.requestApprovedAt = store.now();
  ret.reverseFulfillmentOrders.push(reverseFulfillmentOrderFor(store, ret));
  store.emit({ topic: "returns/approve", shop: state.domain, returnId: ret.id });
  return { ret };
}

export function declineReturnRequest(
  store: SimStore,
  state: ShopState,
  input: { id: string; declineReason: DeclineReason; declineNote?: string | null },
): ReturnOutcome {
  const ret = requireReturn(state, input.id, ["input", "id"]);
  if ("userErrors" in ret) return ret;
  if (ret.status !== "REQUESTED") {
    return fail(["input", "id"], "INVALID_STATE", "Return is not declinable. Only returns with status REQUESTED can be declined.");
  }
  if ((input.declineNote?.length ?? 0) > 500) return fail(["input", "declineNote"], "TOO_LONG", "Decline note is too long (maximum is 500 characters).");
  ret.status = "DECLINED";
  ret.decline = { reason: input.declineReason, note: input.declineNote ?? null };
  store.emit({ topic: "returns/decline", shop: state.domain, returnId: ret.id });
  return { ret };
}

export function findReverseFulfillmentOrder(state: ShopState, id: number): { ret: ReturnRecord; rfo: ReverseFulfillmentOrderRecord } | null {
  for (const ret of state.returns.values()) {
    const rfo = ret.reverseFulfillmentOrders.find((candidate) => candidate.id === id);
    if (rfo) return { ret, rfo };
  }
  return null;
}

export function findReverseDelivery(state: ShopState, id: number): { ret: ReturnRecord; rfo: ReverseFulfillmentOrderRecord; delivery: ReverseDeliveryRecord } | null {
  for (const ret of state.returns.values()) {
    for (const rfo of ret.reverseFulfillmentOrders) {
      const delivery = rfo.deliveries.find((candidate) => candidate.id === id);
      if (delivery) return { ret, rfo, delivery };
    }
  }
  return null;
}

export interface ReverseDeliveryInput {
  reverseFulfillmentOrderId: string;
  reverseDeliveryLineItems: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
  trackingInput?: { number?: string | null; url?: string | null } | null;
  labelInput?: { fileUrl: string } | null;
  notifyCustomer?: boolean | null;
}

const CARRIERS_BY_URL: Array<[RegExp, string]> = [
  [/ups\.com/i, "UPS"],
  [/usps\.com/i, "USPS"],
  [/fedex\.com/i, "FedEx"],
  [/dhl\./i, "DHL Express"],
];

export function createReverseDelivery(
  store: SimStore,
  state: ShopState,
  input: ReverseDeliveryInput,
): { delivery: ReverseDeliveryRecord; ret: ReturnRecord } | { userErrors: ReturnUserError[] } {
  const rfoId = numericId(input.reverseFulfillmentOrderId, "ReverseFulfillmentOrder");
  const found = rfoId === null ? null : findReverseFulfillmentOrder(state, rfoId);
  if (!found) return fail(["reverseFulfillmentOrderId"], "NOT_FOUND", "Reverse fulfillment order does not exist.");
  const { ret, rfo } = found;
  if (rfo.status !== "OPEN") return fail(["reverseFulfillmentOrderId"], "INVALID_STATE", "Reverse fulfillment order is not open.");
  if (input.reverseDeliveryLineItems.length === 0) return fail(["reverseDeliveryLineItems"], "BLANK", "Reverse delivery line items can't be blank.");
  const lines: ReverseDeliveryRecord["lineItems"] = [];
  for (const [index, line] of input.reverseDeliveryLineItems.entries()) {
    const field = ["reverseDeliveryLineItems", String(index)];
    const id = numericId(line.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
    const item = rfo.lineItems.find((candidate) => candidate.id === id);
    if (!item) return fail([...field, "reverseFulfillmentOrderLineItemId"], "NOT_FOUND", "Reverse fulfillment order line item does not exist.");
    const already = rfo.deliveries.flatMap((d) => d.lineItems).filter((l) => l.reverseFulfillmentOrderLineItemId === item.id).reduce((s, l) => s + l.quantity, 0);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return fail([...field, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
    if (already + line.quantity > item.totalQuantity) {
      return fail([...field, "quantity"], "INVALID", "Quantity exceeds the quantity left to deliver on the reverse fulfillment order line item.");
    }
    lines.push({ id: store.nextId(), reverseFulfillmentOrderLineItemId: item.id, quantity: line.quantity });
  }
  const url = input.trackingInput?.url ?? null;
  if (url !== null && !/^https?:\/\/\S+$/.test(url)) return fail(["trackingInput", "url"], "INVALID", "Tracking URL is invalid.");
  const labelUrl = input.labelInput?.fileUrl ?? null;
  if (labelUrl !== null && !/^https?:\/\/\S+$/.test(labelUrl)) return fail(["labelInput", "fileUrl"], "INVALID", "Label file URL is invalid.");
  const now = store.now();
  const delivery: ReverseDeliveryRecord = {
    id: store.nextId(),
    lineItems: lines,
    carrierName: url ? (CARRIERS_BY_URL.find(([pattern]) => pattern.test(url))?.[1] ?? null) : null,
    trackingNumber: input.trackingInput?.number ?? null,
    trackingUrl: url,
    labelUrl,
    notifyCustomer: input.notifyCustomer ?? false,
    progress: "label_created",
    progressAt: now,
    createdAt: now,
    updatedAt: now,
  };
  rfo.deliveries.push(delivery);
  store.emit({ topic: "reverse_deliveries/attach_deliverable", shop: state.domain, returnId: ret.id, reverseDeliveryId: delivery.id });
  return { delivery, ret };
}

/** The carrier's report of a parcel on its way back (control API): no Shopify state changes with it. */
export function moveReverseDelivery(store: SimStore, delivery: ReverseDeliveryRecord, to: ReverseDeliveryProgress, happenedAt: string | null): void {
  delivery.progress = to;
  delivery.progressAt = happenedAt ?? store.now();
  delivery.updatedAt = store.now();
}

export interface ProcessInput {
  returnId: string;
  returnLineItems?: Array<{
    id: string;
    quantity: number;
    dispositions?: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number; dispositionType: DispositionType; locationId?: string | null }> | null;
  }> | null;
  exchangeLineItems?: Array<{ id: string; quantity: number }> | null;
  financialTransfer?: {
    issueRefund?: {
      orderTransactions: Array<{ parentId: string; transactionAmount: { amount: string; currencyCode: string } }>;
      refundMethods?: Array<{ storeCreditRefund?: { amount: { amount: string; currencyCode: string }; expiresAt?: string | null } | null }> | null;
      allowOverRefunding?: boolean | null;
    } | null;
  } | null;
  refundShipping?: { fullRefund?: boolean | null; shippingRefundAmount?: { amount: string; currencyCode: string } | null } | null;
  refundDuties?: unknown[] | null;
  tipLineId?: string | null;
  note?: string | null;
  notifyCustomer?: boolean | null;
}

/** An order's payment, as the simulator keeps it: one sale of the order's total when it was paid. */
export function saleOf(order: OrderRecord, total: Cents): { id: number; amount: Cents } | null {
  return order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED" || order.financialStatus === "VOIDED" ? null : { id: order.id, amount: total };
}

export function refundsOfOrder(state: ShopState, orderId: number): RefundRecord[] {
  return [...state.refunds.values()].filter((refund) => refund.orderId === orderId);
}

export function refundTotal(refund: RefundRecord): Cents {
  return refund.transactions.reduce((sum, t) => sum + t.amount, 0) + refund.storeCredit;
}

interface ProcessPlan {
  lines: Array<{ line: ReturnLineItemRecord; quantity: number; dispositions: Array<{ item: ReverseFulfillmentOrderLineItemRecord; type: DispositionType; quantity: number; locationId: number | null }> }>;
  exchanges: Array<{ line: ExchangeLineItemRecord; quantity: number }>;
  transactions: Array<{ parentId: number; amount: Cents }>;
  storeCredit: Cents;
  shipping: Cents;
}

/**
 * returnProcess: checks everything before changing anything, then confirms the quantities,
 * records the dispositions (RESTOCKED units back to `available` at their location), adds the
 * replacements to the order with a fulfillment order to ship them, and moves the money as one
 * refund.
 */
export function processReturn(store: SimStore, state: ShopState, input: ProcessInput, orderTotal: (order: OrderRecord) => { total: Cents; shipping: Cents }): ReturnOutcome {
  if (input.refundDuties?.length) return fail(["input", "refundDuties"], "INVALID", "Simulator: refunding duties is not implemented.");
  if (input.tipLineId) return fail(["input", "tipLineId"], "INVALID", "Simulator: refunding tips is not implemented.");
  const ret = requireReturn(state, input.returnId, ["input", "returnId"]);
  if ("userErrors" in ret) return ret;
  if (ret.status !== "OPEN") return fail(["input", "returnId"], "INVALID_STATE", "Return must be open to be processed.");
  const order = state.orders.get(ret.orderId)!;
  const plan: ProcessPlan = { lines: [], exchanges: [], transactions: [], storeCredit: 0, shipping: 0 };

  for (const [index, entry] of (input.returnLineItems ?? []).entries()) {
    const field = ["input", "returnLineItems", String(index)];
    const id = numericId(entry.id, "ReturnLineItem");
    const line = ret.lineItems.find((candidate) => candidate.id === id);
    if (!line) return fail([...field, "id"], "NOT_FOUND", "Return line item does not exist on this return.");
    const planned = plan.lines.filter((p) => p.line === line).reduce((sum, p) => sum + p.quantity, 0);
    if (!Number.isInteger(entry.quantity) || entry.quantity < 1) return fail([...field, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
    if (planned + entry.quantity > line.quantity - line.processedQuantity) {
      return fail([...field, "quantity"], "INVALID", `Quantity cannot exceed the processable quantity (${line.quantity - line.processedQuantity - planned}).`);
    }
    const dispositions: ProcessPlan["lines"][number]["dispositions"] = [];
    for (const [d, disposition] of (entry.dispositions ?? []).entries()) {
      const dField = [...field, "dispositions", String(d)];
      const itemId = numericId(disposition.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
      const item = ret.reverseFulfillmentOrders.flatMap((rfo) => rfo.lineItems).find((candidate) => candidate.id === itemId);
      if (!item || item.returnLineItemId !== line.id) {
        return fail([...dField, "reverseFulfillmentOrderLineItemId"], "NOT_FOUND", "Reverse fulfillment order line item does not belong to this return line item.");
      }
      if (!Number.isInteger(disposition.quantity) || disposition.quantity < 1) return fail([...dField, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
      let locationId: number | null = null;
      if (disposition.locationId) {
        locationId = numericId(disposition.locationId, "Location");
        if (locationId === null || !state.locations.has(locationId)) return fail([...dField, "locationId"], "NOT_FOUND", "Location does not exist.");
      }
      if (disposition.dispositionType === "RESTOCKED" && locationId === null) {
        return fail([...dField, "locationId"], "BLANK", "Location is required when the disposition type is RESTOCKED.");
      }
      dispositions.push({ item, type: disposition.dispositionType, quantity: disposition.quantity, locationId });
    }
    if (dispositions.reduce((sum, d) => sum + d.quantity, 0) > entry.quantity) {
      return fail([...field, "dispositions"], "INVALID", "Disposition quantities cannot exceed the quantity processed.");
    }
    plan.lines.push({ line, quantity: entry.quantity, dispositions });
  }

  for (const [index, entry] of (input.exchangeLineItems ?? []).entries()) {
    const field = ["input", "exchangeLineItems", String(index)];
    const id = numericId(entry.id, "ExchangeLineItem");
    const line = ret.exchangeLineItems.find((candidate) => candidate.id === id);
    if (!line) return fail([...field, "id"], "NOT_FOUND", "Exchange line item does not exist on this return.");
    if (!Number.isInteger(entry.quantity) || entry.quantity < 1) return fail([...field, "quantity"], "GREATER_THAN", "Quantity must be greater than 0.");
    if (entry.quantity > line.quantity - line.processedQuantity) {
      return fail([...field, "quantity"], "INVALID", `Quantity cannot exceed the processable quantity (${line.quantity - line.processedQuantity}).`);
    }
    plan.exchanges.push({ line, quantity: entry.quantity });
  }
  if (plan.lines.length === 0 && plan.exchanges.length === 0) {
    return fail(["input"], "BLANK", "Return line items or exchange line items must be provided.");
  }

  const { total, shipping } = orderTotal(order);
  const sale = saleOf(order, total);
  const alreadyRefunded = refundsOfOrder(state, order.id);
  const refund = input.financialTransfer?.issueRefund;
  if (refund) {
    for (const [index, transaction] of refund.orderTransactions.entries()) {
      const field = ["input", "financialTransfer", "issueRefund", "orderTransactions", String(index)];
      const parentId = numericId(transaction.parentId, "OrderTransaction");
      if (!sale || parentId !== sale.id) return fail([...field, "parentId"], "NOT_FOUND", "Parent transaction does not exist on this order.");
      const amount = toCentsStrict(transaction.transactionAmount.amount);
      if (amount === null || amount <= 0) return fail([...field, "transactionAmount", "amount"], "INVALID", "Transaction amount must be greater than 0.");
      if (transaction.transactionAmount.currencyCode !== order.currencyCode) {
        return fail([...field, "transactionAmount", "currencyCode"], "INVALID", "Currency must match the order's currency.");
      }
      plan.transactions.push({ parentId, amount });
    }
    for (const [index, method] of (refund.refundMethods ?? []).entries()) {
      const money = method.storeCreditRefund?.amount;
      if (!money) continue;
      const amount = toCentsStrict(money.amount);
      if (amount === null || amount <= 0 || money.currencyCode !== order.currencyCode) {
        return fail(["input", "financialTransfer", "issueRefund", "refundMethods", String(index), "storeCreditRefund", "amount"], "INVALID", "Store credit amount is invalid.");
      }
      plan.storeCredit += amount;
    }
    const refundedToPayment = alreadyRefunded.flatMap((r) => r.transactions).reduce((sum, t) => sum + t.amount, 0);
    const refundedOverall = alreadyRefunded.reduce((sum, r) => sum + refundTotal(r), 0);
    const toPayment = plan.transactions.reduce((sum, t) => sum + t.amount, 0);
    if (!refund.allowOverRefunding && sale && refundedToPayment + toPayment > sale.amount) {
      return fail(["input", "financialTransfer", "issueRefund", "orderTransactions"], "INVALID", "Refund amount exceeds the amount refundable on the transaction.");
    }
    if (!refund.allowOverRefunding && refundedOverall + toPayment + plan.storeCredit > total) {
      return fail(["input", "financialTransfer", "issueRefund"], "INVALID", "Refund amount exceeds the amount refundable on the order.");
    }
  }
  if (input.refundShipping) {
    const shippingRefunded = alreadyRefunded.reduce((sum, r) => sum + r.shipping, 0);
    const money = input.refundShipping.shippingRefundAmount;
    const amount = money ? toCentsStrict(money.amount) : input.refundShipping.fullRefund ? shipping - shippingRefunded : 0;
    if (amount === null || amount < 0) return fail(["input", "refundShipping", "shippingRefundAmount"], "INVALID", "Shipping refund amount is invalid.");
    if (amount > shipping - shippingRefunded) return fail(["input", "refundShipping", "shippingRefundAmount"], "INVALID", "Shipping refund amount exceeds the refundable shipping.");
    plan.shipping = amount;
  }

  const now = store.now();
  const touchedLevels = new Set<number>();
  for (const { line, quantity, dispositions } of plan.lines) {
    line.processedQuantity += quantity;
    for (const disposition of dispositions) {
      disposition.item.dispositions.push({ id: store.nextId(), type: disposition.type, quantity: disposition.quantity, locationId: disposition.locationId, createdAt: now });
      if (disposition.type !== "RESTOCKED" || disposition.locationId === null) continue;
      const orderLine = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
      const variant = orderLine && state.variants.get(orderLine.variantId);
      if (!variant) continue;
      const level = store.levelAt(state, variant.inventoryItemId, disposition.locationId);
      level.quantities.available += disposition.quantity;
      level.quantities.on_hand += disposition.quantity;
      level.updatedAt = now;
      touchedLevels.add(level.id);
    }
  }
  const newFulfillmentOrders: FulfillmentOrderRecord[] = [];
  for (const { line, quantity } of plan.exchanges) {
    line.processedQuantity += quantity;
    const variant = state.variants.get(line.variantId)!;
    const product = state.products.get(variant.productId)!;
    const lineItem: LineItemRecord = {
      id: store.nextId(),
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: variant.title,
      sku: variant.sku,
      vendor: product.vendor,
      quantity,
      currentQuantity: quantity,
      price: variant.price,
      requiresShipping: state.inventoryItems.get(variant.inventoryItemId)?.requiresShipping ?? true,
    };
    order.lineItems.push(lineItem);
    line.lineItemId ??= lineItem.id;
    const location =
      state.activeLocations().find((candidate) => (state.levelFor(variant.inventoryItemId, candidate.id)?.quantities.available ?? 0) >= quantity) ??
      state.activeLocations()[0];
    const fulfillmentOrder: FulfillmentOrderRecord = {
      id: store.nextId(),
      orderId: order.id,
      locationId: location.id,
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      lineItems: [{ id: store.nextId(), lineItemId: lineItem.id, totalQuantity: quantity, remainingQuantity: quantity }],
      holds: [],
      createdAt: now,
      updatedAt: now,
    };
    state.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
    order.fulfillmentOrderIds.push(fulfillmentOrder.id);
    newFulfillmentOrders.push(fulfillmentOrder);
    const level = store.levelAt(state, variant.inventoryItemId, location.id);
    level.quantities.available -= quantity;
    level.quantities.committed += quantity;
    level.updatedAt = now;
    touchedLevels.add(level.id);
  }

  let refundRecord: RefundRecord | null = null;
  if (plan.transactions.length > 0 || plan.storeCredit > 0 || plan.shipping > 0) {
    refundRecord = {
      id: store.nextId(),
      orderId: order.id,
      returnId: ret.id,
      note: input.note ?? null,
      lineItems: plan.lines.map(({ line, quantity, dispositions }) => {
        const orderLine = order.lineItems.find((candidate) => candidate.id === line.lineItemId)!;
        const restocked = dispositions.find((d) => d.type === "RESTOCKED");
        return {
          id: store.nextId(),
          lineItemId: line.lineItemId,
          quantity,
          subtotal: orderLine.price * quantity,
          restockType: restocked ? "RETURN" : "NO_RESTOCK",
          locationId: restocked?.locationId ?? null,
        };
      }),
      shipping: plan.shipping,
      transactions: plan.transactions.map((t) => ({ id: store.nextId(), parentId: t.parentId, amount: t.amount, createdAt: now })),
      storeCredit: plan.storeCredit,
      createdAt: now,
    };
    for (const { line, quantity } of plan.lines) line.refundedQuantity += quantity;
    state.refunds.set(refundRecord.id, refundRecord);
    ret.refundIds.push(refundRecord.id);
    const refunded = refundsOfOrder(state, order.id).reduce((sum, r) => sum + refundTotal(r), 0);
    order.financialStatus = refunded >= total ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }
  order.updatedAt = now;

  store.emit({ topic: "returns/process", shop: state.domain, returnId: ret.id });
  if (refundRecord) store.emit({ topic: "refunds/create", shop: state.domain, refundId: refundRecord.id });
  for (const levelId of touchedLevels) store.emit({ topic: "inventory_levels/update", shop: state.domain, levelId });
  if (refundRecord || newFulfillmentOrders.length > 0) store.emit({ topic: "orders/updated", shop: state.domain, orderId: order.id });
  return { ret };
}

export function closeReturn(store: SimStore, state: ShopState, id: string): ReturnOutcome {
  const ret = requireReturn(state, id, ["id"]);
  if ("userErrors" in ret) return ret;
  if (ret.status !== "OPEN") return fail(["id"], "INVALID_STATE", "Return must be open to be closed.");
  ret.status = "CLOSED";
  ret.closedAt = store.now();
  for (const rfo of ret.reverseFulfillmentOrders) rfo.status = "CLOSED";
  store.emit({ topic: "returns/close", shop: state.domain, returnId: ret.id });
  return { ret };
}

export function cancelReturn(store: SimStore, state: ShopState, id: string): ReturnOutcome {
  const ret = requireReturn(state, id, ["id"]);
  if ("userErrors" in ret) return ret;
  if (ret.status !== "OPEN" && ret.status !== "REQUESTED") return fail(["id"], "INVALID_STATE", "Return must be open or requested to be canceled.");
  const worked =
    ret.lineItems.some((line) => line.processedQuantity > 0) ||
    ret.exchangeLineItems.some((line) => line.processedQuantity > 0) ||
    ret.reverseFulfillmentOrders.some((rfo) => rfo.lineItems.some((item) => item.dispositions.length > 0));
  if (worked) return fail(["id"], "INVALID_STATE", "Return cannot be canceled once items were processed or disposed.");
  ret.status = "CANCELED";
  for (const rfo of ret.reverseFulfillmentOrders) rfo.status = "CANCELED";
  store.emit({ topic: "returns/cancel", shop: state.domain, returnId: ret.id });
  return { ret };
}
