import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  feasibleOptions,
  parseCatalog,
  prepareCatalog,
  quote,
  type Catalog,
  type Dimensions,
  type FeasibleQuote,
  type Quote,
  type Shipment,
} from "./catalog";
import { testCatalog, testShipment } from "./fixtures";

const prepared = prepareCatalog(testCatalog());
const velo = prepared.serviceById.get("velo-surface")!;
const dakx = prepared.serviceById.get("dakx-surface")!;

function feasible(result: Quote): FeasibleQuote {
  if (!result.feasible) throw new Error(`expected a quote, got ${result.reason}: ${result.detail}`);
  return result;
}

const to = (region: string | null, postalCode: string | null, poBox = false) => ({ country: "IN", region, postalCode, poBox });

describe("GIVEN Velo's zones (MH/KA/DL metro, postal prefix 400 Mumbai, the rest of IN)", () => {
  it.each<[string | null, string, string, string]>([
    ["MH", "411001", "metro", "the region matches and no prefix does"],
    ["MH", "400001", "mumbai", "a postal prefix beats the region"],
    [null, "400 050", "mumbai", "a prefix matches without a region, spaces ignored"],
    ["TN", "600001", "rest", "only the country matches"],
    [null, "110001", "rest", "no region given, so Delhi falls to the country zone"],
    ["ka", "560001", "metro", "region codes are compared case-insensitively"],
  ])("WHEN the destination is %s %s THEN the zone is %s (%s)", (region, postal, zone) => {
    expect(feasible(quote(velo, testShipment({ address: to(region, postal) }))).zoneId).toBe(zone);
  });

  it("WHEN a region+prefix rule meets a longer bare prefix THEN the longer prefix wins, and at equal length the region wins", () => {
    const catalog: Catalog = testCatalog();
    catalog.carriers[0].zones = [
      { id: "mh-41", matches: [{ country: "IN", region: "MH", postalPrefix: "41" }] },
      { id: "any-411", matches: [{ country: "IN", region: null, postalPrefix: "411" }] },
      { id: "any-41", matches: [{ country: "IN", region: null, postalPrefix: "41" }] },
      { id: "metro", matches: [{ country: "IN", region: null, postalPrefix: null }] },
      { id: "mumbai", matches: [{ country: "IN", region: null, postalPrefix: "400" }] },
      { id: "rest", matches: [{ country: "LK", region: null, postalPrefix: null }] },
    ];
    for (const s of catalog.carriers[0].services) {
      for (const zoneId of ["mh-41", "any-411", "any-41"]) s.rateCard.zoneRates.push({ ...s.rateCard.zoneRates[0], zoneId });
    }
    const service = prepareCatalog(catalog).serviceById.get("velo-surface")!;
    const zoneOf = (region: string, postal: string) => feasible(quote(service, testShipment({ address: to(region, postal) }))).zoneId;
    expect(zoneOf("MH", "411001")).toBe("any-411");
    expect(zoneOf("MH", "412001")).toBe("mh-41");
    expect(zoneOf("GJ", "412001")).toBe("any-41");
  });
});

