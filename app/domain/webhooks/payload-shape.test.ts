import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkWebhookPayload, parseJsonBody } from "./payload-shape";

const check = (topic: string, payload: unknown) => checkWebhookPayload(topic, payload, JSON.stringify(payload));

describe("checkWebhookPayload", () => {
  it.each([
    ["ORDERS_CREATE", { admin_graphql_api_id: "gid://shopify/Order/7", updated_at: "2026-11-02T10:00:00Z" }, { ok: true, resourceId: "gid://shopify/Order/7", updatedAt: "2026-11-02T10:00:00Z" }],
    ["ORDERS_PAID", { admin_graphql_api_id: "gid://shopify/Order/7" }, { ok: true, resourceId: "gid://shopify/Order/7", updatedAt: null }],
    ["ORDERS_UPDATED", { id: 7 }, { ok: false, reason: "admin_graphql_api_id is not an Order gid" }],
    ["ORDERS_CANCELLED", { admin_graphql_api_id: "gid://shopify/Customer/7" }, { ok: false, reason: "admin_graphql_api_id is not an Order gid" }],
    ["ORDERS_UPDATED", { admin_graphql_api_id: "gid://shopify/Order/7", updated_at: "yesterday" }, { ok: false, reason: "updated_at is not a date" }],
    ["ORDERS_EDITED", { order_edit: { order_id: 450789469 } }, { ok: true, resourceId: "gid://shopify/Order/450789469", updatedAt: null }],
    ["ORDERS_EDITED", { order_edit: {} }, { ok: false, reason: "order_edit.order_id is missing" }],
    ["FULFILLMENT_ORDERS_PLACED_ON_HOLD", { fulfillment_order: { id: "gid://shopify/FulfillmentOrder/3" } }, { ok: true, resourceId: "gid://shopify/FulfillmentOrder/3", updatedAt: null }],
    ["FULFILLMENT_ORDERS_HOLD_RELEASED", { fulfillment_order: { id: 3 } }, { ok: false, reason: "fulfillment_order.id is not a FulfillmentOrder gid" }],
    [
      "FULFILLMENT_ORDERS_MOVED",
      { original_fulfillment_order: { id: "gid://shopify/FulfillmentOrder/1" }, moved_fulfillment_order: { id: "gid://shopify/FulfillmentOrder/2" } },
      { ok: true, resourceId: "gid://shopify/FulfillmentOrder/2", updatedAt: null },
    ],
    ["FULFILLMENT_ORDERS_MERGED", { fulfillment_order_merges: { fulfillment_order: { id: "gid://shopify/FulfillmentOrder/9" } } }, { ok: true, resourceId: "gid://shopify/FulfillmentOrder/9", updatedAt: null }],
    [
      "FULFILLMENT_EVENTS_CREATE",
      { admin_graphql_api_id: "gid://shopify/FulfillmentEvent/5", fulfillment_id: 4, status: "delivered", happened_at: "2026-12-04T10:00:00Z" },
      { ok: true, resourceId: "gid://shopify/FulfillmentEvent/5", updatedAt: null },
    ],
    [
      "FULFILLMENT_EVENTS_CREATE",
      { id: 5, fulfillment_id: "4", status: "in_transit", happened_at: "2026-12-04T10:00:00Z" },
      { ok: true, resourceId: "gid://shopify/FulfillmentEvent/5", updatedAt: null },
    ],
    ["FULFILLMENT_EVENTS_CREATE", { admin_graphql_api_id: "gid://shopify/FulfillmentEvent/5", status: "delivered", happened_at: "2026-12-04T10:00:00Z" }, { ok: false, reason: "fulfillment_id is missing" }],
    ["FULFILLMENT_EVENTS_CREATE", { fulfillment_id: 4, status: "delivered", happened_at: "2026-12-04T10:00:00Z" }, { ok: false, reason: "the body names no fulfillment event (admin_graphql_api_id or id)" }],
    ["FULFILLMENT_EVENTS_CREATE", { admin_graphql_api_id: "gid://shopify/FulfillmentEvent/5", fulfillment_id: 4, status: "delivered", happened_at: "soon" }, { ok: false, reason: "happened_at is not a date" }],
    ["APP_UNINSTALLED", { id: 1, domain: "x.myshopify.com" }, { ok: true, resourceId: null, updatedAt: null }],
    ["ORDERS_CREATE", [1, 2], { ok: false, reason: "the body is not a JSON object" }],
    ["CUSTOMERS_REDACT", null, { ok: false, reason: "the body is not a JSON object" }],
    ["RETURNS_REQUEST", { admin_graphql_api_id: "gid://shopify/Return/12", status: "requested" }, { ok: true, resourceId: "gid://shopify/Return/12", updatedAt: null }],
    ["RETURNS_CLOSE", { admin_graphql_api_id: "gid://shopify/Order/12", status: "closed" }, { ok: false, reason: "admin_graphql_api_id is not a Return gid" }],
    ["RETURNS_PROCESS", { id: 12 }, { ok: false, reason: "admin_graphql_api_id is not a Return gid" }],
    [
      "REVERSE_DELIVERIES_ATTACH_DELIVERABLE",
      { admin_graphql_api_id: "gid://shopify/ReverseDelivery/3", return: { admin_graphql_api_id: "gid://shopify/Return/12" } },
      { ok: true, resourceId: "gid://shopify/Return/12", updatedAt: null },
    ],
    ["REVERSE_DELIVERIES_ATTACH_DELIVERABLE", { admin_graphql_api_id: "gid://shopify/ReverseDelivery/3" }, { ok: false, reason: "return.admin_graphql_api_id is not a Return gid" }],
    ["REFUNDS_CREATE", { admin_graphql_api_id: "gid://shopify/Refund/4", order_id: 77 }, { ok: true, resourceId: "gid://shopify/Order/77", updatedAt: null }],
    ["REFUNDS_CREATE", { admin_graphql_api_id: "gid://shopify/Refund/4" }, { ok: false, reason: "order_id is missing" }],
  ] as const)("GIVEN %s with %j THEN %j", (topic, payload, expected) => {
    expect(check(topic, payload)).toEqual(expected);
  });

  it("reads an orders/edited order id above 2^53 exactly from the raw body", () => {
    const raw = '{"order_edit":{"id":1,"order_id":820982911946154508}}';
    expect(checkWebhookPayload("ORDERS_EDITED", JSON.parse(raw), raw)).toEqual({ ok: true, resourceId: "gid://shopify/Order/820982911946154508", updatedAt: null });
  });
});

