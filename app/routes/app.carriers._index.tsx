import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  DropZone,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { dayRange, humanize, money } from "../components/format";
import { RouteError } from "../components/route-error";
import { CARRIER_TABS, SectionTabs } from "../components/section-tabs";
import { db } from "../db.server";
import { catalogFiltersSchema } from "../domain/carriers/catalog-view";
import { adminContext } from "../services/admin-context.server";
import { catalogPage, importCatalogCsv, type ImportResult } from "../services/carriers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  const filters = catalogFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filters, ...(await catalogPage(db(), shop, filters)) };
};

const ImportForm = z.object({
  csv: z.string().trim().min(1, "Choose a CSV file or paste its text first.").max(5_000_000, "That file is too large (5 MB at most)."),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await adminContext(request);
  const form = ImportForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success)
    return data<ImportResult>({ ok: false, errors: [{ line: 0, field: "", message: form.error.issues[0].message }] }, { status: 400 });
  const result = await importCatalogCsv(db(), shop, form.data.csv, actor);
  return data(result, { status: result.ok ? 200 : 422 });
};

function takes(row: { poBoxAllowed: boolean; codAllowed: boolean; reversePickup: boolean }): string {
  const text = [row.poBoxAllowed && "PO boxes", row.codAllowed && "COD", row.reversePickup && "return pickups"].filter(Boolean).join(", ");
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "No PO boxes or COD";
}

const MODE_TONE = { surface: undefined, air: "info" } as const;
const PRIORITY_TONE = { standard: undefined, express: "attention", same_day: "warning" } as const;

