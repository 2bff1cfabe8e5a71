// The Returns API's objects and mutations (see ../../returns.ts for the rules), the refunds and
// payment transactions returnProcess leaves on the order, and returnable fulfillments.
import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo } from "graphql";
import { gid } from "../../ids";
import {
  approveReturnRequest,
  cancelReturn,
  closeReturn,
  createReturn,
  createReverseDelivery,
  declineReturnRequest,
  type DeclineReason,
  findReverseDelivery,
  findReverseFulfillmentOrder,
  fulfillmentLineItemsOfOrder,
  type NewReturnInput,
  type ProcessInput,
  processReturn,
  type RefundRecord,
  refundsOfOrder,
  refundTotal,
  requestReturn,
  type ReturnOutcome,
  type ReturnRecord,
  returnableQuantity,
  returnsOfOrder,
  type ReverseDeliveryInput,
  type ReverseDeliveryRecord,
  type ReverseFulfillmentOrderRecord,
  saleOf,
} from "../../returns";
import type { OrderRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, RootField, SimContext, View } from "../context";
import { idOf, moneyBag, rejectUnsupportedArgs } from "./common";
import { fulfillmentLineItemView, fulfillmentView } from "./fulfillments";
import { locationView } from "./locations";
import { lineItemView, orderTotals, orderView } from "./orders";

// Shopify's reason library names each legacy ReturnReason by a handle and its admin label.
const REASON_DEFINITIONS: Record<string, { id: number; handle: string; name: string }> = {
  COLOR: { id: 1, handle: "color", name: "Color" },
  DEFECTIVE: { id: 2, handle: "defective", name: "Damaged or defective" },
  NOT_AS_DESCRIBED: { id: 3, handle: "not-as-described", name: "Item not as described" },
  OTHER: { id: 4, handle: "other", name: "Other" },
  SIZE_TOO_LARGE: { id: 5, handle: "size-too-large", name: "Size was too large" },
  SIZE_TOO_SMALL: { id: 6, handle: "size-too-small", name: "Size was too small" },
  STYLE: { id: 7, handle: "style", name: "Style" },
  UNKNOWN: { id: 8, handle: "unknown", name: "Unknown" },
  UNWANTED: { id: 9, handle: "unwanted", name: "Customer changed their mind" },
  WRONG_ITEM: { id: 10, handle: "wrong-item", name: "Received the wrong item" },
};

function unitPrice(order: OrderRecord, lineItemId: number): number {
  return order.lineItems.find((line) => line.id === lineItemId)?.price ?? 0;
}

function orderOf(context: SimContext, ret: ReturnRecord): OrderRecord {
  return context.shop.orders.get(ret.orderId)!;
}

function fulfillmentLineItemById(context: SimContext, order: OrderRecord, id: number): View | null {
  const item = fulfillmentLineItemsOfOrder(context.shop, order.id).find((candidate) => candidate.id === id);
  return item ? fulfillmentLineItemView(context, order, item) : null;
}

export function reverseDeliveryView(context: SimContext, ret: ReturnRecord, rfo: ReverseFulfillmentOrderRecord, delivery: ReverseDeliveryRecord): View {
  return {
    __typename: "ReverseDelivery",
    id: gid("ReverseDelivery", delivery.id),
    deliverable: {
      __typename: "ReverseDeliveryShippingDeliverable",
      tracking:
        delivery.trackingNumber || delivery.trackingUrl
          ? { carrierName: delivery.carrierName, number: delivery.trackingNumber, url: delivery.trackingUrl }
          : null,
      label: delivery.labelUrl ? { publicFileUrl: delivery.labelUrl, createdAt: delivery.createdAt, updatedAt: delivery.updatedAt } : null,
    },
    reverseFulfillmentOrder: () => reverseFulfillmentOrderView(context, ret, rfo),
    reverseDeliveryLineItems: (args: ConnectionArgs) =>
      connection(delivery.lineItems, args, (line) => ({
        __typename: "ReverseDeliveryLineItem",
        id: gid("ReverseDeliveryLineItem", line.id),
        quantity: line.quantity,
        reverseFulfillmentOrderLineItem: () => {
          const item = rfo.lineItems.find((candidate) => candidate.id === line.reverseFulfillmentOrderLineItemId)!;
          return reverseFulfillmentOrderLineItemView(context, ret, item);
        },
      })),
  };
}

