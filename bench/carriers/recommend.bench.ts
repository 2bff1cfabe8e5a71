// How long one carrier recommendation takes with 20 carriers × 3 services, beside a baseline that
// indexes the catalogue afresh for every recommendation (what prepareCatalog saves), measured in
// the same run. Prints figures; never passes or fails on time.
//   npx tsx bench/carriers/recommend.bench.ts [--runs 20000] [--warmup 2000]
import { parseArgs } from "node:util";
import { catalogSchema, feasibleOptions, prepareCatalog, type Catalog, type Shipment } from "../../app/domain/carriers/catalog";
import { emptyLaneBook, OUTCOMES, recordShipment } from "../../app/domain/carriers/lanes";
import { DEFAULT_SETTINGS, recommendCarrier, type Recommendation } from "../../app/domain/carriers/recommend";

const { values } = parseArgs({ options: { runs: { type: "string", default: "20000" }, warmup: { type: "string", default: "2000" } } });
const runs = Number(values.runs);
const warmup = Number(values.warmup);

let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const REGIONS = ["AN", "AP", "AR", "AS", "BR", "CH", "CT", "DL", "GA", "GJ", "HP", "HR", "JH", "JK", "KA", "KL", "MH", "ML", "MN", "MP", "MZ", "NL", "OR", "PB", "PY", "RJ", "SK", "TN", "TG", "UP", "UT", "WB"];
const prefixOf = (region: string) => String(11 + ((REGIONS.indexOf(region) * 7) % 88));

// Each carrier: regional zones, a few postal-prefix zones, the country as the rest; three services
// with five slabs per zone, remote-area surcharges, exclusions, and a same-day service that serves
// listed metros only.
function benchCatalog(): Catalog {
  const carriers = Array.from({ length: 20 }, (_, c) => {
    const zones = [
      ...Array.from({ length: 5 }, (_, z) => ({
        id: `z${z}`,
        matches: REGIONS.filter((_, i) => (i + c) % 6 === z).map((region) => ({ country: "IN", region, postalPrefix: null })),
      })),
      ...Array.from({ length: 4 }, (_, z) => ({ id: `p${z}`, matches: [{ country: "IN", region: null, postalPrefix: `${40 + z * 10 + (c % 7)}` }] })),
      { id: "rest", matches: [{ country: "IN", region: null, postalPrefix: null }] },
    ];
    const service = (kind: "surface" | "air" | "same_day", s: number) => ({
      id: `c${c}-${kind}`,
      name: kind,
      mode: kind === "surface" ? "surface" : "air",
      priority: kind === "surface" ? "standard" : kind === "air" ? "express" : "same_day",
      rateCard: {
        currency: "INR",
        volumetricDivisor: 5000,
        fuelPercent: 10 + (c % 5),
        codFlat: 30,
        codPercent: 1.5,
        poBoxFee: 20,
        remoteAreas: Array.from({ length: 5 }, (_, r) => ({ country: "IN", postalPrefix: `${78 + r}${c % 10}`, surcharge: 40 })),
        zoneRates: zones.map((zone, z) => ({
          zoneId: zone.id,
          transitDays: [4, 1, 0][s] + (z % 3),
          slabs: [0.5, 1, 2, 5, 10].map((upToKg, k) => ({ upToKg, price: Math.round((30 + 10 * s * s + c + z * 3) * (1 + k * 0.6)) })),
          perKgAbove: 20 + 15 * s,
        })),
      },
      serviceability: {
        areas:
          kind === "same_day"
            ? ["DL", "MH", "KA", "TN"].map((region) => ({ country: "IN", region, postalPrefix: null, served: true }))
            : [REGIONS[c % REGIONS.length], REGIONS[(c * 5 + 3) % REGIONS.length]].map((region) => ({ country: "IN", region, postalPrefix: null, served: false })),
        codAllowed: c % 4 !== 0,
        poBoxAllowed: c % 3 === 0,
        reversePickup: kind === "surface",
        maxWeightKg: kind === "surface" ? 40 : 20,
        maxDimensionsCm: { lengthCm: 120, widthCm: 80, heightCm: 80 },
      },
    });
    return { id: `c${c}`, name: `Carrier ${c}`, trackingUrl: null, zones, services: [service("surface", 0), service("air", 1), service("same_day", 2)] };
  });
  return catalogSchema.parse({ carriers });
}

