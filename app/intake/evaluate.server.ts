import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Db } from "../db.server";
import {
  AUTOMATION,
  checkOrder,
  describeActor,
  diffFindings,
  findingKey,
  HOLD_HANDLE,
  planIntakeActions,
  releasedOutsideOrderflow,
  type Actor,
  type CurrentFinding,
  type Finding,
} from "../domain/intake";
import { INTAKE_TAG, needsIntakeTag } from "../domain/orders/intake-status";
import { getIntakeSettings } from "../models/intake-settings.server";
import type { EventDraft } from "../models/order-events.server";
import { recordEvents } from "../models/order-events.server";
import {
  applyFindingChanges,
  findingsOf,
  heldAtOf,
  overrideFindings,
  saveIntakeState,
  setHeldAt,
  tryLockOrder,
  unlockOrder,
  type FindingRow,
} from "../models/order-intake.server";
import { markOrderTagged, saveOrderSnapshot } from "../models/orders.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { fetchFulfillmentOrders, holdFulfillmentOrder, releaseFulfillmentOrderHolds } from "../shopify/fulfillment-orders.server";
import { addTags, fetchOrder, removeTags } from "../shopify/orders.server";
import { availabilityFromMirror, buildIntakeContext, type AvailabilityPort } from "./context.server";

// The order sync with intake: read the order as Shopify has it now, keep the snapshot unless a
// newer one is stored, run the rules, store what they found, and make Shopify match (hold,
// release, tags). Every step is safe to run again: a repeat finds nothing left to do.

export interface IntakeDeps {
  db: Db;
  graphql: AdminGraphql;
  availability?: AvailabilityPort;
  now?: () => Date;
}

export interface SyncRequest {
  shop: string;
  orderId: string;
  /** Who caused this evaluation: findings it resolves are resolved by them. */
  actor: Actor;
}

export type SyncOutcome = { status: "processed" | "skipped"; note?: string };

const HOLD_REASON_LABEL: Record<string, string> = {
  INCORRECT_ADDRESS: "incorrect address",
  INVENTORY_OUT_OF_STOCK: "inventory out of stock",
  OTHER: "other",
};

export const holdReasonLabel = (reason: string) => HOLD_REASON_LABEL[reason] ?? reason.toLowerCase().replace(/_/g, " ");

const LEASE_MS = 60_000;
const WAIT_MS = 30_000;

/**
 * Runs `work` as the only evaluation of the order in flight, across processes (a lease on its
 * OrderIntake row). A webhook's sync and the merchant's or customer's action on one order then
 * take turns: each sees what the other did, and the timeline credits whoever changed the order.
 */
export async function withOrderLock<T>(db: Db, shop: string, orderId: string, work: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const giveUpAt = Date.now() + WAIT_MS;
  while (!(await tryLockOrder(db, shop, orderId, owner, LEASE_MS))) {
    if (Date.now() > giveUpAt) throw new Error(`order ${orderId} is being evaluated elsewhere; try again`);
    await delay(50 + Math.random() * 100);
  }
  try {
    return await work();
  } finally {
    await unlockOrder(db, orderId, owner);
  }
}

/** The sync a webhook, a reconciliation or a recheck runs: the order's evaluation, under its lock. */
export function syncOrderIntake(deps: IntakeDeps, request: SyncRequest): Promise<SyncOutcome> {
  return withOrderLock(deps.db, request.shop, request.orderId, () => evaluateOrder(deps, request));
}

