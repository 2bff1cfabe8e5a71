import { fromDecimalAmount, type Minor, shareOf, toDecimalAmount } from "../domain/returns/money";
import type {
  ShopifyDeclineReason,
  ShopifyDispositionType,
  ShopifyReturnReason,
  ShopifyReturnStatus,
} from "../domain/returns/shopify-enums";
import type { ReturnableLine, ReturnableOrder } from "../domain/returns/types";
import { adminRequest, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";

// Returns on Shopify (Admin 2026-10): the order as the returns domain reads it, the return's life
// from request to close, reverse deliveries, and returnProcess, which moves stock and money and so
// always carries the caller's idempotency key. Plain objects out, never raw edges.

// Fulfillments with their lines, what was refunded and what is in other returns. Product tags and
// collections are read apart (ReturnableProducts) to keep each query well under 1,000 points.
const RETURNABLE_ORDER_QUERY = `#graphql
  query ReturnableOrder($id: ID!) {
    order(id: $id) {
      id
      name
      presentmentCurrencyCode
      taxesIncluded
      displayFinancialStatus
      capturable
      customer { id tags }
      totalShippingPriceSet { presentmentMoney { amount } }
      totalRefundedShippingSet { presentmentMoney { amount } }
      refunds(first: 10) {
        refundLineItems(first: 20) {
          nodes { quantity lineItem { id } subtotalSet { presentmentMoney { amount } } totalTaxSet { presentmentMoney { amount } } }
        }
      }
      returns(first: 10) {
        nodes {
          status
          returnLineItems(first: 20) {
            nodes { quantity ... on ReturnLineItem { fulfillmentLineItem { id } } }
          }
        }
      }
      fulfillments(first: 10) {
        status
        createdAt
        deliveredAt
        fulfillmentLineItems(first: 20) {
          nodes {
            id
            quantity
            discountedTotalSet { presentmentMoney { amount } }
            lineItem {
              id
              title
              sku
              quantity
              variant { id }
              product { id }
              taxLines(first: 5) { priceSet { presentmentMoney { amount } } }
            }
          }
        }
      }
    }
  }
`;

const RETURNABLE_PRODUCTS_QUERY = `#graphql
  query ReturnableProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id tags collections(first: 20) { nodes { id } } }
    }
  }
`;

const RETURN_FIELDS = `#graphql
  fragment ReturnFields on Return {
    id
    name
    status
    createdAt
    requestApprovedAt
    closedAt
    totalQuantity
    decline { reason note }
    order { id }
    returnLineItems(first: 25) {
      nodes {
        id
        quantity
        processedQuantity
        processableQuantity
        refundedQuantity
        returnReasonNote
        customerNote
        returnReasonDefinition { handle name }
        ... on ReturnLineItem { fulfillmentLineItem { id lineItem { id } } }
      }
    }
    exchangeLineItems(first: 10) {
      nodes { id quantity processedQuantity variantId lineItems { id } }
    }
    reverseFulfillmentOrders(first: 5) {
      nodes {
        id
        status
        lineItems(first: 25) {
          nodes {
            id
            totalQuantity
            fulfillmentLineItem { id }
            dispositions { quantity type location { id } }
          }
        }
        reverseDeliveries(first: 3) {
          nodes {
            id
            deliverable {
              ... on ReverseDeliveryShippingDeliverable {
                tracking { carrierName number url }
                label { publicFileUrl }
              }
            }
          }
        }
      }
    }
    refunds(first: 5) {
      nodes { id createdAt totalRefundedSet { presentmentMoney { amount currencyCode } } }
    }
  }
`;

const RETURN_QUERY = `#graphql
  query ReturnById($id: ID!) {
    return(id: $id) { ...ReturnFields }
  }
  ${RETURN_FIELDS}
`;

const RETURN_REQUEST = `#graphql
  mutation ReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const RETURN_CREATE = `#graphql
  mutation ReturnCreate($input: ReturnInput!) {
    returnCreate(returnInput: $input) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const RETURN_APPROVE = `#graphql
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const RETURN_DECLINE = `#graphql
  mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const REVERSE_DELIVERY_CREATE = `#graphql
  mutation ReverseDeliveryCreateWithShipping(
    $reverseFulfillmentOrderId: ID!
    $lineItems: [ReverseDeliveryLineItemInput!]!
    $tracking: ReverseDeliveryTrackingInput
    $label: ReverseDeliveryLabelInput
    $notifyCustomer: Boolean
  ) {
    reverseDeliveryCreateWithShipping(
      reverseFulfillmentOrderId: $reverseFulfillmentOrderId
      reverseDeliveryLineItems: $lineItems
      trackingInput: $tracking
      labelInput: $label
      notifyCustomer: $notifyCustomer
    ) {
      reverseDelivery {
        id
        deliverable {
          ... on ReverseDeliveryShippingDeliverable {
            tracking { carrierName number url }
            label { publicFileUrl }
          }
        }
      }
      userErrors { field message code }
    }
  }
`;

// Refunds go back to the order's own payments: the process names the transactions they come from.
const ORDER_PAYMENTS_QUERY = `#graphql
  query ReturnOrderPayments($id: ID!) {
    return(id: $id) {
      order {
        transactions(first: 20) { id kind status amountSet { presentmentMoney { amount currencyCode } } }
      }
    }
  }
`;

const RETURN_PROCESS = `#graphql
  mutation ReturnProcess($input: ReturnProcessInput!, $key: String!) {
    returnProcess(input: $input) @idempotent(key: $key) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const RETURN_CLOSE = `#graphql
  mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

const RETURN_CANCEL = `#graphql
  mutation ReturnCancel($id: ID!) {
    returnCancel(id: $id) {
      return { ...ReturnFields }
      userErrors { field message code }
    }
  }
  ${RETURN_FIELDS}
`;

// ---------------------------------------------------------------------------------------------
// Plain objects

export interface ShopifyReturnLine {
  id: string;
  fulfillmentLineItemId: string | null;
  lineItemId: string | null;
  quantity: number;
  processedQuantity: number;
  processableQuantity: number;
  refundedQuantity: number;
  /** Shopify's reason definition (handle such as "size-too-small"), null when none was given. */
  reason: { handle: string; name: string } | null;
  reasonNote: string;
  customerNote: string | null;
}

export interface ShopifyExchangeLine {
  id: string;
  variantId: string | null;
  quantity: number;
  processedQuantity: number;
  /** The order's new line items for the replacement: their fulfillment orders ship it. */
  lineItemIds: string[];
}

export interface ShopifyReverseDelivery {
  id: string;
  carrierName: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelUrl: string | null;
}

export interface ShopifyReverseFulfillmentOrder {
  id: string;
  status: "OPEN" | "CLOSED" | "CANCELED";
  lines: Array<{
    id: string;
    fulfillmentLineItemId: string | null;
    totalQuantity: number;
    dispositions: Array<{ quantity: number; type: ShopifyDispositionType; locationId: string | null }>;
  }>;
  deliveries: ShopifyReverseDelivery[];
}

export interface ShopifyReturn {
  id: string;
  name: string;
  status: ShopifyReturnStatus;
  orderId: string;
  createdAt: string;
  requestApprovedAt: string | null;
  closedAt: string | null;
  totalQuantity: number;
  decline: { reason: ShopifyDeclineReason; note: string | null } | null;
  lines: ShopifyReturnLine[];
  exchangeLines: ShopifyExchangeLine[];
  reverseFulfillmentOrders: ShopifyReverseFulfillmentOrder[];
  refunds: Array<{ id: string; createdAt: string | null; amount: Minor; currencyCode: string }>;
}

export interface ReturnLineRequest {
  fulfillmentLineItemId: string;
  quantity: number;
  reason: ShopifyReturnReason;
  /** Shopify keeps at most 255 characters. */
  reasonNote?: string | null;
  /** Shopify keeps at most 300 characters. */
  customerNote?: string | null;
  /** Shopify's restocking fee is a percentage of the line only; flat fees stay in the amounts refunded. */
  restockingFeePercent?: number | null;
}

export interface ReturnRequestInput {
  orderId: string;
  currencyCode: string;
  lines: readonly ReturnLineRequest[];
  /** Charged to the customer for sending the items back, in minor units of `currencyCode`. */
  returnShippingFee?: Minor | null;
}

export interface CreateReturnInput extends ReturnRequestInput {
  /** Replacements: each becomes a new line of the order with its own fulfillment order once processed. */
  exchangeLines?: ReadonlyArray<{ variantId: string; quantity: number }>;
  /** When the customer asked, if before now (a request made in the portal and approved later). */
  requestedAt?: string | null;
}

export interface ReverseDeliveryInput {
  reverseFulfillmentOrderId: string;
  lines: ReadonlyArray<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
  tracking?: { number: string; url?: string | null } | null;
  labelUrl?: string | null;
  notifyCustomer: boolean;
}

export interface ProcessReturnInput {
  returnId: string;
  /** Unique per resolution (its record id): the same key never moves money or stock twice. */
  idempotencyKey: string;
  currencyCode: string;
  lines: ReadonlyArray<{
    returnLineItemId: string;
    quantity: number;
    dispositions: ReadonlyArray<{
      reverseFulfillmentOrderLineItemId: string;
      quantity: number;
      type: ShopifyDispositionType;
      /** Required for RESTOCKED: where the units go back into stock. */
      locationId?: string | null;
    }>;
  }>;
  exchangeLines?: ReadonlyArray<{ exchangeLineItemId: string; quantity: number }>;
  /** To the original payment, in minor units. */
  refund?: Minor;
  /** As store credit, in minor units. */
  storeCredit?: Minor;
  /** The order's shipping charge given back, in minor units. */
  refundShipping?: Minor;
  notifyCustomer?: boolean;
  note?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Raw shapes

interface RawMoney {
  presentmentMoney: { amount: string };
}

interface RawReturnableOrder {
  id: string;
  name: string;
  presentmentCurrencyCode: string;
  taxesIncluded: boolean;
  displayFinancialStatus: string | null;
  capturable: boolean;
  customer: { id: string; tags: string[] } | null;
  totalShippingPriceSet: RawMoney;
  totalRefundedShippingSet: RawMoney;
  refunds: Array<{ refundLineItems: { nodes: Array<{ quantity: number; lineItem: { id: string }; subtotalSet: RawMoney; totalTaxSet: RawMoney }> } }>;
  returns: { nodes: Array<{ status: ShopifyReturnStatus; returnLineItems: { nodes: Array<{ quantity: number; fulfillmentLineItem?: { id: string } }> } }> };
  fulfillments: Array<{
    status: string;
    createdAt: string;
    deliveredAt: string | null;
    fulfillmentLineItems: {
      nodes: Array<{
        id: string;
        quantity: number | null;
        discountedTotalSet: RawMoney;
        lineItem: {
          id: string;
          title: string;
          sku: string | null;
          quantity: number;
          variant: { id: string } | null;
          product: { id: string } | null;
          taxLines: Array<{ priceSet: RawMoney }>;
        };
      }>;
    };
  }>;
}

interface RawReturn {
  id: string;
  name: string;
  status: ShopifyReturnStatus;
  createdAt: string;
  requestApprovedAt: string | null;
  closedAt: string | null;
  totalQuantity: number;
  decline: { reason: ShopifyDeclineReason; note: string | null } | null;
  order: { id: string };
  returnLineItems: {
    nodes: Array<{
      id: string;
      quantity: number;
      processedQuantity: number;
      processableQuantity: number;
      refundedQuantity: number;
      returnReasonNote: string;
      customerNote: string | null;
      returnReasonDefinition: { handle: string; name: string } | null;
      fulfillmentLineItem?: { id: string; lineItem: { id: string } };
    }>;
  };
  exchangeLineItems: {
    nodes: Array<{ id: string; quantity: number; processedQuantity: number; variantId: string | null; lineItems: Array<{ id: string }> | null }>;
  };
  reverseFulfillmentOrders: {
    nodes: Array<{
      id: string;
      status: ShopifyReverseFulfillmentOrder["status"];
      lineItems: {
        nodes: Array<{
          id: string;
          totalQuantity: number;
          fulfillmentLineItem: { id: string } | null;
          dispositions: Array<{ quantity: number; type: ShopifyDispositionType; location: { id: string } | null }>;
        }>;
      };
      reverseDeliveries: { nodes: RawReverseDelivery[] };
    }>;
  };
  refunds: { nodes: Array<{ id: string; createdAt: string | null; totalRefundedSet: { presentmentMoney: { amount: string; currencyCode: string } } }> };
}

interface RawReverseDelivery {
  id: string;
  deliverable: {
    tracking?: { carrierName: string | null; number: string | null; url: string | null } | null;
    label?: { publicFileUrl: string | null } | null;
  } | null;
}

type ReturnPayload = { return: RawReturn | null; userErrors: UserError[] } | null;

// ---------------------------------------------------------------------------------------------
// Mapping

function toReverseDelivery(raw: RawReverseDelivery): ShopifyReverseDelivery {
  return {
    id: raw.id,
    carrierName: raw.deliverable?.tracking?.carrierName ?? null,
    trackingNumber: raw.deliverable?.tracking?.number ?? null,
    trackingUrl: raw.deliverable?.tracking?.url ?? null,
    labelUrl: raw.deliverable?.label?.publicFileUrl ?? null,
  };
}

function toReturn(raw: RawReturn): ShopifyReturn {
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    orderId: raw.order.id,
    createdAt: raw.createdAt,
    requestApprovedAt: raw.requestApprovedAt,
    closedAt: raw.closedAt,
    totalQuantity: raw.totalQuantity,
    decline: raw.decline,
    lines: raw.returnLineItems.nodes.map((line) => ({
      id: line.id,
      fulfillmentLineItemId: line.fulfillmentLineItem?.id ?? null,
      lineItemId: line.fulfillmentLineItem?.lineItem.id ?? null,
      quantity: line.quantity,
      processedQuantity: line.processedQuantity,
      processableQuantity: line.processableQuantity,
      refundedQuantity: line.refundedQuantity,
      reason: line.returnReasonDefinition,
      reasonNote: line.returnReasonNote,
      customerNote: line.customerNote,
    })),
    exchangeLines: raw.exchangeLineItems.nodes.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      quantity: line.quantity,
      processedQuantity: line.processedQuantity,
      lineItemIds: (line.lineItems ?? []).map((item) => item.id),
    })),
    reverseFulfillmentOrders: raw.reverseFulfillmentOrders.nodes.map((rfo) => ({
      id: rfo.id,
      status: rfo.status,
      lines: rfo.lineItems.nodes.map((line) => ({
        id: line.id,
        fulfillmentLineItemId: line.fulfillmentLineItem?.id ?? null,
        totalQuantity: line.totalQuantity,
        dispositions: line.dispositions.map((d) => ({ quantity: d.quantity, type: d.type, locationId: d.location?.id ?? null })),
      })),
      deliveries: rfo.reverseDeliveries.nodes.map(toReverseDelivery),
    })),
    refunds: raw.refunds.nodes.map((refund) => {
      const money = refund.totalRefundedSet.presentmentMoney;
      return { id: refund.id, createdAt: refund.createdAt, amount: fromDecimalAmount(money.amount, money.currencyCode), currencyCode: money.currencyCode };
    }),
  };
}

