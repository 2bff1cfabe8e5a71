// Inventory quantities as Shopify's mutations change them: inventoryAdjustQuantities,
// inventorySetQuantities and inventoryMoveQuantities, each all-or-nothing, each answering
// Shopify's userError codes, each recorded as an adjustment group, each firing
// inventory_levels/update for the levels it changed. Also the merchant's own edits in the admin
// (the control API's "change stock behind the app's back").
//
// The state model (shopify.dev, "Inventory states"): on_hand = available + committed +
// unavailable (reserved, damaged, quality_control, safety_stock); incoming is apart. A change of
// available or of an unavailable state moves on_hand with it; a change of on_hand lands in
// available; incoming moves alone.
import { parseGid } from "./ids";
import {
  type InventoryAdjustmentGroupRecord,
  type InventoryLevelRecord,
  type QuantityName,
  QUANTITY_NAMES,
  type ShopState,
  type SimStore,
} from "./store";

/** The reasons Shopify accepts (shopify.dev, "Manage inventory quantities and states"). */
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

const ADJUSTABLE: readonly QuantityName[] = ["available", "on_hand", "damaged", "quality_control", "reserved", "safety_stock", "incoming"];
const SETTABLE: readonly QuantityName[] = ["available", "on_hand"];
const UNAVAILABLE: readonly QuantityName[] = ["reserved", "damaged", "quality_control", "safety_stock"];
const QUANTITY_LIMIT = 1_000_000_000;

export interface InventoryUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** A request Shopify refuses before looking at it (top-level error, no payload). */
export class InventoryRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type InventoryOutcome = { group: InventoryAdjustmentGroupRecord } | { userErrors: InventoryUserError[] };

function isQuantityName(name: string): name is QuantityName {
  return (QUANTITY_NAMES as readonly string[]).includes(name);
}

function isUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

/** The per-name deltas one change causes, on_hand included (the state model above). */
function effects(name: QuantityName, delta: number): Array<[QuantityName, number]> {
  if (name === "available" || UNAVAILABLE.includes(name)) return [[name, delta], ["on_hand", delta]];
  if (name === "on_hand") return [["available", delta], ["on_hand", delta]];
  return [[name, delta]];
}

interface Planned {
  itemId: number;
  locationId: number;
  name: QuantityName;
  delta: number;
  ledgerDocumentUri: string | null;
}

class Checker {
  readonly errors: InventoryUserError[] = [];
  constructor(private readonly state: ShopState) {}

  fail(field: string[] | null, code: string, message: string): void {
    this.errors.push({ field, message, code });
  }

  item(id: string, field: string[]): number | null {
    const parsed = parseGid(id);
    if (parsed?.type === "InventoryItem" && this.state.inventoryItems.has(parsed.id)) return parsed.id;
    this.fail(field, "INVALID_INVENTORY_ITEM", "The specified inventory item could not be found.");
    return null;
  }

  location(id: string, field: string[]): number | null {
    const parsed = parseGid(id);
    if (parsed?.type === "Location" && this.state.locations.has(parsed.id)) return parsed.id;
    this.fail(field, "INVALID_LOCATION", "The specified location could not be found.");
    return null;
  }

  reason(reason: string): void {
    if (!(INVENTORY_REASONS as readonly string[]).includes(reason)) {
      this.fail(["input", "reason"], "INVALID_REASON", "The specified reason is invalid.");
    }
  }

  referenceDocument(uri: string | null | undefined): void {
    if (uri != null && !isUri(uri)) {
      this.fail(["input", "referenceDocumentUri"], "INVALID_REFERENCE_DOCUMENT", "The specified reference document is invalid.");
    }
  }

  /** Shopify's rule: a ledger document for every name but available, never a gid://shopify/ one. */
  ledgerDocument(name: string, uri: string | null | undefined, field: string[]): void {
    if (uri != null && uri.startsWith("gid://shopify/")) {
      this.fail(field, "INTERNAL_LEDGER_DOCUMENT", "Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.");
    } else if (name === "available" && uri != null) {
      this.fail(field, "INVALID_AVAILABLE_DOCUMENT", "A ledger document URI is not allowed when adjusting available.");
    } else if (name !== "available" && (uri == null || !isUri(uri))) {
      this.fail(field, "INVALID_QUANTITY_DOCUMENT", "A valid ledger document URI is required for quantity names other than available.");
    }
  }
}

