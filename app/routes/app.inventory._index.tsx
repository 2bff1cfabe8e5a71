import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Pagination,
  ProgressBar,
  Select,
  Spinner,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { SummaryCard } from "../components/summary-card";
import { RouteError } from "../components/route-error";
import { UnitsByLocationChart } from "../components/stock-charts";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { syncProgress, type SyncStatus } from "../domain/inventory/sync-progress";
import { nextSlot } from "../domain/schedule";
import { inventorySyncIntervalMs, requestFullSync, scheduleFullSync } from "../jobs/inventory-tasks.server";
import { enqueue } from "../jobs/tasks.server";
import { driftCounts } from "../models/inventory-drift.server";
import { inventoryOverview } from "../models/inventory.server";
import { latestSync } from "../models/inventory-sync.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const PAGE_SIZE = 50;

const TABS = [
  { id: "all", content: "All" },
  { id: "in-stock", content: "In stock" },
  { id: "low", content: "Low stock" },
  { id: "out-of-stock", content: "Out of stock" },
] as const;

const QuerySchema = z.object({
  status: z.enum(["all", "in-stock", "low", "out-of-stock"]).catch("all"),
  location: z.string().max(200).catch(""),
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = QuerySchema.parse(Object.fromEntries(url.searchParams));
  const [overview, sync, drifts] = await Promise.all([
    inventoryOverview(db(), {
      shop: session.shop,
      search: query.q || undefined,
      locationId: query.location || undefined,
      status: query.status === "all" ? undefined : query.status,
      take: PAGE_SIZE,
      skip: (query.page - 1) * PAGE_SIZE,
    }),
    latestSync(db(), session.shop),
    driftCounts(db(), session.shop),
    // Restarts the schedule of a shop installed before it existed, or whose chain stopped.
    scheduleFullSync(enqueue, session.shop),
  ]);
  return {
    nextSyncAt: nextSlot(new Date(), inventorySyncIntervalMs()).toISOString(),
    query,
    pageSize: PAGE_SIZE,
    total: overview.total,
    summary: overview.summary,
    byLocation: overview.byLocation,
    locations: overview.locations.map((location) => ({ id: location.id, name: location.name, fulfillsOnlineOrders: location.fulfillsOnlineOrders })),
    rows: overview.rows.map((row) => ({
      id: row.inventoryItemId,
      path: `/app/inventory/${row.inventoryItemId.split("/").pop()}`,
      sku: row.sku ?? "—",
      title: row.variantTitle === "Default Title" ? row.productTitle : `${row.productTitle} – ${row.variantTitle}`,
      tracked: row.tracked,
      availableAt: Object.fromEntries(Object.entries(row.byLocation).map(([locationId, quantities]) => [locationId, quantities.available])),
      total: row.totalAvailable,
      threshold: row.threshold,
      status: row.status,
    })),
    openDrifts: drifts.open,
    sync: sync
      ? {
          status: sync.status as SyncStatus,
          progress: syncProgress({ ...sync, status: sync.status as SyncStatus }),
          finishedAt: sync.finishedAt?.toISOString() ?? null,
          driftsFound: sync.driftsFound,
          error: sync.error,
        }
      : null,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = z.object({ intent: z.literal("sync") }).safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return new Response("Unknown action", { status: 400 });
  const { created } = await requestFullSync(db(), enqueue, session.shop, "merchant");
  return { started: created };
};

const STATUS_BADGE = {
  "in-stock": { tone: "success", label: "In stock" },
  low: { tone: "warning", label: "Low stock" },
  "out-of-stock": { tone: "critical", label: "Out of stock" },
} as const;

function SyncCard({ sync, nextSyncAt }: { sync: ReturnType<typeof useLoaderData<typeof loader>>["sync"]; nextSyncAt: string }) {
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle" || Boolean(sync?.progress.active);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Full sync
            </Text>
            <Text as="p" tone="subdued">
              {!sync
                ? "Orderflow has not read this store's inventory yet."
                : sync.status === "completed"
                  ? `Last synced ${new Date(sync.finishedAt!).toLocaleString()}: ${sync.progress.label.toLowerCase()}, ${sync.driftsFound} drift${sync.driftsFound === 1 ? "" : "s"} found.`
                  : sync.status === "failed"
                    ? `The last sync failed: ${sync.error ?? "unknown error"}`
                    : "Reading every variant's stock at every location from Shopify."}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {`Next scheduled sync ${new Date(nextSyncAt).toLocaleString()}: every sync compares Shopify's numbers with the mirror and lists any drift.`}
            </Text>
          </BlockStack>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="sync" />
            <Button submit loading={fetcher.state !== "idle"} disabled={busy}>
              {busy ? "Syncing…" : "Run full sync"}
            </Button>
          </fetcher.Form>
        </InlineStack>
        {sync?.progress.active ? (
          <BlockStack gap="100">
            <ProgressBar progress={sync.progress.percent ?? 5} animated size="small" ariaLabelledBy="sync-progress-label" />
            <Text as="p" variant="bodySm" tone="subdued" id="sync-progress-label">
              {sync.progress.percent === null ? "Shopify is reading the inventory…" : `${sync.progress.percent}% — ${sync.progress.label}`}
            </Text>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function InventoryPage() {
  const { query, pageSize, total, summary, byLocation, locations, rows, openDrifts, sync, nextSyncAt } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query.q);
  useLiveRevalidation(sync?.progress.active ? 1000 : 5000);

  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/inventory";
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    if (!("page" in changes)) next.delete("page");
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    submit(next, { method: "get", replace: true });
  };
  const selectedTab = Math.max(0, TABS.findIndex((tab) => tab.id === query.status));
  const pages = Math.max(1, Math.ceil(total / pageSize));

  if (summary.skus === 0) {
    return (
      <Page>
        <TitleBar title="Inventory" />
        <Layout>
          <Layout.Section>
            <SyncCard sync={sync} nextSyncAt={nextSyncAt} />
          </Layout.Section>
          <Layout.Section>
            <Card>
              <EmptyState heading={sync?.progress.active ? "Reading your inventory" : "No inventory yet"} image="/empty-orders.svg">
                <p>
                  {sync?.progress.active
                    ? "Shopify is preparing every variant's stock at every location. This page fills in when the sync finishes."
                    : "Run a full sync to mirror every variant's stock at every location. Afterwards Orderflow keeps it current from Shopify's webhooks."}
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  return (
    <Page fullWidth>
      <TitleBar title="Inventory" />
      <Layout>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Every variant's stock at every location, as Shopify last told Orderflow. Kept current by webhooks and checked by full syncs.
          </Text>
        </Layout.Section>
        <Layout.Section>
          <SyncCard sync={sync} nextSyncAt={nextSyncAt} />
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <SummaryCard label="SKUs" value={summary.skus} hint={`${locations.length} locations`} />
            <SummaryCard label="Low stock" value={summary.low} hint="At or below their threshold" url="/app/inventory/low-stock" />
            <SummaryCard label="Out of stock" value={summary.outOfStock} hint="Nothing left where orders ship from" url="/app/inventory?status=out-of-stock" />
            <SummaryCard label="Open drifts" value={openDrifts} hint={openDrifts ? "Review and repair" : "Shopify agrees with Orderflow"} url="/app/inventory/drift" />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Units by location
              </Text>
              <UnitsByLocationChart locations={byLocation} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Tabs tabs={TABS.map((tab) => ({ ...tab }))} selected={selectedTab} onSelect={(index) => go({ status: TABS[index].id })}>
              <Box padding="300">
                <Form method="get" replace onSubmit={(event) => submit(event.currentTarget, { replace: true })}>
                  <input type="hidden" name="status" value={query.status} />
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <div style={{ flex: 1 }}>
                      <TextField
                        label="Search inventory"
                        labelHidden
                        name="q"
                        value={search}
                        onChange={setSearch}
                        placeholder="Search by SKU or product"
                        autoComplete="off"
                        clearButton
                        onClearButtonClick={() => setSearch("")}
                      />
                    </div>
                    <div style={{ minWidth: 220 }}>
                      <Select
                        label="Location"
                        labelHidden
                        name="location"
                        options={[{ label: "All locations", value: "" }, ...locations.map((location) => ({ label: location.name, value: location.id }))]}
                        value={query.location}
                        onChange={(value) => go({ location: value, q: search })}
                      />
                    </div>
                    {loading ? <Spinner size="small" accessibilityLabel="Loading inventory" /> : null}
                  </InlineStack>
                </Form>
              </Box>
              <IndexTable
                resourceName={{ singular: "SKU", plural: "SKUs" }}
                itemCount={rows.length}
                selectable={false}
                loading={loading}
                emptyState={
                  <EmptyState heading="No SKUs match" image="">
                    <p>Try another search, location or tab.</p>
                  </EmptyState>
                }
                headings={[
                  { title: "SKU" },
                  { title: "Product" },
                  ...locations.map((location) => ({ title: location.name, alignment: "end" as const })),
                  { title: "Available to ship", alignment: "end" },
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
                        <Text as="span" alignment="end" numeric tone={(row.availableAt[location.id] ?? 0) < 0 ? "critical" : (row.availableAt[location.id] ?? 0) === 0 ? "subdued" : undefined}>
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
                      {row.tracked ? <Badge tone={STATUS_BADGE[row.status].tone}>{STATUS_BADGE[row.status].label}</Badge> : <Badge>Not tracked</Badge>}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              <Box padding="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="p" tone="subdued" variant="bodySm">
                    {total.toLocaleString("en-US")} SKU{total === 1 ? "" : "s"}
                    {locations.some((location) => !location.fulfillsOnlineOrders)
                      ? ` · available to ship counts locations that fulfil online orders (not ${locations
                          .filter((location) => !location.fulfillsOnlineOrders)
                          .map((location) => location.name)
                          .join(", ")})`
                      : ""}
                  </Text>
                  <Pagination
                    hasPrevious={query.page > 1}
                    onPrevious={() => go({ page: String(query.page - 1) })}
                    hasNext={query.page < pages}
                    onNext={() => go({ page: String(query.page + 1) })}
                    label={`Page ${query.page} of ${pages}`}
                  />
                </InlineStack>
              </Box>
            </Tabs>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Inventory" />;
}
