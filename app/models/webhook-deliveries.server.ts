import type { Db } from "../db.server";

export interface IncomingDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  /** X-Shopify-Event-Id: the same on every delivery of one event. */
  eventId: string;
  apiVersion: string;
  triggeredAt: Date | null;
  resourceId: string | null;
  payload: string;
}

export type StoredDelivery = Awaited<ReturnType<Db["webhookDelivery"]["findUniqueOrThrow"]>>;

/**
 * Stores a delivery once per (shop, event id). A repeat of an event already stored returns the
 * first row with `duplicate: true` — or no row, when the first was processed and erased since
 * (shop/redact deletes the shop's deliveries, its own included).
 */
export async function storeDelivery(
  db: Db,
  delivery: IncomingDelivery,
): Promise<{ row: StoredDelivery; duplicate: false } | { row: StoredDelivery | null; duplicate: true }> {
  try {
    const row = await db.webhookDelivery.create({ data: delivery });
    return { row, duplicate: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await db.webhookDelivery.findUnique({
      where: { shop_eventId: { shop: delivery.shop, eventId: delivery.eventId } },
    });
    return { row, duplicate: true };
  }
}

export async function markDelivery(
  db: Db,
  id: string,
  outcome: { status: "processed" | "skipped"; note?: string } | { status: "failed"; error: string },
): Promise<void> {
  // updateMany: shop/redact deletes the shop's deliveries, its own included.
  await db.webhookDelivery.updateMany({
    where: { id },
    data:
      outcome.status === "failed"
        ? { status: "failed", lastError: outcome.error, attempts: { increment: 1 } }
        : { status: outcome.status, lastError: outcome.note ?? null, processedAt: new Date(), attempts: { increment: 1 } },
  });
}

export async function listDeliveries(db: Db, shop: string, take = 50) {
  return db.webhookDelivery.findMany({ where: { shop }, orderBy: { receivedAt: "desc" }, take });
}

// Checked by code, not by class: each database flavour's generated client has its own error class.
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export async function countDeliveriesByStatus(db: Db, shop: string) {
  const rows = await db.webhookDelivery.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const counts = { pending: 0, processed: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.status as keyof typeof counts] = row._count._all;
  return counts;
}
