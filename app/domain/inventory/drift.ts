// Drift: a full sync found Shopify holding other quantities than Orderflow's mirror expected.
// Why it most likely happened, whether writing Orderflow's number back makes sense, and what a
// shop's rule does with each drift.
import { differences, type Quantities, type QuantityDifference, type QuantityName, SETTABLE_NAMES } from "./quantities";

export type DriftCause = "missed-order" | "missed-update" | "unconfirmed-write" | "unexplained";

export interface LevelComparison {
  expected: Quantities;
  actual: Quantities;
  /** Shopify's updatedAt for the level when the mirror last read it, and now. */
  mirrorUpdatedAt: Date | null;
  shopifyUpdatedAt: Date | null;
  /** When Orderflow took that reading, at the earliest (a full sync's start for a bulk read). */
  mirrorReadAt: Date | null;
  /** Orderflow writes to this level that were asked for but not confirmed (pending, failed, conflict). */
  unconfirmedWrites: number;
}

export interface LevelDrift {
  cause: DriftCause;
  differences: QuantityDifference[];
}

/**
 * Units that left the building: a fulfilment takes them out of on hand and committed together and
 * leaves available alone. Shopify does not promise an inventory webhook for it, so a full sync is
 * often the first to see it. That is a sale shipped, not stock gone wrong: the mirror takes it
 * without a drift. Any other difference alongside it, and the whole level is a drift.
 */
export function shippedUnits(expected: Quantities, actual: Quantities): number | null {
  const found = differences(expected, actual);
  if (found.length !== 2) return null;
  const shipped = expected.on_hand - actual.on_hand;
  return shipped > 0 && expected.committed - actual.committed === shipped ? shipped : null;
}

/**
 * Shopify's record of the level has not changed since the mirror read it. Its updatedAt counts
 * whole seconds, so the same second proves nothing when the reading was taken within that second:
 * a change later in it keeps the timestamp. Only a reading a full second after it saw every change
 * the timestamp can stand for.
 */
function unchangedSinceRead({ mirrorUpdatedAt, shopifyUpdatedAt, mirrorReadAt }: LevelComparison): boolean {
  if (!mirrorUpdatedAt || !shopifyUpdatedAt) return false;
  if (shopifyUpdatedAt < mirrorUpdatedAt) return true;
  return shopifyUpdatedAt.getTime() === mirrorUpdatedAt.getTime() && mirrorReadAt !== null && mirrorReadAt.getTime() >= shopifyUpdatedAt.getTime() + 1000;
}

/** The level's drift, or null when Shopify holds what Orderflow expected. */
export function classifyDrift(level: LevelComparison): LevelDrift | null {
  const found = differences(level.expected, level.actual);
  if (found.length === 0) return null;
  const change = (name: QuantityName) => level.actual[name] - level.expected[name];
  let cause: DriftCause;
  if (level.unconfirmedWrites > 0) cause = "unconfirmed-write";
  else if (unchangedSinceRead(level)) cause = "unexplained";
  else if (change("committed") > 0 && change("available") === -change("committed") && change("on_hand") === 0) cause = "missed-order";
  else cause = "missed-update";
  return { cause, differences: found };
}

export const DRIFT_CAUSES: Record<DriftCause, { label: string; explain: (difference: number) => string }> = {
  "missed-order": {
    label: "Orders Orderflow did not hear about",
    explain: (difference) =>
      `Orders committed ${Math.abs(difference)} unit(s) on Shopify, and the inventory_levels/update webhooks for them never reached Orderflow.`,
  },
  "missed-update": {
    label: "Changed on Shopify, webhook missed",
    explain: (difference) =>
      `Shopify's count changed by ${difference > 0 ? "+" : ""}${difference} (in the admin, on POS or by another app) and no webhook for it reached Orderflow.`,
  },
  "unconfirmed-write": {
    label: "Orderflow change not confirmed",
    explain: () => "Orderflow asked Shopify for a change at this location that it never saw confirmed; it may or may not have been applied.",
  },
  unexplained: {
    label: "No recorded change explains it",
    explain: () => "Shopify's record of this level did not change since Orderflow last read it, yet the numbers differ.",
  },
};

/**
 * Restoring writes Orderflow's number back with inventorySetQuantities, which takes only
 * available and on_hand; units that orders committed are real sales and are never written back.
 */
export function canRestore(name: string, cause: DriftCause): boolean {
  return (SETTABLE_NAMES as readonly string[]).includes(name) && cause !== "missed-order";
}

export type DriftRule = "review" | "accept" | "restore";

export const DRIFT_RULES: Record<DriftRule, string> = {
  review: "Leave every drift for me to review",
  accept: "Take Shopify's number",
  restore: "Write Orderflow's number back to Shopify",
};

export interface OpenDrift {
  id: string;
  name: string;
  expected: number;
  actual: number;
  cause: DriftCause;
}

export interface DriftAction {
  id: string;
  action: "accept" | "restore";
}

/** What the shop's rule does with each open drift; drifts the rule does not cover stay open for review. */
export function planDriftRepairs(drifts: readonly OpenDrift[], rule: { driftRule: DriftRule; driftRuleMaxUnits: number | null }): DriftAction[] {
  if (rule.driftRule === "review") return [];
  return drifts.flatMap((drift): DriftAction[] => {
    const size = Math.abs(drift.actual - drift.expected);
    if (rule.driftRuleMaxUnits !== null && size > rule.driftRuleMaxUnits) return [];
    if (rule.driftRule === "restore") return canRestore(drift.name, drift.cause) ? [{ id: drift.id, action: "restore" }] : [];
    return [{ id: drift.id, action: "accept" }];
  });
}
