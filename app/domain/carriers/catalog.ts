// The carrier catalogue a shop ships with: carriers, their zones, services, rate cards and
// serviceability, as plain serialisable objects (ids are strings) so that they can be stored,
// edited in the admin and round-tripped through CSV. `prepareCatalog` indexes a catalogue once;
// `quote` and `feasibleOptions` then price a shipment without scanning every zone.
import { z } from "zod";

export const MODES = ["surface", "air"] as const;
export const PRIORITIES = ["standard", "express", "same_day"] as const;
export const DIRECTIONS = ["forward", "reverse"] as const;
export type Mode = (typeof MODES)[number];
export type Priority = (typeof PRIORITIES)[number];
/** forward: warehouse → customer; reverse: a pickup from the customer back to the warehouse. */
export type Direction = (typeof DIRECTIONS)[number];

export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, "use a two-letter ISO country code such as IN");
const regionSchema = z.string().regex(/^[A-Z0-9]{1,3}$/, "use the ISO 3166-2 subdivision code without the country, such as MH");
const postalPrefixSchema = z.string().regex(/^[A-Z0-9]{1,10}$/, "use 1–10 letters or digits without spaces");
const moneySchema = z.number().finite().min(0);
const percentSchema = z.number().finite().min(0).max(100);
const kgSchema = z.number().finite().positive();

/** Where a zone, a served area or a remote-area surcharge applies. Null means "any". */
export const areaMatchSchema = z.object({
  country: countrySchema,
  region: regionSchema.nullable(),
  postalPrefix: postalPrefixSchema.nullable(),
});
export type AreaMatch = z.infer<typeof areaMatchSchema>;

export const zoneSchema = z.object({ id: idSchema, matches: z.array(areaMatchSchema).min(1, "a zone needs at least one area") });
export type Zone = z.infer<typeof zoneSchema>;

export const slabSchema = z.object({ upToKg: kgSchema, price: moneySchema });
export type Slab = z.infer<typeof slabSchema>;

export const zoneRateSchema = z.object({
  zoneId: idSchema,
  /** The carrier's promised transit days to this zone: the prior for lanes with little data. */
  transitDays: z.number().int().min(0).max(60),
  slabs: z.array(slabSchema).min(1, "a rate needs at least one weight slab"),
  /** Charged per started kg above the last slab. */
  perKgAbove: moneySchema,
});
export type ZoneRate = z.infer<typeof zoneRateSchema>;

export const remoteAreaSchema = z.object({ country: countrySchema, postalPrefix: postalPrefixSchema, surcharge: moneySchema });
export type RemoteArea = z.infer<typeof remoteAreaSchema>;

export const rateCardSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "use a three-letter ISO currency code such as INR"),
  /** cm³ per kg: volumetric weight = L × W × H / divisor. */
  volumetricDivisor: z.number().finite().positive(),
  fuelPercent: percentSchema,
  codFlat: moneySchema,
  codPercent: percentSchema,
  poBoxFee: moneySchema,
  remoteAreas: z.array(remoteAreaSchema),
  zoneRates: z.array(zoneRateSchema).min(1, "a service needs a rate for at least one zone"),
});
export type RateCard = z.infer<typeof rateCardSchema>;

export const dimensionsSchema = z.object({ lengthCm: kgSchema, widthCm: kgSchema, heightCm: kgSchema });
export type Dimensions = z.infer<typeof dimensionsSchema>;

export const serviceAreaSchema = areaMatchSchema.extend({ served: z.boolean() });
export type ServiceArea = z.infer<typeof serviceAreaSchema>;

export const serviceabilitySchema = z.object({
  /**
   * The most specific matching area decides. When any area says served, only listed areas are
   * served; a list of exclusions alone serves everywhere a zone covers except them.
   */
  areas: z.array(serviceAreaSchema),
  codAllowed: z.boolean(),
  poBoxAllowed: z.boolean(),
  reversePickup: z.boolean(),
  maxWeightKg: kgSchema.nullable(),
  maxDimensionsCm: dimensionsSchema.nullable(),
});
export type Serviceability = z.infer<typeof serviceabilitySchema>;

