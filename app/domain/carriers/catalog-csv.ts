/*
 * Carrier catalogue CSV: one flat file, one row per fact, the `kind` column says which.
 *
 * The header names the columns (any order; a column left out is read as empty; an unknown column is
 * an error). Every row carries carrier_id; a row may only fill the columns of its kind:
 *
 *   kind     columns (* required)
 *   carrier  carrier_id*, name*, tracking_url (with {tracking} where the number goes)
 *   zone     carrier_id*, zone_id*, country*, region, postal_prefix
 *            one row per area of the zone; the most specific match wins (a longer postal prefix,
 *            then a named region, then the country alone)
 *   service  carrier_id*, service_id* (unique across carriers), name*, mode* (surface | air),
 *            priority* (standard | express | same_day), currency*, volumetric_divisor* (cm³ per kg),
 *            fuel_percent*, cod_flat*, cod_percent*, po_box_fee*, cod_allowed*, po_box_allowed*,
 *            reverse_pickup* (yes | no), max_weight_kg, max_length_cm + max_width_cm + max_height_cm
 *            (all three or none)
 *   rate     carrier_id*, service_id*, zone_id*, transit_days* (the carrier's promise), per_kg_above*
 *            (per started kg above the last slab)
 *   slab     carrier_id*, service_id*, zone_id*, up_to_kg*, price*   (a rate's weight slabs)
 *   remote   carrier_id*, service_id*, country*, postal_prefix*, surcharge*
 *   area     carrier_id*, service_id*, country*, region, postal_prefix, served* (yes | no)
 *            serviceability: the most specific area decides; if any area says served, only
 *            listed areas are served, otherwise the exclusions carve holes in the zones
 *
 * Rows may come in any order. Codes are upper-cased and spaces are removed from postal prefixes;
 * numbers use a dot for decimals. Export writes each carrier's rows together (carrier, zones, then
 * per service: service, rate + its slabs, remote, area), so exporting an import of an exported file
 * gives the same text. Import reports every problem with its line (the line the record ends on)
 * and column, and returns no catalogue while any remains. bench/carriers/FORMAT.md shows an example.
 */
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import {
  catalogSchema,
  MODES,
  PRIORITIES,
  type Carrier,
  type Catalog,
  type Parsed,
  type Service,
  type ZoneRate,
} from "./catalog";
import { cell, cellProblems, readCsv, type CsvProblem } from "./csv";

export const CATALOG_COLUMNS = [
  "kind",
  "carrier_id",
  "service_id",
  "zone_id",
  "name",
  "mode",
  "priority",
  "tracking_url",
  "currency",
  "country",
  "region",
  "postal_prefix",
  "served",
  "transit_days",
  "up_to_kg",
  "price",
  "per_kg_above",
  "surcharge",
  "volumetric_divisor",
  "fuel_percent",
  "cod_flat",
  "cod_percent",
  "po_box_fee",
  "cod_allowed",
  "po_box_allowed",
  "reverse_pickup",
  "max_weight_kg",
  "max_length_cm",
  "max_width_cm",
  "max_height_cm",
] as const;
type Column = (typeof CATALOG_COLUMNS)[number];

const { text, optionalText, code, optionalCode, postal, optionalPostal, number, optionalNumber, yesNo, oneOf } = cell;

const shapes = {
  carrier: { carrier_id: text, name: text, tracking_url: optionalText },
  zone: { carrier_id: text, zone_id: text, country: code, region: optionalCode, postal_prefix: optionalPostal },
  service: {
    carrier_id: text,
    service_id: text,
    name: text,
    mode: oneOf(MODES),
    priority: oneOf(PRIORITIES),
    currency: code,
    volumetric_divisor: number,
    fuel_percent: number,
    cod_flat: number,
    cod_percent: number,
    po_box_fee: number,
    cod_allowed: yesNo,
    po_box_allowed: yesNo,
    reverse_pickup: yesNo,
    max_weight_kg: optionalNumber,
    max_length_cm: optionalNumber,
    max_width_cm: optionalNumber,
    max_height_cm: optionalNumber,
  },
  rate: { carrier_id: text, service_id: text, zone_id: text, transit_days: number, per_kg_above: number },
  slab: { carrier_id: text, service_id: text, zone_id: text, up_to_kg: number, price: number },
  remote: { carrier_id: text, service_id: text, country: code, postal_prefix: postal, surcharge: number },
  area: { carrier_id: text, service_id: text, country: code, region: optionalCode, postal_prefix: optionalPostal, served: yesNo },
};

