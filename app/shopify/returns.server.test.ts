import { describe, expect, it } from "vitest";
import type { AdminGraphql } from "./admin-client.server";
import { fetchReturnableOrder, processReturn } from "./returns.server";

// What the simulator does not model — taxes, discounts, collections, a second currency, a line
// shipped in two parcels, several payments — read through a stand-in for `admin.graphql` that
// answers each operation with Shopify's shapes.

type Answers = Record<string, (variables: Record<string, unknown>) => unknown>;

function fakeGraphql(answers: Answers) {
  const calls: Array<{ operation: string; variables: Record<string, unknown> }> = [];
  const graphql: AdminGraphql = async (query, options) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)![1];
    const variables = options?.variables ?? {};
    calls.push({ operation, variables });
    const answer = answers[operation];
    if (!answer) throw new Error(`unexpected ${operation}`);
    return new Response(JSON.stringify({ data: answer(variables) }));
  };
  return { graphql, calls };
}

const eur = (amount: string) => ({ presentmentMoney: { amount } });

const JACKET_LINE = {
  id: "gid://shopify/LineItem/11",
  title: "Trailhead Rain Jacket",
  sku: "TRJ-M",
  quantity: 3,
  variant: { id: "gid://shopify/ProductVariant/21" },
  product: { id: "gid://shopify/Product/31" },
  taxLines: [{ priceSet: eur("58.05") }, { priceSet: eur("0.01") }],
};

function order(overrides: Record<string, unknown> = {}) {
  return {
    id: "gid://shopify/Order/1",
    name: "#1001",
    presentmentCurrencyCode: "EUR",
    taxesIncluded: false,
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    capturable: false,
    customer: { id: "gid://shopify/Customer/5", tags: ["vip"] },
    totalShippingPriceSet: eur("8.90"),
    totalRefundedShippingSet: eur("0.0"),
    refunds: [{ refundLineItems: { nodes: [{ quantity: 1, lineItem: { id: JACKET_LINE.id }, subtotalSet: eur("96.75"), totalTaxSet: eur("19.35") }] } }],
    returns: {
      nodes: [
        { status: "OPEN", returnLineItems: { nodes: [{ quantity: 1, fulfillmentLineItem: { id: "gid://shopify/FulfillmentLineItem/42" } }] } },
        { status: "DECLINED", returnLineItems: { nodes: [{ quantity: 2, fulfillmentLineItem: { id: "gid://shopify/FulfillmentLineItem/41" } }] } },
      ],
    },
    fulfillments: [
      {
        status: "SUCCESS",
        createdAt: "2026-11-02T10:00:00Z",
        deliveredAt: "2026-11-04T15:00:00Z",
        fulfillmentLineItems: { nodes: [{ id: "gid://shopify/FulfillmentLineItem/41", quantity: 2, discountedTotalSet: eur("193.50"), lineItem: JACKET_LINE }] },
      },
      {
        status: "CANCELLED",
        createdAt: "2026-11-02T11:00:00Z",
        deliveredAt: null,
        fulfillmentLineItems: { nodes: [{ id: "gid://shopify/FulfillmentLineItem/40", quantity: 1, discountedTotalSet: eur("96.75"), lineItem: JACKET_LINE }] },
      },
      {
        status: "SUCCESS",
        createdAt: "2026-11-03T10:00:00Z",
        deliveredAt: null,
        fulfillmentLineItems: { nodes: [{ id: "gid://shopify/FulfillmentLineItem/42", quantity: 1, discountedTotalSet: eur("96.75"), lineItem: JACKET_LINE }] },
      },
    ],
    ...overrides,
  };
}

