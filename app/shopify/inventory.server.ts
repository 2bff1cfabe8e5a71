import { type Quantities, QUANTITY_NAMES } from "../domain/inventory/quantities";
import { adminRequest, AdminApiError, assertNoUserErrors, type AdminGraphql, type UserError } from "./admin-client.server";
import { runBulkQuery, streamJsonl } from "./bulk-operations.server";

// Inventory on Shopify: locations, the whole inventory as one bulk query, one level as it is
// now, and the three stock mutations. Plain objects out, never raw edges.

// Run as a bulk operation: every variant with its inventory item, and each item's levels as
// lines of their own (`__parentId` the variant). Variants rather than inventory items at the
// root because InventoryItem.variant is deprecated and a variants connection would add a level.
const INVENTORY_SNAPSHOT_QUERY = `#graphql
  query InventorySnapshot {
    productVariants {
      edges {
        node {
          id
          sku
          title
          product { title }
          inventoryItem {
            id
            tracked
            inventoryLevels {
              edges {
                node {
                  updatedAt
                  item { id }
                  location { id }
                  quantities(names: ["available", "on_hand", "committed", "reserved", "incoming", "damaged", "quality_control", "safety_stock"]) { name quantity }
                }
              }
            }
          }
        }
      }
    }
  }
`;

const LOCATIONS_QUERY = `#graphql
  query InventoryLocations($after: String) {
    locations(first: 100, after: $after, includeInactive: true) {
      nodes { id name isActive fulfillsOnlineOrders }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const LEVEL_QUERY = `#graphql
  query InventoryLevelNow($item: ID!, $location: ID!) {
    inventoryItem(id: $item) {
      id
      sku
      tracked
      variants(first: 1) { nodes { id title product { title } } }
      inventoryLevel(locationId: $location) {
        updatedAt
        quantities(names: ["available", "on_hand", "committed", "reserved", "incoming", "damaged", "quality_control", "safety_stock"]) { name quantity }
      }
    }
  }
`;

const ADJUSTMENT_GROUP_FIELDS = `#graphql
  fragment StockAdjustmentGroup on InventoryAdjustmentGroup {
    id
    createdAt
    changes { name delta quantityAfterChange item { id } location { id } }
  }
`;

const INVENTORY_ADJUST = `#graphql
  mutation InventoryAdjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { ...StockAdjustmentGroup }
      userErrors { field message code }
    }
  }
  ${ADJUSTMENT_GROUP_FIELDS}
`;

const INVENTORY_SET = `#graphql
  mutation InventorySet($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { ...StockAdjustmentGroup }
      userErrors { field message code }
    }
  }
  ${ADJUSTMENT_GROUP_FIELDS}
`;

const INVENTORY_MOVE = `#graphql
  mutation InventoryMove($input: InventoryMoveQuantitiesInput!, $key: String!) {
    inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { ...StockAdjustmentGroup }
      userErrors { field message code }
    }
  }
  ${ADJUSTMENT_GROUP_FIELDS}
