// The life of a bulk query operation: CREATED, then RUNNING through its objects at the shop's
// rate (bulkObjectsPerSecond, on the simulator's clock), then COMPLETED with its JSONL at a
// simulator URL and a bulk_operations/finish webhook. The objects are read when it starts.
import { randomBytes } from "node:crypto";
import type { BulkOperationRecord, ShopState, SimStore } from "./store";

/** From API version 2026-01 a shop runs up to five bulk queries at a time (shopify.dev, bulk operations). */
export const MAX_RUNNING_BULK_QUERIES = 5;

const rootCounts = new WeakMap<BulkOperationRecord, Uint32Array>();

export function runningBulkQueries(state: ShopState): BulkOperationRecord[] {
  return [...state.bulkOperations.values()].filter((operation) => operation.status === "CREATED" || operation.status === "RUNNING");
}

export function startBulkOperation(
  store: SimStore,
  state: ShopState,
  input: { query: string; groupObjects: boolean; lines: string[]; rootObjectCount: number },
): BulkOperationRecord {
  const operation: BulkOperationRecord = {
    id: store.nextId(),
    type: "QUERY",
    query: input.query,
    groupObjects: input.groupObjects,
    status: "CREATED",
    createdAt: store.now(),
    startedAtMs: store.clock.now(),
    completedAt: null,
    lines: input.lines,
    rootObjectCount: input.rootObjectCount,
    resultToken: randomBytes(16).toString("hex"),
  };
  // Running counts of root objects per line, so that progress reports both counts exactly.
  const counts = new Uint32Array(input.lines.length + 1);
  input.lines.forEach((line, index) => {
    counts[index + 1] = counts[index] + (line.includes('"__parentId"') ? 0 : 1);
  });
  rootCounts.set(operation, counts);
  state.bulkOperations.set(operation.id, operation);
  return operation;
}

/** How far the operation has got at the shop's rate (all of it once completed). */
export function bulkProgress(state: ShopState, operation: BulkOperationRecord, nowMs: number): { objectCount: number; rootObjectCount: number } {
  const total = operation.lines.length;
  const done =
    operation.status === "COMPLETED" ? total : Math.min(total, Math.floor(((nowMs - operation.startedAtMs) / 1000) * state.bulkObjectsPerSecond));
  return { objectCount: done, rootObjectCount: rootCounts.get(operation)?.[done] ?? 0 };
}

/** Moves every unfinished operation of the shop on to where the clock says it is, firing bulk_operations/finish for each that completes. */
export function tickBulkOperations(store: SimStore, state: ShopState): void {
  const now = store.clock.now();
  for (const operation of runningBulkQueries(state)) {
    if (now <= operation.startedAtMs) continue;
    operation.status = "RUNNING";
    if (bulkProgress(state, operation, now).objectCount < operation.lines.length) continue;
    operation.status = "COMPLETED";
    operation.completedAt = store.now();
    store.emit({ topic: "bulk_operations/finish", shop: state.domain, operationId: operation.id });
  }
}

export function bulkResultUrl(store: SimStore, operation: BulkOperationRecord): string | null {
  if (operation.status !== "COMPLETED" || operation.lines.length === 0) return null;
  return `${store.baseUrl}/_sim/bulk-results/${operation.resultToken}.jsonl`;
}

export function bulkResultBody(operation: BulkOperationRecord): string {
  return operation.lines.map((line) => `${line}\n`).join("");
}

export function findBulkResult(store: SimStore, token: string): BulkOperationRecord | undefined {
  for (const state of store.shops()) {
    for (const operation of state.bulkOperations.values()) {
      if (operation.resultToken === token && operation.status === "COMPLETED") return operation;
    }
  }
  return undefined;
}
