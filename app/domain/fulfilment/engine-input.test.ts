import { describe, expect, it } from "vitest";
import { engineInput, UNKNOWN_PARCEL_WEIGHT_KG } from "./engine-input";
import { testFulfillmentOrder, testLine } from "./fixtures";

describe("GIVEN a fulfillment order from Newark to New York", () => {
  it("WHEN turned into the engine's input THEN the parcel weighs its remaining units and the promise is the shipping line", () => {
    const input = engineInput(testFulfillmentOrder());
    expect(input).toEqual({
      ok: true,
      shipment: {
        direction: "forward",
        locationId: "51",
        address: { country: "US", region: "NY", postalCode: "10036", poBox: false },
        weightKg: 0.9,
        dimensionsCm: null,
        declaredValue: 177,
        codAmount: 0,
        fragile: false,
      },
      promise: { shippingLine: "Standard", tags: [] },
      lane: { direction: "forward", locationId: "51", country: "US", region: "NY" },
      notes: [],
    });
  });

  it("counts only what is left to fulfil", () => {
    const fulfillmentOrder = testFulfillmentOrder();
    fulfillmentOrder.lines[1] = { ...fulfillmentOrder.lines[1], remainingQuantity: 1 };
    const input = engineInput(fulfillmentOrder);
    expect(input.ok && input.shipment).toMatchObject({ weightKg: 0.75, declaredValue: 153 });
  });

  it("sees a PO box, a fragile product and a fragile tag", () => {
    const base = testFulfillmentOrder();
    const poBox = engineInput({
      ...base,
      order: { ...base.order, shippingAddress: { ...base.order.shippingAddress!, address1: "PO Box 1142" } },
    });
    expect(poBox.ok && poBox.shipment.address.poBox).toBe(true);
    const fragileLine = engineInput({ ...base, lines: [testLine({ fragile: true })] });
    expect(fragileLine.ok && fragileLine.shipment.fragile).toBe(true);
    const fragileTag = engineInput({ ...base, order: { ...base.order, tags: ["Fragile"] } });
    expect(fragileTag.ok && fragileTag.shipment.fragile).toBe(true);
  });

  it("says which items have no weight, and quotes a parcel of unknown weight at the lightest slab", () => {
    const input = engineInput(testFulfillmentOrder({ lines: [testLine({ unitWeightKg: null, remainingQuantity: 2, totalQuantity: 2 })] }));
    expect(input.ok && input.shipment.weightKg).toBe(UNKNOWN_PARCEL_WEIGHT_KG);
    expect(input.ok && input.notes).toEqual(["2 items have no weight in Shopify and count as 0 kg", "the parcel is quoted as 0.1 kg"]);
  });

  it("refuses an order with no shipping address", () => {
    const base = testFulfillmentOrder();
    expect(engineInput({ ...base, order: { ...base.order, shippingAddress: null } })).toEqual({
      ok: false,
      reason: "the order has no shipping address to ship to",
    });
  });
});
