// Reconciliation: Shopify does not promise to deliver every webhook, so a periodic run reads the
// orders updated since a per-shop watermark and repairs those the app has not seen at their
// latest version.
import { nextSlot, slotKey } from "../schedule";

/** Shopify may deliver a webhook up to a day late; a shop's first run looks back that far. */
export const FIRST_RUN_LOOKBACK_MS = 24 * 60 * 60_000;
/** Each run re-reads a little before the watermark: an update that committed late but carries an earlier updated_at is not skipped. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

export function reconcileSince(watermark: Date | null, now: Date): Date {
  return watermark ? new Date(watermark.getTime() - WATERMARK_OVERLAP_MS) : new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
}

/** The orders query's search term (Shopify's search syntax, ISO time quoted). */
export function updatedSinceQuery(since: Date): string {
  return `updated_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
}

/**
 * An order needs repair when the app has no snapshot of its latest version, or has not finished
 * evaluating that version (the webhook for it, or the job working it, was lost).
 */
export function needsRepair(shopifyUpdatedAt: Date, stored: { snapshotVersion: Date | null; evaluatedVersion: Date | null }): boolean {
  const latest = shopifyUpdatedAt.getTime();
  return (
    !stored.snapshotVersion ||
    stored.snapshotVersion.getTime() < latest ||
    !stored.evaluatedVersion ||
    stored.evaluatedVersion.getTime() < latest
  );
}

export function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

/** The scheduled run's job key: one per shop and interval slot (app/domain/schedule.ts). */
export function scheduledRunKey(shop: string, runAt: Date, intervalMs: number): string {
  return slotKey("reconcile", shop, runAt, intervalMs);
}

export { nextSlot };

/** A chain whose next run is this late has stopped (its job died); it is restarted. */
export function scheduleStalled(nextRunAt: Date | null, now: Date, intervalMs: number): boolean {
  return !nextRunAt || now.getTime() - nextRunAt.getTime() > 2 * intervalMs;
}
