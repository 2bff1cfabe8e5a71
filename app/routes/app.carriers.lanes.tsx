import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useEffect, useState } from "react";
import { z } from "zod";
import { SummaryCard } from "../components/summary-card";
import { days, humanize, percent } from "../components/format";
import { RouteError } from "../components/route-error";
import { CARRIER_TABS, SectionTabs } from "../components/section-tabs";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { db } from "../db.server";
import { adminContext } from "../services/admin-context.server";
import { lanesPage } from "../services/carriers.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

const Query = z.object({
  from: z
    .union([z.literal("all"), z.string().regex(/^\d+$/)])
    .nullable()
    .catch(null),
  to: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
    .nullable()
    .catch(null),
  all: z.literal("1").nullable().catch(null),
});

const PAGE = 25;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, graphql } = await adminContext(request);
  const params = new URL(request.url).searchParams;
  const query = Query.parse({ from: params.get("from"), to: params.get("to"), all: params.get("all") });
  return lanesPage(db(), graphql, shop, { from: query.from, to: query.to, limit: query.all ? Number.MAX_SAFE_INTEGER : PAGE });
};

const STATUS_TONE: Record<string, "success" | "info" | "attention" | "critical" | undefined> = {
  creating: "attention",
  shipped: "info",
  in_transit: "info",
  failed_attempt: "attention",
  delivered: "success",
  rto: "critical",
  damaged: "critical",
};

function rate(estimate: number, hits: number, shipments: number) {
  return (
    <BlockStack gap="0">
      <Text as="span" alignment="end" numeric>
        {percent(estimate)}
      </Text>
      <Text as="span" alignment="end" numeric variant="bodySm" tone="subdued">
        {hits}/{shipments}
      </Text>
    </BlockStack>
  );
}

/** polaris-viz measures the page to lay out its SVG, so it renders once the page is in a browser. */
function OnTimeChart({ rows }: { rows: { label: string; onTime: number }[] }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <div style={{ height: 320 }} />;
  return (
    <PolarisVizProvider>
      <div style={{ height: 320 }}>
        <BarChart
          direction="horizontal"
          theme="Light"
          showLegend={false}
          data={[{ name: "On time", data: rows.map((row) => ({ key: row.label, value: Math.round(row.onTime * 100) })) }]}
          xAxisOptions={{ labelFormatter: (value) => `${value} %` }}
        />
      </div>
    </PolarisVizProvider>
  );
}

