// Where an order stands in Orderflow's intake, derived from what is stored, never set by hand.

export const INTAKE_TAG = "orderflow:received";

export type IntakeStatus = "received" | "tagged" | "cancelled";

export function intakeStatus(order: { cancelledAt: Date | null; taggedAt: Date | null }): IntakeStatus {
  if (order.cancelledAt) return "cancelled";
  if (order.taggedAt) return "tagged";
  return "received";
}

/** True when `incoming` is at least as new as what is stored: an older read never overwrites a newer one. */
export function isNewerOrSame(incomingUpdatedAt: Date, storedUpdatedAt: Date | null | undefined): boolean {
  return !storedUpdatedAt || incomingUpdatedAt.getTime() >= storedUpdatedAt.getTime();
}

export function needsIntakeTag(tags: readonly string[]): boolean {
  return !tags.includes(INTAKE_TAG);
}
