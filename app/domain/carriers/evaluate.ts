// Replays a shop's shipment history to compare the engine with simple policies: it learns lanes
// from the earlier part, then on each later shipment asks every policy what it would have picked
// among the rate card's options and scores the pick by what that option would have delivered.
// The history CSV format and the counterfactual method are described in bench/carriers/FORMAT.md
// and in COUNTERFACTUAL_METHOD below, which the report prints.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import {
  feasibleOptions,
  idSchema,
  MODES,
  PRIORITIES,
  type FeasibleQuote,
  type Mode,
  type Parsed,
  type PreparedCatalog,
  type Priority,
  type Shipment,
} from "./catalog";
import { cell, cellProblems, readCsv, type CsvProblem } from "./csv";
import { emptyLaneBook, laneKey, OUTCOMES, recordShipment, type LaneRef, type Outcome } from "./lanes";
import { formatMoney, recommendCarrier, type MerchantSettings } from "./recommend";

export const HISTORY_COLUMNS = [
  "shipped_at",
  "origin",
  "dest_country",
  "dest_region",
  "dest_postal",
  "carrier",
  "service",
  "mode",
  "priority",
  "weight_kg",
  "cod",
  "cost",
  "promised_days",
  "actual_days",
  "outcome",
] as const;

export interface HistoryRow {
  line: number;
  shippedAt: string;
  origin: string;
  country: string;
  region: string | null;
  postal: string | null;
  carrierId: string;
  serviceId: string;
  mode: Mode;
  priority: Priority;
  weightKg: number;
  /** The amount collected on delivery; 0 for a prepaid order. */
  codAmount: number;
  cost: number;
  promisedDays: number;
  /** Null when the parcel never arrived. */
  actualDays: number | null;
  outcome: Outcome;
}

const wholeDays = (v: number | null) => v === null || (Number.isInteger(v) && v >= 0);

const historyRowSchema = z
  .object({
    shipped_at: cell.text.refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date or timestamp"),
    origin: cell.text.pipe(idSchema),
    dest_country: cell.code.pipe(z.string().regex(/^[A-Z]{2}$/, "use a two-letter ISO country code such as IN")),
    dest_region: cell.optionalCode,
    dest_postal: cell.optionalPostal,
    carrier: cell.text,
    service: cell.text,
    mode: cell.oneOf(MODES),
    priority: cell.oneOf(PRIORITIES),
    weight_kg: cell.number.refine((v) => v > 0, "must be more than 0"),
    cod: cell.number.refine((v) => v >= 0, "must be 0 (prepaid) or the amount collected"),
    cost: cell.number.refine((v) => v >= 0, "must not be negative"),
    promised_days: cell.number.refine(wholeDays, "must be a whole number of days"),
    actual_days: cell.optionalNumber.refine(wholeDays, "must be a whole number of days"),
    outcome: cell.oneOf(OUTCOMES),
  })
  .superRefine((row, ctx) => {
    if (row.outcome === "rto" && row.actual_days !== null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["actual_days"], message: "must be empty for a parcel returned to origin" });
    }
    if ((row.outcome === "delivered" || row.outcome === "damaged") && row.actual_days === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["actual_days"], message: `is required when the outcome is ${row.outcome}` });
    }
  });

/** Reads a shipment history; every problem comes back with its line and column. */
export function parseHistoryCsv(csv: string): Parsed<HistoryRow[], CsvProblem> {
  const read = readCsv(csv, HISTORY_COLUMNS, HISTORY_COLUMNS.filter((c) => c !== "dest_region" && c !== "dest_postal"));
  if (!read.ok) return { ok: false, errors: read.problems };
  const errors = [...read.problems];
  const rows: HistoryRow[] = [];
  for (const { cells, line } of read.records) {
    const parsed = historyRowSchema.safeParse(cells);
    if (!parsed.success) {
      errors.push(...cellProblems(line, parsed.error));
      continue;
    }
    const r = parsed.data;
    rows.push({
      line,
      shippedAt: r.shipped_at,
      origin: r.origin,
      country: r.dest_country,
      region: r.dest_region,
      postal: r.dest_postal,
      carrierId: r.carrier,
      serviceId: r.service,
      mode: r.mode,
      priority: r.priority,
      weightKg: r.weight_kg,
      codAmount: r.cod,
      cost: r.cost,
      promisedDays: r.promised_days,
      actualDays: r.actual_days,
      outcome: r.outcome,
    });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, value: rows };
}

export function formatHistoryCsv(rows: readonly Omit<HistoryRow, "line">[]): string {
  return stringify(
    rows.map((r) => [
      r.shippedAt,
      r.origin,
      r.country,
      r.region,
      r.postal,
      r.carrierId,
      r.serviceId,
      r.mode,
      r.priority,
      r.weightKg,
      r.codAmount,
      r.cost,
      r.promisedDays,
      r.actualDays,
      r.outcome,
    ]),
    { header: true, columns: [...HISTORY_COLUMNS] },
  );
}

