// Writes a seeded synthetic shipment history and the rate card it was shipped under, for the
// evaluation harness: `npx tsx bench/carriers/generate-history.ts [--seed 7] [--shipments 2000] [--out dir]`.
//
// The world it simulates: an Indian shop with warehouses in Bengaluru (blr) and Delhi (del) and
// four carriers. Surface is slower and cheaper than air; Velo is steady everywhere but slow in
// Assam; DakX is cheapest but slow and unreliable in the north and north-east; Skyline is fast,
// reliable and dear, and skips Jammu & Kashmir; Coastal is excellent in the south and poor in the
// north. On "near" lanes (e.g. Bengaluru → Pune) surface misses a 2-day promise about 40 % of the
// time. The shop shipped its default (Velo surface, Velo air for Express) 55 % of the time and
// let the floor pick any other feasible service otherwise, so every lane has some data.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { catalogSchema, feasibleOptions, prepareCatalog, quote, type Catalog, type Mode, type ZoneRate } from "../../app/domain/carriers/catalog";
import { formatCatalogCsv } from "../../app/domain/carriers/catalog-csv";
import { formatHistoryCsv, type HistoryRow } from "../../app/domain/carriers/evaluate";
import { mulberry32 } from "../../tests/simulator/random";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "7" },
    shipments: { type: "string", default: "2000" },
    out: { type: "string", default: path.join(import.meta.dirname, "data") },
  },
});

const random = mulberry32(Number(values.seed));
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
function weighted<T>(items: readonly [T, number][]): T {
  let r = random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1][0];
}

const REGIONS: Record<string, { prefixes: string[]; demand: number }> = {
  KA: { prefixes: ["560", "570", "580"], demand: 14 },
  TN: { prefixes: ["600", "620", "641"], demand: 10 },
  KL: { prefixes: ["682", "695"], demand: 7 },
  MH: { prefixes: ["400", "411", "440"], demand: 18 },
  DL: { prefixes: ["110"], demand: 14 },
  UP: { prefixes: ["201", "226", "208"], demand: 10 },
  GJ: { prefixes: ["380", "395"], demand: 8 },
  WB: { prefixes: ["700", "711"], demand: 8 },
  AS: { prefixes: ["781", "785"], demand: 6 },
  JK: { prefixes: ["190", "180"], demand: 5 },
};

// 0 same region, 1 near, 2 far, 3 remote.
const DISTANCE: Record<string, Record<string, number>> = {
  blr: { KA: 0, TN: 1, KL: 1, MH: 1, GJ: 2, DL: 2, UP: 2, WB: 2, AS: 3, JK: 3 },
  del: { DL: 0, UP: 1, GJ: 1, MH: 2, JK: 2, WB: 2, KA: 2, TN: 2, KL: 3, AS: 3 },
};
const MEAN_DAYS: Record<Mode, number[]> = { surface: [1.2, 2.3, 3.8, 6], air: [1, 1.4, 1.8, 2.8] };
const SPREAD: Record<Mode, number> = { surface: 0.8, air: 0.5 };

interface Behaviour {
  /** Multiplies the mean transit time, per region ("*" for the rest). */
  slowness: Record<string, number>;
  failed: Record<string, number>;
  rto: Record<string, number>;
  damage: Record<Mode, number>;
}

const at = (table: Record<string, number>, region: string) => table[region] ?? table["*"];

