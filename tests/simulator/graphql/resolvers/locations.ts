import { gid } from "../../ids";
import type { LocationRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, applySort } from "../search";
import { idOf, rejectUnsupportedArgs } from "./common";
import { inventoryLevelView } from "./inventory";

export function locationView(context: SimContext, location: LocationRecord): View {
  const { shop } = context;
  const levels = () => [...shop.inventoryLevels.values()].filter((level) => level.locationId === location.id);
  return {
    __typename: "Location",
    id: gid("Location", location.id),
    legacyResourceId: String(location.id),
    name: location.name,
    isActive: location.isActive,
    fulfillsOnlineOrders: location.fulfillsOnlineOrders,
    address: {
      address1: location.address?.address1 ?? null,
      address2: location.address?.address2 ?? null,
      city: location.address?.city ?? null,
      province: location.address?.province ?? null,
      provinceCode: location.address?.provinceCode ?? null,
      country: location.address?.country ?? null,
      countryCode: location.address?.countryCode ?? null,
      zip: location.address?.zip ?? null,
      phone: location.address?.phone ?? null,
    },
    createdAt: location.createdAt,
    updatedAt: location.updatedAt,
    inventoryLevels: (args: ConnectionArgs & { query?: string | null; includeInactive?: boolean }) => {
      rejectUnsupportedArgs("Location.inventoryLevels", args, ["query", "includeInactive"]);
      return connection(levels(), args, (level) => inventoryLevelView(context, level));
    },
    inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
      const itemId = idOf(inventoryItemId, "InventoryItem");
      const level = itemId === null ? undefined : shop.levelFor(itemId, location.id);
      return level ? inventoryLevelView(context, level) : null;
    },
  };
}

export function findLocation(context: SimContext, id: number): View | null {
  const location = context.shop.locations.get(id);
  return location ? locationView(context, location) : null;
}

interface LocationsArgs extends ConnectionArgs {
  query?: string | null;
  sortKey?: string | null;
  includeInactive?: boolean;
  includeLegacy?: boolean;
}

export const locationResolvers: ResolverModule = {
  query: {
    locations: (args: LocationsArgs, context) => {
      rejectUnsupportedArgs("locations", args, ["includeLegacy"]);
      const all = [...context.shop.locations.values()].filter((location) => args.includeInactive || location.isActive);
      const matching = applySearch("location", all, args.query, { name: { kind: "text", get: (l) => l.name } });
      const { sorted, sortValue } = applySort("locations", matching, args.sortKey, { ID: (l) => l.id, NAME: (l) => l.name });
      return connection(sorted, args, (location) => locationView(context, location), sortValue);
    },
    location: ({ id }: { id?: string | null }, context) => {
      if (id == null) {
        const primary = context.shop.activeLocations()[0];
        return primary ? locationView(context, primary) : null;
      }
      const numeric = idOf(id, "Location");
      return numeric === null ? null : findLocation(context, numeric);
    },
  },
  nodes: { Location: findLocation },
};
