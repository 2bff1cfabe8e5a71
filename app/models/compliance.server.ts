import type { Db } from "../db.server";
import { readOrder } from "./orders.server";

// What Orderflow holds about a customer is its order snapshots and the webhook payloads they
// came from. The mandatory compliance webhooks act on exactly that.

const customerGid = (id: number | string) => `gid://shopify/Customer/${id}`;
const orderGid = (id: number | string) => `gid://shopify/Order/${id}`;

export interface CustomerRef {
  customerId: number | string;
  orderIds: Array<number | string>;
}

function customerOrdersWhere(shop: string, ref: CustomerRef) {
  return {
    shop,
    OR: [{ customerId: customerGid(ref.customerId) }, { id: { in: ref.orderIds.map(orderGid) } }],
  };
}

/** customers/data_request: a report of the data held, kept for the merchant to send on. */
export async function reportCustomerData(db: Db, shop: string, ref: CustomerRef, payload: string) {
  const rows = await db.order.findMany({ where: customerOrdersWhere(shop, ref) });
  const orders = rows.map(readOrder).map((o) => ({
    name: o.name,
    email: o.email,
    phone: o.phone,
    customerName: o.customerName,
    shippingAddress: o.shippingAddress,
    lineItems: o.lineItems,
  }));
  const outcome = JSON.stringify({ orders });
  await db.complianceRequest.create({
    data: { shop, topic: "customers/data_request", customerId: customerGid(ref.customerId), payload, outcome },
  });
  return orders.length;
}

/**
 * customers/redact: removes the customer's personal data from order snapshots and drops the
 * webhook payloads of their orders. Order numbers and amounts stay (the merchant's records).
 */
export async function redactCustomer(db: Db, shop: string, ref: CustomerRef) {
  const orders = await db.order.findMany({ where: customerOrdersWhere(shop, ref), select: { id: true } });
  const orderIds = orders.map((o) => o.id);
  // Fulfillment-order deliveries name only the fulfillment order; the order's timeline knows which were its.
  const webhookEvents = await db.orderEvent.findMany({ where: { shop, orderId: { in: orderIds }, kind: "webhook" }, select: { details: true } });
  const deliveryIds = webhookEvents.flatMap((event) => {
    const details = event.details ? (JSON.parse(event.details) as { deliveryId?: unknown }) : {};
    return typeof details.deliveryId === "string" ? [details.deliveryId] : [];
  });
  await db.$transaction([
    db.order.updateMany({
      where: { id: { in: orderIds } },
      data: { email: null, phone: null, customerName: null, customerId: null, shippingAddress: null, lineItems: "[]" },
    }),
    db.webhookDelivery.updateMany({
      where: { shop, OR: [{ resourceId: { in: orderIds } }, { id: { in: deliveryIds } }] },
      data: { payload: "{}" },
    }),
    db.complianceRequest.updateMany({
      where: { shop, customerId: customerGid(ref.customerId) },
      data: { payload: "{}", outcome: "redacted" },
    }),
    // Intake's findings and timeline quote addresses, phones and emails.
    db.finding.updateMany({ where: { shop, orderId: { in: orderIds } }, data: { message: "(redacted)", suggestion: "(redacted)", suggestedValue: null } }),
    db.orderEvent.updateMany({ where: { shop, orderId: { in: orderIds } }, data: { summary: "(redacted)", details: null } }),
    db.fixLink.deleteMany({ where: { shop, orderId: { in: orderIds } } }),
    // A dead letter could not be parsed, so it is found by the ids in its text.
    db.deadLetter.deleteMany({
      where: { shop, OR: [String(ref.customerId), ...ref.orderIds.map(String)].map((id) => ({ body: { contains: id } })) },
    }),
    db.complianceRequest.create({
      data: {
        shop,
        topic: "customers/redact",
        customerId: customerGid(ref.customerId),
        payload: "{}",
        outcome: `redacted ${orders.length} order(s)`,
      },
    }),
  ]);
  return orders.length;
}

/** shop/redact: 48 hours after uninstall, everything the app holds for the shop goes. */
export async function redactShop(db: Db, shop: string) {
  await db.$transaction([
    db.order.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
    db.complianceRequest.deleteMany({ where: { shop } }),
    db.finding.deleteMany({ where: { shop } }),
    db.orderEvent.deleteMany({ where: { shop } }),
    db.orderIntake.deleteMany({ where: { shop } }),
    db.fixLink.deleteMany({ where: { shop } }),
    db.deadLetter.deleteMany({ where: { shop } }),
    db.intakeSettings.deleteMany({ where: { shop } }),
    db.reconcileRun.deleteMany({ where: { shop } }),
    db.reconcileState.deleteMany({ where: { shop } }),
    db.inventoryLevel.deleteMany({ where: { shop } }),
    db.inventoryItem.deleteMany({ where: { shop } }),
    db.inventoryLocation.deleteMany({ where: { shop } }),
    db.inventoryLedgerEntry.deleteMany({ where: { shop } }),
    db.inventoryDrift.deleteMany({ where: { shop } }),
    db.inventorySync.deleteMany({ where: { shop } }),
    db.inventorySettings.deleteMany({ where: { shop } }),
    db.carrierSetup.deleteMany({ where: { shop } }),
    db.shipment.deleteMany({ where: { shop } }),
    db.fulfillmentErrorLog.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
}