function returnFrom(operation: string, payload: ReturnPayload): ShopifyReturn {
  assertNoUserErrors(operation, payload);
  if (!payload?.return) throw new Error(`${operation} answered without a return`);
  return toReturn(payload.return);
}

const CAPTURED_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
// Returns that were turned down or called off hold no units of the line any more.
const RETURN_HOLDS_UNITS = new Set<ShopifyReturnStatus>(["REQUESTED", "OPEN", "CLOSED"]);

/**
 * The order as the returns domain reads it: one line per fulfillment line item of every
 * fulfillment that was not cancelled, in the order's presentment currency. Null when there is no
 * such order.
 */
export async function fetchReturnableOrder(graphql: AdminGraphql, orderId: string): Promise<ReturnableOrder | null> {
  const { order } = await adminRequest<{ order: RawReturnableOrder | null }>(graphql, RETURNABLE_ORDER_QUERY, { id: orderId });
  if (!order) return null;
  const currency = order.presentmentCurrencyCode;
  const money = (set: RawMoney) => fromDecimalAmount(set.presentmentMoney.amount, currency);

  const refundedByLine = new Map<string, { quantity: number; amount: Minor }>();
  for (const refund of order.refunds) {
    for (const item of refund.refundLineItems.nodes) {
      const sum = refundedByLine.get(item.lineItem.id) ?? { quantity: 0, amount: 0 };
      // Measured like the line's value: with its tax when prices exclude it.
      const amount = money(item.subtotalSet) + (order.taxesIncluded ? 0 : money(item.totalTaxSet));
      refundedByLine.set(item.lineItem.id, { quantity: sum.quantity + item.quantity, amount: sum.amount + amount });
    }
  }
  const inReturns = new Map<string, number>();
  for (const ret of order.returns.nodes) {
    if (!RETURN_HOLDS_UNITS.has(ret.status)) continue;
    for (const item of ret.returnLineItems.nodes) {
      if (item.fulfillmentLineItem) inReturns.set(item.fulfillmentLineItem.id, (inReturns.get(item.fulfillmentLineItem.id) ?? 0) + item.quantity);
    }
  }

  const fulfilled = order.fulfillments.filter((fulfillment) => fulfillment.status === "SUCCESS");
  const productIds = [...new Set(fulfilled.flatMap((f) => f.fulfillmentLineItems.nodes.flatMap((n) => (n.lineItem.product ? [n.lineItem.product.id] : []))))];
  const products = await fetchProductFacts(graphql, productIds);

  // A line item shipped in several fulfillments carries its tax and refunds once: each
  // fulfillment line gets its share by units, the first ones first, so the shares add up.
  const refundLeft = new Map(refundedByLine);
  const unitsSeen = new Map<string, number>();
  const lines: ReturnableLine[] = fulfilled.flatMap((fulfillment) =>
    fulfillment.fulfillmentLineItems.nodes.map((node) => {
      const quantity = node.quantity ?? 0;
      const item = node.lineItem;
      const lineTax = item.taxLines.reduce((sum, tax) => sum + money(tax.priceSet), 0);
      const seen = unitsSeen.get(item.id) ?? 0;
      unitsSeen.set(item.id, seen + quantity);
      const left = refundLeft.get(item.id) ?? { quantity: 0, amount: 0 };
      const refundedQuantity = Math.min(quantity, left.quantity);
      const refundedAmount = shareOf(left.amount, refundedQuantity, left.quantity);
      refundLeft.set(item.id, { quantity: left.quantity - refundedQuantity, amount: left.amount - refundedAmount });
      const facts = item.product ? products.get(item.product.id) : undefined;
      return {
        id: node.id,
        lineItemId: item.id,
        productId: item.product?.id ?? null,
        variantId: item.variant?.id ?? null,
        title: item.title,
        sku: item.sku || null,
        productTags: facts?.tags ?? [],
        collectionIds: facts?.collectionIds ?? [],
        quantity,
        returnedQuantity: inReturns.get(node.id) ?? 0,
        discountedTotal: money(node.discountedTotalSet),
        tax: shareOf(lineTax, seen + quantity, item.quantity) - shareOf(lineTax, seen, item.quantity),
        refunded: { quantity: refundedQuantity, amount: refundedAmount },
        fulfilledAt: fulfillment.createdAt,
        deliveredAt: fulfillment.deliveredAt,
      };
    }),
  );

  return {
    id: order.id,
    name: order.name,
    currencyCode: currency,
    taxesIncluded: order.taxesIncluded,
    paymentCaptured: !order.capturable && CAPTURED_STATUSES.has(order.displayFinancialStatus ?? ""),
    customer: order.customer && { id: order.customer.id, tags: order.customer.tags },
    lines,
    shipping: { paid: money(order.totalShippingPriceSet), refunded: money(order.totalRefundedShippingSet) },
  };
}

