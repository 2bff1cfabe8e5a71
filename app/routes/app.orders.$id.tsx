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
  Divider,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { orderActionSchema, performOrderAction, type ActionResult } from "../intake/admin-actions.server";
import { authenticateIntakeAdmin, formFields } from "../intake/admin-context.server";
import { loadOrderTimeline } from "../intake/views.server";

const ParamsSchema = z.object({ id: z.string().regex(/^\d+$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const { id } = ParamsSchema.parse(params);
  const view = await loadOrderTimeline(deps.db, context.shop, id, context.secret, context.storefrontUrl);
  if (!view) throw new Response("No such order", { status: 404, statusText: "Not Found" });
  return view;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const { id } = ParamsSchema.parse(params);
  const parsed = orderActionSchema.safeParse(await formFields(request));
  if (!parsed.success) {
    return data<ActionResult>({ ok: false, message: "That form was incomplete.", errors: Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])) }, { status: 400 });
  }
  const result = await performOrderAction(deps, context, id, parsed.data);
  return data<ActionResult>(result, { status: result.ok ? 200 : 422 });
};

type View = ReturnType<typeof useLoaderData<typeof loader>>;

const SEVERITY = { block: { tone: "critical", label: "Blocks shipping" }, warn: { tone: "warning", label: "Warning" }, info: { tone: "info", label: "Info" } } as const;
const STATUS_BANNER = {
  held: { tone: "critical", title: "On hold: nothing ships until the problems below are fixed or accepted" },
  review: { tone: "warning", title: "Needs review: nothing blocks shipping, but something looks wrong" },
  clear: { tone: "success", title: "Clear: Orderflow found nothing that stops this order" },
  cancelled: { tone: "info", title: "Cancelled" },
} as const;
const ACTOR_TONE: Record<string, "info" | "success" | "attention" | undefined> = { merchant: "info", customer: "success", "shopify-admin": "attention" };

// Where each rule's field lands on the correction form.
const FORM_FIELD: Record<string, string> = {
  "shippingAddress.name": "lastName",
  "shippingAddress.address1": "address1",
  "shippingAddress.address2": "address2",
  "shippingAddress.city": "city",
  "shippingAddress.provinceCode": "provinceCode",
  "shippingAddress.zip": "zip",
  "shippingAddress.countryCode": "countryCode",
  "shippingAddress.phone": "phone",
  phone: "orderPhone",
  email: "email",
  "customer.email": "email",
};

function formErrors(errors: Record<string, string> | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors ?? {})) byField[FORM_FIELD[field] ?? "form"] ??= message;
  return byField;
}

const time = (iso: string) => new Date(iso).toLocaleString();

