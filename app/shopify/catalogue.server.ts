import { adminRequest, type AdminGraphql } from "./admin-client.server";

// The catalogue as an order sees it: which of the variants and SKUs it names still exist, and
// their stock at each location.

const VARIANT_STOCK = `#graphql
  fragment IntakeVariantStock on ProductVariant {
    id
    sku
    inventoryItem {
      tracked
      inventoryLevels(first: 10) {
        nodes {
          location { id name isActive fulfillsOnlineOrders }
          quantities(names: ["available"]) { name quantity }
        }
      }
    }
  }
`;

const VARIANTS_BY_ID = `#graphql
  query IntakeVariants($ids: [ID!]!) {
    nodes(ids: $ids) { ...IntakeVariantStock }
  }
  ${VARIANT_STOCK}
`;

const VARIANT_BY_SKU = `#graphql
  query IntakeVariantBySku($query: String!) {
    productVariants(first: 1, query: $query) { nodes { ...IntakeVariantStock } }
  }
  ${VARIANT_STOCK}
`;

export interface CatalogueVariant {
  id: string;
  sku: string | null;
  /** False when Shopify does not count this item's stock: it never runs out. */
  tracked: boolean;
  levels: Array<{ locationId: string; locationName: string; fulfillsOnlineOrders: boolean; available: number }>;
}

interface RawVariant {
  id: string;
  sku: string | null;
  inventoryItem: {
    tracked: boolean;
    inventoryLevels: {
      nodes: Array<{
        location: { id: string; name: string; isActive: boolean; fulfillsOnlineOrders: boolean };
        quantities: Array<{ name: string; quantity: number }>;
      }>;
    };
  };
}

function toVariant(raw: RawVariant): CatalogueVariant {
  return {
    id: raw.id,
    sku: raw.sku,
    tracked: raw.inventoryItem.tracked,
    levels: raw.inventoryItem.inventoryLevels.nodes
      .filter((level) => level.location.isActive)
      .map((level) => ({
        locationId: level.location.id,
        locationName: level.location.name,
        fulfillsOnlineOrders: level.location.fulfillsOnlineOrders,
        available: level.quantities.find((quantity) => quantity.name === "available")?.quantity ?? 0,
      })),
  };
}

// Ten variants a request keeps the query near 400 points of Shopify's 1,000 per query.
const BATCH = 10;

/** The variants that still exist, of those asked for. */
export async function fetchVariants(graphql: AdminGraphql, ids: readonly string[]): Promise<CatalogueVariant[]> {
  const variants: CatalogueVariant[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const { nodes } = await adminRequest<{ nodes: Array<RawVariant | null> }>(graphql, VARIANTS_BY_ID, { ids: ids.slice(start, start + BATCH) });
    for (const node of nodes) if (node && "inventoryItem" in node) variants.push(toVariant(node));
  }
  return variants;
}

/** The variant with this SKU, if the catalogue has one. */
export async function findVariantBySku(graphql: AdminGraphql, sku: string): Promise<CatalogueVariant | null> {
  const { productVariants } = await adminRequest<{ productVariants: { nodes: RawVariant[] } }>(graphql, VARIANT_BY_SKU, {
    query: `sku:"${sku.replace(/["\\]/g, "")}"`,
  });
  const match = productVariants.nodes.find((node) => node.sku === sku);
  return match ? toVariant(match) : null;
}
