import { describe, expect, it } from "vitest";
import { mintTrackingNumber, SHOPIFY_EVENT_STATUSES, shipmentStatusAfter, trackingEventType, trackingUrl } from "./tracking";

describe("Shopify's fulfillment event statuses, read as the lane engine's events", () => {
  it.each([
    ["carrier_picked_up", null, "picked_up"],
    ["in_transit", null, "in_transit"],
    ["out_for_delivery", "Out for delivery", "in_transit"],
    ["attempted_delivery", "Nobody home", "failed_attempt"],
    ["delivered", "Left at the front door", "delivered"],
    ["delivered", "Delivered – parcel damaged in transit", "damaged"],
    ["failure", "Returned to sender", "rto"],
    ["DELIVERED", null, "delivered"],
  ] as const)("%s (%s) → %s", (status, message, expected) => {
    expect(trackingEventType(status, message)).toBe(expected);
  });

  it("names every status of Shopify's enum, and nothing else", () => {
    for (const status of SHOPIFY_EVENT_STATUSES) expect(trackingEventType(status, null)).not.toBeNull();
    expect(trackingEventType("teleported", null)).toBeNull();
  });
});

describe("a shipment's status as events arrive", () => {
  it("moves forward and stays finished once delivered, returned or damaged", () => {
    expect(shipmentStatusAfter("shipped", "picked_up")).toBe("in_transit");
    expect(shipmentStatusAfter("in_transit", "failed_attempt")).toBe("failed_attempt");
    expect(shipmentStatusAfter("failed_attempt", "in_transit")).toBe("failed_attempt");
    expect(shipmentStatusAfter("failed_attempt", "delivered")).toBe("delivered");
    expect(shipmentStatusAfter("delivered", "in_transit")).toBe("delivered");
    expect(shipmentStatusAfter("rto", "delivered")).toBe("rto");
    expect(shipmentStatusAfter("creating", "delivered")).toBe("creating");
  });
});

describe("tracking numbers and links", () => {
  it("fills the carrier's template, escaping the number", () => {
    expect(trackingUrl("https://parcelway.example/track/{tracking}", "PARC 12/3")).toBe("https://parcelway.example/track/PARC%2012%2F3");
    expect(trackingUrl(null, "X1")).toBeNull();
  });

  it("mints the same number for the same carrier and fulfillment order", () => {
    expect(mintTrackingNumber("parcelway", "1000000123")).toBe("PARC1000000123");
    expect(mintTrackingNumber("parcelway", "1000000123")).toBe(mintTrackingNumber("parcelway", "1000000123"));
    expect(mintTrackingNumber("--", "7")).toBe("ORF7");
  });
});
