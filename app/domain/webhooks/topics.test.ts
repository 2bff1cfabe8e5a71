import { describe, expect, it } from "vitest";
import { topicName } from "./topics";

describe("topicName", () => {
  it.each([
    ["ORDERS_CREATE", "orders/create"],
    ["APP_UNINSTALLED", "app/uninstalled"],
    ["CUSTOMERS_DATA_REQUEST", "customers/data_request"],
    ["FULFILLMENT_ORDERS_PLACED_ON_HOLD", "fulfillment_orders/placed_on_hold"],
    ["FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE", "fulfillment_orders/order_routing_complete"],
    ["FULFILLMENT_EVENTS_CREATE", "fulfillment_events/create"],
    ["REVERSE_FULFILLMENT_ORDERS_DISPOSE", "reverse_fulfillment_orders/dispose"],
    ["INVENTORY_LEVELS_UPDATE", "inventory_levels/update"],
    ["orders/paid", "orders/paid"],
  ])("%s is %s", (topic, name) => {
    expect(topicName(topic)).toBe(name);
  });
});
