import { db } from "../db.server";
import type { Actor } from "../domain/intake";
import { env } from "../env.server";
import { authenticateAdmin } from "../shopify/clients.server";
import { storefrontUrl } from "../shopify-hosts.server";
import type { AdminContext } from "./admin-actions.server";
import type { IntakeDeps } from "./evaluate.server";

/** authenticate.admin, and what intake's pages need from it: the shop, the Admin API and who is acting. */
export async function authenticateIntakeAdmin(request: Request): Promise<{ deps: IntakeDeps; context: AdminContext }> {
  const { session, graphql, sessionToken } = await authenticateAdmin(request);
  const config = env();
  // Offline sessions carry no user; the session token's subject is the staff member using the admin.
  const actor: Actor = { type: "merchant", userId: sessionToken?.sub ?? null };
  return {
    deps: { db: db(), graphql },
    context: {
      shop: session.shop,
      actor,
      secret: config.SHOPIFY_API_SECRET,
      storefrontUrl: (shop, path) => storefrontUrl(shop, path, config.SHOPIFY_SIMULATOR_URL),
    },
  };
}

/** A form's fields as an object; repeated names (bulk selections) become arrays. */
export async function formFields(request: Request): Promise<Record<string, string | string[]>> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of await request.formData()) {
    if (typeof value !== "string") continue;
    const key = name.endsWith("[]") ? name.slice(0, -2) : name;
    if (name.endsWith("[]")) fields[key] = [...((fields[key] as string[] | undefined) ?? []), value];
    else fields[key] = value;
  }
  return fields;
}
