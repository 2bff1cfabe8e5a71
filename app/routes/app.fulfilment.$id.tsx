import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { days, humanize, money, percent } from "../components/format";
import { RouteError } from "../components/route-error";
import { db } from "../db.server";
import { lineTitle } from "../domain/fulfilment/fulfillment-order";
import { adminContext } from "../services/admin-context.server";
import { fulfillmentOrderPage } from "../services/fulfilment.server";

const Params = z.object({ id: z.string().regex(/^\d+$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, graphql } = await adminContext(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not a fulfillment order id", { status: 404 });
  const page = await fulfillmentOrderPage({ db: db(), graphql }, shop, parsed.data.id);
  if (!page) throw new Response("No such fulfillment order", { status: 404 });
  return page;
};

const EXCLUSION: Record<string, string> = {
  priority: "Too slow for the priority",
  rule: "Excluded by a rule",
  not_served: "Does not serve the address",
  no_zone: "No zone covers the address",
  no_rate: "No rate for the zone",
  po_box: "No PO boxes",
  cod_unsupported: "No cash on delivery",
  too_heavy: "Too heavy",
  too_large: "Too large",
  no_reverse_pickup: "No return pickups",
};

export default function FulfillmentOrderRecommendation() {
  const { plan, serviceNames, currency, bulk, shipments, errors } = useLoaderData<typeof loader>();
  const { fulfillmentOrder, recommendation, input } = plan;
  const address = fulfillmentOrder.order.shippingAddress;
  const fulfillable = plan.fulfillability.ok;
  const cost = (amount: number) => money(amount, currency);

  return (
    <Page
      backAction={{ content: "Fulfilment", url: "/app/fulfilment" }}
      primaryAction={fulfillable ? { content: "Pack and ship", url: `/app/fulfilment/${fulfillmentOrder.legacyId}/pack` } : undefined}
    >
      <TitleBar title={`Fulfil ${fulfillmentOrder.order.name}`} />
      <Layout>
        {!plan.fulfillability.ok ? (
          <Layout.Section>
            <Banner
              tone={fulfillmentOrder.status === "CLOSED" ? "success" : "warning"}
              title={`${fulfillmentOrder.order.name} cannot be fulfilled now`}
            >
              <p>
                Its status is {humanize(fulfillmentOrder.status)}: {plan.fulfillability.reason}.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <Card>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {fulfillmentOrder.order.name}
                  </Text>
                  <Badge
                    tone={fulfillmentOrder.status === "ON_HOLD" ? "warning" : fulfillmentOrder.status === "CLOSED" ? "success" : undefined}
                  >
                    {humanize(fulfillmentOrder.status)}
                  </Badge>
                </InlineStack>
                <Text as="p">
                  From {fulfillmentOrder.location.name} to{" "}
                  {address
                    ? [address.name, address.city, address.provinceCode, address.countryCode, address.zip].filter(Boolean).join(", ")
                    : "no address"}
                </Text>
                {fulfillmentOrder.lines.map((line) => (
                  <Text as="p" key={line.id} tone="subdued">
                    {line.remainingQuantity} × {lineTitle(line)} {line.sku ? `(${line.sku})` : ""}
                  </Text>
                ))}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Parcel
                </Text>
                {input.ok ? (
                  <>
                    <Text as="p">
                      {input.shipment.weightKg} kg, worth {cost(input.shipment.declaredValue)}
                      {input.shipment.fragile ? ", fragile" : ""}
                      {input.shipment.address.poBox ? ", to a PO box" : ""}
                    </Text>
                    {input.notes.map((note) => (
                      <Text as="p" key={note} tone="subdued">
                        Note: {note}
                      </Text>
                    ))}
                  </>
                ) : (
                  <Text as="p" tone="critical">
                    {input.reason}
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Promise and priority
                </Text>
                {recommendation ? (
                  <>
                    <Text as="p">
                      <Text as="span" fontWeight="semibold">
                        {days(recommendation.promise.days)}
                      </Text>{" "}
                      — {recommendation.promise.reason}
                    </Text>
                    <Text as="p">
                      <Text as="span" fontWeight="semibold">
                        {humanize(recommendation.priority.priority)}
                      </Text>{" "}
                      — {recommendation.priority.reason.replace(/^[^:]*:\s*/, "")}
                    </Text>
                  </>
                ) : (
                  <Text as="p" tone="subdued">
                    {plan.blocker}
                  </Text>
                )}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        {recommendation?.winner ? (
          <Layout.Section>
            <Banner tone="success" title={`Recommended: ${recommendation.winner.carrierName} ${recommendation.winner.serviceName}`}>
              <BlockStack gap="100">
                <Text as="p">{recommendation.reason}</Text>
                {recommendation.runnerUp ? (
                  <Text as="p" tone="subdued">
                    Runner-up: {recommendation.runnerUp.carrierName} {recommendation.runnerUp.serviceName}.{" "}
                    {bulk.ok ? "Bulk fulfilment may ship this order." : `Not for bulk fulfilment: ${bulk.reason}.`}
                  </Text>
                ) : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : plan.blocker ? (
          <Layout.Section>
            <Banner tone="critical" title="No carrier to ship with">
              <p>{plan.blocker}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {recommendation ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Every option, best first
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "numeric", "text", "numeric"]}
                  headings={[
                    "Carrier and service",
                    "Mode",
                    "Priority",
                    "Cost",
                    "On time",
                    "Reliability",
                    "Damage risk",
                    "Lane history",
                    "Score",
                  ]}
                  rows={recommendation.options.map((option, index) => [
                    <BlockStack gap="050" key={option.serviceId}>
                      <InlineStack gap="100">
                        <Text as="span" fontWeight={index === 0 ? "semibold" : "regular"}>
                          {option.carrierName} {option.serviceName}
                        </Text>
                        {index === 0 ? <Badge tone="success">Recommended</Badge> : index === 1 ? <Badge>Runner-up</Badge> : null}
                        {option.preferredBy ? <Badge tone="info">Preferred by a rule</Badge> : null}
                      </InlineStack>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {days(option.transitDays)} promised by the carrier · zone {option.zoneId}
                      </Text>
                    </BlockStack>,
                    humanize(option.mode),
                    humanize(option.priority),
                    option.cost.cod > 0 ? (
                      <BlockStack gap="050" key="cost">
                        <Text as="span">{cost(option.cost.total)}</Text>
                        <Text as="span" variant="bodySm" tone="subdued">
                          incl. {cost(option.cost.cod)} cash-on-delivery fee
                        </Text>
                      </BlockStack>
                    ) : (
                      cost(option.cost.total)
                    ),
                    percent(option.onTimeProbability),
                    percent(option.reliability),
                    percent(option.damageRisk),
                    option.lane.shipments > 0
                      ? `${option.lane.shipments} parcels · p50 ${days(option.lane.p50)}, p90 ${days(option.lane.p90)}`
                      : "no parcels yet (prior)",
                    option.score.toFixed(0),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {recommendation && recommendation.excluded.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Left out
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text"]}
                  headings={["Service", "Why", "Detail"]}
                  rows={recommendation.excluded.map((option) => [
                    serviceNames[option.serviceId] ?? option.serviceId,
                    EXCLUSION[option.reason] ?? humanize(option.reason),
                    option.detail,
                  ])}
                  increasedTableDensity
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {shipments.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Shipments
                </Text>
                {shipments.map((shipment) => (
                  <BlockStack gap="100" key={shipment.id}>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {shipment.carrierName} {shipment.serviceName}
                      </Text>
                      {shipment.trackingUrl ? (
                        <Link url={shipment.trackingUrl} target="_blank">
                          {shipment.trackingNumber}
                        </Link>
                      ) : (
                        <Text as="span">{shipment.trackingNumber}</Text>
                      )}
                      <Badge
                        tone={
                          shipment.status === "delivered"
                            ? "success"
                            : shipment.status === "rto" || shipment.status === "damaged"
                            ? "critical"
                            : "info"
                        }
                      >
                        {humanize(shipment.status)}
                      </Badge>
                    </InlineStack>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {shipment.choice === "recommended" ? "Recommended" : "Chosen by the merchant"}, {cost(Number(shipment.cost))}, by{" "}
                      {shipment.createdBy}
                      {shipment.shippedAt ? ` on ${new Date(shipment.shippedAt).toLocaleString()}` : ""}
                    </Text>
                    {shipment.events.map((event) => (
                      <Text as="p" variant="bodySm" key={event.id}>
                        {new Date(event.happenedAt).toLocaleString()}: {humanize(event.status)}
                        {event.message ? ` — ${event.message}` : ""}
                      </Text>
                    ))}
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {errors.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Fulfilment errors
                </Text>
                {errors.map((error) => (
                  <Text as="p" key={error.id}>
                    <Badge tone="critical">{humanize(error.kind)}</Badge> {error.message} — {error.actor},{" "}
                    {new Date(error.at).toLocaleString()}
                  </Text>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Fulfilment" />;
}