const MIN_LANE_POOL = 3;

export const COUNTERFACTUAL_METHOD = [
  "Lanes are learned from the first part of the history only; the engine does not learn during the test part.",
  "Every policy picks among the services the rate card offers for each test shipment, and is charged the rate card's quote",
  "(the history's cost column is used only by the 'as shipped' row). When a policy picks the service that was actually",
  "shipped, the shipment's observed outcome counts. Otherwise its outcome is estimated as the average over test-period",
  `shipments of the same origin, destination region and service (when there are at least ${MIN_LANE_POOL}), else of the same origin`,
  "and service in any region, else of the service anywhere, judged against this shipment's own promise. Shipments with no",
  "such data are left out of that policy's figures (column 'unscored'). The estimate assumes a lane's outcomes do not depend",
  "on which parcels it carried (no weight, day-of-week or volume effects), so it can flatter policies that would have",
  "moved much volume onto one lane.",
].join("\n");

interface Observed {
  actualDays: number | null;
  outcome: Outcome;
}

interface Scores {
  onTime: number;
  failed: number;
  damaged: number;
}

function scoresOf(pool: readonly Observed[], promisedDays: number): Scores {
  const score: Scores = { onTime: 0, failed: 0, damaged: 0 };
  for (const o of pool) {
    if (o.outcome !== "rto" && o.actualDays !== null && o.actualDays <= promisedDays) score.onTime += 1;
    if (o.outcome === "failed" || o.outcome === "rto") score.failed += 1;
    if (o.outcome === "damaged") score.damaged += 1;
  }
  return { onTime: score.onTime / pool.length, failed: score.failed / pool.length, damaged: score.damaged / pool.length };
}

export interface PolicyResult {
  policy: string;
  shipments: number;
  onTimeRate: number;
  meanCost: number;
  failedRate: number;
  damageRate: number;
  /** Share of its picks whose outcome was observed (the service actually shipped). */
  observedShare: number;
  /** Picks with no test-period data to estimate from; left out of the figures. */
  unscored: number;
  /** Shipments where the policy had no pick of its own and took the cheapest option. */
  fallbacks: number;
}

export interface Evaluation {
  trained: number;
  tested: number;
  /** Test shipments no service in the rate card can take; left out for every policy. */
  skipped: { line: number; reason: string }[];
  defaultServiceId: string;
  policies: PolicyResult[];
}

export interface EvaluationInput {
  history: readonly HistoryRow[];
  catalog: PreparedCatalog;
  settings: MerchantSettings;
  /** Share of the history, in time order, to learn from. */
  trainFraction?: number;
  /** The merchant's default service; the most used service in the history when not given. */
  defaultServiceId?: string | null;
}

function laneOf(row: HistoryRow, serviceId: string): LaneRef {
  return { direction: "forward", locationId: row.origin, country: row.country, region: row.region, serviceId };
}

function shipmentOf(row: HistoryRow): Shipment {
  return {
    direction: "forward",
    locationId: row.origin,
    address: { country: row.country, region: row.region, postalCode: row.postal, poBox: false },
    weightKg: row.weightKg,
    dimensionsCm: null,
    declaredValue: row.codAmount,
    codAmount: row.codAmount,
    fragile: false,
  };
}