function Findings({ findings }: { findings: View["findings"] }) {
  const accept = useFetcher<typeof action>();
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (findings.length === 0) {
    return (
      <Text as="p" tone="subdued">
        Orderflow found nothing wrong with this order.
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      {findings.map((finding, index) => (
        <BlockStack key={finding.id} gap="200">
          {index > 0 ? <Divider /> : null}
          <InlineStack gap="200" blockAlign="center">
            <Badge tone={finding.status === "open" ? SEVERITY[finding.severity as keyof typeof SEVERITY]?.tone : undefined}>
              {SEVERITY[finding.severity as keyof typeof SEVERITY]?.label ?? finding.severity}
            </Badge>
            <Badge>{`${finding.errorClass} error`}</Badge>
            {finding.status === "open" ? null : <Badge tone={finding.status === "resolved" ? "success" : undefined}>{finding.status === "resolved" ? "Resolved" : "Accepted"}</Badge>}
            <Text as="span" variant="bodySm" tone="subdued">
              {finding.code.toLowerCase().replace(/_/g, " ")}
            </Text>
          </InlineStack>
          <Text as="p" fontWeight={finding.status === "open" ? "semibold" : "regular"} tone={finding.status === "open" ? undefined : "subdued"}>
            {finding.message}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {finding.status === "open"
              ? `Fix: ${finding.suggestion}`
              : `${finding.status === "resolved" ? "Resolved" : "Accepted"} by ${finding.closedBy ?? "Orderflow"}${finding.closedAt ? ` on ${time(finding.closedAt)}` : ""}${finding.note ? ` (${finding.note})` : ""}.`}
          </Text>
          {finding.status === "open" ? (
            <accept.Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="findingId" value={finding.id} />
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Box minWidth="260px">
                  <TextField
                    label="Why it can ship anyway"
                    labelHidden
                    name="note"
                    placeholder="Why it can ship anyway (optional)"
                    value={notes[finding.id] ?? ""}
                    onChange={(value) => setNotes({ ...notes, [finding.id]: value })}
                    autoComplete="off"
                  />
                </Box>
                <Button submit loading={accept.state !== "idle" && accept.formData?.get("findingId") === finding.id}>
                  Accept
                </Button>
              </InlineStack>
            </accept.Form>
          ) : null}
        </BlockStack>
      ))}
    </BlockStack>
  );
}

function CorrectionForm({ order, disabled }: { order: View["order"]; disabled: boolean }) {
  const correct = useFetcher<typeof action>();
  const [values, setValues] = useState({ ...order.address, orderPhone: order.phone, email: order.email });
  const errors = correct.data && !correct.data.ok ? formErrors(correct.data.errors) : {};
  const field = (name: keyof typeof values, label: string) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={(value) => setValues({ ...values, [name]: value })}
      error={errors[name]}
      autoComplete="off"
      disabled={disabled}
    />
  );
  return (
    <correct.Form method="post">
      <input type="hidden" name="intent" value="correct" />
      <FormLayout>
        {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
        {correct.data?.ok ? <Banner tone="success">{correct.data.message}</Banner> : null}
        <FormLayout.Group>
          {field("firstName", "First name")}
          {field("lastName", "Last name")}
        </FormLayout.Group>
        {field("address1", "Address")}
        {field("address2", "Apartment, suite, etc.")}
        <FormLayout.Group>
          {field("city", "City")}
          {field("provinceCode", "State or province code")}
        </FormLayout.Group>
        <FormLayout.Group>
          {field("zip", "Postal code")}
          {field("countryCode", "Country code")}
        </FormLayout.Group>
        <FormLayout.Group>
          {field("phone", "Phone on the address")}
          {field("orderPhone", "Order phone")}
        </FormLayout.Group>
        {field("email", "Email")}
        <InlineStack align="end">
          <Button submit variant="primary" loading={correct.state !== "idle"} disabled={disabled}>
            Save on Shopify
          </Button>
        </InlineStack>
      </FormLayout>
    </correct.Form>
  );
}

function FixLinkCard({ fixLink, disabled }: { fixLink: View["fixLink"]; disabled: boolean }) {
  const create = useFetcher<typeof action>();
  const [copied, setCopied] = useState(false);
  const created = create.data?.ok ? create.data.links?.[0]?.url : undefined;
  const url = created ?? fixLink?.url;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Customer fix link
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          A signed link to a page on your store where the customer corrects the address or phone. Orderflow checks it, saves it on the order and
          releases the hold.
        </Text>
        {url ? (
          <>
            <TextField label="Link" labelHidden value={url} readOnly autoComplete="off" />
            <InlineStack gap="200" blockAlign="center">
              <Button
                onClick={() => {
                  void navigator.clipboard?.writeText(url).then(() => setCopied(true));
                }}
              >
                {copied ? "Copied" : "Copy link"}
              </Button>
              {fixLink && !created ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  {fixLink.submittedAt
                    ? `Customer corrected it ${time(fixLink.submittedAt)}`
                    : fixLink.openedAt
                      ? `Opened ${time(fixLink.openedAt)}`
                      : fixLink.expired
                        ? "Expired"
                        : `Valid until ${time(fixLink.expiresAt)}`}
                </Text>
              ) : null}
            </InlineStack>
          </>
        ) : null}
        <create.Form method="post">
          <input type="hidden" name="intent" value="fix-link" />
          <Button submit loading={create.state !== "idle"} disabled={disabled}>
            {url ? "Create a new link" : "Create fix link"}
          </Button>
        </create.Form>
      </BlockStack>
    </Card>
  );
}