const PRODUCTS_PER_REQUEST = 25;

async function fetchProductFacts(graphql: AdminGraphql, ids: string[]): Promise<Map<string, { tags: string[]; collectionIds: string[] }>> {
  const facts = new Map<string, { tags: string[]; collectionIds: string[] }>();
  for (let start = 0; start < ids.length; start += PRODUCTS_PER_REQUEST) {
    const { nodes } = await adminRequest<{ nodes: Array<{ id?: string; tags?: string[]; collections?: { nodes: Array<{ id: string }> } } | null> }>(
      graphql,
      RETURNABLE_PRODUCTS_QUERY,
      { ids: ids.slice(start, start + PRODUCTS_PER_REQUEST) },
    );
    for (const node of nodes) {
      if (node?.id) facts.set(node.id, { tags: node.tags ?? [], collectionIds: (node.collections?.nodes ?? []).map((c) => c.id) });
    }
  }
  return facts;
}

function lineInputs(lines: readonly ReturnLineRequest[]) {
  return lines.map((line) => ({
    fulfillmentLineItemId: line.fulfillmentLineItemId,
    quantity: line.quantity,
    returnReason: line.reason,
    ...(line.restockingFeePercent ? { restockingFee: { percentage: line.restockingFeePercent } } : {}),
  }));
}

