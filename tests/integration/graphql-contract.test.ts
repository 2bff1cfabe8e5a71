import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../simulator/schema/admin-schema";
import {
  checkDocument,
  collectDocuments,
  documentsInSource,
  MAX_SINGLE_QUERY_COST,
  worstCaseCost,
} from "../support/graphql-documents";

// Every Admin GraphQL document the app (and its benchmarks) send, validated against Shopify's
// own 2026-10 schema: unknown fields or arguments, wrong types, deprecated fields, missing
// idempotency keys and a worst-case cost above 1000 points fail.

const schema = loadAdminSchema();
const documents = ["../../app", "../../bench"].flatMap((dir) => collectDocuments(path.resolve(import.meta.dirname, dir)));

describe("Admin GraphQL contract (2026-10)", () => {
  it("finds the app's documents", () => {
    expect(documents.map((d) => d.name)).toEqual(
      expect.arrayContaining(["ORDER_QUERY", "TAGS_ADD", "INVENTORY_SNAPSHOT_QUERY", "INVENTORY_ADJUST", "NAIVE_ITEM_LEVELS", "RETURN_PROCESS"]),
    );
  });

  it("gives every operation a unique name", () => {
    const names = documents.map((d) => /(?:query|mutation)\s+(\w+)/.exec(d.source)?.[1]);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(documents.map((d) => [`${d.file} ${d.name}`, d] as const))("%s is valid, current and safe", (_, doc) => {
    expect(checkDocument(schema, doc)).toEqual([]);
  });

  it.each(documents.map((d) => [`${d.file} ${d.name}`, d] as const))("%s costs at most 1000 points with its largest pages", (_, doc) => {
    expect(worstCaseCost(schema, doc)).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
  });
});

describe("the contract check itself", () => {
  const check = (source: string) =>
    documentsInSource("example.ts", source).flatMap((doc) => checkDocument(schema, doc).map((p) => p.message));

  it("catches an unknown field", () => {
    expect(check("const Q = `#graphql\n query Bad { shop { nameTypo } }`;")).toEqual([
      expect.stringContaining('Cannot query field "nameTypo" on type "Shop"'),
    ]);
  });

  it("catches an unknown argument", () => {
    expect(check('const Q = `#graphql\n query Bad { order(id: "gid://shopify/Order/1", extra: 1) { id } }`;')).toEqual([
      expect.stringContaining('Unknown argument "extra"'),
    ]);
  });

  it("catches a deprecated field", () => {
    expect(check("const Q = `#graphql\n query Old { customers(first: 1) { nodes { email } } }`;")).toEqual([
      expect.stringMatching(/email.*deprecated/i),
    ]);
  });

  it("catches a stock mutation without an idempotency key", () => {
    const problems = check(`const M = \`#graphql
      mutation Adjust($input: InventoryAdjustQuantitiesInput!) {
        inventoryAdjustQuantities(input: $input) { userErrors { message } }
      }\`;`);
    expect(problems).toEqual(["inventoryAdjustQuantities needs @idempotent(key:)"]);
  });

  it("accepts the same mutation with its key", () => {
    const problems = check(`const M = \`#graphql
      mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
        inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { userErrors { message } }
      }\`;`);
    expect(problems).toEqual([]);
  });

  it("prices a page-size variable at Shopify's largest page", () => {
    const [doc] = documentsInSource(
      "example.ts",
      "const Q = `#graphql\n query Levels($first: Int!) { inventoryItems(first: $first) { nodes { inventoryLevels(first: 10) { nodes { id } } } } }`;",
    );
    // 2 + 250 × (1 + 2 + 10 × 1)
    expect(worstCaseCost(schema, doc)).toBe(3252);
  });

  it("expands fragments defined as constants of the same file", () => {
    const docs = documentsInSource(
      "example.ts",
      "const F = `#graphql\n fragment S on Shop { name }`;\nconst Q = `#graphql\n query WithFragment { shop { ...S } }\n ${F}`;",
    );
    expect(docs).toHaveLength(1);
    expect(checkDocument(schema, docs[0])).toEqual([]);
  });
});
