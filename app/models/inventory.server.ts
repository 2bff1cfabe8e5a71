import type { Db } from "../db.server";
import {
  assessLines,
  intakeInventory,
  type OrderLine,
  type StockItem,
  type StockLocation,
  stockStatus,
  type StockStatus,
  totalAvailable,
} from "../domain/inventory/availability";
import { type Quantities, type QuantityName, QUANTITY_NAMES } from "../domain/inventory/quantities";
import type { ShopifyLocation, SnapshotItem } from "../shopify/inventory.server";

// The inventory mirror: locations, items and levels as Shopify last said, the shop's inventory
// settings, and the reads built on them (lists, low stock, availability for intake).

type LevelRow = Awaited<ReturnType<Db["inventoryLevel"]["findUniqueOrThrow"]>>;
type ItemRow = Awaited<ReturnType<Db["inventoryItem"]["findUniqueOrThrow"]>>;

const COLUMNS: Record<QuantityName, keyof LevelRow> = {
  available: "available",
  on_hand: "onHand",
  committed: "committed",
  reserved: "reserved",
  incoming: "incoming",
  damaged: "damaged",
  quality_control: "qualityControl",
  safety_stock: "safetyStock",
};

export function quantitiesOf(row: LevelRow): Quantities {
  return Object.fromEntries(QUANTITY_NAMES.map((name) => [name, row[COLUMNS[name]] as number])) as Quantities;
}

function levelColumns(quantities: Quantities) {
  return {
    available: quantities.available,
    onHand: quantities.on_hand,
    committed: quantities.committed,
    reserved: quantities.reserved,
    incoming: quantities.incoming,
    damaged: quantities.damaged,
    qualityControl: quantities.quality_control,
    safetyStock: quantities.safety_stock,
  };
}

export function levelKey(inventoryItemId: string, locationId: string): string {
  return `${inventoryItemId}|${locationId}`;
}

export async function saveLocations(db: Db, shop: string, locations: ShopifyLocation[], at = new Date()): Promise<void> {
  await db.$transaction(
    locations.map((location) =>
      db.inventoryLocation.upsert({
        where: { id: location.id },
        create: { ...location, shop, syncedAt: at },
        update: { name: location.name, isActive: location.isActive, fulfillsOnlineOrders: location.fulfillsOnlineOrders, syncedAt: at },
      }),
    ),
  );
}

export async function listLocations(db: Db, shop: string) {
  return db.inventoryLocation.findMany({ where: { shop }, orderBy: { name: "asc" } });
}

export async function findLevel(db: Db, inventoryItemId: string, locationId: string) {
  const row = await db.inventoryLevel.findUnique({ where: { inventoryItemId_locationId: { inventoryItemId, locationId } } });
  return row ? { row, quantities: quantitiesOf(row) } : null;
}

export async function saveItem(db: Db, shop: string, item: Omit<SnapshotItem, "kind">): Promise<void> {
  const data = { variantId: item.variantId, sku: item.sku, productTitle: item.productTitle, variantTitle: item.variantTitle, tracked: item.tracked };
  await db.inventoryItem.upsert({ where: { id: item.inventoryItemId }, create: { id: item.inventoryItemId, shop, ...data }, update: data });
}

export interface LevelWrite {
  inventoryItemId: string;
  locationId: string;
  quantities: Quantities;
  shopifyUpdatedAt: Date;
}

export function levelData(level: LevelWrite) {
  return { ...levelColumns(level.quantities), shopifyUpdatedAt: level.shopifyUpdatedAt };
}

export async function deleteLevel(db: Db, inventoryItemId: string, locationId: string): Promise<void> {
  await db.inventoryLevel.deleteMany({ where: { inventoryItemId, locationId } });
}

/** The mirror rows of a batch of items, for a full sync to compare against. */
export async function mirrorOf(db: Db, shop: string, inventoryItemIds: string[]) {
  const [items, levels] = await Promise.all([
    db.inventoryItem.findMany({ where: { shop, id: { in: inventoryItemIds } } }),
    db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: inventoryItemIds } } }),
  ]);
  return {
    items: new Map(items.map((item) => [item.id, item])),
    levels: new Map(levels.map((level) => [levelKey(level.inventoryItemId, level.locationId), level])),
  };
}

export async function mirrorKeys(db: Db, shop: string) {
  const [items, levels] = await Promise.all([
    db.inventoryItem.findMany({ where: { shop }, select: { id: true, updatedAt: true } }),
    db.inventoryLevel.findMany({ where: { shop }, select: { inventoryItemId: true, locationId: true, observedAt: true } }),
  ]);
  return { items, levels };
}

