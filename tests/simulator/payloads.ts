// Webhook bodies in Shopify's REST shape (see Shopify's documented examples in
// ../shared/reference/shopify/webhooks), built from the simulator's state only. Fields the
// simulator does not model (taxes, discounts, duties, client details) are left out rather
// than made up, except where their absence is itself the state (no tax lines, no refunds).
import { gid } from "./ids";
import { displayStatus } from "./graphql/resolvers/fulfillments";
import { lineItemName, orderTotals, fulfillmentStatus } from "./graphql/resolvers/orders";
import { type RefundRecord, refundsOfOrder, type ReturnRecord, type ReverseDeliveryRecord } from "./returns";
import {
  type AddressRecord,
  type BulkOperationRecord,
  type Cents,
  type CustomerRecord,
  type FulfillmentEventRecord,
  type FulfillmentHoldRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  formatCents,
  type InventoryLevelRecord,
  type LineItemRecord,
  type OrderRecord,
  type ShopState,
  type WeightRecord,
} from "./store";

function priceSet(cents: Cents, currency: string) {
  const money = { amount: formatCents(cents), currency_code: currency };
  return { shop_money: money, presentment_money: money };
}

function addressPayload(address: AddressRecord | null) {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  return {
    first_name: address.firstName,
    last_name: address.lastName,
    name: name || null,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    province_code: address.provinceCode,
    country: address.country,
    country_code: address.countryCode,
    zip: address.zip,
    phone: address.phone,
    latitude: null,
    longitude: null,
  };
}

function customerPayload(shop: ShopState, customer: CustomerRecord) {
  const address = customer.defaultAddress;
  return {
    id: customer.id,
    admin_graphql_api_id: gid("Customer", customer.id),
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    phone: customer.phone,
    currency: shop.shop.currencyCode,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    default_address: address
      ? {
          id: address.id,
          customer_id: customer.id,
          ...addressPayload(address),
          country_name: address.country,
          default: true,
        }
      : null,
  };
}

const FULFILLMENT_STATUS = { UNFULFILLED: null, PARTIALLY_FULFILLED: "partial", FULFILLED: "fulfilled" } as const;

export function orderPayload(shop: ShopState, order: OrderRecord) {
  const currency = order.currencyCode;
  const totals = orderTotals(order);
  const customer = order.customerId === null ? undefined : shop.customers.get(order.customerId);
  const zero = priceSet(0, currency);
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    number: order.number - 1000,
    order_number: order.number,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    closed_at: order.closedAt,
    confirmed: true,
    currency,
    presentment_currency: currency,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: FULFILLMENT_STATUS[fulfillmentStatus(shop, order)],
    note: order.note,
    tags: order.tags.join(", "),
    subtotal_price: formatCents(totals.subtotal),
    subtotal_price_set: priceSet(totals.subtotal, currency),
    current_subtotal_price: formatCents(totals.subtotal),
    current_subtotal_price_set: priceSet(totals.subtotal, currency),
    total_line_items_price: formatCents(totals.subtotal),
    total_line_items_price_set: priceSet(totals.subtotal, currency),
    total_shipping_price_set: priceSet(totals.shipping, currency),
    total_price: formatCents(totals.total),
    total_price_set: priceSet(totals.total, currency),
    current_total_price: formatCents(totals.total),
    current_total_price_set: priceSet(totals.total, currency),
    total_tax: "0.00",
    total_tax_set: zero,
    taxes_included: false,
    tax_lines: [],
    total_discounts: "0.00",
    total_discounts_set: zero,
    discount_codes: [],
    discount_applications: [],
    customer: customer ? customerPayload(shop, customer) : null,
    billing_address: addressPayload(order.billingAddress),
    shipping_address: addressPayload(order.shippingAddress),
    shipping_lines: order.shippingLine
      ? [
          {
            id: order.shippingLine.id,
            title: order.shippingLine.title,
            code: order.shippingLine.code,
            source: "shopify",
            price: formatCents(order.shippingLine.price),
            price_set: priceSet(order.shippingLine.price, currency),
            discounted_price: formatCents(order.shippingLine.price),
            discounted_price_set: priceSet(order.shippingLine.price, currency),
            is_removed: false,
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
    line_items: order.lineItems.map((line) => lineItemPayload(shop, order, line)),
    fulfillments: [...shop.fulfillments.values()].filter((f) => f.orderId === order.id).map((f) => fulfillmentPayload(shop, f)),
    refunds: refundsOfOrder(shop, order.id).map((refund) => refundPayload(shop, refund)),
    returns: [],
  };
}

function lineItemPayload(shop: ShopState, order: OrderRecord, line: LineItemRecord) {
  const currency = order.currencyCode;
  const zero = priceSet(0, currency);
  const remaining = order.fulfillmentOrderIds
    .flatMap((id) => shop.fulfillmentOrders.get(id)?.lineItems ?? [])
    .filter((item) => item.lineItemId === line.id)
    .reduce((sum, item) => sum + item.remainingQuantity, 0);
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    name: lineItemName(line),
    title: line.title,
    variant_title: line.variantTitle,
    sku: line.sku,
    vendor: line.vendor,
    quantity: line.quantity,
    current_quantity: line.currentQuantity,
    fulfillable_quantity: remaining,
    fulfillment_service: "manual",
    fulfillment_status: remaining === 0 ? "fulfilled" : remaining < line.quantity ? "partial" : null,
    requires_shipping: line.requiresShipping,
    gift_card: false,
    price: formatCents(line.price),
    price_set: priceSet(line.price, currency),
    product_exists: shop.products.has(line.productId),
    product_id: line.productId,
    variant_id: line.variantId,
    properties: [],
    total_discount: "0.00",
    total_discount_set: zero,
    tax_lines: [],
    discount_allocations: [],
  };
}