describe("fetchReturnableOrder", () => {
  it("maps a line shipped in two parcels, with tax, a refund (tax included, as prices exclude it) and returns, in the presentment currency's minor units", async () => {
    // GIVEN an order paid in EUR: three jackets, two shipped in one parcel and one in another (a cancelled fulfilment between), one unit refunded, one in an open return
    const { graphql, calls } = fakeGraphql({
      ReturnableOrder: () => ({ order: order() }),
      ReturnableProducts: () => ({ nodes: [{ id: "gid://shopify/Product/31", tags: ["outerwear"], collections: { nodes: [{ id: "gid://shopify/Collection/7" }] } }] }),
    });

    // WHEN it is read for a return
    const result = await fetchReturnableOrder(graphql, "gid://shopify/Order/1");

    // THEN each fulfillment line has its share of the tax and of the refund, the first units first
    expect(result).toEqual({
      id: "gid://shopify/Order/1",
      name: "#1001",
      currencyCode: "EUR",
      taxesIncluded: false,
      paymentCaptured: true,
      customer: { id: "gid://shopify/Customer/5", tags: ["vip"] },
      shipping: { paid: 890, refunded: 0 },
      lines: [
        {
          id: "gid://shopify/FulfillmentLineItem/41",
          lineItemId: JACKET_LINE.id,
          productId: "gid://shopify/Product/31",
          variantId: "gid://shopify/ProductVariant/21",
          title: "Trailhead Rain Jacket",
          sku: "TRJ-M",
          productTags: ["outerwear"],
          collectionIds: ["gid://shopify/Collection/7"],
          quantity: 2,
          returnedQuantity: 0,
          discountedTotal: 19350,
          tax: 3870,
          refunded: { quantity: 1, amount: 11610 },
          fulfilledAt: "2026-11-02T10:00:00Z",
          deliveredAt: "2026-11-04T15:00:00Z",
        },
        expect.objectContaining({
          id: "gid://shopify/FulfillmentLineItem/42",
          quantity: 1,
          returnedQuantity: 1,
          discountedTotal: 9675,
          tax: 1936,
          refunded: { quantity: 0, amount: 0 },
          deliveredAt: null,
        }),
      ],
    });
    // AND the products were read once, apart from the order
    expect(calls.map((call) => call.operation)).toEqual(["ReturnableOrder", "ReturnableProducts"]);
    expect(calls[1].variables).toEqual({ ids: ["gid://shopify/Product/31"] });
  });

  it("says a payment that is only authorized is not captured, and reads JPY without decimals", async () => {
    const { graphql } = fakeGraphql({
      ReturnableOrder: () => ({
        order: order({
          presentmentCurrencyCode: "JPY",
          displayFinancialStatus: "AUTHORIZED",
          capturable: true,
          totalShippingPriceSet: eur("800"),
          refunds: [],
          returns: { nodes: [] },
          fulfillments: [],
        }),
      }),
    });

    const result = await fetchReturnableOrder(graphql, "gid://shopify/Order/1");

    expect(result).toMatchObject({ currencyCode: "JPY", paymentCaptured: false, shipping: { paid: 800, refunded: 0 }, lines: [] });
  });

  it("answers null for an order Shopify does not have", async () => {
    const { graphql } = fakeGraphql({ ReturnableOrder: () => ({ order: null }) });
    expect(await fetchReturnableOrder(graphql, "gid://shopify/Order/404")).toBeNull();
  });
});

const PROCESSED = {
  return: {
    id: "gid://shopify/Return/9",
    name: "#1001-R1",
    status: "OPEN",
    createdAt: "2026-11-05T10:00:00Z",
    requestApprovedAt: "2026-11-05T10:00:00Z",
    closedAt: null,
    totalQuantity: 1,
    decline: null,
    order: { id: "gid://shopify/Order/1" },
    returnLineItems: { nodes: [] },
    exchangeLineItems: { nodes: [] },
    reverseFulfillmentOrders: { nodes: [] },
    refunds: { nodes: [{ id: "gid://shopify/Refund/3", createdAt: "2026-11-06T10:00:00Z", totalRefundedSet: { presentmentMoney: { amount: "150.00", currencyCode: "EUR" } } }] },
  },
  userErrors: [],
};

