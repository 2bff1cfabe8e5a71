// Periodic per-shop work (reconciliation, the inventory full sync). Time is cut into slots of the
// interval; a slot's job has one key, so every process that makes sure a run is scheduled — an
// install, a page load, the previous run — schedules the same one and the queue keeps it once.

/** The start of the slot `at` falls in. */
export function slotStart(at: Date, intervalMs: number): Date {
  return new Date(Math.floor(at.getTime() / intervalMs) * intervalMs);
}

/** When the next scheduled run is due: the start of the next slot. */
export function nextSlot(now: Date, intervalMs: number): Date {
  return new Date(slotStart(now, intervalMs).getTime() + intervalMs);
}

/** The job key of the run of `work` for `shop` in the slot `runAt` falls in. */
export function slotKey(work: string, shop: string, runAt: Date, intervalMs: number): string {
  return `${work}:${shop}:${slotStart(runAt, intervalMs).toISOString()}`;
}
