import { adminRequest, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Orders on Shopify: read one for intake, and tag it. Plain objects out, never raw edges.

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
  }
`;

const LINE_ITEM_FIELDS = `#graphql
  fragment IntakeLineItem on LineItem {
    id
    title
    sku
    quantity
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
  unitPrice: Money;
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
  lineItems: ShopifyLineItem[];
}

interface RawLineItem {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
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
  lineItems: LineItemPage;
}

function toLineItem(raw: RawLineItem): ShopifyLineItem {
  return {
    id: raw.id,
    title: raw.title,
    sku: raw.sku,
    quantity: raw.quantity,
    variantId: raw.variant?.id ?? null,
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
    lineItems: lines,
  };
}

/** Adds tags to an order (or any taggable resource). Adding a tag it already has changes nothing. */
export async function addTags(graphql: AdminGraphql, id: string, tags: string[]): Promise<void> {
  const data = await adminRequest<{ tagsAdd: { userErrors: UserError[] } | null }>(graphql, TAGS_ADD, { id, tags });
  assertNoUserErrors("tagsAdd", data.tagsAdd);
}
