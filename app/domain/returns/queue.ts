// The returns queue's filters and service levels: what the merchant picks on the page, as the
// filters the returns service takes, and which returns have waited too long.
import { z } from "zod";
import { minorDigits } from "./money";
import type { ReturnStatus } from "./return-model";

/** Days a return may wait, counted from the request: for a decision, and to be resolved. */
export const RETURN_SLA_DAYS = { decision: 2, resolution: 14 } as const;

export const QUEUE_TABS = [
  { id: "all", label: "All open", statuses: null },
  { id: "requested", label: "Awaiting approval", statuses: ["requested"] },
  { id: "approved", label: "Approved", statuses: ["approved"] },
  { id: "pickup_scheduled", label: "Pickup scheduled", statuses: ["pickup_scheduled"] },
  { id: "in_transit", label: "In transit", statuses: ["in_transit"] },
  { id: "received", label: "To inspect", statuses: ["partially_received", "received"] },
  { id: "inspected", label: "To resolve", statuses: ["inspected"] },
  { id: "resolved", label: "Resolved", statuses: ["resolved", "closed"] },
  { id: "declined", label: "Declined", statuses: ["declined", "cancelled"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; statuses: readonly ReturnStatus[] | null }>;

export type QueueTab = (typeof QUEUE_TABS)[number]["id"];

export const OPEN_STATUSES: readonly ReturnStatus[] = ["requested", "approved", "pickup_scheduled", "in_transit", "partially_received", "received", "inspected"];

export const AGE_FILTERS = ["any", "2d", "7d", "overdue"] as const;
export const VALUE_FILTERS = ["any", "under-50", "50-200", "over-200"] as const;

export const queueQuerySchema = z.object({
  tab: z.enum(QUEUE_TABS.map((tab) => tab.id) as [QueueTab, ...QueueTab[]]).catch("all"),
  reason: z.string().trim().max(64).catch(""),
  age: z.enum(AGE_FILTERS).catch("any"),
  value: z.enum(VALUE_FILTERS).catch("any"),
  q: z.string().trim().max(100).catch(""),
});

export type QueueQuery = z.output<typeof queueQuerySchema>;

/**
 * What listReturns is asked for. The service filters by one status; a tab that covers several
 * asks for all and keeps its own with inTab.
 */
export function queueFilters(query: QueueQuery, currencyCode: string) {
  const statuses = tabStatuses(query.tab);
  const major = (amount: number) => amount * 10 ** minorDigits(currencyCode);
  const value =
    query.value === "under-50"
      ? { maxValue: major(50) - 1 }
      : query.value === "50-200"
        ? { minValue: major(50), maxValue: major(200) }
        : query.value === "over-200"
          ? { minValue: major(200) + 1 }
          : {};
  return {
    status: statuses.length === 1 ? statuses[0] : null,
    reason: query.reason || null,
    minAgeDays: query.age === "2d" ? 2 : query.age === "7d" ? 7 : null,
    search: query.q || null,
    ...value,
  };
}

export function tabStatuses(tab: QueueTab): readonly ReturnStatus[] {
  return QUEUE_TABS.find((candidate) => candidate.id === tab)!.statuses ?? OPEN_STATUSES;
}

/** Whether a listed return belongs on the page: in the tab, and past its service level when that is asked for. */
export function inQueue(query: QueueQuery, row: { status: ReturnStatus; ageDays: number }): boolean {
  return tabStatuses(query.tab).includes(row.status) && (query.age !== "overdue" || daysOverdue(row.status, row.ageDays) !== null);
}

/** Days past the service level, or null while within it; decided and finished returns have none. */
export function daysOverdue(status: ReturnStatus, ageDays: number): number | null {
  const limit = status === "requested" ? RETURN_SLA_DAYS.decision : OPEN_STATUSES.includes(status) ? RETURN_SLA_DAYS.resolution : null;
  return limit !== null && ageDays > limit ? ageDays - limit : null;
}