function reverseFulfillmentOrderLineItemView(context: SimContext, ret: ReturnRecord, item: ReverseFulfillmentOrderRecord["lineItems"][number]): View {
  return {
    __typename: "ReverseFulfillmentOrderLineItem",
    id: gid("ReverseFulfillmentOrderLineItem", item.id),
    totalQuantity: item.totalQuantity,
    fulfillmentLineItem: () => fulfillmentLineItemById(context, orderOf(context, ret), item.fulfillmentLineItemId),
    dispositions: item.dispositions.map((disposition) => ({
      __typename: "ReverseFulfillmentOrderDisposition",
      id: gid("ReverseFulfillmentOrderDisposition", disposition.id),
      type: disposition.type,
      quantity: disposition.quantity,
      createdAt: disposition.createdAt,
      location: () => {
        const location = disposition.locationId === null ? undefined : context.shop.locations.get(disposition.locationId);
        return location ? locationView(context, location) : null;
      },
    })),
  };
}

export function reverseFulfillmentOrderView(context: SimContext, ret: ReturnRecord, rfo: ReverseFulfillmentOrderRecord): View {
  return {
    __typename: "ReverseFulfillmentOrder",
    id: gid("ReverseFulfillmentOrder", rfo.id),
    status: rfo.status,
    order: () => orderView(context, orderOf(context, ret)),
    lineItems: (args: ConnectionArgs) => connection(rfo.lineItems, args, (item) => reverseFulfillmentOrderLineItemView(context, ret, item)),
    reverseDeliveries: (args: ConnectionArgs) => connection(rfo.deliveries, args, (delivery) => reverseDeliveryView(context, ret, rfo, delivery)),
  };
}

interface ProcessingStatusArgs extends ConnectionArgs {
  processingStatus?: unknown;
  includeRemovedItems?: boolean | null;
}

export function returnView(context: SimContext, ret: ReturnRecord): View {
  const order = orderOf(context, ret);
  return {
    __typename: "Return",
    id: gid("Return", ret.id),
    name: ret.name,
    status: ret.status,
    createdAt: ret.createdAt,
    requestApprovedAt: ret.requestApprovedAt,
    closedAt: ret.closedAt,
    decline: ret.decline,
    totalQuantity: ret.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    order: () => orderView(context, order),
    returnShippingFees: ret.returnShippingFee === null ? [] : [{ id: gid("ReturnShippingFee", ret.id), amountSet: moneyBag(ret.returnShippingFee, order.currencyCode) }],
    returnLineItems: (args: ProcessingStatusArgs) => {
      rejectUnsupportedArgs("Return.returnLineItems", args, ["processingStatus"]);
      return connection(ret.lineItems, args, (line) => {
        const reason = REASON_DEFINITIONS[line.returnReason] ?? REASON_DEFINITIONS.UNKNOWN;
        return {
          __typename: "ReturnLineItem",
          id: gid("ReturnLineItem", line.id),
          quantity: line.quantity,
          processedQuantity: line.processedQuantity,
          processableQuantity: line.quantity - line.processedQuantity,
          unprocessedQuantity: line.quantity - line.processedQuantity,
          refundedQuantity: line.refundedQuantity,
          refundableQuantity: line.quantity - line.refundedQuantity,
          returnReason: line.returnReason,
          returnReasonNote: line.returnReasonNote,
          customerNote: line.customerNote,
          returnReasonDefinition: { __typename: "ReturnReasonDefinition", id: gid("ReturnReasonDefinition", reason.id), handle: reason.handle, name: reason.name, deleted: false },
          restockingFee:
            line.restockingFeePercentage === null
              ? null
              : {
                  __typename: "RestockingFee",
                  id: gid("RestockingFee", line.id),
                  percentage: line.restockingFeePercentage,
                  amountSet: moneyBag(
                    Math.round((unitPrice(order, line.lineItemId) * line.quantity * line.restockingFeePercentage) / 100),
                    order.currencyCode,
                  ),
                },
          fulfillmentLineItem: () => fulfillmentLineItemById(context, order, line.fulfillmentLineItemId),
        };
      });
    },
    exchangeLineItems: (args: ProcessingStatusArgs) => {
      rejectUnsupportedArgs("Return.exchangeLineItems", args, ["processingStatus", "includeRemovedItems"]);
      return connection(ret.exchangeLineItems, args, (line) => {
        const variant = context.shop.variants.get(line.variantId)!;
        const product = context.shop.products.get(variant.productId)!;
        const lineItem = line.lineItemId === null ? undefined : order.lineItems.find((candidate) => candidate.id === line.lineItemId);
        return {
          __typename: "ExchangeLineItem",
          id: gid("ExchangeLineItem", line.id),
          quantity: line.quantity,
          processedQuantity: line.processedQuantity,
          processableQuantity: line.quantity - line.processedQuantity,
          unprocessedQuantity: line.quantity - line.processedQuantity,
          variantId: gid("ProductVariant", variant.id),
          productId: gid("Product", product.id),
          title: product.title,
          variantTitle: variant.title,
          variantSku: variant.sku,
          lineItems: () => (lineItem ? [lineItemView(context, order, lineItem)] : null),
        };
      });
    },
    reverseFulfillmentOrders: (args: ConnectionArgs) => connection(ret.reverseFulfillmentOrders, args, (rfo) => reverseFulfillmentOrderView(context, ret, rfo)),
    refunds: (args: ConnectionArgs) =>
      connection(
        ret.refundIds.map((id) => context.shop.refunds.get(id)!),
        args,
        (refund) => refundView(context, refund),
      ),
  };
}

