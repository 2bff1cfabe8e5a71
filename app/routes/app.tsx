import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { env } from "../env.server";
import { appBridgeScriptUrl } from "../shopify-hosts.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const config = env();
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: appBridgeScriptUrl(config.SHOPIFY_SIMULATOR_URL) };
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Orders
        </Link>
        <Link to="/app/exceptions">Exceptions</Link>
        <Link to="/app/inventory">Inventory</Link>
        <Link to="/app/inventory/drift">Stock drift</Link>
        <Link to="/app/inventory/low-stock">Low stock</Link>
        <Link to="/app/fulfilment">Fulfilment</Link>
        <Link to="/app/carriers">Carriers</Link>
        <Link to="/app/returns">Returns</Link>
        <Link to="/app/webhooks">Webhook deliveries</Link>
        <Link to="/app/settings">Intake settings</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
