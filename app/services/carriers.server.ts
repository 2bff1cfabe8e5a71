// The Carriers pages' work: the catalogue (list, CSV import and export), the merchant's settings
// and the lane book, each for one shop.
import type { Db } from "../db.server";
import { formatCatalogCsv, parseCatalogCsv } from "../domain/carriers/catalog-csv";
import { filterServiceRows, serviceRows, zoneRows, type CatalogFilters } from "../domain/carriers/catalog-view";
import type { CsvProblem } from "../domain/carriers/csv";
import { laneRows } from "../domain/carriers/lanes-view";
import { describeRule, parseSettings, type MerchantSettings, type Rule } from "../domain/carriers/recommend";
import { loadCarrierSetup, saveCatalog, saveSettings } from "../models/carrier-setup.server";
import { listShipments } from "../models/shipments.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { listLocations } from "../shopify/locations.server";
import { fieldErrorsOf } from "./form-data";

export async function catalogPage(db: Db, shop: string, filters: CatalogFilters) {
  const setup = await loadCarrierSetup(db, shop);
  if (!setup.catalog) return { catalog: null };
  const rows = serviceRows(setup.catalog);
  return {
    catalog: {
      carriers: setup.catalog.carriers.map((carrier) => ({
        id: carrier.id,
        name: carrier.name,
        services: carrier.services.length,
        zones: carrier.zones.length,
      })),
      countries: [...new Set(rows.flatMap((row) => row.countries))].sort(),
      services: filterServiceRows(rows, filters),
      serviceCount: rows.length,
      zones: zoneRows(setup.catalog, filters),
      currency: setup.prepared!.currency,
      updatedAt: setup.updatedAt?.toISOString() ?? null,
      updatedBy: setup.updatedBy,
    },
  };
}

export type ImportResult = { ok: true; carriers: number; services: number } | { ok: false; errors: CsvProblem[] };

/** Replaces the catalogue with the file's, or changes nothing and says every problem with its line and column. */
export async function importCatalogCsv(db: Db, shop: string, csv: string, actor: string): Promise<ImportResult> {
  const parsed = parseCatalogCsv(csv);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  await saveCatalog(db, shop, parsed.value, actor);
  return { ok: true, carriers: parsed.value.carriers.length, services: parsed.value.carriers.reduce((n, c) => n + c.services.length, 0) };
}

export async function exportCatalogCsv(db: Db, shop: string): Promise<string | null> {
  const { catalog } = await loadCarrierSetup(db, shop);
  return catalog ? formatCatalogCsv(catalog) : null;
}

export async function settingsPage(db: Db, shop: string) {
  const setup = await loadCarrierSetup(db, shop);
  return {
    settings: setup.settings,
    rules: setup.prepared
      ? setup.settings.rules.map((rule) => ({ id: rule.id, label: describeRule(rule, setup.prepared!, setup.settings.locale) }))
      : [],
    carriers: setup.catalog?.carriers.map((carrier) => ({ id: carrier.id, name: carrier.name })) ?? [],
    hasCatalog: setup.catalog !== null,
  };
}

export type SaveSettingsResult = { ok: true; settings: MerchantSettings } | { ok: false; fieldErrors: Record<string, string> };

/** Saves the settings if the engine's schema accepts them; otherwise each problem under its field's path ("weights.cost", "rules.0.then.carrierId"). */
export async function saveCarrierSettings(db: Db, shop: string, input: unknown, actor: string): Promise<SaveSettingsResult> {
  const parsed = parseSettings(input);
  if (!parsed.ok) return { ok: false, fieldErrors: fieldErrorsOf(parsed.errors) };
  const { catalog } = await loadCarrierSetup(db, shop);
  const known = new Set(catalog?.carriers.map((carrier) => carrier.id) ?? []);
  const fieldErrors: Record<string, string> = {};
  parsed.value.rules.forEach((rule, i) => {
    if ((rule.then.kind === "exclude_carrier" || rule.then.kind === "prefer_carrier") && !known.has(rule.then.carrierId)) {
      fieldErrors[`rules.${i}.then.carrierId`] = `${rule.then.carrierId} is not a carrier of the catalogue`;
    }
  });
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  await saveSettings(db, shop, parsed.value, actor);
  return { ok: true, settings: parsed.value };
}

/** Adds a rule to the saved settings; the rule gets the next free id (r1, r2, …). */
export async function addRule(db: Db, shop: string, rule: Omit<Rule, "id">, actor: string): Promise<SaveSettingsResult> {
  const { settings } = await loadCarrierSetup(db, shop);
  const taken = new Set(settings.rules.map((existing) => existing.id));
  let n = settings.rules.length + 1;
  while (taken.has(`r${n}`)) n += 1;
  return saveCarrierSettings(db, shop, { ...settings, rules: [...settings.rules, { id: `r${n}`, ...rule }] }, actor);
}

export async function removeRule(db: Db, shop: string, id: string, actor: string): Promise<SaveSettingsResult> {
  const { settings } = await loadCarrierSetup(db, shop);
  return saveCarrierSettings(db, shop, { ...settings, rules: settings.rules.filter((rule) => rule.id !== id) }, actor);
}

export interface LaneFilters {
  /** A location's legacy id, "all" for every location, or null for the one that sends the most. */
  from: string | null;
  /** A destination label such as "US-NY"; null for everywhere. */
  to: string | null;
  limit: number;
}

/** The lanes from one location (the busiest unless one is asked for) to one destination or all, busiest first. */
export async function lanesPage(db: Db, graphql: AdminGraphql, shop: string, filters: LaneFilters) {
  const [setup, locations] = await Promise.all([loadCarrierSetup(db, shop), listLocations(graphql)]);
  const locationNames = new Map(locations.map((location) => [location.legacyId, location.name]));
  const all = laneRows(setup.lanes, setup.prepared, setup.settings.defaultPromiseDays).map((row) => ({
    ...row,
    origin: locationNames.get(row.lane.locationId) ?? row.lane.locationId,
  }));
  const volume = new Map<string, number>();
  for (const row of all) volume.set(row.lane.locationId, (volume.get(row.lane.locationId) ?? 0) + row.shipments);
  const origins = [...volume.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => ({ id, name: locationNames.get(id) ?? id }));
  const from = filters.from === "all" ? null : (origins.find((origin) => origin.id === filters.from) ?? origins[0])?.id ?? null;
  const matching = all.filter(
    (row) => (!from || row.lane.locationId === from) && (!filters.to || row.destination.split(" ")[0] === filters.to),
  );
  const shipments = await listShipments(db, shop, 20);
  return {
    lanes: matching.slice(0, filters.limit),
    matching: matching.length,
    total: { lanes: all.length, parcels: all.reduce((n, row) => n + row.shipments, 0) },
    origins,
    destinations: [...new Set(all.map((row) => row.destination.split(" ")[0]))].sort(),
    from,
    inFlight: Object.keys(setup.lanes.open).length,
    recentShipments: shipments.map((shipment) => ({
      id: shipment.id,
      orderName: shipment.orderName,
      carrier: `${shipment.carrierName} ${shipment.serviceName}`,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      status: shipment.status,
      lastEvent: shipment.events.at(-1) ?? null,
      laneKey: shipment.laneKey,
    })),
  };
}