function transactionView(context: SimContext, order: OrderRecord, transaction: { id: number; kind: "SALE" | "REFUND"; amount: number; parentId: number | null; createdAt: string }): View {
  return {
    __typename: "OrderTransaction",
    id: gid("OrderTransaction", transaction.id),
    kind: transaction.kind,
    status: "SUCCESS",
    gateway: order.paymentGatewayNames[0] ?? "bogus",
    amountSet: moneyBag(transaction.amount, order.currencyCode),
    createdAt: transaction.createdAt,
    processedAt: transaction.createdAt,
    parentTransaction: () => {
      if (transaction.parentId === null) return null;
      const sale = saleOf(order, orderTotals(order).total);
      return sale ? transactionView(context, order, { id: sale.id, kind: "SALE", amount: sale.amount, parentId: null, createdAt: order.processedAt }) : null;
    },
  };
}

/** Order.transactions: the sale when the order was paid, then every refund's transactions. */
export function orderTransactions(context: SimContext, order: OrderRecord, args: { first?: number | null; capturable?: boolean | null; manuallyResolvable?: boolean | null }): View[] {
  rejectUnsupportedArgs("Order.transactions", args, ["capturable", "manuallyResolvable"]);
  const sale = saleOf(order, orderTotals(order).total);
  const list = [
    ...(sale ? [{ id: sale.id, kind: "SALE" as const, amount: sale.amount, parentId: null, createdAt: order.processedAt }] : []),
    ...refundsOfOrder(context.shop, order.id).flatMap((refund) =>
      refund.transactions.map((t) => ({ id: t.id, kind: "REFUND" as const, amount: t.amount, parentId: t.parentId, createdAt: t.createdAt })),
    ),
  ];
  return list.slice(0, args.first ?? undefined).map((transaction) => transactionView(context, order, transaction));
}

export function refundView(context: SimContext, refund: RefundRecord): View {
  const order = context.shop.orders.get(refund.orderId)!;
  return {
    __typename: "Refund",
    id: gid("Refund", refund.id),
    legacyResourceId: String(refund.id),
    createdAt: refund.createdAt,
    processedAt: refund.createdAt,
    note: refund.note,
    totalRefundedSet: moneyBag(refundTotal(refund), order.currencyCode),
    return: () => {
      const ret = refund.returnId === null ? undefined : context.shop.returns.get(refund.returnId);
      return ret ? returnView(context, ret) : null;
    },
    refundLineItems: (args: ConnectionArgs) =>
      connection(refund.lineItems, args, (line) => ({
        __typename: "RefundLineItem",
        id: gid("RefundLineItem", line.id),
        quantity: line.quantity,
        restockType: line.restockType,
        priceSet: moneyBag(line.quantity > 0 ? Math.round(line.subtotal / line.quantity) : 0, order.currencyCode),
        subtotalSet: moneyBag(line.subtotal, order.currencyCode),
        totalTaxSet: moneyBag(0, order.currencyCode),
        lineItem: () => lineItemView(context, order, order.lineItems.find((candidate) => candidate.id === line.lineItemId)!),
        location: () => {
          const location = line.locationId === null ? undefined : context.shop.locations.get(line.locationId);
          return location ? locationView(context, location) : null;
        },
      })),
    transactions: (args: ConnectionArgs) =>
      connection(refund.transactions, args, (t) => transactionView(context, order, { id: t.id, kind: "REFUND", amount: t.amount, parentId: t.parentId, createdAt: t.createdAt })),
  };
}

