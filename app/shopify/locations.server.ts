import { adminRequest, type AdminGraphql } from "./admin-client.server";

// The shop's active locations: where stock is picked and parcels leave from.

const LOCATIONS_QUERY = `#graphql
  query FulfilmentLocations {
    locations(first: 50) { nodes { id legacyResourceId name } }
  }
`;

export interface ShopLocation {
  id: string;
  legacyId: string;
  name: string;
}

export async function listLocations(graphql: AdminGraphql): Promise<ShopLocation[]> {
  const { locations } = await adminRequest<{ locations: { nodes: { id: string; legacyResourceId: string; name: string }[] } }>(
    graphql,
    LOCATIONS_QUERY,
  );
  return locations.nodes.map((node) => ({ id: node.id, legacyId: String(node.legacyResourceId), name: node.name }));
}
