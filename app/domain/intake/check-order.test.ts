import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { demoCatalogue, demoOrder } from "../../../tests/demo/store";
import type { ShopifyOrder } from "../../shopify/orders.server";
import { checkOrder } from "./check-order";
import { aConfig, aContext, aLine, anAddress, anOrder, NOW } from "./fixtures";
import type { IntakeConfig } from "./config";
import { FINDING_CODES } from "./findings";
import type { IntakeContext, IntakeOrder, PastOrder } from "./types";

const catalogue = demoCatalogue();
const variants = catalogue.products.flatMap((product) => product.variants.map((variant) => ({ ...variant, productTitle: product.title })));
const variantId = (sku: string) => `gid://shopify/ProductVariant/${variants.findIndex((variant) => variant.sku === sku) + 1}`;
const customerId = (email: string) => {
  const index = catalogue.customers.findIndex((customer) => customer.email === email.replace("exmaple.", "example."));
  return `gid://shopify/Customer/${index + 1}`;
};
const placedAt = (n: number) => new Date(NOW.getTime() + n * 60 * 60_000);

/** Demo order n as the app's snapshot of it would read, placed one an hour. */
function intakeOrder(n: number): IntakeOrder {
  const order = demoOrder(n);
  const address = order.shippingAddress;
  return {
    id: `gid://shopify/Order/${1000 + n}`,
    name: `#${1000 + n}`,
    email: order.email,
    phone: order.phone ?? null,
    createdAt: placedAt(n).toISOString(),
    customer: { id: customerId(order.customer.email), email: order.customer.email, phone: order.customer.phone ?? null },
    shippingAddress: {
      name: `${address.firstName} ${address.lastName}`,
      address1: address.address1,
      address2: address.address2 ?? null,
      city: address.city,
      province: address.province ?? null,
      provinceCode: address.provinceCode ?? null,
      zip: address.zip,
      countryCode: address.countryCode,
      phone: address.phone ?? null,
    },
    lineItems: order.lineItems.map((line, i) => ({
      id: `gid://shopify/LineItem/${1000 + n}${i}`,
      title: variants.find((variant) => variant.sku === line.sku)!.productTitle,
      sku: line.sku,
      quantity: line.quantity,
      variantId: variantId(line.sku),
    })),
    shippingLines: [{ title: order.shippingLine.title, code: order.shippingLine.code }],
  };
}

/** What the app would look up for demo order n: the catalogue's stock and the earlier orders of its customer. */
function demoContext(n: number): IntakeContext {
  const order = intakeOrder(n);
  const earlier: PastOrder[] = Array.from({ length: n }, (_, m) => intakeOrder(m))
    .filter((past) => past.customer?.id === order.customer?.id)
    .map((past) => ({ id: past.id, name: past.name, createdAt: past.createdAt!, email: past.email, customerId: past.customer!.id, lineItems: past.lineItems }));
  return {
    now: placedAt(n),
    catalogue: { skus: variants.map((variant) => variant.sku), variantIds: variants.map((variant) => variantId(variant.sku)) },
    inventory: Object.fromEntries(
      variants.map((variant) => [
        variant.sku,
        catalogue.locations.map((location, i) => ({ locationId: `gid://shopify/Location/${i + 1}`, locationName: location.name, available: variant.inventory[location.name] })),
      ]),
    ),
    recentOrders: earlier,
  };
}

const demoConfig: IntakeConfig = aConfig({ email: { extraDomains: catalogue.customers.map((customer) => customer.email.split("@")[1]) } });

