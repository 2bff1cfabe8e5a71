// What Orderflow would do with one fulfillment order: whether it may be fulfilled, the carrier
// engine's recommendation for its parcel, and whether bulk fulfilment may take it unseen.
import type { PreparedCatalog } from "../carriers/catalog";
import type { LaneBook } from "../carriers/lanes";
import { recommendCarrier, type MerchantSettings, type Recommendation, type ScoredOption } from "../carriers/recommend";
import { engineInput, type EngineInput } from "./engine-input";
import { fulfillability, type Fulfillability, type FulfillmentOrderSnapshot } from "./fulfillment-order";

export interface CarrierContext {
  prepared: PreparedCatalog | null;
  lanes: LaneBook;
  settings: MerchantSettings;
}

export interface FulfilmentPlan {
  fulfillmentOrder: FulfillmentOrderSnapshot;
  fulfillability: Fulfillability;
  input: EngineInput;
  recommendation: Recommendation | null;
  /** Why there is no carrier to ship with, when there is none. */
  blocker: string | null;
}

export function planFulfilment(fulfillmentOrder: FulfillmentOrderSnapshot, context: CarrierContext): FulfilmentPlan {
  const input = engineInput(fulfillmentOrder);
  const can = fulfillability(fulfillmentOrder);
  if (!input.ok)
    return { fulfillmentOrder, fulfillability: can, input, recommendation: null, blocker: `No carrier can be chosen: ${input.reason}.` };
  if (!context.prepared) {
    return {
      fulfillmentOrder,
      fulfillability: can,
      input,
      recommendation: null,
      blocker: "No carrier catalogue yet: import one on the Carriers page.",
    };
  }
  const recommendation = recommendCarrier({
    shipment: input.shipment,
    promise: input.promise,
    catalog: context.prepared,
    lanes: context.lanes,
    settings: context.settings,
  });
  return {
    fulfillmentOrder,
    fulfillability: can,
    input,
    recommendation,
    blocker: recommendation.winner ? null : `No carrier can take this parcel: ${recommendation.reason}.`,
  };
}

/** The option a fulfilment ships with: the one the merchant picked, else the engine's winner. */
export function chosenOption(plan: FulfilmentPlan, serviceId: string | null): { option: ScoredOption } | { error: string } {
  const recommendation = plan.recommendation;
  if (!recommendation?.winner) return { error: plan.blocker ?? "No carrier can take this parcel." };
  if (!serviceId) return { option: recommendation.winner };
  const option = recommendation.options.find((candidate) => candidate.serviceId === serviceId);
  if (option) return { option };
  const excluded = recommendation.excluded.find((candidate) => candidate.serviceId === serviceId);
  return {
    error: excluded ? `${serviceId} cannot take this parcel: it ${excluded.detail}.` : `${serviceId} is not in the carrier catalogue.`,
  };
}

/** Where intake stands on the order: checked or not, and its blocking problems still open. */
export type IntakeReadiness = { status: string; openBlocking: number } | null;

/**
 * Bulk fulfilment ships without a pack check, so it takes only orders nothing is wrong with: an
 * OPEN fulfillment order (never on hold, never part-fulfilled) of an order intake has checked and
 * found no open blocking problem in, with a carrier to ship with.
 */
export function bulkEligibility(plan: FulfilmentPlan, intake: IntakeReadiness): { ok: true } | { ok: false; reason: string } {
  if (!plan.fulfillability.ok) return plan.fulfillability;
  if (plan.fulfillmentOrder.status !== "OPEN") return { ok: false, reason: "it is part-fulfilled: finish it at the pack bench" };
  if (!intake) return { ok: false, reason: "intake has not checked the order yet" };
  if (intake.status === "cancelled") return { ok: false, reason: "the order is cancelled" };
  if (intake.openBlocking > 0) {
    return { ok: false, reason: `intake found ${intake.openBlocking} blocking problem${intake.openBlocking === 1 ? "" : "s"} still open` };
  }
  if (!plan.recommendation?.winner) return { ok: false, reason: plan.blocker ?? "no carrier can take it" };
  return { ok: true };
}