const BEHAVIOUR: Record<string, Behaviour> = {
  velo: { slowness: { AS: 1.3, "*": 1 }, failed: { "*": 0.03 }, rto: { "*": 0.02 }, damage: { surface: 0.015, air: 0.007 } },
  dakx: {
    slowness: { UP: 1.4, JK: 1.4, AS: 1.4, "*": 1.15 },
    failed: { UP: 0.12, JK: 0.12, AS: 0.1, "*": 0.06 },
    rto: { UP: 0.1, JK: 0.1, AS: 0.08, "*": 0.05 },
    damage: { surface: 0.025, air: 0.02 },
  },
  skyline: { slowness: { "*": 0.9 }, failed: { "*": 0.015 }, rto: { "*": 0.01 }, damage: { surface: 0.005, air: 0.005 } },
  coastal: {
    slowness: { KA: 0.85, TN: 0.85, KL: 0.85, MH: 1, GJ: 1, "*": 1.3 },
    failed: { KA: 0.02, TN: 0.02, KL: 0.02, MH: 0.04, GJ: 0.04, "*": 0.08 },
    rto: { KA: 0.01, TN: 0.01, KL: 0.01, MH: 0.03, GJ: 0.03, "*": 0.07 },
    damage: { surface: 0.012, air: 0.006 },
  },
};

const ZONES = [
  { id: "metro", matches: ["MH", "DL", "KA", "TN", "WB"].map((region) => ({ country: "IN", region, postalPrefix: null })) },
  { id: "ne-jk", matches: ["AS", "JK"].map((region) => ({ country: "IN", region, postalPrefix: null })) },
  { id: "rest", matches: [{ country: "IN", region: null, postalPrefix: null }] },
];

function rates(prices: [number, number, number, number], perKg: number, transit: [number, number, number]): ZoneRate[] {
  return ZONES.map((zone, z) => {
    const factor = [1, 1.5, 1.2][z];
    return {
      zoneId: zone.id,
      transitDays: transit[z],
      slabs: [0.5, 1, 2, 5].map((upToKg, k) => ({ upToKg, price: Math.round(prices[k] * factor) })),
      perKgAbove: Math.round(perKg * factor),
    };
  });
}

function service(id: string, name: string, mode: Mode, zoneRates: ZoneRate[], excluded: string[] = [], remote = true) {
  return {
    id,
    name,
    mode,
    priority: mode === "air" ? ("express" as const) : ("standard" as const),
    rateCard: {
      currency: "INR",
      volumetricDivisor: mode === "air" ? 5000 : 4000,
      fuelPercent: 12,
      codFlat: 30,
      codPercent: 1.5,
      poBoxFee: 0,
      remoteAreas: remote ? [{ country: "IN", postalPrefix: "78", surcharge: 40 }] : [],
      zoneRates,
    },
    serviceability: {
      areas: excluded.map((region) => ({ country: "IN", region, postalPrefix: null, served: false })),
      codAllowed: true,
      poBoxAllowed: false,
      reversePickup: mode === "surface",
      maxWeightKg: mode === "air" ? 20 : 40,
      maxDimensionsCm: null,
    },
  };
}

const SURFACE_TRANSIT: [number, number, number] = [3, 7, 5];
const AIR_TRANSIT: [number, number, number] = [1, 3, 2];

const catalog: Catalog = catalogSchema.parse({
  carriers: [
    {
      id: "velo",
      name: "Velo Logistics",
      trackingUrl: "https://velo.example/track/{tracking}",
      zones: ZONES,
      services: [
        service("velo-surface", "Surface", "surface", rates([38, 48, 72, 140], 26, SURFACE_TRANSIT)),
        service("velo-air", "Air", "air", rates([70, 92, 140, 300], 55, AIR_TRANSIT)),
      ],
    },
    {
      id: "dakx",
      name: "DakX",
      trackingUrl: null,
      zones: ZONES,
      services: [service("dakx-surface", "Surface", "surface", rates([32, 42, 62, 120], 22, [4, 8, 6]))],
    },
    {
      id: "skyline",
      name: "Skyline Air",
      trackingUrl: "https://skyline.example/t/{tracking}",
      zones: ZONES,
      services: [service("skyline-air", "Priority", "air", rates([85, 110, 165, 340], 62, AIR_TRANSIT), ["JK"], false)],
    },
    {
      id: "coastal",
      name: "Coastal Couriers",
      trackingUrl: null,
      zones: ZONES,
      services: [
        service("coastal-surface", "Surface", "surface", rates([36, 46, 68, 132], 24, SURFACE_TRANSIT), ["AS", "JK"]),
        service("coastal-air", "Air", "air", rates([66, 88, 132, 285], 52, AIR_TRANSIT), ["AS", "JK"]),
      ],
    },
  ],
});
const prepared = prepareCatalog(catalog);

