import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { humanize } from "../components/format";
import { RouteError } from "../components/route-error";
import { db } from "../db.server";
import { adminContext } from "../services/admin-context.server";
import { pickListPage } from "../services/fulfilment.server";

const Query = z.object({ location: z.string().regex(/^\d+$/).nullable().catch(null) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { graphql } = await adminContext(request);
  const { location } = Query.parse({ location: new URL(request.url).searchParams.get("location") });
  return pickListPage({ db: db(), graphql }, location);
};

export default function PickList() {
  const { locations, location, list, fulfillmentOrders, more } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const loading = navigation.state === "loading";

  return (
    <Page backAction={{ content: "Fulfilment", url: "/app/fulfilment" }}>
      <TitleBar title="Pick list" />
      <Layout>
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="center">
            <Select
              label="Location"
              labelInline
              options={locations.map((candidate) => ({ label: candidate.name, value: candidate.legacyId }))}
              value={location?.legacyId ?? ""}
              onChange={(value) => submit({ location: value }, { method: "get", replace: true })}
            />
            {list ? (
              <Text as="p" tone="subdued">
                {list.units} units for {list.fulfillmentOrders} orders{more ? " (the oldest only)" : ""}
              </Text>
            ) : null}
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "item", plural: "items" }}
              itemCount={list?.rows.length ?? 0}
              selectable={false}
              loading={loading}
              emptyState={
                <EmptyState heading="Nothing to pick here" image="/empty-orders.svg">
                  <p>No open fulfillment order is assigned to {location?.name ?? "this location"}.</p>
                </EmptyState>
              }
              headings={[
                { title: "SKU" },
                { title: "Barcode" },
                { title: "Item" },
                { title: "Quantity", alignment: "end" },
                { title: "For orders" },
              ]}
            >
              {(list?.rows ?? []).map((row, index) => (
                <IndexTable.Row id={`${row.sku ?? row.title}`} key={`${row.sku ?? row.title}`} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {row.sku ?? "—"}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.barcode ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{row.title}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric variant="headingMd">
                      {row.quantity}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.orders.join(", ")}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Pack and ship
              </Text>
              {fulfillmentOrders.length === 0 ? (
                <Text as="p" tone="subdued">
                  No orders at this location.
                </Text>
              ) : (
                <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
                  {fulfillmentOrders.map((fo) => (
                    <InlineStack key={fo.id} align="space-between" blockAlign="center" gap="200">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {fo.orderName}
                        </Text>
                        <Text as="span" tone="subdued">
                          {fo.units} {fo.units === 1 ? "unit" : "units"}
                        </Text>
                        {fo.status !== "OPEN" ? (
                          <Badge tone={fo.status === "ON_HOLD" ? "warning" : "info"}>{humanize(fo.status)}</Badge>
                        ) : null}
                      </InlineStack>
                      {fo.status === "OPEN" || fo.status === "IN_PROGRESS" ? (
                        <Button url={`/app/fulfilment/${fo.id}/pack`} size="slim" accessibilityLabel={`Pack ${fo.orderName}`}>
                          Pack
                        </Button>
                      ) : null}
                    </InlineStack>
                  ))}
                </InlineGrid>
              )}
              {list && list.skipped.length > 0 ? (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    Not on this list
                  </Text>
                  {list.skipped.map((skip) => (
                    <Text as="p" key={skip.fulfillmentOrderId} tone="subdued">
                      {skip.orderName}: {skip.reason}
                    </Text>
                  ))}
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Pick list" />;
}
