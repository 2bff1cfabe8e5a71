import { describe, expect, it } from "vitest";
import { cashToCollect, engineInput, UNKNOWN_PARCEL_WEIGHT_KG } from "./engine-input";
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

describe("cash on delivery", () => {
  const order = testFulfillmentOrder().order;
  const cod = { ...order, paymentGatewayNames: ["Cash on Delivery (COD)"], totalOutstanding: 191.16, subtotal: 177 };

  it.each([
    ["Shopify's own manual method", ["Cash on Delivery (COD)"], 191.16],
    ["a merchant's method named COD", ["COD"], 191.16],
    ["a gift card part-paid, the rest on delivery", ["gift_card", "cash on delivery"], 191.16],
    ["a card payment", ["shopify_payments"], 0],
    ["a name that only contains the letters", ["Codensa wallet"], 0],
  ])("%s: collects %s", (_label, gateways, expected) => {
    expect(cashToCollect({ ...cod, paymentGatewayNames: gateways }, 177)).toBe(expected);
  });

  it("collects nothing once the order is paid, even if it was chosen on delivery", () => {
    expect(cashToCollect({ ...cod, totalOutstanding: 0 }, 177)).toBe(0);
  });

  it("shares what is owed over the parcels by the value of their items", () => {
    // GIVEN an order of 177 owing 191.16 (tax and shipping included) shipped as 120 + 57
    const first = cashToCollect(cod, 120);
    const second = cashToCollect(cod, 57);
    // THEN each parcel collects its share, and together they collect what is owed
    expect(first).toBe(129.6);
    expect(second).toBe(61.56);
    expect(Math.round((first + second) * 100)).toBe(19116);
  });

  it("quotes the parcel with its COD amount, so a carrier that does not collect cash is not offered", () => {
    const input = engineInput(testFulfillmentOrder({ order: cod }));
    expect(input.ok && input.shipment.codAmount).toBe(191.16);
  });
});
