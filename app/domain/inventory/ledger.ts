// Orderflow's stock writes, as ledger entries: what is asked for, the idempotency key and ledger
// document each write carries, the changes it should cause, and what to do when Shopify says the
// quantity it compared against has moved on.
import { ADJUSTABLE_NAMES, effectsOf, type Quantities, QUANTITY_NAMES, type QuantityName, SETTABLE_NAMES } from "./quantities";

/** Shopify's reasons for an inventory change (shopify.dev, "Manage inventory quantities and states"). */
export const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
] as const;

export type InventoryReason = (typeof INVENTORY_REASONS)[number];

export type StockChange =
  | { kind: "adjust"; name: QuantityName; delta: number }
  | { kind: "set"; name: QuantityName; quantity: number }
  | { kind: "move"; name: QuantityName; quantity: number; toName: QuantityName; toLocationId: string };

export type WriteKind = StockChange["kind"];

export interface ChangeProblem {
  field: string;
  message: string;
}

/** What Shopify would refuse, said before asking it. */
export function checkStockChange(change: StockChange, locationId: string): ChangeProblem[] {
  const problems: ChangeProblem[] = [];
  switch (change.kind) {
    case "adjust":
      if (!ADJUSTABLE_NAMES.includes(change.name)) problems.push({ field: "name", message: `${change.name} cannot be adjusted; it belongs to orders or follows the other states` });
      if (!Number.isInteger(change.delta) || change.delta === 0) problems.push({ field: "delta", message: "Enter a whole number of units other than 0" });
      break;
    case "set":
      if (!SETTABLE_NAMES.includes(change.name)) problems.push({ field: "name", message: "Only available and on hand can be set to a number" });
      if (!Number.isInteger(change.quantity) || change.quantity < 0) problems.push({ field: "quantity", message: "Enter a whole number of units, 0 or more" });
      break;
    case "move":
      if (!ADJUSTABLE_NAMES.includes(change.name)) problems.push({ field: "name", message: `Units cannot be moved out of ${change.name}` });
      if (!ADJUSTABLE_NAMES.includes(change.toName)) problems.push({ field: "toName", message: `Units cannot be moved into ${change.toName}` });
      if (!Number.isInteger(change.quantity) || change.quantity <= 0) problems.push({ field: "quantity", message: "Enter a whole number of units above 0" });
      if (change.toLocationId !== locationId && change.toName !== change.name) {
        problems.push({ field: "toName", message: "A move to another location keeps the state; move the state at one location" });
      }
      if (change.toLocationId === locationId && change.toName === change.name) problems.push({ field: "toName", message: "Choose another state or another location" });
      break;
  }
  return problems;
}

/** The key each write sends as @idempotent(key:): the entry's, renewed when the entry is rebased. */
export function idempotencyKeyFor(entryId: string, rebases: number): string {
  return rebases === 0 ? `orderflow-ledger-${entryId}` : `orderflow-ledger-${entryId}-r${rebases}`;
}

/** Shopify wants a non-Shopify URI naming the ledger entry for every state but available. */
export function ledgerDocumentUriFor(entryId: string): string {
  return `gid://orderflow/InventoryLedgerEntry/${entryId}`;
}

export interface LevelEffect {
  locationId: string;
  name: QuantityName;
  delta: number;
}

/** The changes a write should cause on Shopify, on_hand included, given what it compares against. */
export function effectsOfChange(change: StockChange, locationId: string, changeFrom: number | null): LevelEffect[] {
  const at = (location: string) => ([name, delta]: [QuantityName, number]) => ({ locationId: location, name, delta });
  switch (change.kind) {
    case "adjust":
      return effectsOf(change.name, change.delta).map(at(locationId));
    case "set":
      return changeFrom === null ? [] : effectsOf(change.name, change.quantity - changeFrom).map(at(locationId));
    case "move":
      return [...effectsOf(change.name, -change.quantity).map(at(locationId)), ...effectsOf(change.toName, change.quantity).map(at(change.toLocationId))];
  }
}

export const MAX_REBASES = 3;

/**
 * Shopify answered CHANGE_FROM_QUANTITY_STALE: the quantity moved since Orderflow read it. A
 * relative change (adjust, move) still means the same thing against the new quantity, so it is
 * sent again, compared against that, under a new key; an absolute one (set) was decided on the
 * old quantity and goes back to a person.
 */
export function rebaseAfterStale(change: StockChange, rebases: number): "rebase" | "conflict" {
  if (change.kind === "set") return "conflict";
  return rebases < MAX_REBASES ? "rebase" : "conflict";
}

export interface ObservedChange {
  name: QuantityName;
  delta: number;
  quantityAfter: number;
}

/**
 * What changed on Shopify between the mirror's reading and this one, less what Orderflow's own
 * writes still waiting for their confirmation account for (their webhook can come first).
 */
export function unexplainedChanges(mirror: Quantities, now: Quantities, pending: readonly LevelEffect[]): ObservedChange[] {
  return QUANTITY_NAMES.flatMap((name) => {
    const ours = pending.filter((effect) => effect.name === name).reduce((sum, effect) => sum + effect.delta, 0);
    const delta = now[name] - mirror[name] - ours;
    return delta === 0 ? [] : [{ name, delta, quantityAfter: now[name] }];
  });
}

/** What a merchant does to stock in the admin, as a Shopify change and reason. */
export const MERCHANT_ACTIONS = {
  receive: { label: "Received stock", reason: "received" },
  count: { label: "Counted: set on hand to", reason: "cycle_count_available" },
  damaged: { label: "Mark damaged", reason: "damaged" },
  quality: { label: "Send to quality control", reason: "quality_control" },
  transfer: { label: "Move to another location", reason: "movement_received" },
  shrinkage: { label: "Write off (lost or stolen)", reason: "shrinkage" },
} as const;

export type MerchantAction = keyof typeof MERCHANT_ACTIONS;

export function merchantChange(action: MerchantAction, quantity: number, toLocationId: string | null): { change: StockChange; reason: InventoryReason } {
  const { reason } = MERCHANT_ACTIONS[action];
  switch (action) {
    case "receive":
      return { change: { kind: "adjust", name: "available", delta: quantity }, reason };
    case "shrinkage":
      return { change: { kind: "adjust", name: "available", delta: -quantity }, reason };
    case "count":
      return { change: { kind: "set", name: "on_hand", quantity }, reason };
    case "damaged":
    case "quality":
      return { change: { kind: "move", name: "available", quantity, toName: action === "damaged" ? "damaged" : "quality_control", toLocationId: toLocationId ?? "" }, reason };
    case "transfer":
      return { change: { kind: "move", name: "available", quantity, toName: "available", toLocationId: toLocationId ?? "" }, reason };
  }
}
