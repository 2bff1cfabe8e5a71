// The fulfilment pages' work: the queue of open fulfillment orders with their recommendations, the
// pick list, the pack bench, and the fulfilment itself (one at the bench, many in bulk).
import type { Db } from "../db.server";
import { laneKey } from "../domain/carriers/lanes";
import { lineTitle, type FulfillmentOrderSnapshot } from "../domain/fulfilment/fulfillment-order";
import { applyScan, checkCounts, packProgress, type PackCounts, type ScanOutcome } from "../domain/fulfilment/pack-check";
import { pickList } from "../domain/fulfilment/pick-list";
import { bulkEligibility, chosenOption, planFulfilment, type FulfilmentPlan } from "../domain/fulfilment/plan";
import { mintTrackingNumber, trackingUrl } from "../domain/fulfilment/tracking";
import { loadCarrierSetup } from "../models/carrier-setup.server";
import { listFulfilmentErrors, logFulfilmentError } from "../models/fulfilment-errors.server";
import { intakeReadiness } from "../models/intake-readiness.server";
import { claimShipment, dropClaim, markShipped, shipmentsOfFulfillmentOrder, type StoredShipment } from "../models/shipments.server";
import { UserErrorsError, type AdminGraphql } from "../shopify/admin-client.server";
import { fetchFulfillmentOrder, listOpenFulfillmentOrders } from "../shopify/fulfillment-orders.server";
import { createFulfillment, fulfilmentsOf } from "../shopify/fulfillments.server";
import { listLocations } from "../shopify/locations.server";

export interface FulfilmentDeps {
  db: Db;
  graphql: AdminGraphql;
}

/** Open fulfillment orders the pages list at most; the list says when there are more. */
export const QUEUE_LIMIT = 60;

export function fulfillmentOrderGid(legacyId: string): string {
  return `gid://shopify/FulfillmentOrder/${legacyId}`;
}

async function plans(db: Db, shop: string, fulfillmentOrders: FulfillmentOrderSnapshot[]): Promise<FulfilmentPlan[]> {
  const setup = await loadCarrierSetup(db, shop);
  return fulfillmentOrders.map((fulfillmentOrder) => planFulfilment(fulfillmentOrder, setup));
}

/** Every open fulfillment order with what the engine recommends and whether bulk fulfilment may take it. */
export async function fulfilmentQueue({ db, graphql }: FulfilmentDeps, shop: string) {
  const [{ fulfillmentOrders, more }, setup, errors] = await Promise.all([
    listOpenFulfillmentOrders(graphql, { limit: QUEUE_LIMIT }),
    loadCarrierSetup(db, shop),
    listFulfilmentErrors(db, shop, { take: 10 }),
  ]);
  const intake = await intakeReadiness(
    db,
    shop,
    fulfillmentOrders.map((fo) => fo.order.id),
  );
  return {
    hasCatalog: setup.catalog !== null,
    more,
    errors: errors.map((error) => ({ ...error, at: error.at.toISOString() })),
    rows: (await plans(db, shop, fulfillmentOrders)).map((plan) => {
      const winner = plan.recommendation?.winner ?? null;
      const bulk = bulkEligibility(plan, intake.get(plan.fulfillmentOrder.order.id) ?? null);
      return {
        id: plan.fulfillmentOrder.legacyId,
        orderName: plan.fulfillmentOrder.order.name,
        status: plan.fulfillmentOrder.status,
        location: plan.fulfillmentOrder.location.name,
        destination: plan.input.ok
          ? [plan.input.shipment.address.country, plan.input.shipment.address.region].filter(Boolean).join("-")
          : null,
        units: plan.fulfillmentOrder.lines.reduce((n, line) => n + line.remainingQuantity, 0),
        shippingLine: plan.fulfillmentOrder.order.shippingLineTitle,
        priority: plan.recommendation?.priority.priority ?? null,
        winner: winner && {
          carrier: winner.carrierName,
          service: winner.serviceName,
          mode: winner.mode,
          cost: winner.cost.total,
          onTime: winner.onTimeProbability,
        },
        currency: setup.prepared?.currency ?? plan.fulfillmentOrder.order.currency,
        blocker: plan.fulfillability.ok ? plan.blocker : plan.fulfillability.reason,
        bulk: bulk.ok ? null : bulk.reason,
      };
    }),
  };
}

