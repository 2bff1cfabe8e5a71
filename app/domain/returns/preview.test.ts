import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aContext, aLine, anOrder, aPolicy, aRequest, aReturnLine, at, CAP, OFFERS, opened, run, WAREHOUSE } from "./fixtures";
import { previewResolution, quoteReturn } from "./preview";
import { applyReturnCommand, priceOutstanding, type ResolutionTotals, type ReturnCommand, type ReturnState } from "./return-model";

const JACKETS = aLine().id;

describe("previewResolution", () => {
  const ready = run(
    opened({
      lines: [aReturnLine({ quantity: 2, value: { units: 2, amount: 24_001 }, restockingFeeApplies: true, restockingFeeBps: 1_250 })],
      terms: { restockingFlatFee: 250, returnShippingFee: 599, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
    }),
    { type: "approve", at: at(21) },
    { type: "receive", at: at(24), lines: [{ lineId: JACKETS, quantity: 2 }] },
    { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 2, disposition: "restock", locationId: WAREHOUSE }] },
  );

  it("GIVEN inspected jackets WHEN previewed THEN the amounts are exactly what resolving records", () => {
    const lines = [{ lineId: JACKETS, quantity: 1 }];
    const preview = previewResolution(ready, lines);
    const resolved = applyReturnCommand(ready, { type: "resolve", at: at(26), resolutionId: "r1", lines });
    expect(preview.ok && resolved.ok).toBe(true);
    if (!preview.ok || !resolved.ok) return;
    expect({ ...resolved.value.resolutions[0], id: undefined, at: undefined }).toEqual({ ...preview.value, id: undefined, at: undefined });
    expect(preview.value.totals).toEqual({
      value: 12_000,
      restockingFee: 1_500,
      restockingFlatFee: 124,
      returnShippingFee: 299,
      refund: 10_077,
      storeCredit: 0,
      exchangeApplied: 0,
      shippingRefund: 0,
      exchangeBalanceDue: 0,
      payout: 10_077,
    });
  });

  it("GIVEN the second jacket after the first WHEN previewed THEN the odd cent and the rest of each fee come with it", () => {
    const after = run(ready, { type: "resolve", at: at(26), resolutionId: "r1", lines: [{ lineId: JACKETS, quantity: 1 }] });
    const preview = previewResolution(after, [{ lineId: JACKETS, quantity: 1 }]);
    expect(preview.ok && preview.value.totals).toMatchObject({ value: 12_001, restockingFee: 1_500, restockingFlatFee: 126, returnShippingFee: 300, refund: 10_075 });
  });

  it("GIVEN more than was inspected WHEN previewed THEN it is refused as resolve would refuse it", () => {
    expect(previewResolution(ready, [{ lineId: JACKETS, quantity: 3 }])).toEqual({
      ok: false,
      error: { code: "TOO_MANY", message: "Cannot resolve more items than were inspected" },
    });
  });
});

