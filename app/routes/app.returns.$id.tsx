import { Timeline } from "../components/timeline";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  DataTable,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { money, percent } from "../components/format";
import { STATUS_BADGE } from "../components/return-status";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { formatMoney, SHOPIFY_DECLINE_REASONS, type FieldError, type ResolutionAmounts } from "../domain/returns";
import { gatherInspections, restockedCount, unitsOf, type UnitInspection } from "../domain/returns/admin-forms";
import { adminContext } from "../services/admin-context.server";
import { formToObject } from "../services/form-data";
import {
  approveReturns,
  closeReturn,
  declineReturn,
  inspectItems,
  markInTransit,
  previewResolution,
  receiveItems,
  recommendPickup,
  resolveReturn,
  returnPage,
  schedulePickup,
  type PickupRecommendation,
} from "../services/returns.server";

const Params = z.object({ id: z.string().trim().min(1).max(100) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not a return id", { status: 404 });
  const page = await returnPage(shop, parsed.data.id);
  if (!page) throw new Response("No such return", { status: 404, statusText: "Not Found" });
  return page;
};

const Intent = z.enum(["approve", "decline", "pickup-quote", "pickup", "in-transit", "receive", "inspect", "preview", "resolve", "close"]);

type ActionResult =
  | { intent: string; ok: true; message: string; amounts?: ResolutionAmounts; lines?: ResolveLines; recommendation?: PickupRecommendation }
  | { intent: string; ok: false; message: string; errors: Record<string, string> };

type ResolveLines = Array<{ lineId: string; quantity: number; method?: "refund" | "store_credit" | "exchange"; missing?: boolean }>;

const byField = (errors: readonly FieldError[]) => Object.fromEntries(errors.map((error) => [error.path || "form", error.message]));
const refused = (intent: string, errors: readonly FieldError[], message = "Nothing was changed") =>
  data<ActionResult>({ intent, ok: false, message: errors.find((error) => error.path === "")?.message ?? message, errors: byField(errors) }, { status: 422 });

/** Lines the resolve form sends: rows with a quantity, missing units as their own rows. */
const resolveRows = z
  .array(
    z.object({
      lineId: z.string().min(1),
      quantity: z.coerce.number().int().min(0, "Enter 0 or more"),
      method: z.enum(["refund", "store_credit", "exchange"]),
      missing: z.enum(["true", "false"]).default("false"),
    }),
  )
  .default([])
  .transform((rows) =>
    rows.filter((row) => row.quantity > 0).map((row) => ({ lineId: row.lineId, quantity: row.quantity, method: row.method, ...(row.missing === "true" ? { missing: true } : {}) })),
  );

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, actor } = await adminContext(request);
  const { id } = Params.parse(params);
  const form = formToObject(await request.formData());
  const intent = Intent.safeParse(form.intent);
  if (!intent.success) return data<ActionResult>({ intent: "", ok: false, message: "Unknown action", errors: {} }, { status: 400 });
  switch (intent.data) {
    case "approve": {
      const message = z.string().trim().max(500).catch("").parse(form.message);
      const result = await approveReturns(shop, [id], { message: message || undefined, actor });
      const failed = result.failed[0];
      return failed ? refused("approve", [{ path: "", message: failed.message }]) : { intent: "approve", ok: true as const, message: "Return approved" };
    }
    case "decline": {
      const result = await declineReturn(shop, id, { reason: form.reason, message: form.message }, actor);
      return result.ok ? { intent: "decline", ok: true as const, message: "Return declined; the customer has been told why" } : refused("decline", result.errors);
    }
    case "pickup-quote":
    case "pickup": {
      const input = { ...pickupInput(form), serviceId: intent.data === "pickup" && typeof form.serviceId === "string" && form.serviceId ? form.serviceId : null };
      if (intent.data === "pickup-quote") {
        const quoted = await recommendPickup(shop, id, input);
        return quoted.ok ? { intent: "pickup-quote", ok: true as const, message: "", recommendation: quoted.recommendation } : refused("pickup-quote", quoted.errors);
      }
      const booked = await schedulePickup(shop, id, input, actor);
      return booked.ok
        ? { intent: "pickup", ok: true as const, message: `Pickup booked with ${booked.carrier} ${booked.service}, tracking ${booked.trackingNumber}` }
        : refused("pickup", booked.errors);
    }
    case "in-transit": {
      const result = await markInTransit(shop, id, { shipmentId: form.shipmentId || null, carrier: form.carrier, trackingNumber: form.trackingNumber }, actor);
      return result.ok ? { intent: "in-transit", ok: true as const, message: "Parcel on its way" } : refused("in-transit", result.errors);
    }
    case "receive": {
      const lines = z
        .array(z.object({ lineId: z.string(), quantity: z.coerce.number().int().min(0) }))
        .catch([])
        .parse(form.lines)
        .filter((line) => line.quantity > 0);
      if (lines.length === 0) return refused("receive", [{ path: "lines", message: "Enter how many of at least one item arrived" }]);
      const result = await receiveItems(shop, id, { lines }, actor);
      return result.ok ? { intent: "receive", ok: true as const, message: "Items received" } : refused("receive", result.errors);
    }
    case "inspect": {
      const units = z
        .array(z.object({ lineId: z.string(), disposition: z.enum(["restock", "damaged", "needs_qc", "missing", "skip"]).catch("skip"), locationId: z.string().default("") }))
        .catch([])
        .parse(form.units) as UnitInspection[];
      const gathered = gatherInspections(units);
      if (!gathered.ok) return data<ActionResult>({ intent: "inspect", ok: false, message: "Nothing was inspected", errors: gathered.errors }, { status: 422 });
      const result = await inspectItems(shop, id, { items: gathered.items }, actor);
      return result.ok ? { intent: "inspect", ok: true as const, message: "Inspection saved" } : refused("inspect", result.errors);
    }
    case "preview":
    case "resolve": {
      const lines = resolveRows.safeParse(form.lines);
      if (!lines.success || lines.data.length === 0) return refused(intent.data, [{ path: "lines", message: "Enter how many of at least one item to resolve" }]);
      if (intent.data === "preview") {
        const preview = await previewResolution(shop, id, { lines: lines.data });
        return preview.ok ? { intent: "preview", ok: true as const, message: "", amounts: preview.amounts, lines: lines.data } : refused("preview", preview.errors);
      }
      const resolved = await resolveReturn(shop, id, { lines: lines.data }, actor);
      return resolved.ok
        ? { intent: "resolve", ok: true as const, message: "Resolution sent to Shopify", amounts: resolved.amounts }
        : refused("resolve", resolved.errors);
    }
    case "close": {
      const result = await closeReturn(shop, id, actor);
      return result.ok ? { intent: "close", ok: true as const, message: "Return closed" } : refused("close", result.errors);
    }
  }
};