const GRAMS_PER: Record<WeightRecord["unit"], number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

/** A fulfilment in the REST shape of fulfillments/create and fulfillments/update (and an order's `fulfillments`). */
export function fulfillmentPayload(shop: ShopState, fulfillment: FulfillmentRecord) {
  const order = shop.orders.get(fulfillment.orderId)!;
  const currency = order.currencyCode;
  const status = displayStatus(fulfillment);
  const tracking = fulfillment.trackingInfo;
  return {
    id: fulfillment.id,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
    order_id: order.id,
    name: fulfillment.name,
    status: fulfillment.status === "SUCCESS" ? "success" : "cancelled",
    service: "manual",
    created_at: fulfillment.createdAt,
    updated_at: fulfillment.updatedAt,
    location_id: fulfillment.locationId,
    origin_address: null,
    email: order.email,
    destination: addressPayload(order.shippingAddress),
    shipment_status: status === "FULFILLED" || status === "CANCELED" ? null : status.toLowerCase(),
    tracking_company: tracking[0]?.company ?? null,
    tracking_number: tracking[0]?.number ?? null,
    tracking_numbers: tracking.flatMap((info) => (info.number ? [info.number] : [])),
    tracking_url: tracking[0]?.url ?? null,
    tracking_urls: tracking.flatMap((info) => (info.url ? [info.url] : [])),
    receipt: {},
    line_items: fulfillment.lineItems.map((item) => {
      const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId)!;
      const variant = shop.variants.get(line.variantId);
      const weight = variant ? shop.inventoryItems.get(variant.inventoryItemId)?.weight : null;
      return {
        id: line.id,
        admin_graphql_api_id: gid("LineItem", line.id),
        name: lineItemName(line),
        title: line.title,
        variant_title: line.variantTitle,
        sku: line.sku,
        vendor: line.vendor,
        quantity: item.quantity,
        fulfillment_service: "manual",
        fulfillment_status: "fulfilled",
        requires_shipping: line.requiresShipping,
        gift_card: false,
        grams: weight ? Math.round(weight.value * GRAMS_PER[weight.unit]) : 0,
        price: formatCents(line.price),
        price_set: priceSet(line.price, currency),
        product_exists: shop.products.has(line.productId),
        product_id: line.productId,
        variant_id: line.variantId,
        properties: [],
        tax_lines: [],
      };
    }),
  };
}

/**
 * A carrier's tracking event in the REST shape of fulfillment_events/create (Shopify's
 * FulfillmentEvent resource; no documented example is kept in ../shared/reference).
 */
export function fulfillmentEventPayload(shop: ShopState, fulfillment: FulfillmentRecord, event: FulfillmentEventRecord) {
  return {
    id: event.id,
    admin_graphql_api_id: gid("FulfillmentEvent", event.id),
    fulfillment_id: fulfillment.id,
    order_id: fulfillment.orderId,
    shop_id: shop.shop.id,
    status: event.status.toLowerCase(),
    message: event.message,
    happened_at: event.happenedAt,
    estimated_delivery_at: event.estimatedDeliveryAt,
    address1: event.address1,
    city: event.city,
    province: event.province,
    country: event.country,
    zip: event.zip,
    latitude: null,
    longitude: null,
    created_at: event.createdAt,
    updated_at: event.createdAt,
  };
}

