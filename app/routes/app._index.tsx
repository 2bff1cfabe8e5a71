import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Spinner,
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
import { intakeStatus, type IntakeStatus } from "../domain/orders/intake-status";
import { countOrdersByStatus, listOrders } from "../models/orders.server";
import { countDeliveriesByStatus } from "../models/webhook-deliveries.server";
import { authenticate } from "../shopify.server";

const TABS = [
  { id: "all", content: "All" },
  { id: "received", content: "Received" },
  { id: "tagged", content: "Tagged" },
  { id: "cancelled", content: "Cancelled" },
] as const;

const QuerySchema = z.object({
  status: z.enum(["all", "received", "tagged", "cancelled"]).catch("all"),
  q: z.string().trim().max(100).catch(""),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const query = QuerySchema.parse({ status: url.searchParams.get("status") ?? undefined, q: url.searchParams.get("q") ?? undefined });
  const [list, counts, deliveries] = await Promise.all([
    listOrders(db(), {
      shop: session.shop,
      status: query.status === "all" ? undefined : query.status,
      search: query.q || undefined,
    }),
    countOrdersByStatus(db(), session.shop),
    countDeliveriesByStatus(db(), session.shop),
  ]);
  return {
    query,
    total: list.total,
    counts,
    deliveries,
    orders: list.orders.map((o) => ({
      id: o.id,
      name: o.name,
      createdAt: o.shopifyCreatedAt.toISOString(),
      customer: o.customerName ?? o.email ?? "No customer",
      total: `${o.totalPrice} ${o.currency}`,
      financialStatus: o.financialStatus,
      fulfillmentStatus: o.fulfillmentStatus,
      items: o.lineItems.reduce((n, l) => n + l.quantity, 0),
      status: intakeStatus(o),
    })),
  };
};

const STATUS_BADGE: Record<IntakeStatus, { tone: "info" | "success" | "critical"; label: string }> = {
  received: { tone: "info", label: "Received" },
  tagged: { tone: "success", label: "Checked in" },
  cancelled: { tone: "critical", label: "Cancelled" },
};

const humanize = (value: string | null) =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ") : "—";

export default function OrdersPage() {
  const { query, total, counts, deliveries, orders } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query.q);
  useLiveRevalidation();

  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app";
  const selectedTab = TABS.findIndex((t) => t.id === query.status);

  const selectTab = (index: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("status", TABS[index].id);
    submit(next, { method: "get", replace: true });
  };

  if (total === 0) {
    return (
      <Page>
        <TitleBar title="Orders" />
        <Card>
          <EmptyState heading="No orders yet" image="/empty-orders.svg">
            <p>
              Orders appear here the moment Shopify sends them. Place an order in your store, or wait for the next
              one: Orderflow checks it in and tags it <code>orderflow:received</code>.
            </p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page>
      <TitleBar title="Orders" />
      <Layout>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Every order Shopify sent, checked in by Orderflow. This page refreshes itself.
          </Text>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <SummaryCard label="Checked in" value={counts.tagged} hint="Snapshot stored and tagged on Shopify" />
            <SummaryCard label="Waiting" value={counts.received} hint="Stored, not yet tagged" />
            <SummaryCard label="Cancelled" value={counts.cancelled} />
            <SummaryCard
              label="Webhooks to process"
              value={deliveries.pending + deliveries.failed}
              hint={deliveries.failed ? `${deliveries.failed} failed, retrying` : "All caught up"}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Tabs tabs={TABS.map((t) => ({ ...t }))} selected={selectedTab < 0 ? 0 : selectedTab} onSelect={selectTab}>
              <div style={{ padding: "var(--p-space-300)" }}>
                <Form method="get" replace onSubmit={(e) => submit(e.currentTarget, { replace: true })}>
                  <input type="hidden" name="status" value={query.status} />
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <div style={{ flex: 1 }}>
                      <TextField
                        label="Search orders"
                        labelHidden
                        name="q"
                        value={search}
                        onChange={setSearch}
                        placeholder="Search by order number, customer or email"
                        autoComplete="off"
                        clearButton
                        onClearButtonClick={() => setSearch("")}
                      />
                    </div>
                    {loading ? <Spinner size="small" accessibilityLabel="Loading orders" /> : null}
                  </InlineStack>
                </Form>
              </div>
              <IndexTable
                resourceName={{ singular: "order", plural: "orders" }}
                itemCount={orders.length}
                selectable={false}
                loading={loading}
                emptyState={
                  <EmptyState heading="No orders match" image="">
                    <p>Try another status or search.</p>
                  </EmptyState>
                }
                headings={[
                  { title: "Order" },
                  { title: "Date" },
                  { title: "Customer" },
                  { title: "Items", alignment: "end" },
                  { title: "Total", alignment: "end" },
                  { title: "Payment" },
                  { title: "Fulfillment" },
                  { title: "Orderflow" },
                ]}
              >
                {orders.map((order, index) => (
                  <IndexTable.Row id={order.id} key={order.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" variant="bodyMd" fontWeight="semibold">
                        {order.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{new Date(order.createdAt).toLocaleString()}</IndexTable.Cell>
                    <IndexTable.Cell>{order.customer}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {order.items}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {order.total}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{humanize(order.financialStatus)}</IndexTable.Cell>
                    <IndexTable.Cell>{humanize(order.fulfillmentStatus)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={STATUS_BADGE[order.status].tone}>{STATUS_BADGE[order.status].label}</Badge>
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
  return <RouteError title="Orders" />;
}