export async function deleteItemsAndLevels(db: Db, shop: string, itemIds: string[], levels: Array<{ inventoryItemId: string; locationId: string }>): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < levels.length; i += chunk) {
    await db.$transaction(
      levels.slice(i, i + chunk).map(({ inventoryItemId, locationId }) => db.inventoryLevel.deleteMany({ where: { shop, inventoryItemId, locationId } })),
    );
  }
  for (let i = 0; i < itemIds.length; i += chunk) {
    await db.inventoryItem.deleteMany({ where: { shop, id: { in: itemIds.slice(i, i + chunk) } } });
  }
}

// ——— settings ———

export async function inventorySettings(db: Db, shop: string) {
  return (await db.inventorySettings.findUnique({ where: { shop } })) ?? { shop, lowStockThreshold: 5, driftRule: "review", driftRuleMaxUnits: null, updatedAt: new Date(0) };
}

export async function saveInventorySettings(db: Db, shop: string, settings: { lowStockThreshold: number; driftRule: string; driftRuleMaxUnits: number | null }) {
  await db.inventorySettings.upsert({ where: { shop }, create: { shop, ...settings }, update: settings });
}

export async function setLowStockThreshold(db: Db, shop: string, inventoryItemId: string, threshold: number | null): Promise<boolean> {
  const { count } = await db.inventoryItem.updateMany({ where: { shop, id: inventoryItemId }, data: { lowStockThreshold: threshold } });
  return count === 1;
}

// ——— reads for the admin and for intake ———

function levelsByItem(levels: LevelRow[]): Map<string, LevelRow[]> {
  const byItem = new Map<string, LevelRow[]>();
  for (const level of levels) byItem.set(level.inventoryItemId, [...(byItem.get(level.inventoryItemId) ?? []), level]);
  return byItem;
}

function toStockLocation(row: { id: string; name: string; isActive: boolean; fulfillsOnlineOrders: boolean }): StockLocation {
  return { id: row.id, name: row.name, isActive: row.isActive, fulfillsOnlineOrders: row.fulfillsOnlineOrders };
}

function toStockItem(item: ItemRow, levels: LevelRow[], defaultThreshold: number): StockItem {
  return {
    inventoryItemId: item.id,
    variantId: item.variantId,
    sku: item.sku,
    tracked: item.tracked,
    lowStockThreshold: item.lowStockThreshold ?? defaultThreshold,
    available: new Map(levels.map((level) => [level.locationId, level.available])),
  };
}

async function stockOf(db: Db, shop: string, where: { skus?: string[]; variantIds?: string[] }) {
  const filters = [
    ...(where.skus?.length ? [{ sku: { in: where.skus } }] : []),
    ...(where.variantIds?.length ? [{ variantId: { in: where.variantIds } }] : []),
  ];
  const [settings, locations, items] = await Promise.all([
    inventorySettings(db, shop),
    listLocations(db, shop),
    filters.length ? db.inventoryItem.findMany({ where: { shop, OR: filters } }) : Promise.resolve([]),
  ]);
  const levels = items.length ? await db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: items.map((item) => item.id) } } }) : [];
  const byItem = levelsByItem(levels);
  return {
    locations: locations.map(toStockLocation),
    items: items.map((item) => toStockItem(item, byItem.get(item.id) ?? [], settings.lowStockThreshold)),
  };
}

/**
 * Which locations can fulfil each order line, from the mirror: for intake rules and for the
 * admin. Lines are matched by variant id, else by SKU.
 */
export async function availability(db: Db, shop: string, lines: OrderLine[]) {
  const stock = await stockOf(db, shop, {
    skus: lines.flatMap((line) => (line.sku ? [line.sku] : [])),
    variantIds: lines.flatMap((line) => (line.variantId ? [line.variantId] : [])),
  });
  return assessLines(lines, stock.items, stock.locations);
}

/**
 * For intake: each tracked SKU's available units at the locations that fulfil online orders, with
 * when the mirror last read each level from Shopify.
 */
export async function shippingStockOf(db: Db, shop: string, skus: string[]) {
  const stock = await stockOf(db, shop, { skus });
  const readAt = new Map<string, Date | null>();
  if (stock.items.length) {
    const levels = await db.inventoryLevel.findMany({
      where: { shop, inventoryItemId: { in: stock.items.map((item) => item.inventoryItemId) } },
      select: { inventoryItemId: true, locationId: true, shopifyUpdatedAt: true },
    });
    for (const level of levels) readAt.set(levelKey(level.inventoryItemId, level.locationId), level.shopifyUpdatedAt);
  }
  const skuOf = new Map(stock.items.map((item) => [item.sku, item.inventoryItemId]));
  return Object.entries(intakeInventory(stock.items, stock.locations)).flatMap(([sku, levels]) =>
    levels.map((level) => ({ sku, ...level, readAt: readAt.get(levelKey(skuOf.get(sku)!, level.locationId)) ?? null })),
  );
}

