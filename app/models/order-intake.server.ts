import type { Db } from "../db.server";
import type { Finding, FindingChanges, IntakeStatus } from "../domain/intake";
import { readOrder } from "./orders.server";
import { recordEvents, type EventDraft } from "./order-events.server";
import { isUniqueViolation } from "./webhook-deliveries.server";

// Intake's state of each order: its findings and where it stands (OrderIntake).

export type FindingRow = Awaited<ReturnType<Db["finding"]["findUniqueOrThrow"]>>;
export type OrderIntakeRow = Awaited<ReturnType<Db["orderIntake"]["findUniqueOrThrow"]>>;

export async function findingsOf(db: Db, orderId: string): Promise<FindingRow[]> {
  return db.finding.findMany({ where: { orderId }, orderBy: [{ openedAt: "asc" }, { id: "asc" }] });
}

export async function orderIntakeOf(db: Db, orderId: string): Promise<OrderIntakeRow | null> {
  return db.orderIntake.findUnique({ where: { orderId } });
}

const findingText = (finding: Finding) => ({
  severity: finding.severity,
  errorClass: finding.errorClass,
  holdReason: finding.holdReason,
  message: finding.message,
  suggestion: finding.suggestion,
  suggestedValue: finding.suggestedValue ?? null,
});

/** Writes an evaluation's finding changes and their timeline events together; returns the order's findings after. */
export async function applyFindingChanges(
  db: Db,
  input: { shop: string; orderId: string; changes: FindingChanges<FindingRow>; resolvedBy: string; now: Date; events: readonly EventDraft[] },
): Promise<FindingRow[]> {
  const { shop, orderId, changes, resolvedBy, now } = input;
  await db.$transaction(async (tx) => {
    for (const finding of changes.create) {
      await tx.finding.create({ data: { shop, orderId, code: finding.code, field: finding.field, ...findingText(finding), status: "open", openedAt: now } });
    }
    for (const { stored, finding } of changes.refresh) {
      await tx.finding.update({ where: { id: stored.id }, data: findingText(finding) });
    }
    for (const { stored, finding } of changes.reopen) {
      await tx.finding.update({
        where: { id: stored.id },
        data: { ...findingText(finding), status: "open", openedAt: now, resolvedAt: null, resolvedBy: null, overriddenAt: null, overriddenBy: null, overrideNote: null },
      });
    }
    for (const stored of changes.resolve) {
      await tx.finding.update({ where: { id: stored.id }, data: { status: "resolved", resolvedAt: now, resolvedBy } });
    }
    await recordEvents(tx, shop, orderId, input.events);
  });
  return findingsOf(db, orderId);
}

/** Marks open findings accepted by the merchant (all blocking ones when no ids are given). */
export async function overrideFindings(
  db: Db,
  input: { orderId: string; ids: string[] | null; by: string; note: string | null; now: Date },
): Promise<FindingRow[]> {
  const where = { orderId: input.orderId, status: "open", ...(input.ids ? { id: { in: input.ids } } : { severity: "block" }) };
  const rows = await db.finding.findMany({ where });
  if (rows.length === 0) return [];
  await db.finding.updateMany({
    where: { id: { in: rows.map((row) => row.id) } },
    data: { status: "overridden", overriddenAt: input.now, overriddenBy: input.by, overrideNote: input.note },
  });
  return rows;
}

export interface IntakeState {
  status: IntakeStatus;
  holdReason: string | null;
  openBlocking: number;
  openTotal: number;
  oldestOpenAt: Date | null;
  evaluatedVersion: Date;
  evaluatedAt: Date;
}

export async function saveIntakeState(db: Db, shop: string, orderId: string, state: IntakeState): Promise<void> {
  await db.orderIntake.upsert({ where: { orderId }, create: { orderId, shop, ...state }, update: state });
}

/** Orderflow's hold is on (set after Shopify confirmed it) or about to come off (cleared before Orderflow releases it). */
export async function setHeldAt(db: Db, shop: string, orderId: string, heldAt: Date | null): Promise<void> {
  await db.orderIntake.upsert({ where: { orderId }, create: { orderId, shop, status: heldAt ? "held" : "clear", heldAt }, update: { heldAt } });
}

export async function heldAtOf(db: Db, orderId: string): Promise<Date | null> {
  return (await db.orderIntake.findUnique({ where: { orderId }, select: { heldAt: true } }))?.heldAt ?? null;
}

/** Per order, the version the app has stored and the version it finished evaluating. */
export async function orderVersions(db: Db, shop: string, ids: string[]): Promise<Map<string, { snapshotVersion: Date | null; evaluatedVersion: Date | null }>> {
  const [orders, intakes] = await Promise.all([
    db.order.findMany({ where: { shop, id: { in: ids } }, select: { id: true, shopifyUpdatedAt: true } }),
    db.orderIntake.findMany({ where: { shop, orderId: { in: ids } }, select: { orderId: true, evaluatedVersion: true } }),
  ]);
  const evaluated = new Map(intakes.map((row) => [row.orderId, row.evaluatedVersion]));
  const snapshots = new Map(orders.map((row) => [row.id, row.shopifyUpdatedAt]));
  return new Map(ids.map((id) => [id, { snapshotVersion: snapshots.get(id) ?? null, evaluatedVersion: evaluated.get(id) ?? null }]));
}