function pickupInput(form: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const address = (form.address ?? {}) as Record<string, unknown>;
  return {
    pickupDate: text(form.pickupDate),
    locationId: text(form.locationId),
    address: { country: text(address.country).toUpperCase(), region: text(address.region).toUpperCase() || null, postalCode: text(address.postalCode) || null },
    weightKg: text(form.weightKg),
    fragile: form.fragile === "true",
  };
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

const RESOLUTION_LABEL = { refund: "Refund", store_credit: "Store credit", exchange: "Exchange" } as const;
const DISPOSITION_OPTIONS = [
  { label: "Later", value: "skip" },
  { label: "Restock (sellable)", value: "restock" },
  { label: "Needs quality control", value: "needs_qc" },
  { label: "Damaged", value: "damaged" },
  { label: "Missing from the parcel", value: "missing" },
];

const time = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });

function Outcome({ result }: { result: ActionResult | undefined }) {
  if (!result) return null;
  if (result.ok) return result.message ? <Banner tone="success" title={result.message} /> : null;
  return (
    <Banner tone="critical" title={result.message}>
      {Object.entries(result.errors)
        .filter(([path]) => path !== "form")
        .map(([path, message]) => (
          <Text as="p" key={path}>
            {message}
          </Text>
        ))}
    </Banner>
  );
}

