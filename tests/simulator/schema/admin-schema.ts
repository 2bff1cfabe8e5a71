// Shopify's own Admin GraphQL schema for our API version, taken from the npm package that
// Shopify publishes it in (@shopify/dev-mcp, dist/data/admin_<version>.json.gz: gzipped
// introspection JSON). Fetched at set-up with `npm pack`, never committed, never installed as
// a dependency (see docs/decisions/0003-store-simulator.md).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { API_VERSION } from "../../../app/api-version";

const DEV_MCP = "@shopify/dev-mcp@1.16.0";
const here = import.meta.dirname;

export const adminSchemaPath = path.join(here, `admin_${API_VERSION}.json.gz`);

/** Downloads the schema file from the npm registry when it is not on disk yet. */
export function ensureAdminSchema(log: (line: string) => void = console.log): string {
  if (existsSync(adminSchemaPath)) return adminSchemaPath;
  const work = mkdtempSync(path.join(tmpdir(), "orderflow-schema-"));
  try {
    log(`Fetching Shopify's Admin ${API_VERSION} schema (npm pack ${DEV_MCP})…`);
    const tarball = execFileSync("npm", ["pack", DEV_MCP, "--silent", "--pack-destination", work], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!;
    const member = `package/dist/data/admin_${API_VERSION}.json.gz`;
    execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work, member]);
    renameSync(path.join(work, member), adminSchemaPath);
    return adminSchemaPath;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let cached: GraphQLSchema | undefined;

/** The Admin schema as graphql-js reads it (built once per process, ~1 s). */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const file = ensureAdminSchema();
  const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as
    | { data: IntrospectionQuery }
    | IntrospectionQuery;
  cached = buildClientSchema("data" in introspection ? introspection.data : introspection);
  return cached;
}
