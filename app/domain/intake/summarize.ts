import type { Finding } from "./findings";
import type { ErrorClass, Severity } from "./types";

export interface FindingSummary {
  total: number;
  blocking: boolean;
  bySeverity: Record<Severity, number>;
  byErrorClass: Record<ErrorClass, Record<Severity, number> & { total: number }>;
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const counts = () => ({ block: 0, warn: 0, info: 0 });
  const summary: FindingSummary = {
    total: findings.length,
    blocking: false,
    bySeverity: counts(),
    byErrorClass: {
      customer: { ...counts(), total: 0 },
      fulfillment: { ...counts(), total: 0 },
      shipping: { ...counts(), total: 0 },
    },
  };
  for (const finding of findings) {
    summary.bySeverity[finding.severity] += 1;
    summary.byErrorClass[finding.errorClass][finding.severity] += 1;
    summary.byErrorClass[finding.errorClass].total += 1;
  }
  summary.blocking = summary.bySeverity.block > 0;
  return summary;
}
