// Builders for the rule tests: a clean US order that every rule passes, to change one thing at a time.
import { DEFAULT_INTAKE_CONFIG, parseIntakeConfig, type IntakeConfig, type IntakeConfigInput } from "./config";
import type { IntakeAddress, IntakeContext, IntakeLineItem, IntakeOrder } from "./types";

export const NOW = new Date("2026-11-02T10:00:00Z");

export function anAddress(overrides: Partial<IntakeAddress> = {}): IntakeAddress {
  return {
    name: "Maya Chen",
    company: null,
    address1: "410 W 42nd St",
    address2: "Apt 5C",
    city: "New York",
    province: "New York",
    provinceCode: "NY",
    zip: "10036",
    countryCode: "US",
    phone: "+12125550143",
    ...overrides,
  };
}

export function aLine(overrides: Partial<IntakeLineItem> = {}): IntakeLineItem {
  return {
    id: "gid://shopify/LineItem/1",
    title: "Trailhead Rain Jacket",
    sku: "TRJ-M",
    quantity: 1,
    variantId: "gid://shopify/ProductVariant/11",
    ...overrides,
  };
}

export function anOrder(overrides: Partial<IntakeOrder> = {}): IntakeOrder {
  return {
    id: "gid://shopify/Order/1001",
    name: "#1001",
    email: "maya.chen@gmail.com",
    phone: "+12125550143",
    createdAt: NOW.toISOString(),
    customer: { id: "gid://shopify/Customer/7", email: "maya.chen@gmail.com", phone: "+12125550143" },
    shippingAddress: anAddress(),
    lineItems: [aLine()],
    ...overrides,
  };
}

export function aContext(overrides: Partial<IntakeContext> = {}): IntakeContext {
  return { now: NOW, ...overrides };
}

export function aConfig(input: IntakeConfigInput = {}): IntakeConfig {
  return Object.keys(input).length === 0 ? DEFAULT_INTAKE_CONFIG : parseIntakeConfig(input);
}
