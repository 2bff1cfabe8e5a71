import { describe, expect, it } from "vitest";
import { catalogSchema, prepareCatalog } from "../carriers/catalog";
import { emptyLaneBook } from "../carriers/lanes";
import { DEFAULT_SETTINGS } from "../carriers/recommend";
import { testFulfillmentOrder } from "./fixtures";
import { bulkEligibility, chosenOption, planFulfilment } from "./plan";

// Two US services from Newark: ground everywhere in the US, air only to New York.
const catalog = prepareCatalog(
  catalogSchema.parse({
    carriers: [
      {
        id: "parcelway",
        name: "Parcelway",
        trackingUrl: "https://parcelway.example/track/{tracking}",
        zones: [
          { id: "ny", matches: [{ country: "US", region: "NY", postalPrefix: null }] },
          { id: "us", matches: [{ country: "US", region: null, postalPrefix: null }] },
        ],
        services: [
          {
            id: "pw-ground",
            name: "Ground",
            mode: "surface",
            priority: "standard",
            rateCard: {
              currency: "USD",
              volumetricDivisor: 5000,
              fuelPercent: 0,
              codFlat: 0,
              codPercent: 0,
              poBoxFee: 0,
              remoteAreas: [],
              zoneRates: [
                { zoneId: "ny", transitDays: 2, slabs: [{ upToKg: 5, price: 9 }], perKgAbove: 1 },
                { zoneId: "us", transitDays: 5, slabs: [{ upToKg: 5, price: 12 }], perKgAbove: 1 },
              ],
            },
            serviceability: {
              areas: [],
              codAllowed: false,
              poBoxAllowed: false,
              reversePickup: true,
              maxWeightKg: 30,
              maxDimensionsCm: null,
            },
          },
          {
            id: "pw-air",
            name: "Air",
            mode: "air",
            priority: "express",
            rateCard: {
              currency: "USD",
              volumetricDivisor: 5000,
              fuelPercent: 0,
              codFlat: 0,
              codPercent: 0,
              poBoxFee: 0,
              remoteAreas: [],
              zoneRates: [{ zoneId: "ny", transitDays: 1, slabs: [{ upToKg: 5, price: 25 }], perKgAbove: 3 }],
            },
            serviceability: {
              areas: [],
              codAllowed: false,
              poBoxAllowed: false,
              reversePickup: false,
              maxWeightKg: 10,
              maxDimensionsCm: null,
            },
          },
        ],
      },
    ],
  }),
);
const context = { prepared: catalog, lanes: emptyLaneBook(), settings: DEFAULT_SETTINGS };
const checked = { status: "clear", openBlocking: 0 };

describe("GIVEN a Standard order from Newark to New York", () => {
  const plan = planFulfilment(testFulfillmentOrder(), context);

  it("WHEN planned THEN it may be fulfilled, ground wins over air, and bulk fulfilment may take it", () => {
    expect(plan.fulfillability).toEqual({ ok: true });
    expect(plan.recommendation?.winner?.serviceId).toBe("pw-ground");
    expect(plan.recommendation?.runnerUp?.serviceId).toBe("pw-air");
    expect(plan.blocker).toBeNull();
    expect(bulkEligibility(plan, checked)).toEqual({ ok: true });
  });

  it("ships with the winner unless the merchant picks another feasible option", () => {
    expect(chosenOption(plan, null)).toMatchObject({ option: { serviceId: "pw-ground" } });
    expect(chosenOption(plan, "pw-air")).toMatchObject({ option: { serviceId: "pw-air", cost: { total: 25 } } });
    expect(chosenOption(plan, "dhl-air")).toEqual({ error: "dhl-air is not in the carrier catalogue." });
  });
});

describe("GIVEN orders that bulk fulfilment must leave to a person", () => {
  it("an order on hold is neither fulfillable nor bulk-eligible, and Shopify's reasons are given", () => {
    const plan = planFulfilment(testFulfillmentOrder({ status: "ON_HOLD", holds: ["Incorrect address"] }), context);
    expect(plan.fulfillability.ok).toBe(false);
    expect(bulkEligibility(plan, checked)).toEqual({
      ok: false,
      reason: "it is on hold in Shopify (Incorrect address): release the hold first",
    });
  });

  it("an order intake has not checked, or found a blocking problem in, or saw cancelled, is left out", () => {
    const plan = planFulfilment(testFulfillmentOrder(), context);
    expect(bulkEligibility(plan, null)).toEqual({ ok: false, reason: "intake has not checked the order yet" });
    expect(bulkEligibility(plan, { status: "held", openBlocking: 2 })).toEqual({
      ok: false,
      reason: "intake found 2 blocking problems still open",
    });
    expect(bulkEligibility(plan, { status: "cancelled", openBlocking: 0 })).toEqual({ ok: false, reason: "the order is cancelled" });
    expect(bulkEligibility(plan, { status: "review", openBlocking: 0 })).toEqual({ ok: true });
  });

  it("a part-fulfilled order goes to the pack bench", () => {
    expect(bulkEligibility(planFulfilment(testFulfillmentOrder({ status: "IN_PROGRESS" }), context), checked)).toEqual({
      ok: false,
      reason: "it is part-fulfilled: finish it at the pack bench",
    });
  });

  it("an order no service reaches has no carrier, and says why; a service that cannot take it is refused with the reason", () => {
    const base = testFulfillmentOrder();
    const toParis = planFulfilment(
      {
        ...base,
        order: { ...base.order, shippingAddress: { ...base.order.shippingAddress!, countryCode: "FR", provinceCode: null, zip: "75004" } },
      },
      context,
    );
    expect(toParis.recommendation?.winner).toBeNull();
    expect(toParis.blocker).toMatch(/^No carrier can take this parcel: no carrier can take this shipment to FR 75004/);
    expect(bulkEligibility(toParis, checked).ok).toBe(false);
    const toBoston = planFulfilment(
      { ...base, order: { ...base.order, shippingAddress: { ...base.order.shippingAddress!, provinceCode: "MA", zip: "02108" } } },
      context,
    );
    expect(chosenOption(toBoston, "pw-air")).toEqual({ error: "pw-air cannot take this parcel: it has no rate for zone us." });
  });

  it("without a catalogue there is no recommendation, only the way to get one", () => {
    const plan = planFulfilment(testFulfillmentOrder(), { ...context, prepared: null });
    expect(plan).toMatchObject({ recommendation: null, blocker: "No carrier catalogue yet: import one on the Carriers page." });
  });
});
