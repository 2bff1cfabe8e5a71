import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
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
  Select,
  Tabs,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { z } from "zod";
import { SummaryCard } from "../components/summary-card";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { AGE_FILTERS, FINDING_CODES } from "../domain/intake";
import { inboxActionSchema, performInboxAction, type ActionResult } from "../intake/admin-actions.server";
import { authenticateIntakeAdmin, formFields } from "../intake/admin-context.server";
import { reconcileIntervalMs } from "../intake/jobs.server";
import { ensureReconcileScheduled } from "../intake/reconcile.server";
import { loadInbox } from "../intake/views.server";
import { jobQueue } from "../jobs/runtime.server";

const CLASSES = ["all", "customer", "fulfillment", "shipping"] as const;

const QuerySchema = z.object({
  errorClass: z.enum(CLASSES).catch("all"),
  severity: z.enum(["any", "block", "warn", "info"]).catch("any"),
  code: z
    .string()
    .refine((code) => code === "" || code in FINDING_CODES)
    .catch(""),
  age: z.enum(AGE_FILTERS).catch("any"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const url = new URL(request.url);
  const query = QuerySchema.parse(Object.fromEntries(url.searchParams));
  await ensureReconcileScheduled({ db: deps.db, enqueue: (task, payload, options) => jobQueue().enqueue(task, payload, options), intervalMs: reconcileIntervalMs() }, context.shop);
  return loadInbox(deps.db, context.shop, query);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const parsed = inboxActionSchema.safeParse(await formFields(request));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: "Choose one or more orders first." }, { status: 400 });
  return data<ActionResult>(await performInboxAction(deps, context, parsed.data));
};

const TRIGGER_LABEL: Record<string, string> = { merchant: "run by hand", "dead-letter": "after a dead letter" };
const CLASS_LABEL = { customer: "Customer", fulfillment: "Fulfillment", shipping: "Shipping" } as const;
const SEVERITY_TONE: Record<string, "critical" | "warning" | "info"> = { block: "critical", warn: "warning", info: "info" };
const SEVERITY_LABEL: Record<string, string> = { block: "Blocks", warn: "Warning", info: "Info" };

function formatTime(iso: string | null) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

