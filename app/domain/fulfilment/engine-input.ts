// A fulfillment order turned into what the carrier engine asks for: the parcel (origin, address,
// weight, value, fragility) and the promise (the shipping line the customer paid for, the tags).
import type { Shipment } from "../carriers/catalog";
import type { LaneRef } from "../carriers/lanes";
import type { PromiseInput } from "../carriers/recommend";
import { isPoBox } from "../intake/rules/po-box";
import type { FulfillmentOrderSnapshot } from "./fulfillment-order";

/** A parcel whose items have no weight in Shopify is quoted as this, the lightest slab of any card. */
export const UNKNOWN_PARCEL_WEIGHT_KG = 0.1;

export type EngineInput =
  | { ok: true; shipment: Shipment; promise: PromiseInput; lane: Omit<LaneRef, "serviceId">; notes: string[] }
  | { ok: false; reason: string };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Shopify's own manual method is "Cash on Delivery (COD)"; merchants name theirs alike ("COD",
 * "Cash on delivery"). Gateway names are fixed by each provider, except manual methods, which the
 * merchant names, so the match is on the words.
 */
const CASH_ON_DELIVERY = /\bcash on delivery\b|\bcod\b/i;

/**
 * What the carrier collects at the door: nothing for a prepaid order; for cash on delivery, what
 * the customer still owes, shared over the order's parcels by the value of this one's items.
 */
export function cashToCollect(order: FulfillmentOrderSnapshot["order"], parcelValue: number): number {
  if (order.totalOutstanding <= 0 || !order.paymentGatewayNames.some((name) => CASH_ON_DELIVERY.test(name))) return 0;
  const share = order.subtotal > 0 ? Math.min(1, parcelValue / order.subtotal) : 1;
  return round(order.totalOutstanding * share, 2);
}

export function engineInput(fulfillmentOrder: FulfillmentOrderSnapshot): EngineInput {
  const address = fulfillmentOrder.order.shippingAddress;
  if (!address?.countryCode) return { ok: false, reason: "the order has no shipping address to ship to" };
  const open = fulfillmentOrder.lines.filter((line) => line.remainingQuantity > 0);
  // A fulfilled order still shows what its parcel was.
  const lines = (open.length > 0 ? open : fulfillmentOrder.lines).map((line) => ({
    line,
    units: open.length > 0 ? line.remainingQuantity : line.totalQuantity,
  }));
  const notes: string[] = [];
  const unweighed = lines.filter(({ line }) => line.unitWeightKg === null || line.unitWeightKg <= 0).reduce((n, { units }) => n + units, 0);
  let weightKg = round(
    lines.reduce((sum, { line, units }) => sum + (line.unitWeightKg ?? 0) * units, 0),
    3,
  );
  if (unweighed > 0) notes.push(`${unweighed} item${unweighed === 1 ? " has" : "s have"} no weight in Shopify and count as 0 kg`);
  if (weightKg <= 0) {
    weightKg = UNKNOWN_PARCEL_WEIGHT_KG;
    notes.push(`the parcel is quoted as ${UNKNOWN_PARCEL_WEIGHT_KG} kg`);
  }
  const tags = fulfillmentOrder.order.tags;
  const fragile = lines.some(({ line }) => line.fragile) || tags.some((tag) => tag.trim().toLowerCase() === "fragile");
  const country = address.countryCode.toUpperCase();
  const region = address.provinceCode ? address.provinceCode.trim().toUpperCase() : null;
  const declaredValue = round(
    lines.reduce((sum, { line, units }) => sum + line.unitPrice * units, 0),
    2,
  );
  const shipment: Shipment = {
    direction: "forward",
    locationId: fulfillmentOrder.location.legacyId,
    address: { country, region, postalCode: address.zip, poBox: isPoBox(address.address1) || isPoBox(address.address2) },
    weightKg,
    dimensionsCm: null,
    declaredValue,
    codAmount: cashToCollect(fulfillmentOrder.order, declaredValue),
    fragile,
  };
  return {
    ok: true,
    shipment,
    promise: { shippingLine: fulfillmentOrder.order.shippingLineTitle, tags },
    lane: { direction: "forward", locationId: shipment.locationId, country, region },
    notes,
  };
}