function shippingFee(input: ReturnRequestInput) {
  return input.returnShippingFee ? { amount: { amount: toDecimalAmount(input.returnShippingFee, input.currencyCode), currencyCode: input.currencyCode } } : null;
}

/** A customer's request, waiting for the merchant (status REQUESTED). */
export async function requestReturn(graphql: AdminGraphql, input: ReturnRequestInput): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnRequest: ReturnPayload }>(graphql, RETURN_REQUEST, {
    input: {
      orderId: input.orderId,
      // A request has no reason note of its own: the customer's note carries it.
      returnLineItems: lineInputs(input.lines).map((line, index) => ({
        ...line,
        customerNote: (input.lines[index].customerNote ?? input.lines[index].reasonNote)?.slice(0, 300) ?? null,
      })),
      returnShippingFee: shippingFee(input),
    },
  });
  return returnFrom("returnRequest", data.returnRequest);
}

/** A return the merchant opens directly (status OPEN), with replacements when it is an exchange. */
export async function createReturn(graphql: AdminGraphql, input: CreateReturnInput): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnCreate: ReturnPayload }>(graphql, RETURN_CREATE, {
    input: {
      orderId: input.orderId,
      returnLineItems: lineInputs(input.lines).map((line, index) => ({ ...line, returnReasonNote: input.lines[index].reasonNote?.slice(0, 255) ?? "" })),
      exchangeLineItems: (input.exchangeLines ?? []).map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
      returnShippingFee: shippingFee(input),
      requestedAt: input.requestedAt ?? null,
    },
  });
  return returnFrom("returnCreate", data.returnCreate);
}

