import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

// Shopify's three stock mutations with @idempotent keys and compare-and-set, the
// inventory_levels/update webhook, and the control API's ways of changing stock behind the app.

const SHOP = "inventory-test.myshopify.com";
const reference = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/webhooks");
const haveReference = existsSync(reference);

const clock = manualClock(Date.parse("2026-04-01T09:00:00Z"));
let sim: TestSimulator;
let app: Receiver;
let token: string;
let newark: string;
let brooklyn: string;
let jacketM: string;
let socks: string;

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);

const ADJUST = `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id createdAt reason referenceDocumentUri
      changes { name delta quantityAfterChange ledgerDocumentUri item { id sku } location { name } } }
    userErrors { field message code }
  }
}`;

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes(quantityNames: ["available", "on_hand"]) { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

const MOVE = `mutation Move($input: InventoryMoveQuantitiesInput!, $key: String!) {
  inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange location { name } } }
    userErrors { field message code }
  }
}`;

async function level(sku: string, location: string) {
  const { body } = await sim.control("GET", `/_sim/shops/${SHOP}/inventory?sku=${sku}`);
  return body.find((entry: { location: string }) => entry.location === location).quantities;
}

const levelUpdates = () => app.received.filter((request) => request.path === "/webhooks/inventory_levels/update").map((request) => JSON.parse(request.body));

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock });
  await sim.control("POST", "/_sim/shops", { shop: SHOP });
  const { body } = await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
  [newark, brooklyn] = body.locations.map((location: { id: string }) => location.id);
  jacketM = body.products[0].variants[0].inventoryItemId;
  socks = body.products[1].variants[0].inventoryItemId;
  token = await sim.offlineToken(SHOP);
});

