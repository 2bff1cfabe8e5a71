// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: the same models with the
// PostgreSQL provider and a client generated beside the SQLite one. `--check` fails when the
// committed file is stale (run in the test suite).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
const source = path.join(here, "schema.prisma");
const target = path.join(here, "postgres", "schema.prisma");

export function postgresSchema(sqliteSchema: string): string {
  const body = sqliteSchema
    .replace(/^\/\/ Orderflow's models\.[\s\S]*?edit only this file\.\n/m, "")
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(
      'engineType = "client"',
      'engineType = "client"\n  output     = "../../node_modules/@orderflow/prisma-postgres"',
    );
  return `// GENERATED from prisma/schema.prisma by \`npm run db:flavours\`. Do not edit.\n${body}`;
}

function main() {
  const expected = postgresSchema(readFileSync(source, "utf8"));
  if (process.argv.includes("--check")) {
    let actual = "";
    try {
      actual = readFileSync(target, "utf8");
    } catch {}
    if (actual !== expected) {
      console.error("prisma/postgres/schema.prisma is stale: run `npm run db:flavours`.");
      process.exit(1);
    }
  } else {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, expected);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
