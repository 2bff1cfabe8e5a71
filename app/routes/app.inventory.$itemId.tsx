import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, EmptyState, FormLayout, IndexTable, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useEffect, useState } from "react";
import { z } from "zod";
import { RouteError } from "../components/route-error";
import { QuantityHistoryChart } from "../components/stock-charts";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { changesOf, quantityHistory } from "../domain/inventory/history";
import { MERCHANT_ACTIONS, type MerchantAction, merchantChange } from "../domain/inventory/ledger";
import { QUANTITY_LABELS, QUANTITY_NAMES, isQuantityName } from "../domain/inventory/quantities";
import { refreshItem } from "../jobs/inventory-sync.server";
import { requestStockChange } from "../jobs/inventory-writes.server";
import { enqueue } from "../jobs/tasks.server";
import { changeOf, ledgerOf } from "../models/inventory-ledger.server";
import { inventoryItem, setLowStockThreshold } from "../models/inventory.server";
import { authenticateAdmin } from "../shopify/clients.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const itemGid = (param: string | undefined) => {
  if (!param || !/^\d+$/.test(param)) throw new Response("Not Found", { status: 404 });
  return `gid://shopify/InventoryItem/${param}`;
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = itemGid(params.itemId);
  const [detail, ledger] = await Promise.all([inventoryItem(db(), session.shop, id), ledgerOf(db(), session.shop, id, 200)]);
  if (!detail) throw new Response("Not Found", { status: 404 });
  const { row, locations, defaultThreshold } = detail;
  const locationName = new Map(locations.map((location) => [location.id, location.name]));
  const history = quantityHistory(
    new Map(locations.map((location) => [location.id, row.byLocation[location.id]?.available ?? 0])),
    changesOf(
      ledger
        .filter((entry) => entry.status === "applied")
        .map((entry) => ({
          kind: entry.kind,
          locationId: entry.locationId,
          at: entry.appliedAt ?? entry.createdAt,
          change: entry.kind === "observed" || entry.kind === "reconcile" ? null : changeOf(entry),
          changeFrom: entry.changeFrom,
          name: entry.name,
          delta: entry.delta,
        })),
      "available",
    ),
  );
  return {
    requestId: randomUUID(),
    item: {
      sku: row.sku,
      title: row.variantTitle === "Default Title" ? row.productTitle : `${row.productTitle} – ${row.variantTitle}`,
      tracked: row.tracked,
      status: row.status,
      totalAvailable: row.totalAvailable,
      ownThreshold: row.ownThreshold,
      defaultThreshold,
    },
    locations: locations.map((location) => ({ id: location.id, name: location.name, quantities: row.byLocation[location.id] ?? null })),
    history: {
      times: history.times.map((time) => time.toISOString()),
      series: history.series.map((series) => ({ name: locationName.get(series.locationId) ?? series.locationId, values: series.values })),
    },
    ledger: ledger.map((entry) => ({
      id: entry.id,
      at: (entry.appliedAt ?? entry.createdAt).toISOString(),
      location: locationName.get(entry.locationId) ?? entry.locationId,
      toLocation: entry.toLocationId ? (locationName.get(entry.toLocationId) ?? entry.toLocationId) : null,
      name: isQuantityName(entry.name) ? QUANTITY_LABELS[entry.name] : entry.name,
      toName: entry.toName && isQuantityName(entry.toName) ? QUANTITY_LABELS[entry.toName] : null,
      kind: entry.kind,
      delta: entry.delta,
      quantity: entry.quantity,
      quantityAfter: entry.quantityAfter,
      reason: entry.reason,
      status: entry.status,
      actor: entry.actor,
      error: entry.error,
      idempotencyKey: entry.kind === "observed" || entry.kind === "reconcile" ? null : entry.idempotencyKey,
    })),
  };
};

const ThresholdForm = z.object({
  intent: z.literal("threshold"),
  threshold: z.union([z.literal("").transform(() => null), z.coerce.number({ invalid_type_error: "Enter a whole number" }).int("Enter a whole number").min(0, "0 or more").max(1_000_000)]),
});

