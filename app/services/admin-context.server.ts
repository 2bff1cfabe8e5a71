import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";

export interface AdminContext {
  shop: string;
  graphql: AdminGraphql;
  /** Who is acting, for the audit trail: the staff member behind the session token. */
  actor: string;
}

/** authenticate.admin, reduced to what the services take. */
export async function adminContext(request: Request): Promise<AdminContext> {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  return { shop: session.shop, graphql: admin.graphql as AdminGraphql, actor: sessionToken?.sub ? `staff ${sessionToken.sub}` : "staff" };
}
