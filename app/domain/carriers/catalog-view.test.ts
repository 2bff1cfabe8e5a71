import { describe, expect, it } from "vitest";
import { catalogFiltersSchema, filterServiceRows, serviceRows, zoneRows } from "./catalog-view";
import { testCatalog } from "./fixtures";

const rows = serviceRows(testCatalog());

describe("GIVEN the test catalogue (Velo surface and air, DakX surface)", () => {
  it("lists one row per service with its promised days over its zones, where it goes and what it accepts", () => {
    expect(rows.map((r) => [r.serviceId, r.mode, r.priority, r.transitDays, r.countries, r.fromPrice, r.codAllowed])).toEqual([
      ["velo-surface", "surface", "standard", { min: 2, max: 5 }, ["IN"], 35, true],
      ["velo-air", "air", "express", { min: 1, max: 2 }, ["IN"], 70, true],
      ["dakx-surface", "surface", "standard", { min: 4, max: 4 }, ["IN"], 30, false],
    ]);
    expect(rows[0]).toMatchObject({
      carrierName: "Velo",
      trackingUrl: "https://velo.example/track/{tracking}",
      zones: ["mumbai", "metro", "rest"],
    });
  });

  it("filters by carrier, mode, priority and destination country", () => {
    const filter = (input: Record<string, string>) => filterServiceRows(rows, catalogFiltersSchema.parse(input)).map((r) => r.serviceId);
    expect(filter({ mode: "surface" })).toEqual(["velo-surface", "dakx-surface"]);
    expect(filter({ carrier: "velo", priority: "express" })).toEqual(["velo-air"]);
    expect(filter({ country: "in" })).toHaveLength(3);
    expect(filter({ country: "US" })).toEqual([]);
  });

  it("reads an unknown filter value as no filter", () => {
    expect(catalogFiltersSchema.parse({ mode: "sea", country: "India" })).toEqual({ carrier: "", mode: "", priority: "", country: "" });
  });

  it("lists each carrier's zones with their areas", () => {
    expect(zoneRows(testCatalog(), { carrier: "velo", country: "" })).toEqual([
      { carrierId: "velo", carrierName: "Velo", zoneId: "metro", areas: ["IN-MH", "IN-KA", "IN-DL"] },
      { carrierId: "velo", carrierName: "Velo", zoneId: "mumbai", areas: ["IN 400…"] },
      { carrierId: "velo", carrierName: "Velo", zoneId: "rest", areas: ["IN"] },
    ]);
  });
});
