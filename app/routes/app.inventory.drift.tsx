import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { SummaryCard } from "../components/summary-card";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { canRestore, DRIFT_CAUSES, DRIFT_RULES, type DriftCause, type DriftRule } from "../domain/inventory/drift";
import { isQuantityName, QUANTITY_LABELS } from "../domain/inventory/quantities";
import { acceptDrift, applyDriftRule, restoreDrift } from "../jobs/inventory-writes.server";
import { enqueue } from "../jobs/tasks.server";
import { driftCounts, listDrifts } from "../models/inventory-drift.server";
import { inventorySettings, saveInventorySettings } from "../models/inventory.server";
import { authenticate } from "../shopify.server";

const QuerySchema = z.object({ status: z.enum(["open", "resolved"]).catch("open") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [drifts, counts, settings] = await Promise.all([
    listDrifts(db(), { shop: session.shop, status: query.status }),
    driftCounts(db(), session.shop),
    inventorySettings(db(), session.shop),
  ]);
  return {
    query,
    counts,
    settings: { lowStockThreshold: settings.lowStockThreshold, driftRule: settings.driftRule as DriftRule, driftRuleMaxUnits: settings.driftRuleMaxUnits },
    drifts: drifts.map((drift) => {
      const cause = drift.cause as DriftCause;
      return {
        id: drift.id,
        itemPath: `/app/inventory/${drift.inventoryItemId.split("/").pop()}`,
        sku: drift.item?.sku ?? drift.inventoryItemId.split("/").pop(),
        title: drift.item ? (drift.item.variantTitle === "Default Title" ? drift.item.productTitle : `${drift.item.productTitle} – ${drift.item.variantTitle}`) : "",
        location: drift.locationName,
        state: isQuantityName(drift.name) ? QUANTITY_LABELS[drift.name] : drift.name,
        expected: drift.expected,
        actual: drift.actual,
        cause: DRIFT_CAUSES[cause].label,
        explanation: DRIFT_CAUSES[cause].explain(drift.actual - drift.expected),
        restorable: canRestore(drift.name, cause),
        status: drift.status,
        resolvedBy: drift.resolvedBy,
        detectedAt: drift.detectedAt.toISOString(),
      };
    }),
  };
};

const RuleForm = z.object({
  intent: z.literal("rule"),
  driftRule: z.enum(["review", "accept", "restore"], { errorMap: () => ({ message: "Choose a rule" }) }),
  driftRuleMaxUnits: z.union([
    z.literal("").transform(() => null),
    z.coerce.number({ invalid_type_error: "Enter a whole number" }).int("Enter a whole number").min(1, "1 or more, or empty for any size").max(1_000_000),
  ]),
});

const DriftAction = z.object({ intent: z.enum(["restore", "accept"]), driftId: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const submitted = Object.fromEntries(await request.formData());
  const actor = sessionToken?.sub ? `staff ${sessionToken.sub}` : "merchant";
  if (submitted.intent === "rule") {
    const form = RuleForm.safeParse(submitted);
    if (!form.success) {
      return data({ intent: "rule", errors: Object.fromEntries(form.error.issues.map((issue) => [String(issue.path[0]), issue.message])) }, { status: 422 });
    }
    const settings = await inventorySettings(db(), session.shop);
    await saveInventorySettings(db(), session.shop, { lowStockThreshold: settings.lowStockThreshold, driftRule: form.data.driftRule, driftRuleMaxUnits: form.data.driftRuleMaxUnits });
    return { intent: "rule", errors: {}, applied: await applyDriftRule(db(), enqueue, session.shop) };
  }
  const form = DriftAction.safeParse(submitted);
  if (!form.success) return data({ intent: "drift", errors: { driftId: "Unknown action" } }, { status: 400 });
  const outcome =
    form.data.intent === "restore"
      ? await restoreDrift(db(), enqueue, session.shop, form.data.driftId, actor)
      : await acceptDrift(db(), session.shop, form.data.driftId, actor);
  return { intent: "drift", errors: {}, outcome };
};

const STATUS_BADGE: Record<string, { tone?: "success" | "attention" | "info" | "critical"; label: string }> = {
  open: { tone: "attention", label: "Open" },
  restoring: { tone: "info", label: "Restoring…" },
  restored: { tone: "success", label: "Restored on Shopify" },
  accepted: { tone: "success", label: "Shopify's number kept" },
  superseded: { tone: "critical", label: "Shopify changed again" },
};

function DriftActions({ id, restorable }: { id: string; restorable: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const send = (intent: "restore" | "accept") => fetcher.submit({ intent, driftId: id }, { method: "post" });
  return (
    <ButtonGroup>
      <Button size="slim" onClick={() => send("restore")} disabled={!restorable || busy} loading={busy && fetcher.formData?.get("intent") === "restore"}>
        Restore on Shopify
      </Button>
      <Button size="slim" variant="plain" onClick={() => send("accept")} disabled={busy}>
        Keep Shopify's
      </Button>
    </ButtonGroup>
  );
}

function RuleCard({ settings }: { settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"] }) {
  const fetcher = useFetcher<{ errors: Record<string, string>; applied?: { accepted: number; restoring: number } }>();
  const [rule, setRule] = useState<string>(settings.driftRule);
  const [maxUnits, setMaxUnits] = useState(settings.driftRuleMaxUnits === null ? "" : String(settings.driftRuleMaxUnits));
  const errors = fetcher.data?.errors ?? {};
  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="rule" />
        <FormLayout>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Repair rule
            </Text>
            <Text as="p" tone="subdued">
              Applied after every full sync, and to the open drifts when saved. Committed units (sales) are never written back.
            </Text>
          </BlockStack>
          <FormLayout.Group>
            <Select
              label="When a sync finds a drift"
              name="driftRule"
              options={Object.entries(DRIFT_RULES).map(([value, label]) => ({ value, label }))}
              value={rule}
              onChange={setRule}
              error={errors.driftRule}
            />
            <TextField
              label="Only drifts of at most (units)"
              name="driftRuleMaxUnits"
              type="number"
              value={maxUnits}
              onChange={setMaxUnits}
              autoComplete="off"
              placeholder="Any size"
              disabled={rule === "review"}
              error={errors.driftRuleMaxUnits}
            />
          </FormLayout.Group>
          {fetcher.data?.applied ? (
            <Banner tone="success">
              Rule saved. {fetcher.data.applied.accepted} drift(s) kept at Shopify's number, {fetcher.data.applied.restoring} being restored.
            </Banner>
          ) : null}
          <Button submit loading={fetcher.state === "submitting"}>
            Save and apply
          </Button>
        </FormLayout>
      </fetcher.Form>
    </Card>
  );
}

export default function DriftPage() {
  const { query, counts, settings, drifts } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  useLiveRevalidation(drifts.some((drift) => drift.status === "restoring") ? 1000 : 5000);
  const tabs = [
    { id: "open", content: `Open (${counts.open})` },
    { id: "resolved", content: "Resolved" },
  ];

  return (
    <Page fullWidth>
      <TitleBar title="Stock drift" />
      <Layout>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Where a full sync found Shopify holding other numbers than Orderflow expected, and why that most likely happened.
          </Text>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <SummaryCard label="Open" value={counts.open} />
            <SummaryCard label="Restored on Shopify" value={counts.restored} />
            <SummaryCard label="Kept Shopify's number" value={counts.accepted} />
            <SummaryCard label="Repaired by rule" value={counts.byRule} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <RuleCard settings={settings} />
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={tabs}
              selected={query.status === "open" ? 0 : 1}
              onSelect={(index) => {
                const next = new URLSearchParams(searchParams);
                next.set("status", tabs[index].id);
                submit(next, { method: "get", replace: true });
              }}
            >
              <IndexTable
                resourceName={{ singular: "drift", plural: "drifts" }}
                itemCount={drifts.length}
                selectable={false}
                emptyState={
                  <EmptyState heading={query.status === "open" ? "No open drift" : "Nothing repaired yet"} image="">
                    <p>{query.status === "open" ? "Shopify holds the numbers Orderflow expected. Every full sync checks again." : "Repaired drifts are listed here."}</p>
                  </EmptyState>
                }
                headings={[
                  { title: "SKU" },
                  { title: "Location" },
                  { title: "State" },
                  { title: "Orderflow expected", alignment: "end" },
                  { title: "Shopify has", alignment: "end" },
                  { title: "Likely cause" },
                  { title: query.status === "open" ? "Repair" : "Outcome" },
                ]}
              >
                {drifts.map((drift, index) => (
                  <IndexTable.Row id={drift.id} key={drift.id} position={index}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Link to={drift.itemPath}>
                          <Text as="span" fontWeight="semibold">
                            {drift.sku}
                          </Text>
                        </Link>
                        <Text as="span" variant="bodyXs" tone="subdued">
                          {drift.title}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{drift.location}</IndexTable.Cell>
                    <IndexTable.Cell>{drift.state}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {drift.expected}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack gap="100" align="end" wrap={false}>
                        <Text as="span" numeric fontWeight="semibold">
                          {drift.actual}
                        </Text>
                        <Text as="span" numeric tone={drift.actual < drift.expected ? "critical" : "success"}>
                          ({drift.actual > drift.expected ? "+" : ""}
                          {drift.actual - drift.expected})
                        </Text>
                      </InlineStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ whiteSpace: "normal", minWidth: 260, maxWidth: 420 }}>
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="medium">
                            {drift.cause}
                          </Text>
                          <Text as="p" variant="bodyXs" tone="subdued">
                            {drift.explanation}
                          </Text>
                        </BlockStack>
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {drift.status === "open" ? (
                        <DriftActions id={drift.id} restorable={drift.restorable} />
                      ) : (
                        <BlockStack gap="050">
                          <Badge tone={STATUS_BADGE[drift.status]?.tone}>{STATUS_BADGE[drift.status]?.label ?? drift.status}</Badge>
                          {drift.resolvedBy ? (
                            <Text as="span" variant="bodyXs" tone="subdued">
                              by {drift.resolvedBy}
                            </Text>
                          ) : null}
                        </BlockStack>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Tabs>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Stock drift" />;
}