function current(state: ShopState, itemId: number, locationId: number, name: QuantityName): number {
  return state.levelFor(itemId, locationId)?.quantities[name] ?? 0;
}

function requireChangeFrom(change: object, inputType: string): void {
  if (!Object.hasOwn(change, "changeFromQuantity")) {
    throw new InventoryRequestError(`${inputType} must include the following argument: changeFromQuantity`, "INVALID_FIELD_ARGUMENTS");
  }
}

/** Applies planned changes to the levels (creating a level where the item was not stocked), records the group, fires webhooks. */
function apply(store: SimStore, state: ShopState, planned: Planned[], reason: string, referenceDocumentUri: string | null): InventoryAdjustmentGroupRecord {
  const now = store.now();
  const group: InventoryAdjustmentGroupRecord = { id: store.nextId(), reason, referenceDocumentUri, createdAt: now, changes: [] };
  const touched = new Map<number, InventoryLevelRecord>();
  const totals = new Map<string, { itemId: number; locationId: number; name: QuantityName; delta: number; ledgerDocumentUri: string | null }>();
  for (const change of planned) {
    const level = store.levelAt(state, change.itemId, change.locationId);
    for (const [name, delta] of effects(change.name, change.delta)) {
      level.quantities[name] += delta;
      const key = `${change.itemId}/${change.locationId}/${name}`;
      const total = totals.get(key) ?? { itemId: change.itemId, locationId: change.locationId, name, delta: 0, ledgerDocumentUri: null };
      total.delta += delta;
      if (name === change.name) total.ledgerDocumentUri = change.ledgerDocumentUri;
      totals.set(key, total);
    }
    level.updatedAt = now;
    touched.set(level.id, level);
  }
  for (const total of totals.values()) {
    group.changes.push({ ...total, quantityAfterChange: state.levelFor(total.itemId, total.locationId)!.quantities[total.name] });
  }
  state.adjustmentGroups.set(group.id, group);
  for (const level of touched.values()) store.emit({ topic: "inventory_levels/update", shop: state.domain, levelId: level.id });
  return group;
}

function withinLimits(check: Checker, state: ShopState, planned: Planned[], field: (index: number) => string[]): void {
  planned.forEach((change, index) => {
    for (const [name, delta] of effects(change.name, change.delta)) {
      const after = current(state, change.itemId, change.locationId, name) + delta;
      if (after > QUANTITY_LIMIT) check.fail(field(index), "INVALID_QUANTITY_TOO_HIGH", "The total quantity can't be higher than 1,000,000,000.");
      if (after < -QUANTITY_LIMIT) check.fail(field(index), "INVALID_QUANTITY_TOO_LOW", "The total quantity can't be lower than -1,000,000,000.");
    }
  });
}

export interface AdjustInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: Array<{ delta: number; inventoryItemId: string; locationId: string; changeFromQuantity?: number | null; ledgerDocumentUri?: string | null }>;
}

