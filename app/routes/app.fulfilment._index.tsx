import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { z } from "zod";
import { humanize, money, percent } from "../components/format";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { enqueueBulkFulfil } from "../jobs/fulfil.server";
import { jobQueue } from "../jobs/runtime.server";
import { adminContext } from "../services/admin-context.server";
import { fulfillmentOrderGid, fulfilmentQueue } from "../services/fulfilment.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, graphql } = await adminContext(request);
  return fulfilmentQueue({ db: db(), graphql }, shop);
};

const BulkForm = z.object({ ids: z.array(z.string().regex(/^\d+$/)).min(1, "Select at least one order").max(250) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await adminContext(request);
  const form = BulkForm.safeParse({ ids: (await request.formData()).getAll("ids") });
  if (!form.success) return data({ queued: 0, error: form.error.issues[0].message }, { status: 400 });
  const queued = await enqueueBulkFulfil(jobQueue(), shop, actor, form.data.ids.map(fulfillmentOrderGid));
  return { queued, error: null };
};

const STATUS_TONE: Record<string, "info" | "attention" | "warning" | undefined> = {
  OPEN: undefined,
  IN_PROGRESS: "info",
  ON_HOLD: "warning",
  SCHEDULED: "attention",
};

export default function FulfilmentQueue() {
  const { rows, hasCatalog, more, errors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  useLiveRevalidation();
  const eligible = rows.filter((row) => row.bulk === null);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(eligible, {
    resourceIDResolver: (row) => row.id,
  });
  const fulfil = (ids: string[]) => {
    const form = new FormData();
    for (const id of ids) form.append("ids", id);
    submit(form, { method: "post" });
    clearSelection();
  };
  const busy = navigation.state === "submitting";

  return (
    <Page>
      <TitleBar title="Fulfilment" />
      <Layout>
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="p" tone="subdued">
              Open fulfillment orders with the carrier Orderflow recommends for each. Pick, pack and ship them one by one, or send the clean
              ones in bulk.
            </Text>
            <InlineStack gap="200">
              <Button url="/app/fulfilment/pick-list">Pick list</Button>
              <Button
                variant="primary"
                disabled={eligible.length === 0}
                loading={busy}
                onClick={() => fulfil(eligible.map((row) => row.id))}
              >
                {`Fulfil ${eligible.length} clean order${eligible.length === 1 ? "" : "s"}`}
              </Button>
            </InlineStack>
          </InlineStack>
        </Layout.Section>
        {result?.error ? (
          <Layout.Section>
            <Banner tone="critical" title={result.error} />
          </Layout.Section>
        ) : null}
        {result && result.queued > 0 ? (
          <Layout.Section>
            <Banner tone="info" title={`${result.queued} fulfillment order${result.queued === 1 ? "" : "s"} queued`}>
              <p>
                Each is checked again and fulfilled in the background; orders put on hold meanwhile are left alone and listed under errors.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {!hasCatalog ? (
          <Layout.Section>
            <Banner tone="warning" title="No carrier catalogue yet" action={{ content: "Import one", url: "/app/carriers" }}>
              <p>Without one there is no carrier to recommend, and nothing can be fulfilled through Orderflow.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "fulfillment order", plural: "fulfillment orders" }}
              itemCount={rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[{ content: "Fulfil selected", onAction: () => fulfil(selectedResources) }]}
              emptyState={
                <EmptyState heading="Nothing to fulfil" image="/empty-orders.svg">
                  <p>Every order is fulfilled. New orders appear here as Shopify sends them.</p>
                </EmptyState>
              }
              headings={[
                { title: "Order" },
                { title: "From" },
                { title: "To" },
                { title: "Units", alignment: "end" },
                { title: "Shipping" },
                { title: "Recommended" },
                { title: "Cost", alignment: "end" },
                { title: "On time", alignment: "end" },
                { title: "" },
              ]}
            >
              {rows.map((row, index) => (
                <IndexTable.Row
                  id={row.id}
                  key={row.id}
                  position={index}
                  disabled={row.bulk !== null}
                  selected={selectedResources.includes(row.id)}
                >
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <InlineStack gap="200" blockAlign="center">
                        <RemixLink to={`/app/fulfilment/${row.id}`} onClick={(event) => event.stopPropagation()}>
                          <Text as="span" fontWeight="semibold">
                            {row.orderName}
                          </Text>
                        </RemixLink>
                        {row.status !== "OPEN" ? <Badge tone={STATUS_TONE[row.status]}>{humanize(row.status)}</Badge> : null}
                      </InlineStack>
                      {row.blocker || row.bulk ? (
                        <Text as="span" variant="bodySm" tone="subdued">
                          {row.blocker ?? `Not in bulk: ${row.bulk}`}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.location}</IndexTable.Cell>
                  <IndexTable.Cell>{row.destination ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.units}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span">{row.shippingLine ?? "—"}</Text>
                      {row.priority && row.priority !== "standard" ? <Badge tone="attention">{humanize(row.priority)}</Badge> : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.winner ? (
                      <BlockStack gap="050">
                        <Text as="span">
                          {row.winner.carrier} {row.winner.service}
                        </Text>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {humanize(row.winner.mode)}
                        </Text>
                      </BlockStack>
                    ) : (
                      "—"
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.winner ? money(row.winner.cost, row.currency) : "—"}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.winner ? percent(row.winner.onTime) : "—"}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.status === "OPEN" || row.status === "IN_PROGRESS" ? (
                      <div onClick={(event) => event.stopPropagation()}>
                        <Button url={`/app/fulfilment/${row.id}/pack`} size="slim">
                          Pack
                        </Button>
                      </div>
                    ) : null}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
          {more ? (
            <Text as="p" tone="subdued">
              Showing the oldest {rows.length}; fulfil these to see the rest.
            </Text>
          ) : null}
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Fulfilment errors
              </Text>
              {errors.length === 0 ? (
                <Text as="p" tone="subdued">
                  None yet. Wrong items scanned at the pack bench, extra units, and fulfilments that could not go through are logged here
                  with who and when.
                </Text>
              ) : (
                <BlockStack gap="200">
                  {errors.map((error) => (
                    <InlineStack key={error.id} gap="300" wrap={false} blockAlign="start">
                      <Badge tone="critical">{humanize(error.kind)}</Badge>
                      <BlockStack gap="050">
                        <Text as="span">
                          {error.orderName}: {error.message}
                        </Text>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {error.actor}, {new Date(error.at).toLocaleString()}
                        </Text>
                      </BlockStack>
                    </InlineStack>
                  ))}
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Fulfilment" />;
}
