// The Carriers pages' work: the catalogue (list, CSV import and export), the merchant's settings
// and the lane book, each for one shop.
import type { Db } from "../db.server";
import { formatCatalogCsv, parseCatalogCsv } from "../domain/carriers/catalog-csv";
import { filterServiceRows, serviceRows, zoneRows, type CatalogFilters } from "../domain/carriers/catalog-view";
import type { CsvProblem } from "../domain/carriers/csv";
import { laneRows } from "../domain/carriers/lanes-view";
import { describeRule, parseSettings, type MerchantSettings } from "../domain/carriers/recommend";
import { loadCarrierSetup, saveCatalog, saveSettings } from "../models/carrier-setup.server";
import { listShipments } from "../models/shipments.server";

export async function catalogPage(db: Db, shop: string, filters: CatalogFilters) {
  const setup = await loadCarrierSetup(db, shop);
  if (!setup.catalog) return { catalog: null };
  const rows = serviceRows(setup.catalog);
  return {
    catalog: {
      carriers: setup.catalog.carriers.map((carrier) => ({ id: carrier.id, name: carrier.name, services: carrier.services.length, zones: carrier.zones.length })),
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
    rules: setup.prepared ? setup.settings.rules.map((rule) => ({ id: rule.id, label: describeRule(rule, setup.prepared!, setup.settings.locale) })) : [],
    carriers: setup.catalog?.carriers.map((carrier) => ({ id: carrier.id, name: carrier.name })) ?? [],
    hasCatalog: setup.catalog !== null,
  };
}

export type SaveSettingsResult = { ok: true; settings: MerchantSettings } | { ok: false; fieldErrors: Record<string, string> };

/** Saves the settings if the engine's schema accepts them; otherwise each problem under its field's path ("weights.cost", "rules.0.then.carrierId"). */
export async function saveCarrierSettings(db: Db, shop: string, input: unknown, actor: string): Promise<SaveSettingsResult> {
  const parsed = parseSettings(input);
  if (!parsed.ok) {
    const fieldErrors: Record<string, string> = {};
    for (const error of parsed.errors) fieldErrors[error.path.join(".")] ??= error.message;
    return { ok: false, fieldErrors };
  }
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

export async function lanesPage(db: Db, shop: string, locationNames: Map<string, string>) {
  const setup = await loadCarrierSetup(db, shop);
  const rows = laneRows(setup.lanes, setup.prepared, setup.settings.defaultPromiseDays).map((row) => ({
    ...row,
    origin: locationNames.get(row.lane.locationId) ?? row.lane.locationId,
  }));
  const shipments = await listShipments(db, shop, 20);
  return {
    lanes: rows,
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
