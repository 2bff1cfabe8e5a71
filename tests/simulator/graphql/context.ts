import type { GraphQLResolveInfo } from "graphql";
import type { ShopState, SimStore } from "../store";

export interface SimContext {
  store: SimStore;
  shop: ShopState;
  /** Runs a bulk query over the shop's state now: its JSONL lines, or why Shopify would refuse it. */
  runBulkQuery: (query: string) => Promise<BulkQueryResult>;
}

export type BulkQueryResult =
  | { lines: string[]; rootObjectCount: number }
  | { userErrors: Array<{ field: string[] | null; message: string; code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" }> };

/**
 * What the simulator answers for one object: each schema field it implements is a property,
 * either the value itself or a function of (args, context). A field that is not a property is
 * not implemented and fails loudly.
 */
export type View = { readonly __typename: string; readonly [field: string]: unknown };

export type RootField = (args: never, context: SimContext, info: GraphQLResolveInfo) => unknown;

/** Finds one object of a type by its numeric id (the whole gid too, for ids that carry a query), for `node`/`nodes` and tag mutations. */
export type NodeLookup = (context: SimContext, id: number, gid?: string) => View | null;

/** One resource's share of the schema: root query and mutation fields, and its node types. */
export interface ResolverModule {
  query?: Record<string, RootField>;
  mutation?: Record<string, RootField>;
  nodes?: Record<string, NodeLookup>;
}
