import { describe, expect, it } from "vitest";
import { NOW, aConfig, aContext, aLine, anOrder } from "../fixtures";
import type { IntakeOrder, PastOrder } from "../types";
import { checkDuplicateOrder } from "./duplicate-order";

const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

const jacket = aLine({ title: "Trailhead Rain Jacket", sku: "TRJ-M", variantId: "v-trj-m", quantity: 1 });
const socks = aLine({ title: "Alpine Wool Socks", sku: "AWS-M", variantId: "v-aws-m", quantity: 2 });
const order = anOrder({ lineItems: [jacket, socks] });

const past = (overrides: Partial<PastOrder> = {}): PastOrder => ({
  id: "gid://shopify/Order/1000",
  name: "#1000",
  createdAt: minutesBefore(3),
  email: "maya.chen@gmail.com",
  customerId: "gid://shopify/Customer/7",
  lineItems: [jacket, socks],
  ...overrides,
});

const check = (recentOrders: PastOrder[], current: IntakeOrder = order, config = aConfig()) =>
  checkDuplicateOrder(current, aContext({ recentOrders }), config).map((finding) => finding.code);

describe("checkDuplicateOrder", () => {
  it.each<[string, string[], PastOrder[]]>([
    ["no earlier orders", [], []],
    ["the same items three minutes earlier", ["DUPLICATE_ORDER"], [past()]],
    ["the same items in another order of lines", ["DUPLICATE_ORDER"], [past({ lineItems: [socks, jacket] })]],
    ["the same quantities spread over more lines", ["DUPLICATE_ORDER"], [past({ lineItems: [jacket, { ...socks, quantity: 1 }, { ...socks, quantity: 1 }] })]],
    ["the same items at the edge of the window", ["DUPLICATE_ORDER"], [past({ createdAt: minutesBefore(1440) })]],
    ["the same items just outside the window", [], [past({ createdAt: minutesBefore(1441) })]],
    ["the same items placed at the same instant", ["DUPLICATE_ORDER"], [past({ createdAt: NOW.toISOString() })]],
    ["the same items in the same second, but placed after this one (a higher id)", [], [past({ id: "gid://shopify/Order/1002", name: "#1002", createdAt: NOW.toISOString() })]],
    ["the same items placed later (this one is the original)", [], [past({ createdAt: new Date(NOW.getTime() + 60_000).toISOString() })]],
    ["a different quantity", [], [past({ lineItems: [jacket, { ...socks, quantity: 3 }] })]],
    ["one item fewer", [], [past({ lineItems: [jacket] })]],
    ["one item more", [], [past({ lineItems: [jacket, socks, aLine({ variantId: "v-other" })] })]],
    ["another customer", [], [past({ customerId: "gid://shopify/Customer/8", email: "someone@else.com" })]],
    ["a guest order with the same email", ["DUPLICATE_ORDER"], [past({ customerId: null, email: "Maya.Chen@Gmail.com " })]],
    ["a guest order with another email", [], [past({ customerId: null, email: "other@gmail.com" })]],
    ["a cancelled earlier order", [], [past({ cancelledAt: minutesBefore(1) })]],
    ["this very order, read again", [], [past({ id: order.id })]],
  ])("GIVEN %s WHEN checked THEN it finds %j", (_name, expected, recent) => {
    expect(check(recent)).toEqual(expected);
  });

  it("GIVEN a guest order WHEN an earlier guest order has the same email and items THEN it is a duplicate", () => {
    const guest = anOrder({ customer: null, email: "guest@gmail.com", lineItems: [jacket] });
    expect(check([past({ customerId: null, email: "guest@gmail.com", lineItems: [jacket] })], guest)).toEqual(["DUPLICATE_ORDER"]);
  });

  it("GIVEN an order without email or customer WHEN an earlier one matches the items THEN no one can say it is the same customer", () => {
    const anonymous = anOrder({ customer: null, email: null, lineItems: [jacket] });
    expect(check([past({ customerId: null, email: null, lineItems: [jacket] })], anonymous)).toEqual([]);
  });

  it("GIVEN custom items without variant or SKU WHEN titles and quantities match THEN it is a duplicate", () => {
    const custom = aLine({ title: "Engraving", sku: null, variantId: null, quantity: 1 });
    expect(check([past({ lineItems: [custom] })], anOrder({ lineItems: [custom] }))).toEqual(["DUPLICATE_ORDER"]);
  });

  it("GIVEN an order without lines WHEN an earlier one has none either THEN that is no duplicate", () => {
    expect(check([past({ lineItems: [] })], anOrder({ lineItems: [] }))).toEqual([]);
  });

  it("GIVEN a narrower window WHEN the earlier order is older than it THEN it is no duplicate", () => {
    expect(check([past({ createdAt: minutesBefore(20) })], order, aConfig({ duplicate: { windowMinutes: 15 } }))).toEqual([]);
  });

  it("GIVEN an order without its creation time WHEN checked THEN now is used", () => {
    expect(check([past()], { ...order, createdAt: undefined })).toEqual(["DUPLICATE_ORDER"]);
  });

  it("GIVEN two earlier copies WHEN checked THEN the closest is named", () => {
    const [finding] = checkDuplicateOrder(
      order,
      aContext({ recentOrders: [past({ id: "a", name: "#998", createdAt: minutesBefore(30) }), past({ id: "b", name: "#999", createdAt: minutesBefore(2) })] }),
      aConfig(),
    );
    expect(finding).toMatchObject({ code: "DUPLICATE_ORDER", severity: "block", errorClass: "customer", holdReason: "OTHER", field: "lineItems" });
    expect(finding.message).toBe("Order #1001 has the same items and quantities as #999, placed by the same customer 2 minutes earlier.");
    expect(finding.suggestion).toBe("Ask the customer whether they meant to order twice; if not, cancel #1001 and ship #999.");
  });

  it("GIVEN a copy seconds apart WHEN checked THEN the message says less than a minute", () => {
    const [finding] = checkDuplicateOrder(order, aContext({ recentOrders: [past({ createdAt: new Date(NOW.getTime() - 20_000).toISOString() })] }), aConfig());
    expect(finding.message).toContain("less than a minute earlier");
  });
});
