// A small Indian catalogue and shipment shared by the carrier tests: two carriers, three services,
// zones at country, region and postal-prefix level.
import { catalogSchema, type Catalog, type Service, type Shipment, type ZoneRate } from "./catalog";

function zoneRate(zoneId: string, transitDays: number, prices: [number, number, number], perKgAbove: number): ZoneRate {
  return {
    zoneId,
    transitDays,
    slabs: [
      { upToKg: 0.5, price: prices[0] },
      { upToKg: 1, price: prices[1] },
      { upToKg: 2, price: prices[2] },
    ],
    perKgAbove,
  };
}

function service(overrides: Partial<Service> & Pick<Service, "id" | "name" | "mode" | "priority">, zoneRates: ZoneRate[]): Service {
  return {
    rateCard: {
      currency: "INR",
      volumetricDivisor: 5000,
      fuelPercent: 10,
      codFlat: 30,
      codPercent: 2,
      poBoxFee: 25,
      remoteAreas: [{ country: "IN", postalPrefix: "7911", surcharge: 50 }],
      zoneRates,
    },
    serviceability: {
      areas: [{ country: "IN", region: "JK", postalPrefix: null, served: false }],
      codAllowed: true,
      poBoxAllowed: false,
      reversePickup: true,
      maxWeightKg: 30,
      maxDimensionsCm: { lengthCm: 100, widthCm: 60, heightCm: 60 },
    },
    ...overrides,
  };
}

export function testCatalog(): Catalog {
  return catalogSchema.parse({
    carriers: [
      {
        id: "velo",
        name: "Velo",
        trackingUrl: "https://velo.example/track/{tracking}",
        zones: [
          { id: "metro", matches: [
            { country: "IN", region: "MH", postalPrefix: null },
            { country: "IN", region: "KA", postalPrefix: null },
            { country: "IN", region: "DL", postalPrefix: null },
          ] },
          { id: "mumbai", matches: [{ country: "IN", region: null, postalPrefix: "400" }] },
          { id: "rest", matches: [{ country: "IN", region: null, postalPrefix: null }] },
        ],
        services: [
          service({ id: "velo-surface", name: "Surface", mode: "surface", priority: "standard" }, [
            zoneRate("mumbai", 2, [35, 45, 70], 25),
            zoneRate("metro", 3, [40, 50, 80], 30),
            zoneRate("rest", 5, [50, 65, 100], 35),
          ]),
          service({ id: "velo-air", name: "Air", mode: "air", priority: "express" }, [
            zoneRate("mumbai", 1, [70, 90, 140], 55),
            zoneRate("metro", 1, [75, 95, 150], 60),
            zoneRate("rest", 2, [90, 115, 180], 70),
          ]),
        ],
      },
      {
        id: "dakx",
        name: "DakX",
        trackingUrl: null,
        zones: [{ id: "all", matches: [{ country: "IN", region: null, postalPrefix: null }] }],
        services: [
          service(
            {
              id: "dakx-surface",
              name: "Surface",
              mode: "surface",
              priority: "standard",
              serviceability: {
                areas: [],
                codAllowed: false,
                poBoxAllowed: true,
                reversePickup: false,
                maxWeightKg: 10,
                maxDimensionsCm: null,
              },
            },
            [zoneRate("all", 4, [30, 40, 60], 20)],
          ),
        ],
      },
    ],
  });
}

export function testShipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    direction: "forward",
    locationId: "blr",
    address: { country: "IN", region: "MH", postalCode: "411001", poBox: false },
    weightKg: 0.8,
    dimensionsCm: null,
    declaredValue: 1500,
    codAmount: 0,
    fragile: false,
    ...overrides,
  };
}
