// Model-based property test: random command sequences, valid and not, run against the return model
// and against a deliberately plain reference model of the same rules. After every step the two
// must agree on acceptance and status, and every invariant of a return must hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anOpenInput, aReturnLine } from "./fixtures";
import {
  applyReturnCommand,
  inspectedCount,
  openReturn,
  returnStatus,
  type InspectItem,
  type OpenReturnInput,
  type ReturnCommand,
  type ReturnEventType,
  type ReturnState,
  type ReturnStatus,
} from "./return-model";
import type { Resolution } from "./types";

/** 10 000 sequences of up to 40 commands take about 8 s on a 2-core machine; set the variable for a deeper local run. */
const NUM_RUNS = Number(process.env.RETURNS_PROPERTY_RUNS ?? 10_000);

const LINE_IDS = ["L0", "L1", "L2"] as const;
const SHIPMENT_IDS = ["s1", "s2", "s3"];
const LOCATION = "gid://shopify/Location/1";

// ---------------------------------------------------------------------------------------------
// The reference model: counters and flags, the rules written out once more as plainly as possible.

interface ModelLine {
  id: string;
  requested: number;
  approved: number;
  received: number;
  missing: number;
  inspected: number;
  restocked: number;
  /** One entry per inspected unit, in inspection order: "RESTOCKED@location". */
  inspectedUnits: string[];
  resolvedInspected: number;
  resolvedMissing: number;
}

interface Model {
  decided: boolean;
  declined: boolean;
  cancelled: boolean;
  closed: boolean;
  instant: boolean;
  hasExchange: boolean;
  lines: ModelLine[];
  shipments: Map<string, "scheduled" | "in_transit" | "delivered">;
  resolutionIds: Set<string>;
  accepted: number;
}

function modelStatus(model: Model): ReturnStatus {
  if (model.cancelled) return "cancelled";
  if (model.declined) return "declined";
  if (model.closed) return "closed";
  if (!model.decided) return "requested";
  const total = (pick: (line: ModelLine) => number) => model.lines.reduce((sum, line) => sum + pick(line), 0);
  const approved = total((line) => line.approved);
  const accountedFor = total((line) => line.inspected + line.missing);
  if (accountedFor === approved) return total((line) => line.resolvedInspected) === total((line) => line.inspected) ? "resolved" : "inspected";
  const arrivedOrMissing = total((line) => line.received + line.missing);
  if (arrivedOrMissing === approved) return "received";
  if (arrivedOrMissing > 0) return "partially_received";
  const shipments = [...model.shipments.values()];
  if (shipments.includes("in_transit")) return "in_transit";
  if (shipments.includes("scheduled")) return "pickup_scheduled";
  return "approved";
}

const isWhole = (n: number, min: number) => Number.isInteger(n) && n >= min;

/** Sums quantities per known line, or null when an entry names an unknown line or a bad quantity. */
function perLine(model: Model, entries: readonly { lineId: string; quantity: number }[], min: number): Map<ModelLine, number> | null {
  if (entries.length === 0) return null;
  const totals = new Map<ModelLine, number>();
  for (const entry of entries) {
    const line = model.lines.find((candidate) => candidate.id === entry.lineId);
    if (!line || !isWhole(entry.quantity, min)) return null;
    totals.set(line, (totals.get(line) ?? 0) + entry.quantity);
  }
  return totals;
}