/** The pick list of one location: the one asked for, else the one with the most open orders. */
export async function pickListPage({ graphql }: FulfilmentDeps, locationLegacyId: string | null) {
  const locations = await listLocations(graphql);
  const asked = locations.find((candidate) => candidate.legacyId === locationLegacyId);
  let listed: { fulfillmentOrders: FulfillmentOrderSnapshot[]; more: boolean };
  let location = asked;
  if (asked) {
    listed = await listOpenFulfillmentOrders(graphql, { locationLegacyId: asked.legacyId, limit: QUEUE_LIMIT });
  } else {
    const everywhere = await listOpenFulfillmentOrders(graphql, { limit: QUEUE_LIMIT });
    const busiest = [...locations].sort(
      (a, b) =>
        everywhere.fulfillmentOrders.filter((fo) => fo.location.legacyId === b.legacyId).length -
        everywhere.fulfillmentOrders.filter((fo) => fo.location.legacyId === a.legacyId).length,
    )[0];
    location = busiest;
    listed = {
      fulfillmentOrders: everywhere.fulfillmentOrders.filter((fo) => fo.location.legacyId === busiest?.legacyId),
      more: everywhere.more,
    };
  }
  if (!location) return { locations, location: null, list: null, fulfillmentOrders: [], more: false };
  return {
    locations,
    location,
    list: pickList(listed.fulfillmentOrders),
    fulfillmentOrders: listed.fulfillmentOrders.map((fo) => ({
      id: fo.legacyId,
      orderName: fo.order.name,
      status: fo.status,
      units: fo.lines.reduce((n, l) => n + l.remainingQuantity, 0),
    })),
    more: listed.more,
  };
}

/** One fulfillment order with its recommendation, its shipments and the errors logged against it. */
export async function fulfillmentOrderPage({ db, graphql }: FulfilmentDeps, shop: string, legacyId: string) {
  const fulfillmentOrder = await fetchFulfillmentOrder(graphql, fulfillmentOrderGid(legacyId));
  if (!fulfillmentOrder) return null;
  const setup = await loadCarrierSetup(db, shop);
  const plan = planFulfilment(fulfillmentOrder, setup);
  const [shipments, errors] = await Promise.all([
    shipmentsOfFulfillmentOrder(db, shop, fulfillmentOrder.id),
    listFulfilmentErrors(db, shop, { fulfillmentOrderId: fulfillmentOrder.id, take: 20 }),
  ]);
  const intake = await intakeReadiness(db, shop, [fulfillmentOrder.order.id]);
  return {
    plan,
    serviceNames: Object.fromEntries(
      (setup.catalog?.carriers ?? []).flatMap((carrier) =>
        carrier.services.map((service) => [service.id, `${carrier.name} ${service.name}`]),
      ),
    ) as Record<string, string>,
    currency: setup.prepared?.currency ?? fulfillmentOrder.order.currency,
    locale: setup.settings.locale,
    bulk: bulkEligibility(plan, intake.get(fulfillmentOrder.order.id) ?? null),
    shipments,
    errors: errors.map((error) => ({ ...error, at: error.at.toISOString() })),
  };
}

export type ScanResult =
  | { outcome: ScanOutcome; counts: PackCounts }
  | { outcome: { kind: "refused"; message: string }; counts: PackCounts };

