// @shopify/shopify-api names topics ORDERS_CREATE, FULFILLMENT_ORDERS_PLACED_ON_HOLD; Shopify's own
// name has a slash between resource and event, and both halves may hold underscores.

const RESOURCES = [
  "fulfillment_orders",
  "fulfillment_holds",
  "fulfillment_events",
  "order_transactions",
  "inventory_levels",
  "inventory_items",
  "bulk_operations",
  "reverse_fulfillment_orders",
  "reverse_deliveries",
  "selling_plan_groups",
  "subscription_contracts",
];

/** "fulfillment_orders/placed_on_hold" for FULFILLMENT_ORDERS_PLACED_ON_HOLD. */
export function topicName(topic: string): string {
  const lower = topic.toLowerCase();
  if (lower.includes("/")) return lower;
  const resource = RESOURCES.filter((name) => lower.startsWith(`${name}_`)).sort((a, b) => b.length - a.length)[0];
  if (resource) return `${resource}/${lower.slice(resource.length + 1)}`;
  const at = lower.indexOf("_");
  return at === -1 ? lower : `${lower.slice(0, at)}/${lower.slice(at + 1)}`;
}
