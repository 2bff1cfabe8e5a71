// The orders/create deliveries the benchmark fires: Shopify's documented example payload (or a
// built-in order of similar size when the reference folder is absent), re-pointed at orders that
// exist in the simulator so the app's worker finds them, and signed as Shopify signs them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { API_VERSION } from "../../app/api-version";

export const TOPIC = "orders/create";
export const ROUTE = "/webhooks/orders/create";

const root = path.resolve(import.meta.dirname, "../..");
const REFERENCE = path.resolve(root, "../shared/reference/shopify/webhooks/orders__create.json");

export interface PlacedOrder {
  /** The order's gid in the simulator. */
  id: string;
  name: string;
}

/** One signed body per order: the HMAC covers only the body, so headers can vary per request. */
export interface SignedBody {
  body: string;
  hmac: string;
}

export function orderTemplate(): { payload: Record<string, unknown>; source: string } {
  if (existsSync(REFERENCE)) {
    return { payload: JSON.parse(readFileSync(REFERENCE, "utf8")), source: `Shopify's documented example (${path.relative(root, REFERENCE)})` };
  }
  return { payload: builtInOrder(), source: "built-in order (Shopify's reference payloads not found)" };
}

export function signedBodies(orders: PlacedOrder[], secret: string): { bodies: SignedBody[]; source: string; bytes: number } {
  const { payload, source } = orderTemplate();
  const bodies = orders.map((order, i) => {
    const legacyId = Number(order.id.split("/").pop());
    const body = JSON.stringify({
      ...payload,
      id: legacyId,
      admin_graphql_api_id: order.id,
      name: order.name,
      order_number: 1000 + i,
      updated_at: new Date().toISOString(),
    });
    return { body, hmac: getHmac(body, secret) };
  });
  return { bodies, source, bytes: Buffer.byteLength(bodies[0].body) };
}

/** The headers Shopify sends with a delivery (tests/support/signed-webhook.ts), for one new event. */
export function deliveryHeaders(shop: string, signed: SignedBody, eventId: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": TOPIC,
    "X-Shopify-Hmac-Sha256": signed.hmac,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": API_VERSION,
    "X-Shopify-Webhook-Id": eventId,
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

/** A REST order in Shopify's shape, about the size of the documented example (~14 KB). */
function builtInOrder(): Record<string, unknown> {
  const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  const address = {
    first_name: "Maya", last_name: "Chen", name: "Maya Chen", company: null, address1: "410 W 42nd St", address2: "Apt 5C",
    city: "New York", province: "New York", province_code: "NY", country: "United States", country_code: "US", zip: "10036",
    phone: "+12125550143", latitude: 40.7587, longitude: -73.9921,
  };
  const lineItems = Array.from({ length: 12 }, (_, i) => ({
    id: 866550311766439000 + i,
    admin_graphql_api_id: `gid://shopify/LineItem/${866550311766439000 + i}`,
    current_quantity: 1, fulfillable_quantity: 1, fulfillment_service: "manual", fulfillment_status: null,
    gift_card: false, grams: 500, name: `Trailhead Rain Jacket - M (${i})`, price: "129.00", price_set: money("129.00"),
    product_exists: true, product_id: 632910392 + i, properties: [], quantity: 1, requires_shipping: true,
    sku: `TRJ-M-${i}`, taxable: true, title: "Trailhead Rain Jacket", total_discount: "0.00", total_discount_set: money("0.00"),
    variant_id: 808950810 + i, variant_inventory_management: "shopify", variant_title: "M", vendor: "Orderflow Demo Outfitters",
    tax_lines: [{ channel_liable: false, price: "10.32", price_set: money("10.32"), rate: 0.08, title: "State tax" }],
    duties: [], discount_allocations: [],
  }));
  return {
    id: 820982911946154508, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", app_id: null,
    buyer_accepts_marketing: true, cancel_reason: null, cancelled_at: null, confirmed: true, contact_email: "maya.chen@example.com",
    created_at: "2026-11-27T10:00:00-05:00", currency: "USD", current_subtotal_price: "1548.00", current_subtotal_price_set: money("1548.00"),
    current_total_price: "1671.84", current_total_price_set: money("1671.84"), current_total_tax: "123.84", current_total_tax_set: money("123.84"),
    email: "maya.chen@example.com", financial_status: "paid", fulfillment_status: null, name: "#1001", note: null, note_attributes: [],
    number: 1, order_number: 1001, phone: "+12125550143", presentment_currency: "USD", processed_at: "2026-11-27T10:00:00-05:00",
    source_name: "web", subtotal_price: "1548.00", subtotal_price_set: money("1548.00"), tags: "", taxes_included: false, test: false,
    total_discounts: "0.00", total_discounts_set: money("0.00"), total_line_items_price: "1548.00", total_line_items_price_set: money("1548.00"),
    total_price: "1671.84", total_price_set: money("1671.84"), total_shipping_price_set: money("0.00"), total_tax: "123.84",
    total_tax_set: money("123.84"), total_weight: 6000, updated_at: "2026-11-27T10:00:00-05:00",
    billing_address: address, shipping_address: address,
    customer: {
      id: 115310627314723950, email: "maya.chen@example.com", first_name: "Maya", last_name: "Chen", phone: "+12125550143",
      currency: "USD", created_at: null, updated_at: null, default_address: { ...address, id: 715243470612851200, default: true },
    },
    discount_applications: [], discount_codes: [], fulfillments: [], payment_gateway_names: ["bogus"], refunds: [],
    shipping_lines: [{ id: 271878346596884000, carrier_identifier: null, code: "STANDARD", price: "0.00", price_set: money("0.00"), source: "shopify", title: "Standard", tax_lines: [], discount_allocations: [] }],
    line_items: lineItems,
  };
}