/** One scan at the pack bench; a wrong item or one too many is refused and logged with who scanned it. */
export async function scanAtBench(
  { db, graphql }: FulfilmentDeps,
  input: { shop: string; actor: string; fulfillmentOrderId: string; counts: PackCounts; code: string },
): Promise<ScanResult | null> {
  const fulfillmentOrder = await fetchFulfillmentOrder(graphql, input.fulfillmentOrderId);
  if (!fulfillmentOrder) return null;
  const plan = planFulfilment(fulfillmentOrder, await loadCarrierSetup(db, input.shop));
  if (!plan.fulfillability.ok)
    return {
      outcome: { kind: "refused", message: `Nothing can be packed for ${fulfillmentOrder.order.name}: ${plan.fulfillability.reason}.` },
      counts: {},
    };
  const checked = checkCounts(fulfillmentOrder.lines, input.counts);
  if (!checked.ok) return { outcome: { kind: "refused", message: `The pack check starts again: ${checked.message}.` }, counts: {} };
  const outcome = applyScan(fulfillmentOrder.lines, input.counts, input.code);
  if (outcome.kind === "wrong_item" || outcome.kind === "over_scan") {
    await logFulfilmentError(db, {
      shop: input.shop,
      fulfillmentOrderId: fulfillmentOrder.id,
      orderName: fulfillmentOrder.order.name,
      kind: outcome.kind,
      scanned: outcome.code,
      expected: outcome.expected,
      message: outcome.message,
      actor: input.actor,
    });
  }
  return { outcome, counts: outcome.kind === "packed" ? outcome.counts : input.counts };
}

/**
 * A fulfilment whose attempt ended without an answer (a timeout, a crash) may exist on Shopify
 * all the same: found by its tracking number, it is recorded as shipped instead of made twice.
 */
async function settleInterrupted(db: Db, graphql: AdminGraphql, shop: string, fulfillmentOrderId: string): Promise<StoredShipment | null> {
  const pending = (await shipmentsOfFulfillmentOrder(db, shop, fulfillmentOrderId)).find((shipment) => shipment.status === "creating");
  if (!pending) return null;
  const existing = (await fulfilmentsOf(graphql, fulfillmentOrderId)).find((f) => f.trackingNumbers.includes(pending.trackingNumber));
  return existing ? markShipped(db, pending.id, existing.id, new Date()) : null;
}

export interface FulfilRequest {
  shop: string;
  actor: string;
  fulfillmentOrderId: string;
  /** What the pack bench counted; null for bulk fulfilment, which ships clean orders unscanned. */
  packed: PackCounts | null;
  /** The service the merchant picked; null ships with the recommendation. */
  serviceId: string | null;
  /** Scanned from the carrier's label; null mints one from the fulfillment order. */
  trackingNumber: string | null;
  notifyCustomer: boolean;
}

export type FulfilResult =
  | { ok: true; shipment: StoredShipment }
  | {
      ok: false;
      message: string;
      orderName: string | null;
      /** Another attempt holds the fulfillment order: trying later may succeed. */
      retryable: boolean;
      /** Already in the fulfilment error log. */
      logged: boolean;
    };

function refused(message: string, orderName: string | null, more: { retryable?: boolean; logged?: boolean } = {}): FulfilResult {
  return { ok: false, message, orderName, retryable: more.retryable ?? false, logged: more.logged ?? false };
}

/**
 * Fulfils what is left of a fulfillment order with one carrier and service: checks it may be
 * fulfilled (never one on hold) and, from the bench, that every unit was scanned; claims it;
 * creates the fulfilment with its tracking on Shopify; and starts following the shipment. When
 * Shopify refuses, the claim is given back and the refusal logged. An error that leaves the
 * outcome unknown keeps the claim, and the next attempt looks for the fulfilment before asking
 * Shopify again.
 */
