import { describe, expect, it } from "vitest";
import { aContext, aLine, anOrder, aPolicy, aRequest, CAP, OFFERS, WAREHOUSE } from "./fixtures";
import type { ReturnPolicyInput } from "./policy";
import { prepareReturn, readReturnRequest, type ReturnRequestInput } from "./request";
import type { ReturnableOrder } from "./types";

const JACKETS = aLine().id;
const LARGE = "gid://shopify/ProductVariant/12";
const XL = "gid://shopify/ProductVariant/13";

describe("readReturnRequest", () => {
  it("GIVEN a form post without JavaScript WHEN read THEN numbers arrive as numbers and empty notes as null", () => {
    expect(readReturnRequest({ lines: [{ lineId: JACKETS, quantity: "2", reason: "UNWANTED", note: "", resolution: "refund" }] })).toEqual({
      ok: true,
      value: { lines: [{ lineId: JACKETS, quantity: 2, reason: "UNWANTED", note: null, photoUrls: [], resolution: "refund" }], replacements: [], instantExchange: false },
    });
  });

  it("GIVEN missing and malformed fields WHEN read THEN each is named", () => {
    const result = readReturnRequest({ lines: [{ lineId: JACKETS, quantity: "two", reason: "", note: "x".repeat(256), resolution: "cash" }] });
    expect(result.ok ? [] : result.error).toEqual([
      { path: "lines.0.quantity", message: "Enter a number" },
      { path: "lines.0.reason", message: "Choose a reason" },
      { path: "lines.0.note", message: "Keep the note under 255 characters" },
      { path: "lines.0.resolution", message: "Choose refund, store credit or exchange" },
    ]);
  });

  it("GIVEN a photo link that is not https WHEN read THEN it is refused, so the admin never renders a script link", () => {
    const result = readReturnRequest({ lines: [{ lineId: JACKETS, quantity: 1, reason: "DEFECTIVE", photoUrls: ["javascript:alert(1)", "http://cdn.example.com/a.jpg"], resolution: "refund" }] });
    expect(result.ok ? [] : result.error).toEqual([
      { path: "lines.0.photoUrls.0", message: "Upload the photo again" },
      { path: "lines.0.photoUrls.1", message: "Upload the photo again" },
    ]);
  });

  it("GIVEN no lines WHEN read THEN the customer is asked to choose one", () => {
    expect(readReturnRequest({ lines: [] })).toEqual({ ok: false, error: [{ path: "lines", message: "Choose at least one item to return" }] });
  });
});

