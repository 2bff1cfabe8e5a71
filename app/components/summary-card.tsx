import { Link } from "@remix-run/react";
import { BlockStack, Card, Text } from "@shopify/polaris";

/** One figure at the top of a page: what it counts, the number (or an amount already formatted), and optionally a hint or a link to the rows behind it. */
export function SummaryCard({ label, value, hint, url }: { label: string; value: number | string; hint?: string; url?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {typeof value === "number" ? value.toLocaleString("en-US") : value}
        </Text>
        {hint ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {url ? <Link to={url}>{hint}</Link> : hint}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
