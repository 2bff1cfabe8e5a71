import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { parseCatalog, prepareCatalog, type Catalog, type PreparedCatalog } from "../domain/carriers/catalog";
import { emptyLaneBook, laneBookSchema, type LaneBook } from "../domain/carriers/lanes";
import { DEFAULT_SETTINGS, parseSettings, type MerchantSettings } from "../domain/carriers/recommend";
import { isUniqueViolation } from "./webhook-deliveries.server";

// A shop's carrier set-up: the catalogue, the merchant's settings and the lane book, as JSON text
// checked with the engine's schemas on the way in and out. Preparing a catalogue (indexing its
// zones and areas) and checking a large lane book cost more than a recommendation does, so each
// process keeps both per shop and rebuilds them only when the stored version changes.

/** What is stored no longer passes the engine's schema: shown to the merchant, never guessed around. */
export class StoredSetupError extends Error {
  constructor(readonly part: "catalogue" | "settings" | "lane book", readonly problems: string[]) {
    super(`The stored carrier ${part} is not valid: ${problems.slice(0, 3).join("; ")}`);
    this.name = "StoredSetupError";
  }
}

export interface CarrierSetup {
  catalog: Catalog | null;
  prepared: PreparedCatalog | null;
  settings: MerchantSettings;
  /** Shared with other readers of this version: read it, never change it. */
  lanes: LaneBook;
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface Cached<T> {
  version: string | null;
  value: T;
}

const catalogs = new Map<string, Cached<{ catalog: Catalog; prepared: PreparedCatalog } | null>>();
const laneBooks = new Map<string, Cached<LaneBook>>();

const EMPTY_LANES = JSON.stringify(emptyLaneBook());

function readCatalog(text: string): { catalog: Catalog; prepared: PreparedCatalog } {
  const parsed = parseCatalog(JSON.parse(text));
  if (!parsed.ok)
    throw new StoredSetupError(
      "catalogue",
      parsed.errors.map((e) => `${e.path.join(".")}: ${e.message}`),
    );
  return { catalog: parsed.value, prepared: prepareCatalog(parsed.value) };
}

function readSettings(text: string | null): MerchantSettings {
  if (text === null) return DEFAULT_SETTINGS;
  const parsed = parseSettings(JSON.parse(text));
  if (!parsed.ok)
    throw new StoredSetupError(
      "settings",
      parsed.errors.map((e) => `${e.path.join(".")}: ${e.message}`),
    );
  return parsed.value;
}

export function readLanes(text: string): LaneBook {
  const parsed = laneBookSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new StoredSetupError(
      "lane book",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  return parsed.data;
}

/** The shop's set-up; a shop that never set one up has no catalogue, the default settings and no lanes. */
export async function loadCarrierSetup(db: Db, shop: string): Promise<CarrierSetup> {
  const row = await db.carrierSetup.findUnique({
    where: { shop },
    select: { catalogVersion: true, lanesVersion: true, settings: true, updatedAt: true, updatedBy: true },
  });
  if (!row) return { catalog: null, prepared: null, settings: DEFAULT_SETTINGS, lanes: emptyLaneBook(), updatedAt: null, updatedBy: null };
  let catalog = catalogs.get(shop);
  if (!catalog || catalog.version !== row.catalogVersion) {
    const { catalog: text } = await db.carrierSetup.findUniqueOrThrow({ where: { shop }, select: { catalog: true } });
    catalog = { version: row.catalogVersion, value: text === null ? null : readCatalog(text) };
    catalogs.set(shop, catalog);
  }
  let lanes = laneBooks.get(shop);
  if (!lanes || lanes.version !== row.lanesVersion) {
    const { lanes: text } = await db.carrierSetup.findUniqueOrThrow({ where: { shop }, select: { lanes: true } });
    lanes = { version: row.lanesVersion, value: readLanes(text) };
    laneBooks.set(shop, lanes);
  }
  return {
    catalog: catalog.value?.catalog ?? null,
    prepared: catalog.value?.prepared ?? null,
    settings: readSettings(row.settings),
    lanes: lanes.value,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

async function ensureSetup(db: Db, shop: string): Promise<void> {
  if (await db.carrierSetup.findUnique({ where: { shop }, select: { shop: true } })) return;
  try {
    await db.carrierSetup.create({ data: { shop, lanes: EMPTY_LANES, lanesVersion: randomUUID() } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Replaces the catalogue (already checked by the caller's parse). */
export async function saveCatalog(db: Db, shop: string, catalog: Catalog, actor: string): Promise<void> {
  await ensureSetup(db, shop);
  await db.carrierSetup.update({
    where: { shop },
    data: { catalog: JSON.stringify(catalog), catalogVersion: randomUUID(), updatedBy: actor },
  });
}

export async function saveSettings(db: Db, shop: string, settings: MerchantSettings, actor: string): Promise<void> {
  await ensureSetup(db, shop);
  await db.carrierSetup.update({ where: { shop }, data: { settings: JSON.stringify(settings), updatedBy: actor } });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Updates of one shop's book wait for each other: allow for a burst of tracking events.
const LANE_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/**
 * Runs `work` on the shop's current lane book inside a transaction, with whatever else it writes
 * through `tx`, and stores the book if `work` says it changed. The transaction's first statement
 * writes the row, so concurrent updates of one shop's book queue behind each other (a row lock on
 * PostgreSQL, the write lock on SQLite) and each reads the book the one before it stored.
 */
export async function withLaneBook<T>(
  db: Db,
  shop: string,
  work: (book: LaneBook, tx: Tx) => Promise<{ changed: boolean; result: T }>,
): Promise<T> {
  await ensureSetup(db, shop);
  return db.$transaction(async (tx) => {
    const { lanes } = await tx.carrierSetup.update({ where: { shop }, data: { lanesVersion: randomUUID() }, select: { lanes: true } });
    const book = readLanes(lanes);
    const { changed, result } = await work(book, tx);
    if (changed) await tx.carrierSetup.update({ where: { shop }, data: { lanes: JSON.stringify(book) } });
    return result;
  }, LANE_TRANSACTION);
}