beforeEach(async () => {
  await sim.webhooks.flush();
  app.received.length = 0;
  clock.advance(60_000);
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("inventoryAdjustQuantities", () => {
  it("moves available and on_hand together, answers the adjustment group and fires inventory_levels/update", async () => {
    // GIVEN 40 pairs of socks at Newark WHEN the app receives 5 more, expecting 40 there
    const { body } = await gql(ADJUST, {
      key: "adjust-1",
      input: {
        name: "available",
        reason: "received",
        referenceDocumentUri: "gid://orderflow/PurchaseOrder/PO-7",
        changes: [{ inventoryItemId: socks, locationId: newark, delta: 5, changeFromQuantity: 40 }],
      },
    });
    await sim.webhooks.flush();

    // THEN the group lists both changes with the quantities after them
    const group = body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup;
    expect(body.data.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(group).toMatchObject({ reason: "received", referenceDocumentUri: "gid://orderflow/PurchaseOrder/PO-7", createdAt: "2026-04-01T09:01:00Z" });
    expect(group.changes).toEqual([
      { name: "available", delta: 5, quantityAfterChange: 45, ledgerDocumentUri: null, item: { id: socks, sku: "AWS" }, location: { name: "Newark Warehouse" } },
      { name: "on_hand", delta: 5, quantityAfterChange: 45, ledgerDocumentUri: null, item: { id: socks, sku: "AWS" }, location: { name: "Newark Warehouse" } },
    ]);
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 45, on_hand: 45 });

    // AND one inventory_levels/update went out, naming the level the way Shopify does
    expect(levelUpdates()).toEqual([
      {
        inventory_item_id: Number(socks.split("/").pop()),
        location_id: Number(newark.split("/").pop()),
        available: 45,
        updated_at: "2026-04-01T09:01:00Z",
        admin_graphql_api_id: `gid://shopify/InventoryLevel/${newark.split("/").pop()}?inventory_item_id=${socks.split("/").pop()}`,
      },
    ]);
  });

  it.skipIf(!haveReference)("sends inventory_levels/update with the keys of Shopify's documented payload", async () => {
    const documented = JSON.parse(readFileSync(path.join(reference, "inventory_levels__update.json"), "utf8"));
    await sim.control("POST", `/_sim/shops/${SHOP}/inventory`, { sku: "AWS", location: "Brooklyn Store", quantities: { available: 2 } });
    await sim.webhooks.flush();
    expect(Object.keys(levelUpdates()[0]).sort()).toEqual(Object.keys(documented).sort());
  });

  it("applies a request once however often it is sent with the same key, and logs the key", async () => {
    const input = { name: "available", reason: "correction", changes: [{ inventoryItemId: socks, locationId: newark, delta: -3, changeFromQuantity: 45 }] };
    // WHEN the same request is sent three times (a retry after a lost answer, and another)
    const answers = [await gql(ADJUST, { key: "adjust-2", input }), await gql(ADJUST, { key: "adjust-2", input }), await gql(ADJUST, { key: "adjust-2", input })];
    await sim.webhooks.flush();

    // THEN every answer is the first one, stock moved once and one webhook went out
    const groups = answers.map((answer) => answer.body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup);
    expect(groups[1]).toEqual(groups[0]);
    expect(groups[2]).toEqual(groups[0]);
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 42, on_hand: 42 });
    expect(levelUpdates()).toHaveLength(1);
    const { body: log } = await sim.control("GET", `/_sim/shops/${SHOP}/mutations?name=inventoryAdjustQuantities`);
    expect(log.filter((entry: { idempotencyKey: string }) => entry.idempotencyKey === "adjust-2")).toHaveLength(3);
  });

  it("refuses the same key with other arguments", async () => {
    const input = { name: "available", reason: "correction", changes: [{ inventoryItemId: socks, locationId: newark, delta: -1, changeFromQuantity: 42 }] };
    const { body } = await gql(ADJUST, { key: "adjust-2", input });
    expect(body.data.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [{ field: null, message: "The same idempotency key cannot be used with different operation parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }],
    });
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 42 });
  });

  it("refuses a stale changeFromQuantity, applies nothing, and will not retry that key", async () => {
    // GIVEN the app believes there are 50 (there are 42)
    const input = { name: "available", reason: "correction", changes: [{ inventoryItemId: socks, locationId: newark, delta: -2, changeFromQuantity: 50 }] };
    const first = await gql(ADJUST, { key: "adjust-3", input });
    expect(first.body.data.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ["input", "changes", "0", "changeFromQuantity"],
          message: "The changeFromQuantity argument no longer matches the persisted quantity.",
          code: "CHANGE_FROM_QUANTITY_STALE",
        },
      ],
    });
    const again = await gql(ADJUST, { key: "adjust-3", input });
    expect(again.body.data.inventoryAdjustQuantities.userErrors[0].code).toBe("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED");
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 42 });
  });

  it("requires the @idempotent key and an explicit changeFromQuantity, as 2026-10 does", async () => {
    const withoutKey = await gql(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`,
      { input: { name: "available", reason: "correction", changes: [{ inventoryItemId: socks, locationId: newark, delta: 1, changeFromQuantity: null }] } },
    );
    expect(withoutKey.body.errors[0]).toMatchObject({
      message: "The @idempotent directive is required for this mutation but was not provided.",
      extensions: { code: "BAD_REQUEST" },
    });
    const withoutChangeFrom = await gql(ADJUST, {
      key: "adjust-4",
      input: { name: "available", reason: "correction", changes: [{ inventoryItemId: socks, locationId: newark, delta: 1 }] },
    });
    expect(withoutChangeFrom.body.errors[0]).toMatchObject({
      message: "InventoryChangeInput must include the following argument: changeFromQuantity",
      extensions: { code: "INVALID_FIELD_ARGUMENTS" },
    });
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 42 });
  });

  it("checks the reason, the quantity name and the ledger document the way Shopify does", async () => {
    const adjust = async (input: object, key: string) => (await gql(ADJUST, { key, input })).body.data.inventoryAdjustQuantities.userErrors;
    const change = { inventoryItemId: socks, locationId: newark, delta: 1, changeFromQuantity: null };
    expect(await adjust({ name: "available", reason: "because", changes: [change] }, "v1")).toEqual([
      { field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" },
    ]);
    expect((await adjust({ name: "committed", reason: "correction", changes: [change] }, "v2"))[0].code).toBe("INVALID_QUANTITY_NAME");
    expect((await adjust({ name: "damaged", reason: "damaged", changes: [change] }, "v3"))[0]).toMatchObject({
      field: ["input", "changes", "0", "ledgerDocumentUri"],
      code: "INVALID_QUANTITY_DOCUMENT",
    });
    expect((await adjust({ name: "damaged", reason: "damaged", changes: [{ ...change, ledgerDocumentUri: "gid://shopify/Order/1" }] }, "v4"))[0].code).toBe(
      "INTERNAL_LEDGER_DOCUMENT",
    );
    expect((await adjust({ name: "available", reason: "correction", changes: [{ ...change, inventoryItemId: "gid://shopify/InventoryItem/1" }] }, "v5"))[0]).toMatchObject({
      field: ["input", "changes", "0", "inventoryItemId"],
      code: "INVALID_INVENTORY_ITEM",
    });
  });

  it("puts damaged units in on_hand but not in available", async () => {
    const { body } = await gql(ADJUST, {
      key: "adjust-damaged",
      input: {
        name: "damaged",
        reason: "damaged",
        changes: [{ inventoryItemId: socks, locationId: newark, delta: 2, changeFromQuantity: 0, ledgerDocumentUri: "gid://orderflow/InventoryLedgerEntry/9" }],
      },
    });
    expect(body.data.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 42, damaged: 2, on_hand: 44 });
  });
});

describe("inventorySetQuantities", () => {
  it("sets on_hand with compare-and-set; available follows", async () => {
    const { body } = await gql(SET, {
      key: "set-1",
      input: { name: "on_hand", reason: "cycle_count_available", quantities: [{ inventoryItemId: socks, locationId: newark, quantity: 50, changeFromQuantity: 44 }] },
    });
    expect(body.data.inventorySetQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: 6, quantityAfterChange: 48 },
      { name: "on_hand", delta: 6, quantityAfterChange: 50 },
    ]);
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 48, damaged: 2, on_hand: 50 });
  });

  it("answers CHANGE_FROM_QUANTITY_STALE when the quantity is not what the app expected", async () => {
    const { body } = await gql(SET, {
      key: "set-2",
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: socks, locationId: newark, quantity: 10, changeFromQuantity: 40 }] },
    });
    expect(body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ["input", "quantities", "0", "changeFromQuantity"],
          message: "The changeFromQuantity value does not match persisted value.",
          code: "CHANGE_FROM_QUANTITY_STALE",
        },
      ],
    });
    expect(await level("AWS", "Newark Warehouse")).toMatchObject({ available: 48 });
  });

  it("sets only available or on_hand, never below zero", async () => {
    const set = async (name: string, quantity: number, key: string) =>
      (await gql(SET, { key, input: { name, reason: "correction", quantities: [{ inventoryItemId: socks, locationId: newark, quantity, changeFromQuantity: null }] } })).body.data
        .inventorySetQuantities.userErrors;
    expect((await set("damaged", 1, "set-3"))[0]).toMatchObject({ field: ["input", "name"], code: "INVALID_NAME" });
    expect((await set("available", -1, "set-4"))[0]).toMatchObject({ field: ["input", "quantities", "0", "quantity"], code: "INVALID_QUANTITY_NEGATIVE" });
  });
});

describe("inventoryMoveQuantities", () => {
  it("moves units between states at one location, on_hand unchanged", async () => {
    const { body } = await gql(MOVE, {
      key: "move-1",
      input: {
        reason: "quality_control",
        referenceDocumentUri: "gid://orderflow/Return/R-1",
        changes: [
          {
            inventoryItemId: jacketM,
            quantity: 1,
            from: { locationId: brooklyn, name: "available", changeFromQuantity: 5 },
            to: { locationId: brooklyn, name: "quality_control", changeFromQuantity: 0, ledgerDocumentUri: "gid://orderflow/InventoryLedgerEntry/12" },
          },
        ],
      },
    });
    expect(body.data.inventoryMoveQuantities.userErrors).toEqual([]);
    expect(await level("TRJ-M", "Brooklyn Store")).toMatchObject({ available: 4, quality_control: 1, on_hand: 5 });
  });

  it("moves available stock between locations", async () => {
    const { body } = await gql(MOVE, {
      key: "move-2",
      input: {
        reason: "movement_received",
        referenceDocumentUri: "gid://orderflow/Transfer/T-1",
        changes: [{ inventoryItemId: jacketM, quantity: 2, from: { locationId: brooklyn, name: "available", changeFromQuantity: 4 }, to: { locationId: newark, name: "available", changeFromQuantity: 1 } }],
      },
    });
    expect(body.data.inventoryMoveQuantities.inventoryAdjustmentGroup.changes.map((c: { location: { name: string }; name: string; delta: number }) => [c.location.name, c.name, c.delta])).toEqual([
      ["Brooklyn Store", "available", -2],
      ["Brooklyn Store", "on_hand", -2],
      ["Newark Warehouse", "available", 2],
      ["Newark Warehouse", "on_hand", 2],
    ]);
    expect(await level("TRJ-M", "Newark Warehouse")).toMatchObject({ available: 3, on_hand: 3 });
  });

  it("refuses a move that changes both the location and the state", async () => {
    const { body } = await gql(MOVE, {
      key: "move-3",
      input: {
        reason: "damaged",
        referenceDocumentUri: "gid://orderflow/Return/R-2",
        changes: [{ inventoryItemId: jacketM, quantity: 1, from: { locationId: brooklyn, name: "available", changeFromQuantity: null }, to: { locationId: newark, name: "damaged", changeFromQuantity: null, ledgerDocumentUri: "gid://orderflow/InventoryLedgerEntry/13" } }],
      },
    });
    expect(body.data.inventoryMoveQuantities.userErrors[0]).toMatchObject({ field: ["input", "changes", "0"], code: "DIFFERENT_LOCATIONS" });
  });
});

describe("inventory levels", () => {
  it("carries Shopify's level id (location id and item) and finds the level by it", async () => {
    const { body } = await gql(`query($item: ID!, $location: ID!) { inventoryItem(id: $item) {
      inventoryLevel(locationId: $location) { id } variants(first: 1) { nodes { sku } } } }`, { item: socks, location: newark });
    const id = body.data.inventoryItem.inventoryLevel.id;
    expect(id).toBe(`gid://shopify/InventoryLevel/${newark.split("/").pop()}?inventory_item_id=${socks.split("/").pop()}`);
    expect(body.data.inventoryItem.variants.nodes).toEqual([{ sku: "AWS" }]);
    const found = await gql(`query($id: ID!) { inventoryLevel(id: $id) { location { name } quantities(names: ["available"]) { quantity } } }`, { id });
    expect(found.body.data.inventoryLevel).toEqual({ location: { name: "Newark Warehouse" }, quantities: [{ quantity: 48 }] });
  });

  it("fires inventory_levels/update when an order commits stock", async () => {
    await sim.control("POST", `/_sim/shops/${SHOP}/orders`, { email: "walk-in@example.com", lineItems: [{ sku: "AWS", quantity: 2 }] });
    await sim.webhooks.flush();
    expect(levelUpdates()).toEqual([expect.objectContaining({ inventory_item_id: Number(socks.split("/").pop()), available: 46 })]);
  });
});

