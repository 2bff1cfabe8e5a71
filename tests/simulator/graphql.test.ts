import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { MAYA_ADDRESS, type Receiver, SMALL_CATALOGUE, startReceiver, startTestSimulator, type TestSimulator } from "./testing";

const SHOP = "graphql-test.myshopify.com";
const examples = path.resolve(import.meta.dirname, "../../../shared/reference/shopify/examples");
const haveExamples = existsSync(examples);
if (!haveExamples) console.warn(`Shopify's captured THROTTLED/MAX_COST_EXCEEDED responses are not at ${examples}; shape comparisons skip.`);

const clock = manualClock(Date.parse("2026-03-01T12:00:00Z"));
let sim: TestSimulator;
let app: Receiver;
let token: string;
let firstOrder: { id: string; legacyId: number; name: string };
let secondOrder: { id: string; legacyId: number; name: string };

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => sim.graphql<T>(SHOP, token, query, variables);

/** Keys of a JSON value, recursively, with array items merged: the shape without the values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value === null || typeof value !== "object") return typeof value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape((value as Record<string, unknown>)[key])]));
}

beforeAll(async () => {
  app = await startReceiver();
  sim = await startTestSimulator({ appUrl: app.url, clock });
  await sim.control("POST", "/_sim/shops", { shop: SHOP, name: "GraphQL Test" });
  await sim.control("POST", `/_sim/shops/${SHOP}/seed`, SMALL_CATALOGUE);
  token = await sim.offlineToken(SHOP);
  firstOrder = (
    await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
      customer: { email: "maya.chen@example.com", firstName: "Maya", lastName: "Chen" },
      shippingAddress: MAYA_ADDRESS,
      lineItems: [{ sku: "TRJ-M", quantity: 2 }],
      shippingLine: { title: "Standard", code: "STANDARD", price: "8.00" },
      tags: ["vip"],
    })
  ).body;
  clock.advance(60_000);
  secondOrder = (
    await sim.control("POST", `/_sim/shops/${SHOP}/orders`, {
      email: "walk-in@example.com",
      lineItems: [
        { sku: "AWS", quantity: 1 },
        { sku: "TRJ-L", quantity: 1 },
      ],
    })
  ).body;
  await sim.webhooks.flush();
});

afterAll(async () => {
  await sim?.close();
  await app?.close();
});

describe("validation against Shopify's schema", () => {
  it("rejects an unknown field with Shopify's undefinedField error, without running the query", async () => {
    // GIVEN a query that asks Order for a field the schema does not have
    // WHEN it is sent
    const query = `query { order(id: "${firstOrder.id}") { id colour } }`;
    const { status, body } = await gql(query);

    // THEN Shopify's error shape comes back with HTTP 200 and no data
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: "Field 'colour' doesn't exist on type 'Order'",
        locations: [{ line: 1, column: query.indexOf("colour") + 1 }],
        extensions: { code: "undefinedField", typeName: "Order", fieldName: "colour" },
      },
    ]);
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });
  });

  it("rejects an unknown argument with argumentNotAccepted", async () => {
    const query = `{ orders(first: 1, status: "open") { nodes { id } } }`;
    const { body } = await gql(query);
    expect(body.errors).toEqual([
      {
        message: "Field 'orders' doesn't accept argument 'status'",
        locations: [{ line: 1, column: query.indexOf("status") + 1 }],
        extensions: { code: "argumentNotAccepted", name: "orders", typeName: "Field", argumentName: "status" },
      },
    ]);
  });

  it("rejects a syntax error and a missing required argument", async () => {
    expect((await gql(`{ shop { name }`)).body.errors[0]).toMatchObject({ extensions: { code: "parseError" } });
    expect((await gql(`{ order { id } }`)).body.errors[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments" },
    });
  });

  it("allows deprecated fields and records them in the request log", async () => {
    const { body } = await gql(`query CustomerEmails { customers(first: 5) { nodes { email } } }`);
    expect(body.data.customers.nodes.map((c: { email: string }) => c.email)).toEqual(["maya.chen@example.com", "lucas.martin@example.fr"]);
    const { body: log } = await sim.control("GET", `/_sim/shops/${SHOP}/requests`);
    expect(log.at(-1)).toMatchObject({ operationName: "CustomerEmails", deprecatedFields: ["Customer.email"], throttled: false });
  });
});

describe("seeded data", () => {
  it("returns a placed order with its customer, address, lines and fulfillment order", async () => {
    // GIVEN an order placed through the control API WHEN the app reads it
    const { body } = await gql(
      `query Order($id: ID!) {
        order(id: $id) {
          id legacyResourceId name email createdAt updatedAt cancelledAt
          displayFinancialStatus displayFulfillmentStatus tags currencyCode
          totalPriceSet { shopMoney { amount currencyCode } }
          subtotalPriceSet { shopMoney { amount } }
          totalShippingPriceSet { shopMoney { amount } }
          customer { id displayName numberOfOrders defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
          shippingAddress { name address1 address2 city province provinceCode country countryCodeV2 zip phone }
          shippingLine { title code originalPriceSet { shopMoney { amount } } }
          lineItems(first: 10) { nodes { title name sku quantity currentQuantity requiresShipping
            variant { sku inventoryQuantity } originalUnitPriceSet { shopMoney { amount } } } }
          fulfillmentOrders(first: 5) { nodes { status requestStatus assignedLocation { name }
            lineItems(first: 5) { nodes { totalQuantity remainingQuantity } } } }
        }
      }`,
      { id: firstOrder.id },
    );

    // THEN it is exactly what was seeded and placed
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toEqual({
      id: firstOrder.id,
      legacyResourceId: String(firstOrder.legacyId),
      name: "#1001",
      email: "maya.chen@example.com",
      createdAt: "2026-03-01T12:00:00Z",
      updatedAt: "2026-03-01T12:00:00Z",
      cancelledAt: null,
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "UNFULFILLED",
      tags: ["vip"],
      currencyCode: "USD",
      totalPriceSet: { shopMoney: { amount: "266.00", currencyCode: "USD" } },
      subtotalPriceSet: { shopMoney: { amount: "258.00" } },
      totalShippingPriceSet: { shopMoney: { amount: "8.00" } },
      customer: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Customer\/\d+$/),
        displayName: "Maya Chen",
        numberOfOrders: "1",
        defaultEmailAddress: { emailAddress: "maya.chen@example.com" },
        defaultPhoneNumber: { phoneNumber: "+12125550143" },
      },
      shippingAddress: {
        name: "Maya Chen",
        address1: "410 W 42nd St",
        address2: "Apt 5C",
        city: "New York",
        province: "New York",
        provinceCode: "NY",
        country: "United States",
        countryCodeV2: "US",
        zip: "10036",
        phone: "+12125550143",
      },
      shippingLine: { title: "Standard", code: "STANDARD", originalPriceSet: { shopMoney: { amount: "8.00" } } },
      lineItems: {
        nodes: [
          {
            title: "Trailhead Rain Jacket",
            name: "Trailhead Rain Jacket - M",
            sku: "TRJ-M",
            quantity: 2,
            currentQuantity: 2,
            requiresShipping: true,
            variant: { sku: "TRJ-M", inventoryQuantity: 4 },
            originalUnitPriceSet: { shopMoney: { amount: "129.00" } },
          },
        ],
      },
      // Newark has only 1 of TRJ-M, so the order goes to the first location that has 2.
      fulfillmentOrders: {
        nodes: [
          {
            status: "OPEN",
            requestStatus: "UNSUBMITTED",
            assignedLocation: { name: "Brooklyn Store" },
            lineItems: { nodes: [{ totalQuantity: 2, remainingQuantity: 2 }] },
          },
        ],
      },
    });
  });

  it("commits stock at the assigned location", async () => {
    const { body } = await gql(`{
      productVariants(first: 1, query: "sku:TRJ-M") { nodes { inventoryItem { inventoryLevels(first: 5) {
        nodes { location { name } quantities(names: ["available", "committed", "on_hand"]) { name quantity } } } } } }
    }`);
    const levels = body.data.productVariants.nodes[0].inventoryItem.inventoryLevels.nodes;
    expect(levels).toEqual([
      { location: { name: "Newark Warehouse" }, quantities: [{ name: "available", quantity: 1 }, { name: "committed", quantity: 0 }, { name: "on_hand", quantity: 1 }] },
      { location: { name: "Brooklyn Store" }, quantities: [{ name: "available", quantity: 3 }, { name: "committed", quantity: 2 }, { name: "on_hand", quantity: 5 }] },
    ]);
  });

  it("filters orders with Shopify's search syntax and sorts them", async () => {
    const names = async (query: string, extra = "") =>
      (await gql(`{ orders(first: 10, query: ${JSON.stringify(query)}${extra}) { nodes { name } } }`)).body.data.orders.nodes.map(
        (order: { name: string }) => order.name,
      );
    expect(await names("updated_at:>'2026-03-01T12:00:00Z'")).toEqual(["#1002"]);
    expect(await names("updated_at:>='2026-03-01T12:00:00Z'")).toEqual(["#1001", "#1002"]);
    expect(await names("created_at:<2026-03-01T12:00:30Z")).toEqual(["#1001"]);
    expect(await names("tag:VIP")).toEqual(["#1001"]);
    expect(await names("name:#1002")).toEqual(["#1002"]);
    expect(await names("email:walk-in@example.com")).toEqual(["#1002"]);
    expect(await names("", ", sortKey: CREATED_AT, reverse: true")).toEqual(["#1002", "#1001"]);
  });

  it("pages with opaque cursors in both directions", async () => {
    const page = async (args: string) =>
      (await gql(`{ orders(${args}, sortKey: ID) { edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)).body
        .data.orders;
    const first = await page("first: 1");
    expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["#1001"]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(Buffer.from(first.pageInfo.endCursor, "base64").toString()).toContain("last_id");
    const second = await page(`first: 1, after: "${first.pageInfo.endCursor}"`);
    expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["#1002"]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await page(`last: 1, before: "${second.pageInfo.startCursor}"`);
    expect(back.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["#1001"]);
  });

  it("fails loudly on a search term, sort key or field it does not implement", async () => {
    const search = await gql(`{ orders(first: 5, query: "financial_status:paid") { nodes { id } } }`);
    expect(search.body.errors[0].message).toMatch(/order search term "financial_status:paid" is not implemented/);
    const sort = await gql(`{ orders(first: 5, sortKey: TOTAL_PRICE) { nodes { id } } }`);
    expect(sort.body.errors[0].message).toMatch(/sortKey TOTAL_PRICE for orders is not implemented/);
    const query = `query { order(id: "${firstOrder.id}") { id statusPageUrl } }`;
    const field = await gql(query);
    expect(field.body.errors).toEqual([
      {
        message: "Simulator: Order.statusPageUrl is not implemented",
        locations: [{ line: 1, column: query.indexOf("statusPageUrl") + 1 }],
        path: ["order", "statusPageUrl"],
      },
    ]);
  });

  it("resolves node and nodes by gid, and null for ids that do not exist", async () => {
    const { body } = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Order { name } } }`, {
      ids: [secondOrder.id, "gid://shopify/Order/1"],
    });
    expect(body.data.nodes).toEqual([{ __typename: "Order", id: secondOrder.id, name: "#1002" }, null]);
  });
});

describe("cost", () => {
  it("reports Shopify's requested and actual cost for a known query", async () => {
    // GIVEN two orders with one and two lines, and a full bucket
    clock.advance(60_000);
    // WHEN a query asks for 10 orders with 5 lines each
    const { body } = await gql(`{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { id } } } } }`);

    // THEN requested = 2 + 10 × (1 + 2 + 5 × 1) = 82, actual = 2 + (1 + 2 + 1) + (1 + 2 + 2) = 11
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 82,
      actualQueryCost: 11,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1989, restoreRate: 100 },
    });
  });

  it("costs a mutation 10 plus its selection", async () => {
    const { body } = await gql(`mutation { tagsRemove(id: "${secondOrder.id}", tags: ["absent"]) { node { id } userErrors { field message } } }`);
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 12 });
  });

  it("refuses a single query over 1000 points with MAX_COST_EXCEEDED and leaves the bucket alone", async () => {
    clock.advance(60_000);
    const { body } = await gql(`{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }`);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({
      code: "MAX_COST_EXCEEDED",
      cost: 63252,
      maxCost: 1000,
      documentation: "https://shopify.dev/api/usage/rate-limits",
    });
    expect((await sim.control("GET", `/_sim/shops/${SHOP}/bucket`)).body.currentlyAvailable).toBe(2000);
  });

  it.skipIf(!haveExamples)("answers MAX_COST_EXCEEDED in the shape of Shopify's captured response", async () => {
    const captured = JSON.parse(readFileSync(path.join(examples, "admin_graphql_max_cost_exceeded.response.json"), "utf8"));
    const { body } = await gql(`{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }`);
    expect(shape(body)).toEqual(shape(captured));
    expect(body.errors[0].message).toBe(captured.errors[0].message.replace("1002", "63252"));
  });
});

describe("mutations", () => {
  const ordersUpdated = (order: { legacyId: number }) =>
    app.received.filter((r) => r.path === "/webhooks/orders/updated" && JSON.parse(r.body).id === order.legacyId).length;
  const TAGS_ADD = `mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) @idempotent(key: "intake-tag-1") { node { id ... on Order { tags updatedAt } } userErrors { field message } }
  }`;

  it("tagsAdd changes the tags, logs the call and fires orders/updated once", async () => {
    // GIVEN an order with one tag and no update delivered yet
    clock.advance(5_000);
    const before = ordersUpdated(firstOrder);

    // WHEN the app adds a tag
    const { body } = await gql(TAGS_ADD, { id: firstOrder.id, tags: ["orderflow:received"] });
    await sim.webhooks.flush();

    // THEN the order carries both tags, with a newer updatedAt
    expect(body.data.tagsAdd).toEqual({
      node: { id: firstOrder.id, tags: ["vip", "orderflow:received"], updatedAt: "2026-03-01T12:03:05Z" },
      userErrors: [],
    });
    // AND the mutation is in the log with its variables and idempotency key
    const { body: log } = await sim.control("GET", `/_sim/shops/${SHOP}/mutations?name=tagsAdd`);
    expect(log.at(-1)).toMatchObject({
      name: "tagsAdd",
      variables: { id: firstOrder.id, tags: ["orderflow:received"] },
      idempotencyKey: "intake-tag-1",
      implemented: true,
    });
    // AND exactly one orders/updated went to the app
    expect(ordersUpdated(firstOrder)).toBe(before + 1);
  });

  it("tagsAdd with tags the order already has changes nothing and fires nothing", async () => {
    const before = ordersUpdated(firstOrder);
    clock.advance(5_000);
    const { body } = await gql(TAGS_ADD, { id: firstOrder.id, tags: ["VIP, orderflow:received"] });
    await sim.webhooks.flush();
    expect(body.data.tagsAdd.node).toEqual({ id: firstOrder.id, tags: ["vip", "orderflow:received"], updatedAt: "2026-03-01T12:03:05Z" });
    expect(ordersUpdated(firstOrder)).toBe(before);
  });

  it("tagsRemove removes a tag and fires orders/updated", async () => {
    const before = ordersUpdated(firstOrder);
    const { body } = await gql(`mutation { tagsRemove(id: "${firstOrder.id}", tags: ["vip"]) { node { ... on Order { tags } } userErrors { message } } }`);
    await sim.webhooks.flush();
    expect(body.data.tagsRemove).toEqual({ node: { tags: ["orderflow:received"] }, userErrors: [] });
    expect(ordersUpdated(firstOrder)).toBe(before + 1);
  });

  it("tags products and customers without firing order webhooks", async () => {
    const before = app.received.length;
    const { body: products } = await gql(`{ products(first: 1, query: "tag:outerwear") { nodes { id } } }`);
    const productId = products.data.products.nodes[0].id;
    const { body } = await gql(TAGS_ADD, { id: productId, tags: ["featured"] });
    await sim.webhooks.flush();
    expect(body.data.tagsAdd.userErrors).toEqual([]);
    expect((await gql(`{ product(id: "${productId}") { tags } }`)).body.data.product.tags).toEqual(["outerwear", "featured"]);
    expect(app.received.length).toBe(before);
  });

  it("answers an id that does not exist with a userError", async () => {
    const { body } = await gql(TAGS_ADD, { id: "gid://shopify/Order/42", tags: ["x"] });
    expect(body.data.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] });
  });

  it("refuses a mutation it does not implement, loudly, and still logs the attempt", async () => {
    const { body } = await gql(`mutation { orderClose(input: { id: "${secondOrder.id}" }) { userErrors { message } } }`);
    expect(body.errors[0].message).toBe("Simulator: Mutation.orderClose is not implemented");
    expect(body.data).toEqual({ orderClose: null });
    const { body: log } = await sim.control("GET", `/_sim/shops/${SHOP}/mutations?name=orderClose`);
    expect(log).toEqual([expect.objectContaining({ name: "orderClose", implemented: false })]);
  });
});

describe("access", () => {
  it("answers 401 to a bogus token, 404 to another API version and to an unknown shop", async () => {
    const query = JSON.stringify({ query: "{ shop { name } }" });
    const post = (path: string, headers: Record<string, string>) =>
      fetch(new URL(path, sim.url), { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: query });
    const bogus = await post("/admin/api/2026-10/graphql.json", { "X-Forwarded-Host": SHOP, "X-Shopify-Access-Token": "shpat_bogus" });
    expect(bogus.status).toBe(401);
    expect(await bogus.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const oldVersion = await post("/admin/api/2025-01/graphql.json", { "X-Forwarded-Host": SHOP, "X-Shopify-Access-Token": token });
    expect([oldVersion.status, await oldVersion.json()]).toEqual([404, { errors: "Not Found" }]);
    const unknown = await post("/admin/api/2026-10/graphql.json", { "X-Forwarded-Host": "nobody.myshopify.com", "X-Shopify-Access-Token": token });
    expect(unknown.status).toBe(404);
    const good = await post("/admin/api/2026-10/graphql.json", { "X-Forwarded-Host": SHOP, "X-Shopify-Access-Token": token });
    expect((await good.json()).data).toEqual({ shop: { name: "GraphQL Test" } });
  });
});

describe("throttling", () => {
  const THROTTLED_SHOP = "throttle-test.myshopify.com";
  let throttledToken: string;
  const locations = `{ locations(first: 2) { nodes { id } } }`;

  beforeEach(async () => {
    await sim.control("POST", "/_sim/reset");
    await sim.control("POST", "/_sim/shops", { shop: THROTTLED_SHOP, bucket: { maximumAvailable: 10, restoreRate: 1 } });
    await sim.control("POST", `/_sim/shops/${THROTTLED_SHOP}/seed`, { locations: SMALL_CATALOGUE.locations });
    throttledToken = await sim.offlineToken(THROTTLED_SHOP);
  });

  it("answers THROTTLED once the bucket is empty and recovers as the clock advances", async () => {
    // GIVEN a bucket of 10 points refilling 1 per second, and a query costing 2 + 2 × 1 = 4
    const send = () => sim.graphql(THROTTLED_SHOP, throttledToken, locations);

    // WHEN three are sent in a burst
    const burst = [await send(), await send(), await send()];

    // THEN two run and the third is THROTTLED without data
    expect(burst.map((r) => r.body.extensions.cost.throttleStatus.currentlyAvailable)).toEqual([6, 2, 2]);
    expect(burst[2]).toEqual({
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: {
          cost: {
            requestedQueryCost: 4,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 10, currentlyAvailable: 2, restoreRate: 1 },
          },
        },
      },
    });

    // WHEN two seconds pass THEN the bucket holds 4 again and the query runs
    clock.advance(2000);
    const recovered = await send();
    expect(recovered.body.data.locations.nodes).toHaveLength(2);
    expect(recovered.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);

    // AND the request log says which ones were throttled
    const { body: log } = await sim.control("GET", `/_sim/shops/${THROTTLED_SHOP}/requests`);
    expect(log.map((entry: { throttled: boolean }) => entry.throttled)).toEqual([false, false, true, false]);
  });

  it.skipIf(!haveExamples)("answers THROTTLED in the shape of Shopify's captured response", async () => {
    const captured = JSON.parse(readFileSync(path.join(examples, "admin_graphql_throttled.response.json"), "utf8"));
    for (let i = 0; i < 2; i++) await sim.graphql(THROTTLED_SHOP, throttledToken, locations);
    const { body } = await sim.graphql(THROTTLED_SHOP, throttledToken, locations);
    expect(shape(body)).toEqual(shape(captured));
    expect(body.errors).toEqual(captured.errors);
  });
});
