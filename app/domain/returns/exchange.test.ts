import { describe, expect, it } from "vitest";
import { checkInstantExchange, checkReplacements, replacementTotal, settleExchange, type InstantExchangeFacts } from "./exchange";
import { anOrder, aPolicy, OFFERS, WAREHOUSE } from "./fixtures";
import type { ReturnPolicyInput } from "./policy";

const JACKET = "gid://shopify/Product/10";
const LARGE = "gid://shopify/ProductVariant/12";
const XL = "gid://shopify/ProductVariant/13";
const FLEECE = "gid://shopify/ProductVariant/31";

describe("checkReplacements", () => {
  it("GIVEN a size up in stock WHEN checked THEN it is priced from the offer, not the request", () => {
    const result = checkReplacements([{ variantId: LARGE, quantity: 2, locationId: WAREHOUSE }], [JACKET], OFFERS, aPolicy());
    expect(result).toEqual({
      ok: true,
      value: [{ variantId: LARGE, productId: JACKET, title: "Trailhead Rain Jacket — L", quantity: 2, unitPrice: 12_000, locationId: WAREHOUSE }],
    });
    expect(result.ok && replacementTotal(result.value)).toBe(24_000);
  });

  it.each<[string, { variantId: string; quantity: number; locationId: string }[], ReturnPolicyInput, { path: string; message: string }[]]>([
    ["an unknown variant", [{ variantId: "gid://shopify/ProductVariant/999", quantity: 1, locationId: WAREHOUSE }], {}, [{ path: "replacements.0.variantId", message: "This item is not available for exchange" }]],
    ["more than the location has", [{ variantId: XL, quantity: 2, locationId: WAREHOUSE }], {}, [{ path: "replacements.0.quantity", message: "Only 1 of Trailhead Rain Jacket — XL is in stock" }]],
    ["a location with none", [{ variantId: XL, quantity: 1, locationId: "gid://shopify/Location/2" }], {}, [{ path: "replacements.0.quantity", message: "Trailhead Rain Jacket — XL is out of stock" }]],
    ["a location the variant is not stocked at", [{ variantId: XL, quantity: 1, locationId: "gid://shopify/Location/77" }], {}, [{ path: "replacements.0.quantity", message: "Trailhead Rain Jacket — XL is out of stock" }]],
    [
      "the same variant twice, more than in stock together",
      [
        { variantId: XL, quantity: 1, locationId: WAREHOUSE },
        { variantId: XL, quantity: 1, locationId: WAREHOUSE },
      ],
      {},
      [{ path: "replacements.1.quantity", message: "Only 1 of Trailhead Rain Jacket — XL is in stock" }],
    ],
    ["another product when the shop only swaps variants", [{ variantId: FLEECE, quantity: 1, locationId: WAREHOUSE }], { exchange: { allowOtherProducts: false } }, [{ path: "replacements.0.variantId", message: "Exchanges are for another size or colour of the item you return" }]],
    ["zero of it", [{ variantId: LARGE, quantity: 0, locationId: WAREHOUSE }], {}, [{ path: "replacements.0.quantity", message: "Choose at least one" }]],
  ])("GIVEN %s WHEN checked THEN the field says why", (_, requested, policy, errors) => {
    expect(checkReplacements(requested, [JACKET], OFFERS, aPolicy(policy))).toEqual({ ok: false, error: errors });
  });

  it("GIVEN a different product and a shop that allows it WHEN checked THEN it is accepted", () => {
    expect(checkReplacements([{ variantId: FLEECE, quantity: 1, locationId: WAREHOUSE }], [JACKET], OFFERS, aPolicy()).ok).toBe(true);
  });

  it("GIVEN a variant id that is an Object prototype key WHEN checked THEN it is unknown, not a crash", () => {
    expect(checkReplacements([{ variantId: "constructor", quantity: 1, locationId: "toString" }], [JACKET], OFFERS, aPolicy()).ok).toBe(false);
  });
});