describe("quoteReturn: the portal's review step", () => {
  const quote = (...args: Parameters<typeof quoteReturn>) => {
    const result = quoteReturn(...args);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value.amounts;
  };

  it("GIVEN two jackets too small with a 10 % restocking fee and $5.99 return shipping WHEN quoted THEN every amount is shown", () => {
    const amounts = quote(
      anOrder(),
      aPolicy({ restockingFee: { percent: 10 }, returnShippingFee: { amount: 599 } }),
      aRequest({ lines: [{ lineId: JACKETS, quantity: 2, reason: "SIZE_TOO_SMALL", resolution: "refund" }] }),
      aContext(),
    );
    expect(amounts.totals).toEqual({
      value: 24_000,
      restockingFee: 2_400,
      restockingFlatFee: 0,
      returnShippingFee: 599,
      refund: 21_001,
      storeCredit: 0,
      exchangeApplied: 0,
      shippingRefund: 0,
      exchangeBalanceDue: 0,
      payout: 21_001,
    });
    expect(amounts.lines).toEqual([
      {
        lineId: JACKETS,
        quantity: 2,
        missing: false,
        method: "refund",
        value: 24_000,
        restockingFeeBps: 1_000,
        restockingFee: 2_400,
        restockingFlatFee: 0,
        returnShippingFee: 599,
        refund: 21_001,
        storeCredit: 0,
        exchangeApplied: 0,
        dispositions: [],
      },
    ]);
  });

  it("GIVEN a JPY order of three ¥1,001 items with a 12.5 % fee WHEN two are quoted THEN the amounts are whole yen", () => {
    const order = anOrder({ currencyCode: "JPY", lines: [aLine({ quantity: 3, discountedTotal: 3_003 })], shipping: { paid: 500, refunded: 0 } });
    const amounts = quote(
      order,
      aPolicy({ currencyCode: "JPY", restockingFee: { percent: 12.5 } }),
      aRequest({ lines: [{ lineId: JACKETS, quantity: 2, reason: "STYLE", resolution: "store_credit" }] }),
      aContext(),
    );
    expect(amounts.totals).toMatchObject({ value: 2_002, restockingFee: 250, storeCredit: 1_752, payout: 1_752 });
  });

  it("GIVEN taxes charged on top WHEN quoted THEN the refund includes the tax paid", () => {
    const order = anOrder({ taxesIncluded: false, lines: [aLine({ quantity: 1, discountedTotal: 10_000, tax: 887 })] });
    const amounts = quote(order, aPolicy(), aRequest({ lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }), aContext());
    expect(amounts.totals).toMatchObject({ value: 10_887, refund: 10_887 });
  });

  it("GIVEN a 100 %-discount gift beside a paid cap WHEN both are quoted THEN the gift is worth nothing and pays no fee", () => {
    const order = anOrder({ lines: [aLine({ quantity: 1, discountedTotal: 0 }), CAP] });
    const amounts = quote(
      order,
      aPolicy({ restockingFee: { percent: 20 } }),
      aRequest({
        lines: [
          { lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" },
          { lineId: CAP.id, quantity: 1, reason: "UNWANTED", resolution: "refund" },
        ],
      }),
      aContext(),
    );
    expect(amounts.lines.map((line) => [line.value, line.restockingFee, line.refund])).toEqual([
      [0, 0, 0],
      [2_500, 500, 2_000],
    ]);
  });

  it.each<[string, string, Partial<ResolutionTotals>]>([
    ["a dearer size (customer pays the difference)", "gid://shopify/ProductVariant/13", { value: 12_000, exchangeApplied: 12_000, exchangeBalanceDue: 1_500, payout: 0 }],
    ["a cheaper product (the rest as store credit)", "gid://shopify/ProductVariant/31", { value: 12_000, exchangeApplied: 9_000, storeCredit: 3_000, exchangeBalanceDue: 0, payout: 3_000 }],
  ])("GIVEN an exchange for %s WHEN quoted THEN the difference shows", (_, variantId, totals) => {
    const amounts = quote(
      anOrder(),
      aPolicy({ returnShippingFee: { amount: 599 } }),
      aRequest({
        lines: [{ lineId: JACKETS, quantity: 1, reason: "SIZE_TOO_SMALL", resolution: "exchange" }],
        replacements: [{ variantId, quantity: 1, locationId: WAREHOUSE }],
      }),
      aContext({ offers: OFFERS }),
    );
    expect(amounts.totals).toMatchObject({ ...totals, returnShippingFee: 0 });
  });

  it("GIVEN an ineligible line in a request that skipped the portal WHEN quoted THEN no amounts, only the reason", () => {
    const result = quoteReturn(
      anOrder({ lines: [aLine({ productTags: ["final-sale"] })] }),
      aPolicy(),
      aRequest({ lines: [{ lineId: JACKETS, quantity: 1, reason: "UNWANTED", resolution: "refund" }] }),
      aContext(),
    );
    expect(result).toEqual({ ok: false, error: [{ path: "lines.0.lineId", message: "This item was sold as final sale, so it cannot be returned." }] });
  });
});

describe("the quote is what the return pays in the end", () => {
  it("GIVEN any values, fees and batches WHEN every unit arrives, in any order, and is resolved in parts THEN the parts add up to the quote", () => {
    const line = fc.record({
      quantity: fc.integer({ min: 1, max: 4 }),
      amount: fc.integer({ min: 0, max: 100_000 }),
      bps: fc.constantFrom(0, 1_000, 1_250, 3_333, 10_000),
      method: fc.constantFrom("refund" as const, "store_credit" as const, "exchange" as const),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 12 }),
        (lines, flat, shipping, replacementPrice, shippingRefund, batches) => {
          const wantsExchange = lines.some((entry) => entry.method === "exchange");
          let state: ReturnState = opened({
            lines: lines.map((entry, index) =>
              aReturnLine({
                id: `line-${index}`,
                quantity: entry.quantity,
                returnable: entry.quantity,
                value: { units: entry.quantity, amount: entry.amount },
                restockingFeeApplies: entry.bps > 0,
                restockingFeeBps: entry.bps,
                resolution: entry.method,
              }),
            ),
            exchange: wantsExchange ? { items: [{ variantId: "v", productId: "p", title: "R", quantity: 1, unitPrice: replacementPrice, locationId: WAREHOUSE }], instant: false, instantRefusals: [] } : null,
            terms: { restockingFlatFee: flat, returnShippingFee: shipping, originalShippingRefund: shippingRefund, exchangeRemainderTo: "refund" },
          });
          const quoted = priceOutstanding(state).totals;
          state = run(state, { type: "approve", at: at(21) });
          let batch = 0;
          for (;;) {
            const pendingLines = state.lines.filter((entry) => entry.resolvedInspected < entry.approved);
            if (pendingLines.length === 0) break;
            const [pick, size] = batches[batch++ % batches.length];
            const pending = pendingLines[pick % pendingLines.length];
            const quantity = Math.min(size, pending.approved - pending.resolvedInspected);
            const steps: ReturnCommand[] = [
              { type: "receive", at: at(24), lines: [{ lineId: pending.id, quantity }] },
              { type: "inspect", at: at(25), items: [{ lineId: pending.id, quantity, disposition: "restock", locationId: WAREHOUSE }] },
              { type: "resolve", at: at(26), resolutionId: `r${batch}`, lines: [{ lineId: pending.id, quantity }] },
            ];
            state = run(state, ...steps);
          }
          const sums = (key: keyof ResolutionTotals) => state.resolutions.reduce((total, resolution) => total + resolution.totals[key], 0);
          for (const key of ["value", "restockingFee", "restockingFlatFee", "returnShippingFee", "refund", "storeCredit", "exchangeApplied", "shippingRefund", "payout"] as const) {
            expect(sums(key), key).toBe(quoted[key]);
          }
          expect(state.resolutions.at(-1)!.totals.exchangeBalanceDue).toBe(quoted.exchangeBalanceDue);
        },
      ),
      { numRuns: 300 },
    );
  });
});
