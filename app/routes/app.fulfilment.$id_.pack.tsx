import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { humanize, money, percent } from "../components/format";
import { RouteError } from "../components/route-error";
import { db } from "../db.server";
import { lineTitle } from "../domain/fulfilment/fulfillment-order";
import { packCountsSchema, packProgress, UNSCANNABLE_PREFIX, type PackCounts } from "../domain/fulfilment/pack-check";
import { mintTrackingNumber } from "../domain/fulfilment/tracking";
import { adminContext } from "../services/admin-context.server";
import { fulfil, fulfillmentOrderGid, fulfillmentOrderPage, scanAtBench } from "../services/fulfilment.server";

// The pack bench works as plain HTML: one scan per post, the running counts in a hidden field,
// the scan field focused on every page, so that a keyboard-wedge scanner (which types the code and
// presses Enter) needs nothing else.

const Params = z.object({ id: z.string().regex(/^\d+$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, graphql } = await adminContext(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not a fulfillment order id", { status: 404 });
  const page = await fulfillmentOrderPage({ db: db(), graphql }, shop, parsed.data.id);
  if (!page) throw new Response("No such fulfillment order", { status: 404 });
  return page;
};

const counts = z
  .string()
  .default("{}")
  .transform((text, ctx) => {
    try {
      return packCountsSchema.parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: "custom", message: "The pack check's counts were damaged: start again." });
      return z.NEVER;
    }
  });

const BenchForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("scan"), counts, code: z.string().max(200).default("") }),
  z.object({
    intent: z.literal("fulfil"),
    counts,
    serviceId: z.string().max(64).default(""),
    trackingNumber: z.string().trim().max(100).default(""),
    notifyCustomer: z.string().optional(),
  }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, graphql, actor } = await adminContext(request);
  const { id } = Params.parse(params);
  const parsed = BenchForm.safeParse(Object.fromEntries(await request.formData()));
  const nonce = Date.now();
  if (!parsed.success)
    return data({ intent: "invalid" as const, message: parsed.error.issues[0].message, counts: {} as PackCounts, nonce }, { status: 400 });
  const deps = { db: db(), graphql };
  const form = parsed.data;
  if (form.intent === "scan") {
    const result = await scanAtBench(deps, {
      shop,
      actor,
      fulfillmentOrderId: fulfillmentOrderGid(id),
      counts: form.counts,
      code: form.code,
    });
    if (!result) throw new Response("No such fulfillment order", { status: 404 });
    // A refused scan is an answer, not a failed request: 200 lets the page reload the error log.
    return { intent: "scan" as const, outcome: result.outcome, counts: result.counts, nonce };
  }
  const result = await fulfil(deps, {
    shop,
    actor,
    fulfillmentOrderId: fulfillmentOrderGid(id),
    packed: form.counts,
    serviceId: form.serviceId || null,
    trackingNumber: form.trackingNumber || null,
    notifyCustomer: form.notifyCustomer === "on",
  });
  return {
    intent: "fulfil" as const,
    result: result.ok
      ? {
          ok: true as const,
          carrier: `${result.shipment.carrierName} ${result.shipment.serviceName}`,
          trackingNumber: result.shipment.trackingNumber,
          trackingUrl: result.shipment.trackingUrl,
        }
      : { ok: false as const, message: result.message },
    counts: form.counts,
    nonce,
  };
};

/** Keyed by the last answer, so that each scan starts with an empty, focused field. */
function ScanForm({ counts, busy }: { counts: PackCounts; busy: boolean }) {
  const [code, setCode] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="scan" />
      <input type="hidden" name="counts" value={JSON.stringify(counts)} />
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flex: 1 }}>
            <TextField
              label="Scan or type a SKU or barcode"
              name="code"
              value={code}
              onChange={setCode}
              autoComplete="off"
              autoFocus
              placeholder="Scan an item"
            />
          </div>
          <Button submit variant="primary" loading={busy}>
            Check
          </Button>
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          A scanner types the code and presses Enter; each scan is checked against the order.
        </Text>
      </BlockStack>
    </Form>
  );
}

