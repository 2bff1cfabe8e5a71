import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testFulfillmentOrder, testLine } from "./fixtures";
import { applyScan, checkCounts, packProgress, UNSCANNABLE_PREFIX, type PackCounts } from "./pack-check";

const { lines } = testFulfillmentOrder();
const JACKET = lines[0].id;
const SOCKS = lines[1].id;

function scanAll(codes: string[], start: PackCounts = {}) {
  let counts = start;
  const outcomes = codes.map((code) => {
    const outcome = applyScan(lines, counts, code);
    if (outcome.kind === "packed") counts = outcome.counts;
    return outcome;
  });
  return { counts, outcomes };
}

describe("GIVEN an order of one jacket (TRJ-M) and two socks (AWS-M)", () => {
  it("WHEN each unit is scanned by SKU or barcode THEN the parcel is complete after the last", () => {
    const { counts, outcomes } = scanAll(["TRJ-M", "0840000002", "aws-m"]);
    expect(outcomes.map((o) => o.kind)).toEqual(["packed", "packed", "packed"]);
    expect(outcomes.map((o) => o.kind === "packed" && o.complete)).toEqual([false, false, true]);
    expect(counts).toEqual({ [JACKET]: 1, [SOCKS]: 2 });
    expect(packProgress(lines, counts)).toMatchObject({ packed: 3, total: 3, complete: true });
  });

  it("WHEN a SKU that is not in the order is scanned THEN it is refused, says what is still to pack and changes nothing", () => {
    const outcome = applyScan(lines, { [JACKET]: 1 }, " SDV-L ");
    expect(outcome).toEqual({
      kind: "wrong_item",
      code: "SDV-L",
      expected: "AWS-M ×2",
      message: "SDV-L is not in this order. Put it back; still to pack: AWS-M ×2.",
    });
  });

  it("WHEN the jacket is scanned twice THEN the second scan is refused as one too many", () => {
    const { outcomes, counts } = scanAll(["TRJ-M", "TRJ-M"]);
    expect(outcomes[1]).toMatchObject({ kind: "over_scan", lineId: JACKET, code: "TRJ-M" });
    expect(outcomes[1].message).toBe("Too many Trailhead Rain Jacket – M: the order holds 1. Take one out.");
    expect(counts).toEqual({ [JACKET]: 1 });
  });

  it("WHEN nothing is typed THEN the bench asks for a scan", () => {
    expect(applyScan(lines, {}, "   ").kind).toBe("empty");
  });
});

describe("GIVEN lines that share a SKU, a partly fulfilled line and a line with neither SKU nor barcode", () => {
  const shared = [
    testLine({ id: "a", sku: "AWS-M", barcode: null, remainingQuantity: 1 }),
    testLine({ id: "b", sku: "AWS-M", barcode: null, remainingQuantity: 1 }),
    testLine({ id: "c", sku: "TRJ-M", totalQuantity: 3, remainingQuantity: 1 }),
    testLine({ id: "d", sku: null, barcode: null, productTitle: "Gift note", variantTitle: null }),
    testLine({ id: "e", sku: "GONE", remainingQuantity: 0 }),
  ];

  it("fills the lines of one SKU in turn, counts only what is left to fulfil, and confirms the unscannable line by its own code", () => {
    let counts: PackCounts = {};
    for (const code of ["AWS-M", "AWS-M", "TRJ-M", `${UNSCANNABLE_PREFIX}d`]) {
      const outcome = applyScan(shared, counts, code);
      expect(outcome.kind).toBe("packed");
      if (outcome.kind === "packed") counts = outcome.counts;
    }
    expect(counts).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    expect(packProgress(shared, counts).complete).toBe(true);
  });

  it("refuses a unit of a line that is already fulfilled and a line code for a scannable line", () => {
    expect(applyScan(shared, {}, "GONE").kind).toBe("wrong_item");
    expect(applyScan(shared, {}, `${UNSCANNABLE_PREFIX}c`).kind).toBe("wrong_item");
  });
});

describe("counts that come back with the form", () => {
  it("are accepted within the order's lines and quantities", () => {
    expect(checkCounts(lines, { [JACKET]: 1, [SOCKS]: 2 })).toEqual({ ok: true });
  });

  it("are refused when they name a line the order does not have or exceed what is left", () => {
    expect(checkCounts(lines, { other: 1 })).toMatchObject({ ok: false });
    expect(checkCounts(lines, { [SOCKS]: 3 })).toMatchObject({ ok: false, message: expect.stringContaining("Alpine Wool Socks") });
  });
});

describe("property: whatever is scanned", () => {
  it("no line is ever counted past what it holds, and the parcel is complete only when every unit was scanned", () => {
    const codes = fc.array(fc.constantFrom("TRJ-M", "AWS-M", "0840000001", "0840000002", "SDV-L", "", "trj-m"), { maxLength: 12 });
    fc.assert(
      fc.property(codes, (sequence) => {
        const { counts } = scanAll(sequence);
        expect(counts[JACKET] ?? 0).toBeLessThanOrEqual(1);
        expect(counts[SOCKS] ?? 0).toBeLessThanOrEqual(2);
        const complete = packProgress(lines, counts).complete;
        expect(complete).toBe((counts[JACKET] ?? 0) === 1 && (counts[SOCKS] ?? 0) === 2);
      }),
    );
  });
});
