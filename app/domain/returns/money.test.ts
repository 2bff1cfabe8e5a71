import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basisPointsOf, formatMoney, fromDecimalAmount, minorDigits, shareOf, toDecimalAmount } from "./money";

describe("minor units and Shopify's decimal amounts", () => {
  it.each([
    ["USD", 1999, "19.99"],
    ["USD", 5, "0.05"],
    ["USD", 0, "0.00"],
    ["USD", -250, "-2.50"],
    ["JPY", 1999, "1999"],
    ["KWD", 12345, "12.345"],
  ])("GIVEN %s %i minor units WHEN written for MoneyInput THEN it reads %s", (currency, minor, text) => {
    expect(toDecimalAmount(minor, currency)).toBe(text);
    expect(fromDecimalAmount(text, currency)).toBe(minor);
  });

  it("GIVEN trailing zeros beyond the currency's digits WHEN read THEN they are accepted", () => {
    expect(fromDecimalAmount("19.900", "USD")).toBe(1990);
    expect(fromDecimalAmount("1500.0", "JPY")).toBe(1500);
    expect(fromDecimalAmount("-0.00", "USD")).toBe(0);
  });

  it.each([
    ["19.999", "USD"],
    ["12.5", "JPY"],
    ["12,50", "EUR"],
    ["", "USD"],
  ])("GIVEN %j in %s WHEN read THEN it is refused rather than rounded", (text, currency) => {
    expect(() => fromDecimalAmount(text, currency)).toThrow(RangeError);
  });

  it("GIVEN a fractional amount WHEN written THEN it is refused", () => {
    expect(() => toDecimalAmount(1.5, "USD")).toThrow(RangeError);
  });

  it("GIVEN currencies WHEN asked their minor digits THEN ISO 4217's answer comes back", () => {
    expect([minorDigits("USD"), minorDigits("JPY"), minorDigits("KWD"), minorDigits("EUR")]).toEqual([2, 0, 3, 2]);
  });

  it("GIVEN amounts WHEN formatted THEN the currency's own decimals show", () => {
    expect(formatMoney(1999, "USD")).toBe("$19.99");
    expect(formatMoney(1999, "JPY")).toBe("¥1,999");
  });
});

describe("shareOf", () => {
  it.each([
    [1000, 1, 3, 333],
    [1000, 2, 3, 666],
    [1000, 3, 3, 1000],
    [1, 1, 2, 0],
    [0, 1, 1, 0],
    [500, 0, 2, 0],
    [500, 1, 0, 0],
    [500, 5, 2, 500],
  ])("GIVEN %i over %i of %i units THEN the share is %i", (total, part, whole, share) => {
    expect(shareOf(total, part, whole)).toBe(share);
  });

  it("GIVEN amounts too big for exact float multiplication THEN the share is still exact", () => {
    expect(shareOf(9_000_000_000_000_000, 2, 3)).toBe(6_000_000_000_000_000);
  });

  it("GIVEN any split of the units into consecutive parts THEN the parts' shares add up to the whole share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 20 }), (total, whole, steps) => {
        let done = 0;
        let sum = 0;
        for (const step of steps) {
          const next = Math.min(whole, done + step);
          sum += shareOf(total, next, whole) - shareOf(total, done, whole);
          done = next;
        }
        expect(sum).toBe(shareOf(total, done, whole));
        expect(sum).toBeLessThanOrEqual(total);
      }),
    );
  });
});

describe("basisPointsOf", () => {
  it.each([
    [1000, 1500, 150],
    [333, 1000, 33],
    [335, 1000, 34],
    [5, 1000, 1],
    [4, 1000, 0],
    [1999, 10_000, 1999],
    [0, 2000, 0],
    [1000, 0, 0],
  ])("GIVEN %i at %i bps THEN the fee is %i (half up)", (amount, bps, fee) => {
    expect(basisPointsOf(amount, bps)).toBe(fee);
  });

  it("GIVEN a huge amount THEN the fee is still exact", () => {
    expect(basisPointsOf(9_000_000_000_000_001, 5_000)).toBe(4_500_000_000_000_001);
  });
});
