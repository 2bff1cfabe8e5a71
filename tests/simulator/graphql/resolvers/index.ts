// The one place where every resource's resolvers are combined. A new resource (returns,
// refunds, bulk operations…) adds a file beside these and one entry to MODULES.
import { GraphQLError } from "graphql";
import type { NodeLookup, ResolverModule, RootField, SimContext, View } from "../context";
import { requireGid } from "./common";
import { bulkOperationResolvers } from "./bulk-operations";
import { customerResolvers } from "./customers";
import { fulfillmentOrderResolvers } from "./fulfillment-orders";
import { fulfillmentResolvers } from "./fulfillments";
import { inventoryResolvers } from "./inventory";
import { locationResolvers } from "./locations";
import { orderResolvers } from "./orders";
import { productResolvers } from "./products";
import { returnResolvers } from "./returns";
import { shopResolvers } from "./shop";
import { tagResolvers } from "./tags";

const MODULES: ResolverModule[] = [
  shopResolvers,
  locationResolvers,
  productResolvers,
  inventoryResolvers,
  customerResolvers,
  orderResolvers,
  fulfillmentOrderResolvers,
  fulfillmentResolvers,
  returnResolvers,
  tagResolvers,
  bulkOperationResolvers,
];

function merge<T>(kind: string, parts: Array<Record<string, T> | undefined>): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part ?? {})) {
      if (name in merged) throw new Error(`Simulator: ${kind} ${name} is defined by two resolver modules`);
      merged[name] = value;
    }
  }
  return merged;
}

const nodeLookups: Record<string, NodeLookup> = merge("node type", MODULES.map((module) => module.nodes));

export function findNode(context: SimContext, id: string): View | null {
  const parsed = requireGid(id);
  const lookup = nodeLookups[parsed.type];
  if (!lookup) throw new GraphQLError(`Simulator: node type ${parsed.type} is not implemented`);
  return lookup(context, parsed.id, id);
}

export interface RootResolvers {
  query: Record<string, RootField>;
  mutation: Record<string, RootField>;
}

export const rootResolvers: RootResolvers = {
  query: {
    ...merge("query field", MODULES.map((module) => module.query)),
    node: ({ id }: { id: string }, context) => findNode(context, id),
    nodes: ({ ids }: { ids: string[] }, context) => ids.map((id) => findNode(context, id)),
  },
  mutation: merge("mutation field", MODULES.map((module) => module.mutation)),
};
