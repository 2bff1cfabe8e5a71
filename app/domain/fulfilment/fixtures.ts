// Fulfillment orders for the fulfilment tests: a jacket and socks going from Newark to New York.
import type { FulfillmentOrderLine, FulfillmentOrderSnapshot } from "./fulfillment-order";

export function testLine(overrides: Partial<FulfillmentOrderLine> = {}): FulfillmentOrderLine {
  return {
    id: "gid://shopify/FulfillmentOrderLineItem/11",
    lineItemId: "gid://shopify/LineItem/21",
    sku: "TRJ-M",
    barcode: "0840000001",
    productTitle: "Trailhead Rain Jacket",
    variantTitle: "M",
    totalQuantity: 1,
    remainingQuantity: 1,
    unitWeightKg: 0.6,
    unitPrice: 129,
    fragile: false,
    ...overrides,
  };
}

export function testFulfillmentOrder(overrides: Partial<FulfillmentOrderSnapshot> = {}): FulfillmentOrderSnapshot {
  return {
    id: "gid://shopify/FulfillmentOrder/31",
    legacyId: "31",
    status: "OPEN",
    holds: [],
    updatedAt: "2026-12-01T10:00:00Z",
    order: {
      id: "gid://shopify/Order/41",
      name: "#1001",
      tags: [],
      shippingLineTitle: "Standard",
      paymentGatewayNames: ["shopify_payments"],
      totalOutstanding: 0,
      subtotal: 177,
      currency: "USD",
      shippingAddress: {
        name: "Maya Chen",
        address1: "410 W 42nd St",
        address2: "Apt 5C",
        city: "New York",
        provinceCode: "NY",
        countryCode: "US",
        zip: "10036",
      },
    },
    location: { id: "gid://shopify/Location/51", legacyId: "51", name: "Newark Warehouse" },
    lines: [
      testLine(),
      testLine({
        id: "gid://shopify/FulfillmentOrderLineItem/12",
        lineItemId: "gid://shopify/LineItem/22",
        sku: "AWS-M",
        barcode: "0840000002",
        productTitle: "Alpine Wool Socks (3-pack)",
        variantTitle: "M",
        totalQuantity: 2,
        remainingQuantity: 2,
        unitWeightKg: 0.15,
        unitPrice: 24,
      }),
    ],
    ...overrides,
  };
}
