// Which database a DATABASE_URL points at. Shared by the Prisma CLI config and the app.
export type DatabaseFlavour = "sqlite" | "postgres";

export function databaseFlavour(url: string): DatabaseFlavour {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(":")[0]}:…"`);
}

/** A `file:` URL is relative to the current directory, as Prisma reads it. */
export function sqliteFilePath(url: string): string {
  return url.slice("file:".length).split("?")[0];
}
