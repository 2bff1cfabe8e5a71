// The demo shop's carriers: a US catalogue (tests/demo/ratecard.csv: a national parcel network, the
// postal service, an international express carrier and a same-day courier in New York), the
// merchant's settings, and a lane history of parcels sent from the demo's three locations to the
// places its customers live, so that the recommendations have something learned to show.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../app/db.server";
import { placeOf, prepareCatalog, quote, type PreparedCatalog } from "../../app/domain/carriers/catalog";
import { parseCatalogCsv } from "../../app/domain/carriers/catalog-csv";
import { recordShipment, type FinishedShipment, type Outcome } from "../../app/domain/carriers/lanes";
import { DEFAULT_SETTINGS, type MerchantSettings } from "../../app/domain/carriers/recommend";
import { withLaneBook } from "../../app/models/carrier-setup.server";
import { importCatalogCsv, saveCarrierSettings } from "../../app/services/carriers.server";
import { mulberry32 } from "../simulator/random";

export const DEMO_RATECARD = path.join(import.meta.dirname, "ratecard.csv");

export const DEMO_SETTINGS: MerchantSettings = {
  ...DEFAULT_SETTINGS,
  shippingLines: [
    { contains: "same day", days: 0, priority: "same_day" },
    { contains: "express", days: 2, priority: null },
    { contains: "standard", days: 5, priority: null },
  ],
  rules: [
    { id: "fragile-air", when: { fragile: true }, then: { kind: "require_mode", mode: "air" } },
    { id: "big-orders-express", when: { minOrderValue: 400 }, then: { kind: "min_priority", priority: "express" } },
  ],
  locale: "en-US",
};

/** Where the demo's customers live (tests/demo/store.ts), and how much of the shop's traffic goes there. */
const DESTINATIONS = [
  { country: "US", region: "NY", postalCode: "10036", share: 1 },
  { country: "US", region: "CA", postalCode: "94111", share: 0.7 },
  { country: "US", region: "IL", postalCode: "60606", share: 0.6 },
  { country: "CA", region: "QC", postalCode: "H3B1K9", share: 0.3 },
  { country: "GB", region: null, postalCode: "NW16XE", share: 0.25 },
  { country: "DE", region: null, postalCode: "10117", share: 0.2 },
  { country: "FR", region: null, postalCode: "75004", share: 0.2 },
  { country: "AU", region: "NSW", postalCode: "2000", share: 0.15 },
  { country: "IN", region: "MH", postalCode: "400020", share: 0.12 },
  { country: "BR", region: "SP", postalCode: "01310200", share: 0.1 },
];

/** How often the shop has used each service where it could. */
const SERVICE_SHARE: Record<string, number> = {
  "pw-ground": 1,
  "pl-ground": 0.8,
  "pw-2day": 0.35,
  "pl-priority": 0.3,
  "mc-same-day": 0.2,
  "pw-worldwide": 0.6,
  "pl-intl": 0.5,
  "sb-express": 0.4,
  "sb-economy": 0.4,
};

/** Most parcels leave Newark; Reno and the Brooklyn store send fewer. */
const ORIGIN_SHARE = [1, 0.35, 0.15];

/**
 * How each service really performs (days over the carrier's promise, and how often a parcel fails
 * or is returned or damaged), and how much later a parcel leaving Reno for the east coast arrives.
 */
const PERFORMANCE: Record<string, { late: [number, number][]; failed: number; rto: number; damaged: number }> = {
  "pw-ground": {
    late: [
      [0, 0.8],
      [1, 0.14],
      [2, 0.06],
    ],
    failed: 0.02,
    rto: 0.006,
    damaged: 0.006,
  },
  "pw-2day": {
    late: [
      [0, 0.95],
      [1, 0.05],
    ],
    failed: 0.01,
    rto: 0.003,
    damaged: 0.004,
  },
  "pw-worldwide": {
    late: [
      [-1, 0.15],
      [0, 0.7],
      [1, 0.1],
      [3, 0.05],
    ],
    failed: 0.02,
    rto: 0.01,
    damaged: 0.008,
  },
  "pl-ground": {
    late: [
      [0, 0.62],
      [1, 0.25],
      [2, 0.1],
      [4, 0.03],
    ],
    failed: 0.03,
    rto: 0.01,
    damaged: 0.012,
  },
  "pl-priority": {
    late: [
      [0, 0.8],
      [1, 0.15],
      [2, 0.05],
    ],
    failed: 0.02,
    rto: 0.006,
    damaged: 0.008,
  },
  "pl-intl": {
    late: [
      [-3, 0.2],
      [0, 0.45],
      [3, 0.2],
      [8, 0.15],
    ],
    failed: 0.04,
    rto: 0.03,
    damaged: 0.015,
  },
  "sb-express": {
    late: [
      [-1, 0.2],
      [0, 0.76],
      [1, 0.04],
    ],
    failed: 0.01,
    rto: 0.004,
    damaged: 0.003,
  },
  "sb-economy": {
    late: [
      [-2, 0.2],
      [0, 0.55],
      [2, 0.2],
      [5, 0.05],
    ],
    failed: 0.02,
    rto: 0.01,
    damaged: 0.01,
  },
  "mc-same-day": {
    late: [
      [0, 0.9],
      [1, 0.1],
    ],
    failed: 0.03,
    rto: 0.002,
    damaged: 0.002,
  },
};

