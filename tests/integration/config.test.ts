import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ApiVersion } from "@shopify/shopify-app-remix/server";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { API_VERSION } from "../../app/api-version";
import { postgresSchema } from "../../prisma/flavours";

const root = path.resolve(import.meta.dirname, "../..");
const tomlText = readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const toml = parse(tomlText) as {
  webhooks: { api_version: string; subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }> };
};

describe("one API version", () => {
  it("shopify.app.toml subscribes webhooks with the app's API version", () => {
    expect(toml.webhooks.api_version).toBe(API_VERSION);
  });

  it("is a version @shopify/shopify-app-remix knows", () => {
    expect(Object.values(ApiVersion)).toContain(API_VERSION);
  });
});

describe("webhook subscriptions", () => {
  const routeFiles = readdirSync(path.join(root, "app/routes")).filter((f) => f.startsWith("webhooks."));

  it.each(toml.webhooks.subscriptions.map((s) => [s.uri, s] as const))("%s has its route and says so", (uri) => {
    const file = `${uri.slice(1).replaceAll("/", ".")}.tsx`;
    expect(existsSync(path.join(root, "app/routes", file))).toBe(true);
    const block = tomlText.slice(tomlText.indexOf(`uri = "${uri}"`)).split("\n").slice(0, 3).join("\n");
    expect(block).toContain(`# Handled by: app/routes/${file}`);
  });

  it("has no webhook route without a subscription", () => {
    const subscribed = toml.webhooks.subscriptions.map((s) => `${s.uri.slice(1).replaceAll("/", ".")}.tsx`);
    expect(routeFiles.sort()).toEqual(subscribed.sort());
  });

  it("subscribes the three mandatory compliance topics", () => {
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

describe("database flavours", () => {
  it("the PostgreSQL schema is generated from the SQLite one (run `npm run db:flavours`)", () => {
    const sqlite = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    const postgres = readFileSync(path.join(root, "prisma/postgres/schema.prisma"), "utf8");
    expect(postgres).toBe(postgresSchema(sqlite));
  });
});
