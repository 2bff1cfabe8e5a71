import { describe, expect, it } from "vitest";
import { prepareCatalog } from "./catalog";
import { testCatalog } from "./fixtures";
import { emptyLaneBook, openShipment, recordShipment, type LaneRef } from "./lanes";
import { laneRows } from "./lanes-view";

const catalog = prepareCatalog(testCatalog());
const lane = (serviceId: string, region = "MH"): LaneRef => ({ direction: "forward", locationId: "blr", country: "IN", region, serviceId });

describe("GIVEN a lane book with a busy surface lane, a thin air lane and a lane of a service no longer sold", () => {
  const book = emptyLaneBook();
  for (let i = 0; i < 40; i++)
    recordShipment(book, {
      lane: lane("velo-surface"),
      promisedDays: 5,
      transitDays: i < 30 ? 3 : 6,
      outcome: i === 39 ? "rto" : "delivered",
    });
  recordShipment(book, { lane: lane("velo-air", "KA"), promisedDays: 2, transitDays: 1, outcome: "damaged" });
  recordShipment(book, { lane: lane("gone-surface"), promisedDays: 5, transitDays: 4, outcome: "delivered" });
  openShipment(book, { shipmentId: "s1", lane: lane("velo-surface"), promisedDays: 5, shippedAt: "2026-12-01" });

  const rows = laneRows(book, catalog, 5);

  it("lists the busiest lane first with its raw counts, parcels still travelling and the carrier's promise", () => {
    expect(rows.map((r) => r.key)).toEqual(["blr>IN-MH|velo-surface", "blr>IN-KA|velo-air", "blr>IN-MH|gone-surface"]);
    expect(rows[0]).toMatchObject({
      destination: "IN-MH",
      carrierName: "Velo",
      serviceName: "Surface",
      mode: "surface",
      promisedTransitDays: 3,
      shipments: 40,
      inFlight: 1,
      p50: 3,
      observed: { onTime: 30, failed: 0, rto: 1, damaged: 0 },
    });
    expect(rows[0].transitDays[3]).toBe(30);
    expect(rows[0].transitDays[6]).toBe(9);
  });

  it("blends a thin lane towards its priors rather than reading one parcel as the truth", () => {
    const air = rows[1];
    expect(air.observed.damaged).toBe(1);
    expect(air.damageRate).toBeGreaterThan(0);
    expect(air.damageRate).toBeLessThan(0.2);
    expect(air.onTimeRate).toBeGreaterThan(0.5);
  });

  it("still shows a lane whose service left the catalogue, against the default promise", () => {
    expect(rows[2]).toMatchObject({ carrierName: "—", serviceName: "gone-surface", mode: null, promisedTransitDays: null, shipments: 1 });
  });
});