export async function approveReturnRequest(graphql: AdminGraphql, returnId: string, options: { notifyCustomer: boolean }): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnApproveRequest: ReturnPayload }>(graphql, RETURN_APPROVE, {
    input: { id: returnId, notifyCustomer: options.notifyCustomer },
  });
  return returnFrom("returnApproveRequest", data.returnApproveRequest);
}

export async function declineReturnRequest(
  graphql: AdminGraphql,
  returnId: string,
  decline: { reason: ShopifyDeclineReason; note?: string | null; notifyCustomer: boolean },
): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnDeclineRequest: ReturnPayload }>(graphql, RETURN_DECLINE, {
    input: { id: returnId, declineReason: decline.reason, declineNote: decline.note?.slice(0, 500) ?? null, notifyCustomer: decline.notifyCustomer },
  });
  return returnFrom("returnDeclineRequest", data.returnDeclineRequest);
}

/** Attaches the way back (label and tracking) to the return's reverse fulfillment order. */
export async function createReverseDelivery(graphql: AdminGraphql, input: ReverseDeliveryInput): Promise<ShopifyReverseDelivery> {
  const data = await adminRequest<{ reverseDeliveryCreateWithShipping: { reverseDelivery: RawReverseDelivery | null; userErrors: UserError[] } | null }>(
    graphql,
    REVERSE_DELIVERY_CREATE,
    {
      reverseFulfillmentOrderId: input.reverseFulfillmentOrderId,
      lineItems: input.lines.map((line) => ({ reverseFulfillmentOrderLineItemId: line.reverseFulfillmentOrderLineItemId, quantity: line.quantity })),
      tracking: input.tracking ? { number: input.tracking.number, url: input.tracking.url ?? null } : null,
      label: input.labelUrl ? { fileUrl: input.labelUrl } : null,
      notifyCustomer: input.notifyCustomer,
    },
  );
  const payload = data.reverseDeliveryCreateWithShipping;
  assertNoUserErrors("reverseDeliveryCreateWithShipping", payload);
  if (!payload?.reverseDelivery) throw new Error("reverseDeliveryCreateWithShipping answered without a reverse delivery");
  return toReverseDelivery(payload.reverseDelivery);
}

