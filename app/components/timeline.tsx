import { Badge, BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";

export interface TimelineEntry {
  key: string;
  /** ISO time. */
  at: string;
  /** Who did it, as the page names them. */
  who: string;
  tone?: "info" | "success" | "attention";
  message: string;
}

const when = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });

/** A record's history, oldest first: when, who, what. Shared by the order and return pages. */
export function Timeline({ entries, empty }: { entries: TimelineEntry[]; empty: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Timeline
        </Text>
        {entries.length === 0 ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          <BlockStack gap="200">
            {entries.map((entry) => (
              <InlineStack key={entry.key} gap="300" wrap={false} blockAlign="start">
                <Box minWidth="170px">
                  <Text as="span" variant="bodySm" tone="subdued">
                    {when(entry.at)}
                  </Text>
                </Box>
                <Box minWidth="120px">
                  <Badge tone={entry.tone}>{entry.who}</Badge>
                </Box>
                <Text as="span" variant="bodySm" breakWord>
                  {entry.message}
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
