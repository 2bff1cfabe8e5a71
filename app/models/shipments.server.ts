import type { Db } from "../db.server";
import { applyTrackingEvent, laneRefSchema, openShipment, type LaneRef } from "../domain/carriers/lanes";
import type { TrackingEventType } from "../domain/carriers/lanes";
import { shipmentStatusAfter, type ShipmentStatus } from "../domain/fulfilment/tracking";
import { withLaneBook } from "./carrier-setup.server";
import { isUniqueViolation } from "./webhook-deliveries.server";

// Shipments: one per fulfilment Orderflow creates, from the claim taken before Shopify is asked
// to the carrier's last tracking event, which teaches the shipment's lane.

export interface ShipmentEvent {
  /** Shopify's FulfillmentEvent id: a repeat delivery of the same event is recognised by it. */
  id: string;
  status: string;
  type: TrackingEventType | null;
  message: string | null;
  happenedAt: string;
}

export interface NewShipment {
  shop: string;
  orderId: string;
  orderName: string;
  fulfillmentOrderId: string;
  locationId: string;
  locationName: string;
  carrierId: string;
  carrierName: string;
  serviceId: string;
  serviceName: string;
  trackingNumber: string;
  trackingUrl: string | null;
  laneKey: string;
  lane: LaneRef;
  promisedDays: number;
  cost: number;
  currency: string;
  choice: "recommended" | "chosen";
  createdBy: string;
}

type Row = Awaited<ReturnType<Db["shipment"]["findUniqueOrThrow"]>>;

export type StoredShipment = Omit<Row, "lane" | "events" | "status"> & { lane: LaneRef; events: ShipmentEvent[]; status: ShipmentStatus };

function read(row: Row): StoredShipment {
  return {
    ...row,
    lane: laneRefSchema.parse(JSON.parse(row.lane)),
    events: JSON.parse(row.events) as ShipmentEvent[],
    status: row.status as ShipmentStatus,
  };
}

const claimKey = (shop: string, fulfillmentOrderId: string) => `${shop}|${fulfillmentOrderId}`;

/** A claim older than this belongs to an attempt that died before it finished. */
export const STALE_CLAIM_MS = 2 * 60_000;

/**
 * Takes the fulfillment order for one fulfilment. Null while another attempt holds it (or the
 * tracking number is already another shipment's); a claim left by an attempt that died is
 * returned as `resumed`, with its own tracking number, so that the caller can find out whether
 * Shopify made that fulfilment before asking again.
 */
export async function claimShipment(
  db: Db,
  input: NewShipment,
  now = new Date(),
): Promise<{ shipment: StoredShipment; resumed: boolean } | null> {
  try {
    const row = await db.shipment.create({
      data: {
        ...input,
        lane: JSON.stringify(input.lane),
        cost: String(input.cost),
        status: "creating",
        pendingFor: claimKey(input.shop, input.fulfillmentOrderId),
      },
    });
    return { shipment: read(row), resumed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const held = await db.shipment.findUnique({ where: { pendingFor: claimKey(input.shop, input.fulfillmentOrderId) } });
    return held && now.getTime() - held.createdAt.getTime() > STALE_CLAIM_MS ? { shipment: read(held), resumed: true } : null;
  }
}

/** The claim is given back: Shopify refused the fulfilment, so there is no shipment. */
export async function dropClaim(db: Db, id: string): Promise<void> {
  await db.shipment.deleteMany({ where: { id, status: "creating" } });
}

/** Shopify has the fulfilment: the shipment is on its way and its lane starts following it. Once only. */
export async function markShipped(db: Db, id: string, fulfillmentId: string, at: Date): Promise<StoredShipment> {
  const row = await db.shipment.findUniqueOrThrow({ where: { id } });
  return withLaneBook(db, row.shop, async (book, tx) => {
    const { count } = await tx.shipment.updateMany({
      where: { id, status: "creating" },
      data: { status: "shipped", fulfillmentId, pendingFor: null, shippedAt: at },
    });
    if (count === 1)
      openShipment(book, {
        shipmentId: id,
        lane: laneRefSchema.parse(JSON.parse(row.lane)),
        promisedDays: row.promisedDays,
        shippedAt: at.toISOString(),
      });
    return { changed: count === 1, result: read(await tx.shipment.findUniqueOrThrow({ where: { id } })) };
  });
}

export type TrackingOutcome = "unknown_shipment" | "duplicate" | "recorded" | "finished";

/**
 * Records a carrier's tracking event on its shipment and, when the event moves the parcel on,
 * in the lane book; both or neither. The same event twice changes nothing the second time.
 */
export async function recordTrackingEvent(db: Db, shop: string, fulfillmentId: string, event: ShipmentEvent): Promise<TrackingOutcome> {
  const found = await db.shipment.findUnique({ where: { shop_fulfillmentId: { shop, fulfillmentId } }, select: { id: true } });
  if (!found) return "unknown_shipment";
  return withLaneBook(db, shop, async (book, tx) => {
    const row = await tx.shipment.findUniqueOrThrow({ where: { id: found.id } });
    const events = JSON.parse(row.events) as ShipmentEvent[];
    if (events.some((known) => known.id === event.id)) return { changed: false, result: "duplicate" as const };
    const next = [...events, event].sort((a, b) => a.happenedAt.localeCompare(b.happenedAt));
    const status = event.type ? shipmentStatusAfter(row.status as ShipmentStatus, event.type) : (row.status as ShipmentStatus);
    const lane = event.type ? applyTrackingEvent(book, { shipmentId: row.id, type: event.type, at: event.happenedAt }) : "ignored";
    await tx.shipment.update({
      where: { id: row.id },
      data: {
        events: JSON.stringify(next),
        status,
        ...(lane === "finished" ? { finishedAt: new Date(event.happenedAt) } : {}),
      },
    });
    return { changed: lane !== "ignored", result: lane === "finished" ? ("finished" as const) : ("recorded" as const) };
  });
}

export async function shipmentsOfFulfillmentOrder(db: Db, shop: string, fulfillmentOrderId: string): Promise<StoredShipment[]> {
  const rows = await db.shipment.findMany({ where: { shop, fulfillmentOrderId }, orderBy: { createdAt: "desc" } });
  return rows.map(read);
}

export async function listShipments(db: Db, shop: string, take = 50): Promise<StoredShipment[]> {
  const rows = await db.shipment.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
  return rows.map(read);
}