function Decide({ page }: { page: Page }) {
  const approve = useFetcher<typeof action>();
  const decline = useFetcher<typeof action>();
  const [open, setOpen] = useState<"approve" | "decline" | null>(null);
  const [message, setMessage] = useState("");
  const [reason, setReason] = useState<string>("OTHER");
  const errors = decline.data && !decline.data.ok ? decline.data.errors : {};
  useEffect(() => {
    if (approve.data?.ok || decline.data?.ok) setOpen(null);
  }, [approve.data, decline.data]);
  const send = (fetcher: typeof approve, intent: string, fields: Record<string, string>) => fetcher.submit({ intent, ...fields }, { method: "post" });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Decision
        </Text>
        {page.detail.review.reasons.length > 0 ? (
          <Banner tone="warning" title="Sent to review">
            <BlockStack gap="100">
              {page.detail.review.reasons.map((reason) => (
                <Text as="p" key={reason}>
                  {reason}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        <Outcome result={approve.data} />
        <InlineStack gap="200">
          <Button variant="primary" onClick={() => setOpen("approve")}>
            Approve
          </Button>
          <Button tone="critical" onClick={() => setOpen("decline")}>
            Decline
          </Button>
        </InlineStack>
      </BlockStack>
      <Modal
        open={open === "approve"}
        onClose={() => setOpen(null)}
        title={`Approve the return for ${page.detail.orderName}?`}
        primaryAction={{ content: "Approve", loading: approve.state === "submitting", onAction: () => send(approve, "approve", { message }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            {approve.data && !approve.data.ok ? <Banner tone="critical" title={approve.data.message} /> : null}
            <Text as="p">Shopify approves it and tells the customer; you can then book a pickup or wait for their parcel.</Text>
            <TextField label="Message to the customer (optional)" value={message} onChange={setMessage} multiline={3} maxLength={500} autoComplete="off" />
          </BlockStack>
        </Modal.Section>
      </Modal>
      <Modal
        open={open === "decline"}
        onClose={() => setOpen(null)}
        title={`Decline the return for ${page.detail.orderName}?`}
        primaryAction={{ content: "Decline return", destructive: true, loading: decline.state === "submitting", onAction: () => send(decline, "decline", { reason, message }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(null) }]}
      >
        <Modal.Section>
          <FormLayout>
            {decline.data && !decline.data.ok && errors.form ? <Banner tone="critical" title={errors.form} /> : null}
            <Select
              label="Why"
              options={SHOPIFY_DECLINE_REASONS.map((value) => ({
                label: { FINAL_SALE: "Final sale", RETURN_PERIOD_ENDED: "Return window has closed", OTHER: "Other" }[value],
                value,
              }))}
              value={reason}
              onChange={setReason}
              error={errors.reason}
            />
            <TextField
              label="Message to the customer"
              helpText="Shopify sends it with the decline."
              value={message}
              onChange={setMessage}
              multiline={3}
              maxLength={500}
              autoComplete="off"
              error={errors.message}
            />
          </FormLayout>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

function Pickup({ page }: { page: Page }) {
  const quote = useFetcher<typeof action>();
  const book = useFetcher<typeof action>();
  const [values, setValues] = useState({
    pickupDate: page.pickupDefaults.pickupDate,
    locationId: page.locations[0]?.id ?? "",
    country: page.pickupDefaults.address?.country ?? "",
    region: page.pickupDefaults.address?.region ?? "",
    postalCode: page.pickupDefaults.address?.postalCode ?? "",
    weightKg: page.pickupDefaults.weightKg,
    fragile: false,
  });
  const [serviceId, setServiceId] = useState("");
  const recommendation = quote.data?.ok ? quote.data.recommendation : undefined;
  useEffect(() => {
    if (recommendation) setServiceId(recommendation.winner?.serviceId ?? "");
  }, [recommendation]);
  const result = book.data ?? quote.data;
  const errors = result && !result.ok ? result.errors : {};
  const fields = {
    pickupDate: values.pickupDate,
    locationId: values.locationId,
    "address.country": values.country,
    "address.region": values.region,
    "address.postalCode": values.postalCode,
    weightKg: values.weightKg,
    fragile: String(values.fragile),
  };
  const set = (name: keyof typeof values) => (value: string | boolean) => setValues({ ...values, [name]: value });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Reverse pickup
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Orderflow recommends the carrier for the lane from the customer back to your location, books it, and gives Shopify the tracking
          number and label.
        </Text>
        <Outcome result={book.data} />
        <FormLayout>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField label="Pickup date" type="date" value={values.pickupDate} onChange={set("pickupDate")} error={errors.pickupDate} autoComplete="off" />
            <Select
              label="Return to"
              options={page.locations.map((location) => ({ label: location.name, value: location.id }))}
              value={values.locationId}
              onChange={set("locationId")}
              error={errors.locationId}
            />
          </InlineGrid>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
            <TextField label="Customer's country" value={values.country} onChange={set("country")} error={errors["address.country"]} autoComplete="off" />
            <TextField label="State or region" value={values.region} onChange={set("region")} error={errors["address.region"]} autoComplete="off" />
            <TextField label="Postal code" value={values.postalCode} onChange={set("postalCode")} error={errors["address.postalCode"]} autoComplete="off" />
          </InlineGrid>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField label="Parcel weight" type="number" suffix="kg" value={values.weightKg} onChange={set("weightKg")} error={errors.weightKg} autoComplete="off" />
            <Box paddingBlockStart="600">
              <Checkbox label="Fragile" checked={values.fragile} onChange={set("fragile")} />
            </Box>
          </InlineGrid>
          {quote.data && !quote.data.ok && errors.form ? <Banner tone="critical" title={errors.form} /> : null}
          {recommendation ? (
            <BlockStack gap="200">
              {recommendation.winner ? (
                <Banner tone="success" title={`Recommended: ${recommendation.winner.carrierName} ${recommendation.winner.serviceName}`}>
                  <Text as="p">{recommendation.reason}</Text>
                </Banner>
              ) : (
                <Banner tone="critical" title="No carrier can pick this return up">
                  <Text as="p">{recommendation.reason}</Text>
                </Banner>
              )}
              {recommendation.options.length > 0 ? (
                <Select
                  label="Book with"
                  options={recommendation.options.map((option, index) => ({
                    label: `${option.carrierName} ${option.serviceName} — ${money(option.cost, recommendation.currency)}, ${percent(option.onTime)} on time${index === 0 ? " (recommended)" : ""}`,
                    value: option.serviceId,
                  }))}
                  value={serviceId}
                  onChange={setServiceId}
                  error={errors.serviceId}
                />
              ) : null}
            </BlockStack>
          ) : null}
          <InlineStack gap="200" align="end">
            <Button loading={quote.state === "submitting"} onClick={() => quote.submit({ intent: "pickup-quote", ...fields }, { method: "post" })}>
              {recommendation ? "Recommend again" : "Recommend a carrier"}
            </Button>
            <Button
              variant="primary"
              disabled={!recommendation?.winner}
              loading={book.state === "submitting"}
              onClick={() => book.submit({ intent: "pickup", serviceId, ...fields }, { method: "post" })}
            >
              Book pickup
            </Button>
          </InlineStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

function PickedUp({ shipmentId }: { shipmentId: string }) {
  const mark = useFetcher<typeof action>();
  return (
    <mark.Form method="post">
      <input type="hidden" name="intent" value="in-transit" />
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <BlockStack gap="100">
        {mark.data && !mark.data.ok ? (
          <Text as="p" tone="critical" variant="bodySm">
            {mark.data.message}
          </Text>
        ) : null}
        <Button submit size="slim" loading={mark.state === "submitting"}>
          Picked up
        </Button>
      </BlockStack>
    </mark.Form>
  );
}

function CustomerShipped() {
  const mark = useFetcher<typeof action>();
  const [tracking, setTracking] = useState("");
  const [carrier, setCarrier] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Sent by the customer
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          When the customer posts the parcel themselves, note its carrier and tracking number here.
        </Text>
        <Outcome result={mark.data} />
        <mark.Form method="post">
          <input type="hidden" name="intent" value="in-transit" />
          <BlockStack gap="200">
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
              <TextField label="Carrier" name="carrier" value={carrier} onChange={setCarrier} autoComplete="off" />
              <TextField label="Tracking number" name="trackingNumber" value={tracking} onChange={setTracking} autoComplete="off" />
            </InlineGrid>
            <InlineStack align="end">
              <Button submit loading={mark.state === "submitting"}>
                Mark on its way
              </Button>
            </InlineStack>
          </BlockStack>
        </mark.Form>
      </BlockStack>
    </Card>
  );
}

function Receive({ page }: { page: Page }) {
  const receive = useFetcher<typeof action>();
  const awaited = unitsOf(page.detail.state).filter((line) => line.awaited > 0);
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries(awaited.map((line) => [line.lineId, String(line.awaited)])));
  const errors = receive.data && !receive.data.ok ? receive.data.errors : {};
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Receive items
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Count what is in the parcel. Items that never arrive can be marked missing when you inspect.
        </Text>
        <Outcome result={receive.data} />
        <receive.Form method="post">
          <input type="hidden" name="intent" value="receive" />
          <BlockStack gap="200">
            {awaited.map((line, index) => (
              <InlineGrid key={line.lineId} columns={["twoThirds", "oneThird"]} gap="200" alignItems="center">
                <Text as="span">{`${line.title}${line.sku ? ` (${line.sku})` : ""} — ${line.awaited} expected`}</Text>
                <input type="hidden" name={`lines.${index}.lineId`} value={line.lineId} />
                <TextField
                  label={`Arrived: ${line.title}`}
                  labelHidden
                  type="number"
                  min={0}
                  max={line.awaited}
                  name={`lines.${index}.quantity`}
                  value={counts[line.lineId]}
                  onChange={(value) => setCounts({ ...counts, [line.lineId]: value })}
                  error={errors[`lines.${index}.quantity`]}
                  autoComplete="off"
                />
              </InlineGrid>
            ))}
            <InlineStack align="end">
              <Button submit variant="primary" loading={receive.state === "submitting"}>
                Receive
              </Button>
            </InlineStack>
          </BlockStack>
        </receive.Form>
      </BlockStack>
    </Card>
  );
}

function Inspect({ page }: { page: Page }) {
  const inspect = useFetcher<typeof action>();
  const units = unitsOf(page.detail.state).flatMap((line) => [
    ...Array.from({ length: line.toInspect }, (_, n) => ({ line, n, arrived: true, of: line.toInspect })),
    ...Array.from({ length: line.awaited }, (_, n) => ({ line, n, arrived: false, of: line.awaited })),
  ]);
  const firstLocation = page.locations[0]?.id ?? "";
  const [rows, setRows] = useState(() => units.map((unit) => ({ disposition: unit.arrived ? "restock" : "skip", locationId: firstLocation })));
  const errors = inspect.data && !inspect.data.ok ? inspect.data.errors : {};
  const setRow = (index: number, patch: Partial<(typeof rows)[number]>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Inspect item by item
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Sellable items go back into available stock at the location you choose; the others into damaged or quality-control stock. Items not
          in the parcel can be marked missing.
        </Text>
        <Outcome result={inspect.data} />
        <inspect.Form method="post">
          <input type="hidden" name="intent" value="inspect" />
          <BlockStack gap="200">
            {units.map((unit, index) => {
              const row = rows[index];
              const needsPlace = row.disposition === "restock" || row.disposition === "needs_qc" || row.disposition === "damaged";
              return (
                <InlineGrid key={`${unit.line.lineId}-${unit.arrived}-${unit.n}`} columns={{ xs: 1, md: 3 }} gap="200" alignItems="center">
                  <BlockStack gap="050">
                    <Text as="span">{unit.line.title}</Text>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {unit.arrived ? `Received, unit ${unit.n + 1} of ${unit.of}` : `Not arrived, unit ${unit.n + 1} of ${unit.of}`}
                    </Text>
                  </BlockStack>
                  <input type="hidden" name={`units.${index}.lineId`} value={unit.line.lineId} />
                  <Select
                    label={`Outcome for ${unit.line.title} unit ${unit.n + 1}`}
                    labelHidden
                    name={`units.${index}.disposition`}
                    options={unit.arrived ? DISPOSITION_OPTIONS.filter((option) => option.value !== "missing") : DISPOSITION_OPTIONS.filter((option) => option.value === "skip" || option.value === "missing")}
                    value={row.disposition}
                    onChange={(disposition) => setRow(index, { disposition })}
                  />
                  {needsPlace ? (
                    <Select
                      label={`Location for ${unit.line.title} unit ${unit.n + 1}`}
                      labelHidden
                      name={`units.${index}.locationId`}
                      options={[...(row.disposition === "damaged" ? [{ label: "Thrown away", value: "" }] : []), ...page.locations.map((location) => ({ label: location.name, value: location.id }))]}
                      value={row.locationId}
                      onChange={(locationId) => setRow(index, { locationId })}
                      error={errors[`units.${index}.locationId`]}
                    />
                  ) : (
                    <span />
                  )}
                </InlineGrid>
              );
            })}
            {errors.units ? (
              <Text as="p" tone="critical">
                {errors.units}
              </Text>
            ) : null}
            <InlineStack align="end">
              <Button submit variant="primary" loading={inspect.state === "submitting"}>
                Save inspection
              </Button>
            </InlineStack>
          </BlockStack>
        </inspect.Form>
      </BlockStack>
    </Card>
  );
}

function Amounts({ amounts, titles }: { amounts: ResolutionAmounts; titles: Record<string, string> }) {
  const money = (amount: number) => formatMoney(amount, amounts.currencyCode, "en-US");
  const { totals } = amounts;
  const fees = totals.restockingFee + totals.restockingFlatFee + totals.returnShippingFee;
  const rows: Array<[string, number]> = [
    ["Items worth", totals.value],
    ["Restocking fee", -(totals.restockingFee + totals.restockingFlatFee)],
    ["Return shipping fee", -totals.returnShippingFee],
    ["Towards the replacement", -totals.exchangeApplied],
    ["Refund to the original payment", totals.refund],
    ["Order shipping refunded", totals.shippingRefund],
    ["Store credit", totals.storeCredit],
  ];
  return (
    <BlockStack gap="300">
      <DataTable
        columnContentTypes={["text", "numeric", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={["Item", "Units", "Resolution", "Worth", "Fees", "Refund", "Store credit", "Exchange"]}
        rows={amounts.lines.map((line) => [
          `${titles[line.lineId] ?? line.lineId}${line.missing ? " (missing)" : ""}`,
          line.quantity,
          RESOLUTION_LABEL[line.method],
          money(line.value),
          money(line.restockingFee + line.restockingFlatFee + line.returnShippingFee),
          money(line.refund),
          money(line.storeCredit),
          money(line.exchangeApplied),
        ])}
        increasedTableDensity
      />
      <Divider />
      <BlockStack gap="100">
        {rows
          .filter(([, amount], index) => index === 0 || amount !== 0)
          .map(([label, amount]) => (
            <InlineStack key={label} align="space-between">
              <Text as="span">{label}</Text>
              <Text as="span" numeric>
                {money(amount)}
              </Text>
            </InlineStack>
          ))}
        {totals.exchangeBalanceDue > 0 ? (
          <InlineStack align="space-between">
            <Text as="span">Customer still owes on the replacement</Text>
            <Text as="span" numeric>
              {money(totals.exchangeBalanceDue)}
            </Text>
          </InlineStack>
        ) : null}
        <InlineStack align="space-between">
          <Text as="span" fontWeight="bold">
            Customer gets back
          </Text>
          <Text as="span" fontWeight="bold" numeric>
            {money(totals.payout)}
          </Text>
        </InlineStack>
        {fees > 0 ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {`${money(fees)} in fees, fixed when the return was requested.`}
          </Text>
        ) : null}
      </BlockStack>
    </BlockStack>
  );
}

function Resolve({ page }: { page: Page }) {
  const preview = useFetcher<typeof action>();
  const resolve = useFetcher<typeof action>();
  const lines = unitsOf(page.detail.state).flatMap((line) => [
    ...(line.toResolve > 0 ? [{ line, missing: false, quantity: line.toResolve }] : []),
    ...(line.missingToResolve > 0 ? [{ line, missing: true, quantity: line.missingToResolve }] : []),
  ]);
  const offered = page.resolutions;
  const [rows, setRows] = useState(() => lines.map((entry) => ({ quantity: String(entry.quantity), method: entry.line.resolution as string })));
  const titles = Object.fromEntries(page.detail.state.lines.map((line) => [line.id, line.title]));
  const previewed = preview.data?.ok && preview.data.intent === "preview" ? preview.data : undefined;
  const errors = preview.data && !preview.data.ok ? preview.data.errors : {};
  const fields = () => {
    const form: Record<string, string> = {};
    lines.forEach((entry, index) => {
      form[`lines.${index}.lineId`] = entry.line.lineId;
      form[`lines.${index}.quantity`] = rows[index].quantity;
      form[`lines.${index}.method`] = rows[index].method;
      form[`lines.${index}.missing`] = String(entry.missing);
    });
    return form;
  };
  const confirm = () => {
    if (!previewed?.lines) return;
    const form: Record<string, string> = { intent: "resolve" };
    previewed.lines.forEach((line, index) => {
      form[`lines.${index}.lineId`] = line.lineId;
      form[`lines.${index}.quantity`] = String(line.quantity);
      form[`lines.${index}.method`] = line.method ?? "refund";
      form[`lines.${index}.missing`] = String(line.missing === true);
    });
    resolve.submit(form, { method: "post" });
  };
  const payout = previewed?.amounts ? formatMoney(previewed.amounts.totals.payout, previewed.amounts.currencyCode, "en-US") : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Refund, credit or exchange
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Preview shows exactly what Shopify will be asked to pay back and charge. Nothing moves until you confirm.
        </Text>
        <Outcome result={resolve.data} />
        {lines.map((entry, index) => (
          <InlineGrid key={`${entry.line.lineId}-${entry.missing}`} columns={{ xs: 1, md: 3 }} gap="200" alignItems="center">
            <Text as="span">{`${entry.line.title}${entry.missing ? " — missing" : ""}, ${entry.quantity} to resolve`}</Text>
            <TextField
              label={`Units of ${entry.line.title}${entry.missing ? " (missing)" : ""}`}
              labelHidden
              type="number"
              min={0}
              max={entry.quantity}
              value={rows[index].quantity}
              onChange={(quantity) => setRows(rows.map((row, i) => (i === index ? { ...row, quantity } : row)))}
              error={errors[`lines.${index}.quantity`]}
              autoComplete="off"
            />
            <Select
              label={`Resolution for ${entry.line.title}${entry.missing ? " (missing)" : ""}`}
              labelHidden
              options={(["refund", "store_credit", "exchange"] as const)
                .filter((method) => method === entry.line.resolution || (offered.includes(method) && (method !== "exchange" || page.detail.state.exchange !== null)))
                .map((method) => ({ label: RESOLUTION_LABEL[method], value: method }))}
              value={rows[index].method}
              onChange={(method) => setRows(rows.map((row, i) => (i === index ? { ...row, method } : row)))}
            />
          </InlineGrid>
        ))}
        {preview.data && !preview.data.ok ? <Banner tone="critical" title={preview.data.message} /> : null}
        <InlineStack align="end">
          <Button loading={preview.state === "submitting"} onClick={() => preview.submit({ intent: "preview", ...fields() }, { method: "post" })}>
            Preview amounts
          </Button>
        </InlineStack>
        {previewed?.amounts ? (
          <BlockStack gap="300">
            <Divider />
            <Text as="h3" variant="headingSm">
              Preview
            </Text>
            <Amounts amounts={previewed.amounts} titles={titles} />
            <InlineStack align="end">
              <Button variant="primary" loading={resolve.state === "submitting"} onClick={confirm}>
                {`Confirm: give back ${payout}`}
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function CloseReturn() {
  const close = useFetcher<typeof action>();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Close
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Every item is accounted for and resolved. Closing tells Shopify the return is finished.
        </Text>
        <Outcome result={close.data} />
        <close.Form method="post">
          <input type="hidden" name="intent" value="close" />
          <Button submit loading={close.state === "submitting"}>
            Close return
          </Button>
        </close.Form>
      </BlockStack>
    </Card>
  );
}

export default function ReturnPage() {
  const page = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  useLiveRevalidation();
  const { detail } = page;
  const { state } = detail;
  const status = detail.status;
  const units = unitsOf(state);
  const money = (amount: number) => formatMoney(amount, detail.currencyCode, "en-US");
  const toInspect = units.some((line) => line.toInspect > 0);
  const toResolve = units.some((line) => line.toResolve > 0 || line.missingToResolve > 0);
  const awaited = units.some((line) => line.awaited > 0);
  const open = !["requested", "declined", "closed", "cancelled"].includes(status);
  return (
    <Page>
      <TitleBar title={`Return for ${detail.orderName}`}>
        <button variant="breadcrumb" onClick={() => navigate("/app/returns")}>
          Returns
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <InlineStack gap="200" blockAlign="center">
            <Badge tone={STATUS_BADGE[status].tone}>{STATUS_BADGE[status].label}</Badge>
            {detail.shopifyStatus ? <Badge>{`Shopify: ${detail.shopifyStatus.toLowerCase()}`}</Badge> : null}
          </InlineStack>
        </Layout.Section>
        {detail.decline ? (
          <Layout.Section>
            <Banner tone="critical" title="Declined">
              <Text as="p">{detail.decline.message}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Items
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Item", "Reason and wish", "Ordered", "Requested", "Approved", "Received", "Restocked"]}
                  rows={state.lines.map((line) => [
                    <BlockStack gap="050" key={line.id}>
                      <Text as="span" fontWeight="semibold">
                        {line.title}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {`${line.sku ?? "No SKU"} · worth ${money(Math.floor((line.value.amount * line.requested) / Math.max(1, line.value.units)))}`}
                      </Text>
                    </BlockStack>,
                    <BlockStack gap="050" key={`${line.id}-reason`}>
                      <Text as="span">{page.reasonLabels[line.reason] ?? line.reason}</Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {`${RESOLUTION_LABEL[line.resolution]}${line.note ? ` · “${line.note}”` : ""}`}
                      </Text>
                    </BlockStack>,
                    line.value.units,
                    line.requested,
                    line.approved,
                    line.received,
                    restockedCount(line),
                  ])}
                />
              </BlockStack>
            </Card>
            {status === "requested" ? <Decide page={page} /> : null}
            {status === "approved" && state.shipments.length === 0 ? <Pickup page={page} /> : null}
            {status === "approved" && state.shipments.length === 0 ? <CustomerShipped /> : null}
            {open && awaited ? <Receive key={`receive-${state.events.length}`} page={page} /> : null}
            {open && (toInspect || (awaited && status !== "approved" && status !== "pickup_scheduled")) ? (
              <Inspect key={`inspect-${state.events.length}`} page={page} />
            ) : null}
            {open && toResolve ? <Resolve key={`resolve-${state.events.length}`} page={page} /> : null}
            {status === "resolved" ? <CloseReturn /> : null}
            <Timeline
              empty="Nothing has happened to this return yet."
              entries={detail.timeline.map((entry, index) => ({
                key: String(index),
                at: entry.at,
                who: entry.actor,
                tone: entry.actor === "customer" ? "success" : entry.actor === "shopify" ? "attention" : "info",
                message: entry.message,
              }))}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Order and customer
                </Text>
                {page.order ? (
                  <>
                    <Link url={`/app/orders/${page.order.legacyId}`}>{`Order ${detail.orderName}`}</Link>
                    <Text as="p">{page.order.customerName ?? "No name"}</Text>
                    {page.order.email ? (
                      <Text as="p" variant="bodySm" tone="subdued">
                        {page.order.email}
                      </Text>
                    ) : null}
                  </>
                ) : (
                  <Text as="p">{`Order ${detail.orderName}`}</Text>
                )}
                <Divider />
                <Text as="p" variant="bodySm">
                  {`Requested ${time(detail.requestedAt)} ${detail.source === "portal" ? "on the store" : detail.source === "shopify" ? "on Shopify" : "in Orderflow"}`}
                </Text>
                <Text as="p" variant="bodySm">
                  {`Worth ${money(page.value)}${detail.refunded > 0 ? `, ${money(detail.refunded)} refunded` : ""}`}
                </Text>
              </BlockStack>
            </Card>
            {state.shipments.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Parcels
                  </Text>
                  {state.shipments.map((shipment) => (
                    <BlockStack gap="050" key={shipment.id}>
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {shipment.carrier ?? (shipment.kind === "pickup" ? "Pickup" : "Sent by the customer")}
                        </Text>
                        <Badge tone={shipment.status === "delivered" ? "success" : "info"}>{shipment.status.replace("_", " ")}</Badge>
                      </InlineStack>
                      {shipment.pickupDate ? (
                        <Text as="p" variant="bodySm">{`Pickup on ${shipment.pickupDate}`}</Text>
                      ) : null}
                      {shipment.trackingNumber ? (
                        <Text as="p" variant="bodySm">{`Tracking ${shipment.trackingNumber}`}</Text>
                      ) : null}
                      {shipment.labelUrl ? (
                        <Link url={shipment.labelUrl} target="_blank">
                          Label
                        </Link>
                      ) : null}
                      {shipment.status === "scheduled" ? <PickedUp shipmentId={shipment.id} /> : null}
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
            {state.exchange ? (
              <Card>
                <BlockStack gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Exchange
                    </Text>
                    {state.exchange.instant ? <Badge tone="info">Instant</Badge> : null}
                  </InlineStack>
                  {state.exchange.items.map((item) => (
                    <Text as="p" key={item.variantId}>
                      {`${item.quantity} × ${item.title} at ${money(item.unitPrice)}`}
                    </Text>
                  ))}
                  <Text as="p" variant="bodySm" tone="subdued">
                    {`Replacement worth ${money(state.exchange.total)}, ${money(state.charged.exchangeApplied)} paid by the return so far`}
                  </Text>
                  {state.exchange.instantRefusals.length > 0 ? (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {`Not instant: ${state.exchange.instantRefusals.join("; ")}`}
                    </Text>
                  ) : null}
                  {page.replacementFulfillmentOrders.map((fulfillmentOrder) => (
                    <Link key={fulfillmentOrder.legacyId} url={`/app/fulfilment/${fulfillmentOrder.legacyId}`}>
                      {`Replacement's fulfillment order (${fulfillmentOrder.status.toLowerCase().replace("_", " ")})`}
                    </Link>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
            {detail.outstanding && detail.outstanding.lines.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    If the rest goes as asked
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    What the items not yet resolved come to when they arrive and are resolved the way the customer asked.
                  </Text>
                  <InlineStack align="space-between">
                    <Text as="span">Customer gets back</Text>
                    <Text as="span" numeric fontWeight="semibold">
                      {money(detail.outstanding.totals.payout)}
                    </Text>
                  </InlineStack>
                  {detail.outstanding.totals.restockingFee + detail.outstanding.totals.restockingFlatFee + detail.outstanding.totals.returnShippingFee > 0 ? (
                    <InlineStack align="space-between">
                      <Text as="span">Fees</Text>
                      <Text as="span" numeric>
                        {money(detail.outstanding.totals.restockingFee + detail.outstanding.totals.restockingFlatFee + detail.outstanding.totals.returnShippingFee)}
                      </Text>
                    </InlineStack>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
            {detail.resolutions.length > 0 ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Resolutions
                  </Text>
                  {detail.resolutions.map((resolution) => (
                    <BlockStack gap="100" key={resolution.id}>
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" variant="bodySm" tone="subdued">
                          {time(resolution.createdAt)}
                        </Text>
                        <Badge tone={resolution.status === "failed" ? "critical" : resolution.status === "committed" ? "success" : "info"}>{resolution.status}</Badge>
                      </InlineStack>
                      <Text as="p">{`${money(resolution.amounts.totals.payout)} back to the customer`}</Text>
                      {resolution.error ? (
                        <Text as="p" tone="critical" variant="bodySm">
                          {resolution.error}
                        </Text>
                      ) : null}
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Returns" />;
}
