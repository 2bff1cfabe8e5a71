import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { renderFixPage } from "../components/fix-page.server";
import { db } from "../db.server";
import { env } from "../env.server";
import { openFixLink, submitFixLink } from "../intake/fix-link.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { throttledGraphql } from "../shopify/throttled-graphql.server";
import { authenticate } from "../shopify.server";

// The customer fix link, on the storefront at /apps/returns/fix/<token> (App Proxy, shopify.app.toml).

const ParamsSchema = z.object({ token: z.string().min(1).max(1000) });
// A form field as text, at most `max` characters; anything else (a file, nothing) is empty.
const text = (max = 255) => z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, max) : ""), z.string());
const FixFormSchema = z.object({
  firstName: text(),
  lastName: text(),
  company: text(),
  address1: text(),
  address2: text(),
  city: text(),
  provinceCode: text(),
  zip: text(),
  countryCode: text(2),
  phone: text(),
});

async function proxyContext(request: Request) {
  // Checks Shopify's proxy signature (400 when it is wrong); the shop in the query is then Shopify's word.
  const { admin } = await authenticate.public.appProxy(request);
  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  const graphql = admin ? throttledGraphql(shop, admin.graphql as AdminGraphql) : null;
  return { deps: { db: db(), graphql, secret: env().SHOPIFY_API_SECRET }, shop };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { deps, shop } = await proxyContext(request);
  const { token } = ParamsSchema.parse(params);
  return renderFixPage(await openFixLink(deps, { shop, token }));
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { deps, shop } = await proxyContext(request);
  const { token } = ParamsSchema.parse(params);
  const values = FixFormSchema.parse(Object.fromEntries(await request.formData()));
  return renderFixPage(await submitFixLink(deps, { shop, token, values }));
};
