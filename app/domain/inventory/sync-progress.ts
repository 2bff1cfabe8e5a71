// How far a full sync has got, for the progress bar: Shopify reads the objects (its running
// count against what the last sync read), then Orderflow imports the lines it wrote.

export type SyncStatus = "requested" | "running" | "importing" | "completed" | "failed";

export interface SyncCounts {
  status: SyncStatus;
  objectCount: number;
  importedObjects: number;
  expectedObjects: number | null;
}

export interface SyncProgress {
  /** 0–100; null when there is nothing to measure against yet (a first sync still reading). */
  percent: number | null;
  label: string;
  active: boolean;
}

// Reading on Shopify's side is the first half of the bar, importing the second.
const READ_SHARE = 50;

export function syncProgress(sync: SyncCounts): SyncProgress {
  switch (sync.status) {
    case "requested":
      return { percent: 0, label: "Starting a bulk read on Shopify…", active: true };
    case "running": {
      const expected = sync.expectedObjects;
      const read = `Shopify has read ${sync.objectCount.toLocaleString("en-US")}${expected ? ` of about ${expected.toLocaleString("en-US")}` : ""} objects`;
      return { percent: expected ? Math.min(READ_SHARE, Math.floor((sync.objectCount / expected) * READ_SHARE)) : null, label: read, active: true };
    }
    case "importing": {
      const total = Math.max(sync.objectCount, 1);
      return {
        percent: READ_SHARE + Math.min(100 - READ_SHARE, Math.floor((sync.importedObjects / total) * (100 - READ_SHARE))),
        label: `Imported ${sync.importedObjects.toLocaleString("en-US")} of ${sync.objectCount.toLocaleString("en-US")} objects`,
        active: true,
      };
    }
    case "completed":
      return { percent: 100, label: `Synced ${sync.importedObjects.toLocaleString("en-US")} objects`, active: false };
    case "failed":
      return { percent: null, label: "The sync failed", active: false };
  }
}
