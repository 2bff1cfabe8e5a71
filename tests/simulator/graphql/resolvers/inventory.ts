import { GraphQLError } from "graphql";
import { gid } from "../../ids";
import { type InventoryItemRecord, type InventoryLevelRecord, QUANTITY_NAMES, type QuantityName } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, type SearchFields } from "../search";
import { idOf, rejectUnsupportedArgs } from "./common";
import { locationView } from "./locations";
import { variantView } from "./products";

function isQuantityName(name: string): name is QuantityName {
  return (QUANTITY_NAMES as readonly string[]).includes(name);
}

export function inventoryLevelView(context: SimContext, level: InventoryLevelRecord): View {
  const { shop } = context;
  return {
    __typename: "InventoryLevel",
    id: gid("InventoryLevel", level.id, { inventory_item_id: level.itemId }),
    isActive: true,
    location: () => locationView(context, shop.locations.get(level.locationId)!),
    item: () => inventoryItemView(context, shop.inventoryItems.get(level.itemId)!),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => {
        if (!isQuantityName(name)) {
          throw new GraphQLError(`The quantity name '${name}' is not valid. Valid names are: ${QUANTITY_NAMES.join(", ")}`);
        }
        return {
          __typename: "InventoryQuantity",
          id: gid("InventoryQuantity", level.id, { inventory_item_id: level.itemId, name }),
          name,
          quantity: level.quantities[name],
          updatedAt: level.updatedAt,
        };
      }),
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
  };
}

export function inventoryItemView(context: SimContext, item: InventoryItemRecord): View {
  const { shop } = context;
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", item.id),
    legacyResourceId: String(item.id),
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: item.requiresShipping,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    variant: () => variantView(context, shop.variants.get(item.variantId)!),
    inventoryLevels: (args: ConnectionArgs & { query?: string | null; includeInactive?: boolean }) => {
      rejectUnsupportedArgs("InventoryItem.inventoryLevels", args, ["query", "includeInactive"]);
      return connection(shop.levelsOfItem(item.id), args, (level) => inventoryLevelView(context, level));
    },
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const location = idOf(locationId, "Location");
      const level = location === null ? undefined : shop.levelFor(item.id, location);
      return level ? inventoryLevelView(context, level) : null;
    },
  };
}

export function findInventoryItem(context: SimContext, id: number): View | null {
  const item = context.shop.inventoryItems.get(id);
  return item ? inventoryItemView(context, item) : null;
}

export function findInventoryLevel(context: SimContext, id: number): View | null {
  const level = context.shop.inventoryLevels.get(id);
  return level ? inventoryLevelView(context, level) : null;
}

const ITEM_SEARCH: SearchFields<InventoryItemRecord> = {
  id: { kind: "number", get: (i) => i.id },
  sku: { kind: "text", get: (i) => i.sku },
  created_at: { kind: "date", get: (i) => i.createdAt },
  updated_at: { kind: "date", get: (i) => i.updatedAt },
};

export const inventoryResolvers: ResolverModule = {
  query: {
    inventoryItems: (args: ConnectionArgs & { query?: string | null }, context) => {
      const items = applySearch("inventory item", [...context.shop.inventoryItems.values()], args.query, ITEM_SEARCH);
      return connection(items, args, (item) => inventoryItemView(context, item));
    },
    inventoryItem: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "InventoryItem");
      return numeric === null ? null : findInventoryItem(context, numeric);
    },
    inventoryLevel: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "InventoryLevel");
      return numeric === null ? null : findInventoryLevel(context, numeric);
    },
  },
  nodes: { InventoryItem: findInventoryItem, InventoryLevel: findInventoryLevel },
};
