import { adminRequest, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Orders on Shopify: read one for intake, tag, correct and cancel it, and list orders for
// reconciliation and duplicate checks. Plain objects out, never raw edges.

const ORDER_FIELDS = `#graphql
  fragment IntakeOrder on Order {
    id
    legacyResourceId
    name
    email
    phone
    createdAt
    updatedAt
    cancelledAt
    displayFinancialStatus
    displayFulfillmentStatus
    tags
    currencyCode
    totalPriceSet { shopMoney { amount currencyCode } }
    customer {
      id
      displayName
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
    }
    shippingAddress { name company address1 address2 city province provinceCode zip countryCodeV2 phone }
    shippingLines(first: 5) { nodes { title code carrierIdentifier source } }
  }
`;

const LINE_ITEM_FIELDS = `#graphql
  fragment IntakeLineItem on LineItem {
    id
    title
    sku
    quantity
    requiresShipping
    variant { id }
    originalUnitPriceSet { shopMoney { amount currencyCode } }
  }
`;

// 50 lines a page keeps the query near 200 points; larger orders page on with OrderLineItems.
const ORDER_QUERY = `#graphql
  query OrderForIntake($id: ID!) {
    order(id: $id) {
      ...IntakeOrder
      lineItems(first: 50) {
        nodes { ...IntakeLineItem }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
`;

const LINE_ITEMS_QUERY = `#graphql
  query OrderLineItems($id: ID!, $after: String!) {
    order(id: $id) {
      lineItems(first: 100, after: $after) {
        nodes { ...IntakeLineItem }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${LINE_ITEM_FIELDS}
`;

const TAGS_ADD = `#graphql
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

interface Money {
  amount: string;
  currencyCode: string;
}

export interface ShopifyLineItem {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  variantId: string | null;
  requiresShipping: boolean;
  unitPrice: Money;
}

export interface ShopifyShippingLine {
  title: string;
  code: string | null;
  carrierIdentifier: string | null;
  source: string | null;
}

export interface ShopifyAddress {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface ShopifyOrder {
  id: string;
  legacyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  financialStatus: string | null;
  fulfillmentStatus: string;
  tags: string[];
  total: Money;
  customer: { id: string; name: string; email: string | null; phone: string | null } | null;
  shippingAddress: ShopifyAddress | null;
  shippingLines: ShopifyShippingLine[];
  lineItems: ShopifyLineItem[];
}

interface RawLineItem {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  requiresShipping: boolean;
  variant: { id: string } | null;
  originalUnitPriceSet: { shopMoney: Money };
}

interface LineItemPage {
  nodes: RawLineItem[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface RawOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  tags: string[];
  totalPriceSet: { shopMoney: Money };
  customer: {
    id: string;
    displayName: string;
    defaultEmailAddress: { emailAddress: string } | null;
    defaultPhoneNumber: { phoneNumber: string } | null;
  } | null;
  shippingAddress: (Omit<ShopifyAddress, "countryCode"> & { countryCodeV2: string | null }) | null;
  shippingLines: { nodes: ShopifyShippingLine[] };
  lineItems: LineItemPage;
}

function toLineItem(raw: RawLineItem): ShopifyLineItem {
  return {
    id: raw.id,
    title: raw.title,
    sku: raw.sku,
    quantity: raw.quantity,
    variantId: raw.variant?.id ?? null,
    requiresShipping: raw.requiresShipping,
    unitPrice: raw.originalUnitPriceSet.shopMoney,
  };
}

/** The order as Shopify has it now, or null when it no longer exists. */
export async function fetchOrder(graphql: AdminGraphql, id: string): Promise<ShopifyOrder | null> {
  const { order } = await adminRequest<{ order: RawOrder | null }>(graphql, ORDER_QUERY, { id });
  if (!order) return null;
  const lines = order.lineItems.nodes.map(toLineItem);
  let page = order.lineItems.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const next = await adminRequest<{ order: { lineItems: LineItemPage } | null }>(graphql, LINE_ITEMS_QUERY, {
      id,
      after: page.endCursor,
    });
    if (!next.order) return null;
    lines.push(...next.order.lineItems.nodes.map(toLineItem));
    page = next.order.lineItems.pageInfo;
  }
  const { countryCodeV2, ...address } = order.shippingAddress ?? ({} as NonNullable<RawOrder["shippingAddress"]>);
  return {
    id: order.id,
    legacyId: String(order.legacyResourceId),
    name: order.name,
    email: order.email,
    phone: order.phone,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    financialStatus: order.displayFinancialStatus,
    fulfillmentStatus: order.displayFulfillmentStatus,
    tags: order.tags,
    total: order.totalPriceSet.shopMoney,
    customer: order.customer
      ? {
          id: order.customer.id,
          name: order.customer.displayName,
          email: order.customer.defaultEmailAddress?.emailAddress ?? null,
          phone: order.customer.defaultPhoneNumber?.phoneNumber ?? null,
        }
      : null,
    shippingAddress: order.shippingAddress ? { ...address, countryCode: countryCodeV2 ?? null } : null,
    shippingLines: order.shippingLines.nodes,
    lineItems: lines,
  };
}

/** Adds tags to an order (or any taggable resource). Adding a tag it already has changes nothing. */
export async function addTags(graphql: AdminGraphql, id: string, tags: string[]): Promise<void> {
  const data = await adminRequest<{ tagsAdd: { userErrors: UserError[] } | null }>(graphql, TAGS_ADD, { id, tags });
  assertNoUserErrors("tagsAdd", data.tagsAdd);
}

const ORDER_UPDATE = `#graphql
  mutation OrderUpdateContact($input: OrderInput!) {
    orderUpdate(input: $input) {
      order { id updatedAt }
      userErrors { field message }
    }
  }
`;

/** Every field is written: an empty string clears it. */
export interface MailingAddressInput {
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  provinceCode: string;
  zip: string;
  countryCode: string;
  phone: string;
}

export interface ContactUpdate {
  /** The whole new address: orderUpdate overwrites the shipping address with what it is given. */
  shippingAddress?: MailingAddressInput;
  phone?: string;
  email?: string;
}

/** orderUpdate with the corrected contact details; returns the order's new updatedAt. */
export async function updateOrderContact(graphql: AdminGraphql, orderId: string, update: ContactUpdate): Promise<string> {
  const input: Record<string, unknown> = { id: orderId };
  if (update.shippingAddress) input.shippingAddress = update.shippingAddress;
  if (update.phone !== undefined) input.phone = update.phone;
  if (update.email !== undefined) input.email = update.email;
  const data = await adminRequest<{ orderUpdate: { order: { updatedAt: string } | null; userErrors: UserError[] } | null }>(graphql, ORDER_UPDATE, { input });
  assertNoUserErrors("orderUpdate", data.orderUpdate);
  return data.orderUpdate!.order!.updatedAt;
}

const ORDER_CANCEL = `#graphql
  mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $staffNote: String) {
    orderCancel(
      orderId: $orderId
      reason: $reason
      restock: true
      notifyCustomer: true
      refundMethod: { originalPaymentMethodsRefund: true }
      staffNote: $staffNote
    ) {
      job { id done }
      orderCancelUserErrors { field message code }
    }
  }
