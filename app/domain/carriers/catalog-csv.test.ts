import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODES, PRIORITIES, type AreaMatch, type Catalog } from "./catalog";
import { formatCatalogCsv, parseCatalogCsv } from "./catalog-csv";
import { testCatalog } from "./fixtures";

const canonical = formatCatalogCsv(testCatalog());

/** Sets cells of one line (1 = the header) of a CSV, by column name. */
function edit(csv: string, line: number, cells: Record<string, string>): string {
  const rows: string[][] = parse(csv);
  for (const [column, value] of Object.entries(cells)) rows[line - 1][rows[0].indexOf(column)] = value;
  return stringify(rows);
}

describe("GIVEN the exported test catalogue", () => {
  it("WHEN it is imported THEN it is the same catalogue, and exporting it again gives the same text", () => {
    const imported = parseCatalogCsv(canonical);
    expect(imported).toEqual({ ok: true, value: testCatalog() });
    expect(imported.ok && formatCatalogCsv(imported.value)).toBe(canonical);
  });

  it("WHEN a spreadsheet reorders rows, drops unused columns, lower-cases codes and spaces postcodes THEN it reads the same", () => {
    const handWritten = [
      "Kind,carrier_id,service_id,zone_id,name,mode,priority,currency,country,region,postal_prefix,transit_days,up_to_kg,price,per_kg_above,volumetric_divisor,fuel_percent,cod_flat,cod_percent,po_box_fee,cod_allowed,po_box_allowed,reverse_pickup",
      "slab,dak,dak-s,all,,,,,,,,,2,60,,,,,,,,,",
      "slab,dak,dak-s,all,,,,,,,,,0.5,30,,,,,,,,,",
      "rate,dak,dak-s,all,,,,,,,,4,,,20,,,,,,,,",
      "service,dak,dak-s,,Surface,Surface,standard,inr,,,,,,,,5000,10,30,2,25,No,YES,no",
      "zone,dak,,all,,,,,in,,,,,,,,,,,,,,",
      "zone,dak,,all,,,,,in,mh,4 11,,,,,,,,,,,,",
      "carrier,dak,,,DakX,,,,,,,,,,,,,,,,,,",
    ].join("\r\n");
    const imported = parseCatalogCsv(handWritten);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const [carrier] = imported.value.carriers;
    expect(carrier.zones).toEqual([
      { id: "all", matches: [{ country: "IN", region: null, postalPrefix: null }, { country: "IN", region: "MH", postalPrefix: "411" }] },
    ]);
    expect(carrier.services[0]).toMatchObject({
      mode: "surface",
      rateCard: { currency: "INR", zoneRates: [{ zoneId: "all", slabs: [{ upToKg: 0.5, price: 30 }, { upToKg: 2, price: 60 }] }] },
      serviceability: { codAllowed: false, poBoxAllowed: true, reversePickup: false, maxWeightKg: null, maxDimensionsCm: null },
    });
  });
});