const rowSchemas = {
  carrier: z.object(shapes.carrier),
  zone: z.object(shapes.zone),
  service: z.object(shapes.service).superRefine((row, ctx) => {
    const given = [row.max_length_cm, row.max_width_cm, row.max_height_cm].filter((v) => v !== null).length;
    if (given === 1 || given === 2) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["max_length_cm"], message: "give max_length_cm, max_width_cm and max_height_cm together, or none" });
    }
  }),
  rate: z.object(shapes.rate),
  slab: z.object(shapes.slab),
  remote: z.object(shapes.remote),
  area: z.object(shapes.area),
};
type Kind = keyof typeof rowSchemas;
type Row<K extends Kind> = z.output<(typeof rowSchemas)[K]>;
const KINDS = Object.keys(rowSchemas) as Kind[];
const KIND_COLUMNS = Object.fromEntries(KINDS.map((kind) => [kind, new Set(["kind", ...Object.keys(shapes[kind])])])) as Record<Kind, Set<string>>;

interface Located<K extends Kind> {
  line: number;
  row: Row<K>;
}

type Rows = { [K in Kind]: Located<K>[] };

// Where each part of the assembled catalogue came from, so that problems found by the catalogue
// schema point back at a line and a column.
interface Origin {
  line: number;
  kind: Kind;
}