`;

export type CancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";

/**
 * Asks Shopify to cancel the order (restocked, refunded to the original payment, customer told).
 * Shopify cancels in a job: the outcome arrives as orders/cancelled, so this returns the job's id only.
 */
export async function requestOrderCancel(graphql: AdminGraphql, orderId: string, reason: CancelReason, staffNote: string): Promise<string | null> {
  const data = await adminRequest<{
    orderCancel: { job: { id: string } | null; orderCancelUserErrors: UserError[] } | null;
  }>(graphql, ORDER_CANCEL, { orderId, reason, staffNote });
  assertNoUserErrors("orderCancel", data.orderCancel && { userErrors: data.orderCancel.orderCancelUserErrors });
  return data.orderCancel!.job?.id ?? null;
}

const ORDERS_UPDATED_SINCE = `#graphql
  query OrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes { id updatedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** One page of the orders updated since a time, oldest update first. */
export async function ordersUpdatedSince(
  graphql: AdminGraphql,
  query: string,
  after: string | null,
): Promise<{ orders: Array<{ id: string; updatedAt: string }>; nextCursor: string | null }> {
  const data = await adminRequest<{
    orders: { nodes: Array<{ id: string; updatedAt: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }>(graphql, ORDERS_UPDATED_SINCE, { query, after });
  return { orders: data.orders.nodes, nextCursor: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null };
}

const RECENT_ORDERS = `#graphql
  query RecentOrdersOfCustomer($query: String!) {
    orders(first: 10, query: $query, sortKey: CREATED_AT, reverse: true) {
      nodes {
        id
        name
        createdAt
        cancelledAt
        email
        customer { id }
        lineItems(first: 10) { nodes { title sku quantity variant { id } } }
      }
    }
  }
`;

export interface RecentOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  email: string | null;
  customerId: string | null;
  lineItems: Array<{ title: string; sku: string | null; quantity: number; variantId: string | null }>;
}

/** The customer's (or, without one, the email's) orders created since a time, newest first. */
export async function recentOrdersOf(
  graphql: AdminGraphql,
  who: { customerId: string } | { email: string },
  since: Date,
): Promise<RecentOrder[]> {
  const subject = "customerId" in who ? `customer_id:${who.customerId.split("/").pop()}` : `email:"${who.email.replace(/["\\]/g, "")}"`;
  const query = `${subject} created_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
  const data = await adminRequest<{
    orders: {
      nodes: Array<Omit<RecentOrder, "customerId" | "lineItems"> & {
        customer: { id: string } | null;
        lineItems: { nodes: Array<{ title: string; sku: string | null; quantity: number; variant: { id: string } | null }> };
      }>;
    };
  }>(graphql, RECENT_ORDERS, { query });
  return data.orders.nodes.map(({ customer, lineItems, ...order }) => ({
    ...order,
    customerId: customer?.id ?? null,
    lineItems: lineItems.nodes.map(({ variant, ...line }) => ({ ...line, variantId: variant?.id ?? null })),
  }));
}

const TAGS_REMOVE = `#graphql
  mutation TagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

/** Removes tags from an order (or any taggable resource). Removing a tag it lacks changes nothing. */
export async function removeTags(graphql: AdminGraphql, id: string, tags: string[]): Promise<void> {
  const data = await adminRequest<{ tagsRemove: { userErrors: UserError[] } | null }>(graphql, TAGS_REMOVE, { id, tags });
  assertNoUserErrors("tagsRemove", data.tagsRemove);
}
