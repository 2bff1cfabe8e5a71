// What each topic's body must carry before the app can act on it. A verified delivery that fails
// this is a dead letter (kept for inspection and replay), not an error to retry: Shopify would
// send the same body again.

export type PayloadCheck =
  | { ok: true; resourceId: string | null; updatedAt: string | null }
  | { ok: false; reason: string };

const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;
const FULFILLMENT_ORDER_GID = /^gid:\/\/shopify\/FulfillmentOrder\/\d+$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function at(payload: Json, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

function orderEvent(payload: Json): PayloadCheck {
  const id = payload.admin_graphql_api_id;
  if (typeof id !== "string" || !ORDER_GID.test(id)) return { ok: false, reason: "admin_graphql_api_id is not an Order gid" };
  const updatedAt = payload.updated_at;
  if (updatedAt !== undefined && updatedAt !== null && (typeof updatedAt !== "string" || Number.isNaN(Date.parse(updatedAt)))) {
    return { ok: false, reason: "updated_at is not a date" };
  }
  return { ok: true, resourceId: id, updatedAt: typeof updatedAt === "string" ? updatedAt : null };
}

/**
 * A numeric order id read exactly. JSON.parse rounds integers above 2^53, so when the parsed
 * number cannot be trusted the digits are taken from the raw body's first matching "order_id".
 */
function exactOrderGid(orderId: unknown, rawBody: string): string | null {
  if (typeof orderId === "string" && /^\d+$/.test(orderId)) return `gid://shopify/Order/${orderId}`;
  if (typeof orderId !== "number" || !Number.isInteger(orderId) || orderId <= 0) return null;
  if (Number.isSafeInteger(orderId)) return `gid://shopify/Order/${orderId}`;
  for (const match of rawBody.matchAll(/"order_id"\s*:\s*(\d+)/g)) {
    if (Number(match[1]) === orderId) return `gid://shopify/Order/${match[1]}`;
  }
  return null;
}

/** orders/edited names the order only by its numeric id. */
function orderEdited(payload: Json, rawBody: string): PayloadCheck {
  const orderId = at(payload, ["order_edit", "order_id"]);
  if (orderId === undefined || orderId === null || orderId === "") return { ok: false, reason: "order_edit.order_id is missing" };
  const id = exactOrderGid(orderId, rawBody);
  if (!id) return { ok: false, reason: typeof orderId === "number" && orderId > 0 ? "order_edit.order_id is too large to read exactly" : "order_edit.order_id is missing" };
  return { ok: true, resourceId: id, updatedAt: null };
}

const RETURN_GID = /^gid:\/\/shopify\/Return\/\d+$/;
const REFUND_GID = /^gid:\/\/shopify\/Refund\/\d+$/;

/** Every returns/* body names its return by gid (Shopify's documented examples). */
function returnEvent(payload: Json): PayloadCheck {
  const id = payload.admin_graphql_api_id;
  if (typeof id !== "string" || !RETURN_GID.test(id)) return { ok: false, reason: "admin_graphql_api_id is not a Return gid" };
  return { ok: true, resourceId: id, updatedAt: null };
}

/** reverse_deliveries/attach_deliverable is about a return's way back: the return is what to read again. */
function reverseDeliveryEvent(payload: Json): PayloadCheck {
  const id = at(payload, ["return", "admin_graphql_api_id"]);
  if (typeof id !== "string" || !RETURN_GID.test(id)) return { ok: false, reason: "return.admin_graphql_api_id is not a Return gid" };
  return { ok: true, resourceId: id, updatedAt: null };
}

/** refunds/create: the refund by gid, and the order it belongs to, which is what the app reads again. */
function refundEvent(payload: Json, rawBody: string): PayloadCheck {
  const id = payload.admin_graphql_api_id;
  if (typeof id !== "string" || !REFUND_GID.test(id)) return { ok: false, reason: "admin_graphql_api_id is not a Refund gid" };
  const order = exactOrderGid(payload.order_id, rawBody);
  if (!order) return { ok: false, reason: "order_id is missing" };
  return { ok: true, resourceId: order, updatedAt: null };
}

/** A fulfillment-order event names its order only through a fulfillment order: the first of these paths present. */
function fulfillmentOrderEvent(...paths: ReadonlyArray<readonly string[]>) {
  return (payload: Json): PayloadCheck => {
    for (const path of paths) {
      const id = at(payload, path);
      if (typeof id === "string" && FULFILLMENT_ORDER_GID.test(id)) return { ok: true, resourceId: id, updatedAt: null };
    }
    return { ok: false, reason: `${paths.map((path) => path.join(".")).join(" or ")} is not a FulfillmentOrder gid` };
  };
}

const FULFILLMENT_ORDER = ["fulfillment_order", "id"] as const;

const FULFILLMENT_EVENT_GID = /^gid:\/\/shopify\/FulfillmentEvent\/\d+$/;

const positiveId = (value: unknown) =>
  (typeof value === "number" && Number.isSafeInteger(value) && value > 0) || (typeof value === "string" && /^\d+$/.test(value));

/**
 * A carrier's tracking event (fulfillment_events/create, the REST FulfillmentEvent) must say which
 * event, on which fulfilment, what and when. No documented example of this body is kept, so the
 * event is named by its gid or, failing that, its numeric id.
 */
function fulfillmentEvent(payload: Json): PayloadCheck {
  const gid = payload.admin_graphql_api_id;
  const id =
    typeof gid === "string" && FULFILLMENT_EVENT_GID.test(gid) ? gid : positiveId(payload.id) ? `gid://shopify/FulfillmentEvent/${String(payload.id)}` : null;
  if (!id) return { ok: false, reason: "the body names no fulfillment event (admin_graphql_api_id or id)" };
  const fulfillmentId = payload.fulfillment_id;
  if (!positiveId(fulfillmentId)) return { ok: false, reason: "fulfillment_id is missing" };
  if (typeof payload.status !== "string" || payload.status === "") return { ok: false, reason: "status is missing" };
  const happenedAt = payload.happened_at;
  if (typeof happenedAt !== "string" || Number.isNaN(Date.parse(happenedAt))) return { ok: false, reason: "happened_at is not a date" };
  return { ok: true, resourceId: id, updatedAt: null };
}

/** Topics (as @shopify/shopify-api names them) whose bodies the app reads. */
const CHECKS: Record<string, (payload: Json, rawBody: string) => PayloadCheck> = {
  ORDERS_CREATE: orderEvent,
  ORDERS_UPDATED: orderEvent,
  ORDERS_PAID: orderEvent,
  ORDERS_CANCELLED: orderEvent,
  ORDERS_EDITED: orderEdited,
  FULFILLMENT_ORDERS_PLACED_ON_HOLD: fulfillmentOrderEvent(FULFILLMENT_ORDER),
  FULFILLMENT_ORDERS_HOLD_RELEASED: fulfillmentOrderEvent(FULFILLMENT_ORDER),
  FULFILLMENT_ORDERS_CANCELLED: fulfillmentOrderEvent(FULFILLMENT_ORDER),
  FULFILLMENT_ORDERS_SPLIT: fulfillmentOrderEvent(FULFILLMENT_ORDER),
  FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE: fulfillmentOrderEvent(FULFILLMENT_ORDER),
  FULFILLMENT_ORDERS_MOVED: fulfillmentOrderEvent(["moved_fulfillment_order", "id"], ["original_fulfillment_order", "id"]),
  FULFILLMENT_ORDERS_MERGED: fulfillmentOrderEvent(["fulfillment_order_merges", "fulfillment_order", "id"]),
  FULFILLMENT_EVENTS_CREATE: fulfillmentEvent,
  RETURNS_REQUEST: returnEvent,
  RETURNS_APPROVE: returnEvent,
  RETURNS_DECLINE: returnEvent,
  RETURNS_PROCESS: returnEvent,
  RETURNS_CLOSE: returnEvent,
  RETURNS_CANCEL: returnEvent,
  REVERSE_DELIVERIES_ATTACH_DELIVERABLE: reverseDeliveryEvent,
  REFUNDS_CREATE: refundEvent,
};

/** Whether a parsed body carries what its topic needs, and which Admin API resource it is about. */
export function checkWebhookPayload(topic: string, payload: unknown, rawBody: string): PayloadCheck {
  if (!isObject(payload)) return { ok: false, reason: "the body is not a JSON object" };
  const check = CHECKS[topic];
  if (check) return check(payload, rawBody);
  const id = payload.admin_graphql_api_id;
  return { ok: true, resourceId: typeof id === "string" ? id : null, updatedAt: null };
}

/** Parses a raw body: the value, or why it is not JSON. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, reason: `the body is not JSON (${(error as Error).message})` };
  }
}

export function isOrderTopic(topic: string): boolean {
  return topic.startsWith("ORDERS_") || topic.startsWith("FULFILLMENT_ORDERS_");
}
