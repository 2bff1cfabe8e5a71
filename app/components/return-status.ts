import type { ReturnStatus } from "../domain/returns";

/** How each stage of a return shows on the queue and the return's page. */
export const STATUS_BADGE: Record<ReturnStatus, { tone?: "info" | "success" | "critical" | "attention" | "warning"; label: string }> = {
  requested: { tone: "attention", label: "Awaiting approval" },
  declined: { tone: "critical", label: "Declined" },
  approved: { tone: "info", label: "Approved" },
  pickup_scheduled: { tone: "info", label: "Pickup scheduled" },
  in_transit: { tone: "info", label: "In transit" },
  partially_received: { tone: "warning", label: "Partly received" },
  received: { tone: "warning", label: "To inspect" },
  inspected: { tone: "warning", label: "To resolve" },
  resolved: { tone: "success", label: "Resolved" },
  closed: { label: "Closed" },
  cancelled: { label: "Cancelled" },
};