describe("settleExchange", () => {
  it.each<[string, number, number, "refund" | "store_credit", ReturnType<typeof settleExchange>]>([
    ["the replacement costs more: the customer pays the difference", 10_000, 13_500, "store_credit", { applied: 10_000, refund: 0, storeCredit: 0, balanceDue: 3_500 }],
    ["it costs less: the rest becomes store credit", 12_000, 9_000, "store_credit", { applied: 9_000, refund: 0, storeCredit: 3_000, balanceDue: 0 }],
    ["it costs less: the rest is refunded", 12_000, 9_000, "refund", { applied: 9_000, refund: 3_000, storeCredit: 0, balanceDue: 0 }],
    ["the same price: nothing moves", 12_000, 12_000, "refund", { applied: 12_000, refund: 0, storeCredit: 0, balanceDue: 0 }],
    ["already paid off: all credit goes back", 500, 0, "refund", { applied: 0, refund: 500, storeCredit: 0, balanceDue: 0 }],
    ["no credit: the whole price is due", 0, 4_999, "refund", { applied: 0, refund: 0, storeCredit: 0, balanceDue: 4_999 }],
  ])("GIVEN %s THEN the settlement conserves the credit", (_, credit, outstanding, remainderTo, expected) => {
    const settled = settleExchange(credit, outstanding, remainderTo);
    expect(settled).toEqual(expected);
    expect(settled.applied + settled.refund + settled.storeCredit).toBe(credit);
  });
});

describe("checkInstantExchange", () => {
  const facts = (overrides: Partial<InstantExchangeFacts> = {}): InstantExchangeFacts => ({
    order: anOrder({ customer: { id: "gid://shopify/Customer/7", tags: ["VIP"] } }),
    history: { ordersInLookback: 2, returnsInLookback: 0, lifetimeOrders: 3 },
    replacementTotal: 12_000,
    balanceDue: 0,
    serialReturner: false,
    ...overrides,
  });
  const policy = (instant: NonNullable<NonNullable<ReturnPolicyInput["exchange"]>["instant"]> = {}) =>
    aPolicy({ exchange: { instant: { enabled: true, maxValue: 15_000, minLifetimeOrders: 2, ...instant } } });

  it("GIVEN a known customer, a captured payment and a replacement under the limit WHEN guarded THEN it may ship now", () => {
    expect(checkInstantExchange(facts(), policy())).toEqual({ allowed: true, reasons: [] });
  });

  it.each<[string, Partial<InstantExchangeFacts>, Parameters<typeof policy>[0], string]>([
    ["a replacement over the limit", { replacementTotal: 15_001 }, {}, "The replacement is worth US$150.01, above the US$150.00 limit"],
    ["a payment not captured", { order: anOrder({ paymentCaptured: false }) }, {}, "The order's payment is not captured yet"],
    ["a guest order", { order: anOrder({ customer: null }), history: null }, { minLifetimeOrders: 0 }, "The order has no customer account"],
    ["a first-time customer", { history: { ordersInLookback: 1, returnsInLookback: 0, lifetimeOrders: 1 } }, {}, "The customer needs at least 2 orders with the shop"],
    ["a serial returner", { serialReturner: true }, {}, "The customer returns often"],
    ["money still owed", { balanceDue: 1_500 }, {}, "The customer would owe US$15.00 on the replacement"],
    ["a customer without the tag", {}, { customerTags: ["trusted"] }, "The customer has none of the tags trusted"],
  ])("GIVEN %s WHEN guarded THEN it waits for the return, saying why", (_, overrides, rules, reason) => {
    expect(checkInstantExchange(facts(overrides), policy(rules))).toEqual({ allowed: false, reasons: [reason] });
  });

  it("GIVEN a shop that allows it WHEN money is owed or the customer returns often THEN it may still ship", () => {
    expect(checkInstantExchange(facts({ balanceDue: 100, serialReturner: true }), policy({ allowWithBalanceDue: true, allowSerialReturners: true })).allowed).toBe(true);
  });

  it("GIVEN instant exchanges switched off WHEN guarded THEN the answer says so", () => {
    expect(checkInstantExchange(facts(), aPolicy())).toEqual({ allowed: false, reasons: ["The shop does not ship replacements before the return arrives"] });
  });
});
