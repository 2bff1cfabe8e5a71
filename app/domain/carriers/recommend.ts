// Which carrier and service should take a shipment, and why, in words a merchant can check.
//
// Every service in the catalogue is quoted; those that cannot take the shipment, or that the
// required priority or the merchant's rules exclude, come back with the reason. The rest are
// scored from their cost and their lane's learned performance:
//
//   score = onTime × P(on time) + reliability × (1 − failed − RTO) − damage × damage risk
//           − cost × extra cost over the cheapest option
//
// with probabilities in points and the extra cost in percent, so a weight of 3 on on-time says
// "one point of on-time probability is worth 3 % more shipping cost". Rules outrank weights: a
// carrier a rule prefers ranks above those it does not.
import { z } from "zod";
import {
  countrySchema,
  DIRECTIONS,
  idSchema,
  MODES,
  placeOf,
  PRIORITIES,
  priorityRank,
  quote,
  roundMoney,
  type CostBreakdown,
  type Direction,
  type InfeasibleReason,
  type Mode,
  type Parsed,
  type PathProblem,
  type PreparedCatalog,
  type Priority,
  type Shipment,
} from "./catalog";
import { estimateLane, laneKey, probabilityWithin, type LaneBook } from "./lanes";

export const ruleSchema = z.object({
  id: idSchema,
  /** Every condition given must hold; a rule with none applies to every shipment. */
  when: z.object({
    direction: z.enum(DIRECTIONS).optional(),
    cod: z.boolean().optional(),
    fragile: z.boolean().optional(),
    minOrderValue: z.number().finite().min(0).optional(),
    country: countrySchema.optional(),
    region: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
  }),
  then: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("exclude_carrier"), carrierId: idSchema }),
    z.object({ kind: z.literal("require_mode"), mode: z.enum(MODES) }),
    z.object({ kind: z.literal("min_priority"), priority: z.enum(PRIORITIES) }),
    z.object({ kind: z.literal("prefer_carrier"), carrierId: idSchema }),
  ]),
});
export type Rule = z.infer<typeof ruleSchema>;

const weightSchema = z.number().finite().min(0);

export const settingsSchema = z.object({
  weights: z.object({ cost: weightSchema, onTime: weightSchema, reliability: weightSchema, damage: weightSchema }),
  /** The damage weight is multiplied by this for fragile parcels. */
  fragileDamageFactor: z.number().finite().min(1),
  /** The first entry whose text the shipping line's title contains (ignoring case) sets the promise. */
  shippingLines: z.array(
    z.object({ contains: z.string().min(1), days: z.number().int().min(0).max(60), priority: z.enum(PRIORITIES).nullable() }),
  ),
  defaultPromiseDays: z.number().int().min(0).max(60),
  reversePromiseDays: z.number().int().min(0).max(60),
  rules: z.array(ruleSchema),
  /** For money in reasons, e.g. "en-IN". */
  locale: z.string().min(2),
});
export type MerchantSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: MerchantSettings = {
  weights: { cost: 1, onTime: 3, reliability: 5, damage: 5 },
  fragileDamageFactor: 3,
  shippingLines: [
    { contains: "same day", days: 0, priority: "same_day" },
    { contains: "same-day", days: 0, priority: "same_day" },
    { contains: "express", days: 2, priority: null },
    { contains: "standard", days: 5, priority: null },
  ],
  defaultPromiseDays: 5,
  reversePromiseDays: 7,
  rules: [],
  locale: "en",
};

/** Validates stored settings; top-level fields left out take their defaults. */
export function parseSettings(input: unknown): Parsed<MerchantSettings, PathProblem> {
  const merged = input && typeof input === "object" && !Array.isArray(input) ? { ...DEFAULT_SETTINGS, ...input } : input;
  const result = settingsSchema.safeParse(merged);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}

export interface PromiseInput {
  /** The title of the shipping line the customer paid for, e.g. "Express (2 days)". */
  shippingLine?: string | null;
  /** Promised delivery days when the caller already knows them; wins over the shipping line. */
  days?: number | null;
  /** Order tags; `priority:express` (or standard, same_day) asks for at least that priority. */
  tags?: readonly string[];
}

export interface RecommendInput {
  shipment: Shipment;
  promise: PromiseInput;
  catalog: PreparedCatalog;
  lanes: LaneBook;
  settings: MerchantSettings;
}