interface RawTransaction {
  id: string;
  kind: string;
  status: string;
  amountSet: { presentmentMoney: { amount: string; currencyCode: string } };
}

/**
 * Spreads a refund over the order's successful payments in their order, each up to what it took.
 * From what was paid, not what is left to refund: the same resolution must send the same input
 * every time, or a retry under its key would be refused as a different request.
 */
function refundTransactions(transactions: RawTransaction[], amount: Minor, currencyCode: string) {
  const result: Array<{ parentId: string; transactionAmount: { amount: string; currencyCode: string } }> = [];
  let left = amount;
  for (const transaction of transactions) {
    if (left <= 0) break;
    if (transaction.status !== "SUCCESS" || (transaction.kind !== "SALE" && transaction.kind !== "CAPTURE")) continue;
    const paid = fromDecimalAmount(transaction.amountSet.presentmentMoney.amount, currencyCode);
    const take = Math.min(paid, left);
    if (take <= 0) continue;
    result.push({ parentId: transaction.id, transactionAmount: { amount: toDecimalAmount(take, currencyCode), currencyCode } });
    left -= take;
  }
  if (left > 0) throw new Error(`The order's payments cannot carry a refund of ${toDecimalAmount(amount, currencyCode)} ${currencyCode}`);
  return result;
}

