import type { Db } from "../db.server";
import {
  describeAge,
  openedBefore,
  settingsFormValues,
  signFixToken,
  slaState,
  type AgeFilter,
  type SettingsForm,
} from "../domain/intake";
import { topicName } from "../domain/webhooks/topics";
import { countOpenDeadLetters, listDeadLetters } from "../models/dead-letters.server";
import { fixLinksOf } from "../models/fix-links.server";
import { getIntakeSettings } from "../models/intake-settings.server";
import { listOrderEvents } from "../models/order-events.server";
import {
  countProblemOrdersByClass,
  findingsOf,
  listProblemOrders,
  openFindingCodes,
  orderByLegacyId,
  orderIntakeOf,
} from "../models/order-intake.server";
import { latestReconcileRuns, reconcileStateOf } from "../models/reconcile.server";
import { APP_PROXY_PATH } from "./actions.server";
import { holdReasonLabel } from "./evaluate.server";

// What the intake pages show, as plain serialisable objects (one loader function per page).

export interface InboxQuery {
  errorClass: "all" | "customer" | "fulfillment" | "shipping";
  severity: "any" | "block" | "warn" | "info";
  code: string;
  age: AgeFilter;
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export async function loadInbox(db: Db, shop: string, query: InboxQuery, now = new Date()) {
  const settings = await getIntakeSettings(db, shop);
  const [rows, counts, codes, runs, state, deadLetters] = await Promise.all([
    listProblemOrders(db, {
      shop,
      errorClass: query.errorClass === "all" ? undefined : query.errorClass,
      severity: query.severity === "any" ? undefined : query.severity,
      code: query.code || undefined,
      openedBefore: openedBefore(query.age, settings.slaHours, now),
    }),
    countProblemOrdersByClass(db, shop),
    openFindingCodes(db, shop),
    latestReconcileRuns(db, shop, 1),
    reconcileStateOf(db, shop),
    countOpenDeadLetters(db, shop),
  ]);
  const lastRun = runs[0];
  return {
    query,
    slaHours: settings.slaHours,
    counts,
    codes,
    deadLetters,
    reconcile: {
      lastRun: lastRun
        ? {
            trigger: lastRun.trigger,
            startedAt: iso(lastRun.startedAt)!,
            finishedAt: iso(lastRun.finishedAt),
            checked: lastRun.checked,
            repaired: lastRun.repaired,
            error: lastRun.error,
          }
        : null,
      nextRunAt: iso(state?.nextRunAt),
    },
    orders: rows.map(({ order, intake, findings, oldestOpenAt }) => {
      const sla = slaState(oldestOpenAt ?? now, settings.slaHours, now);
      return {
        id: order.id,
        legacyId: order.legacyId,
        name: order.name,
        customer: order.customerName ?? order.email ?? "No customer",
        status: intake?.status ?? "review",
        holdReason: intake?.holdReason ? holdReasonLabel(intake.holdReason) : null,
        age: describeAge(sla.ageMinutes),
        breached: sla.breached,
        dueIn: sla.breached ? null : describeAge(sla.remainingMinutes),
        // Within a class tab or a filter, the problems that put the order there.
        findings: findings
          .filter((finding) => (query.severity === "any" ? finding.severity !== "info" : finding.severity === query.severity))
          .filter((finding) => query.errorClass === "all" || finding.errorClass === query.errorClass)
          .filter((finding) => !query.code || finding.code === query.code)
          .map((finding) => ({ id: finding.id, code: finding.code, severity: finding.severity, errorClass: finding.errorClass, message: finding.message })),
      };
    }),
  };
}

export async function loadOrderTimeline(db: Db, shop: string, legacyId: string, secret: string, storefrontUrl: (shop: string, path: string) => string, now = new Date()) {
  const order = await orderByLegacyId(db, shop, legacyId);
  if (!order) return null;
  const [intake, findings, events, links, settings] = await Promise.all([
    orderIntakeOf(db, order.id),
    findingsOf(db, order.id),
    listOrderEvents(db, shop, order.id),
    fixLinksOf(db, order.id),
    getIntakeSettings(db, shop),
  ]);
  const open = findings.filter((finding) => finding.status === "open" && finding.severity !== "info");
  const oldest = open.reduce<Date | null>((at, finding) => (!at || finding.openedAt < at ? finding.openedAt : at), null);
  const sla = oldest ? slaState(oldest, settings.slaHours, now) : null;
  const latestLink = links[0];
  const address = order.shippingAddress;
  const [firstName = "", ...lastName] = (address?.name ?? "").split(" ");
  return {
    order: {
      id: order.id,
      legacyId: order.legacyId,
      name: order.name,
      customer: order.customerName ?? "No customer",
      email: order.email ?? "",
      phone: order.phone ?? "",
      total: `${order.totalPrice} ${order.currency}`,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      cancelled: order.cancelledAt !== null,
      createdAt: order.shopifyCreatedAt.toISOString(),
      tags: order.tags,
      items: order.lineItems.map((line) => ({ title: line.title, sku: line.sku, quantity: line.quantity })),
      address: {
        firstName,
        lastName: lastName.join(" "),
        company: address?.company ?? "",
        address1: address?.address1 ?? "",
        address2: address?.address2 ?? "",
        city: address?.city ?? "",
        provinceCode: address?.provinceCode ?? "",
        zip: address?.zip ?? "",
        countryCode: address?.countryCode ?? "",
        phone: address?.phone ?? "",
      },
    },
    intake: {
      status: intake?.status ?? "clear",
      holdReason: intake?.holdReason ? holdReasonLabel(intake.holdReason) : null,
      age: sla ? describeAge(sla.ageMinutes) : null,
      breached: sla?.breached ?? false,
      slaHours: settings.slaHours,
    },
    findings: findings.map((finding) => ({
      id: finding.id,
      code: finding.code,
      severity: finding.severity,
      errorClass: finding.errorClass,
      field: finding.field,
      message: finding.message,
      suggestion: finding.suggestion,
      suggestedValue: finding.suggestedValue,
      status: finding.status,
      openedAt: finding.openedAt.toISOString(),
      closedBy: finding.status === "overridden" ? finding.overriddenBy : finding.status === "resolved" ? finding.resolvedBy : null,
      closedAt: iso(finding.status === "overridden" ? finding.overriddenAt : finding.resolvedAt),
      note: finding.overrideNote,
    })),
    fixLink: latestLink
      ? {
          url: storefrontUrl(
            shop,
            `${APP_PROXY_PATH}/fix/${signFixToken({ linkId: latestLink.id, shop, orderId: order.legacyId, expiresAt: latestLink.expiresAt }, secret)}`,
          ),
          expiresAt: latestLink.expiresAt.toISOString(),
          expired: latestLink.expiresAt <= now,
          openedAt: iso(latestLink.openedAt),
          submittedAt: iso(latestLink.submittedAt),
        }
      : null,
    events: events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      kind: event.kind,
      actor: event.actor,
      actorName: event.actorName,
      summary: event.summary,
    })),
  };
}

export async function loadSettings(db: Db, shop: string): Promise<{ form: SettingsForm; updatedAt: string | null }> {
  const settings = await getIntakeSettings(db, shop);
  return { form: settingsFormValues(settings.config, settings), updatedAt: iso(settings.updatedAt) };
}

export async function loadDeadLetters(db: Db, shop: string) {
  const rows = await listDeadLetters(db, shop);
  return rows.map((row) => ({
    id: row.id,
    topic: topicName(row.topic),
    receivedAt: row.receivedAt.toISOString(),
    triggeredAt: iso(row.triggeredAt),
    eventId: row.eventId,
    reason: row.reason,
    status: row.status,
    outcome: row.outcome,
    resolvedBy: row.resolvedBy,
    body: row.body.length > 4000 ? `${row.body.slice(0, 4000)}…` : row.body,
  }));
}
