import { describe, expect, it } from "vitest";
import { aLine, anOpenInput, anOrder, aReturnLine, at, opened, run, WAREHOUSE } from "./fixtures";
import { lineValue } from "./policy";
import { applyReturnCommand, openReturn, returnStatus, type ReturnCommand, type ReturnState, type ReturnStatus } from "./return-model";

const JACKETS = "gid://shopify/FulfillmentLineItem/1";
const CAPS = "gid://shopify/FulfillmentLineItem/2";

const approve = (lines?: { lineId: string; quantity: number }[]): ReturnCommand => ({ type: "approve", at: at(21), ...(lines ? { lines } : {}) });
const receive = (lineId: string, quantity: number, shipmentId: string | null = null): ReturnCommand => ({ type: "receive", at: at(24), lines: [{ lineId, quantity }], shipmentId });
const restock = (lineId: string, quantity: number): ReturnCommand => ({ type: "inspect", at: at(25), items: [{ lineId, quantity, disposition: "restock", locationId: WAREHOUSE }] });
const resolveLines = (resolutionId: string, ...lines: { lineId: string; quantity: number; method?: "refund" | "store_credit" | "exchange"; missing?: boolean }[]): ReturnCommand => ({
  type: "resolve",
  at: at(26),
  resolutionId,
  lines,
});

/** Expects the command to be refused with this message and to leave the state as it was. */
function expectRefused(state: ReturnState, command: ReturnCommand, message: string | RegExp) {
  const before = structuredClone(state);
  const result = applyReturnCommand(state, command);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.message).toMatch(message);
  expect(state).toEqual(before);
}

describe("a return's status follows its quantities", () => {
  it("GIVEN a return of two jackets WHEN it goes through pickup, two parcels, inspection and refund THEN each step reads the right status", () => {
    const steps: [ReturnCommand, ReturnStatus][] = [
      [approve(), "approved"],
      [{ type: "schedulePickup", at: at(22), shipmentId: "pickup-1", pickupDate: "2026-10-23", carrier: "UPS", trackingNumber: null, labelUrl: null }, "pickup_scheduled"],
      [{ type: "markInTransit", at: at(23), shipmentId: "pickup-1", trackingNumber: "1Z999" }, "in_transit"],
      [receive(JACKETS, 1, "pickup-1"), "partially_received"],
      [restock(JACKETS, 1), "partially_received"],
      [resolveLines("refund-1", { lineId: JACKETS, quantity: 1 }), "partially_received"],
      [{ type: "markInTransit", at: at(27), shipmentId: "parcel-2", carrier: "USPS", trackingNumber: "9400" }, "partially_received"],
      [receive(JACKETS, 1, "parcel-2"), "received"],
      [{ type: "inspect", at: at(28), items: [{ lineId: JACKETS, quantity: 1, disposition: "damaged", locationId: WAREHOUSE }] }, "inspected"],
      [resolveLines("refund-2", { lineId: JACKETS, quantity: 1 }), "resolved"],
      [{ type: "close", at: at(29) }, "closed"],
    ];
    let state = opened();
    expect(returnStatus(state)).toBe("requested");
    for (const [command, status] of steps) {
      state = run(state, command);
      expect(returnStatus(state), command.type).toBe(status);
    }
    expect(state.events.map((event) => event.message)).toEqual([
      "Return requested for 2 items",
      "Approved 2 items",
      "Pickup scheduled for 2026-10-23 with UPS",
      "Picked up, on its way (tracking 1Z999)",
      "Received 1 item",
      "Inspected: 1 restocked",
      "Resolved 1 item: $120.00 refunded",
      "Sent by the customer, on its way (tracking 9400)",
      "Received 1 item",
      "Inspected: 1 damaged",
      "Resolved 1 item: $120.00 refunded",
      "Return closed",
    ]);
    expect(state.shipments.map((shipment) => [shipment.id, shipment.kind, shipment.status])).toEqual([
      ["pickup-1", "pickup", "delivered"],
      ["parcel-2", "customer_shipped", "delivered"],
    ]);
    expect(state.resolutions.map((resolution) => resolution.lines[0].dispositions)).toEqual([
      [{ type: "RESTOCKED", locationId: WAREHOUSE, quantity: 1 }],
      [{ type: "NOT_RESTOCKED", locationId: WAREHOUSE, quantity: 1 }],
    ]);
  });

  it("GIVEN a request WHEN declined THEN it is declined for good", () => {
    const state = run(opened(), { type: "decline", at: at(21), reason: "FINAL_SALE", message: "  Final-sale items cannot be returned.  " });
    expect(returnStatus(state)).toBe("declined");
    expect(state.decline).toEqual({ reason: "FINAL_SALE", message: "Final-sale items cannot be returned." });
    expectRefused(state, approve(), "Cannot approve a return that is declined");
    expectRefused(state, { type: "cancel", at: at(22) }, "Cannot cancel a return that is declined");
    expectRefused(state, { type: "close", at: at(22) }, "Cannot close a return that is declined");
  });

  it("GIVEN every approved unit marked missing WHEN nothing is refunded THEN it is resolved and can close", () => {
    const state = run(opened(), approve(), { type: "inspect", at: at(30), items: [{ lineId: JACKETS, quantity: 2, disposition: "missing", locationId: null }] });
    expect(returnStatus(state)).toBe("resolved");
    expect(returnStatus(run(state, { type: "close", at: at(31) }))).toBe("closed");
  });

  it("GIVEN one unit received and one missing WHEN the merchant refunds the missing one anyway THEN the resolution says MISSING for Shopify", () => {
    const state = run(
      opened(),
      approve(),
      receive(JACKETS, 1),
      { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 1, disposition: "needs_qc", locationId: WAREHOUSE }, { lineId: JACKETS, quantity: 1, disposition: "missing", locationId: null }] },
      resolveLines("r1", { lineId: JACKETS, quantity: 1, missing: true }),
    );
    expect(returnStatus(state)).toBe("inspected");
    expect(state.resolutions[0].lines[0]).toMatchObject({ missing: true, refund: 12_000, dispositions: [{ type: "MISSING", locationId: null, quantity: 1 }] });
    const done = run(state, resolveLines("r2", { lineId: JACKETS, quantity: 1 }));
    expect(returnStatus(done)).toBe("resolved");
    expect(done.resolutions[1].lines[0].dispositions).toEqual([{ type: "PROCESSING_REQUIRED", locationId: WAREHOUSE, quantity: 1 }]);
  });
});