const catalog = benchCatalog();
const prepared = prepareCatalog(catalog);

const lanes = emptyLaneBook();
for (let i = 0; i < 60_000; i++) {
  const service = pick(prepared.services).service;
  recordShipment(lanes, {
    lane: { direction: random() < 0.9 ? "forward" : "reverse", locationId: pick(["blr", "del"]), country: "IN", region: pick(REGIONS), serviceId: service.id },
    promisedDays: pick([2, 5]),
    transitDays: 1 + Math.floor(random() * 6),
    outcome: random() < 0.9 ? "delivered" : pick(OUTCOMES),
  });
}

const shipments: Shipment[] = Array.from({ length: 1000 }, () => {
  const region = pick(REGIONS);
  return {
    direction: random() < 0.9 ? "forward" : "reverse",
    locationId: pick(["blr", "del"]),
    address: { country: "IN", region, postalCode: `${prefixOf(region)}${String(Math.floor(random() * 10_000)).padStart(4, "0")}`, poBox: random() < 0.05 },
    weightKg: Math.round((0.1 + random() * 8) * 100) / 100,
    dimensionsCm: random() < 0.7 ? { lengthCm: 10 + Math.floor(random() * 50), widthCm: 10 + Math.floor(random() * 30), heightCm: 5 + Math.floor(random() * 30) } : null,
    declaredValue: Math.round(random() * 15_000),
    codAmount: random() < 0.4 ? Math.round(300 + random() * 4000) : 0,
    fragile: random() < 0.1,
  };
});
const promises = shipments.map(() => ({ shippingLine: pick(["Standard", "Express", "Standard shipping"]), tags: random() < 0.05 ? ["priority:express"] : [] }));

interface Figures {
  name: string;
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
}

function measure(name: string, run: (i: number) => unknown): Figures {
  for (let i = 0; i < warmup; i++) run(i);
  const times = new Float64Array(runs);
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    run(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort();
  const mean = times.reduce((sum, t) => sum + t, 0) / runs;
  return { name, p50: times[Math.floor(runs * 0.5)], p99: times[Math.floor(runs * 0.99)], mean, perSecond: runs / total };
}

const recommendWith = (catalogFor: () => typeof prepared) => (i: number): Recommendation =>
  recommendCarrier({ shipment: shipments[i % shipments.length], promise: promises[i % promises.length], catalog: catalogFor(), lanes, settings: DEFAULT_SETTINGS });

const indexed = recommendWith(() => prepared);
const unindexed = recommendWith(() => prepareCatalog(catalog));
let agree = 0;
for (let i = 0; i < shipments.length; i++) if (indexed(i).winner?.serviceId === unindexed(i).winner?.serviceId) agree += 1;
const sample = indexed(0);

const results = [
  measure("recommendCarrier, catalogue prepared once", indexed),
  measure("baseline: catalogue indexed on every call", unindexed),
  measure("feasibleOptions alone (quotes, no lanes)", (i) => feasibleOptions(prepared, shipments[i % shipments.length])),
];

const cell = (n: number) => n.toFixed(1).padStart(8);
console.log(`${catalog.carriers.length} carriers × ${prepared.services.length / catalog.carriers.length} services, ${Object.keys(lanes.lanes).length} lanes, ${runs} runs after ${warmup} warm-up, Node ${process.version}`);
console.log(`sample: ${sample.options.length} options, ${sample.excluded.length} excluded; winner ${sample.winner?.serviceId} — ${sample.reason}`);
console.log(`same winner with and without the prepared catalogue: ${agree}/${shipments.length}\n`);
console.log(`| ${"variant".padEnd(42)} | p50 µs   | p99 µs   | mean µs  | per second |`);
console.log(`|${"-".repeat(44)}|---------:|---------:|---------:|-----------:|`);
for (const r of results) console.log(`| ${r.name.padEnd(42)} | ${cell(r.p50)} | ${cell(r.p99)} | ${cell(r.mean)} | ${Math.round(r.perSecond).toString().padStart(10)} |`);
