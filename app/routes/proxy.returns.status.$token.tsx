import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { statusPage } from "../portal/flow.server";
import { portalContext } from "../portal/proxy.server";
import { flowDeps, respond } from "../portal/route.server";

// A portal return's status page, on the storefront at /apps/returns/status/<signed token> (App Proxy).

const ParamsSchema = z.object({ token: z.string().min(1).max(2000) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await portalContext(request);
  const { token } = ParamsSchema.parse(params);
  return respond(await statusPage(flowDeps(), ctx, token, new URL(request.url).searchParams.get("sent") === "1"));
};