/** The evaluation itself; callers hold the order's lock (withOrderLock). */
export async function evaluateOrder(deps: IntakeDeps, request: SyncRequest): Promise<SyncOutcome> {
  const { db, graphql } = deps;
  const { shop, orderId, actor } = request;
  const readStartedAt = new Date();
  const order = await fetchOrder(graphql, orderId);
  if (!order) return { status: "skipped", note: "order no longer exists on Shopify" };
  if (!(await saveOrderSnapshot(db, shop, order))) return { status: "skipped", note: "a newer snapshot was already stored" };

  const fulfillmentOrders = (await fetchFulfillmentOrders(graphql, order.id)) ?? [];
  // Read after Shopify was read, so a hold Orderflow placed meanwhile is not taken for a release (see releasedOutsideOrderflow).
  const heldAt = await heldAtOf(db, order.id);
  const settings = await getIntakeSettings(db, shop);
  const now = deps.now?.() ?? new Date();
  const cancelled = order.cancelledAt !== null;
  const fresh = cancelled
    ? []
    : checkOrder(
        order,
        await buildIntakeContext(
          { db, graphql, availability: deps.availability ?? availabilityFromMirror(db) },
          { shop, order, fulfillmentOrders, config: settings.config, carriers: settings.carriers, now },
        ),
        settings.config,
      );

  const stored = await findingsOf(db, order.id);
  const changes = diffFindings(stored, fresh);
  const events: EventDraft[] = [
    ...changes.create.map((finding) => findingEvent("finding_opened", AUTOMATION, `Found: ${finding.message}`, finding)),
    ...changes.reopen.map(({ finding }) => findingEvent("finding_reopened", AUTOMATION, `Found again: ${finding.message}`, finding)),
    ...changes.resolve.map((row) =>
      findingEvent("finding_resolved", actor, cancelled ? `No longer applies, the order is cancelled: ${row.message}` : `Resolved: ${row.message}`, row),
    ),
  ];
  let rows = await applyFindingChanges(db, { shop, orderId: order.id, changes, resolvedBy: describeActor(actor), now, events });

  if (!cancelled && releasedOutsideOrderflow(fulfillmentOrders, heldAt, readStartedAt)) {
    const accepted = await overrideFindings(db, { orderId: order.id, ids: null, by: describeActor({ type: "shopify-admin" }), note: "Hold released in Shopify's admin", now });
    await setHeldAt(db, shop, order.id, null);
    await recordEvents(db, shop, order.id, [
      { kind: "hold_released", actor: { type: "shopify-admin" }, summary: "Orderflow's hold was released in Shopify's admin; its blocking problems count as accepted." },
      ...accepted.map((row) => findingEvent("finding_overridden", { type: "shopify-admin" }, `Accepted: ${row.message}`, row)),
    ]);
    rows = await findingsOf(db, order.id);
  }

  const statusOf = new Map(rows.map((row) => [findingKey(row), row.status]));
  const current: CurrentFinding[] = fresh.map((finding) => ({ ...finding, status: statusOf.get(findingKey(finding)) === "overridden" ? "overridden" : "open" }));
  const plan = planIntakeActions({ cancelled, findings: current, fulfillmentOrders, tags: order.tags });

  if (plan.release.length > 0) {
    // Cleared first: a sync that reads Shopify after this release must not think someone else released it.
    await setHeldAt(db, shop, order.id, null);
    for (const { fulfillmentOrderId, holdId } of plan.release) await releaseFulfillmentOrderHolds(graphql, fulfillmentOrderId, [holdId]);
    if (!plan.hold) {
      await recordEvents(db, shop, order.id, [
        { kind: "hold_released", actor, summary: "Released Orderflow's hold: no blocking problem is left.", details: { fulfillmentOrders: plan.release.map((r) => r.fulfillmentOrderId) } },
      ]);
    }
  }
  if (plan.hold) {
    for (const id of plan.hold.fulfillmentOrderIds) {
      await holdFulfillmentOrder(graphql, id, { reason: plan.hold.reason, reasonNotes: plan.hold.note, handle: HOLD_HANDLE });
    }
    await recordEvents(db, shop, order.id, [
      {
        kind: "hold_placed",
        actor: AUTOMATION,
        summary: `${plan.release.length > 0 ? "Hold reason changed" : "Put on hold"} (${holdReasonLabel(plan.hold.reason)}) so nothing ships.`,
        details: { reason: plan.hold.reason, note: plan.hold.note, fulfillmentOrders: plan.hold.fulfillmentOrderIds },
      },
    ]);
  }
  if (plan.holdReason && (plan.hold || !heldAt)) await setHeldAt(db, shop, order.id, new Date());

  // One tagsAdd for the intake tag and intake's own: each tag change is another orders/updated.
  const tagsAdd = [...(needsIntakeTag(order.tags) ? [INTAKE_TAG] : []), ...plan.tagsAdd];
  if (tagsAdd.length > 0) await addTags(graphql, order.id, tagsAdd);
  if (plan.tagsRemove.length > 0) await removeTags(graphql, order.id, plan.tagsRemove);
  await markOrderTagged(db, order.id);
  if (tagsAdd.length + plan.tagsRemove.length > 0) {
    const parts = [tagsAdd.length ? `added ${tagsAdd.join(", ")}` : "", plan.tagsRemove.length ? `removed ${plan.tagsRemove.join(", ")}` : ""];
    await recordEvents(db, shop, order.id, [
      { kind: "tags_changed", actor: AUTOMATION, summary: `Tags ${parts.filter(Boolean).join("; ")}.`, details: { added: tagsAdd, removed: plan.tagsRemove } },
    ]);
  }

  const open = rows.filter((row) => row.status === "open" && row.severity !== "info");
  await saveIntakeState(db, shop, order.id, {
    status: plan.status,
    holdReason: plan.holdReason,
    openBlocking: open.filter((row) => row.severity === "block").length,
    openTotal: open.length,
    oldestOpenAt: open.reduce<Date | null>((oldest, row) => (!oldest || row.openedAt < oldest ? row.openedAt : oldest), null),
    evaluatedVersion: new Date(order.updatedAt),
    evaluatedAt: now,
  });
  return { status: "processed", note: `${plan.status}${rows.length ? `, ${open.length} open problem(s)` : ""}` };
}

function findingEvent(kind: string, actor: Actor, summary: string, finding: Pick<Finding, "code" | "field" | "severity"> | FindingRow): EventDraft {
  return { kind, actor, summary, details: { code: finding.code, field: finding.field, severity: finding.severity } };
}
