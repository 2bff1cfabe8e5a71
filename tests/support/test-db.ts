// A migrated, empty database for one test file: a file under the OS temp directory for SQLite (the
// default), a fresh database on the local server when ORDERFLOW_TEST_DB=postgres.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, inject } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import {
  POSTGRES_ADMIN_URL,
  POSTGRES_TEST_PREFIX,
  postgresAvailable,
  quoteIdent,
  requestedFlavour,
  SQLITE_TEST_PREFIX,
  withAdminClient,
  type TestDbFlavour,
} from "./vitest-global-setup";

export { postgresAvailable, requestedFlavour, type TestDbFlavour };

export interface TestDb {
  url: string;
  db: Db;
  flavour: TestDbFlavour;
  /** Empties every table (the migration history stays). */
  reset(): Promise<void>;
  /** Disconnects and deletes the database. */
  close(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../..");

let created = 0;
let fallbackRunId: string | undefined;

export async function createTestDb(options: { flavour?: TestDbFlavour } = {}): Promise<TestDb> {
  const runId = inject("orderflowTestRunId") ?? (fallbackRunId ??= randomBytes(4).toString("hex"));
  const name = `${runId}_w${process.env.VITEST_POOL_ID ?? "0"}_${process.pid}_${++created}`;
  const flavour = options.flavour ?? requestedFlavour();
  return flavour === "postgres"
    ? createPostgresTestDb(`${POSTGRES_TEST_PREFIX}${name}`)
    : createSqliteTestDb(path.join(os.tmpdir(), `${SQLITE_TEST_PREFIX}${name}.sqlite`));
}

/**
 * Why the PostgreSQL variant of a test is skipped, or undefined when it runs. On CI and with
 * ORDERFLOW_TEST_DB=postgres an unreachable server is a failure, so there it always runs.
 */
export async function postgresSkipReason(): Promise<string | undefined> {
  const ci = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
  if (ci || requestedFlavour() === "postgres" || (await postgresAvailable())) return undefined;
  return `PostgreSQL is not reachable at ${new URL(POSTGRES_ADMIN_URL).host} (set CI or ORDERFLOW_TEST_DB=postgres to make that a failure)`;
}

/** Declares the suite once per database flavour: SQLite always, PostgreSQL unless postgresSkipReason() says why not. */
export async function describeEachFlavour(name: string, body: (flavour: TestDbFlavour) => void): Promise<void> {
  describe(`${name} (sqlite)`, () => body("sqlite"));
  const skipReason = await postgresSkipReason();
  if (skipReason) {
    console.warn(`Skipping "${name} (postgres)": ${skipReason}`);
    describe.skip(`${name} (postgres)`, () => body("postgres"));
  } else {
    describe(`${name} (postgres)`, () => body("postgres"));
  }
}

function migrationScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

function removeSqliteFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}

async function createSqliteTestDb(file: string): Promise<TestDb> {
  removeSqliteFiles(file);
  const sqlite = new Database(file, { timeout: 5000 });
  sqlite.pragma("journal_mode = WAL");
  // Only this connection's setting: reset() may then empty tables in any order.
  sqlite.pragma("foreign_keys = OFF");
  sqlite.transaction(() => {
    for (const script of migrationScripts(path.join(root, "prisma/migrations"))) sqlite.exec(script);
  })();
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '_prisma_migrations'")
    .pluck()
    .all() as string[];
  const deletes = tables.map((table) => sqlite.prepare(`delete from ${quoteIdent(table)}`));
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    url,
    db,
    flavour: "sqlite",
    async reset() {
      sqlite.transaction(() => {
        for (const statement of deletes) statement.run();
      })();
    },
    async close() {
      await db.$disconnect();
      sqlite.close();
      removeSqliteFiles(file);
    },
  };
}

async function createPostgresTestDb(name: string): Promise<TestDb> {
  await withAdminClient((admin) => admin.query(`create database ${quoteIdent(name)}`)).catch((error: unknown) => {
    throw new Error(`Could not create a PostgreSQL test database at ${new URL(POSTGRES_ADMIN_URL).host}: ${String(error)}`);
  });
  const adminUrl = new URL(POSTGRES_ADMIN_URL);
  adminUrl.pathname = `/${name}`;
  const url = adminUrl.toString();
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    for (const script of migrationScripts(path.join(root, "prisma/postgres/migrations"))) await client.query(script);
  } catch (error) {
    await client.end().catch(() => undefined);
    await dropPostgresDb(name);
    throw error;
  }
  const { rows } = await client.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'",
  );
  // graphile-worker's schema appears only once a queue has started, so it is looked up at reset time.
  const resetSql = `
    truncate ${rows.map((r) => `public.${quoteIdent(r.tablename)}`).join(", ")} restart identity cascade;
    do $$ begin
      if to_regclass('graphile_worker._private_jobs') is not null then delete from graphile_worker._private_jobs; end if;
    end $$;`;
  const db = createDb(url);
  return {
    url,
    db,
    flavour: "postgres",
    async reset() {
      await client.query(resetSql);
    },
    async close() {
      await db.$disconnect();
      await client.end();
      await dropPostgresDb(name);
    },
  };
}

function dropPostgresDb(name: string): Promise<unknown> {
  return withAdminClient((admin) => admin.query(`drop database if exists ${quoteIdent(name)} with (force)`));
}
