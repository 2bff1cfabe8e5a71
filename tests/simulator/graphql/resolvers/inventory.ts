import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo } from "graphql";
import { gid } from "../../ids";
import {
  adjustQuantities,
  type AdjustInput,
  InventoryRequestError,
  moveQuantities,
  type MoveInput,
  type InventoryOutcome,
  setQuantities,
  type SetInput,
} from "../../inventory";
import {
  type InventoryAdjustmentGroupRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  QUANTITY_NAMES,
  type QuantityName,
} from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, RootField, SimContext, View } from "../context";
import { applySearch, type SearchFields } from "../search";
import { idOf, rejectUnsupportedArgs, requireGid } from "./common";
import { locationView } from "./locations";
import { variantView } from "./products";

function isQuantityName(name: string): name is QuantityName {
  return (QUANTITY_NAMES as readonly string[]).includes(name);
}

export function inventoryLevelView(context: SimContext, level: InventoryLevelRecord): View {
  const { shop } = context;
  return {
    __typename: "InventoryLevel",
    // Shopify's own shape: the location's id, and the item as a query parameter.
    id: gid("InventoryLevel", level.locationId, { inventory_item_id: level.itemId }),
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
    variants: (args: ConnectionArgs) => connection([shop.variants.get(item.variantId)!], args, (variant) => variantView(context, variant)),
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

/** An InventoryLevel gid names the location and carries the item as `inventory_item_id`. */
export function findInventoryLevel(context: SimContext, locationId: number, levelGid = ""): View | null {
  const itemId = Number(new URLSearchParams(levelGid.split("?")[1] ?? "").get("inventory_item_id"));
  const level = Number.isInteger(itemId) ? context.shop.levelFor(itemId, locationId) : undefined;
  return level ? inventoryLevelView(context, level) : null;
}

export function adjustmentGroupView(context: SimContext, group: InventoryAdjustmentGroupRecord): View {
  const { shop } = context;
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", group.id),
    createdAt: group.createdAt,
    reason: group.reason,
    referenceDocumentUri: group.referenceDocumentUri,
    changes: (args: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) => {
      const items = args.inventoryItemIds?.map((id) => requireGid(id).id);
      const locations = args.locationIds?.map((id) => requireGid(id).id);
      return group.changes
        .filter(
          (change) =>
            (!items || items.includes(change.itemId)) &&
            (!locations || locations.includes(change.locationId)) &&
            (!args.quantityNames || args.quantityNames.includes(change.name)),
        )
        .map((change) => ({
          __typename: "InventoryChange",
          name: change.name,
          delta: change.delta,
          quantityAfterChange: change.quantityAfterChange,
          ledgerDocumentUri: change.ledgerDocumentUri,
          item: () => inventoryItemView(context, shop.inventoryItems.get(change.itemId)!),
          location: () => locationView(context, shop.locations.get(change.locationId)!),
        }));
    },
  };
}

function findAdjustmentGroup(context: SimContext, id: number): View | null {
  const group = context.shop.adjustmentGroups.get(id);
  return group ? adjustmentGroupView(context, group) : null;
}

/**
 * The three stock mutations require @idempotent(key:) since 2026-04. The first request with a
 * key runs and its outcome is kept; the same key with the same arguments answers that outcome
 * again without applying anything; other arguments, or a key whose first run failed, are refused
 * with Shopify's IDEMPOTENCY_* codes.
 */
function idempotentStockMutation<I>(name: string, run: (context: SimContext, input: I) => InventoryOutcome): RootField {
  return ((args: { input: I }, context: SimContext, info: GraphQLResolveInfo) => {
    const directive = info.schema.getDirective("idempotent");
    const key = directive ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues)?.key : undefined;
    if (typeof key !== "string" || key === "") {
      throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", { extensions: { code: "BAD_REQUEST" } });
    }
    const payload = (outcome: InventoryOutcome) =>
      "group" in outcome
        ? { inventoryAdjustmentGroup: adjustmentGroupView(context, outcome.group), userErrors: [] }
        : { inventoryAdjustmentGroup: null, userErrors: outcome.userErrors };
    const argumentsJson = JSON.stringify(args);
    const previous = context.shop.idempotentResults.get(key);
    if (previous) {
      if (previous.mutation !== name || previous.arguments !== argumentsJson) {
        return payload({ userErrors: [{ field: null, message: "The same idempotency key cannot be used with different operation parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }] });
      }
      if ("userErrors" in previous.outcome) {
        return payload({ userErrors: [{ field: null, message: "A previous request with this idempotency key failed. Retry with a new idempotency key.", code: "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED" }] });
      }
      if ("groupId" in previous.outcome) return payload({ group: context.shop.adjustmentGroups.get(previous.outcome.groupId)! });
    }
    let outcome: InventoryOutcome;
    try {
      outcome = run(context, args.input);
    } catch (error) {
      if (error instanceof InventoryRequestError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
      throw error;
    }
    context.shop.idempotentResults.set(key, {
      mutation: name,
      arguments: argumentsJson,
      outcome: "group" in outcome ? { groupId: outcome.group.id } : { userErrors: outcome.userErrors },
    });
    return payload(outcome);
  }) as RootField;
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
      return numeric === null ? null : findInventoryLevel(context, numeric, id);
    },
  },
  mutation: {
    inventoryAdjustQuantities: idempotentStockMutation<AdjustInput>("inventoryAdjustQuantities", (context, input) =>
      adjustQuantities(context.store, context.shop, input),
    ),
    inventorySetQuantities: idempotentStockMutation<SetInput>("inventorySetQuantities", (context, input) =>
      setQuantities(context.store, context.shop, input),
    ),
    inventoryMoveQuantities: idempotentStockMutation<MoveInput>("inventoryMoveQuantities", (context, input) =>
      moveQuantities(context.store, context.shop, input),
    ),
  },
  nodes: { InventoryItem: findInventoryItem, InventoryLevel: findInventoryLevel, InventoryAdjustmentGroup: findAdjustmentGroup },
};