export function shopPayload(state: ShopState) {
  const { shop } = state;
  const primary = state.activeLocations()[0];
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    customer_email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currencyCode,
    enabled_presentment_currencies: [shop.currencyCode],
    iana_timezone: shop.ianaTimezone,
    plan_display_name: shop.plan.displayName,
    shop_owner: `${shop.owner.firstName} ${shop.owner.lastName}`,
    primary_locale: shop.owner.locale,
    primary_location_id: primary?.id ?? null,
    multi_location_enabled: state.locations.size > 1,
    created_at: shop.createdAt,
    updated_at: shop.updatedAt,
  };
}

function customerRef(customer: CustomerRecord) {
  return { id: customer.id, email: customer.email, phone: customer.phone };
}

export function customersDataRequestPayload(state: ShopState, customer: CustomerRecord, dataRequestId: number) {
  return {
    shop_id: state.shop.id,
    shop_domain: state.domain,
    customer: customerRef(customer),
    orders_requested: state.ordersOfCustomer(customer.id).map((order) => order.id),
    data_request: { id: dataRequestId },
  };
}

export function customersRedactPayload(state: ShopState, customer: CustomerRecord) {
  return {
    shop_id: state.shop.id,
    shop_domain: state.domain,
    customer: customerRef(customer),
    orders_to_redact: state.ordersOfCustomer(customer.id).map((order) => order.id),
  };
}

export function shopRedactPayload(state: ShopState) {
  return { shop_id: state.shop.id, shop_domain: state.domain };
}

// Fulfillment-order webhooks carry gids and lowercase enum values (Shopify's documented examples).

function fulfillmentHoldPayload(hold: FulfillmentHoldRecord) {
  return {
    id: gid("FulfillmentHold", hold.id),
    reason: hold.reason.toLowerCase(),
    reason_notes: hold.reasonNotes,
    held_by_requesting_app: hold.heldByApp,
    handle: hold.handle,
  };
}

function fulfillmentOrderRef(fulfillmentOrder: FulfillmentOrderRecord) {
  return { id: gid("FulfillmentOrder", fulfillmentOrder.id), status: fulfillmentOrder.status.toLowerCase() };
}

export function fulfillmentOrderPlacedOnHoldPayload(fulfillmentOrder: FulfillmentOrderRecord, hold: FulfillmentHoldRecord) {
  return {
    fulfillment_order: { ...fulfillmentOrderRef(fulfillmentOrder), fulfillment_holds: fulfillmentOrder.holds.map(fulfillmentHoldPayload) },
    remaining_fulfillment_order: null,
    held_fulfillment_order_line_items: fulfillmentOrder.lineItems.map((item) => ({
      id: gid("FulfillmentOrderLineItem", item.id),
      quantity: item.remainingQuantity,
    })),
    created_fulfillment_hold: fulfillmentHoldPayload(hold),
  };
}

export function fulfillmentOrderHoldReleasedPayload(fulfillmentOrder: FulfillmentOrderRecord) {
  return { fulfillment_order: fulfillmentOrderRef(fulfillmentOrder) };
}

export function fulfillmentOrderCancelledPayload(fulfillmentOrder: FulfillmentOrderRecord) {
  return { fulfillment_order: fulfillmentOrderRef(fulfillmentOrder), replacement_fulfillment_order: null };
}

export function fulfillmentHoldPayloadFor(fulfillmentOrder: FulfillmentOrderRecord, hold: FulfillmentHoldRecord) {
  return { fulfillment_order: { id: gid("FulfillmentOrder", fulfillmentOrder.id) }, fulfillment_hold: fulfillmentHoldPayload(hold) };
}

/** inventory_levels/update: the level's ids and its available quantity (Shopify sends no other state). */
export function inventoryLevelPayload(level: InventoryLevelRecord) {
  return {
    inventory_item_id: level.itemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: gid("InventoryLevel", level.locationId, { inventory_item_id: level.itemId }),
  };
}

export function bulkOperationFinishPayload(operation: BulkOperationRecord) {
  return {
    admin_graphql_api_id: gid("BulkOperation", operation.id),
    completed_at: operation.completedAt,
    created_at: operation.createdAt,
    error_code: null,
    status: operation.status.toLowerCase(),
    type: operation.type.toLowerCase(),
  };
}

// Returns webhooks: the shapes of Shopify's documented examples (returns__*.json,
// reverse_deliveries__attach_deliverable.json, refunds__create.json), filled from the state.