describe("GIVEN a catalogue CSV with mistakes", () => {
  it.each<[string, string, { line: number; field: string; message: string }[]]>([
    ["an unknown column", canonical.replace("surcharge", "surchage"), [{ line: 1, field: "surchage", message: "is not a column of this file" }]],
    ["no kind column", canonical.replace("kind,", "type,"), [
      { line: 1, field: "type", message: "is not a column of this file" },
      { line: 1, field: "kind", message: "the header needs this column" },
    ]],
    ["an empty file", "", [{ line: 1, field: "", message: "the file is empty: it needs a header row" }]],
    ["a price that is not a number", edit(canonical, 15, { price: "50,00" }), [{ line: 15, field: "price", message: 'must be a number such as 12.5, got "50,00"' }]],
    ["a missing mode and a wrong yes/no", edit(canonical, 8, { mode: "", cod_allowed: "si" }), [
      { line: 8, field: "mode", message: "is required" },
      { line: 8, field: "cod_allowed", message: 'must be yes or no, got "si"' },
    ]],
    ["an unknown priority", edit(canonical, 23, { priority: "overnight" }), [
      { line: 23, field: "priority", message: 'must be one of standard, express, same_day, got "overnight"' },
    ]],
    ["a price on a zone row", edit(canonical, 3, { price: "10" }), [{ line: 3, field: "price", message: "is not used on zone rows" }]],
    ["an unknown row kind", edit(canonical, 21, { kind: "surcharge" }), [
      { line: 21, field: "kind", message: '"surcharge" is not a row kind: use carrier, zone, service, rate, slab, remote, area' },
    ]],
    ["only two of three box limits", edit(canonical, 8, { max_height_cm: "" }), [
      { line: 8, field: "max_length_cm", message: "give max_length_cm, max_width_cm and max_height_cm together, or none" },
    ]],
    ["a row with more cells than the header", canonical.replace("\n2,", "\n2,,").replace(/\n(slab,velo,velo-surface,mumbai,+0\.5,35,+)\n/, "\n$1,\n"), [
      { line: 10, field: "", message: "has 31 cells; the header has 30" },
    ]],
    ["an unclosed quote", canonical.replace("Surface,surface", '"Surface,surface'), [
      { line: 45, field: "", message: expect.stringContaining("Quote Not Closed") as unknown as string },
    ]],
  ])("WHEN it has %s THEN import fails with each problem's line and column", (_, csv, errors) => {
    expect(parseCatalogCsv(csv)).toEqual({ ok: false, errors });
  });

  it.each<[string, string, { line: number; field: string; message: string }[]]>([
    ["a rate for an undefined service", edit(canonical, 9, { service_id: "velo-sea" }), [
      { line: 9, field: "service_id", message: "service velo-sea has no service row" },
      { line: 10, field: "zone_id", message: "velo-surface has no rate row for zone mumbai" },
      { line: 11, field: "zone_id", message: "velo-surface has no rate row for zone mumbai" },
      { line: 12, field: "zone_id", message: "velo-surface has no rate row for zone mumbai" },
    ]],
    ["a slab for a zone without a rate row", edit(canonical, 10, { zone_id: "rest-of-world" }), [
      { line: 10, field: "zone_id", message: "velo-surface has no rate row for zone rest-of-world" },
    ]],
    ["a service row under the wrong carrier id", edit(canonical, 41, { carrier_id: "velo" }), [
      { line: 41, field: "carrier_id", message: "service dakx-surface belongs to dakx, not velo" },
    ]],
    ["a carrier defined twice (its rate's slabs are not reported again)", edit(canonical, 38, { carrier_id: "velo" }), [
      { line: 38, field: "carrier_id", message: "carrier velo is already defined on line 2" },
      { line: 39, field: "carrier_id", message: "carrier dakx has no carrier row" },
      { line: 40, field: "carrier_id", message: "carrier dakx has no carrier row" },
      { line: 41, field: "service_id", message: "service dakx-surface has no service row" },
      { line: 45, field: "service_id", message: "service dakx-surface has no service row" },
    ]],
  ])("WHEN it has %s THEN the reference problems name their lines", (_, csv, errors) => {
    expect(parseCatalogCsv(csv)).toEqual({ ok: false, errors });
  });

  it.each<[string, string, { line: number; field: string; message: string }[]]>([
    ["a fuel surcharge over 100 %", edit(canonical, 23, { fuel_percent: "120" }), [
      { line: 23, field: "fuel_percent", message: "Number must be less than or equal to 100" },
    ]],
    ["two slabs for the same weight", edit(canonical, 15, { up_to_kg: "0.5" }), [
      { line: 15, field: "up_to_kg", message: "slabs must increase: 0.5 kg after 0.5 kg" },
    ]],
    ["a rate for another carrier's zone", edit(canonical, 41, { zone_id: "metro" }).replace(/slab,dakx,dakx-surface,all/g, "slab,dakx,dakx-surface,metro"), [
      { line: 41, field: "zone_id", message: "zone metro is not a zone of dakx" },
    ]],
    ["a fractional transit time", edit(canonical, 13, { transit_days: "2.5" }), [
      { line: 13, field: "transit_days", message: "Expected integer, received float" },
    ]],
    ["a postcode typed into two zones", edit(canonical, 6, { region: "MH", postal_prefix: "" }), [
      { line: 6, field: "postal_prefix", message: "IN MH is already in zone metro of velo" },
    ]],
    ["a service with no rates", canonical.replace(/^(rate|slab),dakx.*\n/gm, ""), [
      { line: 40, field: "service_id", message: "a service needs a rate for at least one zone" },
    ]],
    ["a currency beside another", edit(canonical, 40, { currency: "usd" }), [
      { line: 40, field: "currency", message: "all rate cards must share one currency to be compared: USD beside INR" },
    ]],
  ])("WHEN it has %s THEN the catalogue check names the line and column it came from", (_, csv, errors) => {
    expect(parseCatalogCsv(csv)).toEqual({ ok: false, errors });
  });
});

