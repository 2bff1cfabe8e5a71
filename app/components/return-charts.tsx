import { BarChart } from "@shopify/polaris-viz";
import { InBrowser } from "./stock-charts";

/** Open and recent returns per reason, longest bar first: what sends goods back. */
export function ReturnsByReasonChart({ reasons }: { reasons: Array<{ label: string; count: number }> }) {
  const sorted = [...reasons].sort((a, b) => b.count - a.count);
  return (
    <InBrowser height={Math.max(160, 36 * sorted.length + 40)}>
      <BarChart
        data={[{ name: "Returns", data: sorted.map((reason) => ({ key: `${reason.label} (${reason.count})`, value: reason.count })) }]}
        direction="horizontal"
        theme="Light"
        showLegend={false}
      />
    </InBrowser>
  );
}
