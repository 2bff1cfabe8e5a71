import { gid } from "../../ids";
import { formatCents, type ProductRecord, type VariantRecord } from "../../store";
import { connection, type ConnectionArgs } from "../connection";
import type { ResolverModule, SimContext, View } from "../context";
import { applySearch, applySort, type SearchFields } from "../search";
import { idOf, rejectUnsupportedArgs } from "./common";
import { inventoryItemView } from "./inventory";

const VARIANT_SORT_KEYS = {
  ID: (variant: VariantRecord) => variant.id,
  POSITION: (variant: VariantRecord) => variant.position,
  SKU: (variant: VariantRecord) => variant.sku,
  TITLE: (variant: VariantRecord) => variant.title,
};

interface ListArgs extends ConnectionArgs {
  query?: string | null;
  sortKey?: string | null;
  savedSearchId?: string | null;
}

export function productView(context: SimContext, product: ProductRecord): View {
  const { shop } = context;
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    status: product.status,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    // The simulated shop has no collections yet: every product is in none.
    collections: (args: ConnectionArgs) => connection([] as Array<{ id: number }>, args, () => null),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    variants: (args: ConnectionArgs & { sortKey?: string | null }) => {
      const variants = product.variantIds.map((id) => shop.variants.get(id)!);
      const { sorted, sortValue } = applySort("product variants", variants, args.sortKey ?? "POSITION", VARIANT_SORT_KEYS);
      return connection(sorted, args, (variant) => variantView(context, variant), sortValue);
    },
  };
}

export function availableQuantity(context: SimContext, variant: VariantRecord): number {
  return context.shop.levelsOfItem(variant.inventoryItemId).reduce((sum, level) => sum + level.quantities.available, 0);
}

export function variantView(context: SimContext, variant: VariantRecord): View {
  const { shop } = context;
  const product = shop.products.get(variant.productId)!;
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: formatCents(variant.price),
    inventoryQuantity: availableQuantity(context, variant),
    product: () => productView(context, product),
    inventoryItem: () => inventoryItemView(context, shop.inventoryItems.get(variant.inventoryItemId)!),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

export function findProduct(context: SimContext, id: number): View | null {
  const product = context.shop.products.get(id);
  return product ? productView(context, product) : null;
}

export function findVariant(context: SimContext, id: number): View | null {
  const variant = context.shop.variants.get(id);
  return variant ? variantView(context, variant) : null;
}

const PRODUCT_SEARCH: SearchFields<ProductRecord> = {
  id: { kind: "number", get: (p) => p.id },
  title: { kind: "text", get: (p) => p.title },
  handle: { kind: "text", get: (p) => p.handle },
  tag: { kind: "text", get: (p) => p.tags },
  tag_not: { kind: "not-text", get: (p) => p.tags },
  vendor: { kind: "text", get: (p) => p.vendor },
  product_type: { kind: "text", get: (p) => p.productType },
  status: { kind: "text", get: (p) => p.status },
  created_at: { kind: "date", get: (p) => p.createdAt },
  updated_at: { kind: "date", get: (p) => p.updatedAt },
};

const VARIANT_SEARCH: SearchFields<VariantRecord> = {
  id: { kind: "number", get: (v) => v.id },
  sku: { kind: "text", get: (v) => v.sku },
  barcode: { kind: "text", get: (v) => v.barcode },
  title: { kind: "text", get: (v) => v.title },
  product_id: { kind: "number", get: (v) => v.productId },
  created_at: { kind: "date", get: (v) => v.createdAt },
  updated_at: { kind: "date", get: (v) => v.updatedAt },
};

export const productResolvers: ResolverModule = {
  query: {
    products: (args: ListArgs, context) => {
      rejectUnsupportedArgs("products", args, ["savedSearchId"]);
      const matching = applySearch("product", [...context.shop.products.values()], args.query, PRODUCT_SEARCH);
      const { sorted, sortValue } = applySort("products", matching, args.sortKey, {
        ID: (p) => p.id,
        TITLE: (p) => p.title,
        VENDOR: (p) => p.vendor,
        PRODUCT_TYPE: (p) => p.productType,
        CREATED_AT: (p) => p.createdAt,
        UPDATED_AT: (p) => p.updatedAt,
      });
      return connection(sorted, args, (product) => productView(context, product), sortValue);
    },
    product: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "Product");
      return numeric === null ? null : findProduct(context, numeric);
    },
    productVariants: (args: ListArgs, context) => {
      rejectUnsupportedArgs("productVariants", args, ["savedSearchId"]);
      const matching = applySearch("product variant", [...context.shop.variants.values()], args.query, VARIANT_SEARCH);
      const { sorted, sortValue } = applySort("productVariants", matching, args.sortKey, VARIANT_SORT_KEYS);
      return connection(sorted, args, (variant) => variantView(context, variant), sortValue);
    },
    productVariant: ({ id }: { id: string }, context) => {
      const numeric = idOf(id, "ProductVariant");
      return numeric === null ? null : findVariant(context, numeric);
    },
  },
  nodes: { Product: findProduct, ProductVariant: findVariant },
};