export const serviceSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  mode: z.enum(MODES),
  priority: z.enum(PRIORITIES),
  rateCard: rateCardSchema,
  serviceability: serviceabilitySchema,
});
export type Service = z.infer<typeof serviceSchema>;

export const carrierSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  /** With `{tracking}` where the tracking number goes; fulfilment uses it for the tracking URL. */
  trackingUrl: z.string().url().nullable(),
  zones: z.array(zoneSchema).min(1, "a carrier needs at least one zone"),
  services: z.array(serviceSchema).min(1, "a carrier needs at least one service"),
});
export type Carrier = z.infer<typeof carrierSchema>;

function areaKey(area: AreaMatch): string {
  return `${area.country}|${area.region ?? ""}|${area.postalPrefix ?? ""}`;
}

function describeArea(area: AreaMatch): string {
  return [area.country, area.region, area.postalPrefix && `${area.postalPrefix}…`].filter(Boolean).join(" ");
}

// References and uniqueness that a per-field schema cannot see. Every problem carries the path of
// the offending field so the CSV importer can point at the line and column it came from.
function checkCatalog(catalog: { carriers: Carrier[] }, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const carrierIds = new Set<string>();
  const serviceIds = new Set<string>();
  let currency: string | undefined;
  catalog.carriers.forEach((carrier, c) => {
    const at = ["carriers", c];
    if (carrierIds.has(carrier.id)) issue([...at, "id"], `carrier ${carrier.id} is defined twice`);
    carrierIds.add(carrier.id);
    const zoneIds = new Set<string>();
    const matchKeys = new Map<string, string>();
    carrier.zones.forEach((zone, z) => {
      if (zoneIds.has(zone.id)) issue([...at, "zones", z, "id"], `zone ${zone.id} of ${carrier.id} is defined twice`);
      zoneIds.add(zone.id);
      zone.matches.forEach((match, m) => {
        const key = areaKey(match);
        const other = matchKeys.get(key);
        if (other !== undefined) {
          issue([...at, "zones", z, "matches", m, "postalPrefix"], `${describeArea(match)} is already in zone ${other} of ${carrier.id}`);
        }
        matchKeys.set(key, zone.id);
      });
    });
    carrier.services.forEach((service, s) => {
      const sat = [...at, "services", s];
      if (serviceIds.has(service.id)) issue([...sat, "id"], `service ${service.id} is defined twice (service ids are unique across carriers)`);
      serviceIds.add(service.id);
      const card = service.rateCard;
      currency ??= card.currency;
      if (card.currency !== currency) {
        issue([...sat, "rateCard", "currency"], `all rate cards must share one currency to be compared: ${card.currency} beside ${currency}`);
      }
      const rated = new Set<string>();
      card.zoneRates.forEach((rate, r) => {
        const rat = [...sat, "rateCard", "zoneRates", r];
        if (!zoneIds.has(rate.zoneId)) issue([...rat, "zoneId"], `zone ${rate.zoneId} is not a zone of ${carrier.id}`);
        if (rated.has(rate.zoneId)) issue([...rat, "zoneId"], `${service.id} has two rates for zone ${rate.zoneId}`);
        rated.add(rate.zoneId);
        rate.slabs.forEach((slab, k) => {
          const previous = rate.slabs[k - 1];
          if (previous && slab.upToKg <= previous.upToKg) {
            issue([...rat, "slabs", k, "upToKg"], `slabs must increase: ${slab.upToKg} kg after ${previous.upToKg} kg`);
          }
        });
      });
      const remote = new Set<string>();
      card.remoteAreas.forEach((area, a) => {
        const key = areaKey({ ...area, region: null });
        if (remote.has(key)) issue([...sat, "rateCard", "remoteAreas", a, "postalPrefix"], `remote area ${describeArea({ ...area, region: null })} is listed twice`);
        remote.add(key);
      });
      const areas = new Set<string>();
      service.serviceability.areas.forEach((area, a) => {
        const key = areaKey(area);
        if (areas.has(key)) issue([...sat, "serviceability", "areas", a, "postalPrefix"], `area ${describeArea(area)} is listed twice`);
        areas.add(key);
      });
    });
  });
}

