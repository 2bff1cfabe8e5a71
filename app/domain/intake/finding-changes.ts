import type { Finding } from "./findings";

// How a fresh evaluation changes what is stored: a finding is one (code, field) of one order, so
// the same problem seen again is the same finding, and one that went away is resolved, not deleted.

export type FindingStatus = "open" | "resolved" | "overridden";

export interface StoredFinding {
  id: string;
  code: string;
  field: string;
  /** A FindingStatus as stored (text). */
  status: string;
}

export interface FindingChanges<S extends StoredFinding> {
  /** Never seen before. */
  create: Finding[];
  /** Still there: its text and severity follow the rules, its status stays (an override holds). */
  refresh: Array<{ stored: S; finding: Finding }>;
  /** Resolved earlier and back again. */
  reopen: Array<{ stored: S; finding: Finding }>;
  /** Open or overridden, and no longer found. */
  resolve: S[];
}

export const findingKey = (finding: { code: string; field: string }) => `${finding.code}|${finding.field}`;

export function diffFindings<S extends StoredFinding>(stored: readonly S[], fresh: readonly Finding[]): FindingChanges<S> {
  const byKey = new Map(stored.map((row) => [findingKey(row), row]));
  const seen = new Set<string>();
  const changes: FindingChanges<S> = { create: [], refresh: [], reopen: [], resolve: [] };
  for (const finding of fresh) {
    const key = findingKey(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    const row = byKey.get(key);
    if (!row) changes.create.push(finding);
    else if (row.status === "resolved") changes.reopen.push({ stored: row, finding });
    else changes.refresh.push({ stored: row, finding });
  }
  changes.resolve = stored.filter((row) => row.status !== "resolved" && !seen.has(findingKey(row)));
  return changes;
}
