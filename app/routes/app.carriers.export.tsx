import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { adminContext } from "../services/admin-context.server";
import { exportCatalogCsv } from "../services/carriers.server";

// The catalogue as CSV, in the import's own format: importing it back changes nothing.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  const csv = await exportCatalogCsv(db(), shop);
  if (csv === null) throw new Response("No catalogue to export", { status: 404 });
  return { csv, filename: `carriers-${shop.replace(".myshopify.com", "")}-${new Date().toISOString().slice(0, 10)}.csv` };
};