const areaArb: fc.Arbitrary<AreaMatch> = fc.record({
  country: fc.constantFrom("IN", "LK"),
  region: fc.constantFrom(null, "MH", "KA"),
  postalPrefix: fc.constantFrom(null, "4", "40", "560"),
});
const keyOf = (a: AreaMatch) => `${a.country}|${a.region}|${a.postalPrefix}`;
const amount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
const nameArb = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0);

function catalogArb(): fc.Arbitrary<Catalog> {
  const serviceArb = fc.record({
    name: nameArb,
    mode: fc.constantFrom(...MODES),
    priority: fc.constantFrom(...PRIORITIES),
    card: fc.tuple(amount, amount, amount, amount, fc.integer({ min: 1, max: 9000 })),
    slabs: fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
    transitDays: fc.integer({ min: 0, max: 10 }),
    remote: fc.uniqueArray(fc.constantFrom("78", "791", "19"), { maxLength: 2 }),
    areas: fc.uniqueArray(fc.tuple(areaArb, fc.boolean()), { selector: ([a]) => keyOf(a), maxLength: 3 }),
    flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    maxWeightKg: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
    box: fc.option(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 })), { nil: null }),
  });
  const carrierArb = fc.record({
    name: nameArb,
    tracked: fc.boolean(),
    areas: fc.uniqueArray(areaArb, { selector: keyOf, minLength: 1, maxLength: 6 }),
    zoneCount: fc.integer({ min: 1, max: 3 }),
    services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
  });
  return fc.array(carrierArb, { minLength: 1, maxLength: 3 }).map((carriers) => ({
    carriers: carriers.map((c, ci) => {
      const zoneCount = Math.min(c.zoneCount, c.areas.length);
      const zones = Array.from({ length: zoneCount }, (_, z) => ({ id: `c${ci}-z${z}`, matches: c.areas.filter((_, i) => i % zoneCount === z) }));
      return {
        id: `c${ci}`,
        name: c.name,
        trackingUrl: c.tracked ? `https://c${ci}.example/t/{tracking}` : null,
        zones,
        services: c.services.map((s, si) => ({
          id: `c${ci}-s${si}`,
          name: s.name,
          mode: s.mode,
          priority: s.priority,
          rateCard: {
            currency: "INR",
            volumetricDivisor: s.card[4],
            fuelPercent: Math.min(100, s.card[0]),
            codFlat: s.card[1],
            codPercent: Math.min(100, s.card[2]),
            poBoxFee: s.card[3],
            remoteAreas: s.remote.map((postalPrefix, i) => ({ country: "IN", postalPrefix, surcharge: s.card[i] })),
            zoneRates: zones.map((zone, z) => ({
              zoneId: zone.id,
              transitDays: s.transitDays + z,
              slabs: [...s.slabs].sort((a, b) => a - b).map((tenths, k) => ({ upToKg: tenths / 10, price: s.card[k % 4] })),
              perKgAbove: s.card[3],
            })),
          },
          serviceability: {
            areas: s.areas.map(([area, served]) => ({ ...area, served })),
            codAllowed: s.flags[0],
            poBoxAllowed: s.flags[1],
            reversePickup: s.flags[2],
            maxWeightKg: s.maxWeightKg,
            maxDimensionsCm: s.box && { lengthCm: s.box[0], widthCm: s.box[1], heightCm: s.box[2] },
          },
        })),
      };
    }),
  }));
}

describe("GIVEN any valid catalogue", () => {
  it("WHEN it is exported and imported THEN nothing is lost or changed", () => {
    fc.assert(
      fc.property(catalogArb(), (catalog) => {
        expect(parseCatalogCsv(formatCatalogCsv(catalog))).toEqual({ ok: true, value: catalog });
      }),
      { numRuns: 60 },
    );
  });
});
