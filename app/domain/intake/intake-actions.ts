import type { Finding } from "./findings";
import type { FindingStatus } from "./finding-changes";
import { holdPlan } from "./hold-plan";
import type { ErrorClass, FulfillmentHoldReason } from "./types";

// What Orderflow does on Shopify after an evaluation: derived from the findings and the holds
// Shopify reports, so running it again changes nothing once Shopify matches.

/** The handle of Orderflow's hold: Shopify keeps handles unique per app and fulfillment order. */
export const HOLD_HANDLE = "orderflow-intake";
export const HOLD_TAG = "orderflow:hold";
export const CLASS_TAGS: Record<ErrorClass, string> = {
  customer: "orderflow:customer-error",
  fulfillment: "orderflow:fulfillment-error",
  shipping: "orderflow:shipping-error",
};
const MANAGED_TAGS = [HOLD_TAG, ...Object.values(CLASS_TAGS)];

export type IntakeStatus = "clear" | "review" | "held" | "cancelled";

export interface FulfillmentOrderHolds {
  id: string;
  /** Shopify's FulfillmentOrderStatus. */
  status: string;
  holds: ReadonlyArray<{ id: string; handle: string | null; reason: string }>;
}

export interface CurrentFinding extends Finding {
  status: FindingStatus;
}

export interface IntakePlanInput {
  cancelled: boolean;
  /** The findings of this evaluation with the status each now has (open or overridden). */
  findings: readonly CurrentFinding[];
  fulfillmentOrders: readonly FulfillmentOrderHolds[];
  tags: readonly string[];
}

export interface IntakePlan {
  status: IntakeStatus;
  hold: { reason: FulfillmentHoldReason; note: string; fulfillmentOrderIds: string[] } | null;
  release: Array<{ fulfillmentOrderId: string; holdId: string }>;
  tagsAdd: string[];
  tagsRemove: string[];
  /** The hold reason the order is (or stays) held for. */
  holdReason: FulfillmentHoldReason | null;
}

// A hold can go on an order that is open or already held (several holds stack); not on one in
// progress, closed, cancelled or scheduled.
const HOLDABLE = new Set(["OPEN", "ON_HOLD"]);

export function ownHold(fulfillmentOrder: FulfillmentOrderHolds) {
  return fulfillmentOrder.holds.find((hold) => hold.handle === HOLD_HANDLE);
}

export function planIntakeActions(input: IntakePlanInput): IntakePlan {
  const open = input.findings.filter((finding) => finding.status === "open");
  const plan = input.cancelled ? null : holdPlan(open);
  const release: IntakePlan["release"] = [];
  const holdIds: string[] = [];
  let held = false;

  for (const fulfillmentOrder of input.fulfillmentOrders) {
    const own = ownHold(fulfillmentOrder);
    if (!plan || !HOLDABLE.has(fulfillmentOrder.status)) {
      if (own && !input.cancelled) release.push({ fulfillmentOrderId: fulfillmentOrder.id, holdId: own.id });
      continue;
    }
    held = true;
    if (own && own.reason === plan.reason) continue;
    // A hold for another reason is replaced, so Shopify's admin names the problem that remains.
    if (own) release.push({ fulfillmentOrderId: fulfillmentOrder.id, holdId: own.id });
    holdIds.push(fulfillmentOrder.id);
  }

  const desired = new Set<string>();
  if (held) desired.add(HOLD_TAG);
  if (!input.cancelled) {
    for (const finding of open) if (finding.severity !== "info") desired.add(CLASS_TAGS[finding.errorClass]);
  }
  const current = new Set(input.tags);
  const status: IntakeStatus = input.cancelled
    ? "cancelled"
    : held
      ? "held"
      : open.some((finding) => finding.severity !== "info")
        ? "review"
        : "clear";
  return {
    status,
    hold: plan && holdIds.length > 0 ? { reason: plan.reason, note: plan.note, fulfillmentOrderIds: holdIds } : null,
    release,
    tagsAdd: [...desired].filter((tag) => !current.has(tag)),
    tagsRemove: MANAGED_TAGS.filter((tag) => current.has(tag) && !desired.has(tag)),
    holdReason: held && plan ? plan.reason : null,
  };
}

/**
 * True when Orderflow's hold was on (heldAt, read after Shopify was read) before this read began,
 * yet Shopify shows none: someone released it in Shopify's admin. Orderflow clears heldAt before it
 * releases and sets it only after its hold is on, so its own actions never look like this.
 */
export function releasedOutsideOrderflow(
  fulfillmentOrders: readonly FulfillmentOrderHolds[],
  heldAt: Date | null,
  readStartedAt: Date,
): boolean {
  if (!heldAt || heldAt.getTime() >= readStartedAt.getTime()) return false;
  return !fulfillmentOrders.some((fulfillmentOrder) => ownHold(fulfillmentOrder));
}