const count = Number(values.shipments);
const start = Date.UTC(2026, 0, 5);
const days = 120;
const offsets = Array.from({ length: count }, () => random() * days * 86_400_000).sort((a, b) => a - b);
const history: Omit<HistoryRow, "line">[] = [];

for (const offset of offsets) {
  const region = weighted(Object.entries(REGIONS).map(([code, r]) => [code, r.demand] as [string, number]));
  const nearest = DISTANCE.blr[region] <= DISTANCE.del[region] ? "blr" : "del";
  const origin = random() < 0.8 ? nearest : nearest === "blr" ? "del" : "blr";
  const postal = `${pick(REGIONS[region].prefixes)}${String(Math.floor(random() * 1000)).padStart(3, "0")}`;
  const weightKg = Math.min(15, Math.max(0.1, Math.round(Math.exp(-0.3 + 0.7 * gaussian()) * 100) / 100));
  const codAmount = random() < 0.45 ? Math.round(400 + random() * 3600) : 0;
  const express = random() < 0.35;
  const promisedDays = express ? 2 : 5;
  const shipment = {
    direction: "forward" as const,
    locationId: origin,
    address: { country: "IN", region, postalCode: postal, poBox: false },
    weightKg,
    dimensionsCm: null,
    declaredValue: codAmount,
    codAmount,
    fragile: false,
  };
  const { feasible } = feasibleOptions(prepared, shipment);
  const usual = express ? "velo-air" : "velo-surface";
  const chosen = random() < 0.55 && feasible.some((o) => o.serviceId === usual) ? usual : pick(feasible).serviceId;
  const { carrier, service: shipped } = prepared.serviceById.get(chosen)!;
  const quoted = quote(prepared.serviceById.get(chosen)!, shipment);
  if (!quoted.feasible) throw new Error(`generator picked an infeasible service: ${quoted.detail}`);

  const behaviour = BEHAVIOUR[carrier.id];
  const mean = MEAN_DAYS[shipped.mode][DISTANCE[origin][region]] * at(behaviour.slowness, region);
  let actualDays: number | null = Math.max(1, Math.round(mean + SPREAD[shipped.mode] * gaussian()));
  const roll = random();
  const rto = at(behaviour.rto, region) * (codAmount > 0 ? 1.8 : 1);
  const failed = at(behaviour.failed, region);
  let outcome: HistoryRow["outcome"] = "delivered";
  if (roll < rto) {
    outcome = "rto";
    actualDays = null;
  } else if (roll < rto + failed) {
    outcome = "failed";
    actualDays = random() < 0.3 ? null : actualDays + 1 + Math.floor(random() * 2);
  } else if (roll < rto + failed + behaviour.damage[shipped.mode]) {
    outcome = "damaged";
  }

  const shippedAt = new Date(start + offset + 5.5 * 3_600_000).toISOString().slice(0, 19) + "+05:30";
  history.push({
    shippedAt,
    origin,
    country: "IN",
    region,
    postal,
    carrierId: carrier.id,
    serviceId: shipped.id,
    mode: shipped.mode,
    priority: shipped.priority,
    weightKg,
    codAmount,
    cost: quoted.cost.total,
    promisedDays,
    actualDays,
    outcome,
  });
}

mkdirSync(values.out, { recursive: true });
const historyCsv = formatHistoryCsv(history);
const ratecardCsv = formatCatalogCsv(catalog);
writeFileSync(path.join(values.out, "history.csv"), historyCsv);
writeFileSync(path.join(values.out, "ratecard.csv"), ratecardCsv);
console.log(
  `wrote ${history.length} shipments (${(historyCsv.length / 1024).toFixed(0)} KB) and a rate card of ${prepared.services.length} services to ${path.relative(process.cwd(), values.out) || "."}`,
);