const RefreshForm = z.object({ intent: z.literal("refresh"), requestId: z.string().uuid() });

const ChangeForm = z.object({
  intent: z.literal("change"),
  requestId: z.string().uuid(),
  action: z.enum(Object.keys(MERCHANT_ACTIONS) as [MerchantAction, ...MerchantAction[]], { errorMap: () => ({ message: "Choose what happened" }) }),
  locationId: z.string().min(1, "Choose a location"),
  toLocationId: z.string().optional(),
  quantity: z.coerce.number({ invalid_type_error: "Enter a number of units" }).int("Enter a whole number of units").min(0, "0 or more").max(1_000_000),
  note: z.string().trim().max(500).optional(),
});

type FieldErrors = Record<string, string>;

function fieldErrors(error: z.ZodError): FieldErrors {
  return Object.fromEntries(error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken, graphql } = await authenticateAdmin(request);
  const id = itemGid(params.itemId);
  const submitted = Object.fromEntries(await request.formData());
  const actor = sessionToken?.sub ? `staff ${sessionToken.sub}` : "merchant";
  if (submitted.intent === "refresh") {
    const form = RefreshForm.safeParse(submitted);
    if (!form.success) return data({ intent: "refresh", errors: fieldErrors(form.error) }, { status: 400 });
    const changes = await refreshItem({ db: db(), graphql }, { shop: session.shop, inventoryItemId: id, requestKey: form.data.requestId, actor });
    return { intent: "refresh", errors: {} as FieldErrors, saved: true, changes };
  }
  if (submitted.intent === "threshold") {
    const form = ThresholdForm.safeParse(submitted);
    if (!form.success) return data({ intent: "threshold", errors: fieldErrors(form.error) }, { status: 422 });
    if (!(await setLowStockThreshold(db(), session.shop, id, form.data.threshold))) throw new Response("Not Found", { status: 404 });
    return { intent: "threshold", errors: {} as FieldErrors, saved: true };
  }
  const form = ChangeForm.safeParse(submitted);
  if (!form.success) return data({ intent: "change", errors: fieldErrors(form.error) }, { status: 422 });
  const { action: merchantAction, quantity, locationId, note } = form.data;
  const moves = merchantAction === "transfer";
  if (moves && !form.data.toLocationId) return data({ intent: "change", errors: { toLocationId: "Choose where the units go" } }, { status: 422 });
  if (merchantAction !== "count" && quantity === 0) return data({ intent: "change", errors: { quantity: "Enter a number of units above 0" } }, { status: 422 });
  const { change, reason } = merchantChange(merchantAction, quantity, moves ? form.data.toLocationId! : locationId);
  const result = await requestStockChange(db(), enqueue, {
    shop: session.shop,
    inventoryItemId: id,
    locationId,
    change,
    reason,
    operationKey: `merchant:${form.data.requestId}`,
    actor,
    note: note || null,
  });
  if (!result.ok) {
    const errors = Object.fromEntries(result.problems.map((problem) => [problem.field === "toName" ? (moves ? "toLocationId" : "action") : problem.field === "name" ? "action" : "quantity", problem.message]));
    return data({ intent: "change", errors }, { status: 422 });
  }
  return { intent: "change", errors: {} as FieldErrors, saved: true };
};

const KIND_LABEL: Record<string, string> = {
  adjust: "Orderflow adjusted",
  set: "Orderflow set",
  move: "Orderflow moved",
  observed: "Seen on Shopify",
  reconcile: "Found by full sync",
};

const STATUS_TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  applied: "success",
  pending: "attention",
  conflict: "critical",
  failed: "critical",
};