describe("checkOrder on the demo store", () => {
  const expected: Record<number, string[]> = {
    3: ["ADDRESS_MISSING_POSTAL_CODE"],
    5: ["PHONE_INVALID"],
    7: ["EMAIL_DOMAIN_TYPO"],
    9: ["QUANTITY_ABOVE_MAX", "INVENTORY_LINE_OUT_OF_STOCK"],
    11: ["ADDRESS_PO_BOX"],
    12: ["INVENTORY_LINE_OUT_OF_STOCK"],
    13: ["INVENTORY_LINE_OUT_OF_STOCK", "DUPLICATE_ORDER"],
  };
  it.each(Array.from({ length: 28 }, (_, n) => [n, expected[n % 14] ?? []] as const))(
    "GIVEN demo order %i WHEN checked THEN it finds %j",
    (n, codes) => {
      expect(checkOrder(intakeOrder(n), demoContext(n), demoConfig).map((finding) => finding.code)).toEqual(codes);
    },
  );

  it.each([
    [3, "shippingAddress.zip", "block", "The shipping address has no postcode, and addresses in United Kingdom need one."],
    [5, "shippingAddress.phone", "warn", '"555-01" is not a valid phone number in Germany.'],
    [7, "email", "warn", 'The email address "rafael.souza@exmaple.com.br" looks mistyped: "exmaple.com.br" is probably "example.com.br".'],
    [11, "shippingAddress.address1", "warn", 'The order ships to "PO Box 1142", a PO box, which UPS, FedEx or DHL Express cannot deliver to.'],
    [12, "lineItems[0].quantity", "block", 'line 1 "Everglade Bug Net Shirt" (SKU EBN-M) needs 1, and no location has any in stock.'],
  ] as const)("GIVEN demo order %i WHEN checked THEN the merchant reads what is wrong with %s", (n, field, severity, message) => {
    expect(checkOrder(intakeOrder(n), demoContext(n), demoConfig)[0]).toMatchObject({ field, severity, message });
  });

  it("GIVEN the demo's duplicate WHEN checked THEN it names the order it repeats", () => {
    const duplicate = checkOrder(intakeOrder(13), demoContext(13), demoConfig).find((finding) => finding.code === "DUPLICATE_ORDER");
    expect(duplicate?.message).toBe("Order #1013 has the same items and quantities as #1012, placed by the same customer 60 minutes earlier.");
  });

  it("GIVEN the demo's mistyped email WHEN the shop lists no domains of its own THEN it passes: exmaple is near no mail provider", () => {
    expect(checkOrder(intakeOrder(7), demoContext(7), aConfig()).map((finding) => finding.code)).toEqual([]);
  });

  it("GIVEN the demo's PO box WHEN the shop ships UPS only THEN it blocks", () => {
    const findings = checkOrder(intakeOrder(11), { ...demoContext(11), shopCarriers: ["UPS"] }, demoConfig);
    expect(findings.map((finding) => [finding.code, finding.severity])).toEqual([["ADDRESS_PO_BOX_UNDELIVERABLE", "block"]]);
  });
});