function readRows(csv: string): { rows: Rows; problems: CsvProblem[] } {
  const rows: Rows = { carrier: [], zone: [], service: [], rate: [], slab: [], remote: [], area: [] };
  const read = readCsv(csv, CATALOG_COLUMNS, ["kind"]);
  if (!read.ok) return { rows, problems: read.problems };
  const problems = [...read.problems];
  for (const { cells, line } of read.records) {
    const kind = cells.kind.toLowerCase() as Kind;
    if (!KINDS.includes(kind)) {
      problems.push({ line, field: "kind", message: `"${cells.kind}" is not a row kind: use ${KINDS.join(", ")}` });
      continue;
    }
    for (const column of CATALOG_COLUMNS) {
      if (cells[column] !== "" && !KIND_COLUMNS[kind].has(column)) problems.push({ line, field: column, message: `is not used on ${kind} rows` });
    }
    const parsed = rowSchemas[kind].safeParse(cells);
    if (!parsed.success) {
      problems.push(...cellProblems(line, parsed.error));
      continue;
    }
    (rows[kind] as Located<Kind>[]).push({ line, row: parsed.data });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

function assemble(rows: Rows): { catalog: { carriers: Carrier[] }; origins: Map<string, Origin>; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const origins = new Map<string, Origin>();
  const at = (path: (string | number)[], origin: Origin) => origins.set(path.join("."), origin);
  const carriers: Carrier[] = [];
  const carrierById = new Map<string, { carrier: Carrier; path: (string | number)[]; line: number }>();
  for (const { line, row } of rows.carrier) {
    const earlier = carrierById.get(row.carrier_id);
    if (earlier) {
      problems.push({ line, field: "carrier_id", message: `carrier ${row.carrier_id} is already defined on line ${earlier.line}` });
      continue;
    }
    const carrier: Carrier = { id: row.carrier_id, name: row.name, trackingUrl: row.tracking_url, zones: [], services: [] };
    const path = ["carriers", carriers.length];
    carriers.push(carrier);
    carrierById.set(carrier.id, { carrier, path, line });
    at(path, { line, kind: "carrier" });
  }
  const carrierOf = (line: number, carrierId: string) => {
    const found = carrierById.get(carrierId);
    if (!found) problems.push({ line, field: "carrier_id", message: `carrier ${carrierId} has no carrier row` });
    return found;
  };

  for (const { line, row } of rows.zone) {
    const owner = carrierOf(line, row.carrier_id);
    if (!owner) continue;
    let z = owner.carrier.zones.findIndex((zone) => zone.id === row.zone_id);
    if (z < 0) {
      z = owner.carrier.zones.push({ id: row.zone_id, matches: [] }) - 1;
      at([...owner.path, "zones", z], { line, kind: "zone" });
    }
    const matches = owner.carrier.zones[z].matches;
    at([...owner.path, "zones", z, "matches", matches.length], { line, kind: "zone" });
    matches.push({ country: row.country, region: row.region, postalPrefix: row.postal_prefix });
  }

  const serviceById = new Map<string, { service: Service; carrierId: string; path: (string | number)[]; line: number }>();
  for (const { line, row } of rows.service) {
    const owner = carrierOf(line, row.carrier_id);
    if (!owner) continue;
    const earlier = serviceById.get(row.service_id);
    if (earlier) {
      problems.push({ line, field: "service_id", message: `service ${row.service_id} is already defined on line ${earlier.line}` });
      continue;
    }
    const service: Service = {
      id: row.service_id,
      name: row.name,
      mode: row.mode,
      priority: row.priority,
      rateCard: {
        currency: row.currency,
        volumetricDivisor: row.volumetric_divisor,
        fuelPercent: row.fuel_percent,
        codFlat: row.cod_flat,
        codPercent: row.cod_percent,
        poBoxFee: row.po_box_fee,
        remoteAreas: [],
        zoneRates: [],
      },
      serviceability: {
        areas: [],
        codAllowed: row.cod_allowed,
        poBoxAllowed: row.po_box_allowed,
        reversePickup: row.reverse_pickup,
        maxWeightKg: row.max_weight_kg,
        maxDimensionsCm:
          row.max_length_cm !== null && row.max_width_cm !== null && row.max_height_cm !== null
            ? { lengthCm: row.max_length_cm, widthCm: row.max_width_cm, heightCm: row.max_height_cm }
            : null,
      },
    };
    const path = [...owner.path, "services", owner.carrier.services.length];
    owner.carrier.services.push(service);
    serviceById.set(service.id, { service, carrierId: owner.carrier.id, path, line });
    at(path, { line, kind: "service" });
  }
  const serviceOf = (line: number, row: { carrier_id: string; service_id: string }) => {
    const found = serviceById.get(row.service_id);
    if (!found) problems.push({ line, field: "service_id", message: `service ${row.service_id} has no service row` });
    else if (found.carrierId !== row.carrier_id) {
      problems.push({ line, field: "carrier_id", message: `service ${row.service_id} belongs to ${found.carrierId}, not ${row.carrier_id}` });
    } else return found;
    return undefined;
  };

  const rates = new Map<string, { rate: ZoneRate; path: (string | number)[]; line: number; slabLines: Map<object, number> }>();
  // Slabs of a rate row that is itself in error are not reported again.
  const rejectedRates = new Set<string>();
  for (const { line, row } of rows.rate) {
    const key = `${row.service_id}|${row.zone_id}`;
    const owner = serviceOf(line, row);
    if (!owner) {
      rejectedRates.add(key);
      continue;
    }
    const earlier = rates.get(key);
    if (earlier) {
      rejectedRates.add(key);
      problems.push({ line, field: "zone_id", message: `${row.service_id} already has a rate for zone ${row.zone_id} on line ${earlier.line}` });
      continue;
    }
    const zoneRates = owner.service.rateCard.zoneRates;
    const rate: ZoneRate = { zoneId: row.zone_id, transitDays: row.transit_days, slabs: [], perKgAbove: row.per_kg_above };
    const path = [...owner.path, "rateCard", "zoneRates", zoneRates.length];
    zoneRates.push(rate);
    rates.set(key, { rate, path, line, slabLines: new Map() });
    at(path, { line, kind: "rate" });
  }
  for (const { line, row } of rows.slab) {
    const key = `${row.service_id}|${row.zone_id}`;
    if (rejectedRates.has(key) || !serviceOf(line, row)) continue;
    const owner = rates.get(key);
    if (!owner) {
      problems.push({ line, field: "zone_id", message: `${row.service_id} has no rate row for zone ${row.zone_id}` });
      continue;
    }
    const slab = { upToKg: row.up_to_kg, price: row.price };
    owner.rate.slabs.push(slab);
    owner.slabLines.set(slab, line);
  }
  // Slabs may be typed in any order; they are kept sorted, each still pointing at its own line.
  for (const { rate, path, slabLines } of rates.values()) {
    rate.slabs.sort((a, b) => a.upToKg - b.upToKg);
    rate.slabs.forEach((slab, k) => at([...path, "slabs", k], { line: slabLines.get(slab)!, kind: "slab" }));
  }
  for (const { line, row } of rows.remote) {
    const owner = serviceOf(line, row);
    if (!owner) continue;
    const remote = owner.service.rateCard.remoteAreas;
    at([...owner.path, "rateCard", "remoteAreas", remote.length], { line, kind: "remote" });
    remote.push({ country: row.country, postalPrefix: row.postal_prefix, surcharge: row.surcharge });
  }
  for (const { line, row } of rows.area) {
    const owner = serviceOf(line, row);
    if (!owner) continue;
    const areas = owner.service.serviceability.areas;
    at([...owner.path, "serviceability", "areas", areas.length], { line, kind: "area" });
    areas.push({ country: row.country, region: row.region, postalPrefix: row.postal_prefix, served: row.served });
  }
  return { catalog: { carriers }, origins, problems };
}

// The column a catalogue field was read from, by the kind of row that holds it.
const KEY_COLUMNS: Record<Kind, Column> = {
  carrier: "carrier_id",
  zone: "zone_id",
  service: "service_id",
  rate: "zone_id",
  slab: "up_to_kg",
  remote: "postal_prefix",
  area: "postal_prefix",
};
const FIELD_COLUMNS: Record<string, Column> = {
  lengthCm: "max_length_cm",
  widthCm: "max_width_cm",
  heightCm: "max_height_cm",
  zones: "carrier_id",
  services: "carrier_id",
  matches: "zone_id",
  zoneRates: "service_id",
  slabs: "zone_id",
};

function locate(path: (string | number)[], origins: Map<string, Origin>): { line: number; field: string } {
  for (let n = path.length; n > 0; n--) {
    const origin = origins.get(path.slice(0, n).join("."));
    if (!origin) continue;
    const field = path.slice(n).filter((p): p is string => typeof p === "string").pop();
    if (field === undefined || field === "id") return { line: origin.line, field: KEY_COLUMNS[origin.kind] };
    return { line: origin.line, field: FIELD_COLUMNS[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) };
  }
  return { line: 1, field: "kind" };
}

/** Reads a catalogue CSV; every problem comes back with its line and column, none is skipped. */
export function parseCatalogCsv(csv: string): Parsed<Catalog, CsvProblem> {
  const read = readRows(csv);
  if (read.problems.length > 0) return { ok: false, errors: read.problems };
  const built = assemble(read.rows);
  if (built.problems.length > 0) return { ok: false, errors: built.problems.sort((a, b) => a.line - b.line) };
  const checked = catalogSchema.safeParse(built.catalog);
  if (checked.success) return { ok: true, value: checked.data };
  const errors = checked.error.issues.map((issue) => ({ ...locate(issue.path, built.origins), message: issue.message }));
  return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
}

type Cells = Partial<Record<Column, string | number | null>>;

const yes = (value: boolean) => (value ? "yes" : "no");

/** Writes a catalogue in the canonical row order described at the top of this file. */
export function formatCatalogCsv(catalog: Catalog): string {
  const records: Cells[] = [];
  for (const carrier of catalog.carriers) {
    const carrier_id = carrier.id;
    records.push({ kind: "carrier", carrier_id, name: carrier.name, tracking_url: carrier.trackingUrl });
    for (const zone of carrier.zones) {
      for (const match of zone.matches) {
        records.push({ kind: "zone", carrier_id, zone_id: zone.id, country: match.country, region: match.region, postal_prefix: match.postalPrefix });
      }
    }
    for (const service of carrier.services) {
      const service_id = service.id;
      const card = service.rateCard;
      const rules = service.serviceability;
      records.push({
        kind: "service",
        carrier_id,
        service_id,
        name: service.name,
        mode: service.mode,
        priority: service.priority,
        currency: card.currency,
        volumetric_divisor: card.volumetricDivisor,
        fuel_percent: card.fuelPercent,
        cod_flat: card.codFlat,
        cod_percent: card.codPercent,
        po_box_fee: card.poBoxFee,
        cod_allowed: yes(rules.codAllowed),
        po_box_allowed: yes(rules.poBoxAllowed),
        reverse_pickup: yes(rules.reversePickup),
        max_weight_kg: rules.maxWeightKg,
        max_length_cm: rules.maxDimensionsCm?.lengthCm,
        max_width_cm: rules.maxDimensionsCm?.widthCm,
        max_height_cm: rules.maxDimensionsCm?.heightCm,
      });
      for (const rate of card.zoneRates) {
        const zone_id = rate.zoneId;
        records.push({ kind: "rate", carrier_id, service_id, zone_id, transit_days: rate.transitDays, per_kg_above: rate.perKgAbove });
        for (const slab of rate.slabs) records.push({ kind: "slab", carrier_id, service_id, zone_id, up_to_kg: slab.upToKg, price: slab.price });
      }
      for (const remote of card.remoteAreas) {
        records.push({ kind: "remote", carrier_id, service_id, country: remote.country, postal_prefix: remote.postalPrefix, surcharge: remote.surcharge });
      }
      for (const area of rules.areas) {
        records.push({ kind: "area", carrier_id, service_id, country: area.country, region: area.region, postal_prefix: area.postalPrefix, served: yes(area.served) });
      }
    }
  }
  return stringify(records, { header: true, columns: [...CATALOG_COLUMNS] });
}