/** Applies the command to the model when the rules allow it; answers whether they did. */
function modelApply(model: Model, command: ReturnCommand): boolean {
  if (command.at === "") return false;
  const status = modelStatus(model);
  const open = !["requested", "declined", "closed", "cancelled"].includes(status);
  const awaited = model.lines.reduce((sum, line) => sum + line.approved - line.received - line.missing, 0);
  switch (command.type) {
    case "approve": {
      if (status !== "requested") return false;
      let approved: Map<ModelLine, number>;
      if (command.lines === undefined) {
        approved = new Map(model.lines.map((line) => [line, line.requested]));
      } else {
        approved = new Map();
        for (const entry of command.lines) {
          const line = model.lines.find((candidate) => candidate.id === entry.lineId);
          if (!line || approved.has(line) || !isWhole(entry.quantity, 0) || entry.quantity > line.requested) return false;
          approved.set(line, entry.quantity);
        }
      }
      if ([...approved.values()].every((quantity) => quantity === 0)) return false;
      for (const line of model.lines) line.approved = approved.get(line) ?? 0;
      model.decided = true;
      return true;
    }
    case "decline":
      if (status !== "requested" || command.message.trim() === "") return false;
      model.decided = true;
      model.declined = true;
      return true;
    case "schedulePickup":
      if (!open || awaited === 0 || model.shipments.has(command.shipmentId)) return false;
      model.shipments.set(command.shipmentId, "scheduled");
      return true;
    case "markInTransit": {
      if (!open || awaited === 0) return false;
      const existing = model.shipments.get(command.shipmentId);
      if (existing !== undefined && existing !== "scheduled") return false;
      model.shipments.set(command.shipmentId, "in_transit");
      return true;
    }
    case "receive": {
      if (!open || awaited === 0) return false;
      const shipmentId = command.shipmentId ?? null;
      if (shipmentId !== null && !model.shipments.has(shipmentId)) return false;
      const totals = perLine(model, command.lines, 1);
      if (!totals) return false;
      for (const [line, quantity] of totals) if (line.received + line.missing + quantity > line.approved) return false;
      for (const [line, quantity] of totals) line.received += quantity;
      if (shipmentId !== null) model.shipments.set(shipmentId, "delivered");
      return true;
    }
    case "inspect": {
      if (!open || command.items.length === 0) return false;
      for (const item of command.items) {
        if (!["restock", "damaged", "needs_qc", "missing"].includes(item.disposition)) return false;
        if ((item.disposition === "restock" || item.disposition === "needs_qc") && !item.locationId) return false;
      }
      const kept = perLine(model, command.items.filter((item) => item.disposition !== "missing"), 1);
      const lost = perLine(model, command.items.filter((item) => item.disposition === "missing"), 1);
      if (perLine(model, command.items, 1) === null) return false;
      for (const [line, quantity] of kept ?? []) if (line.inspected + quantity > line.received) return false;
      for (const [line, quantity] of lost ?? []) if (line.received + line.missing + quantity > line.approved) return false;
      for (const [line, quantity] of kept ?? []) line.inspected += quantity;
      for (const [line, quantity] of lost ?? []) line.missing += quantity;
      for (const item of command.items) {
        if (item.disposition === "missing") continue;
        const line = model.lines.find((candidate) => candidate.id === item.lineId)!;
        if (item.disposition === "restock") line.restocked += item.quantity;
        for (let unit = 0; unit < item.quantity; unit++) line.inspectedUnits.push(`${SHOPIFY_DISPOSITION[item.disposition]}@${item.locationId}`);
      }
      return true;
    }
    case "resolve": {
      if (command.resolutionId === "" || model.resolutionIds.has(command.resolutionId) || !open) return false;
      for (const entry of command.lines) {
        if (entry.method !== undefined && !["refund", "store_credit", "exchange"].includes(entry.method)) return false;
        if (entry.method === "exchange" && !model.hasExchange) return false;
      }
      const received = perLine(model, command.lines.filter((entry) => !entry.missing), 1);
      const lost = perLine(model, command.lines.filter((entry) => entry.missing), 1);
      if (perLine(model, command.lines, 1) === null) return false;
      for (const [line, quantity] of received ?? []) if (line.resolvedInspected + quantity > line.inspected) return false;
      for (const [line, quantity] of lost ?? []) if (line.resolvedMissing + quantity > line.missing) return false;
      for (const [line, quantity] of received ?? []) line.resolvedInspected += quantity;
      for (const [line, quantity] of lost ?? []) line.resolvedMissing += quantity;
      model.resolutionIds.add(command.resolutionId);
      return true;
    }
    case "close":
      if (status !== "resolved") return false;
      model.closed = true;
      return true;
    case "cancel":
      if (!["requested", "approved", "pickup_scheduled", "in_transit"].includes(status) || (model.decided && model.instant)) return false;
      model.cancelled = true;
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The invariants, checked on the real state after every step.

/** floor(amount × c ÷ units), the valuation rule, written independently of money.ts. */
function valueOf(amount: number, c: number, units: number): number {
  if (units === 0 || c === 0) return 0;
  return Number((BigInt(amount) * BigInt(Math.min(c, units))) / BigInt(units));
}

function halfUpBasisPoints(amount: number, bps: number): number {
  return Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);
}

const SHOPIFY_DISPOSITION = { restock: "RESTOCKED", damaged: "NOT_RESTOCKED", needs_qc: "PROCESSING_REQUIRED" } as const;

const EVENT_FOR: Record<ReturnCommand["type"], ReturnEventType> = {
  approve: "approved",
  decline: "declined",
  schedulePickup: "pickup_scheduled",
  markInTransit: "in_transit",
  receive: "received",
  inspect: "inspected",
  resolve: "resolved",
  close: "closed",
  cancel: "cancelled",
};

/** A failed invariant; plain throws, because 10 000 sequences × 40 steps of expect() would take minutes. */
function must(holds: boolean, invariant: string): void {
  if (!holds) throw new Error(`invariant broken: ${invariant}`);
}

const MONEY_FIELDS = ["value", "refund", "storeCredit", "exchangeApplied", "restockingFee", "restockingFlatFee", "returnShippingFee"] as const;

function checkInvariants(state: ReturnState, model: Model): void {
  must(returnStatus(state) === modelStatus(model), `status ${returnStatus(state)} where the rules say ${modelStatus(model)}`);
  must(state.events.length === model.accepted + 1, "one event per accepted command");
  let refundedTotal = 0;
  let refundableTotal = 0;
  for (const line of state.lines) {
    const reference = model.lines.find((candidate) => candidate.id === line.id)!;
    const inspected = inspectedCount(line);
    let restocked = 0;
    for (const inspection of line.inspections) if (inspection.disposition === "restock") restocked += inspection.quantity;
    must(
      line.approved === reference.approved &&
        line.received === reference.received &&
        line.missing === reference.missing &&
        inspected === reference.inspected &&
        restocked === reference.restocked &&
        line.resolvedInspected === reference.resolvedInspected &&
        line.resolvedMissing === reference.resolvedMissing,
      `${line.id}: quantities differ from the reference model`,
    );
    must(line.received + line.missing <= line.approved, "received (and missing) ≤ approved");
    must(line.approved <= line.requested, "approved ≤ requested");
    must(line.requested <= line.returnable, "requested ≤ ordered less earlier returns");
    must(restocked <= inspected && inspected <= line.received, "restocked ≤ inspected ≤ received");
    must(line.resolvedInspected <= inspected && line.resolvedMissing <= line.missing, "resolved ≤ inspected or missing");

    const { money } = line;
    const resolved = line.resolvedInspected + line.resolvedMissing;
    must(money.value === valueOf(line.value.amount, resolved, line.value.units), "a line's value is floor(amount × resolved ÷ units)");
    must(money.restockingFee === halfUpBasisPoints(money.value, line.restockingFeeBps), "the restocking percentage is taken half up from the running value");
    for (const field of MONEY_FIELDS) must(Number.isSafeInteger(money[field]) && money[field] >= 0, `${field} is a whole, non-negative amount`);
    must(
      money.refund + money.storeCredit + money.exchangeApplied + money.restockingFee + money.restockingFlatFee + money.returnShippingFee === money.value,
      "money is conserved on each line: payouts + fees = value",
    );
    must(line.restockingFeeApplies || money.restockingFlatFee === 0, "no flat restocking fee on an exempt line");
    const refundable = valueOf(line.value.amount, line.approved, line.value.units);
    must(money.refund + money.storeCredit + money.exchangeApplied <= refundable, "refunded ≤ refundable on each line");
    must(refundable <= line.value.amount, "refundable ≤ what the line is worth");
    refundedTotal += money.refund + money.storeCredit + money.exchangeApplied;
    refundableTotal += refundable;
  }
  must(refundedTotal <= refundableTotal, "refunded ≤ refundable in total");

  let flat = 0;
  let shipping = 0;
  let exchangeApplied = 0;
  let value = 0;
  for (const line of state.lines) {
    flat += line.money.restockingFlatFee;
    shipping += line.money.returnShippingFee;
    exchangeApplied += line.money.exchangeApplied;
    value += line.money.value;
  }
  let shippingRefund = 0;
  let resolvedValue = 0;
  for (const resolution of state.resolutions) {
    shippingRefund += resolution.totals.shippingRefund;
    resolvedValue += resolution.totals.value;
    for (const line of resolution.lines) {
      must(line.refund + line.storeCredit + line.exchangeApplied + line.restockingFee + line.restockingFlatFee + line.returnShippingFee === line.value, "money is conserved in each resolution");
      let disposed = 0;
      for (const disposition of line.dispositions) {
        disposed += disposition.quantity;
        must((disposition.type === "MISSING") === line.missing, "missing units, and only they, are MISSING");
      }
      must(disposed === line.quantity, "a resolution's dispositions cover its units");
    }
    const { totals } = resolution;
    must(totals.payout === totals.refund + totals.storeCredit + totals.shippingRefund, "payout = refund + store credit + shipping refund");
    for (const field of MONEY_FIELDS) {
      let sum = 0;
      for (const line of resolution.lines) sum += line[field];
      must(totals[field] === sum, `a resolution's ${field} is the sum of its lines`);
    }
    must(totals.exchangeBalanceDue >= 0, "the balance due is never negative");
  }
  must(
    state.charged.restockingFlatFee === flat &&
      state.charged.returnShippingFee === shipping &&
      state.charged.exchangeApplied === exchangeApplied &&
      state.charged.originalShippingRefund === shippingRefund,
    "the return's running sums match its lines and resolutions",
  );
  must(resolvedValue === value, "resolutions add up to the lines' value");
  for (const reference of model.lines) {
    const handedOver: string[] = [];
    for (const resolution of state.resolutions) {
      for (const line of resolution.lines) {
        if (line.lineId !== reference.id || line.missing) continue;
        for (const disposition of line.dispositions) {
          for (let unit = 0; unit < disposition.quantity; unit++) handedOver.push(`${disposition.type}@${disposition.locationId}`);
        }
      }
    }
    must(handedOver.join() === reference.inspectedUnits.slice(0, reference.resolvedInspected).join(), "resolutions hand over each inspected unit's disposition once, in order");
  }
  must(flat <= state.terms.restockingFlatFee && shipping <= state.terms.returnShippingFee, "fees never exceed their terms");
  must(shippingRefund <= state.terms.originalShippingRefund, "the shipping refund is paid at most once");
  must(exchangeApplied <= (state.exchange?.total ?? 0), "no more goes to the replacement than it costs");
}

// ---------------------------------------------------------------------------------------------
// The runner. Commands are drawn as seeds and built against the model when they run, so most
// fit the return as it stands then (and sequences reach receipt, inspection and resolution)
// while some ask for one unit too many, name a line that is not there, or come at the wrong
// time. A few fully random commands add malformed input.

interface Real {
  state: ReturnState;
}

class Send implements fc.Command<Model, Real> {
  private built: ReturnCommand | null = null;
  constructor(
    private readonly build: (model: Model) => ReturnCommand,
    private readonly label: string,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const command = this.build(model);
    this.built = command;
    const expected = modelApply(model, command);
    const result = applyReturnCommand(real.state, command);
    if (result.ok !== expected) throw new Error(result.ok ? "accepted what the rules refuse" : `refused what the rules allow: ${result.error.message}`);
    if (result.ok) {
      model.accepted += 1;
      if (result.value.events.at(-1)?.type !== EVENT_FOR[command.type]) throw new Error(`no ${EVENT_FOR[command.type]} event`);
      real.state = deepFreeze(result.value);
    }
    checkInvariants(real.state, model);
  }
  toString(): string {
    return this.built ? JSON.stringify(this.built) : this.label;
  }
}

/**
 * Frozen states make any command that writes to the state it was given throw, refused or not.
 * States share their unchanged parts, so only what a command built is walked.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const AT = "2026-10-21T10:00:00Z";
const at = fc.oneof({ weight: 40, arbitrary: fc.constant(AT) }, { weight: 1, arbitrary: fc.constant("") });

const lineId = fc.constantFrom(...LINE_IDS, "ghost");
const quantity = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.NaN, 5) });
const lineQuantities = fc.array(fc.record({ lineId, quantity }), { minLength: 0, maxLength: 3 });
const method = fc.option(fc.constantFrom<Resolution>("refund", "store_credit", "exchange"), { nil: undefined });

/** Which line a command names and how many units it asks for, relative to what the line has room for. */
interface Target {
  line: number;
  mode: "fit" | "over" | "ghost";
  seed: number;
}
const target: fc.Arbitrary<Target> = fc.record({
  line: fc.nat(2),
  mode: fc.oneof({ weight: 12, arbitrary: fc.constant("fit" as const) }, { weight: 1, arbitrary: fc.constant("over" as const) }, { weight: 1, arbitrary: fc.constant("ghost" as const) }),
  seed: fc.nat(1_000),
});
const targets = fc.array(target, { minLength: 1, maxLength: 2 });

function aim(model: Model, chosen: Target, room: (line: ModelLine) => number): { lineId: string; quantity: number } {
  if (chosen.mode === "ghost") return { lineId: "ghost", quantity: 1 };
  const roomy = model.lines.filter((line) => room(line) > 0);
  const candidates = roomy.length > 0 ? roomy : model.lines;
  const line = candidates[chosen.line % candidates.length];
  const space = Math.max(0, room(line));
  return { lineId: line.id, quantity: chosen.mode === "over" ? space + 1 : 1 + (chosen.seed % Math.max(1, space)) };
}

const awaitedOn = (line: ModelLine) => line.approved - line.received - line.missing;
const send = (label: string, build: (model: Model) => ReturnCommand) => new Send(build, label);

/** The next step a merchant working through the return would take, so sequences reach its end. */
const progress = fc
  .record({
    at,
    choice: fc.nat(99),
    seed: fc.nat(1_000),
    partial: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    disposition: fc.constantFrom<Exclude<InspectItem["disposition"], "missing">>("restock", "restock", "damaged", "needs_qc"),
    method: fc.option(fc.constantFrom<Resolution>("refund", "store_credit", "exchange"), { nil: undefined, freq: 2 }),
  })
  .map(({ at, choice, seed, partial, disposition, method }) =>
    send("progress", (model): ReturnCommand => {
      if (modelStatus(model) === "requested") {
        if (!partial) return { type: "approve", at };
        return { type: "approve", at, lines: model.lines.map((line, index) => ({ lineId: line.id, quantity: (seed + index) % (line.requested + 1) })) };
      }
      const some = (room: number) => 1 + (seed % room);
      const steps: ReturnCommand[] = [];
      for (const line of model.lines) {
        const usable = method === "exchange" && !model.hasExchange ? undefined : method;
        const lineMethod = usable === undefined ? {} : { method: usable };
        if (line.inspected > line.resolvedInspected) {
          steps.push({ type: "resolve", at, resolutionId: `res-${model.resolutionIds.size}`, lines: [{ lineId: line.id, quantity: some(line.inspected - line.resolvedInspected), ...lineMethod }] });
        }
        if (line.missing > line.resolvedMissing) {
          steps.push({ type: "resolve", at, resolutionId: `res-${model.resolutionIds.size}`, lines: [{ lineId: line.id, quantity: some(line.missing - line.resolvedMissing), missing: true, ...lineMethod }] });
        }
        if (line.received > line.inspected) {
          steps.push({ type: "inspect", at, items: [{ lineId: line.id, quantity: some(line.received - line.inspected), disposition, locationId: LOCATION }] });
        }
        if (awaitedOn(line) > 0) {
          steps.push({ type: "receive", at, lines: [{ lineId: line.id, quantity: some(awaitedOn(line)) }] });
          if (seed % 5 === 0) steps.push({ type: "inspect", at, items: [{ lineId: line.id, quantity: some(awaitedOn(line)), disposition: "missing", locationId: null }] });
        }
      }
      if (steps.length === 0) return { type: "close", at };
      return steps[choice % steps.length];
    }),
  );

const guided = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ at, partial: fc.option(fc.array(fc.nat(5), { minLength: 3, maxLength: 3 }), { freq: 3 }) }).map(({ at, partial }) =>
      send("approve", (model) =>
        partial === null
          ? { type: "approve", at }
          : { type: "approve", at, lines: model.lines.map((line, index) => ({ lineId: line.id, quantity: partial[index] % (line.requested + 2) })) },
      ),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ at, shipmentId: fc.constantFrom(...SHIPMENT_IDS) }).map(({ at, shipmentId }) =>
      send("schedulePickup", () => ({ type: "schedulePickup", at, shipmentId, pickupDate: "2026-10-23", carrier: "UPS", trackingNumber: null, labelUrl: null })),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ at, shipmentId: fc.constantFrom(...SHIPMENT_IDS) }).map(({ at, shipmentId }) =>
      send("markInTransit", () => ({ type: "markInTransit", at, shipmentId, trackingNumber: "1Z" })),
    ),
  },
  {
    weight: 12,
    arbitrary: fc.record({ at, targets, shipmentId: fc.option(fc.constantFrom(...SHIPMENT_IDS), { nil: null }) }).map(({ at, targets, shipmentId }) =>
      send("receive", (model) => ({
        type: "receive",
        at,
        shipmentId: shipmentId !== null && model.shipments.has(shipmentId) ? shipmentId : null,
        lines: targets.map((chosen) => aim(model, chosen, awaitedOn)),
      })),
    ),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        at,
        targets,
        dispositions: fc.array(fc.constantFrom<InspectItem["disposition"]>("restock", "restock", "damaged", "needs_qc", "missing"), { minLength: 2, maxLength: 2 }),
        forgetLocation: fc.integer({ min: 0, max: 15 }),
      })
      .map(({ at, targets, dispositions, forgetLocation }) =>
        send("inspect", (model) => ({
          type: "inspect",
          at,
          items: targets.map((chosen, index) => {
            const disposition = dispositions[index];
            const room = disposition === "missing" ? awaitedOn : (line: ModelLine) => line.received - line.inspected;
            return { ...aim(model, chosen, room), disposition, locationId: forgetLocation === 0 ? null : LOCATION };
          }),
        })),
      ),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        at,
        targets,
        missing: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), { minLength: 2, maxLength: 2 }),
        methods: fc.array(method, { minLength: 2, maxLength: 2 }),
        reuseId: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      })
      .map(({ at, targets, missing, methods, reuseId }) =>
        send("resolve", (model) => ({
          type: "resolve",
          at,
          resolutionId: reuseId && model.resolutionIds.size > 0 ? [...model.resolutionIds][0] : `res-${model.resolutionIds.size}`,
          lines: targets.map((chosen, index) => ({
            ...aim(model, chosen, missing[index] ? (line) => line.missing - line.resolvedMissing : (line) => line.inspected - line.resolvedInspected),
            ...(methods[index] === undefined ? {} : { method: methods[index] }),
            ...(missing[index] ? { missing: true } : {}),
          })),
        })),
      ),
  },
  { weight: 3, arbitrary: at.map((at) => send("close", () => ({ type: "close", at }))) },
  { weight: 1, arbitrary: at.map((at) => send("cancel", () => ({ type: "cancel", at }))) },
  {
    weight: 1,
    arbitrary: fc
      .record({ at, reason: fc.constantFrom("FINAL_SALE" as const, "OTHER" as const), message: fc.constantFrom("Outside the window", " ") })
      .map((command) => send("decline", () => ({ type: "decline", ...command }))),
  },
);