export interface ScoredOption {
  carrierId: string;
  carrierName: string;
  serviceId: string;
  serviceName: string;
  mode: Mode;
  priority: Priority;
  zoneId: string;
  /** The carrier's promised transit days to the zone. */
  transitDays: number;
  chargeableKg: number;
  cost: CostBreakdown;
  /** P(arriving within the promised days), from the lane's transit distribution. */
  onTimeProbability: number;
  /** 1 − P(failed delivery or return to origin). */
  reliability: number;
  damageRisk: number;
  lane: { key: string; shipments: number; p50: number; p90: number };
  score: number;
  /** The rule that prefers this carrier, if any. */
  preferredBy: string | null;
}

export interface ExcludedOption {
  carrierId: string;
  serviceId: string;
  reason: InfeasibleReason | "priority" | "rule";
  detail: string;
}

export interface Recommendation {
  direction: Direction;
  promise: { days: number; reason: string };
  priority: { priority: Priority; reason: string };
  /** Best first. */
  options: ScoredOption[];
  excluded: ExcludedOption[];
  winner: ScoredOption | null;
  runnerUp: ScoredOption | null;
  reason: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Money in the catalogue's currency: whole amounts without decimals ("₹42"), others with ("₹42.50"). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const whole = Number.isInteger(amount);
  const key = `${locale}|${currency}|${whole}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) });
    formatters.set(key, format);
  }
  return format.format(amount);
}

function percent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

function priorityName(priority: Priority): string {
  return priority === "same_day" ? "same day" : priority;
}

function promiseName(days: number): string {
  return days === 0 ? "same-day promise" : `${days}-day promise`;
}

interface Facts {
  direction: Direction;
  cod: boolean;
  fragile: boolean;
  orderValue: number;
  country: string;
  region: string | null;
  tags: Set<string>;
}

function applies(rule: Rule, facts: Facts): boolean {
  const when = rule.when;
  return (
    (when.direction === undefined || when.direction === facts.direction) &&
    (when.cod === undefined || when.cod === facts.cod) &&
    (when.fragile === undefined || when.fragile === facts.fragile) &&
    (when.minOrderValue === undefined || facts.orderValue >= when.minOrderValue) &&
    (when.country === undefined || when.country === facts.country) &&
    (when.region === undefined || when.region.toUpperCase() === facts.region) &&
    (when.tag === undefined || facts.tags.has(when.tag.toLowerCase()))
  );
}

/** A rule in a merchant's words: "COD → never DakX", "order value ≥ ₹10,000 → at least express". */
export function describeRule(rule: Rule, catalog: PreparedCatalog, locale: string): string {
  const carrierName = (id: string) => catalog.catalog.carriers.find((c) => c.id === id)?.name ?? id;
  const w = rule.when;
  const conditions = [
    w.direction && (w.direction === "reverse" ? "reverse pickups" : "forward shipments"),
    w.cod !== undefined && (w.cod ? "COD" : "prepaid"),
    w.fragile !== undefined && (w.fragile ? "fragile" : "not fragile"),
    w.minOrderValue !== undefined && `order value ≥ ${formatMoney(w.minOrderValue, catalog.currency, locale)}`,
    (w.country || w.region) && `region ${[w.country, w.region?.toUpperCase()].filter(Boolean).join("-")}`,
    w.tag && `tag ${w.tag}`,
  ].filter(Boolean);
  const then = rule.then;
  const effect =
    then.kind === "exclude_carrier"
      ? `never ${carrierName(then.carrierId)}`
      : then.kind === "require_mode"
        ? `${then.mode} only`
        : then.kind === "min_priority"
          ? `at least ${priorityName(then.priority)}`
          : `prefer ${carrierName(then.carrierId)}`;
  return `${conditions.length > 0 ? conditions.join(" + ") : "every shipment"} → ${effect}`;
}

function shippingLineFor(settings: MerchantSettings, title: string | null | undefined) {
  if (!title) return undefined;
  const normalized = title.toLowerCase();
  return settings.shippingLines.find((line) => normalized.includes(line.contains.toLowerCase()));
}

function choosePromise(input: RecommendInput, line: ReturnType<typeof shippingLineFor>): Recommendation["promise"] {
  const { promise, settings, shipment } = input;
  if (promise.days !== undefined && promise.days !== null) return { days: promise.days, reason: `promised ${promise.days} days` };
  if (line) return { days: line.days, reason: `shipping line “${promise.shippingLine}” promises ${line.days} days` };
  if (shipment.direction === "reverse") return { days: settings.reversePromiseDays, reason: `reverse pickups take up to ${settings.reversePromiseDays} days` };
  return { days: settings.defaultPromiseDays, reason: `no shipping line promise; the default is ${settings.defaultPromiseDays} days` };
}

function choosePriority(
  input: RecommendInput,
  line: ReturnType<typeof shippingLineFor>,
  rules: readonly Rule[],
  facts: Facts,
): Recommendation["priority"] {
  const asks: { priority: Priority; reason: string }[] = [];
  if (line?.priority) asks.push({ priority: line.priority, reason: `shipping line “${input.promise.shippingLine}”` });
  for (const tag of facts.tags) {
    const [prefix, value] = tag.split(":");
    const priority = PRIORITIES.find((p) => p === value?.replace("-", "_"));
    if (prefix === "priority" && priority) asks.push({ priority, reason: `tag ${tag}` });
  }
  for (const rule of rules) {
    if (rule.then.kind === "min_priority") {
      asks.push({ priority: rule.then.priority, reason: `rule “${describeRule(rule, input.catalog, input.settings.locale)}”` });
    }
  }
  let chosen: { priority: Priority; reason: string } = { priority: "standard", reason: "no shipping line, tag or rule asks for more" };
  for (const ask of asks) if (priorityRank(ask.priority) > priorityRank(chosen.priority)) chosen = ask;
  return { priority: chosen.priority, reason: `${priorityName(chosen.priority)}: ${chosen.reason}` };
}

function byRank(a: ScoredOption, b: ScoredOption): number {
  return (
    Number(b.preferredBy !== null) - Number(a.preferredBy !== null) ||
    b.score - a.score ||
    a.cost.total - b.cost.total ||
    b.onTimeProbability - a.onTimeProbability ||
    (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0)
  );
}

/** Recommends a carrier and service for one shipment, forward or reverse, with every option's figures and the reason. */
export function recommendCarrier(input: RecommendInput): Recommendation {
  const { shipment, catalog, lanes, settings } = input;
  const place = placeOf(shipment.address);
  const facts: Facts = {
    direction: shipment.direction,
    cod: shipment.direction === "forward" && shipment.codAmount > 0,
    fragile: shipment.fragile,
    orderValue: shipment.declaredValue,
    country: place.country,
    region: place.region,
    tags: new Set((input.promise.tags ?? []).map((tag) => tag.trim().toLowerCase())),
  };
  const rules = settings.rules.filter((rule) => applies(rule, facts));
  const line = shippingLineFor(settings, input.promise.shippingLine);
  const promise = choosePromise(input, line);
  const priority = choosePriority(input, line, rules, facts);
  const required = priorityRank(priority.priority);

  const options: ScoredOption[] = [];
  const excluded: ExcludedOption[] = [];
  for (const prepared of catalog.services) {
    const { carrier, service } = prepared;
    const quoted = quote(prepared, shipment, place);
    if (!quoted.feasible) {
      excluded.push({ carrierId: carrier.id, serviceId: service.id, reason: quoted.reason, detail: quoted.detail });
      continue;
    }
    if (priorityRank(service.priority) < required) {
      excluded.push({
        carrierId: carrier.id,
        serviceId: service.id,
        reason: "priority",
        detail: `is ${priorityName(service.priority)}; this shipment needs ${priority.reason}`,
      });
      continue;
    }
    const blocking = rules.find(
      (rule) =>
        (rule.then.kind === "exclude_carrier" && rule.then.carrierId === carrier.id) ||
        (rule.then.kind === "require_mode" && rule.then.mode !== service.mode),
    );
    if (blocking) {
      excluded.push({ carrierId: carrier.id, serviceId: service.id, reason: "rule", detail: `rule “${describeRule(blocking, catalog, settings.locale)}”` });
      continue;
    }
    const lane = { direction: shipment.direction, locationId: shipment.locationId, country: place.country, region: place.region, serviceId: service.id };
    const key = laneKey(lane);
    const estimate = estimateLane(lanes, lane, quoted.transitDays, key);
    options.push({
      carrierId: carrier.id,
      carrierName: carrier.name,
      serviceId: service.id,
      serviceName: service.name,
      mode: service.mode,
      priority: service.priority,
      zoneId: quoted.zoneId,
      transitDays: quoted.transitDays,
      chargeableKg: quoted.chargeableKg,
      cost: quoted.cost,
      onTimeProbability: probabilityWithin(estimate, promise.days),
      reliability: estimate.reliability,
      damageRisk: estimate.damageRate,
      lane: { key, shipments: estimate.shipments, p50: estimate.p50, p90: estimate.p90 },
      score: 0,
      preferredBy: rules.find((rule) => rule.then.kind === "prefer_carrier" && rule.then.carrierId === carrier.id)?.id ?? null,
    });
  }

  const weights = settings.weights;
  const damageWeight = weights.damage * (shipment.fragile ? settings.fragileDamageFactor : 1);
  let cheapest = Infinity;
  for (const option of options) cheapest = Math.min(cheapest, option.cost.total);
  const costBase = Math.max(cheapest, 10 ** -catalog.services[0].minorDigits);
  for (const option of options) {
    option.score =
      100 *
      (weights.onTime * option.onTimeProbability +
        weights.reliability * option.reliability -
        damageWeight * option.damageRisk -
        (weights.cost * (option.cost.total - cheapest)) / costBase);
  }
  options.sort(byRank);

  const recommendation: Recommendation = {
    direction: shipment.direction,
    promise,
    priority,
    options,
    excluded,
    winner: options[0] ?? null,
    runnerUp: options[1] ?? null,
    reason: "",
  };
  recommendation.reason = explain(recommendation, input, rules, place.label);
  return recommendation;
}

function label(option: ScoredOption, other: ScoredOption): string {
  if (option.carrierId !== other.carrierId) return `${option.carrierName} ${option.serviceName}`;
  return option.mode !== other.mode ? option.mode : option.serviceName;
}

function explain(recommendation: Recommendation, input: RecommendInput, rules: readonly Rule[], where: string): string {
  const { winner, runnerUp, excluded, promise } = recommendation;
  const { catalog, settings, shipment } = input;
  const money = (amount: number) => formatMoney(amount, catalog.currency, settings.locale);
  if (!winner) {
    const counts = new Map<string, number>();
    for (const option of excluded) counts.set(option.detail, (counts.get(option.detail) ?? 0) + 1);
    const summary = [...counts].map(([detail, n]) => `${detail} (${n})`).join("; ");
    return `no carrier can take this shipment to ${where}: ${summary}`;
  }
  if (!runnerUp) return `${winner.carrierName} ${winner.serviceName}: the only option that can take this shipment`;
  const w = label(winner, runnerUp);
  const r = label(runnerUp, winner);
  const extra = roundMoney(winner.cost.total - runnerUp.cost.total, catalog.services[0].minorDigits);
  if (winner.preferredBy !== null && runnerUp.preferredBy === null) {
    const rule = rules.find((candidate) => candidate.id === winner.preferredBy)!;
    const cost = extra > 0 ? `; +${money(extra)} over ${r}` : extra < 0 ? `; ${money(-extra)} less than ${r}` : "";
    return `${w}: rule “${describeRule(rule, catalog, settings.locale)}”${cost}`;
  }
  if (extra <= 0) {
    const cheaper = extra < 0 ? `${money(-extra)} less than ${r}` : `same cost as ${r}`;
    return `${w}: ${cheaper}; on time for the ${promiseName(promise.days)} ${percent(winner.onTimeProbability)} of the time (${r} ${percent(runnerUp.onTimeProbability)})`;
  }
  const weights = settings.weights;
  const damageWeight = weights.damage * (shipment.fragile ? settings.fragileDamageFactor : 1);
  const advantages = [
    {
      gain: weights.onTime * (winner.onTimeProbability - runnerUp.onTimeProbability),
      text: `${r} misses the ${promiseName(promise.days)} for this lane ${percent(1 - runnerUp.onTimeProbability)} of the time (${w} ${percent(1 - winner.onTimeProbability)})`,
    },
    {
      gain: weights.reliability * (winner.reliability - runnerUp.reliability),
      text: `${r} fails or returns ${percent(1 - runnerUp.reliability)} of parcels on this lane (${w} ${percent(1 - winner.reliability)})`,
    },
    {
      gain: damageWeight * (runnerUp.damageRisk - winner.damageRisk),
      text: `${r} damages ${percent(runnerUp.damageRisk)} of parcels on this lane (${w} ${percent(winner.damageRisk)})${shipment.fragile ? " and this parcel is fragile" : ""}`,
    },
  ];
  const main = advantages.reduce((best, next) => (next.gain > best.gain ? next : best));
  return `${w}: ${main.text}; +${money(extra)}`;
}
