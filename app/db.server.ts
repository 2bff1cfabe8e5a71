import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "@orderflow/prisma-postgres";
import { databaseFlavour, sqliteFilePath } from "../prisma/flavour";
import { env } from "./env.server";

// One Prisma client for the process. Both flavours are generated from the same models
// (prisma/schema.prisma), so the PostgreSQL client is typed as the SQLite one.
export type Db = PrismaClient;

export function createDb(url: string): Db {
  if (databaseFlavour(url) === "postgres") {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  // WAL lets readers run beside the one writer; busy_timeout makes a second writer wait
  // instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 });
  return new PrismaClient({ adapter });
}

declare global {
  // eslint-disable-next-line no-var
  var orderflowDb: Db | undefined;
}

/** The process's client; kept on globalThis so Vite's dev reloads do not open a new one each time. */
export function db(): Db {
  globalThis.orderflowDb ??= createDb(env().DATABASE_URL);
  return globalThis.orderflowDb;
}
