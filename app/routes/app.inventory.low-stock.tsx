import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, Card, EmptyState, FormLayout, IndexTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { inventorySettings, lowStock, saveInventorySettings } from "../models/inventory.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { rows, locations, defaultThreshold } = await lowStock(db(), session.shop);
  return {
    defaultThreshold,
    locations: locations.filter((location) => location.isActive && location.fulfillsOnlineOrders).map((location) => ({ id: location.id, name: location.name })),
    rows: rows.map((row) => ({
      id: row.inventoryItemId,
      path: `/app/inventory/${row.inventoryItemId.split("/").pop()}`,
      sku: row.sku ?? "—",
      title: row.variantTitle === "Default Title" ? row.productTitle : `${row.productTitle} – ${row.variantTitle}`,
      availableAt: Object.fromEntries(Object.entries(row.byLocation).map(([locationId, quantities]) => [locationId, quantities.available])),
      incoming: Object.values(row.byLocation).reduce((sum, quantities) => sum + quantities.incoming, 0),
      total: row.totalAvailable,
      threshold: row.threshold,
      ownThreshold: row.ownThreshold !== null,
      status: row.status,
    })),
  };
};

const DefaultThreshold = z.object({
  lowStockThreshold: z.coerce.number({ invalid_type_error: "Enter a whole number" }).int("Enter a whole number").min(0, "0 or more").max(1_000_000),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = DefaultThreshold.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return data({ errors: { lowStockThreshold: form.error.issues[0].message }, saved: false }, { status: 422 });
  const settings = await inventorySettings(db(), session.shop);
  await saveInventorySettings(db(), session.shop, { ...form.data, driftRule: settings.driftRule, driftRuleMaxUnits: settings.driftRuleMaxUnits });
  return { errors: {} as Record<string, string>, saved: true };
};

export default function LowStockPage() {
  const { defaultThreshold, locations, rows } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<{ errors: Record<string, string>; saved: boolean }>();
  const [threshold, setThreshold] = useState(String(defaultThreshold));
  useLiveRevalidation();
  const out = rows.filter((row) => row.status === "out-of-stock").length;

  return (
    <Page>
      <TitleBar title="Low stock" />
      <Layout>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Variants with {defaultThreshold} or fewer units available to ship (or their own threshold), across the locations that fulfil online orders. Intake
            holds orders no location can fulfil.
          </Text>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <fetcher.Form method="post">
              <InlineStack gap="300" blockAlign="end">
                <Box minWidth="260px">
                  <FormLayout>
                    <TextField
                      label="Shop's default threshold (units)"
                      name="lowStockThreshold"
                      type="number"
                      value={threshold}
                      onChange={setThreshold}
                      autoComplete="off"
                      error={fetcher.data?.errors.lowStockThreshold}
                    />
                  </FormLayout>
                </Box>
                <Button submit loading={fetcher.state === "submitting"}>
                  Save
                </Button>
                {fetcher.data?.saved ? <Text as="span" tone="success">Saved.</Text> : null}
              </InlineStack>
            </fetcher.Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <Text as="h2" variant="headingMd">
                {rows.length} variant{rows.length === 1 ? "" : "s"} to restock · {out} out of stock
              </Text>
            </Box>
            <IndexTable
              resourceName={{ singular: "variant", plural: "variants" }}
              itemCount={rows.length}
              selectable={false}
              emptyState={
                <EmptyState heading="Nothing is running low" image="/empty-orders.svg">
                  <p>Every tracked variant has more than its threshold available to ship.</p>
                </EmptyState>
              }
              headings={[
                { title: "SKU" },
                { title: "Product" },
                ...locations.map((location) => ({ title: location.name, alignment: "end" as const })),
                { title: "Available to ship", alignment: "end" },
                { title: "Threshold", alignment: "end" },
                { title: "Incoming", alignment: "end" },
                { title: "Status" },
              ]}
            >
              {rows.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>
                    <Link to={row.path}>
                      <Text as="span" fontWeight="semibold">
                        {row.sku}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.title}</IndexTable.Cell>
                  {locations.map((location) => (
                    <IndexTable.Cell key={location.id}>
                      <Text as="span" alignment="end" numeric>
                        {row.availableAt[location.id] ?? "—"}
                      </Text>
                    </IndexTable.Cell>
                  ))}
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric fontWeight="semibold">
                      {row.total}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack inlineAlign="end">
                      <Text as="span" numeric>
                        {row.threshold}
                      </Text>
                      {row.ownThreshold ? (
                        <Text as="span" variant="bodyXs" tone="subdued">
                          own
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric tone="subdued">
                      {row.incoming}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={row.status === "out-of-stock" ? "critical" : "warning"}>{row.status === "out-of-stock" ? "Out of stock" : "Low stock"}</Badge>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Low stock" />;
}
