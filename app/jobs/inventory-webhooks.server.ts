import type { StoredDelivery } from "../models/webhook-deliveries.server";
import { deleteLevel, saveItem } from "../models/inventory.server";
import { recordLevelReading } from "../models/inventory-ledger.server";
import { syncOfOperation } from "../models/inventory-sync.server";
import { fetchLevelNow } from "../shopify/inventory.server";
import { enqueueImport } from "./inventory-tasks.server";
import type { HandlerDeps, HandlerOutcome } from "./webhook-handlers.server";

// The inventory webhooks. Like orders, a level is read from the Admin API when the job runs
// rather than taken from the payload (which carries only `available`): a late or reordered
// delivery cannot bring back an old number, and every state comes with it.

type Handler = (delivery: StoredDelivery, payload: Record<string, unknown>, deps: HandlerDeps) => Promise<HandlerOutcome>;

/** The level's ids from its gid, exact (the payload's numeric ids can exceed what JSON numbers hold). */
function levelIdsOf(payload: Record<string, unknown>): { inventoryItemId: string; locationId: string } | null {
  const gid = payload.admin_graphql_api_id;
  const match = typeof gid === "string" ? /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/.exec(gid) : null;
  return match ? { locationId: `gid://shopify/Location/${match[1]}`, inventoryItemId: `gid://shopify/InventoryItem/${match[2]}` } : null;
}

const inventoryLevelUpdated: Handler = async (delivery, payload, { db, adminFor }) => {
  const ids = levelIdsOf(payload);
  if (!ids) return { status: "skipped", note: "payload names no inventory level" };
  const graphql = await adminFor(delivery.shop);
  if (!graphql) return { status: "skipped", note: "no offline session for the shop (not installed)" };
  const now = await fetchLevelNow(graphql, ids.inventoryItemId, ids.locationId);
  if (!now.item) return { status: "skipped", note: "the inventory item no longer exists on Shopify" };
  await saveItem(db, delivery.shop, now.item);
  if (!now.level) {
    await deleteLevel(db, ids.inventoryItemId, ids.locationId);
    return { status: "processed", note: "the item is no longer stocked at the location" };
  }
  const outcome = await recordLevelReading(
    db,
    delivery.shop,
    { ...ids, quantities: now.level.quantities, shopifyUpdatedAt: new Date(now.level.updatedAt) },
    { operationKey: `observed:${delivery.eventId}`, actor: "webhook" },
  );
  if (outcome.status === "stale") return { status: "skipped", note: "Orderflow already holds a later reading of the level" };
  return { status: "processed", note: outcome.changes.length ? outcome.changes.map((c) => `${c.name} ${c.delta > 0 ? "+" : ""}${c.delta}`).join(", ") : undefined };
};

const bulkOperationFinished: Handler = async (delivery, payload, { db, enqueue }) => {
  const operationId = typeof payload.admin_graphql_api_id === "string" ? payload.admin_graphql_api_id : null;
  const sync = operationId ? await syncOfOperation(db, delivery.shop, operationId) : null;
  if (!sync) return { status: "skipped", note: "not a bulk operation of an Orderflow sync" };
  await enqueueImport(enqueue, sync.id);
  return { status: "processed", note: `import of sync ${sync.id} queued` };
};

export const inventoryWebhookHandlers: Record<string, Handler> = {
  INVENTORY_LEVELS_UPDATE: inventoryLevelUpdated,
  BULK_OPERATIONS_FINISH: bulkOperationFinished,
};
