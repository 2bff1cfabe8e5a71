import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { gid } from "../../ids";
import type { AddressInput, CancelReason, LineItemRecord, OrderRecord, ShopState, UpdateOrderInput } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, applySort, type SearchFields } from "../search";
import { idOf, mailingAddressView, moneyBag, rejectUnsupportedArgs } from "./common";
import { customerView } from "./customers";
import { fulfillmentOrderView } from "./fulfillment-orders";
import { orderFulfillments } from "./fulfillments";
import { productView, variantView } from "./products";
import { orderRefunds, orderReturns, orderTransactions, shippingRefunded, totalRefunded } from "./returns";

export function orderTotals(order: OrderRecord) {
  const subtotal = order.lineItems.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const shipping = order.shippingLine?.price ?? 0;
  return { subtotal, shipping, total: subtotal + shipping };
}

/** Derived from the fulfillment orders' remaining quantities, never stored. */
export function fulfillmentStatus(shop: ShopState, order: OrderRecord): "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED" {
  const lines = order.fulfillmentOrderIds.flatMap((id) => shop.fulfillmentOrders.get(id)?.lineItems ?? []);
  const total = lines.reduce((sum, line) => sum + line.totalQuantity, 0);
  const remaining = lines.reduce((sum, line) => sum + line.remainingQuantity, 0);
  if (remaining === total) return "UNFULFILLED";
  return remaining === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
}

export function lineItemName(line: LineItemRecord): string {
  return line.variantTitle === "Default Title" ? line.title : `${line.title} - ${line.variantTitle}`;
}

export function lineItemView(context: SimContext, order: OrderRecord, line: LineItemRecord): View {
  const { shop } = context;
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    title: line.title,
    name: lineItemName(line),
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: line.vendor,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    requiresShipping: line.requiresShipping,
    originalUnitPriceSet: moneyBag(line.price, order.currencyCode),
    // The simulated shop charges no tax.
    taxLines: () => [],
    variant: () => {
      const variant = shop.variants.get(line.variantId);
      return variant ? variantView(context, variant) : null;
    },
    product: () => {
      const product = shop.products.get(line.productId);
      return product ? productView(context, product) : null;
    },
  };
}

export function orderView(context: SimContext, order: OrderRecord): View {
  const { shop } = context;
  const totals = orderTotals(order);
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.currencyCode,
    taxesIncluded: false,
    capturable: order.financialStatus === "AUTHORIZED",
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closedAt: order.closedAt,
    closed: order.closedAt !== null,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: fulfillmentStatus(shop, order),
    subtotalPriceSet: moneyBag(totals.subtotal, order.currencyCode),
    totalShippingPriceSet: moneyBag(totals.shipping, order.currencyCode),
    totalPriceSet: moneyBag(totals.total, order.currencyCode),
    paymentGatewayNames: order.paymentGatewayNames,
    // A pending order (nothing paid, e.g. cash on delivery) owes its total.
    totalOutstandingSet: moneyBag(order.financialStatus === "PENDING" ? totals.total : 0, order.currencyCode),
    totalRefundedSet: () => moneyBag(totalRefunded(context, order), order.currencyCode),
    totalRefundedShippingSet: () => moneyBag(shippingRefunded(context, order), order.currencyCode),
    refunds: (args: { first?: number | null }) => orderRefunds(context, order, args),
    returns: (args: ConnectionArgs & { query?: string | null }) => orderReturns(context, order, args),
    transactions: (args: { first?: number | null; capturable?: boolean | null; manuallyResolvable?: boolean | null }) =>
      orderTransactions(context, order, args),
    customer: () => {
      const customer = order.customerId === null ? undefined : shop.customers.get(order.customerId);
      return customer ? customerView(context, customer) : null;
    },
    shippingAddress: mailingAddressView(order.shippingAddress),
    billingAddress: mailingAddressView(order.billingAddress),
    shippingLine: order.shippingLine && {
      id: gid("ShippingLine", order.shippingLine.id),
      title: order.shippingLine.title,
      code: order.shippingLine.code,
      originalPriceSet: moneyBag(order.shippingLine.price, order.currencyCode),
    },
    shippingLines: (args: ConnectionArgs & { includeRemovals?: boolean | null }) => {
      rejectUnsupportedArgs("Order.shippingLines", args, ["includeRemovals"]);
      const lines = order.shippingLine ? [order.shippingLine] : [];
      return connection(lines, args, (line) => ({
        __typename: "ShippingLine",
        id: gid("ShippingLine", line.id),
        title: line.title,
        code: line.code,
        source: "shopify",
        carrierIdentifier: null,
        isRemoved: false,
        originalPriceSet: moneyBag(line.price, order.currencyCode),
      }));
    },
    lineItems: (args: ConnectionArgs) => connection(order.lineItems, args, (line) => lineItemView(context, order, line)),
    fulfillmentOrders: (args: ConnectionArgs & { query?: string | null; displayable?: boolean }) => {
      rejectUnsupportedArgs("Order.fulfillmentOrders", args, ["displayable"]);
      const all = order.fulfillmentOrderIds.map((id) => shop.fulfillmentOrders.get(id)!);
      const matching = applySearch("fulfillment order", all, args.query, {});
      return connection(matching, args, (fulfillmentOrder) => fulfillmentOrderView(context, fulfillmentOrder));
    },
    fulfillments: (args: { first?: number | null; query?: string | null }) => orderFulfillments(context, order.id, args),
  };
}