describe("control API", () => {
  it("changes stock behind the app's back, with or without the webhook Shopify would send", async () => {
    const silent = await sim.control("POST", `/_sim/shops/${SHOP}/inventory`, { sku: "TRJ-L", location: "Newark Warehouse", quantities: { available: 1 }, webhook: false });
    expect(silent.body.quantities).toMatchObject({ available: 1, on_hand: 1 });
    await sim.webhooks.flush();
    expect(levelUpdates()).toEqual([]);
    await sim.control("POST", `/_sim/shops/${SHOP}/inventory`, { sku: "TRJ-L", location: "Newark Warehouse", quantities: { available: 2, damaged: 1 } });
    await sim.webhooks.flush();
    expect(levelUpdates()).toEqual([expect.objectContaining({ available: 2 })]);
    expect(await level("TRJ-L", "Newark Warehouse")).toMatchObject({ available: 2, damaged: 1, on_hand: 3 });
  });

  it("drops the webhooks of chosen topics and records them as dropped", async () => {
    await sim.control("PUT", "/_sim/config/webhooks", { drop: { topics: ["inventory_levels/update"] } });
    try {
      await sim.control("POST", `/_sim/shops/${SHOP}/inventory`, { sku: "TRJ-L", location: "Newark Warehouse", quantities: { available: 7 } });
      await sim.webhooks.flush();
      expect(levelUpdates()).toEqual([]);
      const { body } = await sim.control("GET", `/_sim/webhooks/deliveries?topic=inventory_levels/update`);
      expect(body.at(-1)).toMatchObject({ dropped: true, statusCode: null, attempt: 0 });
    } finally {
      await sim.control("PUT", "/_sim/config/webhooks", { drop: null });
    }
  });

  it("answers the next GraphQL requests with the HTTP error asked for", async () => {
    await sim.control("POST", `/_sim/shops/${SHOP}/faults`, { status: 429, retryAfterSeconds: 2 });
    const response = await fetch(new URL("/admin/api/2026-10/graphql.json", sim.url), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Host": SHOP, "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect([response.status, response.headers.get("Retry-After")]).toEqual([429, "2"]);
    expect((await gql("{ shop { name } }")).status).toBe(200);
  });
});