export function adjustQuantities(store: SimStore, state: ShopState, input: AdjustInput): InventoryOutcome {
  input.changes.forEach((change) => requireChangeFrom(change, "InventoryChangeInput"));
  const check = new Checker(state);
  const name = input.name;
  if (!isQuantityName(name) || !ADJUSTABLE.includes(name)) {
    check.fail(["input", "name"], "INVALID_QUANTITY_NAME", `The quantity name must be one of: ${ADJUSTABLE.join(", ")}.`);
  }
  check.reason(input.reason);
  check.referenceDocument(input.referenceDocumentUri);
  const ledgerDocuments = new Set(input.changes.map((change) => change.ledgerDocumentUri ?? null));
  if (ledgerDocuments.size > 1) {
    check.fail(["input", "changes"], "MAX_ONE_LEDGER_DOCUMENT", "All changes must have the same ledger document URI or, in the case of adjusting available, no ledger document URI.");
  }
  const planned: Planned[] = [];
  input.changes.forEach((change, index) => {
    const field = (leaf: string) => ["input", "changes", String(index), leaf];
    const itemId = check.item(change.inventoryItemId, field("inventoryItemId"));
    const locationId = check.location(change.locationId, field("locationId"));
    check.ledgerDocument(name, change.ledgerDocumentUri, field("ledgerDocumentUri"));
    if (itemId === null || locationId === null || !isQuantityName(name)) return;
    if (change.changeFromQuantity != null && change.changeFromQuantity !== current(state, itemId, locationId, name)) {
      check.fail(field("changeFromQuantity"), "CHANGE_FROM_QUANTITY_STALE", "The changeFromQuantity argument no longer matches the persisted quantity.");
    }
    planned.push({ itemId, locationId, name, delta: change.delta, ledgerDocumentUri: change.ledgerDocumentUri ?? null });
  });
  withinLimits(check, state, planned, (index) => ["input", "changes", String(index), "delta"]);
  if (check.errors.length) return { userErrors: check.errors };
  return { group: apply(store, state, planned, input.reason, input.referenceDocumentUri ?? null) };
}

export interface SetInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: Array<{ inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity?: number | null }>;
}