function change(entry: { kind: string; delta: number; quantity: number | null; name: string; toName: string | null; toLocation: string | null; location: string }) {
  if (entry.kind === "set") return `${entry.name} set to ${entry.quantity}`;
  if (entry.kind === "move") return `${entry.delta} ${entry.name.toLowerCase()} → ${entry.toName?.toLowerCase()}${entry.toLocation !== entry.location ? ` at ${entry.toLocation}` : ""}`;
  return `${entry.name} ${entry.delta > 0 ? "+" : ""}${entry.delta}`;
}

export default function InventoryItemPage() {
  const { requestId, item, locations, history, ledger } = useLoaderData<typeof loader>();
  const thresholdFetcher = useFetcher<{ errors: FieldErrors; saved?: boolean }>();
  const changeFetcher = useFetcher<{ errors: FieldErrors; saved?: boolean }>();
  const refreshFetcher = useFetcher<{ errors: FieldErrors; changes?: number }>();
  const [threshold, setThreshold] = useState(item.ownThreshold === null ? "" : String(item.ownThreshold));
  const [merchantAction, setMerchantAction] = useState<MerchantAction>("receive");
  const [locationId, setLocationId] = useState(locations[0]?.id ?? "");
  const [toLocationId, setToLocationId] = useState(locations[1]?.id ?? "");
  const [quantity, setQuantity] = useState("");
  const [note, setNote] = useState("");
  const pending = ledger.some((entry) => entry.status === "pending");
  useLiveRevalidation(pending ? 1000 : 5000);
  useEffect(() => {
    if (changeFetcher.state === "idle" && changeFetcher.data?.saved) {
      setQuantity("");
      setNote("");
    }
  }, [changeFetcher.state, changeFetcher.data]);
  const changeErrors = changeFetcher.data?.errors ?? {};
  const thresholdErrors = thresholdFetcher.data?.errors ?? {};

  return (
    <Page fullWidth backAction={{ content: "Inventory", url: "/app/inventory" }}>
      <TitleBar title={item.sku ? `${item.sku} · ${item.title}` : item.title} />
      <Layout>
        <Layout.Section variant="fullWidth">
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Stock by location
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <refreshFetcher.Form method="post">
                    <input type="hidden" name="intent" value="refresh" />
                    <input type="hidden" name="requestId" value={requestId} />
                    <Button submit size="slim" variant="plain" loading={refreshFetcher.state === "submitting"}>
                      Read from Shopify now
                    </Button>
                  </refreshFetcher.Form>
                  <Text as="span" tone="subdued">
                    {item.totalAvailable} available to ship
                  </Text>
                  <Badge tone={item.status === "in-stock" ? "success" : item.status === "low" ? "warning" : "critical"}>
                    {item.status === "in-stock" ? "In stock" : item.status === "low" ? "Low stock" : "Out of stock"}
                  </Badge>
                </InlineStack>
              </InlineStack>
              {refreshFetcher.data?.changes !== undefined ? (
                <Banner tone={refreshFetcher.data.changes ? "warning" : "success"}>
                  {refreshFetcher.data.changes
                    ? `Shopify held other numbers: ${refreshFetcher.data.changes} change(s) recorded in the ledger.`
                    : "Shopify holds the numbers shown here."}
                </Banner>
              ) : null}
              <DataTable
                columnContentTypes={["text", ...QUANTITY_NAMES.map(() => "numeric" as const)]}
                headings={["Location", ...QUANTITY_NAMES.map((name) => QUANTITY_LABELS[name])]}
                rows={locations.map((location) => [location.name, ...QUANTITY_NAMES.map((name) => location.quantities?.[name] ?? "—")])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Available over time
              </Text>
              <QuantityHistoryChart times={history.times} series={history.series} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <changeFetcher.Form method="post">
              <input type="hidden" name="intent" value="change" />
              <input type="hidden" name="requestId" value={requestId} />
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  Change stock
                </Text>
                {changeFetcher.data?.saved ? (
                  <Banner tone="success">Sent to Shopify with its idempotency key; the ledger below shows when Shopify confirmed it.</Banner>
                ) : null}
                <Select
                  label="What happened"
                  name="action"
                  options={Object.entries(MERCHANT_ACTIONS).map(([value, { label }]) => ({ value, label }))}
                  value={merchantAction}
                  onChange={(value) => setMerchantAction(value as MerchantAction)}
                  error={changeErrors.action}
                />
                <FormLayout.Group>
                  <Select
                    label="Location"
                    name="locationId"
                    options={locations.map((location) => ({ value: location.id, label: location.name }))}
                    value={locationId}
                    onChange={setLocationId}
                    error={changeErrors.locationId}
                  />
                  {merchantAction === "transfer" ? (
                    <Select
                      label="To"
                      name="toLocationId"
                      options={locations.filter((location) => location.id !== locationId).map((location) => ({ value: location.id, label: location.name }))}
                      value={toLocationId}
                      onChange={setToLocationId}
                      error={changeErrors.toLocationId}
                    />
                  ) : null}
                </FormLayout.Group>
                <TextField
                  label={merchantAction === "count" ? "Units on hand" : "Units"}
                  name="quantity"
                  type="number"
                  value={quantity}
                  onChange={setQuantity}
                  autoComplete="off"
                  error={changeErrors.quantity}
                />
                <TextField label="Note" name="note" value={note} onChange={setNote} autoComplete="off" error={changeErrors.note} />
                <Button submit variant="primary" loading={changeFetcher.state === "submitting"}>
                  Send to Shopify
                </Button>
              </FormLayout>
            </changeFetcher.Form>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <thresholdFetcher.Form method="post">
              <input type="hidden" name="intent" value="threshold" />
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  Low-stock threshold
                </Text>
                <TextField
                  label="Low on stock at or below"
                  name="threshold"
                  type="number"
                  value={threshold}
                  onChange={setThreshold}
                  autoComplete="off"
                  placeholder={`${item.defaultThreshold} (the shop's default)`}
                  helpText="Units available to ship, all locations together. Leave empty for the shop's default."
                  error={thresholdErrors.threshold}
                />
                {thresholdFetcher.data?.saved ? <Text as="p" tone="success">Saved.</Text> : null}
                <Button submit loading={thresholdFetcher.state === "submitting"}>
                  Save threshold
                </Button>
              </FormLayout>
            </thresholdFetcher.Form>
          </Card>
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <Box padding="300">
              <Text as="h2" variant="headingMd">
                Ledger
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                Every change Orderflow made or saw, newest first.
              </Text>
            </Box>
            <IndexTable
              resourceName={{ singular: "entry", plural: "entries" }}
              itemCount={ledger.length}
              selectable={false}
              emptyState={
                <EmptyState heading="No changes recorded yet" image="">
                  <p>Changes appear here as Orderflow makes them or sees them on Shopify.</p>
                </EmptyState>
              }
              headings={[{ title: "When" }, { title: "Location" }, { title: "Change" }, { title: "After", alignment: "end" }, { title: "Source" }, { title: "Reason" }, { title: "Status" }, { title: "Who" }]}
            >
              {ledger.map((entry, index) => (
                <IndexTable.Row id={entry.id} key={entry.id} position={index}>
                  <IndexTable.Cell>{new Date(entry.at).toLocaleString()}</IndexTable.Cell>
                  <IndexTable.Cell>{entry.location}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {change(entry)}
                      </Text>
                      {entry.idempotencyKey ? (
                        <Text as="span" variant="bodyXs" tone="subdued">
                          key {entry.idempotencyKey}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {entry.quantityAfter ?? "—"}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{KIND_LABEL[entry.kind] ?? entry.kind}</IndexTable.Cell>
                  <IndexTable.Cell>{entry.reason.replaceAll("_", " ")}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Badge tone={STATUS_TONE[entry.status]}>{entry.status}</Badge>
                      {entry.error && entry.status !== "applied" ? (
                        <Text as="span" variant="bodyXs" tone="critical">
                          {entry.error}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{entry.actor}</IndexTable.Cell>
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
  return <RouteError title="Inventory item" />;
}
