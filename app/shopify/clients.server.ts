import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { authenticate, unauthenticated } from "../shopify.server";
import type { AdminGraphql } from "./admin-client.server";
import { throttledGraphql } from "./throttled-graphql.server";

// Where the app gets its Admin API clients: always through the throttle-aware client, so that
// routes and jobs of one shop share its pacing.

/** A job's client for a shop, from its stored offline session; null when the app is not installed there. */
export async function adminForShop(shop: string): Promise<AdminGraphql | null> {
  try {
    const { admin } = await unauthenticated.admin(shop);
    return throttledGraphql(shop, admin.graphql as AdminGraphql);
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

/** A route's admin context with its client: `authenticate.admin` plus the paced `graphql`. */
export async function authenticateAdmin(request: Request) {
  const context = await authenticate.admin(request);
  return { ...context, graphql: throttledGraphql(context.session.shop, context.admin.graphql as AdminGraphql) };
}
