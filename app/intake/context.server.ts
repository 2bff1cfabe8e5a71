import type { Db } from "../db.server";
import { quantityHistory, stockForOrder, type IntakeConfig, type IntakeContext, type LocationStock } from "../domain/intake";
import { shippingStockOf } from "../models/inventory.server";
import { hasCompletedSync } from "../models/inventory-sync.server";
import { pastOrderLines } from "../models/order-intake.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { fetchVariants, findVariantBySku, type CatalogueVariant } from "../shopify/catalogue.server";
import type { FulfillmentOrderState } from "../shopify/fulfillment-orders.server";
import { recentOrdersOf, type ShopifyOrder } from "../shopify/orders.server";

// What the rules need to know beyond the order, looked up from the app's own data and the Admin API.

export interface AvailabilityRequest {
  shop: string;
  order: ShopifyOrder;
  fulfillmentOrders: readonly FulfillmentOrderState[];
  /** The order's variants as the Admin API returned them, with their stock levels. */
  variants: readonly CatalogueVariant[];
}

/**
 * The inventory port: what each location that fulfils online orders has available, by SKU, as
 * this order sees it. Once the inventory mirror has been synced it answers (availabilityFromMirror);
 * before that, Shopify's levels as the Admin API returned them with the order's variants.
 */
export type AvailabilityPort = (request: AvailabilityRequest) => Promise<Record<string, LocationStock[]>>;

// Units of the order still to ship from a fulfillment order in one of these states are committed at its location.
const COMMITTING = new Set(["OPEN", "ON_HOLD", "IN_PROGRESS", "SCHEDULED", "INCOMPLETE"]);

/** This order's own units committed at each location: they count as available to it. */
function ownCommitments({ order, fulfillmentOrders, variants }: AvailabilityRequest) {
  const skuOfVariant = new Map(variants.map((variant) => [variant.id, variant.sku]));
  const skuOfLine = new Map(order.lineItems.map((line) => [line.id, line.variantId ? skuOfVariant.get(line.variantId) : null]));
  return fulfillmentOrders
    .filter((fulfillmentOrder) => COMMITTING.has(fulfillmentOrder.status) && fulfillmentOrder.locationId)
    .flatMap((fulfillmentOrder) =>
      fulfillmentOrder.lineItems.flatMap((item) => {
        const sku = skuOfLine.get(item.lineItemId);
        return sku ? [{ sku, locationId: fulfillmentOrder.locationId!, quantity: item.remainingQuantity }] : [];
      }),
    );
}

export const availabilityFromAdminApi: AvailabilityPort = async (request) => {
  const levels = request.variants
    .filter((variant) => variant.tracked && variant.sku)
    .flatMap((variant) =>
      variant.levels
        .filter((level) => level.fulfillsOnlineOrders)
        .map((level) => ({ sku: variant.sku!, locationId: level.locationId, locationName: level.locationName, available: level.available })),
    );
  return stockForOrder(levels, ownCommitments(request));
};

/**
 * The inventory mirror's stock (app/models/inventory.server.ts). A level the mirror read before
 * the order was placed does not yet count the order's own commitment, so the order's units are
 * given back only where the mirror's reading is at least as recent as the order.
 */
export function availabilityFromMirror(db: Db): AvailabilityPort {
  return async (request) => {
    if (!(await hasCompletedSync(db, request.shop))) return availabilityFromAdminApi(request);
    const skus = request.variants.flatMap((variant) => (variant.tracked && variant.sku ? [variant.sku] : []));
    const levels = await shippingStockOf(db, request.shop, skus);
    const placedAt = new Date(request.order.createdAt);
    const countsOrder = new Set(levels.filter((level) => level.readAt && level.readAt >= placedAt).map((level) => `${level.sku}|${level.locationId}`));
    return stockForOrder(
      levels,
      ownCommitments(request).filter((own) => countsOrder.has(`${own.sku}|${own.locationId}`)),
    );
  };
}

export interface ContextDeps {
  db: Db;
  graphql: AdminGraphql;
  availability: AvailabilityPort;
}

export async function buildIntakeContext(
  deps: ContextDeps,
  input: { shop: string; order: ShopifyOrder; fulfillmentOrders: readonly FulfillmentOrderState[]; config: IntakeConfig; carriers: readonly string[]; now: Date },
): Promise<IntakeContext> {
  const { order, config } = input;
  const variantIds = [...new Set(order.lineItems.flatMap((line) => (line.variantId ? [line.variantId] : [])))];
  const context: IntakeContext = { now: input.now, shopCarriers: input.carriers };

  if (config.sku.enabled || config.inventory.enabled) {
    const variants = await fetchVariants(deps.graphql, variantIds);
    const customSkus = config.sku.enabled
      ? [...new Set(order.lineItems.flatMap((line) => (!line.variantId && line.sku?.trim() ? [line.sku.trim()] : [])))]
      : [];
    const bySku = (await Promise.all(customSkus.map((sku) => findVariantBySku(deps.graphql, sku)))).filter((variant) => variant !== null);
    context.catalogue = {
      skus: [...variants, ...bySku].flatMap((variant) => (variant.sku ? [variant.sku] : [])),
      variantIds: variants.map((variant) => variant.id),
    };
    if (config.inventory.enabled) {
      context.inventory = await deps.availability({ shop: input.shop, order, fulfillmentOrders: input.fulfillmentOrders, variants });
    }
  }

  if (config.quantity.enabled && variantIds.length > 0) {
    context.quantityHistory = quantityHistory(await pastOrderLines(deps.db, input.shop, order.id), variantIds);
  }

  const email = order.email ?? order.customer?.email;
  if (config.duplicate.enabled && (order.customer || email)) {
    const since = new Date(Date.parse(order.createdAt) - config.duplicate.windowMinutes * 60_000);
    context.recentOrders = await recentOrdersOf(deps.graphql, order.customer ? { customerId: order.customer.id } : { email: email! }, since);
  }
  return context;
}
