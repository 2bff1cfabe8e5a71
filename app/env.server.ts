import { z } from "zod";
import { API_VERSION } from "./api-version";

// The environment, parsed once at boot. Every variable the server reads is here; nothing else
// reads process.env. Defaults are the local simulator's and are documented in the README.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.string().url(),
  SCOPES: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .default("file:./prisma/dev.sqlite"),
  // "in-process" runs the job worker inside the web process (the default); "external" leaves
  // jobs to `npm run worker` processes — on other machines with PostgreSQL, or beside the web
  // process on the same machine with SQLite, so webhook intake never shares its event loop.
  WORKER_MODE: z.enum(["in-process", "external"]).default("in-process"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // How often each shop's orders are reconciled against Shopify (docs/decisions/0006-intake.md).
  RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  // How often each shop's inventory mirror is checked by a full sync (drift is found by these).
  INVENTORY_SYNC_INTERVAL_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(24),
  // The one switch that points Shopify's hosts (the shop's Admin API and OAuth endpoints, and
  // App Bridge's script) at the local store simulator. Unset in production.
  SHOPIFY_SIMULATOR_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof EnvSchema> & { API_VERSION: typeof API_VERSION };

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}\nSee README.md, "Configuration".`);
  }
  return { ...result.data, API_VERSION };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
