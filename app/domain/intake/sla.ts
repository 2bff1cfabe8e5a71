// How long an order's problems have been open, against the shop's SLA for resolving them.

export interface SlaState {
  ageMinutes: number;
  breached: boolean;
  /** Negative once breached. */
  remainingMinutes: number;
}

export function slaState(openedAt: Date, slaHours: number, now: Date): SlaState {
  const ageMinutes = Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 60_000));
  const remainingMinutes = slaHours * 60 - ageMinutes;
  return { ageMinutes, breached: remainingMinutes <= 0, remainingMinutes };
}

/** "45 min", "3 h 20 min", "2 d 4 h". */
export function describeAge(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const days = Math.floor(m / (24 * 60));
  const hours = Math.floor((m % (24 * 60)) / 60);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

export const AGE_FILTERS = ["any", "1h", "24h", "breached"] as const;
export type AgeFilter = (typeof AGE_FILTERS)[number];

/** Problems opened before this are as old as the filter asks; null for no limit. */
export function openedBefore(filter: AgeFilter, slaHours: number, now: Date): Date | null {
  const hours = { any: null, "1h": 1, "24h": 24, breached: slaHours }[filter];
  return hours === null ? null : new Date(now.getTime() - hours * 3_600_000);
}
