import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const base = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://orderflow.example",
};

describe("parseEnv", () => {
  it("GIVEN only the required variables THEN the documented defaults apply", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./prisma/dev.sqlite",
      WORKER_MODE: "in-process",
      WORKER_CONCURRENCY: 2,
      API_VERSION: "2026-10",
    });
    expect(env.SHOPIFY_SIMULATOR_URL).toBeUndefined();
  });

  it("GIVEN a missing secret and a bad database URL THEN it names both and refuses to start", () => {
    const { SHOPIFY_API_SECRET: _, ...withoutSecret } = base;
    expect(() => parseEnv({ ...withoutSecret, DATABASE_URL: "mysql://db" })).toThrowError(
      /SHOPIFY_API_SECRET: .*\n\s+DATABASE_URL: must start with file: \(SQLite\) or postgres:\/\/ \(PostgreSQL\)/,
    );
  });

  it("GIVEN an external worker THEN both database flavours accept it", () => {
    expect(parseEnv({ ...base, WORKER_MODE: "external" }).WORKER_MODE).toBe("external");
    expect(parseEnv({ ...base, WORKER_MODE: "external", DATABASE_URL: "postgres://db/orderflow" }).WORKER_MODE).toBe("external");
  });

  it("GIVEN a port that is not a number THEN it refuses to start", () => {
    expect(() => parseEnv({ ...base, PORT: "eighty" })).toThrowError(/PORT/);
  });
});
