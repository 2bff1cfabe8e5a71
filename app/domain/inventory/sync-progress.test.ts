import { describe, expect, it } from "vitest";
import { type SyncCounts, syncProgress } from "./sync-progress";

const sync = (overrides: Partial<SyncCounts>): SyncCounts => ({ status: "running", objectCount: 0, importedObjects: 0, expectedObjects: null, ...overrides });

describe("syncProgress", () => {
  it.each<[string, Partial<SyncCounts>, number | null, boolean]>([
    ["just asked for", { status: "requested" }, 0, true],
    ["a first sync reading (nothing to measure against)", { objectCount: 1200 }, null, true],
    ["reading, half of what the last sync read", { objectCount: 20_000, expectedObjects: 40_000 }, 25, true],
    ["reading more than last time", { objectCount: 50_000, expectedObjects: 40_000 }, 50, true],
    ["importing, a quarter done", { status: "importing", objectCount: 40_000, importedObjects: 10_000 }, 62, true],
    ["done", { status: "completed", objectCount: 40_000, importedObjects: 40_000 }, 100, false],
    ["failed", { status: "failed" }, null, false],
  ])("%s → %s %%", (_, overrides, percent, active) => {
    const progress = syncProgress(sync(overrides));
    expect(progress.percent).toBe(percent);
    expect(progress.active).toBe(active);
  });

  it("says what it is doing in figures", () => {
    expect(syncProgress(sync({ objectCount: 20_000, expectedObjects: 40_000 })).label).toBe("Shopify has read 20,000 of about 40,000 objects");
  });
});