export default function PackBench() {
  const { plan, currency, shipments, errors } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const navigation = useNavigation();
  const { fulfillmentOrder, recommendation } = plan;
  const counts: PackCounts = last?.counts ?? {};
  const progress = packProgress(fulfillmentOrder.lines, counts);
  const fulfilled = last?.intent === "fulfil" && last.result.ok ? last.result : null;
  const canPack = plan.fulfillability.ok && !fulfilled;
  const winner = recommendation?.winner ?? null;
  const [serviceId, setServiceId] = useState(winner?.serviceId ?? "");
  const [trackingNumber, setTrackingNumber] = useState("");
  const [notify, setNotify] = useState(true);
  const busy = navigation.state === "submitting";
  const outcome = last?.intent === "scan" ? last.outcome : null;
  const carrierOfChoice = recommendation?.options.find((option) => option.serviceId === serviceId) ?? winner;

  return (
    <Page backAction={{ content: "Fulfilment", url: "/app/fulfilment/pick-list" }}>
      <TitleBar title={`Pack ${fulfillmentOrder.order.name}`} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {outcome && (outcome.kind === "wrong_item" || outcome.kind === "over_scan") ? (
              <Banner tone="critical" title={outcome.kind === "wrong_item" ? "Blocked: wrong item" : "Blocked: one too many"}>
                <p>{outcome.message}</p>
                <p>Logged as a fulfilment error.</p>
              </Banner>
            ) : null}
            {outcome && outcome.kind === "packed" ? <Banner tone="success" title={outcome.message} /> : null}
            {outcome && (outcome.kind === "empty" || outcome.kind === "refused") ? <Banner tone="warning" title={outcome.message} /> : null}
            {last?.intent === "invalid" ? <Banner tone="critical" title={last.message} /> : null}
            {last?.intent === "fulfil" && !last.result.ok ? (
              <Banner tone="critical" title="Not fulfilled">
                <p>{last.result.message}</p>
              </Banner>
            ) : null}
            {fulfilled ? (
              <Banner tone="success" title={`${fulfillmentOrder.order.name} is fulfilled`}>
                <p>
                  Shipped with {fulfilled.carrier}, tracking{" "}
                  {fulfilled.trackingUrl ? (
                    <Link url={fulfilled.trackingUrl} target="_blank">
                      {fulfilled.trackingNumber}
                    </Link>
                  ) : (
                    fulfilled.trackingNumber
                  )}
                  .
                </p>
                <p>
                  <Link url="/app/fulfilment/pick-list">Back to the pick list</Link>
                </p>
              </Banner>
            ) : null}
            {!plan.fulfillability.ok && !fulfilled ? (
              <Banner
                tone={fulfillmentOrder.status === "CLOSED" ? "info" : "warning"}
                title={`${fulfillmentOrder.order.name} cannot be packed`}
              >
                <p>{plan.fulfillability.reason}.</p>
              </Banner>
            ) : null}
          </BlockStack>
        </Layout.Section>
        {canPack && !progress.complete ? (
          <Layout.Section>
            <Card>
              <ScanForm key={last?.nonce ?? 0} counts={counts} busy={busy} />
            </Card>
          </Layout.Section>
        ) : null}
        {progress.total > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Items
                  </Text>
                  <Text as="span" tone="subdued">
                    {progress.packed} of {progress.total} scanned
                  </Text>
                </InlineStack>
                <ProgressBar
                  progress={progress.total === 0 ? 100 : (100 * progress.packed) / progress.total}
                  tone={progress.complete ? "success" : "highlight"}
                  size="small"
                />
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric"]}
                  headings={["Item", "SKU", "Barcode", "Scanned"]}
                  rows={progress.rows.map((row) => [
                    lineTitle(row.line),
                    row.line.sku ?? "—",
                    row.line.barcode ?? "—",
                    row.scannable || row.left === 0 || !canPack ? (
                      <Badge
                        key={row.line.id}
                        tone={row.left === 0 ? "success" : undefined}
                      >{`${row.packed} / ${row.line.remainingQuantity}`}</Badge>
                    ) : (
                      <Form method="post" key={row.line.id}>
                        <input type="hidden" name="intent" value="scan" />
                        <input type="hidden" name="counts" value={JSON.stringify(counts)} />
                        <input type="hidden" name="code" value={`${UNSCANNABLE_PREFIX}${row.line.id}`} />
                        <Button submit size="slim">{`No barcode: count one (${row.packed} / ${row.line.remainingQuantity})`}</Button>
                      </Form>
                    ),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {canPack && progress.complete && recommendation ? (
          <Layout.Section>
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="fulfil" />
                <input type="hidden" name="counts" value={JSON.stringify(counts)} />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Ship it
                  </Text>
                  <Select
                    label="Carrier and service"
                    name="serviceId"
                    value={serviceId}
                    onChange={setServiceId}
                    options={recommendation.options.map((option, index) => ({
                      label: `${option.carrierName} ${option.serviceName} — ${money(option.cost.total, currency)}, ${percent(
                        option.onTimeProbability,
                      )} on time${index === 0 ? " (recommended)" : ""}`,
                      value: option.serviceId,
                    }))}
                    helpText={recommendation.reason}
                  />
                  <TextField
                    label="Tracking number"
                    name="trackingNumber"
                    value={trackingNumber}
                    onChange={setTrackingNumber}
                    autoComplete="off"
                    autoFocus
                    placeholder={carrierOfChoice ? mintTrackingNumber(carrierOfChoice.carrierId, fulfillmentOrder.legacyId) : undefined}
                    helpText="Scan the carrier's label; left empty, the number shown is used."
                  />
                  <Checkbox label="Email the customer the tracking link" name="notifyCustomer" checked={notify} onChange={setNotify} />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={busy}>
                      Fulfil
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
          </Layout.Section>
        ) : null}
        {canPack && progress.complete && !recommendation?.winner ? (
          <Layout.Section>
            <Banner tone="critical" title="No carrier to ship with">
              <p>{plan.blocker}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {shipments.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Shipments
                </Text>
                {shipments.map((shipment) => (
                  <InlineStack key={shipment.id} gap="200" blockAlign="center">
                    <Text as="span">
                      {shipment.carrierName} {shipment.serviceName}, tracking
                    </Text>
                    {shipment.trackingUrl ? (
                      <Link url={shipment.trackingUrl} target="_blank">
                        {shipment.trackingNumber}
                      </Link>
                    ) : (
                      <Text as="span">{shipment.trackingNumber}</Text>
                    )}
                    <Badge tone={shipment.status === "delivered" ? "success" : "info"}>{humanize(shipment.status)}</Badge>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Fulfilment errors for this order
              </Text>
              {errors.length === 0 ? (
                <Text as="p" tone="subdued">
                  None.
                </Text>
              ) : (
                errors.map((error) => (
                  <InlineStack key={error.id} gap="200" blockAlign="start" wrap={false}>
                    <Badge tone="critical">{humanize(error.kind)}</Badge>
                    <Text as="span">
                      {error.message} — {error.actor}, {new Date(error.at).toLocaleString()}
                    </Text>
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Pack" />;
}