describe("commands that do not fit are refused and change nothing", () => {
  const approved = run(opened(), approve([{ lineId: JACKETS, quantity: 1 }]));

  it.each<[string, ReturnState, ReturnCommand, string | RegExp]>([
    ["receiving more than approved", approved, receive(JACKETS, 2), "Cannot receive more items than were approved"],
    ["receiving before approval", opened(), receive(JACKETS, 1), "Cannot receive items for a return that is requested"],
    ["approving more than requested", opened(), approve([{ lineId: JACKETS, quantity: 3 }]), "Cannot approve more items than were requested"],
    ["approving nothing", opened(), approve([{ lineId: JACKETS, quantity: 0 }]), "Approve at least one item, or decline the return"],
    ["approving a line twice", opened(), approve([{ lineId: JACKETS, quantity: 1 }, { lineId: JACKETS, quantity: 1 }]), /listed twice/],
    ["approving twice", approved, approve(), "Cannot approve a return that is approved"],
    ["declining without a message", opened(), { type: "decline", at: at(21), reason: "OTHER", message: " " }, "Tell the customer why the return is declined"],
    ["an unknown line", approved, receive(CAPS, 1), `Item ${CAPS} is not part of this return`],
    ["a zero quantity", approved, receive(JACKETS, 0), /at least 1/],
    ["a fractional quantity", approved, receive(JACKETS, 0.5), /whole numbers/],
    ["an unknown shipment", approved, receive(JACKETS, 1, "nope"), "Shipment nope is not part of this return"],
    ["inspecting more than received", run(approved, receive(JACKETS, 1)), { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 2, disposition: "damaged", locationId: null }] }, "Cannot inspect more items than were received"],
    ["restocking without a location", run(approved, receive(JACKETS, 1)), { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 1, disposition: "restock", locationId: null }] }, "Choose the location to restock to"],
    ["marking more missing than expected", approved, { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 2, disposition: "missing", locationId: null }] }, "Cannot mark more items missing than are still expected"],
    ["resolving uninspected items", run(approved, receive(JACKETS, 1)), resolveLines("r1", { lineId: JACKETS, quantity: 1 }), "Cannot resolve more items than were inspected"],
    ["resolving missing items that are not missing", run(approved, receive(JACKETS, 1), restock(JACKETS, 1)), resolveLines("r1", { lineId: JACKETS, quantity: 1, missing: true }), "Cannot resolve more missing items than were marked missing"],
    ["exchanging without a replacement", run(approved, receive(JACKETS, 1), restock(JACKETS, 1)), resolveLines("r1", { lineId: JACKETS, quantity: 1, method: "exchange" }), "This return has no replacement to exchange for"],
    ["applying a resolution twice", run(approved, receive(JACKETS, 1), restock(JACKETS, 1), resolveLines("r1", { lineId: JACKETS, quantity: 1 })), resolveLines("r1", { lineId: JACKETS, quantity: 1 }), "Resolution r1 was already applied"],
    ["closing before everything is resolved", run(approved, receive(JACKETS, 1)), { type: "close", at: at(30) }, /Cannot close the return until every item is accounted for/],
    ["cancelling after items arrived", run(approved, receive(JACKETS, 1)), { type: "cancel", at: at(30) }, "Cannot cancel a return that is received"],
    ["scheduling a pickup when everything arrived", run(approved, receive(JACKETS, 1)), { type: "schedulePickup", at: at(30), shipmentId: "p", pickupDate: "2026-10-31", carrier: null, trackingNumber: null, labelUrl: null }, "Every approved item has already arrived or been marked missing"],
    ["a shipment id used twice", run(approved, { type: "schedulePickup", at: at(22), shipmentId: "p", pickupDate: "2026-10-23", carrier: null, trackingNumber: null, labelUrl: null }), { type: "schedulePickup", at: at(22), shipmentId: "p", pickupDate: "2026-10-24", carrier: null, trackingNumber: null, labelUrl: null }, "Shipment p already exists"],
    ["a parcel already on its way", run(approved, { type: "markInTransit", at: at(22), shipmentId: "p" }), { type: "markInTransit", at: at(23), shipmentId: "p" }, "Shipment p is already in transit"],
    ["a command without a time", approved, { type: "close", at: "" }, "A command needs the time it happened"],
  ])("GIVEN %s THEN it is refused", (_, state, command, message) => {
    expectRefused(state, command, message);
  });

  it("GIVEN a closed return WHEN anything else comes in THEN it is refused", () => {
    const closed = run(opened(), approve(), { type: "inspect", at: at(30), items: [{ lineId: JACKETS, quantity: 2, disposition: "missing", locationId: null }] }, { type: "close", at: at(31) });
    expectRefused(closed, receive(JACKETS, 1), "Cannot receive items for a return that is closed");
    expectRefused(closed, { type: "cancel", at: at(31) }, "Cannot cancel a return that is closed");
    expectRefused(closed, { type: "close", at: at(31) }, "Cannot close a return that is closed");
  });

  it("GIVEN an approved instant exchange WHEN cancelled THEN it is refused: the replacement is out", () => {
    const state = run(
      opened({
        lines: [aReturnLine({ resolution: "exchange" })],
        exchange: { items: [{ variantId: "v", productId: "p", title: "L", quantity: 1, unitPrice: 12_000, locationId: WAREHOUSE }], instant: true, instantRefusals: [] },
      }),
      approve(),
    );
    expect(state.events.at(-1)?.message).toBe("Approved 2 items; the replacement can ship now");
    expectRefused(state, { type: "cancel", at: at(22) }, "Cannot cancel: the replacement was released when the return was approved");
  });

  it("GIVEN an approved return awaiting pickup WHEN cancelled THEN it is cancelled", () => {
    const state = run(opened(), approve(), { type: "cancel", at: at(22) });
    expect(returnStatus(state)).toBe("cancelled");
    expect(state.events.at(-1)).toEqual({ type: "cancelled", at: at(22), message: "Return cancelled" });
  });
});

