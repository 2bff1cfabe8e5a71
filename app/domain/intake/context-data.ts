import type { LocationStock, QuantityStats } from "./types";

// Pure helpers that turn what the app looked up into the rules' IntakeContext.

/**
 * Per variant: how many of the shop's past orders asked for it, and the median and 95th
 * percentile (nearest rank) of the quantity one order asked for.
 */
export function quantityHistory(
  pastOrders: ReadonlyArray<{ lineItems: ReadonlyArray<{ variantId: string | null; quantity: number }> }>,
  variantIds: readonly string[],
): Record<string, QuantityStats> {
  const wanted = new Set(variantIds);
  const perVariant = new Map<string, number[]>();
  for (const order of pastOrders) {
    const perOrder = new Map<string, number>();
    for (const line of order.lineItems) {
      if (line.variantId && wanted.has(line.variantId)) perOrder.set(line.variantId, (perOrder.get(line.variantId) ?? 0) + line.quantity);
    }
    for (const [variantId, quantity] of perOrder) perVariant.set(variantId, [...(perVariant.get(variantId) ?? []), quantity]);
  }
  const stats: Record<string, QuantityStats> = {};
  for (const [variantId, quantities] of perVariant) {
    const sorted = [...quantities].sort((a, b) => a - b);
    stats[variantId] = { orders: sorted.length, median: nearestRank(sorted, 0.5), p95: nearestRank(sorted, 0.95) };
  }
  return stats;
}

function nearestRank(sorted: readonly number[], percentile: number): number {
  return sorted[Math.max(0, Math.ceil(percentile * sorted.length) - 1)];
}

export interface StockLevel {
  sku: string;
  locationId: string;
  locationName: string;
  available: number;
}

/**
 * Stock by SKU as this order sees it. Shopify counts an order's own units as committed at the
 * location its fulfillment order is assigned to, which takes them out of `available`; they are
 * added back there, or the order would compete with itself.
 */
export function stockForOrder(
  levels: readonly StockLevel[],
  ownCommitments: ReadonlyArray<{ sku: string; locationId: string; quantity: number }>,
): Record<string, LocationStock[]> {
  const stock: Record<string, LocationStock[]> = {};
  for (const level of levels) {
    const own = ownCommitments
      .filter((commitment) => commitment.sku === level.sku && commitment.locationId === level.locationId)
      .reduce((sum, commitment) => sum + commitment.quantity, 0);
    (stock[level.sku] ??= []).push({ locationId: level.locationId, locationName: level.locationName, available: level.available + own });
  }
  return stock;
}
