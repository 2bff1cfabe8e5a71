// A fulfillment order as the fulfilment stage sees it (read from Shopify by
// app/shopify/fulfillment-orders.server.ts), and what may be done with it.

export interface FulfillmentOrderLine {
  /** The FulfillmentOrderLineItem id: what fulfillmentCreate names. */
  id: string;
  lineItemId: string;
  sku: string | null;
  barcode: string | null;
  productTitle: string;
  variantTitle: string | null;
  totalQuantity: number;
  remainingQuantity: number;
  /** One unit's weight; null when Shopify has none for it. */
  unitWeightKg: number | null;
  unitPrice: number;
  /** The product is tagged fragile. */
  fragile: boolean;
}

export interface DestinationAddress {
  name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  zip: string | null;
}

export interface FulfillmentOrderSnapshot {
  id: string;
  legacyId: string;
  /** Shopify's FulfillmentOrderStatus. */
  status: string;
  /** Why it is on hold, in Shopify's words (FulfillmentHold.displayReason), one per hold. */
  holds: string[];
  updatedAt: string;
  order: {
    id: string;
    name: string;
    tags: string[];
    shippingLineTitle: string | null;
    /** Order.paymentGatewayNames: how the customer chose to pay. */
    paymentGatewayNames: string[];
    /** What the customer still owes, in the shop's currency (Order.totalOutstandingSet). */
    totalOutstanding: number;
    /** The items' value before shipping and tax, in the shop's currency (Order.subtotalPriceSet). */
    subtotal: number;
    currency: string;
    shippingAddress: DestinationAddress | null;
  };
  location: { id: string; legacyId: string; name: string };
  lines: FulfillmentOrderLine[];
}

/** Only these can be fulfilled; an ON_HOLD fulfillment order in particular never is. */
const FULFILLABLE = new Set(["OPEN", "IN_PROGRESS"]);

const STATUS_REASONS: Record<string, string> = {
  ON_HOLD: "it is on hold in Shopify: release the hold first",
  CLOSED: "it is already fulfilled",
  CANCELLED: "it was cancelled",
  SCHEDULED: "it is scheduled for later",
  INCOMPLETE: "Shopify could not finish routing it",
};

export type Fulfillability = { ok: true } | { ok: false; reason: string };

export function fulfillability(fulfillmentOrder: Pick<FulfillmentOrderSnapshot, "status" | "lines" | "holds">): Fulfillability {
  if (fulfillmentOrder.status === "ON_HOLD" && fulfillmentOrder.holds.length > 0) {
    return { ok: false, reason: `it is on hold in Shopify (${fulfillmentOrder.holds.join("; ")}): release the hold first` };
  }
  if (!FULFILLABLE.has(fulfillmentOrder.status)) {
    return { ok: false, reason: STATUS_REASONS[fulfillmentOrder.status] ?? `its status is ${fulfillmentOrder.status}` };
  }
  if (!fulfillmentOrder.lines.some((line) => line.remainingQuantity > 0)) return { ok: false, reason: "nothing is left to fulfil" };
  return { ok: true };
}

export function lineTitle(line: Pick<FulfillmentOrderLine, "productTitle" | "variantTitle">): string {
  return line.variantTitle && line.variantTitle !== "Default Title" ? `${line.productTitle} – ${line.variantTitle}` : line.productTitle;
}