/** Order.refunds: a plain list, not a connection. */
export function orderRefunds(context: SimContext, order: OrderRecord, args: { first?: number | null }): View[] {
  return refundsOfOrder(context.shop, order.id)
    .slice(0, args.first ?? undefined)
    .map((refund) => refundView(context, refund));
}

export function orderReturns(context: SimContext, order: OrderRecord, args: ConnectionArgs & { query?: string | null }): unknown {
  rejectUnsupportedArgs("Order.returns", args, ["query"]);
  return connection(returnsOfOrder(context.shop, order.id), args, (ret) => returnView(context, ret));
}

export function shippingRefunded(context: SimContext, order: OrderRecord): number {
  return refundsOfOrder(context.shop, order.id).reduce((sum, refund) => sum + refund.shipping, 0);
}

export function totalRefunded(context: SimContext, order: OrderRecord): number {
  return refundsOfOrder(context.shop, order.id).reduce((sum, refund) => sum + refundTotal(refund), 0);
}

function returnableFulfillmentViews(context: SimContext, orderId: number): View[] {
  const order = context.shop.orders.get(orderId)!;
  return context.store
    .fulfillmentsOfOrder(context.shop, orderId)
    .filter((fulfillment) => fulfillment.status === "SUCCESS")
    .map((fulfillment) => {
      const lines = fulfillment.lineItems
        .map((item) => ({ item, quantity: returnableQuantity(context.shop, orderId, item.id) }))
        .filter((entry) => entry.quantity > 0);
      return { fulfillment, lines };
    })
    .filter((entry) => entry.lines.length > 0)
    .map(({ fulfillment, lines }) => ({
      __typename: "ReturnableFulfillment",
      id: gid("ReturnableFulfillment", fulfillment.id),
      fulfillment: () => fulfillmentView(context, fulfillment),
      returnableFulfillmentLineItems: (args: ConnectionArgs) =>
        connection(
          lines.map((entry) => ({ ...entry, id: entry.item.id })),
          args,
          (entry) => ({
            __typename: "ReturnableFulfillmentLineItem",
            quantity: entry.quantity,
            fulfillmentLineItem: () => fulfillmentLineItemView(context, order, entry.item),
          }),
        ),
    }));
}

function findReturn(context: SimContext, id: number): View | null {
  const ret = context.shop.returns.get(id);
  return ret ? returnView(context, ret) : null;
}

function findRfo(context: SimContext, id: number): View | null {
  const found = findReverseFulfillmentOrder(context.shop, id);
  return found ? reverseFulfillmentOrderView(context, found.ret, found.rfo) : null;
}

function findDelivery(context: SimContext, id: number): View | null {
  const found = findReverseDelivery(context.shop, id);
  return found ? reverseDeliveryView(context, found.ret, found.rfo, found.delivery) : null;
}

function findRefund(context: SimContext, id: number): View | null {
  const refund = context.shop.refunds.get(id);
  return refund ? refundView(context, refund) : null;
}

function returnPayload(context: SimContext, outcome: ReturnOutcome) {
  return "ret" in outcome ? { return: returnView(context, outcome.ret), userErrors: [] } : { return: null, userErrors: outcome.userErrors };
}

/**
 * returnProcess moves stock and money, so the app always sends @idempotent(key:) (the contract
 * test insists) and the simulator refuses it without one. The first request with a key runs; the
 * same key and input answer that return again without processing anything; other input with the
 * key is refused with Shopify's IDEMPOTENCY_KEY_PARAMETER_MISMATCH (shopify.dev, "Implementing
 * idempotency"); ReturnErrorCode has no such value, so it comes as a top-level error.
 */
