// Shopify's inventory states and how a change of one moves the others (shopify.dev, "Inventory
// states"): on_hand = available + committed + unavailable (reserved, damaged, quality_control,
// safety_stock); incoming stands apart. Changing available or an unavailable state moves on_hand
// with it; changing on_hand lands in available.

export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "reserved",
  "incoming",
  "damaged",
  "quality_control",
  "safety_stock",
] as const;

export type QuantityName = (typeof QUANTITY_NAMES)[number];
export type Quantities = Record<QuantityName, number>;

export const UNAVAILABLE_NAMES: readonly QuantityName[] = ["reserved", "damaged", "quality_control", "safety_stock"];

/** The states Orderflow may change by adjusting or moving (committed belongs to orders). */
export const ADJUSTABLE_NAMES: readonly QuantityName[] = ["available", "damaged", "quality_control", "reserved", "safety_stock", "incoming"];

/** inventorySetQuantities accepts only these. */
export const SETTABLE_NAMES: readonly QuantityName[] = ["available", "on_hand"];

export const QUANTITY_LABELS: Record<QuantityName, string> = {
  available: "Available",
  on_hand: "On hand",
  committed: "Committed",
  reserved: "Reserved",
  incoming: "Incoming",
  damaged: "Damaged",
  quality_control: "Quality control",
  safety_stock: "Safety stock",
};

export function isQuantityName(value: string): value is QuantityName {
  return (QUANTITY_NAMES as readonly string[]).includes(value);
}

export function emptyQuantities(): Quantities {
  return Object.fromEntries(QUANTITY_NAMES.map((name) => [name, 0])) as Quantities;
}

/** Every name a change of `delta` units in `name` moves, on_hand included. */
export function effectsOf(name: QuantityName, delta: number): Array<[QuantityName, number]> {
  if (delta === 0) return [];
  if (name === "available" || UNAVAILABLE_NAMES.includes(name)) return [[name, delta], ["on_hand", delta]];
  if (name === "on_hand") return [["available", delta], ["on_hand", delta]];
  return [[name, delta]];
}

export function applyEffects(quantities: Quantities, effects: Iterable<[QuantityName, number]>): Quantities {
  const next = { ...quantities };
  for (const [name, delta] of effects) next[name] += delta;
  return next;
}

export interface QuantityDifference {
  name: QuantityName;
  expected: number;
  actual: number;
}

export function differences(expected: Quantities, actual: Quantities): QuantityDifference[] {
  return QUANTITY_NAMES.filter((name) => expected[name] !== actual[name]).map((name) => ({ name, expected: expected[name], actual: actual[name] }));
}

/** Units not available for sale but on hand. */
export function unavailable(quantities: Quantities): number {
  return UNAVAILABLE_NAMES.reduce((sum, name) => sum + quantities[name], 0);
}
