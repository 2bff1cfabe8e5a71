import type { Db } from "../db.server";
import { parseCatalog, prepareCatalog, type Catalog, type PreparedCatalog } from "../domain/carriers/catalog";
import { emptyLaneBook, laneBookSchema, type LaneBook } from "../domain/carriers/lanes";
import { DEFAULT_SETTINGS, parseSettings, type MerchantSettings } from "../domain/carriers/recommend";
import { isUniqueViolation } from "./webhook-deliveries.server";

// A shop's carrier set-up: the catalogue, the merchant's settings and the lane book, as JSON text
// checked with the engine's schemas on the way in and out. Preparing a catalogue (indexing its
// zones and areas) and checking a large lane book cost more than a recommendation does, so each
// process keeps both per shop and rebuilds them only when the stored revision moves.

/** What is stored no longer passes the engine's schema: shown to the merchant, never guessed around. */
export class StoredSetupError extends Error {
  constructor(
    readonly part: "catalogue" | "settings" | "lane book",
    readonly problems: string[],
  ) {
    super(`The stored carrier ${part} is not valid: ${problems.slice(0, 3).join("; ")}`);
    this.name = "StoredSetupError";
  }
}

export interface CarrierSetup {
  catalog: Catalog | null;
  prepared: PreparedCatalog | null;
  catalogRevision: number;
  settings: MerchantSettings;
  /** Shared with other readers of this revision: read it, never change it. */
  lanes: LaneBook;
  lanesRevision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface Cached<T> {
  revision: number;
  value: T;
}

const catalogs = new Map<string, Cached<{ catalog: Catalog; prepared: PreparedCatalog } | null>>();
const laneBooks = new Map<string, Cached<LaneBook>>();

const EMPTY_LANES = JSON.stringify(emptyLaneBook());

function readCatalog(text: string): { catalog: Catalog; prepared: PreparedCatalog } {
  const parsed = parseCatalog(JSON.parse(text));
  if (!parsed.ok) throw new StoredSetupError("catalogue", parsed.errors.map((e) => `${e.path.join(".")}: ${e.message}`));
  return { catalog: parsed.value, prepared: prepareCatalog(parsed.value) };
}

function readSettings(text: string | null): MerchantSettings {
  if (text === null) return DEFAULT_SETTINGS;
  const parsed = parseSettings(JSON.parse(text));
  if (!parsed.ok) throw new StoredSetupError("settings", parsed.errors.map((e) => `${e.path.join(".")}: ${e.message}`));
  return parsed.value;
}

export function readLanes(text: string): LaneBook {
  const parsed = laneBookSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new StoredSetupError("lane book", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return parsed.data;
}

/** The shop's set-up; a shop that never set one up has no catalogue, the default settings and no lanes. */
export async function loadCarrierSetup(db: Db, shop: string): Promise<CarrierSetup> {
  const row = await db.carrierSetup.findUnique({
    where: { shop },
    select: { catalogRevision: true, lanesRevision: true, settings: true, updatedAt: true, updatedBy: true },
  });
  if (!row) {
    return { catalog: null, prepared: null, catalogRevision: 0, settings: DEFAULT_SETTINGS, lanes: emptyLaneBook(), lanesRevision: 0, updatedAt: null, updatedBy: null };
  }
  let catalog = catalogs.get(shop);
  if (catalog?.revision !== row.catalogRevision) {
    const { catalog: text } = await db.carrierSetup.findUniqueOrThrow({ where: { shop }, select: { catalog: true } });
    catalog = { revision: row.catalogRevision, value: text === null ? null : readCatalog(text) };
    catalogs.set(shop, catalog);
  }
  let lanes = laneBooks.get(shop);
  if (lanes?.revision !== row.lanesRevision) {
    const { lanes: text } = await db.carrierSetup.findUniqueOrThrow({ where: { shop }, select: { lanes: true } });
    lanes = { revision: row.lanesRevision, value: readLanes(text) };
    laneBooks.set(shop, lanes);
  }
  return {
    catalog: catalog.value?.catalog ?? null,
    prepared: catalog.value?.prepared ?? null,
    catalogRevision: row.catalogRevision,
    settings: readSettings(row.settings),
    lanes: lanes.value,
    lanesRevision: row.lanesRevision,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

async function ensureSetup(db: Db, shop: string): Promise<void> {
  if (await db.carrierSetup.findUnique({ where: { shop }, select: { shop: true } })) return;
  try {
    await db.carrierSetup.create({ data: { shop, lanes: EMPTY_LANES } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Replaces the catalogue (already checked by the caller's parse) and moves its revision. */
export async function saveCatalog(db: Db, shop: string, catalog: Catalog, actor: string): Promise<void> {
  await ensureSetup(db, shop);
  await db.carrierSetup.update({
    where: { shop },
    data: { catalog: JSON.stringify(catalog), catalogRevision: { increment: 1 }, updatedBy: actor },
  });
}

export async function saveSettings(db: Db, shop: string, settings: MerchantSettings, actor: string): Promise<void> {
  await ensureSetup(db, shop);
  await db.carrierSetup.update({ where: { shop }, data: { settings: JSON.stringify(settings), updatedBy: actor } });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

class LanesMoved extends Error {}

const LANE_ATTEMPTS = 8;

/**
 * Runs `work` on the shop's current lane book inside a transaction, with whatever else it writes
 * through `tx`, and stores the book if `work` says it changed. When another writer stored a newer
 * book first, everything rolls back and `work` runs again on the newer one.
 */
export async function withLaneBook<T>(
  db: Db,
  shop: string,
  work: (book: LaneBook, tx: Tx) => Promise<{ changed: boolean; result: T }>,
): Promise<T> {
  await ensureSetup(db, shop);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const row = await tx.carrierSetup.findUniqueOrThrow({ where: { shop }, select: { lanes: true, lanesRevision: true } });
        const book = readLanes(row.lanes);
        const { changed, result } = await work(book, tx);
        if (changed) {
          const written = await tx.carrierSetup.updateMany({
            where: { shop, lanesRevision: row.lanesRevision },
            data: { lanes: JSON.stringify(book), lanesRevision: { increment: 1 } },
          });
          if (written.count === 0) throw new LanesMoved();
        }
        return result;
      });
    } catch (error) {
      if (!(error instanceof LanesMoved) || attempt >= LANE_ATTEMPTS) throw error;
    }
  }
}