describe("prepareReturn", () => {
  const prepare = (input: ReturnRequestInput, options: { order?: ReturnableOrder; policy?: ReturnPolicyInput; context?: Parameters<typeof aContext>[0] } = {}) =>
    prepareReturn(options.order ?? anOrder(), aPolicy(options.policy), aRequest(input), aContext(options.context));

  it("GIVEN one jacket too small WHEN prepared THEN the draft carries its value, reason and fees, approved on its own", () => {
    const result = prepare({ lines: [{ lineId: JACKETS, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }] }, { policy: { restockingFee: { percent: 10 }, returnShippingFee: { amount: 599 } } });
    expect(result).toEqual({
      ok: true,
      value: {
        orderId: "gid://shopify/Order/1001",
        orderName: "#1001",
        customerId: "gid://shopify/Customer/7",
        currencyCode: "USD",
        lines: [
          {
            id: JACKETS,
            lineItemId: "gid://shopify/LineItem/1",
            productId: "gid://shopify/Product/10",
            variantId: "gid://shopify/ProductVariant/11",
            title: "Trailhead Rain Jacket — M",
            sku: "TRJ-M",
            quantity: 1,
            returnable: 2,
            value: { units: 2, amount: 24_000 },
            reason: "SIZE_TOO_SMALL",
            shopifyReason: "SIZE_TOO_SMALL",
            merchantFault: false,
            note: null,
            photoUrls: [],
            resolution: "refund",
            restockingFeeApplies: true,
            restockingFeeBps: 1_000,
          },
        ],
        exchange: null,
        terms: { restockingFlatFee: 0, returnShippingFee: 599, originalShippingRefund: 0, exchangeRemainderTo: "store_credit" },
        review: { autoApprove: true, reasons: [] },
      },
    });
  });

  it.each<[string, ReturnRequestInput, Parameters<typeof prepare>[1], { path: string; message: string | RegExp }[]]>([
    ["an item not on the order", { lines: [{ lineId: "gid://shopify/FulfillmentLineItem/999", quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, {}, [{ path: "lines.0.lineId", message: "This item is not on the order" }]],
    [
      "the same item twice",
      {
        lines: [
          { lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" },
          { lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" },
        ],
      },
      {},
      [{ path: "lines.1.lineId", message: "This item is listed twice" }],
    ],
    ["more than was bought (a request that skipped the portal)", { lines: [{ lineId: JACKETS, quantity: 5, reason: "UNWANTED", resolution: "refund" }] }, {}, [{ path: "lines.0.quantity", message: "You can return at most 2 of this item" }]],
    ["an item past its window", { lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, { context: { now: new Date("2026-11-05T00:00:00Z") } }, [{ path: "lines.0.lineId", message: /^Returns close 30 days after delivery/ }]],
    ["a final-sale item", { lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, { order: anOrder({ lines: [aLine({ productTags: ["final-sale"] })] }) }, [{ path: "lines.0.lineId", message: /final sale/ }]],
    ["a reason the shop does not list", { lines: [{ lineId: JACKETS, quantity: 1, reason: "BORED", resolution: "refund" }] }, {}, [{ path: "lines.0.reason", message: "Choose a reason from the list" }]],
    ["a reason that needs a note, without one", { lines: [{ lineId: JACKETS, quantity: 1, reason: "NOT_AS_DESCRIBED", resolution: "refund" }] }, {}, [{ path: "lines.0.note", message: "Tell us more about “Not as described”" }]],
    ["a defect without a photo", { lines: [{ lineId: JACKETS, quantity: 1, reason: "DEFECTIVE", resolution: "refund" }] }, {}, [{ path: "lines.0.photoUrls", message: "Add a photo that shows “Damaged or defective”" }]],
    ["a resolution the shop does not offer", { lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, { policy: { resolutions: ["store_credit", "exchange"] } }, [{ path: "lines.0.resolution", message: "The store does not offer refunds" }]],
    ["an exchange without a replacement", { lines: [{ lineId: JACKETS, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }] }, {}, [{ path: "replacements", message: "Choose the replacement you want" }]],
    [
      "a replacement without an exchange",
      { lines: [{ lineId: JACKETS, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "refund" }], replacements: [{ variantId: LARGE, quantity: 1, locationId: WAREHOUSE }] },
      {},
      [{ path: "replacements", message: "Choose exchange for the item the replacement is for" }],
    ],
    [
      "a replacement out of stock",
      { lines: [{ lineId: JACKETS, quantity: 2, reason: "SIZE_TOO_SMALL", resolution: "exchange" }], replacements: [{ variantId: XL, quantity: 2, locationId: WAREHOUSE }] },
      { context: { offers: OFFERS } },
      [{ path: "replacements.0.quantity", message: "Only 1 of Trailhead Rain Jacket — XL is in stock" }],
    ],
    ["an order in another currency than the policy", { lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, { order: anOrder({ currencyCode: "EUR" }) }, [{ path: "", message: /paid in EUR but the return policy's amounts are in USD/ }]],
  ])("GIVEN %s WHEN prepared THEN it is refused, by field", (_, input, options, errors) => {
    const result = prepare(input, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual(errors.map((error) => ({ path: error.path, message: expect.stringMatching(error.message) })));
  });

  it("GIVEN problems on several lines WHEN prepared THEN all of them come back at once", () => {
    const result = prepare({
      lines: [
        { lineId: JACKETS, quantity: 3, reason: "OTHER", resolution: "refund" },
        { lineId: CAP.id, quantity: 1, reason: "DEFECTIVE", resolution: "refund" },
      ],
    });
    expect(result.ok ? [] : result.error.map((error) => error.path)).toEqual(["lines.0.quantity", "lines.0.note", "lines.1.photoUrls"]);
  });

  it("GIVEN a wrong item for the whole order, with a photo WHEN prepared THEN no fees, and the shipping charge comes back", () => {
    const result = prepare(
      {
        lines: [
          { lineId: JACKETS, quantity: 2, reason: "WRONG_ITEM", resolution: "refund" },
          { lineId: CAP.id, quantity: 1, reason: "DEFECTIVE", photoUrls: ["https://cdn.example.com/cap.jpg"], resolution: "refund" },
        ],
      },
      { policy: { restockingFee: { percent: 10, flat: 500 }, returnShippingFee: { amount: 599 } } },
    );
    expect(result.ok && result.value.terms).toEqual({ restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 900, exchangeRemainderTo: "store_credit" });
  });

  it("GIVEN a serial returner WHEN prepared THEN the draft waits for review", () => {
    const result = prepare({ lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }, { context: { history: { ordersInLookback: 4, returnsInLookback: 4, lifetimeOrders: 4 } } });
    expect(result.ok && result.value.review).toEqual({
      autoApprove: false,
      reasons: ["4 earlier returns in the last 90 days (review from 3)", "Returned 100 % of orders in the last 90 days (review above 50 %)"],
    });
  });

  describe("instant exchanges", () => {
    const instantPolicy: ReturnPolicyInput = { exchange: { instant: { enabled: true, maxValue: 20_000 } } };
    const exchangeFor = (variantId: string): ReturnRequestInput => ({
      lines: [{ lineId: JACKETS, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }],
      replacements: [{ variantId, quantity: 1, locationId: WAREHOUSE }],
      instantExchange: true,
    });

    it("GIVEN a same-price size swap by a known customer WHEN prepared THEN the replacement may ship on approval", () => {
      const result = prepare(exchangeFor(LARGE), { policy: instantPolicy, context: { offers: OFFERS } });
      expect(result.ok && result.value.exchange).toEqual({
        items: [{ variantId: LARGE, productId: "gid://shopify/Product/10", title: "Trailhead Rain Jacket — L", quantity: 1, unitPrice: 12_000, locationId: WAREHOUSE }],
        instant: true,
        instantRefusals: [],
      });
    });

    it("GIVEN a dearer replacement WHEN prepared THEN it waits for the return, because money would be owed", () => {
      const result = prepare(exchangeFor(XL), { policy: instantPolicy, context: { offers: OFFERS } });
      expect(result.ok && result.value.exchange).toMatchObject({ instant: false, instantRefusals: ["The customer would owe US$15.00 on the replacement"] });
    });

    it("GIVEN a customer who did not ask WHEN prepared THEN it is an ordinary exchange", () => {
      const result = prepare({ ...exchangeFor(LARGE), instantExchange: false }, { policy: instantPolicy, context: { offers: OFFERS } });
      expect(result.ok && result.value.exchange).toMatchObject({ instant: false, instantRefusals: [] });
    });
  });
});
