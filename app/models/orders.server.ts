import type { Db } from "../db.server";
import { isNewerOrSame } from "../domain/orders/intake-status";
import type { ShopifyAddress, ShopifyLineItem, ShopifyOrder } from "../shopify/orders.server";

/**
 * Stores the snapshot unless a newer one is already stored. Returns whether it was written.
 * The compare and the write run in one transaction so two concurrent syncs cannot interleave.
 */
export async function saveOrderSnapshot(db: Db, shop: string, order: ShopifyOrder): Promise<boolean> {
  const updatedAt = new Date(order.updatedAt);
  const data = {
    shop,
    legacyId: order.legacyId,
    name: order.name,
    email: order.email ?? order.customer?.email ?? null,
    phone: order.phone ?? order.customer?.phone ?? null,
    customerId: order.customer?.id ?? null,
    customerName: order.customer?.name ?? order.shippingAddress?.name ?? null,
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    totalPrice: order.total.amount,
    currency: order.total.currencyCode,
    tags: JSON.stringify(order.tags),
    shippingAddress: order.shippingAddress ? JSON.stringify(order.shippingAddress) : null,
    lineItems: JSON.stringify(order.lineItems),
    shopifyCreatedAt: new Date(order.createdAt),
    shopifyUpdatedAt: updatedAt,
    syncedAt: new Date(),
  };
  return db.$transaction(async (tx) => {
    const stored = await tx.order.findUnique({ where: { id: order.id }, select: { shopifyUpdatedAt: true } });
    if (!isNewerOrSame(updatedAt, stored?.shopifyUpdatedAt)) return false;
    await tx.order.upsert({ where: { id: order.id }, create: { id: order.id, ...data }, update: data });
    return true;
  });
}

export async function markOrderTagged(db: Db, id: string, at = new Date()): Promise<void> {
  await db.order.updateMany({ where: { id, taggedAt: null }, data: { taggedAt: at } });
}

export interface OrderListFilter {
  shop: string;
  status?: "received" | "tagged" | "cancelled";
  search?: string;
  take?: number;
}

export async function listOrders(db: Db, filter: OrderListFilter) {
  const where = {
    shop: filter.shop,
    ...(filter.status === "cancelled" ? { cancelledAt: { not: null } } : {}),
    ...(filter.status === "tagged" ? { cancelledAt: null, taggedAt: { not: null } } : {}),
    ...(filter.status === "received" ? { cancelledAt: null, taggedAt: null } : {}),
    ...(filter.search
      ? {
          OR: [
            { name: { contains: filter.search } },
            { email: { contains: filter.search } },
            { customerName: { contains: filter.search } },
          ],
        }
      : {}),
  };
  const [orders, total] = await Promise.all([
    db.order.findMany({ where, orderBy: [{ shopifyCreatedAt: "desc" }, { legacyId: "desc" }], take: filter.take ?? 100 }),
    db.order.count({ where: { shop: filter.shop } }),
  ]);
  return { orders: orders.map(readOrder), total };
}

export async function countOrdersByStatus(db: Db, shop: string) {
  const [received, tagged, cancelled] = await Promise.all([
    db.order.count({ where: { shop, cancelledAt: null, taggedAt: null } }),
    db.order.count({ where: { shop, cancelledAt: null, taggedAt: { not: null } } }),
    db.order.count({ where: { shop, cancelledAt: { not: null } } }),
  ]);
  return { received, tagged, cancelled };
}

type StoredOrder = Awaited<ReturnType<Db["order"]["findUniqueOrThrow"]>>;

/** The stored snapshot with its JSON columns read back. */
export function readOrder(row: StoredOrder) {
  return {
    ...row,
    tags: JSON.parse(row.tags) as string[],
    shippingAddress: row.shippingAddress ? (JSON.parse(row.shippingAddress) as ShopifyAddress) : null,
    lineItems: JSON.parse(row.lineItems) as ShopifyLineItem[],
  };
}

/** Order names by id, for pages that show what an event was about. */
export async function orderNames(db: Db, shop: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.order.findMany({ where: { shop, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** One stored order by its id, its JSON columns read back; null when intake never saw it. */
export async function findOrder(db: Db, shop: string, id: string) {
  const row = await db.order.findFirst({ where: { shop, id } });
  return row ? readOrder(row) : null;
}
