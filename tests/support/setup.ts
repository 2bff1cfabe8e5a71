// `npm run setup` (and `npm test`'s pretest): everything a fresh clone needs before the app or
// the tests run — Shopify's Admin schema, both Prisma clients, and (unless --for-tests) the
// database at DATABASE_URL migrated. Idempotent; safe to run on every start.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureAdminSchema } from "../simulator/schema/admin-schema";

const root = path.resolve(import.meta.dirname, "../..");
const forTests = process.argv.includes("--for-tests");
const databaseUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";

function run(command: string, args: string[], env: Record<string, string> = {}) {
  execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
}

function prisma(args: string[], url: string) {
  run("npx", ["prisma", ...args, "--config", "prisma/prisma.config.ts"], { DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" });
}

/**
 * Regenerates a client unless it was generated from this very schema (a generated client keeps a
 * copy of its schema; the placeholder that `npm ci` installs has none).
 */
function generate(schema: string, client: string, url: string) {
  const copy = path.join(root, client, "schema.prisma");
  // Prisma re-aligns the columns of its copy; compare the words.
  const words = (file: string) => readFileSync(file, "utf8").split(/\s+/).join(" ").trim();
  if (existsSync(copy) && words(copy) === words(path.join(root, schema))) return;
  prisma(["generate", "--no-hints"], url);
}

ensureAdminSchema();
run("npx", ["tsx", "prisma/flavours.ts", "--check"]);
generate("prisma/schema.prisma", "node_modules/.prisma/client", "file:./prisma/generate.sqlite");
generate("prisma/postgres/schema.prisma", "node_modules/@orderflow/prisma-postgres", "postgresql://localhost/generate");

if (!forTests) {
  prisma(["migrate", "deploy"], databaseUrl);
  if (databaseUrl.startsWith("file:")) {
    // WAL is a property of the database file: set once, every connection then uses it.
    const { default: Database } = await import("better-sqlite3");
    const file = new Database(databaseUrl.slice("file:".length).split("?")[0]);
    file.pragma("journal_mode = WAL");
    file.close();
  }
}