function returnRef(ret: ReturnRecord) {
  return { id: ret.id, admin_graphql_api_id: gid("Return", ret.id) };
}

/** returns/request and returns/approve: the return with its lines, fees and exchanges. */
export function returnPayload(shop: ShopState, ret: ReturnRecord) {
  const order = shop.orders.get(ret.orderId)!;
  return {
    ...returnRef(ret),
    status: ret.status.toLowerCase(),
    order: { id: order.id, admin_graphql_api_id: gid("Order", order.id) },
    total_return_line_items: ret.lineItems.length,
    name: ret.name,
    return_line_items: ret.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: gid("ReturnLineItem", line.id),
      fulfillment_line_item: {
        id: line.fulfillmentLineItemId,
        admin_graphql_api_id: gid("FulfillmentLineItem", line.fulfillmentLineItemId),
        line_item: { id: line.lineItemId, admin_graphql_api_id: gid("LineItem", line.lineItemId) },
      },
      quantity: line.quantity,
      return_reason: line.returnReason.toLowerCase(),
      return_reason_note: line.returnReasonNote,
      customer_note: line.customerNote,
    })),
    return_shipping_fees:
      ret.returnShippingFee === null
        ? []
        : [{ id: ret.id, admin_graphql_api_id: gid("ReturnShippingFee", ret.id), price: priceSet(ret.returnShippingFee, order.currencyCode) }],
    exchange_line_items: ret.exchangeLineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: gid("ExchangeLineItem", line.id),
      line_item: line.lineItemId === null ? null : lineItemPayload(shop, order, order.lineItems.find((item) => item.id === line.lineItemId)!),
    })),
    total_exchange_line_items: ret.exchangeLineItems.length,
  };
}

export function returnDeclinePayload(ret: ReturnRecord) {
  return {
    ...returnRef(ret),
    status: "declined",
    order: { id: ret.orderId, admin_graphql_api_id: gid("Order", ret.orderId) },
    decline: ret.decline && { reason: ret.decline.reason.toLowerCase(), note: ret.decline.note },
  };
}

/** returns/close, returns/cancel and returns/process: which return, on which order, and its status now. */
export function returnStatusPayload(ret: ReturnRecord) {
  return { ...returnRef(ret), order_id: ret.orderId, status: ret.status.toLowerCase() };
}

export function reverseDeliveryPayload(ret: ReturnRecord, delivery: ReverseDeliveryRecord) {
  return {
    id: delivery.id,
    admin_graphql_api_id: gid("ReverseDelivery", delivery.id),
    return: returnRef(ret),
    shipping_deliverable: {
      tracking: { carrier_name: delivery.carrierName, tracking_number: delivery.trackingNumber, tracking_url: delivery.trackingUrl },
      label: { public_file_url: delivery.labelUrl, created_at: delivery.labelUrl ? delivery.createdAt : null },
    },
  };
}

export function refundPayload(shop: ShopState, refund: RefundRecord) {
  const order = shop.orders.get(refund.orderId)!;
  const currency = order.currencyCode;
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note,
    user_id: null,
    restock: refund.lineItems.some((line) => line.restockType === "RETURN"),
    duties: [],
    total_duties_set: priceSet(0, currency),
    return: refund.returnId === null ? null : { id: refund.returnId, admin_graphql_api_id: gid("Return", refund.returnId) },
    refund_shipping_lines: [],
    order_adjustments: [],
    refund_line_items: refund.lineItems.map((line) => ({
      id: line.id,
      quantity: line.quantity,
      line_item_id: line.lineItemId,
      location_id: line.locationId,
      restock_type: line.restockType === "RETURN" ? "return" : "no_restock",
      subtotal: line.subtotal / 100,
      total_tax: 0,
      subtotal_set: priceSet(line.subtotal, currency),
      total_tax_set: priceSet(0, currency),
      line_item: lineItemPayload(shop, order, order.lineItems.find((item) => item.id === line.lineItemId)!),
    })),
    transactions: refund.transactions.map((transaction) => ({
      id: transaction.id,
      admin_graphql_api_id: gid("OrderTransaction", transaction.id),
      order_id: order.id,
      kind: "refund",
      gateway: "bogus",
      status: "success",
      message: null,
      created_at: transaction.createdAt,
      processed_at: transaction.createdAt,
      parent_id: transaction.parentId,
      amount: formatCents(transaction.amount),
      currency,
      test: true,
      source_name: "web",
    })),
  };
}