describe("GIVEN Velo surface to the metro zone: slabs 0.5/1/2 kg at ₹40/50/80, ₹30 per kg above, 10 % fuel", () => {
  it.each([
    [0.3, 40],
    [0.5, 40],
    [0.51, 50],
    [2, 80],
    [2.1, 110],
    [3, 110],
    [3.5, 140],
  ])("WHEN the parcel weighs %s kg THEN the freight is ₹%s plus 10 %% fuel", (weightKg, freight) => {
    const cost = feasible(quote(velo, testShipment({ weightKg }))).cost;
    expect(cost.freight).toBe(freight);
    expect(cost.fuel).toBeCloseTo(freight / 10, 10);
    expect(cost.total).toBeCloseTo(freight * 1.1, 10);
  });

  it.each<[number, Dimensions | null, number, number, string]>([
    [0.4, { lengthCm: 30, widthCm: 20, heightCm: 10 }, 1.2, 80, "the volumetric 1.2 kg is charged"],
    [0.8, { lengthCm: 10, widthCm: 10, heightCm: 10 }, 0.8, 50, "the actual 0.8 kg is charged"],
    [0.8, null, 0.8, 50, "no dimensions: actual weight"],
  ])("WHEN it weighs %s kg and measures %o THEN %s kg is chargeable and the freight is ₹%s (%s)", (weightKg, dimensionsCm, chargeable, freight) => {
    const result = feasible(quote(velo, testShipment({ weightKg, dimensionsCm })));
    expect(result.chargeableKg).toBeCloseTo(chargeable, 10);
    expect(result.cost.freight).toBe(freight);
  });

  it("WHEN volumetric division leaves float noise at a slab edge THEN the parcel stays in that slab", () => {
    const dims = { lengthCm: 30, widthCm: 25, heightCm: 40 / 3 };
    expect(feasible(quote(velo, testShipment({ weightKg: 0.1, dimensionsCm: dims }))).cost.freight).toBe(80);
    const halfKilo = { lengthCm: 10, widthCm: 25, heightCm: 10 * (1 + 1e-15) };
    expect(feasible(quote(velo, testShipment({ weightKg: 0.1, dimensionsCm: halfKilo }))).cost.freight).toBe(40);
  });
});

describe("GIVEN COD ₹30 + 2 %, a ₹50 remote-area surcharge on 7911…, a ₹25 PO-box fee", () => {
  it.each([
    ["a prepaid order", testShipment(), { cod: 0, remoteArea: 0, poBox: 0 }],
    ["₹1,000 COD", testShipment({ codAmount: 1000 }), { cod: 50, remoteArea: 0, poBox: 0 }],
    ["₹1,000 COD on a reverse pickup", testShipment({ codAmount: 1000, direction: "reverse" }), { cod: 0, remoteArea: 0, poBox: 0 }],
    ["a remote Arunachal postcode", testShipment({ address: to("AR", "791110") }), { cod: 0, remoteArea: 50, poBox: 0 }],
    ["a postcode near but outside the remote prefix", testShipment({ address: to("AR", "792110") }), { cod: 0, remoteArea: 0, poBox: 0 }],
  ])("WHEN Velo quotes %s THEN the surcharges are %o", (_, shipment, expected) => {
    expect(feasible(quote(velo, shipment)).cost).toMatchObject(expected);
  });

  it("WHEN DakX (which takes PO boxes) quotes a PO box THEN the fee is added to the total", () => {
    const cost = feasible(quote(dakx, testShipment({ address: to("MH", "411001", true) }))).cost;
    expect(cost.poBox).toBe(25);
    expect(cost.total).toBe(40 + 4 + 25);
  });
});