`;

export interface ShopifyLocation {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
}

export interface SnapshotItem {
  kind: "item";
  inventoryItemId: string;
  variantId: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string;
  tracked: boolean;
}

export interface SnapshotLevel {
  kind: "level";
  inventoryItemId: string;
  locationId: string;
  quantities: Quantities;
  updatedAt: string;
}

export type SnapshotRecord = SnapshotItem | SnapshotLevel;

export interface LevelNow {
  item: Omit<SnapshotItem, "kind"> | null;
  level: { quantities: Quantities; updatedAt: string } | null;
}

export interface StockAdjustment {
  groupId: string;
  createdAt: string;
  changes: Array<{ inventoryItemId: string; locationId: string; name: string; delta: number; quantityAfterChange: number | null }>;
}

type RawQuantities = Array<{ name: string; quantity: number }>;

function toQuantities(raw: RawQuantities): Quantities {
  const quantities = Object.fromEntries(QUANTITY_NAMES.map((name) => [name, 0])) as Quantities;
  for (const { name, quantity } of raw) if (name in quantities) quantities[name as keyof Quantities] = quantity;
  return quantities;
}

/** Every location of the shop, inactive ones included. */
export async function fetchLocations(graphql: AdminGraphql): Promise<ShopifyLocation[]> {
  const locations: ShopifyLocation[] = [];
  let after: string | null = null;
  do {
    const { locations: page }: { locations: { nodes: ShopifyLocation[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await adminRequest(graphql, LOCATIONS_QUERY, { after });
    locations.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return locations;
}

export function startInventorySnapshot(graphql: AdminGraphql) {
  return runBulkQuery(graphql, INVENTORY_SNAPSHOT_QUERY);
}

/** The snapshot's result file as items and levels, one at a time. */
export async function* readInventorySnapshot(url: string, fetchImpl?: typeof fetch): AsyncGenerator<SnapshotRecord> {
  for await (const line of streamJsonl(url, fetchImpl)) {
    if (typeof line.__parentId === "string") {
      const level = line as { item: { id: string }; location: { id: string }; quantities: RawQuantities; updatedAt: string };
      yield { kind: "level", inventoryItemId: level.item.id, locationId: level.location.id, quantities: toQuantities(level.quantities), updatedAt: level.updatedAt };
    } else {
      const variant = line as { id: string; sku: string | null; title: string; product: { title: string }; inventoryItem: { id: string; tracked: boolean } };
      yield {
        kind: "item",
        inventoryItemId: variant.inventoryItem.id,
        variantId: variant.id,
        sku: variant.sku || null,
        productTitle: variant.product.title,
        variantTitle: variant.title,
        tracked: variant.inventoryItem.tracked,
      };
    }
  }
}

/** One item and its level at one location as Shopify has them now. */
export async function fetchLevelNow(graphql: AdminGraphql, inventoryItemId: string, locationId: string): Promise<LevelNow> {
  const { inventoryItem } = await adminRequest<{
    inventoryItem: {
      id: string;
      sku: string | null;
      tracked: boolean;
      variants: { nodes: Array<{ id: string; title: string; product: { title: string } }> };
      inventoryLevel: { updatedAt: string; quantities: RawQuantities } | null;
    } | null;
  }>(graphql, LEVEL_QUERY, { item: inventoryItemId, location: locationId });
  if (!inventoryItem) return { item: null, level: null };
  const variant = inventoryItem.variants.nodes[0];
  return {
    item: variant
      ? {
          inventoryItemId: inventoryItem.id,
          variantId: variant.id,
          sku: inventoryItem.sku || null,
          productTitle: variant.product.title,
          variantTitle: variant.title,
          tracked: inventoryItem.tracked,
        }
      : null,
    level: inventoryItem.inventoryLevel
      ? { quantities: toQuantities(inventoryItem.inventoryLevel.quantities), updatedAt: inventoryItem.inventoryLevel.updatedAt }
      : null,
  };
}

interface RawGroup {
  id: string;
  createdAt: string;
  changes: Array<{ name: string; delta: number; quantityAfterChange: number | null; item: { id: string } | null; location: { id: string } | null }>;
}

type StockPayload = { inventoryAdjustmentGroup: RawGroup | null; userErrors: UserError[] } | null;

function toAdjustment(operation: string, payload: StockPayload): StockAdjustment {
  assertNoUserErrors(operation, payload);
  const group = payload!.inventoryAdjustmentGroup;
  if (!group) throw new AdminApiError(`${operation} returned no adjustment group`, payload);
  return {
    groupId: group.id,
    createdAt: group.createdAt,
    changes: group.changes.map((change) => ({
      inventoryItemId: change.item?.id ?? "",
      locationId: change.location?.id ?? "",
      name: change.name,
      delta: change.delta,
      quantityAfterChange: change.quantityAfterChange,
    })),
  };
}

export interface AdjustInput {
  name: string;
  reason: string;
  referenceDocumentUri: string | null;
  changes: Array<{ inventoryItemId: string; locationId: string; delta: number; changeFromQuantity: number | null; ledgerDocumentUri: string | null }>;
}

export async function adjustQuantities(graphql: AdminGraphql, input: AdjustInput, key: string): Promise<StockAdjustment> {
  const data = await adminRequest<{ inventoryAdjustQuantities: StockPayload }>(graphql, INVENTORY_ADJUST, { input, key });
  return toAdjustment("inventoryAdjustQuantities", data.inventoryAdjustQuantities);
}

export interface SetInput {
  name: string;
  reason: string;
  referenceDocumentUri: string | null;
  quantities: Array<{ inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity: number | null }>;
}

export async function setQuantities(graphql: AdminGraphql, input: SetInput, key: string): Promise<StockAdjustment> {
  const data = await adminRequest<{ inventorySetQuantities: StockPayload }>(graphql, INVENTORY_SET, { input, key });
  return toAdjustment("inventorySetQuantities", data.inventorySetQuantities);
}

interface MoveTerminal {
  locationId: string;
  name: string;
  changeFromQuantity: number | null;
  ledgerDocumentUri: string | null;
}

export interface MoveInput {
  reason: string;
  referenceDocumentUri: string;
  changes: Array<{ inventoryItemId: string; quantity: number; from: MoveTerminal; to: MoveTerminal }>;
}

export async function moveQuantities(graphql: AdminGraphql, input: MoveInput, key: string): Promise<StockAdjustment> {
  const data = await adminRequest<{ inventoryMoveQuantities: StockPayload }>(graphql, INVENTORY_MOVE, { input, key });
  return toAdjustment("inventoryMoveQuantities", data.inventoryMoveQuantities);
}
