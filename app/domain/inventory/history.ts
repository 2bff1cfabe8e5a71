// A quantity's history at each location, rebuilt from the ledger: walking back from today's
// number through each recorded change gives the number before it, so the locations share one
// timeline even though their changes happened at different times.
import { effectsOfChange, type StockChange } from "./ledger";
import type { QuantityName } from "./quantities";

export interface RecordedChange {
  locationId: string;
  at: Date;
  delta: number;
}

export interface History {
  /** Ascending points in time; the first is "before the earliest change". */
  times: Date[];
  /** Per location, the quantity at each of those times. */
  series: Array<{ locationId: string; values: number[] }>;
}

export function quantityHistory(current: ReadonlyMap<string, number>, changes: readonly RecordedChange[]): History {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const locations = [...new Set([...current.keys(), ...sorted.map((change) => change.locationId)])];
  const earliest = sorted[0]?.at ?? new Date();
  const times = [new Date(earliest.getTime() - 1), ...sorted.map((change) => change.at)];
  const series = locations.map((locationId) => {
    const values = new Array<number>(times.length);
    let quantity = current.get(locationId) ?? 0;
    values[times.length - 1] = quantity;
    for (let index = sorted.length - 1; index >= 0; index--) {
      if (sorted[index].locationId === locationId) quantity -= sorted[index].delta;
      values[index] = quantity;
    }
    return { locationId, values };
  });
  return { times, series };
}

export interface LedgerLine {
  kind: string;
  locationId: string;
  at: Date;
  /** Orderflow's writes: the change asked for and the quantity it compared against. */
  change: StockChange | null;
  changeFrom: number | null;
  /** Observed and reconcile entries: the state and how much it moved. */
  name: string;
  delta: number;
}

/** The changes of one state the ledger's applied entries record, both ends of a move included. */
export function changesOf(lines: readonly LedgerLine[], name: QuantityName): RecordedChange[] {
  return lines.flatMap((line) => {
    if (line.change) {
      return effectsOfChange(line.change, line.locationId, line.changeFrom)
        .filter((effect) => effect.name === name)
        .map((effect) => ({ locationId: effect.locationId, at: line.at, delta: effect.delta }));
    }
    return line.name === name ? [{ locationId: line.locationId, at: line.at, delta: line.delta }] : [];
  });
}
