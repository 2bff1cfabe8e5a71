// The pack bench: every unit that goes into the parcel is scanned (or typed) and must match a line
// of the fulfillment order. A code that matches no line, or one more unit than the order holds,
// is refused; nothing is fulfilled until every unit has been scanned. The running counts travel
// with the form, so the bench works as plain HTML posts, one scan per post.
import { z } from "zod";
import { lineTitle, type FulfillmentOrderLine } from "./fulfillment-order";

/** Units scanned so far, by fulfillment order line id. */
export type PackCounts = Readonly<Record<string, number>>;

export const packCountsSchema = z.record(z.number().int().min(0));

/** Lines with neither a SKU nor a barcode cannot be scanned; the bench confirms them with this code. */
export const UNSCANNABLE_PREFIX = "line:";

export type ScanOutcome =
  | { kind: "packed"; lineId: string; counts: PackCounts; complete: boolean; message: string }
  | { kind: "wrong_item"; code: string; expected: string; message: string }
  | { kind: "over_scan"; lineId: string; code: string; expected: string; message: string }
  | { kind: "empty"; message: string };

export interface PackRow {
  line: FulfillmentOrderLine;
  packed: number;
  /** Units still to scan. */
  left: number;
  scannable: boolean;
}

export interface PackProgress {
  rows: PackRow[];
  packed: number;
  total: number;
  complete: boolean;
}

const normalize = (code: string) => code.trim().toUpperCase();

function scannable(line: FulfillmentOrderLine): boolean {
  return Boolean(line.sku?.trim() || line.barcode?.trim());
}

function matches(line: FulfillmentOrderLine, code: string): boolean {
  if (!scannable(line)) return code === normalize(`${UNSCANNABLE_PREFIX}${line.id}`);
  return (line.sku !== null && normalize(line.sku) === code) || (line.barcode !== null && normalize(line.barcode) === code);
}

/** The lines the parcel must hold: those with units left to fulfil. */
export function packLines(lines: readonly FulfillmentOrderLine[]): FulfillmentOrderLine[] {
  return lines.filter((line) => line.remainingQuantity > 0);
}

export function packProgress(lines: readonly FulfillmentOrderLine[], counts: PackCounts): PackProgress {
  const rows = packLines(lines).map((line) => {
    const packed = Math.min(counts[line.id] ?? 0, line.remainingQuantity);
    return { line, packed, left: line.remainingQuantity - packed, scannable: scannable(line) };
  });
  const packed = rows.reduce((sum, row) => sum + row.packed, 0);
  const total = rows.reduce((sum, row) => sum + row.line.remainingQuantity, 0);
  return { rows, packed, total, complete: total > 0 && packed === total };
}

function describeLeft(progress: PackProgress): string {
  const left = progress.rows.filter((row) => row.left > 0).map((row) => `${row.line.sku ?? lineTitle(row.line)} ×${row.left}`);
  return left.length > 0 ? left.join(", ") : "nothing: the parcel is complete";
}

/**
 * Counts scanned on another page load are only trusted within the order's own lines and
 * quantities; anything else means the form was tampered with or the order changed since.
 */
export function checkCounts(lines: readonly FulfillmentOrderLine[], counts: PackCounts): { ok: true } | { ok: false; message: string } {
  const byId = new Map(packLines(lines).map((line) => [line.id, line]));
  for (const [lineId, count] of Object.entries(counts)) {
    const line = byId.get(lineId);
    if (!line && count > 0)
      return { ok: false, message: "the scanned items no longer match this fulfillment order: start the pack check again" };
    if (line && count > line.remainingQuantity)
      return { ok: false, message: `more ${lineTitle(line)} were counted than the order holds: start the pack check again` };
  }
  return { ok: true };
}

/** One scan at the bench. */
export function applyScan(lines: readonly FulfillmentOrderLine[], counts: PackCounts, rawCode: string): ScanOutcome {
  const code = normalize(rawCode);
  if (code === "") return { kind: "empty", message: "Scan a barcode or type a SKU." };
  const progress = packProgress(lines, counts);
  const candidates = progress.rows.filter((row) => matches(row.line, code));
  const shown = rawCode.trim();
  if (candidates.length === 0) {
    return {
      kind: "wrong_item",
      code: shown,
      expected: describeLeft(progress),
      message: `${shown} is not in this order. Put it back; still to pack: ${describeLeft(progress)}.`,
    };
  }
  // The same SKU may sit on two lines (a variant ordered twice): fill them in order.
  const target = candidates.find((row) => row.left > 0);
  if (!target) {
    const row = candidates[0];
    return {
      kind: "over_scan",
      lineId: row.line.id,
      code: shown,
      expected: describeLeft(progress),
      message: `Too many ${lineTitle(row.line)}: the order holds ${candidates.reduce(
        (n, c) => n + c.line.remainingQuantity,
        0,
      )}. Take one out.`,
    };
  }
  const next = { ...counts, [target.line.id]: target.packed + 1 };
  const after = packProgress(lines, next);
  return {
    kind: "packed",
    lineId: target.line.id,
    counts: next,
    complete: after.complete,
    message: after.complete
      ? `${lineTitle(target.line)} packed. Every item is in the parcel.`
      : `${lineTitle(target.line)} packed (${target.packed + 1} of ${target.line.remainingQuantity}).`,
  };
}