function OrderActions({ status }: { status: string }) {
  const act = useFetcher<typeof action>();
  const [reason, setReason] = useState("CUSTOMER");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Actions
        </Text>
        {act.data ? <Banner tone={act.data.ok ? "success" : "warning"}>{act.data.message}</Banner> : null}
        <act.Form method="post">
          <input type="hidden" name="intent" value="release" />
          <Button submit fullWidth disabled={status !== "held"} loading={act.state !== "idle" && act.formData?.get("intent") === "release"}>
            Accept problems and release the hold
          </Button>
        </act.Form>
        <act.Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm("Cancel this order on Shopify? It is restocked and refunded; this cannot be undone.")) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="cancel" />
          <BlockStack gap="200">
            <Select
              label="Cancellation reason"
              name="reason"
              value={reason}
              onChange={setReason}
              disabled={status === "cancelled"}
              options={[
                { label: "Customer changed or duplicated the order", value: "CUSTOMER" },
                { label: "Items unavailable", value: "INVENTORY" },
                { label: "Fraudulent order", value: "FRAUD" },
                { label: "Staff error", value: "STAFF" },
                { label: "Other", value: "OTHER" },
              ]}
            />
            <Button submit tone="critical" fullWidth disabled={status === "cancelled"} loading={act.state !== "idle" && act.formData?.get("intent") === "cancel"}>
              Cancel order
            </Button>
          </BlockStack>
        </act.Form>
      </BlockStack>
    </Card>
  );
}

export default function OrderTimeline() {
  const view = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { order, intake, findings, events, fixLink } = view;
  useLiveRevalidation();
  const banner = STATUS_BANNER[intake.status as keyof typeof STATUS_BANNER] ?? STATUS_BANNER.clear;
  const closed = order.cancelled;
  return (
    <Page>
      <TitleBar title={`Order ${order.name}`}>
        <button variant="breadcrumb" onClick={() => navigate("/app/exceptions")}>
          Exceptions
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Banner tone={banner.tone} title={banner.title}>
            {intake.holdReason || intake.age ? (
              <Text as="p">
                {intake.holdReason ? `Hold reason on Shopify: ${intake.holdReason}. ` : ""}
                {intake.age ? `Open for ${intake.age}${intake.breached ? `, past the ${intake.slaHours} h SLA` : ""}.` : ""}
              </Text>
            ) : null}
          </Banner>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Problems
                </Text>
                <Findings findings={findings} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Correct contact details
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  Checked by the same rules before it is saved on Shopify.
                </Text>
                <CorrectionForm key={order.id} order={order} disabled={closed} />
              </BlockStack>
            </Card>
            <Timeline
              empty="Nothing has happened to this order in Orderflow yet."
              entries={events.map((event) => ({
                key: event.id,
                at: event.at,
                who: event.actorName ?? event.actor,
                tone: ACTOR_TONE[event.actor],
                message: event.summary,
              }))}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {order.customer}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {`Placed ${time(order.createdAt)} · ${order.total}`}
                </Text>
                <Text as="p" variant="bodySm">
                  {[order.email, order.phone].filter(Boolean).join(" · ") || "No email or phone"}
                </Text>
                <Divider />
                {order.items.map((item, index) => (
                  <Text key={index} as="p" variant="bodySm">
                    {`${item.quantity} × ${item.title}${item.sku ? ` (${item.sku})` : ""}`}
                  </Text>
                ))}
                <InlineStack gap="100">
                  {order.tags.map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </InlineStack>
              </BlockStack>
            </Card>
            <FixLinkCard fixLink={fixLink} disabled={closed} />
            <OrderActions status={intake.status} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Order" />;
}
