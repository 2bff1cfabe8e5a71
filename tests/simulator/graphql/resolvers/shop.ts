import { gid } from "../../ids";
import type { ResolverModule, SimContext, View } from "../context";

export function shopView({ shop: { shop } }: SimContext): View {
  return {
    __typename: "Shop",
    id: gid("Shop", shop.id),
    name: shop.name,
    myshopifyDomain: shop.domain,
    email: shop.email,
    contactEmail: shop.email,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    shopOwnerName: `${shop.owner.firstName} ${shop.owner.lastName}`,
    plan: {
      displayName: shop.plan.displayName,
      publicDisplayName: shop.plan.displayName,
      partnerDevelopment: shop.plan.partnerDevelopment,
      shopifyPlus: shop.plan.shopifyPlus,
    },
    createdAt: shop.createdAt,
    updatedAt: shop.updatedAt,
  };
}

export const shopResolvers: ResolverModule = {
  query: {
    shop: (_args, context) => shopView(context),
  },
};