export interface InventoryRow {
  inventoryItemId: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string;
  tracked: boolean;
  threshold: number;
  ownThreshold: number | null;
  byLocation: Record<string, Quantities>;
  totalAvailable: number;
  status: StockStatus;
}

export interface InventoryFilter {
  shop: string;
  search?: string;
  locationId?: string;
  status?: StockStatus;
  take: number;
  skip: number;
}

/**
 * The inventory page: every item's levels read once, then the shop-wide counts, the units by
 * state per location, and the filtered, paged rows. Search ignores case in both database flavours.
 */
export async function inventoryOverview(db: Db, filter: InventoryFilter) {
  const [settings, locations, items, sums] = await Promise.all([
    inventorySettings(db, filter.shop),
    listLocations(db, filter.shop),
    db.inventoryItem.findMany({ where: { shop: filter.shop }, orderBy: [{ productTitle: "asc" }, { sku: "asc" }] }),
    db.inventoryLevel.groupBy({
      by: ["locationId"],
      where: { shop: filter.shop },
      _sum: { available: true, committed: true, reserved: true, damaged: true, qualityControl: true, safetyStock: true, incoming: true },
    }),
  ]);
  const rows = await rowsFor(db, filter.shop, items, locations, settings.lowStockThreshold);
  const tracked = rows.filter((row) => row.tracked);
  const search = filter.search?.trim().toLowerCase();
  const matching = rows.filter(
    (row) =>
      (!search || [row.sku, row.productTitle, row.variantTitle].some((text) => text?.toLowerCase().includes(search))) &&
      (!filter.locationId || filter.locationId in row.byLocation) &&
      (!filter.status || (row.tracked && row.status === filter.status)),
  );
  return {
    rows: matching.slice(filter.skip, filter.skip + filter.take),
    total: matching.length,
    locations,
    summary: {
      skus: rows.length,
      outOfStock: tracked.filter((row) => row.status === "out-of-stock").length,
      low: tracked.filter((row) => row.status === "low").length,
    },
    byLocation: locations.map((location) => {
      const sum = sums.find((entry) => entry.locationId === location.id)?._sum;
      return {
        locationId: location.id,
        name: location.name,
        available: sum?.available ?? 0,
        committed: sum?.committed ?? 0,
        unavailable: (sum?.reserved ?? 0) + (sum?.damaged ?? 0) + (sum?.qualityControl ?? 0) + (sum?.safetyStock ?? 0),
        incoming: sum?.incoming ?? 0,
      };
    }),
  };
}

async function rowsFor(db: Db, shop: string, items: ItemRow[], locations: Awaited<ReturnType<typeof listLocations>>, defaultThreshold: number): Promise<InventoryRow[]> {
  const levels: LevelRow[] = [];
  const ids = items.map((item) => item.id);
  for (let i = 0; i < ids.length; i += 500) {
    levels.push(...(await db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: ids.slice(i, i + 500) } } })));
  }
  const byItem = levelsByItem(levels);
  const stockLocations = locations.map(toStockLocation);
  return items.map((item) => {
    const itemLevels = byItem.get(item.id) ?? [];
    const stock = toStockItem(item, itemLevels, defaultThreshold);
    const total = totalAvailable(stock, stockLocations);
    return {
      inventoryItemId: item.id,
      sku: item.sku,
      productTitle: item.productTitle,
      variantTitle: item.variantTitle,
      tracked: item.tracked,
      threshold: stock.lowStockThreshold,
      ownThreshold: item.lowStockThreshold,
      byLocation: Object.fromEntries(itemLevels.map((level) => [level.locationId, quantitiesOf(level)])),
      totalAvailable: total,
      status: stockStatus(total, stock.lowStockThreshold),
    };
  });
}

/** Tracked items that are out of stock or at/below their threshold, the emptiest first. */
export async function lowStock(db: Db, shop: string) {
  const [settings, locations, items] = await Promise.all([
    inventorySettings(db, shop),
    listLocations(db, shop),
    db.inventoryItem.findMany({ where: { shop, tracked: true }, orderBy: [{ productTitle: "asc" }, { sku: "asc" }] }),
  ]);
  const rows = await rowsFor(db, shop, items, locations, settings.lowStockThreshold);
  const low = rows.filter((row) => row.status !== "in-stock").sort((a, b) => a.totalAvailable - a.threshold - (b.totalAvailable - b.threshold));
  return { rows: low, locations, defaultThreshold: settings.lowStockThreshold };
}

export async function inventoryItem(db: Db, shop: string, inventoryItemId: string) {
  const item = await db.inventoryItem.findFirst({ where: { shop, id: inventoryItemId } });
  if (!item) return null;
  const [settings, locations] = await Promise.all([inventorySettings(db, shop), listLocations(db, shop)]);
  const [row] = await rowsFor(db, shop, [item], locations, settings.lowStockThreshold);
  return { row, locations, defaultThreshold: settings.lowStockThreshold };
}
