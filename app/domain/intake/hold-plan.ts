import type { Finding, FindingCode } from "./findings";
import type { FulfillmentHoldReason } from "./types";

export interface HoldPlan {
  reason: FulfillmentHoldReason;
  /** For fulfillmentOrderHold's reasonNotes: what stops the order, in the merchant's words. */
  note: string;
  codes: FindingCode[];
}

// A wrong address is the one the customer must fix and the one that costs a parcel if it ships, so
// its reason names the hold; stock comes next; everything else is OTHER.
const REASON_PRIORITY: readonly FulfillmentHoldReason[] = ["INCORRECT_ADDRESS", "INVENTORY_OUT_OF_STOCK", "OTHER"];

/** The hold to put the order's fulfillment orders on, or null when nothing blocks it. */
export function holdPlan(findings: readonly Finding[]): HoldPlan | null {
  const blocking = findings.filter((finding) => finding.severity === "block");
  if (blocking.length === 0) return null;
  const rank = (finding: Finding) => {
    const at = REASON_PRIORITY.indexOf(finding.holdReason);
    return at === -1 ? REASON_PRIORITY.length : at;
  };
  const first = blocking.reduce((top, finding) => (rank(finding) < rank(top) ? finding : top));
  const ordered = [first, ...blocking.filter((finding) => finding !== first)];
  const note =
    ordered.length === 1
      ? `Held by Orderflow: ${first.message}`
      : `Held by Orderflow (${ordered.length} problems): ${ordered.map((finding) => finding.message).join(" ")}`;
  return { reason: first.holdReason, note, codes: [...new Set(ordered.map((finding) => finding.code))] };
}