export default function ExceptionInbox() {
  const data = useLoaderData<typeof loader>();
  const { query, counts, orders, reconcile, deadLetters, slaHours } = data;
  const navigation = useNavigation();
  const navigate = useNavigate();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const bulk = useFetcher<typeof action>();
  const reconcileNow = useFetcher<typeof action>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(orders);
  useLiveRevalidation();

  const tabs = CLASSES.map((id) => ({ id, content: id === "all" ? "All" : CLASS_LABEL[id], badge: String(counts[id]) }));
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/exceptions";

  const setQuery = (name: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    next.set(name, value);
    submit(next, { method: "get", replace: true });
  };

  const runBulk = (intent: string, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selectedResources) form.append("orderIds[]", id);
    for (const [key, value] of Object.entries(extra)) form.set(key, value);
    bulk.submit(form, { method: "post" });
    clearSelection();
  };

  const result = bulk.data;

  return (
    <Page fullWidth>
      <TitleBar title="Exceptions" />
      <Layout>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Orders Orderflow stopped or flagged at intake, most overdue first. Problems older than {slaHours} h are past your SLA.
          </Text>
        </Layout.Section>
        {deadLetters > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={`${deadLetters} webhook deliveries could not be read`} action={{ content: "Review dead letters", url: "/app/dead-letters" }}>
              <p>Shopify sent them correctly signed, but their bodies were not usable. Replay them once the cause is fixed.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {(["customer", "fulfillment", "shipping"] as const).map((errorClass) => (
              <SummaryCard
                key={errorClass}
                label={`${CLASS_LABEL[errorClass]} errors`}
                value={counts[errorClass]}
                hint={errorClass === "customer" ? "Address, phone, email, quantity" : errorClass === "fulfillment" ? "SKU and stock" : "What the carrier cannot deliver"}
              />
            ))}
            <Card>
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    Reconciliation
                  </Text>
                  <reconcileNow.Form method="post">
                    <input type="hidden" name="intent" value="reconcile" />
                    <Button submit size="slim" loading={reconcileNow.state !== "idle"}>
                      Run now
                    </Button>
                  </reconcileNow.Form>
                </InlineStack>
                {reconcile.lastRun ? (
                  <>
                    <Text as="p" variant="bodyMd">
                      {`Last run ${formatTime(reconcile.lastRun.startedAt)}${reconcile.lastRun.trigger === "schedule" ? "" : ` (${TRIGGER_LABEL[reconcile.lastRun.trigger] ?? reconcile.lastRun.trigger})`}`}
                    </Text>
                    <Text as="p" variant="bodySm" tone={reconcile.lastRun.error ? "critical" : "subdued"}>
                      {reconcile.lastRun.error
                        ? `Failed: ${reconcile.lastRun.error}`
                        : reconcile.lastRun.finishedAt
                          ? `${reconcile.lastRun.checked} orders checked, ${reconcile.lastRun.repaired} repaired`
                          : "Running…"}
                    </Text>
                  </>
                ) : (
                  <Text as="p" variant="bodySm" tone="subdued">
                    Not run yet.
                  </Text>
                )}
                {reconcile.nextRunAt ? (
                  <Text as="p" variant="bodySm" tone="subdued">
                    {`Next run ${formatTime(reconcile.nextRunAt)}`}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        {result ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
              {result.ok && result.links?.length ? (
                <BlockStack gap="200">
                  <Text as="p">Send each customer their link; it opens a form on your store where they correct the address or phone.</Text>
                  {result.links.map((link) => (
                    <TextField key={link.url} label={`Fix link for ${link.order}`} value={link.url} readOnly autoComplete="off" />
                  ))}
                </BlockStack>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Tabs tabs={tabs} selected={Math.max(0, CLASSES.indexOf(query.errorClass))} onSelect={(index) => setQuery("errorClass", CLASSES[index])}>
              <Box padding="300">
                <Form method="get" replace>
                  <input type="hidden" name="errorClass" value={query.errorClass} />
                  <InlineStack gap="300" blockAlign="end">
                    <Select
                      label="Severity"
                      name="severity"
                      value={query.severity}
                      onChange={(value) => setQuery("severity", value)}
                      options={[
                        { label: "Blocks and warnings", value: "any" },
                        { label: "Blocks shipping", value: "block" },
                        { label: "Warnings", value: "warn" },
                        { label: "Info", value: "info" },
                      ]}
                    />
                    <Select
                      label="Problem"
                      name="code"
                      value={query.code}
                      onChange={(value) => setQuery("code", value)}
                      options={[{ label: "Any problem", value: "" }, ...data.codes.map((code) => ({ label: code.toLowerCase().replace(/_/g, " "), value: code }))]}
                    />
                    <Select
                      label="Age"
                      name="age"
                      value={query.age}
                      onChange={(value) => setQuery("age", value)}
                      options={[
                        { label: "Any age", value: "any" },
                        { label: "Older than 1 hour", value: "1h" },
                        { label: "Older than 24 hours", value: "24h" },
                        { label: `Past the SLA (${slaHours} h)`, value: "breached" },
                      ]}
                    />
                  </InlineStack>
                </Form>
              </Box>
              <IndexTable
                resourceName={{ singular: "order", plural: "orders" }}
                itemCount={orders.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                loading={loading || bulk.state !== "idle"}
                promotedBulkActions={[
                  { content: "Release holds", onAction: () => runBulk("release") },
                  { content: "Create fix links", onAction: () => runBulk("fix-links") },
                ]}
                bulkActions={[
                  {
                    content: "Cancel orders",
                    onAction: () => {
                      if (window.confirm("Cancel the selected orders on Shopify? They are restocked and refunded; this cannot be undone.")) runBulk("cancel", { reason: "CUSTOMER" });
                    },
                  },
                ]}
                emptyState={
                  <EmptyState heading={counts.all === 0 ? "No open problems" : "No orders match"} image="/empty-orders.svg">
                    <p>
                      {counts.all === 0
                        ? "Every order Orderflow checked is clear. Problems it finds on new orders appear here."
                        : "Try another class, severity, problem or age."}
                    </p>
                  </EmptyState>
                }
                headings={[{ title: "Order" }, { title: "Customer" }, { title: "Problems" }, { title: "Status" }, { title: "Open for" }]}
              >
                {orders.map((order, index) => (
                  <IndexTable.Row
                    id={order.id}
                    key={order.id}
                    position={index}
                    selected={selectedResources.includes(order.id)}
                    onClick={() => navigate(`/app/orders/${order.legacyId}`)}
                  >
                    <IndexTable.Cell>
                      <Text as="span" variant="bodyMd" fontWeight="semibold">
                        {order.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{order.customer}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        {order.findings.map((finding) => (
                          <InlineStack key={finding.id} gap="200" wrap={false} blockAlign="start">
                            <Badge tone={SEVERITY_TONE[finding.severity]}>{SEVERITY_LABEL[finding.severity]}</Badge>
                            <Box maxWidth="560px">
                              <Text as="span" variant="bodySm" breakWord>
                                {finding.message}
                              </Text>
                            </Box>
                          </InlineStack>
                        ))}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {order.status === "held" ? (
                        <Badge tone="critical">{`On hold: ${order.holdReason ?? "problem"}`}</Badge>
                      ) : (
                        <Badge tone="attention">Needs review</Badge>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack gap="200" wrap={false}>
                        <Text as="span">{order.age}</Text>
                        {order.breached ? <Badge tone="critical">SLA breached</Badge> : <Badge>{`${order.dueIn} left`}</Badge>}
                      </InlineStack>
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
  return <RouteError title="Exceptions" />;
}
