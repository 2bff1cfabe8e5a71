// Driver adapters for the Prisma CLI only (migrate, db push, studio). The app builds its own in
// app/db.server.ts; these carry two work-arounds that the CLI needs and the app does not.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * better-sqlite3 refuses multi-statement SQL in `executeRaw`, which `migrate dev` uses to
 * replay migrations on its shadow database (P3006 "External error id#0"). Argument-less
 * statements go through `executeScript`, which runs them all.
 */
export function cliSqliteAdapter(file: string) {
  const factory = new PrismaBetterSQLite3({ url: file });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  const patch = async <T extends { executeRaw: (q: never) => Promise<number>; executeScript: (s: string) => Promise<void> }>(p: Promise<T>) => {
    const adapter = await p;
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = (async (query: { sql: string; args: unknown[] }) => {
      if (query.args.length === 0 && query.sql.trim().replace(/;\s*$/, "").includes(";")) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query as never);
    }) as T["executeRaw"];
    return adapter;
  };
  factory.connect = () => patch(connect());
  factory.connectToShadowDb = () => patch(connectToShadowDb());
  return factory;
}

// PostgreSQL catalog columns of type name/char (and their arrays) are not mapped by
// adapter-pg 6.19 ("Column type 'name' could not be deserialized", prisma/orm#27403).
// The CLI introspects those catalogs; they are plain text for its purposes.
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const REMAP: Record<number, number> = { 18: TEXT_OID, 19: TEXT_OID, 1002: TEXT_ARRAY_OID, 1003: TEXT_ARRAY_OID };

function remapFields<R>(result: R): R {
  const list = Array.isArray(result) ? result : [result];
  for (const r of list as Array<{ fields?: Array<{ dataTypeID: number }> }>) {
    for (const field of r?.fields ?? []) {
      field.dataTypeID = REMAP[field.dataTypeID] ?? field.dataTypeID;
    }
  }
  return result;
}

function wrapQuery<T extends { query: (...a: never[]) => unknown }>(target: T) {
  const query = target.query.bind(target) as (...a: unknown[]) => unknown;
  target.query = ((...args: unknown[]) => {
    const out = query(...args);
    return out instanceof Promise ? out.then(remapFields) : out;
  }) as T["query"];
}

export function cliPostgresAdapter(connectionString: string) {
  const pool = new pg.Pool({ connectionString });
  wrapQuery(pool);
  pool.on("connect", (client) => wrapQuery(client));
  return new PrismaPg(pool);
}
