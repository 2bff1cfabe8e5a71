import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { lookup } from "../portal/flow.server";
import { portalContext } from "../portal/proxy.server";
import { flowDeps, respond, startOver } from "../portal/route.server";

// The return portal's lookup (a guest finds an order by its number and email or postal code), on the storefront at /apps/returns/lookup (App Proxy): a POST of its form.

export const loader = async ({ request }: LoaderFunctionArgs) => startOver(await portalContext(request));

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await portalContext(request);
  return respond(await lookup(flowDeps(), ctx, await request.formData()));
};
