// What the return page's forms list and send: the units still to arrive, to inspect and to
// resolve, read from the return's quantities, and the per-unit inspection rows gathered into the
// items the return's inspect command takes.
import { inspectedCount, type Disposition, type InspectItem, type ReturnLine, type ReturnState } from "./return-model";
import type { Resolution } from "./types";

export interface LineUnits {
  lineId: string;
  title: string;
  sku: string | null;
  /** Approved units that have neither arrived nor been marked missing. */
  awaited: number;
  /** Arrived units nobody has inspected yet. */
  toInspect: number;
  /** Inspected units not yet refunded, credited or exchanged. */
  toResolve: number;
  /** Units marked missing and not yet resolved. */
  missingToResolve: number;
  /** What the customer asked for. */
  resolution: Resolution;
}

export function unitsOf(state: ReturnState): LineUnits[] {
  return state.lines.map((line: ReturnLine) => {
    const inspected = inspectedCount(line);
    return {
      lineId: line.id,
      title: line.title,
      sku: line.sku,
      awaited: line.approved - line.received - line.missing,
      toInspect: line.received - inspected,
      toResolve: inspected - line.resolvedInspected,
      missingToResolve: line.missing - line.resolvedMissing,
      resolution: line.resolution,
    };
  });
}

/** Units restocked to sellable stock, per line: what went back on the shelf. */
export function restockedCount(line: ReturnLine): number {
  return line.inspections.filter((inspection) => inspection.disposition === "restock").reduce((total, inspection) => total + inspection.quantity, 0);
}

export interface UnitInspection {
  lineId: string;
  /** "skip" leaves the unit for later. */
  disposition: Disposition | "missing" | "skip";
  locationId: string | null;
}

/**
 * Units inspected one by one, as the inspect command takes them: one item per line, outcome and
 * location, in the order first seen. Damaged goods may go nowhere; everything else kept needs a place.
 */
export function gatherInspections(units: readonly UnitInspection[]): { ok: true; items: InspectItem[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const items = new Map<string, InspectItem>();
  units.forEach((unit, index) => {
    if (unit.disposition === "skip") return;
    const locationId = unit.disposition === "missing" ? null : unit.locationId || null;
    if (locationId === null && (unit.disposition === "restock" || unit.disposition === "needs_qc")) {
      errors[`units.${index}.locationId`] = unit.disposition === "restock" ? "Choose where it is restocked" : "Choose where it waits for quality control";
      return;
    }
    const key = `${unit.lineId}|${unit.disposition}|${locationId ?? ""}`;
    const item = items.get(key);
    if (item) item.quantity += 1;
    else items.set(key, { lineId: unit.lineId, quantity: 1, disposition: unit.disposition, locationId });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (items.size === 0) return { ok: false, errors: { units: "Say what happened to at least one item" } };
  return { ok: true, items: [...items.values()] };
}