describe("checkOrder", () => {
  const messy = anOrder({
    phone: "(212) 555-0143",
    shippingAddress: anAddress({ zip: "", phone: "(212) 555-0143" }),
    lineItems: [aLine({ quantity: 80 })],
  });
  const codesOf = (config: IntakeConfig) => checkOrder(messy, aContext(), config).map((finding) => [finding.code, finding.severity]);

  it("GIVEN a clean order and no lookups WHEN checked THEN there are no findings", () => {
    expect(checkOrder(anOrder(), aContext(), aConfig())).toEqual([]);
  });

  it("GIVEN several problems WHEN checked THEN blocks come first, then warnings, then information", () => {
    expect(codesOf(aConfig())).toEqual([
      ["ADDRESS_MISSING_POSTAL_CODE", "block"],
      ["QUANTITY_ABOVE_MAX", "block"],
      ["PHONE_NOT_E164", "info"],
    ]);
  });

  it.each<[string, string[][], Parameters<typeof aConfig>[0]]>([
    ["the address rule off", [["QUANTITY_ABOVE_MAX", "block"], ["PHONE_NOT_E164", "info"]], { address: { enabled: false } }],
    ["the quantity rule off", [["ADDRESS_MISSING_POSTAL_CODE", "block"], ["PHONE_NOT_E164", "info"]], { quantity: { enabled: false } }],
    ["the phone rule off", [["ADDRESS_MISSING_POSTAL_CODE", "block"], ["QUANTITY_ABOVE_MAX", "block"]], { phone: { enabled: false } }],
    ["a quantity above the maximum only warned about", [
      ["ADDRESS_MISSING_POSTAL_CODE", "block"], ["QUANTITY_ABOVE_MAX", "warn"], ["PHONE_NOT_E164", "info"],
    ], { severityOverrides: { QUANTITY_ABOVE_MAX: "warn" } }],
    ["E.164 suggestions switched off by code", [["ADDRESS_MISSING_POSTAL_CODE", "block"], ["QUANTITY_ABOVE_MAX", "block"]], { severityOverrides: { PHONE_NOT_E164: "off" } }],
    ["E.164 suggestions made blocking", [
      ["ADDRESS_MISSING_POSTAL_CODE", "block"], ["PHONE_NOT_E164", "block"], ["QUANTITY_ABOVE_MAX", "block"],
    ], { severityOverrides: { PHONE_NOT_E164: "block" } }],
    ["every rule off", [], {
      address: { enabled: false }, postalCode: { enabled: false }, phone: { enabled: false }, email: { enabled: false }, quantity: { enabled: false },
      sku: { enabled: false }, inventory: { enabled: false }, duplicate: { enabled: false }, poBox: { enabled: false },
    }],
  ])("GIVEN a shop with %s WHEN a messy order is checked THEN it finds %j", (_name, expected, input) => {
    expect(codesOf(aConfig(input))).toEqual(expected);
  });

  it("GIVEN the snapshot the app reads from Shopify WHEN checked THEN it is an IntakeOrder as it is", () => {
    expectTypeOf<ShopifyOrder>().toMatchTypeOf<IntakeOrder>();
    const snapshot: ShopifyOrder = {
      id: "gid://shopify/Order/1",
      legacyId: "1",
      name: "#1001",
      email: "maya.chen@gmail.com",
      phone: null,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      cancelledAt: null,
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      tags: [],
      total: { amount: "129.00", currencyCode: "USD" },
      customer: { id: "gid://shopify/Customer/7", name: "Maya Chen", email: "maya.chen@gmail.com", phone: null },
      shippingAddress: {
        name: "Maya Chen",
        company: null,
        address1: "410 W 42nd St",
        address2: null,
        city: "New York",
        province: "New York",
        provinceCode: "NY",
        zip: "10036",
        countryCode: "US",
        phone: null,
      },
      shippingLines: [{ title: "Standard", code: "STANDARD", carrierIdentifier: null, source: "shopify" }],
      lineItems: [{ id: "gid://shopify/LineItem/1", title: "Trailhead Rain Jacket", sku: "TRJ-M", quantity: 1, variantId: "v1", requiresShipping: true, unitPrice: { amount: "129.00", currencyCode: "USD" } }],
    };
    expect(checkOrder(snapshot, aContext(), aConfig())).toEqual([]);
  });

  it("GIVEN any order a webhook could bring, however malformed its strings, WHEN checked THEN every rule answers with well-formed findings", () => {
    const text = fc.option(fc.oneof(fc.string(), fc.constantFrom("US", "GB", "PO Box 1", "555-01", "a@gmial.com", "ZZ", "", " ")), { nil: null });
    const order = fc.record({
      id: fc.string(),
      name: fc.string(),
      email: text,
      phone: text,
      createdAt: fc.option(fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())), { nil: undefined }),
      customer: fc.option(fc.record({ id: fc.string(), email: text, phone: text }), { nil: null }),
      shippingAddress: fc.option(
        fc.record({ name: text, company: text, address1: text, address2: text, city: text, province: text, provinceCode: text, zip: text, countryCode: text, phone: text }),
        { nil: null },
      ),
      lineItems: fc.array(
        fc.record({ title: fc.string(), sku: text, quantity: fc.integer({ min: -5, max: 10_000 }), variantId: text, requiresShipping: fc.option(fc.boolean(), { nil: undefined }) }),
        { maxLength: 4 },
      ),
      shippingLines: fc.option(fc.array(fc.record({ title: fc.string(), code: text }), { maxLength: 2 }), { nil: undefined }),
    });
    const context: IntakeContext = {
      ...demoContext(20),
      shopCarriers: ["UPS", "(weird) carrier+name"],
      quantityHistory: { [variantId("TRJ-M")]: { orders: 40, median: 1, p95: 2 } },
    };
    fc.assert(
      fc.property(order, (candidate) => {
        for (const finding of checkOrder(candidate, context, demoConfig)) {
          expect(Object.keys(FINDING_CODES)).toContain(finding.code);
          expect(["block", "warn", "info"]).toContain(finding.severity);
          expect(finding.message.length).toBeGreaterThan(0);
          expect(finding.suggestion.length).toBeGreaterThan(0);
          expect(finding.field).toMatch(/^(email|phone|customer\.email|lineItems(\[\d+\]\.(quantity|sku|variantId))?|shippingAddress(\.\w+)?)$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