/**
 * Confirms what came back and what happens to it (dispositions), hands over the replacements
 * and moves the money, all in one returnProcess under the caller's idempotency key: a retry with
 * the same key and input answers the first result and moves nothing again.
 */
export async function processReturn(graphql: AdminGraphql, input: ProcessReturnInput): Promise<ShopifyReturn> {
  const money = (amount: Minor) => ({ amount: toDecimalAmount(amount, input.currencyCode), currencyCode: input.currencyCode });
  let financialTransfer: unknown = null;
  if ((input.refund ?? 0) > 0 || (input.storeCredit ?? 0) > 0) {
    let orderTransactions: ReturnType<typeof refundTransactions> = [];
    if ((input.refund ?? 0) > 0) {
      const { return: ret } = await adminRequest<{ return: { order: { transactions: RawTransaction[] } } | null }>(graphql, ORDER_PAYMENTS_QUERY, {
        id: input.returnId,
      });
      if (!ret) throw new Error(`Return ${input.returnId} does not exist`);
      orderTransactions = refundTransactions(ret.order.transactions, input.refund ?? 0, input.currencyCode);
    }
    financialTransfer = {
      issueRefund: {
        orderTransactions,
        refundMethods: (input.storeCredit ?? 0) > 0 ? [{ storeCreditRefund: { amount: money(input.storeCredit ?? 0) } }] : [],
      },
    };
  }
  const data = await adminRequest<{ returnProcess: ReturnPayload }>(graphql, RETURN_PROCESS, {
    key: input.idempotencyKey,
    input: {
      returnId: input.returnId,
      returnLineItems: input.lines.map((line) => ({
        id: line.returnLineItemId,
        quantity: line.quantity,
        dispositions: line.dispositions.map((d) => ({
          reverseFulfillmentOrderLineItemId: d.reverseFulfillmentOrderLineItemId,
          quantity: d.quantity,
          dispositionType: d.type,
          locationId: d.locationId ?? null,
        })),
      })),
      exchangeLineItems: (input.exchangeLines ?? []).map((line) => ({ id: line.exchangeLineItemId, quantity: line.quantity })),
      financialTransfer,
      refundShipping: (input.refundShipping ?? 0) > 0 ? { shippingRefundAmount: money(input.refundShipping ?? 0) } : null,
      notifyCustomer: input.notifyCustomer ?? false,
      note: input.note ?? null,
    },
  });
  return returnFrom("returnProcess", data.returnProcess);
}

/** Marks a return complete; Shopify refuses while it still has unprocessed items. */
export async function closeReturn(graphql: AdminGraphql, returnId: string): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnClose: ReturnPayload }>(graphql, RETURN_CLOSE, { id: returnId });
  return returnFrom("returnClose", data.returnClose);
}

/** Calls a return off; only before anything on it was processed. */
export async function cancelReturn(graphql: AdminGraphql, returnId: string): Promise<ShopifyReturn> {
  const data = await adminRequest<{ returnCancel: ReturnPayload }>(graphql, RETURN_CANCEL, { id: returnId });
  return returnFrom("returnCancel", data.returnCancel);
}

/** The return as Shopify has it now, or null when there is none with that id. */
export async function fetchReturn(graphql: AdminGraphql, returnId: string): Promise<ShopifyReturn | null> {
  const data = await adminRequest<{ return: RawReturn | null }>(graphql, RETURN_QUERY, { id: returnId });
  return data.return ? toReturn(data.return) : null;
}
