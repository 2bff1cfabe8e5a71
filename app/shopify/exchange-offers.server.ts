import { fromDecimalAmount, type Minor } from "../domain/returns";
import { adminRequest, type AdminGraphql } from "./admin-client.server";

// What a customer may exchange for: the variants of the products on the order (and any other
// variant the request names), with the price they would pay and Shopify's stock per location.

const OFFER_VARIANT = `#graphql
  fragment ReturnOfferVariant on ProductVariant {
    id
    title
    price
    availableForSale
    product { id title }
    inventoryItem {
      inventoryLevels(first: 5) {
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
    nodes(ids: $ids) {
      ... on Product {
        variants(first: 40) { nodes { ...ReturnOfferVariant } }
      }
    }
  }
  ${OFFER_VARIANT}
`;

const VARIANTS = `#graphql
  query ReturnOfferVariants($ids: [ID!]!) {
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
  availableForSale: boolean;
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

// One product of 40 variants with 5 locations each costs about 800 points (Shopify allows 1,000 a
// query); stock beyond five locations comes from the inventory mirror, which the offers prefer.
const PRODUCT_BATCH = 1;
const VARIANT_BATCH = 10;

export async function fetchProductVariants(
  graphql: AdminGraphql,
  ask: { productIds: readonly string[]; variantIds: readonly string[]; currencyCode: string },
): Promise<OfferVariant[]> {
  const found = new Map<string, OfferVariant>();
  for (let start = 0; start < ask.productIds.length; start += PRODUCT_BATCH) {
    const { nodes } = await adminRequest<{ nodes: Array<{ variants?: { nodes: RawVariant[] } } | null> }>(graphql, PRODUCT_VARIANTS, {
      ids: ask.productIds.slice(start, start + PRODUCT_BATCH),
    });
    for (const node of nodes) for (const variant of node?.variants?.nodes ?? []) if (variant.availableForSale) found.set(variant.id, toOffer(variant, ask.currencyCode));
  }
  const rest = ask.variantIds.filter((id) => !found.has(id));
  for (let start = 0; start < rest.length; start += VARIANT_BATCH) {
    const { nodes } = await adminRequest<{ nodes: Array<RawVariant | null> }>(graphql, VARIANTS, { ids: rest.slice(start, start + VARIANT_BATCH) });
    for (const node of nodes) if (node && "product" in node && node.availableForSale) found.set(node.id, toOffer(node, ask.currencyCode));
  }
  return [...found.values()];
}