describe("GIVEN each service's serviceability", () => {
  it.each<[string, "velo-surface" | "dakx-surface", Partial<Shipment>, string, string]>([
    ["Velo to Jammu & Kashmir (excluded)", "velo-surface", { address: to("JK", "190001") }, "not_served", "does not serve IN-JK 190001"],
    ["Velo to a PO box", "velo-surface", { address: to("MH", "411001", true) }, "po_box", "does not deliver to PO boxes"],
    ["DakX with COD", "dakx-surface", { codAmount: 500 }, "cod_unsupported", "does not collect cash on delivery"],
    ["Velo with 31 kg", "velo-surface", { weightKg: 31 }, "too_heavy", "weighs 31 kg; the limit is 30 kg"],
    ["DakX with 10.5 kg", "dakx-surface", { weightKg: 10.5 }, "too_heavy", "weighs 10.5 kg; the limit is 10 kg"],
    [
      "Velo with a 120 cm box",
      "velo-surface",
      { dimensionsCm: { lengthCm: 120, widthCm: 50, heightCm: 50 } },
      "too_large",
      "measures 120×50×50 cm; the limit is 100×60×60 cm",
    ],
    ["DakX on a reverse pickup", "dakx-surface", { direction: "reverse" }, "no_reverse_pickup", "does not do reverse pickups"],
    ["Velo to Sri Lanka", "velo-surface", { address: { country: "LK", region: null, postalCode: "00100", poBox: false } }, "no_zone", "has no zone covering LK 00100"],
  ])("WHEN %s THEN it is infeasible: %s", (_, serviceId, overrides, reason, detail) => {
    expect(quote(prepared.serviceById.get(serviceId)!, testShipment(overrides))).toMatchObject({ feasible: false, reason, detail });
  });

  it("WHEN a box is turned on its side THEN it still fits (sides are compared largest to largest)", () => {
    expect(quote(velo, testShipment({ dimensionsCm: { lengthCm: 50, widthCm: 100, heightCm: 55 } })).feasible).toBe(true);
  });

  it("WHEN a service lists served areas with an excluded pocket THEN only the listed areas outside the pocket are served", () => {
    const catalog = testCatalog();
    catalog.carriers[1].services[0].serviceability.areas = [
      { country: "IN", region: "KA", postalPrefix: null, served: true },
      { country: "IN", region: null, postalPrefix: "5600", served: false },
    ];
    const service = prepareCatalog(catalog).serviceById.get("dakx-surface")!;
    expect(quote(service, testShipment({ address: to("KA", "570001") })).feasible).toBe(true);
    expect(quote(service, testShipment({ address: to("KA", "560001") }))).toMatchObject({ reason: "not_served" });
    expect(quote(service, testShipment({ address: to("MH", "411001") }))).toMatchObject({ reason: "not_served" });
  });

  it("WHEN every option is asked for THEN feasible and infeasible ones come back in catalogue order", () => {
    const options = feasibleOptions(prepared, testShipment({ codAmount: 800 }));
    expect(options.feasible.map((o) => o.serviceId)).toEqual(["velo-surface", "velo-air"]);
    expect(options.infeasible.map((o) => [o.serviceId, o.reason])).toEqual([["dakx-surface", "cod_unsupported"]]);
  });
});

describe("GIVEN any parcel", () => {
  it("WHEN it gets heavier THEN no service quotes less for it", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 29, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (weightKg, extra) => {
        const light = quote(velo, testShipment({ weightKg }));
        const heavy = quote(velo, testShipment({ weightKg: Math.min(30, weightKg + extra) }));
        return feasible(heavy).cost.total >= feasible(light).cost.total;
      }),
    );
  });
});

describe("GIVEN a catalogue read from storage", () => {
  it("WHEN it is valid THEN it parses", () => {
    expect(parseCatalog(JSON.parse(JSON.stringify(testCatalog())))).toMatchObject({ ok: true });
  });

  it("WHEN references, order and currency are wrong THEN each problem names its path", () => {
    const catalog = testCatalog();
    const [velo, dakx] = catalog.carriers;
    velo.services[1].rateCard.zoneRates[0].zoneId = "moon";
    velo.services[0].rateCard.zoneRates[0].slabs[1].upToKg = 0.5;
    dakx.services[0].rateCard.currency = "USD";
    dakx.services[0].id = "velo-air";
    dakx.zones.push({ id: "all", matches: [{ country: "LK", region: null, postalPrefix: null }] });
    const result = parseCatalog(catalog);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { path: ["carriers", 0, "services", 0, "rateCard", "zoneRates", 0, "slabs", 1, "upToKg"], message: "slabs must increase: 0.5 kg after 0.5 kg" },
      { path: ["carriers", 0, "services", 1, "rateCard", "zoneRates", 0, "zoneId"], message: "zone moon is not a zone of velo" },
      { path: ["carriers", 1, "zones", 1, "id"], message: "zone all of dakx is defined twice" },
      { path: ["carriers", 1, "services", 0, "id"], message: "service velo-air is defined twice (service ids are unique across carriers)" },
      {
        path: ["carriers", 1, "services", 0, "rateCard", "currency"],
        message: "all rate cards must share one currency to be compared: USD beside INR",
      },
    ]);
  });
});