export const catalogSchema = z
  .object({ carriers: z.array(carrierSchema).min(1, "the catalogue has no carriers") })
  .superRefine(checkCatalog);
export type Catalog = z.infer<typeof catalogSchema>;

export interface PathProblem {
  path: (string | number)[];
  message: string;
}

export type Parsed<T, P> = { ok: true; value: T } | { ok: false; errors: P[] };

/** Validates a stored or edited catalogue (JSON). */
export function parseCatalog(input: unknown): Parsed<Catalog, PathProblem> {
  const result = catalogSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}

export const addressSchema = z.object({
  country: countrySchema,
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  poBox: z.boolean(),
});
export type Address = z.infer<typeof addressSchema>;

export const shipmentSchema = z.object({
  direction: z.enum(DIRECTIONS),
  /** The shop's location: the origin of a forward shipment, the destination of a reverse pickup. */
  locationId: idSchema,
  /** The customer's address: the destination of a forward shipment, the pickup of a reverse one. */
  address: addressSchema,
  weightKg: kgSchema,
  dimensionsCm: dimensionsSchema.nullable(),
  declaredValue: moneySchema,
  /** 0 for a prepaid order. */
  codAmount: moneySchema,
  fragile: z.boolean(),
});
export type Shipment = z.infer<typeof shipmentSchema>;

/**
 * The customer's end of a shipment as the lookup keys every area index tries, computed once per
 * shipment: keys[2n] includes the region, keys[2n + 1] does not, both with the first n postal
 * characters.
 */
export interface Place {
  country: string;
  region: string | null;
  postal: string;
  keys: string[];
  /** "IN-MH 411001", for reasons. */
  label: string;
}

