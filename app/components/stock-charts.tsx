import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { type ReactNode, useEffect, useState } from "react";

// Charts measure the page they are drawn in, so they are drawn in the browser only; the server
// sends a skeleton of the same height.

export function InBrowser({ height, children }: { height: number; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height }}>
      {mounted ? <PolarisVizProvider>{children}</PolarisVizProvider> : <SkeletonBodyText lines={Math.max(3, Math.floor(height / 40))} />}
    </div>
  );
}

export interface LocationUnits {
  name: string;
  available: number;
  committed: number;
  unavailable: number;
  incoming: number;
}

/** Units per location, by state, stacked: where the stock is and how much of it can be sold. */
export function UnitsByLocationChart({ locations }: { locations: LocationUnits[] }) {
  const series = (["available", "committed", "unavailable", "incoming"] as const).map((state) => ({
    name: { available: "Available", committed: "Committed to orders", unavailable: "Unavailable", incoming: "Incoming" }[state],
    data: locations.map((location) => ({ key: location.name, value: location[state] })),
  }));
  return (
    <InBrowser height={260}>
      <BarChart data={series} type="stacked" theme="Light" showLegend />
    </InBrowser>
  );
}

/**
 * A quantity over time at each location (one shared timeline, from the ledger). Changes within
 * the same second share a point: the chart shows where each second ended.
 */
export function QuantityHistoryChart({ times, series }: { times: string[]; series: Array<{ name: string; values: number[] }> }) {
  const label = (time: string, index: number) =>
    index === 0 ? "Before" : new Date(time).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const labels = times.map(label);
  const kept = labels.flatMap((text, index) => (labels[index + 1] === text ? [] : [index]));
  const data = series.map((location) => ({ name: location.name, data: kept.map((index) => ({ key: labels[index], value: location.values[index] })) }));
  return (
    <InBrowser height={240}>
      <LineChart data={data} theme="Light" showLegend />
    </InBrowser>
  );
}