const raw = fc.oneof(
  fc.record({ type: fc.constant("approve" as const), at, lines: fc.array(fc.record({ lineId, quantity: fc.oneof(quantity, fc.constant(0)) }), { maxLength: 3 }) }),
  fc.record({ type: fc.constant("receive" as const), at, shipmentId: fc.option(fc.constantFrom(...SHIPMENT_IDS, "nope"), { nil: null }), lines: lineQuantities }),
  fc.record({
    type: fc.constant("inspect" as const),
    at,
    items: fc.array(
      fc.record({ lineId, quantity, disposition: fc.constantFrom("restock", "damaged", "needs_qc", "missing", "lost" as never), locationId: fc.option(fc.constant(LOCATION), { nil: null }) }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    type: fc.constant("resolve" as const),
    at,
    resolutionId: fc.constantFrom("", "res-0", "res-1", "x"),
    lines: fc.array(fc.record({ lineId, quantity, method: fc.option(fc.constantFrom("refund", "store_credit", "exchange", "cash" as never), { nil: undefined }), missing: fc.boolean() }), { maxLength: 3 }),
  }),
);

const commands = [
  fc.oneof({ weight: 6, arbitrary: progress }, { weight: 6, arbitrary: guided }, { weight: 1, arbitrary: raw.map((command) => send(command.type, () => command)) }),
];

/** A return of one to three lines with any values, fees, and an exchange when a line asks for one. */
const openInput: fc.Arbitrary<OpenReturnInput> = fc
  .record({
    lines: fc.array(
      fc.record({
        requested: fc.integer({ min: 1, max: 4 }),
        extra: fc.integer({ min: 0, max: 2 }),
        units: fc.integer({ min: 0, max: 6 }),
        amount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 200_000 })),
        bps: fc.constantFrom(0, 1, 1_250, 3_333, 10_000),
        flatToo: fc.boolean(),
        resolution: fc.constantFrom<Resolution>("refund", "store_credit", "exchange"),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    replacementPrice: fc.integer({ min: 0, max: 150_000 }),
    instant: fc.boolean(),
    flat: fc.integer({ min: 0, max: 3_000 }),
    shipping: fc.integer({ min: 0, max: 3_000 }),
    shippingRefund: fc.integer({ min: 0, max: 1_500 }),
    remainderTo: fc.constantFrom("refund" as const, "store_credit" as const),
  })
  .map((drawn) => {
    const wantsExchange = drawn.lines.some((line) => line.resolution === "exchange");
    return anOpenInput({
      lines: drawn.lines.map((line, index) =>
        aReturnLine({
          id: LINE_IDS[index],
          quantity: line.requested,
          returnable: line.requested + line.extra,
          value: { units: line.units, amount: line.amount },
          restockingFeeApplies: line.bps > 0 || line.flatToo,
          restockingFeeBps: line.bps,
          resolution: line.resolution,
        }),
      ),
      exchange: wantsExchange
        ? { items: [{ variantId: "v", productId: "p", title: "Replacement", quantity: 1, unitPrice: drawn.replacementPrice, locationId: LOCATION }], instant: drawn.instant, instantRefusals: [] }
        : null,
      terms: { restockingFlatFee: drawn.flat, returnShippingFee: drawn.shipping, originalShippingRefund: drawn.shippingRefund, exchangeRemainderTo: drawn.remainderTo },
    });
  });

function setUp(input: OpenReturnInput): { model: Model; real: Real } {
  const opened = openReturn(input);
  if (!opened.ok) throw new Error(opened.error.message);
  return {
    real: { state: deepFreeze(opened.value) },
    model: {
      decided: false,
      declined: false,
      cancelled: false,
      closed: false,
      instant: input.exchange?.instant ?? false,
      hasExchange: input.exchange !== null,
      lines: input.lines.map((line) => ({ id: line.id, requested: line.quantity, approved: 0, received: 0, missing: 0, inspected: 0, restocked: 0, inspectedUnits: [], resolvedInspected: 0, resolvedMissing: 0 })),
      shipments: new Map(),
      resolutionIds: new Set(),
      accepted: 0,
    },
  };
}

describe("the return model against its reference model", () => {
  it(`GIVEN ${NUM_RUNS} random command sequences, valid and not, WHEN each step runs THEN both agree and every invariant holds`, () => {
    fc.assert(
      fc.property(openInput, fc.commands(commands, { maxCommands: 40, size: "max" }), (input, sequence) => {
        fc.modelRun(() => setUp(input), sequence);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 120_000);
});

describe("regressions: sequences the property test shrank to", () => {
  const oneLine = anOpenInput({ lines: [aReturnLine({ id: "L0" })] });
  const ready: ReturnCommand[] = [
    { type: "approve", at: AT },
    { type: "receive", at: AT, lines: [{ lineId: "L0", quantity: 1 }] },
    { type: "inspect", at: AT, items: [{ lineId: "L0", quantity: 1, disposition: "restock", locationId: LOCATION }] },
  ];

  it.each<[string, ReturnCommand]>([
    ["a resolution without an id (its idempotency key)", { type: "resolve", at: AT, resolutionId: "", lines: [{ lineId: "L0", quantity: 1 }] }],
    ["a resolution method that does not exist", { type: "resolve", at: AT, resolutionId: "res-0", lines: [{ lineId: "L0", quantity: 1, method: "cash" as Resolution }] }],
  ])("GIVEN %s WHEN sent THEN both models refuse it and nothing changes", (_, last) => {
    const { model, real } = setUp(oneLine);
    for (const command of [...ready, last]) new Send(() => command, command.type).run(model, real);
    expect(real.state.resolutions).toEqual([]);
    expect(returnStatus(real.state)).toBe("partially_received");
  });
});
