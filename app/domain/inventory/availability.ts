// Which locations can fulfil an order line, and how much stock a variant has left against its
// low-stock threshold. Intake rules read this (as IntakeContext.inventory) and so does the admin.
import type { LocationStock } from "../intake/types";

export interface StockLocation {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
}

export interface StockItem {
  inventoryItemId: string;
  variantId: string | null;
  sku: string | null;
  tracked: boolean;
  /** The variant's own threshold, else the shop's default. */
  lowStockThreshold: number;
  /** Available units by location id. */
  available: ReadonlyMap<string, number>;
}

export type StockStatus = "out-of-stock" | "low" | "in-stock";

export function stockStatus(available: number, threshold: number): StockStatus {
  if (available <= 0) return "out-of-stock";
  return available <= threshold ? "low" : "in-stock";
}

/** Locations that take online orders: the only ones Shopify routes an order line to. */
function fulfillingLocations(locations: readonly StockLocation[]): StockLocation[] {
  return locations.filter((location) => location.isActive && location.fulfillsOnlineOrders);
}

export function totalAvailable(item: StockItem, locations: readonly StockLocation[]): number {
  return fulfillingLocations(locations).reduce((sum, location) => sum + Math.max(0, item.available.get(location.id) ?? 0), 0);
}

export interface OrderLine {
  sku?: string | null;
  variantId?: string | null;
  quantity: number;
}

export type LineStatus = "in-stock" | "split" | "out-of-stock" | "untracked" | "unknown";

export interface LineAvailability {
  line: OrderLine;
  status: LineStatus;
  /** Locations that can ship the whole line on their own, most stock first. */
  fulfilledBy: LocationStock[];
  /** Every fulfilling location's stock of the variant. */
  locations: LocationStock[];
  totalAvailable: number;
  /** After this line, the variant is at or below its threshold. */
  lowStockAfter: boolean;
}

function findItem(line: OrderLine, items: readonly StockItem[]): StockItem | undefined {
  if (line.variantId) {
    const byVariant = items.find((item) => item.variantId === line.variantId);
    if (byVariant) return byVariant;
  }
  const sku = line.sku?.trim();
  return sku ? items.find((item) => item.sku === sku) : undefined;
}

/**
 * For each line: the locations that can ship it whole, or that it must be split across several,
 * or that no location has enough. Untracked variants (Shopify does not count them) never block.
 */
export function assessLines(lines: readonly OrderLine[], items: readonly StockItem[], locations: readonly StockLocation[]): LineAvailability[] {
  const fulfilling = fulfillingLocations(locations);
  return lines.map((line) => {
    const item = findItem(line, items);
    if (!item) return { line, status: "unknown", fulfilledBy: [], locations: [], totalAvailable: 0, lowStockAfter: false };
    const stock = fulfilling.map((location) => ({ locationId: location.id, locationName: location.name, available: item.available.get(location.id) ?? 0 }));
    const total = totalAvailable(item, locations);
    const fulfilledBy = stock.filter((entry) => entry.available >= line.quantity).sort((a, b) => b.available - a.available);
    let status: LineStatus;
    if (!item.tracked) status = "untracked";
    else if (fulfilledBy.length > 0) status = "in-stock";
    else status = total >= line.quantity ? "split" : "out-of-stock";
    return { line, status, fulfilledBy, locations: stock, totalAvailable: total, lowStockAfter: item.tracked && total - line.quantity <= item.lowStockThreshold };
  });
}

/** The shape intake validation reads: by SKU, each fulfilling location's available units. */
export function intakeInventory(items: readonly StockItem[], locations: readonly StockLocation[]): Record<string, LocationStock[]> {
  const fulfilling = fulfillingLocations(locations);
  const bySku: Record<string, LocationStock[]> = {};
  for (const item of items) {
    if (!item.sku || !item.tracked) continue;
    bySku[item.sku] = fulfilling.map((location) => ({ locationId: location.id, locationName: location.name, available: item.available.get(location.id) ?? 0 }));
  }
  return bySku;
}