describe("openReturn", () => {
  it.each<[string, Parameters<typeof anOpenInput>[0], string | RegExp]>([
    ["more than the order has left", { lines: [aReturnLine({ quantity: 3, returnable: 2 })] }, "Cannot request more items than were ordered and not yet returned"],
    ["nothing", { lines: [] }, "A return needs at least one item"],
    ["a line twice", { lines: [aReturnLine(), aReturnLine()] }, "Trailhead Rain Jacket — M is listed twice"],
    ["a fractional amount", { lines: [aReturnLine({ value: { units: 2, amount: 100.5 } })] }, /whole numbers/],
    ["an exchange without a replacement", { lines: [aReturnLine({ resolution: "exchange" })] }, "An exchange needs a replacement"],
    ["a restocking fee above 100 %", { lines: [aReturnLine({ restockingFeeBps: 10_001 })] }, /0–100 %/],
  ])("GIVEN a request for %s WHEN opened THEN it is refused", (_, input, message) => {
    const result = openReturn(anOpenInput(input));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it("GIVEN a request waiting for review WHEN opened THEN the timeline says why", () => {
    const state = opened({ review: { autoApprove: false, reasons: ["Worth US$240.00, above the US$200.00 limit"] } });
    expect(state.events).toEqual([
      { type: "requested", at: "2026-10-20T12:00:00Z", message: "Return requested for 2 items — needs review: Worth US$240.00, above the US$200.00 limit", lines: [{ lineId: JACKETS, quantity: 2 }] },
    ]);
  });
});

/** Receives, restocks and resolves `quantities` one batch after another, returning each resolution's line amounts. */
function resolveInBatches(state: ReturnState, lineId: string, quantities: number[]) {
  let current = run(state, approve());
  quantities.forEach((quantity, index) => {
    current = run(current, receive(lineId, quantity), restock(lineId, quantity), resolveLines(`r${index}`, { lineId, quantity }));
  });
  return current;
}

describe("money: what each resolution pays", () => {
  it("GIVEN three units worth $10.00 WHEN resolved one at a time THEN the odd cent lands on the last, and the sum is exact", () => {
    const state = resolveInBatches(opened({ lines: [aReturnLine({ quantity: 3, returnable: 3, value: { units: 3, amount: 1_000 } })] }), JACKETS, [1, 1, 1]);
    expect(state.resolutions.map((resolution) => resolution.totals.refund)).toEqual([333, 333, 334]);
    expect(state.lines[0].money.refund).toBe(1_000);
  });

  it("GIVEN the same three units WHEN resolved 2 + 1 or all at once THEN the total is the same", () => {
    const line = aReturnLine({ quantity: 3, returnable: 3, value: { units: 3, amount: 1_000 } });
    expect(resolveInBatches(opened({ lines: [line] }), JACKETS, [2, 1]).resolutions.map((resolution) => resolution.totals.refund)).toEqual([666, 334]);
    expect(resolveInBatches(opened({ lines: [line] }), JACKETS, [3]).resolutions[0].totals.refund).toBe(1_000);
  });

  it("GIVEN ¥1,000 for three units and a 15 % restocking fee WHEN resolved one at a time THEN whole yen, and fees sum to 15 % of the total", () => {
    const state = resolveInBatches(
      opened({ currencyCode: "JPY", lines: [aReturnLine({ quantity: 3, returnable: 3, value: { units: 3, amount: 1_000 }, restockingFeeApplies: true, restockingFeeBps: 1_500 })] }),
      JACKETS,
      [1, 1, 1],
    );
    expect(state.resolutions.map((resolution) => [resolution.totals.value, resolution.totals.restockingFee, resolution.totals.refund])).toEqual([
      [333, 50, 283],
      [333, 50, 283],
      [334, 50, 284],
    ]);
    expect(state.events.at(-1)?.message).toBe("Resolved 1 item: ¥284 refunded, ¥50 in fees");
  });

  it("GIVEN a zero-price line and a 100 %-discount line WHEN resolved with fees due THEN nothing is paid and no fee is charged", () => {
    const state = resolveInBatches(
      opened({
        lines: [aReturnLine({ value: { units: 2, amount: 0 }, restockingFeeApplies: true, restockingFeeBps: 2_000 })],
        terms: { restockingFlatFee: 500, returnShippingFee: 700, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
      }),
      JACKETS,
      [2],
    );
    expect(state.resolutions[0].totals).toMatchObject({ value: 0, restockingFee: 0, restockingFlatFee: 0, returnShippingFee: 0, refund: 0, payout: 0 });
    expect(state.charged).toEqual({ restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 0, exchangeApplied: 0 });
  });

  it("GIVEN flat fees WHEN the units are resolved one by one THEN each unit carries its share by value", () => {
    const state = resolveInBatches(
      opened({
        lines: [aReturnLine({ value: { units: 2, amount: 1_000 }, restockingFeeApplies: true, restockingFeeBps: 1_000 })],
        terms: { restockingFlatFee: 300, returnShippingFee: 400, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
      }),
      JACKETS,
      [1, 1],
    );
    expect(state.resolutions.map((resolution) => resolution.lines[0])).toMatchObject([
      { value: 500, restockingFee: 50, restockingFlatFee: 150, returnShippingFee: 200, refund: 100 },
      { value: 500, restockingFee: 50, restockingFlatFee: 150, returnShippingFee: 200, refund: 100 },
    ]);
  });

  it("GIVEN fees larger than the items are worth WHEN resolved THEN they stop at the value and the customer owes nothing", () => {
    const state = resolveInBatches(
      opened({
        lines: [aReturnLine({ value: { units: 2, amount: 1_000 }, restockingFeeApplies: true, restockingFeeBps: 1_000 })],
        terms: { restockingFlatFee: 2_000, returnShippingFee: 2_000, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
      }),
      JACKETS,
      [1, 1],
    );
    expect(state.lines[0].money).toEqual({ value: 1_000, restockingFee: 100, restockingFlatFee: 900, returnShippingFee: 0, refund: 0, storeCredit: 0, exchangeApplied: 0 });
  });

  it("GIVEN two lines and a return-shipping fee WHEN they arrive in either order THEN each line pays the same share", () => {
    const twoLines = () =>
      run(
        opened({
          lines: [aReturnLine({ quantity: 1 }), aReturnLine({ id: CAPS, title: "Ridge Cap", quantity: 1, returnable: 1, value: { units: 1, amount: 2_500 }, resolution: "exchange" })],
          exchange: { items: [{ variantId: "v", productId: "p", title: "Cap", quantity: 1, unitPrice: 2_500, locationId: WAREHOUSE }], instant: false, instantRefusals: [] },
          terms: { restockingFlatFee: 0, returnShippingFee: 599, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
        }),
        approve(),
      );
    const arrive = (state: ReturnState, lineId: string, id: string) => run(state, receive(lineId, 1), restock(lineId, 1), resolveLines(id, { lineId, quantity: 1 }));
    const jacketsFirst = arrive(arrive(twoLines(), JACKETS, "a"), CAPS, "b");
    const capsFirst = arrive(arrive(twoLines(), CAPS, "a"), JACKETS, "b");
    expect(jacketsFirst.lines.map((line) => line.money)).toEqual(capsFirst.lines.map((line) => line.money));
    expect(jacketsFirst.lines.map((line) => line.money.returnShippingFee)).toEqual([495, 104]);
    expect(capsFirst.resolutions.at(-1)?.totals.exchangeBalanceDue).toBe(104);
  });

  it("GIVEN a return for two lines where only one pays restocking WHEN the flat fee is taken THEN it comes from that line only", () => {
    const state = run(
      opened({
        lines: [
          aReturnLine({ reason: "DEFECTIVE", merchantFault: true, quantity: 1, returnable: 2 }),
          aReturnLine({ id: CAPS, title: "Ridge Cap", quantity: 1, returnable: 1, value: { units: 1, amount: 2_500 }, restockingFeeApplies: true }),
        ],
        terms: { restockingFlatFee: 300, returnShippingFee: 0, originalShippingRefund: 0, exchangeRemainderTo: "refund" },
      }),
      approve(),
      { type: "receive", at: at(24), lines: [{ lineId: JACKETS, quantity: 1 }, { lineId: CAPS, quantity: 1 }] },
      { type: "inspect", at: at(25), items: [{ lineId: JACKETS, quantity: 1, disposition: "damaged", locationId: null }, { lineId: CAPS, quantity: 1, disposition: "restock", locationId: WAREHOUSE }] },
      resolveLines("r1", { lineId: JACKETS, quantity: 1 }, { lineId: CAPS, quantity: 1, method: "store_credit" }),
    );
    expect(state.resolutions[0].lines.map((line) => [line.lineId, line.restockingFlatFee, line.refund, line.storeCredit])).toEqual([
      [JACKETS, 0, 12_000, 0],
      [CAPS, 300, 0, 2_200],
    ]);
    expect(state.resolutions[0].lines[0].dispositions).toEqual([{ type: "NOT_RESTOCKED", locationId: null, quantity: 1 }]);
  });

  it("GIVEN two returns on one order WHEN the second values its units after the first's refund THEN the order's line is refunded exactly once", () => {
    const line = aLine({ quantity: 3, discountedTotal: 10_000 });
    const first = resolveInBatches(
      opened({ lines: [aReturnLine({ quantity: 1, returnable: 3, value: lineValue(anOrder(), line) })] }),
      JACKETS,
      [1],
    );
    expect(first.lines[0].money.refund).toBe(3_333);
    const afterFirst = aLine({ ...line, returnedQuantity: 1, refunded: { quantity: 1, amount: 3_333 } });
    const secondValue = lineValue(anOrder(), afterFirst);
    expect(secondValue).toEqual({ units: 2, amount: 6_667 });
    const second = resolveInBatches(opened({ id: "return-2", lines: [aReturnLine({ quantity: 2, returnable: 2, value: secondValue })] }), JACKETS, [1, 1]);
    expect(second.resolutions.map((resolution) => resolution.totals.refund)).toEqual([3_333, 3_334]);
    expect(first.lines[0].money.refund + second.lines[0].money.refund).toBe(10_000);
  });

  it("GIVEN a later return asks for more than is left after an earlier one THEN it cannot be opened", () => {
    const result = openReturn(anOpenInput({ lines: [aReturnLine({ quantity: 2, returnable: 1 })] }));
    expect(result).toMatchObject({ ok: false, error: { code: "TOO_MANY" } });
  });

  it("GIVEN a partial approval of a merchant-fault return of the whole order WHEN resolved THEN the order's shipping is not given back", () => {
    const terms = { restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 900, exchangeRemainderTo: "refund" as const };
    const partial = run(opened({ terms }), approve([{ lineId: JACKETS, quantity: 1 }]), receive(JACKETS, 1), restock(JACKETS, 1), resolveLines("r1", { lineId: JACKETS, quantity: 1 }));
    expect(partial.resolutions[0].totals.shippingRefund).toBe(0);
    const whole = resolveInBatches(opened({ terms }), JACKETS, [1, 1]);
    expect(whole.resolutions.map((resolution) => [resolution.totals.shippingRefund, resolution.totals.payout])).toEqual([
      [900, 12_900],
      [0, 12_000],
    ]);
    expect(whole.charged.originalShippingRefund).toBe(900);
  });
});

describe("money: exchanges", () => {
  const replacement = (unitPrice: number) => ({ items: [{ variantId: "gid://shopify/ProductVariant/12", productId: "gid://shopify/Product/10", title: "L", quantity: 1, unitPrice, locationId: WAREHOUSE }], instant: false, instantRefusals: [] });
  const exchangeReturn = (unitPrice: number, remainderTo: "refund" | "store_credit") =>
    opened({
      lines: [aReturnLine({ quantity: 1, resolution: "exchange" })],
      exchange: replacement(unitPrice),
      terms: { restockingFlatFee: 0, returnShippingFee: 0, originalShippingRefund: 0, exchangeRemainderTo: remainderTo },
    });

  it.each<[string, number, "refund" | "store_credit", { exchangeApplied: number; refund: number; storeCredit: number; exchangeBalanceDue: number }]>([
    ["a dearer replacement", 13_500, "refund", { exchangeApplied: 12_000, refund: 0, storeCredit: 0, exchangeBalanceDue: 1_500 }],
    ["a cheaper replacement, rest as store credit", 9_000, "store_credit", { exchangeApplied: 9_000, refund: 0, storeCredit: 3_000, exchangeBalanceDue: 0 }],
    ["a cheaper replacement, rest refunded", 9_000, "refund", { exchangeApplied: 9_000, refund: 3_000, storeCredit: 0, exchangeBalanceDue: 0 }],
    ["the same price", 12_000, "refund", { exchangeApplied: 12_000, refund: 0, storeCredit: 0, exchangeBalanceDue: 0 }],
  ])("GIVEN %s WHEN the returned jacket is resolved THEN the difference goes the right way", (_, unitPrice, remainderTo, totals) => {
    const state = run(exchangeReturn(unitPrice, remainderTo), approve(), receive(JACKETS, 1), restock(JACKETS, 1), resolveLines("r1", { lineId: JACKETS, quantity: 1 }));
    expect(state.resolutions[0].totals).toMatchObject(totals);
    expect(state.charged.exchangeApplied).toBe(totals.exchangeApplied);
  });

  it("GIVEN an exchange the merchant cannot fill WHEN resolved as a refund instead THEN the replacement stays unpaid and the money is refunded", () => {
    const state = run(exchangeReturn(9_000, "store_credit"), approve(), receive(JACKETS, 1), restock(JACKETS, 1), resolveLines("r1", { lineId: JACKETS, quantity: 1, method: "refund" }));
    expect(state.resolutions[0].totals).toMatchObject({ refund: 12_000, exchangeApplied: 0, exchangeBalanceDue: 9_000, payout: 12_000 });
  });
});