/** The line items of the shop's latest orders but one, for its quantity history. */
export async function pastOrderLines(db: Db, shop: string, excludeOrderId: string, take = 500) {
  const rows = await db.order.findMany({
    where: { shop, id: { not: excludeOrderId }, cancelledAt: null },
    select: { lineItems: true },
    orderBy: { shopifyCreatedAt: "desc" },
    take,
  });
  return rows.map((row) => ({ lineItems: JSON.parse(row.lineItems) as Array<{ variantId: string | null; quantity: number }> }));
}

export async function orderByLegacyId(db: Db, shop: string, legacyId: string) {
  const row = await db.order.findFirst({ where: { shop, legacyId } });
  return row ? readOrder(row) : null;
}

export async function orderById(db: Db, shop: string, id: string) {
  const row = await db.order.findFirst({ where: { shop, id } });
  return row ? readOrder(row) : null;
}

export interface ProblemFilter {
  shop: string;
  errorClass?: string;
  severity?: string;
  code?: string;
  openedBefore?: Date | null;
  take?: number;
}

/** Orders with open problems matching the filter, most overdue first, each with all its open findings. */
export async function listProblemOrders(db: Db, filter: ProblemFilter) {
  const matching = await db.finding.findMany({
    where: {
      shop: filter.shop,
      status: "open",
      ...(filter.severity ? { severity: filter.severity } : { severity: { in: ["block", "warn"] } }),
      ...(filter.errorClass ? { errorClass: filter.errorClass } : {}),
      ...(filter.code ? { code: filter.code } : {}),
      ...(filter.openedBefore ? { openedAt: { lte: filter.openedBefore } } : {}),
    },
    select: { orderId: true },
    distinct: ["orderId"],
  });
  const ids = matching.map((row) => row.orderId);
  if (ids.length === 0) return [];
  const [orders, intakes, findings] = await Promise.all([
    db.order.findMany({ where: { shop: filter.shop, id: { in: ids }, cancelledAt: null } }),
    db.orderIntake.findMany({ where: { orderId: { in: ids } } }),
    db.finding.findMany({ where: { orderId: { in: ids }, status: "open" }, orderBy: [{ openedAt: "asc" }, { id: "asc" }] }),
  ]);
  const intakeOf = new Map(intakes.map((row) => [row.orderId, row]));
  return orders
    .map((row) => {
      const own = findings.filter((finding) => finding.orderId === row.id);
      return { order: readOrder(row), intake: intakeOf.get(row.id) ?? null, findings: own, oldestOpenAt: own[0]?.openedAt ?? null };
    })
    .filter((entry) => entry.findings.length > 0)
    .sort((a, b) => (a.oldestOpenAt?.getTime() ?? 0) - (b.oldestOpenAt?.getTime() ?? 0))
    .slice(0, filter.take ?? 200);
}

/** Per error class, how many orders have an open problem (warnings and blocks) of that class. */
export async function countProblemOrdersByClass(db: Db, shop: string): Promise<Record<"all" | "customer" | "fulfillment" | "shipping", number>> {
  const rows = await db.finding.findMany({
    where: { shop, status: "open", severity: { in: ["block", "warn"] } },
    select: { orderId: true, errorClass: true },
    distinct: ["orderId", "errorClass"],
  });
  const counts = { all: new Set(rows.map((row) => row.orderId)).size, customer: 0, fulfillment: 0, shipping: 0 };
  for (const row of rows) if (row.errorClass === "customer" || row.errorClass === "fulfillment" || row.errorClass === "shipping") counts[row.errorClass] += 1;
  return counts;
}


export async function openFindingCodes(db: Db, shop: string): Promise<string[]> {
  const rows = await db.finding.findMany({ where: { shop, status: "open" }, select: { code: true }, distinct: ["code"], orderBy: { code: "asc" } });
  return rows.map((row) => row.code);
}

/** Orders the shop's intake should look at again after its settings change: not cancelled, recently placed or still with problems. */
export async function ordersToRecheck(db: Db, shop: string, since: Date, take = 500): Promise<string[]> {
  const withProblems = await db.orderIntake.findMany({ where: { shop, status: { in: ["held", "review"] } }, select: { orderId: true } });
  const rows = await db.order.findMany({
    where: { shop, cancelledAt: null, OR: [{ shopifyCreatedAt: { gte: since } }, { id: { in: withProblems.map((row) => row.orderId) } }] },
    select: { id: true },
    orderBy: { shopifyCreatedAt: "desc" },
    take,
  });
  return rows.map((row) => row.id);
}

/** Takes the order's evaluation lease when it is free or lapsed; true when taken. */
export async function tryLockOrder(db: Db, shop: string, orderId: string, owner: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  try {
    await db.orderIntake.create({ data: { orderId, shop, status: "clear", lockedUntil: new Date(now.getTime() + leaseMs), lockedBy: owner } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const { count } = await db.orderIntake.updateMany({
    where: { orderId, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedUntil: new Date(now.getTime() + leaseMs), lockedBy: owner },
  });
  return count === 1;
}

export async function unlockOrder(db: Db, orderId: string, owner: string): Promise<void> {
  await db.orderIntake.updateMany({ where: { orderId, lockedBy: owner }, data: { lockedUntil: null, lockedBy: null } });
}