function mostUsedService(history: readonly HistoryRow[]): string {
  const uses = new Map<string, number>();
  for (const row of history) uses.set(row.serviceId, (uses.get(row.serviceId) ?? 0) + 1);
  return [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

function cheapest(options: readonly FeasibleQuote[]): FeasibleQuote {
  return options.reduce((best, o) =>
    o.cost.total < best.cost.total || (o.cost.total === best.cost.total && (o.transitDays < best.transitDays || (o.transitDays === best.transitDays && o.serviceId < best.serviceId)))
      ? o
      : best,
  );
}

function fastest(options: readonly FeasibleQuote[]): FeasibleQuote {
  return options.reduce((best, o) =>
    o.transitDays < best.transitDays || (o.transitDays === best.transitDays && (o.cost.total < best.cost.total || (o.cost.total === best.cost.total && o.serviceId < best.serviceId)))
      ? o
      : best,
  );
}

class Tally {
  shipments = 0;
  onTime = 0;
  failed = 0;
  damaged = 0;
  cost = 0;
  observed = 0;
  unscored = 0;
  fallbacks = 0;

  add(scores: Scores, cost: number, observed: boolean): void {
    this.shipments += 1;
    this.onTime += scores.onTime;
    this.failed += scores.failed;
    this.damaged += scores.damaged;
    this.cost += cost;
    if (observed) this.observed += 1;
  }

  result(policy: string): PolicyResult {
    const n = Math.max(1, this.shipments);
    return {
      policy,
      shipments: this.shipments,
      onTimeRate: this.onTime / n,
      meanCost: this.cost / n,
      failedRate: this.failed / n,
      damageRate: this.damaged / n,
      observedShare: this.observed / n,
      unscored: this.unscored,
      fallbacks: this.fallbacks,
    };
  }
}

export function evaluatePolicies(input: EvaluationInput): Evaluation {
  const { catalog, settings } = input;
  const history = [...input.history].sort((a, b) => Date.parse(a.shippedAt) - Date.parse(b.shippedAt) || a.line - b.line);
  const cut = Math.floor(history.length * (input.trainFraction ?? 0.7));
  const train = history.slice(0, cut);
  const test = history.slice(cut);
  const defaultServiceId = input.defaultServiceId ?? mostUsedService(history);

  const lanes = emptyLaneBook();
  for (const row of train) {
    recordShipment(lanes, { lane: laneOf(row, row.serviceId), promisedDays: row.promisedDays, transitDays: row.actualDays, outcome: row.outcome });
  }

  const pools = new Map<string, Observed[]>();
  const pool = (key: string) => pools.get(key) ?? [];
  for (const row of test) {
    for (const key of [laneKey(laneOf(row, row.serviceId)), `${row.origin}|${row.serviceId}`, row.serviceId]) {
      let list = pools.get(key);
      if (!list) pools.set(key, (list = []));
      list.push({ actualDays: row.actualDays, outcome: row.outcome });
    }
  }

  const policies = ["engine", "always cheapest", "always fastest", `default service (${defaultServiceId})`] as const;
  const tallies = new Map<string, Tally>([...policies, "as shipped"].map((p) => [p, new Tally()]));
  const skipped: Evaluation["skipped"] = [];

  for (const row of test) {
    const shipment = shipmentOf(row);
    const { feasible } = feasibleOptions(catalog, shipment);
    if (feasible.length === 0) {
      skipped.push({ line: row.line, reason: "no service in the rate card can take it" });
      continue;
    }
    const winner = recommendCarrier({ shipment, promise: { days: row.promisedDays }, catalog, lanes, settings }).winner;
    const picks: [string, FeasibleQuote | undefined][] = [
      [policies[0], feasible.find((o) => o.serviceId === winner?.serviceId)],
      [policies[1], cheapest(feasible)],
      [policies[2], fastest(feasible)],
      [policies[3], feasible.find((o) => o.serviceId === defaultServiceId)],
    ];
    for (const [policy, pick] of picks) {
      const tally = tallies.get(policy)!;
      const option = pick ?? cheapest(feasible);
      if (!pick) tally.fallbacks += 1;
      if (option.serviceId === row.serviceId) {
        tally.add(scoresOf([row], row.promisedDays), option.cost.total, true);
        continue;
      }
      const lane = pool(laneKey(laneOf(row, option.serviceId)));
      const wider = [lane.length >= MIN_LANE_POOL ? lane : [], pool(`${row.origin}|${option.serviceId}`), pool(option.serviceId)];
      const data = wider.find((candidate) => candidate.length > 0);
      if (!data) {
        tally.unscored += 1;
        continue;
      }
      tally.add(scoresOf(data, row.promisedDays), option.cost.total, false);
    }
    tallies.get("as shipped")!.add(scoresOf([row], row.promisedDays), row.cost, true);
  }

  return {
    trained: train.length,
    tested: test.length,
    skipped,
    defaultServiceId,
    policies: [...tallies].map(([policy, tally]) => tally.result(policy)),
  };
}

/** The evaluation as a Markdown table, followed by the method. */
export function formatEvaluation(evaluation: Evaluation, currency: string, locale = "en"): string {
  const pct = (p: number) => `${(p * 100).toFixed(1)} %`;
  const header = ["policy", "shipments", "on-time rate", "mean cost", "failed/RTO rate", "damage rate", "observed", "unscored", "fallbacks"];
  const rows = evaluation.policies.map((p) => {
    const figure = (text: string) => (p.shipments > 0 ? text : "–");
    return [
      p.policy,
      String(p.shipments),
      figure(pct(p.onTimeRate)),
      figure(formatMoney(Math.round(p.meanCost * 100) / 100, currency, locale)),
      figure(pct(p.failedRate)),
      figure(pct(p.damageRate)),
      figure(pct(p.observedShare)),
      String(p.unscored),
      String(p.fallbacks),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [
    `Learned from ${evaluation.trained} shipments, replayed ${evaluation.tested} (${evaluation.skipped.length} skipped: no service in the rate card could take them).`,
    "",
    line(header),
    rule,
    ...rows.map(line),
    "",
    "Method:",
    COUNTERFACTUAL_METHOD,
  ].join("\n");
}