export async function fulfil({ db, graphql }: FulfilmentDeps, request: FulfilRequest): Promise<FulfilResult> {
  const fulfillmentOrder = await fetchFulfillmentOrder(graphql, request.fulfillmentOrderId);
  if (!fulfillmentOrder) return refused("That fulfillment order no longer exists on Shopify.", null);
  const name = fulfillmentOrder.order.name;
  const interrupted = await settleInterrupted(db, graphql, request.shop, fulfillmentOrder.id);
  if (interrupted) return { ok: true, shipment: interrupted };
  const setup = await loadCarrierSetup(db, request.shop);
  const plan = planFulfilment(fulfillmentOrder, setup);
  if (!plan.fulfillability.ok) return refused(`${name} cannot be fulfilled: ${plan.fulfillability.reason}.`, name);
  if (request.packed) {
    const checked = checkCounts(fulfillmentOrder.lines, request.packed);
    const progress = packProgress(fulfillmentOrder.lines, request.packed);
    if (!checked.ok || !progress.complete)
      return refused(`Scan every item of ${name} before fulfilling it (${progress.packed} of ${progress.total} scanned).`, name);
  } else {
    const intake = await intakeReadiness(db, request.shop, [fulfillmentOrder.order.id]);
    const bulk = bulkEligibility(plan, intake.get(fulfillmentOrder.order.id) ?? null);
    if (!bulk.ok) return refused(`${name} was left out of bulk fulfilment: ${bulk.reason}.`, name);
  }
  const chosen = chosenOption(plan, request.serviceId);
  if ("error" in chosen) return refused(chosen.error, name);
  const { option } = chosen;
  if (!plan.input.ok) return refused(plan.blocker ?? "No parcel to ship.", name);
  const carrier = setup.catalog!.carriers.find((candidate) => candidate.id === option.carrierId)!;
  const number = request.trackingNumber?.trim() || mintTrackingNumber(option.carrierId, fulfillmentOrder.legacyId);
  const lane = { ...plan.input.lane, serviceId: option.serviceId };
  const claim = await claimShipment(db, {
    shop: request.shop,
    orderId: fulfillmentOrder.order.id,
    orderName: name,
    fulfillmentOrderId: fulfillmentOrder.id,
    locationId: fulfillmentOrder.location.id,
    locationName: fulfillmentOrder.location.name,
    carrierId: option.carrierId,
    carrierName: option.carrierName,
    serviceId: option.serviceId,
    serviceName: option.serviceName,
    trackingNumber: number,
    trackingUrl: trackingUrl(carrier.trackingUrl, number),
    laneKey: laneKey(lane),
    lane,
    promisedDays: plan.recommendation!.promise.days,
    cost: option.cost.total,
    currency: setup.prepared!.currency,
    choice: option.serviceId === plan.recommendation!.winner!.serviceId ? "recommended" : "chosen",
    createdBy: request.actor,
  });
  if (!claim)
    return refused(`${name} is being fulfilled already (or tracking number ${number} is taken); reload in a moment.`, name, {
      retryable: true,
    });
  const { shipment } = claim;
  try {
    const created = await createFulfillment(graphql, {
      fulfillmentOrderId: fulfillmentOrder.id,
      lines: fulfillmentOrder.lines
        .filter((line) => line.remainingQuantity > 0)
        .map((line) => ({ id: line.id, quantity: line.remainingQuantity })),
      tracking: { company: shipment.carrierName, number: shipment.trackingNumber, url: shipment.trackingUrl },
      notifyCustomer: request.notifyCustomer,
    });
    return { ok: true, shipment: await markShipped(db, shipment.id, created.id, new Date()) };
  } catch (error) {
    if (!(error instanceof UserErrorsError)) throw error;
    await dropClaim(db, shipment.id);
    const message = `Shopify refused to fulfil ${name}: ${error.userErrors.map((e) => e.message).join("; ")}`;
    await logFulfilmentError(db, {
      shop: request.shop,
      fulfillmentOrderId: fulfillmentOrder.id,
      orderName: name,
      kind: "fulfil_refused",
      scanned: null,
      expected: fulfillmentOrder.lines.map((line) => `${line.sku ?? lineTitle(line)} ×${line.remainingQuantity}`).join(", "),
      message,
      actor: request.actor,
    });
    return refused(message, name, { logged: true });
  }
}