/**
 * A deterministic history: for each location, destination and service that can reach it, a number
 * of finished parcels in proportion to the traffic, drawn from the service's performance. Parcels
 * abroad were promised 10 days (4 express), at home 5 (2 express).
 */
export function demoLaneHistory(
  catalog: PreparedCatalog,
  locations: Array<{ legacyId: string; name: string }>,
  seed = 7,
): FinishedShipment[] {
  const random = mulberry32(seed);
  const draw = <T>(weighted: readonly [T, number][]) => {
    let r = random();
    for (const [value, p] of weighted) if ((r -= p) < 0) return value;
    return weighted[weighted.length - 1][0];
  };
  const history: FinishedShipment[] = [];
  locations.forEach((location, index) => {
    const westCoast = /reno|sparks/i.test(location.name);
    for (const destination of DESTINATIONS) {
      const address = { country: destination.country, region: destination.region, postalCode: destination.postalCode, poBox: false };
      const abroad = destination.country !== "US";
      for (const prepared of catalog.services) {
        const quoted = quote(prepared, {
          direction: "forward",
          locationId: location.legacyId,
          address,
          weightKg: 0.8,
          dimensionsCm: null,
          declaredValue: 100,
          codAmount: 0,
          fragile: false,
        });
        if (!quoted.feasible) continue;
        const performance = PERFORMANCE[prepared.service.id];
        const eastBound = westCoast && destination.country === "US" && destination.region !== "CA";
        const volume = Math.max(
          2,
          Math.round(120 * (ORIGIN_SHARE[index] ?? 0.1) * destination.share * (SERVICE_SHARE[prepared.service.id] ?? 0.3)),
        );
        for (let n = 0; n < volume; n++) {
          const express = random() < 0.3;
          const promisedDays = abroad ? (express ? 4 : 10) : express ? 2 : 5;
          const roll = random();
          const outcome: Outcome =
            roll < performance.rto
              ? "rto"
              : roll < performance.rto + performance.damaged
              ? "damaged"
              : roll < performance.rto + performance.damaged + performance.failed
              ? "failed"
              : "delivered";
          const days = Math.max(
            0,
            quoted.transitDays + draw(performance.late) + (eastBound && prepared.service.mode === "surface" ? 2 : 0),
          );
          history.push({
            lane: {
              direction: "forward",
              locationId: location.legacyId,
              country: destination.country,
              region: placeOf(address).region,
              serviceId: prepared.service.id,
            },
            promisedDays,
            transitDays: outcome === "rto" ? null : days,
            outcome,
          });
        }
      }
    }
  });
  return history;
}

/** The demo shop's catalogue, settings and lane history, written as the app stores them. */
export async function seedDemoCarriers(
  db: Db,
  shop: string,
  locations: Array<{ id: string; name: string }>,
): Promise<{ shipments: number }> {
  const csv = readFileSync(DEMO_RATECARD, "utf8");
  const imported = await importCatalogCsv(db, shop, csv, "demo");
  if (!imported.ok) throw new Error(`the demo rate card does not import: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const settings = await saveCarrierSettings(db, shop, DEMO_SETTINGS, "demo");
  if (!settings.ok) throw new Error(`the demo settings do not save: ${JSON.stringify(settings.fieldErrors)}`);
  const parsed = parseCatalogCsv(csv);
  if (!parsed.ok) throw new Error("unreachable: the rate card imported above");
  const history = demoLaneHistory(
    prepareCatalog(parsed.value),
    locations.map((location) => ({ legacyId: location.id.split("/").pop()!, name: location.name })),
  );
  await withLaneBook(db, shop, async (book) => {
    for (const shipment of history) recordShipment(book, shipment);
    return { changed: true, result: undefined };
  });
  return { shipments: history.length };
}
