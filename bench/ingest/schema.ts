import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

/** Gives a fresh SQLite file the app's tables, indexes and unique constraints: its own migrations, in order. */
export function applyAppMigrations(db: Database.Database): void {
  const migrations = path.resolve(import.meta.dirname, "../../prisma/migrations");
  for (const dir of readdirSync(migrations, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    db.exec(readFileSync(path.join(migrations, dir, "migration.sql"), "utf8"));
  }
}