function ImportCard({ open }: { open: boolean }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const importing = navigation.state === "submitting" && navigation.formMethod === "POST";
  useEffect(() => {
    if (result?.ok) {
      setCsv("");
      setFileName(null);
    }
  }, [result]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Import a catalogue
        </Text>
        <Text as="p" tone="subdued">
          One CSV file replaces the whole catalogue: carriers, zones, services, rates, weight slabs, remote-area surcharges and
          serviceability, one row per fact with a <code>kind</code> column. A file with any problem changes nothing.
        </Text>
        {result && !result.ok ? (
          <Banner
            tone="critical"
            title={`Nothing was imported: ${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} to fix`}
          >
            <DataTable
              columnContentTypes={["numeric", "text", "text"]}
              headings={["Line", "Column", "Problem"]}
              rows={result.errors.slice(0, 200).map((error) => [error.line || "—", error.field || "—", error.message])}
              increasedTableDensity
            />
          </Banner>
        ) : null}
        {result?.ok ? (
          <Banner tone="success" title="Catalogue imported">
            <p>
              {result.carriers} carriers and {result.services} services. Recommendations use it from now on.
            </p>
          </Banner>
        ) : null}
        {open ? (
          <Form method="post">
            <BlockStack gap="300">
              <DropZone
                accept=".csv,text/csv"
                type="file"
                allowMultiple={false}
                variableHeight
                onDrop={async (_all, accepted) => {
                  const file = accepted[0];
                  if (!file) return;
                  setFileName(file.name);
                  setCsv(await file.text());
                }}
              >
                <DropZone.FileUpload actionTitle="Choose a CSV file" actionHint={fileName ? `Read ${fileName}` : "or drop it here"} />
              </DropZone>
              <TextField
                label="Or paste the CSV"
                name="csv"
                value={csv}
                onChange={setCsv}
                multiline={6}
                autoComplete="off"
                monospaced
                placeholder="kind,carrier_id,service_id,zone_id,name,…"
              />
              <InlineStack gap="200">
                <Button submit variant="primary" loading={importing} disabled={csv.trim() === ""}>
                  Import
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function ExportButton() {
  const fetcher = useFetcher<{ csv: string | null; filename: string }>();
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.csv) return;
    const url = URL.createObjectURL(new Blob([fetcher.data.csv], { type: "text/csv" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fetcher.data.filename;
    link.click();
    URL.revokeObjectURL(url);
  }, [fetcher.state, fetcher.data]);
  return (
    <Button onClick={() => fetcher.load("/app/carriers/export")} loading={fetcher.state !== "idle"}>
      Export CSV
    </Button>
  );
}

export default function CarrierCatalogue() {
  const { catalog, filters } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [importOpen, setImportOpen] = useState(!catalog);
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/carriers";

  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    submit(next, { method: "get", replace: true });
  };

  return (
    <Page>
      <TitleBar title="Carriers" />
      <BlockStack gap="400">
        <SectionTabs tabs={CARRIER_TABS} />
        {!catalog ? (
          <Layout>
            <Layout.Section>
              <Card>
                <EmptyState heading="No carrier catalogue yet" image="/empty-orders.svg">
                  <p>
                    Import your carriers and their rate cards as a CSV file. Orderflow then recommends a carrier, a service and a priority
                    for every fulfillment order, and says why.
                  </p>
                </EmptyState>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <ImportCard open />
            </Layout.Section>
          </Layout>
        ) : (
          <Layout>
            <Layout.Section>
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {catalog.carriers.length} carriers, {catalog.serviceCount} services, prices in {catalog.currency}
                  {catalog.updatedAt
                    ? ` · updated ${new Date(catalog.updatedAt).toLocaleString()}${catalog.updatedBy ? ` by ${catalog.updatedBy}` : ""}`
                    : ""}
                </Text>
                <InlineStack gap="200">
                  <ExportButton />
                  <Button onClick={() => setImportOpen((open) => !open)} pressed={importOpen}>
                    Import CSV
                  </Button>
                </InlineStack>
              </InlineStack>
            </Layout.Section>
            {importOpen ? (
              <Layout.Section>
                <ImportCard open />
              </Layout.Section>
            ) : null}
            <Layout.Section>
              <Card padding="0">
                <div style={{ padding: "var(--p-space-300)" }}>
                  <Form method="get" replace>
                    <InlineStack gap="300" wrap>
                      <Select
                        label="Carrier"
                        labelInline
                        name="carrier"
                        value={filters.carrier}
                        onChange={(value) => filter("carrier", value)}
                        options={[{ label: "All", value: "" }, ...catalog.carriers.map((c) => ({ label: c.name, value: c.id }))]}
                      />
                      <Select
                        label="Mode"
                        labelInline
                        name="mode"
                        value={filters.mode}
                        onChange={(value) => filter("mode", value)}
                        options={[
                          { label: "All", value: "" },
                          { label: "Surface", value: "surface" },
                          { label: "Air", value: "air" },
                        ]}
                      />
                      <Select
                        label="Priority"
                        labelInline
                        name="priority"
                        value={filters.priority}
                        onChange={(value) => filter("priority", value)}
                        options={[
                          { label: "All", value: "" },
                          { label: "Standard", value: "standard" },
                          { label: "Express", value: "express" },
                          { label: "Same day", value: "same_day" },
                        ]}
                      />
                      <Select
                        label="Ships to"
                        labelInline
                        name="country"
                        value={filters.country}
                        onChange={(value) => filter("country", value)}
                        options={[{ label: "Anywhere", value: "" }, ...catalog.countries.map((c) => ({ label: c, value: c }))]}
                      />
                    </InlineStack>
                  </Form>
                </div>
                <IndexTable
                  resourceName={{ singular: "service", plural: "services" }}
                  itemCount={catalog.services.length}
                  selectable={false}
                  loading={loading}
                  emptyState={
                    <EmptyState heading="No service matches" image="">
                      <p>Try another carrier, mode, priority or country.</p>
                    </EmptyState>
                  }
                  headings={[
                    { title: "Carrier" },
                    { title: "Service" },
                    { title: "Mode" },
                    { title: "Priority" },
                    { title: "Promise" },
                    { title: "Ships to" },
                    { title: "From", alignment: "end" },
                    { title: "Takes" },
                  ]}
                >
                  {catalog.services.map((row, index) => (
                    <IndexTable.Row id={row.serviceId} key={row.serviceId} position={index}>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {row.carrierName}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span">{row.serviceName}</Text>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {row.serviceId}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={MODE_TONE[row.mode]}>{humanize(row.mode)}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={PRIORITY_TONE[row.priority]}>{humanize(row.priority)}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{dayRange(row.transitDays)}</IndexTable.Cell>
                      <IndexTable.Cell>{row.countries.join(", ")}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {money(row.fromPrice, row.currency)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span">{row.maxWeightKg === null ? "Any weight" : `Up to ${row.maxWeightKg} kg`}</Text>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {takes(row)}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Zones
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "text", "text"]}
                    headings={["Carrier", "Zone", "Areas (most specific wins)"]}
                    rows={catalog.zones.map((zone) => [zone.carrierName, zone.zoneId, zone.areas.join(", ")])}
                    increasedTableDensity
                  />
                </BlockStack>
              </Card>
            </Layout.Section>
          </Layout>
        )}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Carriers" />;
}
