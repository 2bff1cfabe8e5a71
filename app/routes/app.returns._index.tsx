import { SummaryCard } from "../components/summary-card";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  Select,
  Spinner,
  Tabs,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { z } from "zod";
import { ReturnsByReasonChart } from "../components/return-charts";
import { STATUS_BADGE } from "../components/return-status";
import { RouteError } from "../components/route-error";
import { RETURN_TABS, SectionTabs } from "../components/section-tabs";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { formatMoney, type ReturnStatus } from "../domain/returns";
import { daysOverdue, inQueue, OPEN_STATUSES, QUEUE_TABS, queueFilters, queueQuerySchema, RETURN_SLA_DAYS } from "../domain/returns/queue";
import { adminContext } from "../services/admin-context.server";
import { approveReturns, listReturns, loadReturnPolicy, refundedSince } from "../services/returns.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  const query = queueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const policy = await loadReturnPolicy(shop);
  const [lists, refunded] = await Promise.all([
    Promise.all(queueFilters(query, policy.currencyCode).map((filters) => listReturns(shop, filters))),
    refundedSince(shop, new Date(Date.now() - WEEK_MS)),
  ]);
  const refusal = lists.find((listed) => !listed.ok);
  if (refusal && !refusal.ok) throw new Response(refusal.errors.map((error) => error.message).join("; "), { status: 400 });
  const listed = lists.flatMap((list) => (list.ok ? [list] : []));
  const label = new Map(policy.reasons.map((reason) => [reason.code, reason.label]));
  return {
    query,
    currencyCode: policy.currencyCode,
    refunded,
    counts: listed[0].counts,
    reasons: policy.reasons.map((reason) => ({ code: reason.code, label: reason.label })),
    rows: listed
      .flatMap((list) => list.returns)
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
      .filter((row) => inQueue(query, row))
      .map((row) => ({ ...row, reasons: row.reasons.map((code) => label.get(code) ?? code), overdue: daysOverdue(row.status, row.ageDays) })),
  };
};

