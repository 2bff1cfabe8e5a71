import type { LoaderFunctionArgs } from "@remix-run/node";
import { startPage } from "../portal/flow.server";
import { portalContext } from "../portal/proxy.server";
import { flowDeps, respond } from "../portal/route.server";

// The return portal's start, on the storefront at /apps/returns (App Proxy, shopify.app.toml): the
// lookup form and the signed-in customer's orders. Every step posts to its own route beside this
// one, so no form needs Remix's ?index to reach an index route's action through the proxy.

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await portalContext(request);
  return respond(await startPage(flowDeps(), ctx, new URL(request.url).searchParams.get("offer")));
};
