import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { exchange } from "../portal/flow.server";
import { portalContext } from "../portal/proxy.server";
import { flowDeps, respond, startOver } from "../portal/route.server";

// The return portal's "exchange" step, on the storefront at /apps/returns/exchange (App Proxy): a POST of its form.

export const loader = async ({ request }: LoaderFunctionArgs) => startOver(await portalContext(request));

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await portalContext(request);
  return respond(await exchange(flowDeps(), ctx, await request.formData()));
};