const returnProcess = ((args: { input: ProcessInput }, context: SimContext, info: GraphQLResolveInfo) => {
  const directive = info.schema.getDirective("idempotent");
  const key = directive ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues)?.key : undefined;
  if (typeof key !== "string" || key === "") {
    throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", { extensions: { code: "BAD_REQUEST" } });
  }
  const argumentsJson = JSON.stringify(args);
  const previous = context.shop.idempotentResults.get(key);
  if (previous) {
    if (previous.mutation !== "returnProcess" || previous.arguments !== argumentsJson) {
      throw new GraphQLError("The same idempotency key cannot be used with different operation parameters.", {
        extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" },
      });
    }
    if ("userErrors" in previous.outcome) return { return: null, userErrors: previous.outcome.userErrors };
    if ("returnId" in previous.outcome) return { return: findReturn(context, previous.outcome.returnId), userErrors: [] };
  }
  const outcome = processReturn(context.store, context.shop, args.input, (order) => {
    const totals = orderTotals(order);
    return { total: totals.total, shipping: totals.shipping };
  });
  context.shop.idempotentResults.set(key, {
    mutation: "returnProcess",
    arguments: argumentsJson,
    outcome: "ret" in outcome ? { returnId: outcome.ret.id } : { userErrors: outcome.userErrors },
  });
  return returnPayload(context, outcome);
}) as RootField;

export const returnResolvers: ResolverModule = {
  query: {
    return: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Return");
      return numeric === null ? null : findReturn(context, numeric);
    },
    returnableFulfillments: (args: ConnectionArgs & { orderId: string }, context) => {
      const orderId = idOf(args.orderId, "Order");
      if (orderId === null || !context.shop.orders.has(orderId)) throw new GraphQLError("Order does not exist.", { extensions: { code: "NOT_FOUND" } });
      const views = returnableFulfillmentViews(context, orderId);
      return connection(
        views.map((view) => ({ view, id: Number(String(view.id).split("/").pop()) })),
        args,
        (entry) => entry.view,
      );
    },
    returnableFulfillment: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "ReturnableFulfillment");
      const fulfillment = numeric === null ? undefined : context.shop.fulfillments.get(numeric);
      return fulfillment ? (returnableFulfillmentViews(context, fulfillment.orderId).find((view) => view.id === id) ?? null) : null;
    },
    reverseFulfillmentOrder: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "ReverseFulfillmentOrder");
      return numeric === null ? null : findRfo(context, numeric);
    },
    reverseDelivery: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "ReverseDelivery");
      return numeric === null ? null : findDelivery(context, numeric);
    },
    refund: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Refund");
      return numeric === null ? null : findRefund(context, numeric);
    },
  },
  mutation: {
    returnRequest: ({ input }: { input: NewReturnInput }, context) => returnPayload(context, requestReturn(context.store, context.shop, input)),
    returnCreate: ({ returnInput }: { returnInput: NewReturnInput }, context) => returnPayload(context, createReturn(context.store, context.shop, returnInput)),
    returnApproveRequest: ({ input }: { input: { id: string; unprocessed?: boolean | null } }, context) =>
      returnPayload(context, approveReturnRequest(context.store, context.shop, input)),
    returnDeclineRequest: ({ input }: { input: { id: string; declineReason: DeclineReason; declineNote?: string | null } }, context) =>
      returnPayload(context, declineReturnRequest(context.store, context.shop, input)),
    reverseDeliveryCreateWithShipping: (args: ReverseDeliveryInput, context) => {
      const outcome = createReverseDelivery(context.store, context.shop, args);
      if ("userErrors" in outcome) return { reverseDelivery: null, userErrors: outcome.userErrors };
      const found = findReverseDelivery(context.shop, outcome.delivery.id)!;
      return { reverseDelivery: reverseDeliveryView(context, found.ret, found.rfo, found.delivery), userErrors: [] };
    },
    returnProcess,
    returnClose: ({ id }: { id: string }, context) => returnPayload(context, closeReturn(context.store, context.shop, id)),
    returnCancel: ({ id }: { id: string }, context) => returnPayload(context, cancelReturn(context.store, context.shop, id)),
  },
  nodes: { Return: findReturn, ReverseFulfillmentOrder: findRfo, ReverseDelivery: findDelivery, Refund: findRefund },
};
