import type { GraphQLResolveInfo } from "graphql";
import type { ShopState, SimStore } from "../store";

export interface SimContext {
  store: SimStore;
  shop: ShopState;
}

/**
 * What the simulator answers for one object: each schema field it implements is a property,
 * either the value itself or a function of (args, context). A field that is not a property is
 * not implemented and fails loudly.
 */
export type View = { readonly __typename: string; readonly [field: string]: unknown };

export type RootField = (args: never, context: SimContext, info: GraphQLResolveInfo) => unknown;

/** Finds one object of a type by its numeric id, for `node`/`nodes` and tag mutations. */
export type NodeLookup = (context: SimContext, id: number) => View | null;

/** One resource's share of the schema: root query and mutation fields, and its node types. */
export interface ResolverModule {
  query?: Record<string, RootField>;
  mutation?: Record<string, RootField>;
  nodes?: Record<string, NodeLookup>;
}
