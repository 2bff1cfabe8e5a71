import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { topicName } from "../domain/webhooks/topics";
import { orderNames } from "../models/orders.server";
import { listDeliveries } from "../models/webhook-deliveries.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const rows = await listDeliveries(db(), session.shop, 100);
  const names = await orderNames(db(), session.shop, [...new Set(rows.flatMap((d) => (d.resourceId ? [d.resourceId] : [])))]);
  return {
    deliveries: rows.map((d) => ({
      id: d.id,
      topic: topicName(d.topic),
      about: d.resourceId ? (names.get(d.resourceId) ?? d.resourceId.split("/").pop()) : "",
      eventId: d.eventId,
      receivedAt: d.receivedAt.toISOString(),
      status: d.status,
      attempts: d.attempts,
      note: d.lastError,
    })),
  };
};

const TONE: Record<string, "success" | "attention" | "critical" | undefined> = {
  processed: "success",
  pending: "attention",
  failed: "critical",
  skipped: undefined,
};

export default function WebhookDeliveries() {
  const { deliveries } = useLoaderData<typeof loader>();
  useLiveRevalidation();
  return (
    <Page>
      <TitleBar title="Webhook deliveries" />
      <BlockStack gap="400">
      <Text as="p" tone="subdued">
        What Shopify sent, and what Orderflow did with it (latest 100).
      </Text>
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: "delivery", plural: "deliveries" }}
          itemCount={deliveries.length}
          selectable={false}
          emptyState={
            <EmptyState heading="Nothing received yet" image="/empty-orders.svg">
              <p>Shopify sends a webhook when an order is created or changes; each one is listed here.</p>
            </EmptyState>
          }
          headings={[{ title: "Topic" }, { title: "About" }, { title: "Received" }, { title: "Status" }, { title: "Attempts", alignment: "end" }, { title: "Note" }]}
        >
          {deliveries.map((d, index) => (
            <IndexTable.Row id={d.id} key={d.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  {d.topic}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{d.about}</IndexTable.Cell>
              <IndexTable.Cell>{new Date(d.receivedAt).toLocaleString()}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={TONE[d.status]}>{d.status}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {d.attempts}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{d.note ?? ""}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Webhook deliveries" />;
}