describe("processReturn", () => {
  const transactions = [
    { id: "gid://shopify/OrderTransaction/1", kind: "AUTHORIZATION", status: "SUCCESS", amountSet: eur("300.00") },
    { id: "gid://shopify/OrderTransaction/2", kind: "CAPTURE", status: "SUCCESS", amountSet: eur("100.00") },
    { id: "gid://shopify/OrderTransaction/3", kind: "SALE", status: "FAILURE", amountSet: eur("500.00") },
    { id: "gid://shopify/OrderTransaction/4", kind: "SALE", status: "SUCCESS", amountSet: eur("200.00") },
  ];

  it("spreads the refund over the successful payments in order, adds store credit and shipping, and sends the caller's key", async () => {
    const { graphql, calls } = fakeGraphql({
      ReturnOrderPayments: () => ({ return: { order: { transactions } } }),
      ReturnProcess: () => ({ returnProcess: PROCESSED }),
    });

    const result = await processReturn(graphql, {
      returnId: "gid://shopify/Return/9",
      idempotencyKey: "resolution-77",
      currencyCode: "EUR",
      lines: [
        {
          returnLineItemId: "gid://shopify/ReturnLineItem/5",
          quantity: 1,
          dispositions: [{ reverseFulfillmentOrderLineItemId: "gid://shopify/ReverseFulfillmentOrderLineItem/6", quantity: 1, type: "RESTOCKED", locationId: "gid://shopify/Location/2" }],
        },
      ],
      refund: 15000,
      storeCredit: 1250,
      refundShipping: 890,
    });

    expect(result.refunds).toEqual([{ id: "gid://shopify/Refund/3", createdAt: "2026-11-06T10:00:00Z", amount: 15000, currencyCode: "EUR" }]);
    const sent = calls.find((call) => call.operation === "ReturnProcess")!.variables;
    expect(sent).toEqual({
      key: "resolution-77",
      input: {
        returnId: "gid://shopify/Return/9",
        returnLineItems: [
          {
            id: "gid://shopify/ReturnLineItem/5",
            quantity: 1,
            dispositions: [
              { reverseFulfillmentOrderLineItemId: "gid://shopify/ReverseFulfillmentOrderLineItem/6", quantity: 1, dispositionType: "RESTOCKED", locationId: "gid://shopify/Location/2" },
            ],
          },
        ],
        exchangeLineItems: [],
        financialTransfer: {
          issueRefund: {
            orderTransactions: [
              { parentId: "gid://shopify/OrderTransaction/2", transactionAmount: { amount: "100.00", currencyCode: "EUR" } },
              { parentId: "gid://shopify/OrderTransaction/4", transactionAmount: { amount: "50.00", currencyCode: "EUR" } },
            ],
            refundMethods: [{ storeCreditRefund: { amount: { amount: "12.50", currencyCode: "EUR" } } }],
          },
        },
        refundShipping: { shippingRefundAmount: { amount: "8.90", currencyCode: "EUR" } },
        notifyCustomer: false,
        note: null,
      },
    });
  });

  it("moves no money when there is none to move, without reading the payments", async () => {
    const { graphql, calls } = fakeGraphql({ ReturnProcess: () => ({ returnProcess: PROCESSED }) });

    await processReturn(graphql, { returnId: "gid://shopify/Return/9", idempotencyKey: "k", currencyCode: "EUR", lines: [] });

    expect(calls.map((call) => call.operation)).toEqual(["ReturnProcess"]);
    expect(calls[0].variables.input).toMatchObject({ financialTransfer: null, refundShipping: null });
  });

  it("refuses a refund the payments cannot carry before asking Shopify to process anything", async () => {
    const { graphql, calls } = fakeGraphql({ ReturnOrderPayments: () => ({ return: { order: { transactions } } }) });

    await expect(
      processReturn(graphql, { returnId: "gid://shopify/Return/9", idempotencyKey: "k", currencyCode: "EUR", lines: [], refund: 30001 }),
    ).rejects.toThrow("The order's payments cannot carry a refund of 300.01 EUR");
    expect(calls.map((call) => call.operation)).toEqual(["ReturnOrderPayments"]);
  });

  it("throws Shopify's userErrors", async () => {
    const { graphql } = fakeGraphql({
      ReturnProcess: () => ({ returnProcess: { return: null, userErrors: [{ field: ["input", "returnId"], message: "Return must be open to be processed.", code: "INVALID_STATE" }] } }),
    });

    await expect(processReturn(graphql, { returnId: "gid://shopify/Return/9", idempotencyKey: "k", currencyCode: "EUR", lines: [] })).rejects.toThrow(
      "returnProcess: input.returnId: Return must be open to be processed.",
    );
  });
});