describe("parseJsonBody", () => {
  it("says why a body is not JSON", () => {
    expect(parseJsonBody('{"id": 1')).toEqual({ ok: false, reason: expect.stringMatching(/^the body is not JSON \(/) });
    expect(parseJsonBody('{"id": 1}')).toEqual({ ok: true, value: { id: 1 } });
  });
});

const reference = path.resolve(import.meta.dirname, "../../../../shared/reference/shopify/webhooks");

describe.skipIf(!existsSync(reference))("Shopify's documented payloads", () => {
  it.each([
    ["orders/create", "gid://shopify/Order/820982911946154508"],
    ["orders/paid", "gid://shopify/Order/820982911946154508"],
    ["orders/cancelled", "gid://shopify/Order/820982911946154508"],
    ["orders/edited", "gid://shopify/Order/820982911946154500"],
    ["fulfillment_orders/placed_on_hold", "gid://shopify/FulfillmentOrder/1"],
    ["fulfillment_orders/hold_released", "gid://shopify/FulfillmentOrder/1"],
    ["fulfillment_orders/cancelled", "gid://shopify/FulfillmentOrder/1"],
    ["fulfillment_orders/split", "gid://shopify/FulfillmentOrder/1"],
    ["fulfillment_orders/moved", "gid://shopify/FulfillmentOrder/2"],
    ["fulfillment_orders/merged", "gid://shopify/FulfillmentOrder/1"],
    ["fulfillment_orders/order_routing_complete", "gid://shopify/FulfillmentOrder/1"],
    ["returns/request", "gid://shopify/Return/123134564567890"],
    ["returns/approve", "gid://shopify/Return/123134564567890"],
    ["returns/decline", "gid://shopify/Return/123134564567890"],
    ["returns/close", "gid://shopify/Return/123134564567890"],
    ["returns/cancel", "gid://shopify/Return/123134564567890"],
    ["reverse_deliveries/attach_deliverable", "gid://shopify/Return/123134564567890"],
    ["refunds/create", "gid://shopify/Order/820982911946154500"],
  ])("%s names %s", (topic, resourceId) => {
    const raw = readFileSync(path.join(reference, `${topic.replace("/", "__")}.json`), "utf8");
    expect(checkWebhookPayload(topic.toUpperCase().replace("/", "_"), JSON.parse(raw), raw)).toMatchObject({ ok: true, resourceId });
  });
});
