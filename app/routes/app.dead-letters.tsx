import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Page, Text } from "@shopify/polaris";
import { RouteError } from "../components/route-error";
import { useLiveRevalidation } from "../components/use-live-revalidation";
import { deadLetterActionSchema, performDeadLetterAction, type ActionResult } from "../intake/admin-actions.server";
import { authenticateIntakeAdmin, formFields } from "../intake/admin-context.server";
import { loadDeadLetters } from "../intake/views.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  return { letters: await loadDeadLetters(deps.db, context.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const parsed = deadLetterActionSchema.safeParse(await formFields(request));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: "Unknown action." }, { status: 400 });
  const result = await performDeadLetterAction(deps, context, parsed.data);
  return data<ActionResult>(result, { status: result.ok ? 200 : 422 });
};

const STATUS_TONE: Record<string, "critical" | "success" | undefined> = { open: "critical", replayed: "success", dismissed: undefined };

function Letter({ letter }: { letter: ReturnType<typeof useLoaderData<typeof loader>>["letters"][number] }) {
  const act = useFetcher<typeof action>();
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingSm">
              {letter.topic}
            </Text>
            <Badge tone={STATUS_TONE[letter.status]}>{letter.status}</Badge>
            <Text as="span" variant="bodySm" tone="subdued">
              {`received ${new Date(letter.receivedAt).toLocaleString()} · event ${letter.eventId}`}
            </Text>
          </InlineStack>
          {letter.status === "open" ? (
            <InlineStack gap="200">
              <act.Form method="post">
                <input type="hidden" name="id" value={letter.id} />
                <input type="hidden" name="intent" value="dismiss" />
                <Button submit variant="tertiary" loading={act.state !== "idle" && act.formData?.get("intent") === "dismiss"}>
                  Dismiss
                </Button>
              </act.Form>
              <act.Form method="post">
                <input type="hidden" name="id" value={letter.id} />
                <input type="hidden" name="intent" value="replay" />
                <Button submit variant="primary" loading={act.state !== "idle" && act.formData?.get("intent") === "replay"}>
                  Replay
                </Button>
              </act.Form>
            </InlineStack>
          ) : null}
        </InlineStack>
        <Text as="p">{`Why: ${letter.reason}`}</Text>
        {letter.outcome ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {`${letter.outcome}${letter.resolvedBy ? ` (${letter.resolvedBy})` : ""}`}
          </Text>
        ) : null}
        {act.data && !act.data.ok ? <Banner tone="warning">{act.data.message}</Banner> : null}
        <Box background="bg-surface-secondary" padding="200" borderRadius="200">
          <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>{letter.body}</pre>
        </Box>
      </BlockStack>
    </Card>
  );
}

export default function DeadLetters() {
  const { letters } = useLoaderData<typeof loader>();
  useLiveRevalidation();
  return (
    <Page>
      <TitleBar title="Dead letters" />
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          Webhook deliveries that were correctly signed but could not be read: not JSON, or without what their topic needs. Orderflow answered
          Shopify that it received them, so Shopify does not send them again. Replay one to read it again; an order event that still cannot be read
          makes Orderflow reconcile the orders changed since.
        </Text>
        {letters.length === 0 ? (
          <Card>
            <EmptyState heading="No dead letters" image="/empty-orders.svg">
              <p>Every delivery Shopify sent could be read.</p>
            </EmptyState>
          </Card>
        ) : (
          letters.map((letter) => <Letter key={letter.id} letter={letter} />)
        )}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Dead letters" />;
}
