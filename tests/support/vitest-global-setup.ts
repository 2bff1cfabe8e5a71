// Runs once per `vitest run`, outside the test workers, so it imports neither vitest nor the app.
// test-db.ts shares the helpers below with it.
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

export type TestDbFlavour = "sqlite" | "postgres";

export const POSTGRES_ADMIN_URL = process.env.ORDERFLOW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const SQLITE_TEST_PREFIX = "orderflow-test-";
export const POSTGRES_TEST_PREFIX = "orderflow_test_";

declare module "vitest" {
  export interface ProvidedContext {
    orderflowTestRunId: string;
  }
}

/** The flavour ORDERFLOW_TEST_DB asks for: SQLite unless it says "postgres". */
export function requestedFlavour(): TestDbFlavour {
  const value = process.env.ORDERFLOW_TEST_DB;
  if (value === undefined || value === "" || value === "sqlite") return "sqlite";
  if (value === "postgres") return "postgres";
  throw new Error(`ORDERFLOW_TEST_DB must be "sqlite" or "postgres", got "${value}"`);
}

let available: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
    } catch {
      return false;
    }
    await client.end();
    return true;
  })();
  return available;
}

export async function withAdminClient<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Removes the databases a test run left behind (normally none: each TestDb's close() deletes its own). */
async function removeTestDatabases(runId: string): Promise<void> {
  for (const entry of readdirSync(os.tmpdir())) {
    if (entry.startsWith(`${SQLITE_TEST_PREFIX}${runId}_`)) rmSync(path.join(os.tmpdir(), entry), { force: true });
  }
  if (!(await postgresAvailable())) return;
  await withAdminClient(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where starts_with(datname, $1)", [
      `${POSTGRES_TEST_PREFIX}${runId}_`,
    ]);
    for (const { datname } of rows) await admin.query(`drop database if exists ${quoteIdent(datname)} with (force)`);
  });
}

export default async function setup(project: TestProject) {
  // Names every test database of this run, so that runs side by side on one machine stay apart
  // and the teardown finds what a crashed worker left behind.
  const runId = randomBytes(4).toString("hex");
  project.provide("orderflowTestRunId", runId);
  if (requestedFlavour() === "postgres" && !(await postgresAvailable())) {
    throw new Error(`ORDERFLOW_TEST_DB=postgres, but PostgreSQL is not reachable at ${new URL(POSTGRES_ADMIN_URL).host}`);
  }
  return () => removeTestDatabases(runId);
}
