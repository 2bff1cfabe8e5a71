import { GraphQLError } from "graphql";
import type { TagTarget } from "../../store";
import type { NodeLookup, ResolverModule, SimContext } from "../context";
import { requireGid } from "./common";
import { findCustomer } from "./customers";
import { findOrder } from "./orders";
import { findProduct } from "./products";

const TAGGABLE: Record<TagTarget["type"], NodeLookup> = {
  Order: findOrder,
  Product: findProduct,
  Customer: findCustomer,
};

function isTaggable(type: string): type is TagTarget["type"] {
  return type in TAGGABLE;
}

function changeTags(mutation: string, op: "add" | "remove") {
  return ({ id, tags }: { id: string; tags: string[] }, context: SimContext) => {
    const parsed = requireGid(id);
    if (!isTaggable(parsed.type)) {
      throw new GraphQLError(`Simulator: ${mutation} on ${parsed.type} is not implemented (only Order, Product, Customer)`);
    }
    const result = context.store.changeTags(context.shop.domain, { type: parsed.type, id: parsed.id }, tags, op);
    if (!result) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
    return { node: TAGGABLE[parsed.type](context, parsed.id), userErrors: [] };
  };
}

export const tagResolvers: ResolverModule = {
  mutation: {
    tagsAdd: changeTags("tagsAdd", "add"),
    tagsRemove: changeTags("tagsRemove", "remove"),
  },
};
