import type { AdminGraphql } from "../shopify/admin-client.server";
import { authenticateAdmin } from "../shopify/clients.server";

export interface AdminContext {
  shop: string;
  /** Paced with the shop's other Admin API calls (app/shopify/clients.server.ts). */
  graphql: AdminGraphql;
  /** Who is acting, for the audit trail: the staff member behind the session token. */
  actor: string;
}

/** authenticate.admin, reduced to what the services take. */
export async function adminContext(request: Request): Promise<AdminContext> {
  const { session, sessionToken, graphql } = await authenticateAdmin(request);
  return { shop: session.shop, graphql, actor: sessionToken?.sub ? `staff ${sessionToken.sub}` : "staff" };
}
