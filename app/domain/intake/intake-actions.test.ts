import { describe, expect, it } from "vitest";
import { createFinding } from "./findings";
import { CLASS_TAGS, HOLD_HANDLE, HOLD_TAG, planIntakeActions, releasedOutsideOrderflow, type CurrentFinding, type FulfillmentOrderHolds } from "./intake-actions";

const zip: CurrentFinding = { ...createFinding("ADDRESS_MISSING_POSTAL_CODE", { field: "shippingAddress.zip", message: "No postcode.", suggestion: "Ask." }), status: "open" };
const stock: CurrentFinding = {
  ...createFinding("INVENTORY_LINE_OUT_OF_STOCK", { field: "lineItems[0].quantity", message: "Out of stock.", suggestion: "Restock." }),
  status: "open",
};
const typo: CurrentFinding = { ...createFinding("EMAIL_DOMAIN_TYPO", { field: "email", message: "Typo.", suggestion: "Fix." }), status: "open" };
const e164: CurrentFinding = { ...createFinding("PHONE_NOT_E164", { field: "phone", message: "Not E.164.", suggestion: "Rewrite." }), status: "open" };

const open = (id = "gid://shopify/FulfillmentOrder/1"): FulfillmentOrderHolds => ({ id, status: "OPEN", holds: [] });
const heldBy = (reason: string, id = "gid://shopify/FulfillmentOrder/1"): FulfillmentOrderHolds => ({
  id,
  status: "ON_HOLD",
  holds: [{ id: `gid://shopify/FulfillmentHold/${id.split("/").pop()}`, handle: HOLD_HANDLE, reason }],
});

describe("planIntakeActions", () => {
  it("GIVEN a blocking finding on an open order THEN it holds every open fulfillment order for that reason and tags it", () => {
    const plan = planIntakeActions({ cancelled: false, findings: [zip], fulfillmentOrders: [open(), open("gid://shopify/FulfillmentOrder/2")], tags: ["orderflow:received"] });
    expect(plan).toEqual({
      status: "held",
      hold: {
        reason: "INCORRECT_ADDRESS",
        note: "Held by Orderflow: No postcode.",
        fulfillmentOrderIds: ["gid://shopify/FulfillmentOrder/1", "gid://shopify/FulfillmentOrder/2"],
      },
      release: [],
      tagsAdd: [HOLD_TAG, CLASS_TAGS.customer],
      tagsRemove: [],
      holdReason: "INCORRECT_ADDRESS",
    });
  });

  it("GIVEN the order is already held for that reason and tagged THEN there is nothing to do", () => {
    const plan = planIntakeActions({ cancelled: false, findings: [zip], fulfillmentOrders: [heldBy("INCORRECT_ADDRESS")], tags: [HOLD_TAG, CLASS_TAGS.customer] });
    expect(plan).toMatchObject({ status: "held", hold: null, release: [], tagsAdd: [], tagsRemove: [] });
  });

  it("GIVEN the address was fixed but stock is still out THEN the hold is replaced by one for stock", () => {
    const plan = planIntakeActions({ cancelled: false, findings: [stock], fulfillmentOrders: [heldBy("INCORRECT_ADDRESS")], tags: [HOLD_TAG, CLASS_TAGS.customer] });
    expect(plan.release).toEqual([{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1", holdId: "gid://shopify/FulfillmentHold/1" }]);
    expect(plan.hold).toMatchObject({ reason: "INVENTORY_OUT_OF_STOCK", fulfillmentOrderIds: ["gid://shopify/FulfillmentOrder/1"] });
    expect(plan.tagsAdd).toEqual([CLASS_TAGS.fulfillment]);
    expect(plan.tagsRemove).toEqual([CLASS_TAGS.customer]);
  });

  it("GIVEN every blocking finding is resolved or overridden THEN Orderflow's hold is released and its tags come off", () => {
    const plan = planIntakeActions({
      cancelled: false,
      findings: [{ ...zip, status: "overridden" }],
      fulfillmentOrders: [heldBy("INCORRECT_ADDRESS")],
      tags: ["orderflow:received", HOLD_TAG, CLASS_TAGS.customer],
    });
    expect(plan).toEqual({
      status: "clear",
      hold: null,
      release: [{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1", holdId: "gid://shopify/FulfillmentHold/1" }],
      tagsAdd: [],
      tagsRemove: [HOLD_TAG, CLASS_TAGS.customer],
      holdReason: null,
    });
  });

  it("GIVEN only a warning THEN nothing is held but the order waits for review with its class tag", () => {
    expect(planIntakeActions({ cancelled: false, findings: [typo], fulfillmentOrders: [open()], tags: [] })).toMatchObject({
      status: "review",
      hold: null,
      tagsAdd: [CLASS_TAGS.customer],
    });
  });

  it("GIVEN only an info finding THEN the order is clear and untagged", () => {
    expect(planIntakeActions({ cancelled: false, findings: [e164], fulfillmentOrders: [open()], tags: [] })).toMatchObject({ status: "clear", tagsAdd: [] });
  });

  it("GIVEN a blocking finding but nothing left to hold (fulfilled) THEN the order is for review, not held", () => {
    const plan = planIntakeActions({ cancelled: false, findings: [zip], fulfillmentOrders: [{ id: "gid://shopify/FulfillmentOrder/1", status: "CLOSED", holds: [] }], tags: [] });
    expect(plan).toMatchObject({ status: "review", hold: null, release: [], holdReason: null });
    expect(plan.tagsAdd).toEqual([CLASS_TAGS.customer]);
  });

  it("GIVEN a cancelled order THEN it is cancelled, nothing is held or released and Orderflow's tags come off", () => {
    const plan = planIntakeActions({ cancelled: true, findings: [], fulfillmentOrders: [{ id: "gid://shopify/FulfillmentOrder/1", status: "CANCELLED", holds: [] }], tags: [HOLD_TAG] });
    expect(plan).toEqual({ status: "cancelled", hold: null, release: [], tagsAdd: [], tagsRemove: [HOLD_TAG], holdReason: null });
  });

  it("GIVEN another app's hold THEN Orderflow neither counts nor releases it", () => {
    const foreign: FulfillmentOrderHolds = { id: "gid://shopify/FulfillmentOrder/1", status: "ON_HOLD", holds: [{ id: "gid://shopify/FulfillmentHold/9", handle: "fraud-app", reason: "HIGH_RISK_OF_FRAUD" }] };
    expect(planIntakeActions({ cancelled: false, findings: [], fulfillmentOrders: [foreign], tags: [] })).toMatchObject({ status: "clear", release: [] });
    expect(planIntakeActions({ cancelled: false, findings: [zip], fulfillmentOrders: [foreign], tags: [] }).hold?.fulfillmentOrderIds).toEqual([foreign.id]);
  });
});

describe("releasedOutsideOrderflow", () => {
  const readStartedAt = new Date("2026-11-02T10:00:00Z");
  it.each([
    ["Orderflow's hold was on before the read and Shopify shows none", [open()], new Date("2026-11-02T09:00:00Z"), true],
    ["Shopify still shows the hold", [heldBy("INCORRECT_ADDRESS")], new Date("2026-11-02T09:00:00Z"), false],
    ["Orderflow never held the order", [open()], null, false],
    ["the hold went on while the read was under way", [open()], new Date("2026-11-02T10:00:01Z"), false],
  ] as const)("GIVEN %s THEN %s", (_, fulfillmentOrders, heldAt, expected) => {
    expect(releasedOutsideOrderflow(fulfillmentOrders, heldAt, readStartedAt)).toBe(expected);
  });
});
