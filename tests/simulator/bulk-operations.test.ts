import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// Bulk query operations: accepted or refused as Shopify does, running at the shop's pace on the
// simulator's clock, a JSONL result with __parentId lines, and bulk_operations/finish.

const SHOP = "bulk-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);

const clock = manualClock(Date.parse("2026-05-01T08:00:00Z"));
let sim: TestSimulator;
let app: Receiver;
let token: string;

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);

const RUN = `mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status objectCount url } userErrors { field message code } }
}`;
const STATUS = `query Status($id: ID!) { bulkOperation(id: $id) { id status objectCount rootObjectCount fileSize url completedAt errorCode } }`;

const LEVELS = `{
  productVariants {
    edges { node { id sku inventoryItem { id inventoryLevels { edges { node { location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } } } } }
  }
}`;

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock, bulkObjectsPerSecond: 2 });
  await sim.control("POST", "/_sim/shops", { shop: SHOP });
  await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
  token = await sim.offlineToken(SHOP);
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("a bulk query", () => {
  let id: string;

  it("starts CREATED and costs only the mutation, whatever it will read", async () => {
    const { body } = await gql(RUN, { query: LEVELS });
    expect(body.data.bulkOperationRunQuery).toEqual({
      bulkOperation: { id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/), status: "CREATED", objectCount: "0", url: null },
      userErrors: [],
    });
    expect(body.extensions.cost.actualQueryCost).toBeLessThan(20);
    id = body.data.bulkOperationRunQuery.bulkOperation.id;
  });

  it("runs through its objects at the shop's pace", async () => {
    // GIVEN 3 variants and 4 levels (7 objects) at 2 objects a second
    clock.advance(2_000);
    const { body } = await gql(STATUS, { id });
    expect(body.data.bulkOperation).toMatchObject({ status: "RUNNING", objectCount: "4", url: null, completedAt: null });
    expect(Number(body.data.bulkOperation.rootObjectCount)).toBeGreaterThan(0);
  });

  it("completes with a JSONL file whose nested objects name their parent, and says so by webhook", async () => {
    clock.advance(2_000);
    const { body } = await gql(STATUS, { id });
    await sim.webhooks.flush();
    const operation = body.data.bulkOperation;
    expect(operation).toMatchObject({ status: "COMPLETED", objectCount: "7", rootObjectCount: "3", completedAt: "2026-05-01T08:00:04Z", errorCode: null });

    const response = await fetch(operation.url);
    const text = await response.text();
    expect(Number(operation.fileSize)).toBe(Buffer.byteLength(text));
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(7);
    const [jacketM, ...rest] = lines;
    expect(jacketM).toEqual({ id: expect.stringContaining("ProductVariant"), sku: "TRJ-M", inventoryItem: { id: expect.stringContaining("InventoryItem") } });
    expect(rest[0]).toEqual({
      location: { id: expect.stringContaining("Location") },
      quantities: [
        { name: "available", quantity: 1 },
        { name: "on_hand", quantity: 1 },
      ],
      __parentId: jacketM.id,
    });
    expect(lines.filter((line) => line.__parentId === undefined).map((line) => line.sku)).toEqual(["TRJ-M", "TRJ-L", "AWS"]);

    const finish = app.received.filter((request) => request.path === "/webhooks/bulk_operations/finish").map((request) => JSON.parse(request.body));
    expect(finish).toEqual([
      { admin_graphql_api_id: id, completed_at: "2026-05-01T08:00:04Z", created_at: "2026-05-01T08:00:00Z", error_code: null, status: "completed", type: "query" },
    ]);
  });

  it.skipIf(!haveReference)("sends bulk_operations/finish with the keys of Shopify's documented payload", () => {
    const documented = JSON.parse(readFileSync(path.join(reference, "bulk_operations__finish.json"), "utf8"));
    const finish = app.received.find((request) => request.path === "/webhooks/bulk_operations/finish")!;
    expect(Object.keys(JSON.parse(finish.body)).sort()).toEqual(Object.keys(documented).sort());
  });

  it("is the current bulk operation (the deprecated query still answers)", async () => {
    const { body } = await gql(`{ currentBulkOperation { id status } }`);
    expect(body.data.currentBulkOperation).toEqual({ id, status: "COMPLETED" });
  });
});

describe("refused bulk queries", () => {
  const refuse = async (query: string) => (await gql(RUN, { query })).body.data.bulkOperationRunQuery;

  it.each([
    ["an invalid document", `{ productVariants { edges { node { colour } } } }`, /Field 'colour' doesn't exist on type 'ProductVariant'/],
    ["no connection", `{ shop { name } }`, /at least one connection/],
    ["connections nested three deep", `{ products { edges { node { id variants { edges { node { id inventoryItem { id inventoryLevels { edges { node { id } } } } } } } } } } }`, /nesting depth greater than 2/],
    ["a nested connection under an object without id", `{ productVariants { edges { node { sku inventoryItem { inventoryLevels { edges { node { location { id } } } } } } } } }`, /select `id`/],
  ])("%s", async (_, query, message) => {
    const answer = await refuse(query);
    expect(answer.bulkOperation).toBeNull();
    expect(answer.userErrors).toEqual([{ field: ["query"], message: expect.stringMatching(message), code: "INVALID" }]);
  });

  it("refuses a sixth bulk query while five run", async () => {
    await sim.control("PUT", `/_sim/shops/${SHOP}/bulk-operations`, { objectsPerSecond: 0.001 });
    for (let i = 0; i < 5; i++) expect((await refuse(LEVELS)).userErrors).toEqual([]);
    expect((await refuse(LEVELS)).userErrors).toEqual([{ field: null, message: "A shop can run 5 bulk query operations at a time.", code: "LIMIT_REACHED" }]);
  });
});