export default function Lanes() {
  const { lanes, matching, total, origins, destinations, from, inFlight, recentShipments } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const submit = useSubmit();
  useLiveRevalidation(10_000);
  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    next.delete("all");
    if (value) next.set(name, value);
    else next.delete(name);
    submit(next, { method: "get", replace: true });
  };

  return (
    <Page>
      <TitleBar title="Carriers" />
      <BlockStack gap="400">
        <SectionTabs tabs={CARRIER_TABS} />
        {total.lanes === 0 ? (
          <Card>
            <EmptyState heading="No lanes learned yet" image="/empty-orders.svg">
              <p>
                Each delivered, returned or damaged parcel teaches its lane (the location it left, where it went, the service that carried
                it). Until a lane has history, recommendations use the carrier's promise and the service's record elsewhere.
              </p>
            </EmptyState>
          </Card>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              <SummaryCard label="Lanes" value={total.lanes} />
              <SummaryCard label="Parcels learned from" value={total.parcels} />
              <SummaryCard label="Still travelling" value={inFlight} />
            </InlineGrid>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    On time, busiest lanes
                  </Text>
                  <InlineStack gap="200">
                    <Select
                      label="From"
                      labelInline
                      options={[
                        { label: "Every location", value: "all" },
                        ...origins.map((origin) => ({ label: origin.name, value: origin.id })),
                      ]}
                      value={from ?? "all"}
                      onChange={(value) => filter("from", value)}
                    />
                    <Select
                      label="To"
                      labelInline
                      options={[
                        { label: "Everywhere", value: "" },
                        ...destinations.map((destination) => ({ label: destination, value: destination })),
                      ]}
                      value={searchParams.get("to") ?? ""}
                      onChange={(value) => filter("to", value)}
                    />
                  </InlineStack>
                </InlineStack>
                <OnTimeChart
                  rows={lanes.slice(0, 10).map((lane) => ({
                    label: `${from ? "" : `${lane.origin} → `}${lane.destination} · ${lane.carrierName} ${lane.serviceName}`,
                    onTime: lane.onTimeRate,
                  }))}
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  Rates are the engine's estimates: a lane's own parcels blended with the service's record elsewhere, so that a lane with
                  few parcels is not judged on one or two. The figures under each rate are the parcels themselves.
                </Text>
              </BlockStack>
            </Card>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "lane", plural: "lanes" }}
                itemCount={lanes.length}
                selectable={false}
                headings={[
                  { title: "From" },
                  { title: "To" },
                  { title: "Service" },
                  { title: "Parcels", alignment: "end" },
                  { title: "p50 / p90" },
                  { title: "Promise" },
                  { title: "On time", alignment: "end" },
                  { title: "Failed", alignment: "end" },
                  { title: "Returned", alignment: "end" },
                  { title: "Damaged", alignment: "end" },
                ]}
              >
                {lanes.map((lane, index) => (
                  <IndexTable.Row id={lane.key} key={lane.key} position={index}>
                    <IndexTable.Cell>{lane.origin}</IndexTable.Cell>
                    <IndexTable.Cell>{lane.destination}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          {lane.carrierName} {lane.serviceName}
                        </Text>
                        {lane.mode ? (
                          <Text as="span" variant="bodySm" tone="subdued">
                            {humanize(lane.mode)}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="0">
                        <Text as="span" alignment="end" numeric>
                          {lane.shipments}
                        </Text>
                        {lane.inFlight > 0 ? (
                          <Text as="span" alignment="end" variant="bodySm" tone="subdued">
                            +{lane.inFlight} travelling
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {days(lane.p50)} / {days(lane.p90)}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{lane.promisedTransitDays === null ? "—" : days(lane.promisedTransitDays)}</IndexTable.Cell>
                    <IndexTable.Cell>{rate(lane.onTimeRate, lane.observed.onTime, lane.shipments)}</IndexTable.Cell>
                    <IndexTable.Cell>{rate(lane.failedRate, lane.observed.failed, lane.shipments)}</IndexTable.Cell>
                    <IndexTable.Cell>{rate(lane.rtoRate, lane.observed.rto, lane.shipments)}</IndexTable.Cell>
                    <IndexTable.Cell>{rate(lane.damageRate, lane.observed.damaged, lane.shipments)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              {matching > lanes.length ? (
                <div style={{ padding: "var(--p-space-300)" }}>
                  <InlineStack align="center">
                    <Button onClick={() => filter("all", "1")} variant="plain">
                      {`Show all ${matching} lanes`}
                    </Button>
                  </InlineStack>
                </div>
              ) : null}
            </Card>
          </>
        )}
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <Text as="h2" variant="headingMd">
              Recent shipments
            </Text>
          </div>
          <IndexTable
            resourceName={{ singular: "shipment", plural: "shipments" }}
            itemCount={recentShipments.length}
            selectable={false}
            emptyState={
              <Text as="p" tone="subdued">
                Shipments appear here once fulfilled from the pack bench or in bulk.
              </Text>
            }
            headings={[{ title: "Order" }, { title: "Carrier" }, { title: "Tracking" }, { title: "Status" }, { title: "Last event" }]}
          >
            {recentShipments.map((shipment, index) => (
              <IndexTable.Row id={shipment.id} key={shipment.id} position={index}>
                <IndexTable.Cell>{shipment.orderName}</IndexTable.Cell>
                <IndexTable.Cell>{shipment.carrier}</IndexTable.Cell>
                <IndexTable.Cell>
                  {shipment.trackingUrl ? (
                    <Link url={shipment.trackingUrl} target="_blank">
                      {shipment.trackingNumber}
                    </Link>
                  ) : (
                    shipment.trackingNumber
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATUS_TONE[shipment.status]}>{humanize(shipment.status)}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {shipment.lastEvent
                    ? `${humanize(shipment.lastEvent.status)}, ${new Date(shipment.lastEvent.happenedAt).toLocaleString()}`
                    : "—"}
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Carriers" />;
}