export function findOrder(context: SimContext, id: number): View | null {
  const order = context.shop.orders.get(id);
  return order ? orderView(context, order) : null;
}

export function findLineItem(context: SimContext, id: number): View | null {
  for (const order of context.shop.orders.values()) {
    const line = order.lineItems.find((candidate) => candidate.id === id);
    if (line) return lineItemView(context, order, line);
  }
  return null;
}

const ORDER_SEARCH: SearchFields<OrderRecord> = {
  id: { kind: "number", get: (o) => o.id },
  name: { kind: "text", get: (o) => o.name, normalize: (value) => value.replace(/^#/, "") },
  email: { kind: "text", get: (o) => o.email },
  customer_id: { kind: "number", get: (o) => o.customerId ?? -1 },
  tag: { kind: "text", get: (o) => o.tags },
  tag_not: { kind: "not-text", get: (o) => o.tags },
  created_at: { kind: "date", get: (o) => o.createdAt },
  updated_at: { kind: "date", get: (o) => o.updatedAt },
  processed_at: { kind: "date", get: (o) => o.processedAt },
};

interface OrdersArgs extends ConnectionArgs {
  query?: string | null;
  sortKey?: string | null;
  savedSearchId?: string | null;
}

interface MailingAddressArg {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  provinceCode?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  phone?: string | null;
}

const ORDER_INPUT_FIELDS = new Set(["id", "email", "phone", "note", "tags", "shippingAddress"]);

/** orderUpdate overwrites what it is given: a shipping address passed is the whole new address. */
function orderUpdate({ input }: { input: Record<string, unknown> & { id: string } }, context: SimContext) {
  for (const [name, value] of Object.entries(input)) {
    if (!ORDER_INPUT_FIELDS.has(name) && value !== undefined && value !== null) {
      throw new GraphQLError(`Simulator: OrderInput.${name} is not implemented`);
    }
  }
  const numeric = idOf(input.id, "Order");
  const order = numeric === null ? undefined : context.shop.orders.get(numeric);
  if (!order) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
  const update: UpdateOrderInput = {};
  if (typeof input.email === "string") update.email = input.email;
  if (typeof input.phone === "string") update.phone = input.phone;
  if (typeof input.note === "string") update.note = input.note;
  if (Array.isArray(input.tags)) update.tags = input.tags as string[];
  const address = input.shippingAddress as MailingAddressArg | null | undefined;
  if (address) {
    const countryCode = address.countryCode ?? order.shippingAddress?.countryCode;
    if (!countryCode) return { order: null, userErrors: [{ field: ["shippingAddress", "countryCode"], message: "Country can't be blank" }] };
    const next: AddressInput = { countryCode };
    for (const key of ["firstName", "lastName", "company", "address1", "address2", "city", "provinceCode", "zip", "phone"] as const) {
      const value = address[key];
      if (typeof value === "string") next[key] = value;
    }
    update.shippingAddress = next;
  }
  const updated = context.store.updateOrder(context.shop.domain, order.id, update);
  return { order: orderView(context, updated), userErrors: [] };
}

interface OrderCancelArgs {
  orderId: string;
  reason: CancelReason;
  restock: boolean;
  notifyCustomer?: boolean | null;
  refund?: boolean | null;
  refundMethod?: { originalPaymentMethodsRefund?: boolean | null; storeCreditRefund?: unknown } | null;
  staffNote?: string | null;
}

function orderCancel(args: OrderCancelArgs, context: SimContext) {
  if (args.refundMethod?.storeCreditRefund) throw new GraphQLError("Simulator: store credit refunds (refundMethod.storeCreditRefund) are not implemented");
  const numeric = idOf(args.orderId, "Order");
  const refund = args.refundMethod?.originalPaymentMethodsRefund ?? args.refund ?? false;
  const { userErrors } = context.store.cancelOrder(context.shop.domain, numeric ?? -1, {
    reason: args.reason,
    restock: args.restock,
    refund,
    staffNote: args.staffNote,
  });
  const job = userErrors.length ? null : { __typename: "Job", id: `gid://shopify/Job/${randomUUID()}`, done: false };
  return { job, orderCancelUserErrors: userErrors, userErrors: userErrors.map(({ field, message }) => ({ field, message })) };
}

export const orderResolvers: ResolverModule = {
  query: {
    orders: (args: OrdersArgs, context) => {
      rejectUnsupportedArgs("orders", args, ["savedSearchId"]);
      const matching = applySearch("order", [...context.shop.orders.values()], args.query, ORDER_SEARCH);
      const { sorted, sortValue } = applySort("orders", matching, args.sortKey, {
        ID: (o) => o.id,
        CREATED_AT: (o) => o.createdAt,
        UPDATED_AT: (o) => o.updatedAt,
        PROCESSED_AT: (o) => o.processedAt,
        ORDER_NUMBER: (o) => o.number,
      });
      return connection(sorted, args, (order) => orderView(context, order), sortValue);
    },
    order: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Order");
      return numeric === null ? null : findOrder(context, numeric);
    },
  },
  mutation: { orderUpdate, orderCancel },
  nodes: { Order: findOrder, LineItem: findLineItem },
};
