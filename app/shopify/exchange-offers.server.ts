import { fromDecimalAmount, type Minor } from "../domain/returns";
import { adminRequest, type AdminGraphql } from "./admin-client.server";

// What a customer may exchange for: the variants of the products on the order (and any other
// variant the request names), with the price they would pay and Shopify's stock per location.

const OFFER_VARIANT = `#graphql
  fragment ReturnOfferVariant on ProductVariant {
    id
    title
    price
    product { id title }
    inventoryItem {
      inventoryLevels(first: 8) {
        nodes {
          location { id isActive }
          quantities(names: ["available"]) { name quantity }
        }
      }
    }
  }
`;

const PRODUCT_VARIANTS = `#graphql
  query ReturnOfferProducts($ids: [ID!]!) {
    shop { currencyCode }
    nodes(ids: $ids) {
      ... on Product {
        variants(first: 20) { nodes { ...ReturnOfferVariant } }
      }
    }
  }
  ${OFFER_VARIANT}
`;

const VARIANTS = `#graphql
  query ReturnOfferVariants($ids: [ID!]!) {
    shop { currencyCode }
    nodes(ids: $ids) { ...ReturnOfferVariant }
  }
  ${OFFER_VARIANT}
`;

export interface OfferVariant {
  id: string;
  productId: string;
  /** "Product — Variant", for the customer. */
  title: string;
  variantTitle: string;
  unitPrice: Minor;
  levels: Array<{ locationId: string; available: number }>;
}

interface RawVariant {
  id: string;
  title: string;
  price: string;
  product: { id: string; title: string };
  inventoryItem: { inventoryLevels: { nodes: Array<{ location: { id: string; isActive: boolean }; quantities: Array<{ name: string; quantity: number }> }> } };
}

function toOffer(raw: RawVariant, currencyCode: string): OfferVariant {
  return {
    id: raw.id,
    productId: raw.product.id,
    title: raw.title === "Default Title" ? raw.product.title : `${raw.product.title} — ${raw.title}`,
    variantTitle: raw.title,
    unitPrice: fromDecimalAmount(raw.price, currencyCode),
    levels: raw.inventoryItem.inventoryLevels.nodes
      .filter((level) => level.location.isActive)
      .map((level) => ({ locationId: level.location.id, available: level.quantities.find((quantity) => quantity.name === "available")?.quantity ?? 0 })),
  };
}

// Up to 20 variants a product, 8 locations each: one query stays under 1,000 points.
const PRODUCT_BATCH = 5;
const VARIANT_BATCH = 10;

/**
 * Prices are the shop's; an order paid in another currency gets no offers rather than prices in
 * the wrong currency.
 */
export async function fetchProductVariants(
  graphql: AdminGraphql,
  ask: { productIds: readonly string[]; variantIds: readonly string[]; currencyCode: string },
): Promise<OfferVariant[]> {
  const found = new Map<string, OfferVariant>();
  for (let start = 0; start < ask.productIds.length; start += PRODUCT_BATCH) {
    const { shop, nodes } = await adminRequest<{ shop: { currencyCode: string }; nodes: Array<{ variants?: { nodes: RawVariant[] } } | null> }>(graphql, PRODUCT_VARIANTS, {
      ids: ask.productIds.slice(start, start + PRODUCT_BATCH),
    });
    if (shop.currencyCode !== ask.currencyCode) return [];
    for (const node of nodes) for (const variant of node?.variants?.nodes ?? []) found.set(variant.id, toOffer(variant, ask.currencyCode));
  }
  const rest = ask.variantIds.filter((id) => !found.has(id));
  for (let start = 0; start < rest.length; start += VARIANT_BATCH) {
    const { shop, nodes } = await adminRequest<{ shop: { currencyCode: string }; nodes: Array<RawVariant | null> }>(graphql, VARIANTS, { ids: rest.slice(start, start + VARIANT_BATCH) });
    if (shop.currencyCode !== ask.currencyCode) return [];
    for (const node of nodes) if (node && "product" in node) found.set(node.id, toOffer(node, ask.currencyCode));
  }
  return [...found.values()];
}