const BulkApprove = z.object({
  ids: z.array(z.string().trim().min(1)).min(1, "Select at least one return").max(100, "Approve at most 100 returns at a time"),
  message: z.string().trim().max(500, "Keep the message under 500 characters").default(""),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await adminContext(request);
  const form = await request.formData();
  const parsed = BulkApprove.safeParse({ ids: form.getAll("ids"), message: form.get("message") ?? undefined });
  if (!parsed.success) return data({ ok: false as const, error: parsed.error.issues[0].message }, { status: 400 });
  const result = await approveReturns(shop, parsed.data.ids, { message: parsed.data.message || undefined, actor });
  return { ok: true as const, approved: result.approved.length, failed: result.failed };
};

export default function ReturnsQueue() {
  const { query, currencyCode, refunded, counts, reasons, rows } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query.q);
  const approve = useFetcher<typeof action>();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState("");
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);
  useLiveRevalidation();

  const count = (...statuses: ReturnStatus[]) => statuses.reduce((total, status) => total + (counts[status] ?? 0), 0);
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/returns";
  const selected = rows.filter((row) => selectedResources.includes(row.id));
  const selectedApprovable = selected.filter((row) => row.status === "requested");
  const money = (amount: number, currency = currencyCode) => formatMoney(amount, currency, "en-US");
  const byReason = reasons
    .map((reason) => ({ label: reason.label, count: rows.filter((row) => row.reasons.includes(reason.label)).length }))
    .filter((reason) => reason.count > 0);

  const setQuery = (name: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    submit(next, { method: "get", replace: true });
  };

  const confirmApprove = () => {
    const form = new FormData();
    for (const row of selectedApprovable) form.append("ids", row.id);
    form.set("message", message);
    approve.submit(form, { method: "post" });
    setConfirming(false);
    setMessage("");
    clearSelection();
  };

  if (total === 0) {
    return (
      <Page>
        <TitleBar title="Returns" />
        <BlockStack gap="400">
          <SectionTabs tabs={RETURN_TABS} />
          <Card>
            <EmptyState heading="No returns yet" image="/empty-orders.svg" action={{ content: "Set the return policy", url: "/app/returns/settings" }}>
              <p>
                Returns appear here when a customer asks for one on your store or on Shopify. Requests your policy approves on their own go
                straight to Approved; the others wait here for your decision.
              </p>
            </EmptyState>
          </Card>
        </BlockStack>
      </Page>
    );
  }

  const result = approve.data;
  return (
    <Page fullWidth>
      <TitleBar title="Returns" />
      <BlockStack gap="400">
        <SectionTabs tabs={RETURN_TABS} />
        <Layout>
          <Layout.Section>
            <Text as="p" tone="subdued">
              {`Every return, newest first. A request waits at most ${RETURN_SLA_DAYS.decision} days for a decision and ${RETURN_SLA_DAYS.resolution} days to be resolved; older ones are marked overdue.`}
            </Text>
          </Layout.Section>
          <Layout.Section>
            <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
              <SummaryCard label="Open" value={count(...OPEN_STATUSES)} hint="Not yet resolved" />
              <SummaryCard label="Awaiting approval" value={count("requested")} hint="Need your decision" />
              <SummaryCard label="In transit" value={count("pickup_scheduled", "in_transit")} hint="Pickups booked and parcels on their way" />
              <SummaryCard label="To inspect" value={count("partially_received", "received")} hint="Arrived, not yet inspected" />
              <SummaryCard label="Refunded this week" value={money(refunded.amount, refunded.currencyCode)} hint={`${refunded.returns} ${refunded.returns === 1 ? "return" : "returns"} in the last 7 days`} />
            </InlineGrid>
          </Layout.Section>
          {result ? (
            <Layout.Section>
              {result.ok ? (
                <Banner tone={result.failed.length > 0 ? "warning" : "success"} title={`${result.approved} ${result.approved === 1 ? "return" : "returns"} approved`}>
                  {result.failed.length > 0 ? (
                    <BlockStack gap="100">
                      {result.failed.map((failure) => (
                        <Text as="p" key={failure.id}>
                          {`${rows.find((row) => row.id === failure.id)?.orderName ?? failure.id}: ${failure.message}`}
                        </Text>
                      ))}
                    </BlockStack>
                  ) : null}
                </Banner>
              ) : (
                <Banner tone="critical" title={result.error} />
              )}
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card padding="0">
              <Tabs
                tabs={QUEUE_TABS.map((tab) => ({
                  id: tab.id,
                  content: tab.label,
                  badge: String(tab.statuses === null ? count(...OPEN_STATUSES) : count(...tab.statuses)),
                }))}
                selected={Math.max(0, QUEUE_TABS.findIndex((tab) => tab.id === query.tab))}
                onSelect={(index) => setQuery("tab", QUEUE_TABS[index].id)}
              >
                <Box padding="300">
                  <Form method="get" replace>
                    <input type="hidden" name="tab" value={query.tab} />
                    <InlineStack gap="300" blockAlign="end" wrap={false}>
                      <div style={{ flex: 1 }}>
                        <TextField
                          label="Search"
                          name="q"
                          value={search}
                          onChange={setSearch}
                          placeholder="Order number or return id"
                          autoComplete="off"
                          clearButton
                          onClearButtonClick={() => {
                            setSearch("");
                            setQuery("q", "");
                          }}
                        />
                      </div>
                      <Select
                        label="Reason"
                        name="reason"
                        value={query.reason}
                        onChange={(value) => setQuery("reason", value)}
                        options={[{ label: "Any reason", value: "" }, ...reasons.map((reason) => ({ label: reason.label, value: reason.code }))]}
                      />
                      <Select
                        label="Age"
                        name="age"
                        value={query.age}
                        onChange={(value) => setQuery("age", value)}
                        options={[
                          { label: "Any age", value: "any" },
                          { label: "Older than 2 days", value: "2d" },
                          { label: "Older than 7 days", value: "7d" },
                          { label: "Overdue", value: "overdue" },
                        ]}
                      />
                      <Select
                        label="Value"
                        name="value"
                        value={query.value}
                        onChange={(value) => setQuery("value", value)}
                        options={[
                          { label: "Any value", value: "any" },
                          { label: `Under ${money(5000)}`, value: "under-50" },
                          { label: `${money(5000)} – ${money(20000)}`, value: "50-200" },
                          { label: `Over ${money(20000)}`, value: "over-200" },
                        ]}
                      />
                      {loading ? <Spinner size="small" accessibilityLabel="Loading returns" /> : null}
                    </InlineStack>
                  </Form>
                </Box>
                <IndexTable
                  resourceName={{ singular: "return", plural: "returns" }}
                  itemCount={rows.length}
                  selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                  onSelectionChange={handleSelectionChange}
                  loading={loading || approve.state === "submitting"}
                  promotedBulkActions={[
                    {
                      content: selectedApprovable.length === selected.length ? "Approve" : `Approve ${selectedApprovable.length} awaiting approval`,
                      disabled: selectedApprovable.length === 0,
                      onAction: () => setConfirming(true),
                    },
                  ]}
                  emptyState={
                    <EmptyState heading="No returns match" image="">
                      <p>Try another stage, reason, age or value.</p>
                    </EmptyState>
                  }
                  headings={[
                    { title: "Order" },
                    { title: "Status" },
                    { title: "Reasons" },
                    { title: "Items", alignment: "end" },
                    { title: "Value", alignment: "end" },
                    { title: "Requested" },
                    { title: "Age" },
                  ]}
                >
                  {rows.map((row, index) => (
                    <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <RemixLink to={`/app/returns/${row.id}`} onClick={(event) => event.stopPropagation()}>
                            <Text as="span" fontWeight="semibold">
                              {row.orderName}
                            </Text>
                          </RemixLink>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {row.source === "portal" ? "From the store" : row.source === "shopify" ? "Started on Shopify" : "Created here"}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <InlineStack gap="100">
                          <Badge tone={STATUS_BADGE[row.status].tone}>{STATUS_BADGE[row.status].label}</Badge>
                          {row.needsReview ? <Badge tone="warning">Review</Badge> : null}
                        </InlineStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{row.reasons.join(", ")}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {row.units}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {money(row.value, row.currencyCode)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{new Date(row.requestedAt).toLocaleDateString("en-US", { month: "short", day: "numeric" })}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <InlineStack gap="200" wrap={false}>
                          <Text as="span">{row.ageDays === 0 ? "Today" : `${row.ageDays} ${row.ageDays === 1 ? "day" : "days"}`}</Text>
                          {row.overdue !== null ? <Badge tone="critical">{`Overdue ${row.overdue} d`}</Badge> : null}
                        </InlineStack>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Tabs>
            </Card>
          </Layout.Section>
          {byReason.length > 0 ? (
            <Layout.Section variant="oneThird">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Why they come back
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    Returns listed here, by the reason given for any of their items.
                  </Text>
                  <ReturnsByReasonChart reasons={byReason} />
                </BlockStack>
              </Card>
            </Layout.Section>
          ) : null}
        </Layout>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Approve ${selectedApprovable.length} ${selectedApprovable.length === 1 ? "return" : "returns"}?`}
        primaryAction={{ content: "Approve", onAction: confirmApprove }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              {`Shopify approves ${selectedApprovable.map((row) => row.orderName).join(", ")} and tells ${selectedApprovable.length === 1 ? "the customer" : "each customer"}.${selectedApprovable.length < selected.length ? " Returns not awaiting approval are left as they are." : ""}`}
            </Text>
            <TextField
              label="Message to the customers (optional)"
              value={message}
              onChange={setMessage}
              multiline={3}
              maxLength={500}
              autoComplete="off"
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Returns" />;
}
