import { describe, expect, it } from "vitest";
import { laterOf, needsRepair, nextSlot, reconcileSince, scheduledRunKey, scheduleStalled, updatedSinceQuery } from "./reconcile";

const now = new Date("2026-11-02T10:07:30Z");
const d = (iso: string) => new Date(iso);

describe("reconciliation window", () => {
  it("GIVEN no watermark THEN the first run looks back a day", () => {
    expect(reconcileSince(null, now)).toEqual(d("2026-11-01T10:07:30Z"));
  });

  it("GIVEN a watermark THEN the run starts five minutes before it", () => {
    expect(reconcileSince(d("2026-11-02T09:00:00Z"), now)).toEqual(d("2026-11-02T08:55:00Z"));
  });

  it("writes Shopify's search term with a quoted ISO time", () => {
    expect(updatedSinceQuery(d("2026-11-02T08:55:00.000Z"))).toBe("updated_at:>='2026-11-02T08:55:00Z'");
  });

  it("keeps the later watermark", () => {
    expect(laterOf(null, d("2026-11-02T09:00:00Z"))).toEqual(d("2026-11-02T09:00:00Z"));
    expect(laterOf(d("2026-11-02T10:00:00Z"), d("2026-11-02T09:00:00Z"))).toEqual(d("2026-11-02T10:00:00Z"));
    expect(laterOf(d("2026-11-02T10:00:00Z"), null)).toEqual(d("2026-11-02T10:00:00Z"));
  });
});

describe("needsRepair", () => {
  const v1 = d("2026-11-02T09:00:00Z");
  const v2 = d("2026-11-02T09:05:00Z");
  it.each([
    ["the app never stored the order", { snapshotVersion: null, evaluatedVersion: null }, true],
    ["the app stored an older version", { snapshotVersion: v1, evaluatedVersion: v1 }, true],
    ["the latest version is stored but its evaluation never finished", { snapshotVersion: v2, evaluatedVersion: v1 }, true],
    ["the latest version is stored and evaluated", { snapshotVersion: v2, evaluatedVersion: v2 }, false],
  ])("GIVEN %s THEN %s", (_, stored, expected) => {
    expect(needsRepair(v2, stored)).toBe(expected);
  });
});

describe("the schedule", () => {
  const interval = 15 * 60_000;
  it("keys a scheduled run by shop and slot, so two schedulers schedule one run", () => {
    expect(scheduledRunKey("a.myshopify.com", d("2026-11-02T10:15:00Z"), interval)).toBe("reconcile:a.myshopify.com:2026-11-02T10:15:00.000Z");
    expect(scheduledRunKey("a.myshopify.com", d("2026-11-02T10:29:59Z"), interval)).toBe("reconcile:a.myshopify.com:2026-11-02T10:15:00.000Z");
  });

  it("runs next at the start of the next slot", () => {
    expect(nextSlot(now, interval)).toEqual(d("2026-11-02T10:15:00Z"));
  });

  it("restarts a chain that has no next run or is two intervals late", () => {
    expect(scheduleStalled(null, now, interval)).toBe(true);
    expect(scheduleStalled(d("2026-11-02T10:15:00Z"), now, interval)).toBe(false);
    expect(scheduleStalled(d("2026-11-02T09:30:00Z"), now, interval)).toBe(true);
  });
});