export function setQuantities(store: SimStore, state: ShopState, input: SetInput): InventoryOutcome {
  input.quantities.forEach((quantity) => requireChangeFrom(quantity, "InventoryQuantityInput"));
  const check = new Checker(state);
  const name = input.name;
  if (!isQuantityName(name) || !SETTABLE.includes(name)) {
    check.fail(["input", "name"], "INVALID_NAME", "The quantity name must be either 'available' or 'on_hand'.");
  }
  check.reason(input.reason);
  check.referenceDocument(input.referenceDocumentUri);
  const planned: Planned[] = [];
  const pairs = new Set<string>();
  input.quantities.forEach((entry, index) => {
    const field = (leaf: string) => ["input", "quantities", String(index), leaf];
    const itemId = check.item(entry.inventoryItemId, field("inventoryItemId"));
    const locationId = check.location(entry.locationId, field("locationId"));
    if (entry.quantity < 0) check.fail(field("quantity"), "INVALID_QUANTITY_NEGATIVE", "The quantity can't be negative.");
    if (entry.quantity > QUANTITY_LIMIT) check.fail(field("quantity"), "INVALID_QUANTITY_TOO_HIGH", "The total quantity can't be higher than 1,000,000,000.");
    if (itemId === null || locationId === null || !isQuantityName(name)) return;
    const pair = `${itemId}/${locationId}`;
    if (pairs.has(pair)) {
      check.fail(["input", "quantities"], "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "The combination of inventoryItemId and locationId must be unique.");
    }
    pairs.add(pair);
    const now = current(state, itemId, locationId, name);
    if (entry.changeFromQuantity != null && entry.changeFromQuantity !== now) {
      check.fail(field("changeFromQuantity"), "CHANGE_FROM_QUANTITY_STALE", "The changeFromQuantity value does not match persisted value.");
    }
    planned.push({ itemId, locationId, name, delta: entry.quantity - now, ledgerDocumentUri: null });
  });
  if (check.errors.length) return { userErrors: check.errors };
  return { group: apply(store, state, planned, input.reason, input.referenceDocumentUri ?? null) };
}

interface Terminal {
  locationId: string;
  name: string;
  changeFromQuantity?: number | null;
  ledgerDocumentUri?: string | null;
}

export interface MoveInput {
  reason: string;
  referenceDocumentUri: string;
  changes: Array<{ inventoryItemId: string; quantity: number; from: Terminal; to: Terminal }>;
}

export function moveQuantities(store: SimStore, state: ShopState, input: MoveInput): InventoryOutcome {
  for (const change of input.changes) {
    requireChangeFrom(change.from, "InventoryMoveQuantityTerminalInput");
    requireChangeFrom(change.to, "InventoryMoveQuantityTerminalInput");
  }
  const check = new Checker(state);
  check.reason(input.reason);
  check.referenceDocument(input.referenceDocumentUri);
  const documents = new Set(input.changes.flatMap((change) => [change.from.ledgerDocumentUri, change.to.ledgerDocumentUri]).filter((uri) => uri != null));
  if (documents.size > 2) check.fail(["input", "changes"], "MAXIMUM_LEDGER_DOCUMENT_URIS", "Only a maximum of 2 ledger document URIs across all changes is allowed.");
  const planned: Planned[] = [];
  input.changes.forEach((change, index) => {
    const field = (...path: string[]) => ["input", "changes", String(index), ...path];
    const itemId = check.item(change.inventoryItemId, field("inventoryItemId"));
    if (change.quantity < 0) check.fail(field("quantity"), "INVALID_QUANTITY_NEGATIVE", "The quantity can't be negative.");
    const ends = (["from", "to"] as const).map((side) => {
      const terminal = change[side];
      const locationId = check.location(terminal.locationId, field(side, "locationId"));
      const name = terminal.name;
      if (!isQuantityName(name) || !ADJUSTABLE.includes(name) || name === "on_hand") {
        check.fail(field(side, "name"), "INVALID_QUANTITY_NAME", "The specified quantity name is invalid.");
        return null;
      }
      check.ledgerDocument(name, terminal.ledgerDocumentUri, field(side, "ledgerDocumentUri"));
      if (itemId !== null && locationId !== null && terminal.changeFromQuantity != null && terminal.changeFromQuantity !== current(state, itemId, locationId, name)) {
        check.fail(field(side, "changeFromQuantity"), "CHANGE_FROM_QUANTITY_STALE", "The changeFromQuantity argument no longer matches the persisted quantity.");
      }
      return locationId === null ? null : { locationId, name, ledgerDocumentUri: terminal.ledgerDocumentUri ?? null };
    });
    const [from, to] = ends;
    if (!from || !to || itemId === null) return;
    if (from.locationId !== to.locationId && from.name !== to.name) {
      check.fail(field(), "DIFFERENT_LOCATIONS", "A move between locations must keep the same quantity name.");
      return;
    }
    if (from.locationId === to.locationId && from.name === to.name) {
      check.fail(field(), "SAME_QUANTITY_NAME", "A move within a location must change the quantity name.");
      return;
    }
    planned.push({ itemId, locationId: from.locationId, name: from.name, delta: -change.quantity, ledgerDocumentUri: from.ledgerDocumentUri });
    planned.push({ itemId, locationId: to.locationId, name: to.name, delta: change.quantity, ledgerDocumentUri: to.ledgerDocumentUri });
  });
  withinLimits(check, state, planned, (index) => ["input", "changes", String(Math.floor(index / 2)), "quantity"]);
  if (check.errors.length) return { userErrors: check.errors };
  return { group: apply(store, state, planned, input.reason, input.referenceDocumentUri) };
}

/**
 * The merchant (or another app) changes stock in the admin, behind Orderflow's back: absolute
 * values per name, on_hand following the state model. `webhook: false` loses the
 * inventory_levels/update that Shopify would send.
 */
export function changeStock(
  store: SimStore,
  state: ShopState,
  input: { itemId: number; locationId: number; quantities: Partial<Record<QuantityName, number>>; webhook: boolean },
): InventoryLevelRecord {
  const level = store.levelAt(state, input.itemId, input.locationId);
  for (const [name, value] of Object.entries(input.quantities) as Array<[QuantityName, number]>) {
    if (name === "on_hand" || name === "committed") continue;
    for (const [affected, delta] of effects(name, value - level.quantities[name])) level.quantities[affected] += delta;
  }
  if (input.quantities.on_hand !== undefined) {
    for (const [affected, delta] of effects("on_hand", input.quantities.on_hand - level.quantities.on_hand)) level.quantities[affected] += delta;
  }
  if (input.quantities.committed !== undefined) {
    level.quantities.on_hand += input.quantities.committed - level.quantities.committed;
    level.quantities.committed = input.quantities.committed;
  }
  level.updatedAt = store.now();
  if (input.webhook) store.emit({ topic: "inventory_levels/update", shop: state.domain, levelId: level.id });
  return level;
}
