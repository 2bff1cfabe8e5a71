import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";

/** What a page shows when its loader fails: a plain message, never a stack trace. */
export function RouteError({ title }: { title: string }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : "Something went wrong while loading this page. Reload to try again.";
  return (
    <Page title={title}>
      <Banner tone="critical" title="This page could not be loaded">
        <Text as="p">{message}</Text>
      </Banner>
    </Page>
  );
}