export function placeOf(address: Address): Place {
  const country = address.country.toUpperCase();
  const region = address.region ? address.region.trim().toUpperCase() : null;
  const postal = (address.postalCode ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  const keys: string[] = [];
  for (let n = 0; n <= postal.length; n++) {
    const prefix = postal.slice(0, n);
    const without = `${country}||${prefix}`;
    keys.push(region ? `${country}|${region}|${prefix}` : without, without);
  }
  const label = [region ? `${country}-${region}` : country, postal].filter(Boolean).join(" ");
  return { country, region, postal, keys, label };
}

// Most specific match wins: a longer postal prefix beats a shorter one, then a match naming the
// region beats one that does not, then the country alone.
interface AreaIndex<T> {
  entries: Map<string, T>;
  prefixLengths: number[];
}

function indexAreas<T>(items: readonly { area: AreaMatch; value: T }[]): AreaIndex<T> {
  const entries = new Map<string, T>();
  const lengths = new Set<number>();
  for (const { area, value } of items) {
    entries.set(areaKey(area), value);
    lengths.add(area.postalPrefix?.length ?? 0);
  }
  return { entries, prefixLengths: [...lengths].sort((a, b) => b - a) };
}

function lookupArea<T>(index: AreaIndex<T>, place: Place): T | undefined {
  for (const n of index.prefixLengths) {
    if (n > place.postal.length) continue;
    const hit = index.entries.get(place.keys[2 * n]) ?? index.entries.get(place.keys[2 * n + 1]);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export interface PreparedService {
  carrier: Carrier;
  service: Service;
  /** Decimal places of the currency's minor unit (2 for INR, 0 for JPY): costs are rounded to it. */
  minorDigits: number;
  zones: AreaIndex<string>;
  rates: Map<string, ZoneRate>;
  areas: AreaIndex<boolean>;
  listedAreasOnly: boolean;
  remoteAreas: AreaIndex<number>;
  /** The box limit's sides, longest first. */
  maxSides: [number, number, number] | null;
}

export interface PreparedCatalog {
  catalog: Catalog;
  currency: string;
  services: PreparedService[];
  serviceById: Map<string, PreparedService>;
}

/** Indexes a valid catalogue once, so that each quote is a handful of map lookups. */
export function prepareCatalog(catalog: Catalog): PreparedCatalog {
  const currency = catalog.carriers[0].services[0].rateCard.currency;
  const minorDigits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const services: PreparedService[] = [];
  for (const carrier of catalog.carriers) {
    const zones = indexAreas(carrier.zones.flatMap((zone) => zone.matches.map((area) => ({ area, value: zone.id }))));
    for (const service of carrier.services) {
      const { areas } = service.serviceability;
      services.push({
        carrier,
        service,
        minorDigits,
        zones,
        rates: new Map(service.rateCard.zoneRates.map((rate) => [rate.zoneId, rate])),
        areas: indexAreas(areas.map((area) => ({ area, value: area.served }))),
        listedAreasOnly: areas.some((area) => area.served),
        maxSides: service.serviceability.maxDimensionsCm && sortedSides(service.serviceability.maxDimensionsCm),
        remoteAreas: indexAreas(
          service.rateCard.remoteAreas.map((remote) => ({ area: { ...remote, region: null }, value: remote.surcharge })),
        ),
      });
    }
  }
  return {
    catalog,
    currency,
    services,
    serviceById: new Map(services.map((prepared) => [prepared.service.id, prepared])),
  };
}

export const INFEASIBLE_REASONS = [
  "no_reverse_pickup",
  "not_served",
  "no_zone",
  "no_rate",
  "po_box",
  "cod_unsupported",
  "too_heavy",
  "too_large",
] as const;
export type InfeasibleReason = (typeof INFEASIBLE_REASONS)[number];

export interface CostBreakdown {
  freight: number;
  fuel: number;
  cod: number;
  remoteArea: number;
  poBox: number;
  total: number;
}

export interface FeasibleQuote {
  feasible: true;
  carrierId: string;
  serviceId: string;
  zoneId: string;
  transitDays: number;
  actualKg: number;
  volumetricKg: number;
  chargeableKg: number;
  cost: CostBreakdown;
}

export interface InfeasibleQuote {
  feasible: false;
  carrierId: string;
  serviceId: string;
  reason: InfeasibleReason;
  detail: string;
}

export type Quote = FeasibleQuote | InfeasibleQuote;

function kg(value: number): string {
  return `${Number(value.toFixed(2))} kg`;
}

function dims(d: Dimensions): string {
  return `${d.lengthCm}×${d.widthCm}×${d.heightCm} cm`;
}

function sortedSides(d: Dimensions): [number, number, number] {
  const [a, b, c] = [d.lengthCm, d.widthCm, d.heightCm].sort((x, y) => y - x);
  return [a, b, c];
}

// Whether a box fits within limits, longest side against longest side. Runs for every service on
// every shipment, so it sorts three numbers by hand instead of allocating.
function fits(box: Dimensions, limit: readonly [number, number, number]): boolean {
  let a = box.lengthCm;
  let b = box.widthCm;
  let c = box.heightCm;
  if (a < b) [a, b] = [b, a];
  if (b < c) [b, c] = [c, b];
  if (a < b) [a, b] = [b, a];
  return a <= limit[0] && b <= limit[1] && c <= limit[2];
}

const WEIGHT_EPSILON = 1e-9;

function infeasible(prepared: PreparedService, reason: InfeasibleReason, detail: string): InfeasibleQuote {
  return { feasible: false, carrierId: prepared.carrier.id, serviceId: prepared.service.id, reason, detail };
}

export function roundMoney(amount: number, minorDigits: number): number {
  const unit = 10 ** minorDigits;
  return Math.round((amount + Number.EPSILON) * unit) / unit;
}

/**
 * Prices one service for one shipment, or says why it cannot carry it. COD applies to forward
 * shipments only: a reverse pickup collects no cash. `place` is `placeOf(shipment.address)`,
 * passed in when the caller quotes many services for the same shipment.
 */
export function quote(prepared: PreparedService, shipment: Shipment, place = placeOf(shipment.address)): Quote {
  const { carrier, service } = prepared;
  const rules = service.serviceability;
  const cod = shipment.direction === "forward" ? shipment.codAmount : 0;
  if (shipment.direction === "reverse" && !rules.reversePickup) return infeasible(prepared, "no_reverse_pickup", "does not do reverse pickups");
  const served = lookupArea(prepared.areas, place) ?? !prepared.listedAreasOnly;
  if (!served) return infeasible(prepared, "not_served", `does not serve ${place.label}`);
  const zoneId = lookupArea(prepared.zones, place);
  if (zoneId === undefined) return infeasible(prepared, "no_zone", `has no zone covering ${place.label}`);
  const rate = prepared.rates.get(zoneId);
  if (!rate) return infeasible(prepared, "no_rate", `has no rate for zone ${zoneId}`);
  if (shipment.address.poBox && !rules.poBoxAllowed) return infeasible(prepared, "po_box", "does not deliver to PO boxes");
  if (cod > 0 && !rules.codAllowed) return infeasible(prepared, "cod_unsupported", "does not collect cash on delivery");
  if (rules.maxWeightKg !== null && shipment.weightKg > rules.maxWeightKg) {
    return infeasible(prepared, "too_heavy", `weighs ${kg(shipment.weightKg)}; the limit is ${kg(rules.maxWeightKg)}`);
  }
  const size = shipment.dimensionsCm;
  if (size && rules.maxDimensionsCm && prepared.maxSides && !fits(size, prepared.maxSides)) {
    return infeasible(prepared, "too_large", `measures ${dims(size)}; the limit is ${dims(rules.maxDimensionsCm)}`);
  }
  const card = service.rateCard;
  const volumetricKg = size ? (size.lengthCm * size.widthCm * size.heightCm) / card.volumetricDivisor : 0;
  const chargeableKg = Math.max(shipment.weightKg, volumetricKg);
  // The epsilon keeps 2.0000000000000004 kg (float noise from volumetric division) in the 2 kg slab.
  const slab = rate.slabs.find((s) => chargeableKg <= s.upToKg + WEIGHT_EPSILON);
  const last = rate.slabs[rate.slabs.length - 1];
  const freight = slab ? slab.price : last.price + Math.ceil(chargeableKg - last.upToKg - WEIGHT_EPSILON) * rate.perKgAbove;
  const digits = prepared.minorDigits;
  const cost = {
    freight: roundMoney(freight, digits),
    fuel: roundMoney((freight * card.fuelPercent) / 100, digits),
    cod: cod > 0 ? roundMoney(card.codFlat + (cod * card.codPercent) / 100, digits) : 0,
    remoteArea: roundMoney(lookupArea(prepared.remoteAreas, place) ?? 0, digits),
    poBox: shipment.address.poBox ? roundMoney(card.poBoxFee, digits) : 0,
    total: 0,
  };
  cost.total = roundMoney(cost.freight + cost.fuel + cost.cod + cost.remoteArea + cost.poBox, digits);
  return {
    feasible: true,
    carrierId: carrier.id,
    serviceId: service.id,
    zoneId,
    transitDays: rate.transitDays,
    actualKg: shipment.weightKg,
    volumetricKg,
    chargeableKg,
    cost,
  };
}

export interface QuotedOptions {
  feasible: FeasibleQuote[];
  infeasible: InfeasibleQuote[];
}

/** Every service of the catalogue quoted for the shipment, in catalogue order. */
export function feasibleOptions(prepared: PreparedCatalog, shipment: Shipment): QuotedOptions {
  const place = placeOf(shipment.address);
  const options: QuotedOptions = { feasible: [], infeasible: [] };
  for (const service of prepared.services) {
    const result = quote(service, shipment, place);
    if (result.feasible) options.feasible.push(result);
    else options.infeasible.push(result);
  }
  return options;
}
