// Tracking: the number and link a fulfilment carries, and what a carrier's tracking event means
// for the shipment and its lane.
//
// Carrier tracking reaches Shopify as fulfillment events (fulfillmentEventCreate, by the carrier's
// integration); Shopify tells the app with the fulfillment_events/create webhook, whose status is
// Shopify's FulfillmentEventStatus in lower case. Shopify has no status for a parcel returned to
// the shop or one that arrived damaged: a FAILURE (failure to deliver) ends in a return to origin,
// and a DELIVERED event whose message reports damage counts as damaged.
import type { TrackingEventType } from "../carriers/lanes";

export const SHOPIFY_EVENT_STATUSES = [
  "attempted_delivery",
  "carrier_picked_up",
  "confirmed",
  "delayed",
  "delivered",
  "failure",
  "in_transit",
  "label_printed",
  "label_purchased",
  "out_for_delivery",
  "ready_for_pickup",
] as const;

const DAMAGE = /\bdamag/i;

/** The lane engine's event for one of Shopify's; null for a status Shopify may add later. */
export function trackingEventType(status: string, message: string | null): TrackingEventType | null {
  switch (status.toLowerCase()) {
    case "carrier_picked_up":
      return "picked_up";
    case "attempted_delivery":
      return "failed_attempt";
    case "delivered":
      return message && DAMAGE.test(message) ? "damaged" : "delivered";
    case "failure":
      return "rto";
    case "confirmed":
    case "delayed":
    case "in_transit":
    case "label_printed":
    case "label_purchased":
    case "out_for_delivery":
    case "ready_for_pickup":
      return "in_transit";
    default:
      return null;
  }
}

export const SHIPMENT_STATUSES = ["creating", "shipped", "in_transit", "failed_attempt", "delivered", "rto", "damaged"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const FINISHED = new Set<ShipmentStatus>(["delivered", "rto", "damaged"]);

function isFinished(status: ShipmentStatus): boolean {
  return FINISHED.has(status);
}

/** A finished shipment stays finished: a late in-transit event cannot reopen it. */
export function shipmentStatusAfter(current: ShipmentStatus, event: TrackingEventType): ShipmentStatus {
  if (isFinished(current) || current === "creating") return current;
  switch (event) {
    case "picked_up":
    case "in_transit":
      return current === "failed_attempt" ? current : "in_transit";
    case "failed_attempt":
    case "delivered":
    case "rto":
    case "damaged":
      return event;
  }
}

/** The carrier's tracking page for a number, from the catalogue's template ("…/track/{tracking}"). */
export function trackingUrl(template: string | null, trackingNumber: string): string | null {
  if (!template) return null;
  return template.replaceAll("{tracking}", encodeURIComponent(trackingNumber));
}

/**
 * A tracking number when the packer has none to scan (bulk fulfilment, or no label yet): the
 * carrier's id and the fulfillment order's, so the same fulfillment order always gets the same
 * number and a retried fulfilment can find the one that already went through.
 */
export function mintTrackingNumber(carrierId: string, fulfillmentOrderLegacyId: string): string {
  const prefix =
    carrierId
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 4) || "ORF";
  return `${prefix}${fulfillmentOrderLegacyId}`;
}
