import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseFlavour, sqliteFilePath } from "./flavour";

// Prisma 6.19 with the JS engine: the schema engine runs as WebAssembly through a driver
// adapter, so no engine binary is downloaded (see docs/decisions/0002-two-database-flavours.md).
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const flavour = databaseFlavour(url);

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join(import.meta.dirname, flavour === "postgres" ? "postgres/schema.prisma" : "schema.prisma"),
  async adapter() {
    if (flavour === "postgres") {
      const { cliPostgresAdapter } = await import("./cli-adapters");
      return cliPostgresAdapter(url);
    }
    const { cliSqliteAdapter } = await import("./cli-adapters");
    return cliSqliteAdapter(sqliteFilePath(url));
  },
});
