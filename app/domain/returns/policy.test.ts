import { describe, expect, it } from "vitest";
import { aLine, anOrder, aPolicy, CAP, DELIVERED_AT, NOW } from "./fixtures";
import {
  checkEligibility,
  convertPolicyCurrency,
  decideApproval,
  DEFAULT_RETURN_POLICY,
  feeTerms,
  findReason,
  lineValue,
  readReturnPolicy,
  serialReturnerFindings,
  type IneligibleCode,
  type ReturnPolicyInput,
} from "./policy";
import type { ReturnableLine, ReturnableOrder } from "./types";

describe("the return policy's settings", () => {
  it("GIVEN nothing stored WHEN parsed THEN the defaults are a 30-day window, final-sale tag and the standard reasons", () => {
    expect(DEFAULT_RETURN_POLICY.windowDays).toBe(30);
    expect(DEFAULT_RETURN_POLICY.finalSaleTags).toEqual(["final-sale"]);
    expect(DEFAULT_RETURN_POLICY.reasons.map((reason) => reason.code)).toContain("DEFECTIVE");
    expect(findReason(DEFAULT_RETURN_POLICY, "DEFECTIVE")).toMatchObject({ merchantFault: true, requiresPhoto: true, shopifyReason: "DEFECTIVE" });
    expect(DEFAULT_RETURN_POLICY.restockingFee).toEqual({ percent: 0, flat: 0, exemptReasons: ["DEFECTIVE", "WRONG_ITEM"], waiveForExchanges: false });
  });

  it.each<[string, unknown, { path: string; message: RegExp }]>([
    ["a negative window", { windowDays: -1 }, { path: "windowDays", message: /greater than or equal to 0/ }],
    ["a fractional fee amount", { restockingFee: { flat: 2.5 } }, { path: "restockingFee.flat", message: /integer/ }],
    ["a percentage with three decimals", { restockingFee: { percent: 12.345 } }, { path: "restockingFee.percent", message: /two decimals/ }],
    ["an exemption for an unknown reason", { restockingFee: { exemptReasons: ["BROKEN"] } }, { path: "restockingFee.exemptReasons.0", message: /not one of the policy's reasons/ }],
    ["a reason listed twice", { reasons: [{ code: "A", label: "A" }, { code: "A", label: "Again" }] }, { path: "reasons.1.code", message: /listed twice/ }],
    ["a price range upside down", { eligibility: { minUnitPrice: 500, maxUnitPrice: 100 } }, { path: "eligibility.maxUnitPrice", message: /minUnitPrice/ }],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }, { path: "timeZone", message: /IANA/ }],
    ["a lower-case currency", { currencyCode: "usd" }, { path: "currencyCode", message: /three-letter/ }],
  ])("GIVEN %s WHEN read from the form THEN the field is named", (_, input, expected) => {
    const result = readReturnPolicy(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContainEqual({ path: expected.path, message: expect.stringMatching(expected.message) });
  });

  it("GIVEN tags in any case WHEN parsed THEN they are compared in lower case", () => {
    expect(aPolicy({ finalSaleTags: ["Final-Sale "], eligibility: { excludedTags: ["GiftCard"] } })).toMatchObject({
      finalSaleTags: ["final-sale"],
      eligibility: { excludedTags: ["giftcard"] },
    });
  });

  it("GIVEN a USD policy WHEN converted to JPY at 150 THEN fixed amounts land on whole yen", () => {
    const policy = aPolicy({ restockingFee: { flat: 500 }, returnShippingFee: { amount: 699 }, autoApprove: { maxValue: 20_000 } });
    const yen = convertPolicyCurrency(policy, "JPY", 150);
    expect(yen.currencyCode).toBe("JPY");
    expect(yen.restockingFee.flat).toBe(750);
    expect(yen.returnShippingFee.amount).toBe(1049);
    expect(yen.autoApprove.maxValue).toBe(30_000);
    expect(yen.eligibility.minUnitPrice).toBeNull();
    expect(convertPolicyCurrency(policy, "USD", 2)).toBe(policy);
  });
});

describe("checkEligibility", () => {
  const eligible = (order: ReturnableOrder, line: ReturnableLine, input: ReturnPolicyInput = {}, now = NOW) => checkEligibility(order, line, aPolicy(input), now);
  const codes = (result: ReturnType<typeof checkEligibility>): IneligibleCode[] => (result.eligible ? [] : result.reasons.map((reason) => reason.code));

  it("GIVEN a jacket delivered 18 days ago WHEN checked THEN both units can go back until 30 days after delivery", () => {
    expect(eligible(anOrder(), aLine())).toEqual({
      lineId: aLine().id,
      eligible: true,
      returnableQuantity: 2,
      returnBy: "2026-11-01T15:30:00.000Z",
    });
  });

  it.each<[string, Partial<ReturnableLine>, ReturnPolicyInput, string, IneligibleCode[], string[]]>([
    [
      "delivered 31 days ago",
      {},
      {},
      "2026-11-02T10:00:00Z",
      ["WINDOW_CLOSED"],
      ["Returns close 30 days after delivery; this arrived on 2 Oct."],
    ],
    [
      "never reported delivered, shipped 31 days ago",
      { deliveredAt: null, fulfilledAt: "2026-09-19T10:00:00Z" },
      {},
      "2026-10-20T12:00:00Z",
      ["WINDOW_CLOSED"],
      ["Returns close 30 days after shipping; this shipped on 19 Sept."],
    ],
    ["not shipped at all", { deliveredAt: null, fulfilledAt: null }, {}, "2026-10-20T12:00:00Z", ["NOT_SHIPPED"], [expect.stringMatching(/not shipped yet/)]],
    ["in a shop that takes no returns", {}, { windowDays: 0 }, "2026-10-20T12:00:00Z", ["NO_RETURNS"], ["This store does not accept returns."]],
    ["tagged Final-Sale", { productTags: ["Final-Sale"] }, {}, "2026-10-20T12:00:00Z", ["FINAL_SALE"], [expect.stringMatching(/final sale/)]],
    ["excluded by product", {}, { eligibility: { excludedProductIds: ["gid://shopify/Product/10"] } }, "2026-10-20T12:00:00Z", ["PRODUCT_NOT_RETURNABLE"], [expect.any(String)]],
    ["excluded by collection", {}, { eligibility: { excludedCollectionIds: ["gid://shopify/Collection/5"] } }, "2026-10-20T12:00:00Z", ["PRODUCT_NOT_RETURNABLE"], [expect.any(String)]],
    ["excluded by tag", {}, { eligibility: { excludedTags: ["OUTERWEAR"] } }, "2026-10-20T12:00:00Z", ["PRODUCT_NOT_RETURNABLE"], [expect.any(String)]],
    ["outside the only-these collections", {}, { eligibility: { onlyCollectionIds: ["gid://shopify/Collection/9"] } }, "2026-10-20T12:00:00Z", ["PRODUCT_NOT_RETURNABLE"], [expect.any(String)]],
    ["outside the only-these products", {}, { eligibility: { onlyProductIds: ["gid://shopify/Product/99"] } }, "2026-10-20T12:00:00Z", ["PRODUCT_NOT_RETURNABLE"], [expect.any(String)]],
    ["cheaper than the minimum", {}, { eligibility: { minUnitPrice: 15_000 } }, "2026-10-20T12:00:00Z", ["PRICE_OUT_OF_RANGE"], ["Only items priced US$150.00 or more can be returned."]],
    ["dearer than the maximum", {}, { eligibility: { maxUnitPrice: 10_000 } }, "2026-10-20T12:00:00Z", ["PRICE_OUT_OF_RANGE"], ["Only items priced up to US$100.00 can be returned."]],
    ["outside a range", {}, { eligibility: { minUnitPrice: 100, maxUnitPrice: 10_000 } }, "2026-10-20T12:00:00Z", ["PRICE_OUT_OF_RANGE"], ["Only items priced between US$1.00 and US$100.00 can be returned."]],
    ["already in other returns", { returnedQuantity: 2 }, {}, "2026-10-20T12:00:00Z", ["ALREADY_RETURNED"], ["All 2 of this item are already being returned."]],
    [
      "late, final sale and already returned",
      { productTags: ["final-sale"], returnedQuantity: 2 },
      {},
      "2026-12-01T10:00:00Z",
      ["WINDOW_CLOSED", "FINAL_SALE", "ALREADY_RETURNED"],
      [expect.stringMatching(/^Returns close/), expect.stringMatching(/final sale/), expect.stringMatching(/already/)],
    ],
  ])("GIVEN a line %s WHEN checked THEN it is not eligible, saying why", (_, line, policy, now, expectedCodes, messages) => {
    const result = eligible(anOrder(), aLine(line), policy, new Date(now));
    expect(codes(result)).toEqual(expectedCodes);
    expect(result.eligible ? [] : result.reasons.map((reason) => reason.message)).toEqual(messages);
    expect(result.returnableQuantity).toBe(0);
  });

  it("GIVEN the window closed in an earlier year WHEN checked THEN the date carries its year", () => {
    const result = eligible(anOrder(), aLine({ deliveredAt: "2025-12-20T10:00:00Z" }), {}, new Date("2026-02-01T00:00:00Z"));
    expect(result.eligible ? null : result.reasons[0].message).toBe("Returns close 30 days after delivery; this arrived on 20 Dec 2025.");
  });

  it("GIVEN a delivery just before midnight UTC WHEN shown in Sydney THEN the customer's calendar day is used", () => {
    const result = eligible(anOrder(), aLine({ deliveredAt: "2026-09-01T20:00:00Z" }), { timeZone: "Australia/Sydney" });
    expect(result.eligible ? null : result.reasons[0].message).toMatch(/arrived on 2 Sept\./);
  });

  it("GIVEN the last instant of the window WHEN checked THEN it is still open, and one millisecond later it is closed", () => {
    const closes = new Date(Date.parse(DELIVERED_AT) + 30 * 24 * 3600 * 1000);
    expect(eligible(anOrder(), aLine(), {}, closes).eligible).toBe(true);
    expect(eligible(anOrder(), aLine(), {}, new Date(closes.getTime() + 1)).eligible).toBe(false);
  });

  it("GIVEN reasons WHEN declining THEN each maps onto Shopify's decline reason", () => {
    const result = eligible(anOrder(), aLine({ productTags: ["final-sale"] }), {}, new Date("2026-12-01T10:00:00Z"));
    expect(result.eligible ? [] : result.reasons.map((reason) => reason.shopifyDeclineReason)).toEqual(["RETURN_PERIOD_ENDED", "FINAL_SALE"]);
  });

  it("GIVEN one unit of two in another return WHEN checked THEN one can still go back", () => {
    expect(eligible(anOrder(), aLine({ returnedQuantity: 1 }))).toMatchObject({ eligible: true, returnableQuantity: 1 });
  });

  it("GIVEN prices before tax WHEN the price range is checked THEN the unit price includes the tax the customer paid", () => {
    const order = anOrder({ taxesIncluded: false });
    expect(eligible(order, aLine({ discountedTotal: 19_000, tax: 1_500 }), { eligibility: { minUnitPrice: 10_000 } }).eligible).toBe(true);
    expect(eligible(order, aLine({ discountedTotal: 19_000, tax: 0 }), { eligibility: { minUnitPrice: 10_000 } }).eligible).toBe(false);
  });

  it("GIVEN a policy in another currency than the order WHEN checked THEN it throws rather than compare dollars with yen", () => {
    expect(() => checkEligibility(anOrder({ currencyCode: "JPY" }), aLine(), aPolicy(), NOW)).toThrow(/in JPY but the return policy's amounts are in USD/);
  });

  it("GIVEN a line given away at 100 % discount WHEN checked without a price range THEN it may come back (worth nothing)", () => {
    expect(eligible(anOrder(), aLine({ discountedTotal: 0 })).eligible).toBe(true);
  });
});

describe("lineValue", () => {
  it.each<[string, Partial<ReturnableOrder>, Partial<ReturnableLine>, { units: number; amount: number }]>([
    ["taxes included", {}, { discountedTotal: 24_000, tax: 4_000 }, { units: 2, amount: 24_000 }],
    ["taxes on top", { taxesIncluded: false }, { discountedTotal: 24_000, tax: 1_980 }, { units: 2, amount: 25_980 }],
    ["one unit refunded already", {}, { refunded: { quantity: 1, amount: 12_000 } }, { units: 1, amount: 12_000 }],
    ["a goodwill refund without units", {}, { refunded: { quantity: 0, amount: 1_000 } }, { units: 2, amount: 23_000 }],
    ["100 % discount", {}, { discountedTotal: 0 }, { units: 2, amount: 0 }],
    ["over-refunded", {}, { refunded: { quantity: 0, amount: 30_000 } }, { units: 2, amount: 0 }],
  ])("GIVEN %s WHEN valued THEN the remaining units and amount come back", (_, order, line, expected) => {
    expect(lineValue(anOrder(order), aLine(line))).toEqual(expected);
  });
});

describe("serial returners and auto-approval", () => {
  const policy = aPolicy({ autoApprove: { maxValue: 20_000, reasons: ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE"], customerTags: ["vip"] } });

  it.each<[string, { ordersInLookback: number; returnsInLookback: number } | null, string[]]>([
    ["a guest", null, []],
    ["a customer with few returns", { ordersInLookback: 10, returnsInLookback: 2 }, []],
    ["three returns already", { ordersInLookback: 20, returnsInLookback: 3 }, ["3 earlier returns in the last 90 days (review from 3)"]],
    ["a high rate", { ordersInLookback: 4, returnsInLookback: 3 }, ["3 earlier returns in the last 90 days (review from 3)", "Returned 75 % of orders in the last 90 days (review above 50 %)"]],
    ["a high rate on too few orders", { ordersInLookback: 2, returnsInLookback: 2 }, []],
  ])("GIVEN %s WHEN checked for serial returning THEN the findings are %j", (_, history, findings) => {
    expect(serialReturnerFindings(history && { ...history, lifetimeOrders: 30 }, DEFAULT_RETURN_POLICY)).toEqual(findings);
  });

  it("GIVEN a small VIP size return WHEN decided THEN it is approved on its own", () => {
    expect(decideApproval({ value: 12_000, reasonCodes: ["SIZE_TOO_SMALL"], customerTags: ["VIP"], history: null }, policy)).toEqual({ autoApprove: true, reasons: [] });
  });

  it("GIVEN a large return for another reason by an untagged serial returner WHEN decided THEN every cause is listed for review", () => {
    const decision = decideApproval(
      { value: 24_000, reasonCodes: ["UNWANTED", "UNWANTED"], customerTags: [], history: { ordersInLookback: 1, returnsInLookback: 5, lifetimeOrders: 9 } },
      policy,
    );
    expect(decision).toEqual({
      autoApprove: false,
      reasons: [
        "Worth US$240.00, above the US$200.00 limit for approval without review",
        "Reason “Changed my mind” needs review",
        "Customer has none of the tags vip",
        "5 earlier returns in the last 90 days (review from 3)",
      ],
    });
  });

  it("GIVEN auto-approval switched off WHEN decided THEN everything waits for review", () => {
    expect(decideApproval({ value: 1, reasonCodes: [], customerTags: [], history: null }, aPolicy({ autoApprove: { enabled: false } })).autoApprove).toBe(false);
  });
});

describe("feeTerms", () => {
  const policy = aPolicy({ restockingFee: { percent: 15, flat: 300 }, returnShippingFee: { amount: 599 } });
  const reason = (code: string) => findReason(policy, code)!;

  it("GIVEN a change of mind WHEN fees are fixed THEN restocking and return shipping apply", () => {
    expect(feeTerms(anOrder(), [{ reason: reason("UNWANTED"), resolution: "refund", quantity: 1 }], policy)).toEqual({
      lines: [{ restockingFeeApplies: true, restockingFeeBps: 1500 }],
      restockingFlatFee: 300,
      returnShippingFee: 599,
      originalShippingRefund: 0,
    });
  });

  it("GIVEN a defective item beside an unwanted one WHEN fees are fixed THEN only the unwanted one pays restocking and nobody pays return shipping", () => {
    const terms = feeTerms(
      anOrder(),
      [
        { reason: reason("DEFECTIVE"), resolution: "refund", quantity: 1 },
        { reason: reason("UNWANTED"), resolution: "refund", quantity: 1 },
      ],
      policy,
    );
    expect(terms.lines).toEqual([
      { restockingFeeApplies: false, restockingFeeBps: 0 },
      { restockingFeeApplies: true, restockingFeeBps: 1500 },
    ]);
    expect(terms.returnShippingFee).toBe(0);
    expect(terms.restockingFlatFee).toBe(300);
  });

  it("GIVEN only exchanges WHEN fees are fixed THEN return shipping is waived, and restocking too when the policy says so", () => {
    const waiving = aPolicy({ restockingFee: { percent: 15, waiveForExchanges: true }, returnShippingFee: { amount: 599 } });
    const terms = feeTerms(anOrder(), [{ reason: findReason(waiving, "SIZE_TOO_SMALL")!, resolution: "exchange", quantity: 1 }], waiving);
    expect(terms).toMatchObject({ lines: [{ restockingFeeApplies: false, restockingFeeBps: 0 }], returnShippingFee: 0 });
  });

  it("GIVEN the wrong items sent for the whole order WHEN fees are fixed THEN the order's shipping comes back too", () => {
    const order = anOrder({ shipping: { paid: 900, refunded: 100 } });
    const whole = feeTerms(
      order,
      [
        { reason: reason("WRONG_ITEM"), resolution: "refund", quantity: 2 },
        { reason: reason("DEFECTIVE"), resolution: "refund", quantity: 1 },
      ],
      policy,
    );
    expect(whole.originalShippingRefund).toBe(800);
    const part = feeTerms(order, [{ reason: reason("WRONG_ITEM"), resolution: "refund", quantity: 2 }], policy);
    expect(part.originalShippingRefund).toBe(0);
    expect(feeTerms(order, [{ reason: reason("WRONG_ITEM"), resolution: "refund", quantity: 2 }, { reason: reason("DEFECTIVE"), resolution: "refund", quantity: 1 }], aPolicy({ originalShippingRefund: "never" })).originalShippingRefund).toBe(0);
  });

  it("GIVEN the cap already in another return WHEN the jackets come back for the merchant's fault THEN that is the whole order still open", () => {
    const order = anOrder({ lines: [aLine(), { ...CAP, returnedQuantity: 1 }] });
    expect(feeTerms(order, [{ reason: reason("WRONG_ITEM"), resolution: "refund", quantity: 2 }], policy).originalShippingRefund).toBe(900);
  });
});
