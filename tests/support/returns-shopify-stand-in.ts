// A stand-in for Shopify's Returns API with the one property the crash test is about: a
// returnProcess sent again under a key Shopify has seen answers the first result and moves
// nothing again (and is refused if its arguments differ). It counts every refund and every restock it applied, and can lose its answer
// (the call went through, the worker never heard back), which the simulator cannot do for returns.
import type { ReturnableOrder, VariantOffer } from "../../app/domain/returns";
import type { ReturnsShopify, ShopifyReturn } from "../../app/jobs/returns-port";
import { AdminApiError, type AdminGraphql } from "../../app/shopify/admin-client.server";
import type { ProcessReturnInput } from "../../app/shopify/returns.server";

export interface StandIn {
  shopify: ReturnsShopify;
  /** Answers the Admin queries the returns code reads besides the Returns API (stock levels, offers). */
  graphql: AdminGraphql;
  returns: Map<string, ShopifyReturn>;
  refunds: Array<{ key: string; amount: number; storeCredit: number }>;
  /** available units by `${inventoryItemId}|${locationId}` */
  stock: Map<string, number>;
  processCalls: string[];
  /** The next returnProcess is applied but its answer never arrives. */
  loseNextAnswer(): void;
  /** What the catalogue answers for exchange offers: variants by id. */
  offers(variants: Record<string, VariantOffer>): void;
  /** Makes a return as Shopify's own admin would. */
  startReturnOnShopify(orderId: string, lines: Array<{ fulfillmentLineItemId: string; quantity: number }>): ShopifyReturn;
}

export function returnsStandIn(order: ReturnableOrder, variantItems: Record<string, string>): StandIn {
  const returns = new Map<string, ShopifyReturn>();
  const answered = new Map<string, { input: string; answer: ShopifyReturn }>();
  const refunds: StandIn["refunds"] = [];
  const stock = new Map<string, number>();
  const processCalls: string[] = [];
  let lose = false;
  let catalogue: Record<string, VariantOffer> = {};
  let next = 1;

  const make = (orderId: string, lines: Array<{ fulfillmentLineItemId: string; quantity: number }>, status: ShopifyReturn["status"], exchange: Array<{ variantId: string; quantity: number }> = []): ShopifyReturn => {
    const id = `gid://shopify/Return/${next++}`;
    const ret: ShopifyReturn = {
      id,
      name: `#R${next}`,
      status,
      orderId,
      createdAt: "2026-10-20T12:00:00Z",
      requestApprovedAt: status === "OPEN" ? "2026-10-20T12:00:00Z" : null,
      closedAt: null,
      totalQuantity: lines.reduce((total, line) => total + line.quantity, 0),
      decline: null,
      lines: lines.map((line, index) => ({
        id: `gid://shopify/ReturnLineItem/${next}${index}`,
        fulfillmentLineItemId: line.fulfillmentLineItemId,
        lineItemId: null,
        quantity: line.quantity,
        processedQuantity: 0,
        processableQuantity: line.quantity,
        refundedQuantity: 0,
        reason: { handle: "size-too-small", name: "Size too small" },
        reasonNote: "",
        customerNote: null,
      })),
      exchangeLines: exchange.map((line, index) => ({ id: `gid://shopify/ExchangeLineItem/${next}${index}`, variantId: line.variantId, quantity: line.quantity, processedQuantity: 0, lineItemIds: [] })),
      reverseFulfillmentOrders: [
        {
          id: `gid://shopify/ReverseFulfillmentOrder/${next}`,
          status: "OPEN",
          lines: lines.map((line, index) => ({ id: `gid://shopify/ReverseFulfillmentOrderLineItem/${next}${index}`, fulfillmentLineItemId: line.fulfillmentLineItemId, totalQuantity: line.quantity, dispositions: [] })),
          deliveries: [],
        },
      ],
      refunds: [],
    };
    returns.set(id, ret);
    return ret;
  };

  const process = (input: ProcessReturnInput): ShopifyReturn => {
    const ret = returns.get(input.returnId)!;
    for (const line of input.lines) {
      const returnLine = ret.lines.find((candidate) => candidate.id === line.returnLineItemId)!;
      returnLine.processedQuantity += line.quantity;
      const fulfillmentLine = order.lines.find((candidate) => candidate.id === returnLine.fulfillmentLineItemId)!;
      for (const disposition of line.dispositions) {
        if (disposition.type !== "RESTOCKED") continue;
        const key = `${variantItems[fulfillmentLine.variantId!]}|${disposition.locationId}`;
        stock.set(key, (stock.get(key) ?? 0) + disposition.quantity);
      }
    }
    for (const line of input.exchangeLines ?? []) ret.exchangeLines.find((candidate) => candidate.id === line.exchangeLineItemId)!.processedQuantity += line.quantity;
    refunds.push({ key: input.idempotencyKey, amount: input.refund ?? 0, storeCredit: input.storeCredit ?? 0 });
    return structuredClone(ret);
  };

  const shopify: ReturnsShopify = {
    fetchReturnableOrder: async (_graphql, orderId) => (orderId === order.id ? structuredClone(order) : null),
    requestReturn: async (_graphql, input) => make(input.orderId, [...input.lines], "REQUESTED"),
    createReturn: async (_graphql, input) => make(input.orderId, [...input.lines], "OPEN", [...(input.exchangeLines ?? [])]),
    approveReturnRequest: async (_graphql, id) => {
      const ret = returns.get(id)!;
      ret.status = "OPEN";
      ret.requestApprovedAt = "2026-10-20T13:00:00Z";
      return structuredClone(ret);
    },
    declineReturnRequest: async (_graphql, id, decline) => {
      const ret = returns.get(id)!;
      ret.status = "DECLINED";
      ret.decline = { reason: decline.reason, note: decline.note ?? null };
      return structuredClone(ret);
    },
    createReverseDelivery: async (_graphql, input) => {
      const delivery = { id: `gid://shopify/ReverseDelivery/${next++}`, carrierName: null, trackingNumber: input.tracking?.number ?? null, trackingUrl: input.tracking?.url ?? null, labelUrl: input.labelUrl ?? null };
      for (const ret of returns.values()) for (const rfo of ret.reverseFulfillmentOrders) if (rfo.id === input.reverseFulfillmentOrderId) rfo.deliveries.push(delivery);
      return delivery;
    },
    processReturn: async (_graphql, input) => {
      processCalls.push(input.idempotencyKey);
      const previous = answered.get(input.idempotencyKey);
      if (previous && previous.input !== JSON.stringify(input)) {
        // A top-level error, as Shopify answers it: ReturnErrorCode has no such value.
        throw new AdminApiError("The same idempotency key cannot be used with different operation parameters.", [{ extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" } }]);
      }
      const answer = previous?.answer ?? process(input);
      answered.set(input.idempotencyKey, { input: JSON.stringify(input), answer });
      if (lose) {
        lose = false;
        throw new Error("socket hang up");
      }
      return answer;
    },
    closeReturn: async (_graphql, id) => {
      const ret = returns.get(id)!;
      ret.status = "CLOSED";
      ret.closedAt = "2026-10-25T10:00:00Z";
      return structuredClone(ret);
    },
    fetchReturn: async (_graphql, id) => (returns.has(id) ? structuredClone(returns.get(id)!) : null),
  };

  const graphql: AdminGraphql = async (query, options) => {
    const variables = options?.variables ?? {};
    if (query.includes("query InventoryLevelNow")) {
      const available = stock.get(`${variables.item}|${variables.location}`) ?? 0;
      const quantities = ["available", "on_hand", "committed", "reserved", "incoming", "damaged", "quality_control", "safety_stock"].map((name) => ({
        name,
        quantity: name === "available" || name === "on_hand" ? available : 0,
      }));
      return Response.json({
        data: { inventoryItem: { id: variables.item, sku: null, tracked: true, variants: { nodes: [] }, inventoryLevel: { updatedAt: new Date().toISOString(), quantities } } },
      });
    }
    if (query.includes("query ReturnOffer")) {
      const variant = (id: string, offer: VariantOffer) => ({
        id,
        title: offer.title.split(" — ").pop(),
        price: (offer.unitPrice / 100).toFixed(2),
        product: { id: offer.productId, title: offer.title.split(" — ")[0] },
        inventoryItem: { inventoryLevels: { nodes: Object.entries(offer.available).map(([location, quantity]) => ({ location: { id: location, isActive: true }, quantities: [{ name: "available", quantity }] })) } },
      });
      const ids = (variables.ids as string[]) ?? [];
      const nodes = query.includes("ReturnOfferProducts")
        ? ids.map((productId) => ({ variants: { nodes: Object.entries(catalogue).filter(([, offer]) => offer.productId === productId).map(([id, offer]) => variant(id, offer)) } }))
        : ids.map((id) => (catalogue[id] ? variant(id, catalogue[id]) : null));
      return Response.json({ data: { shop: { currencyCode: "USD" }, nodes } });
    }
    return Response.json({ errors: [{ message: `the stand-in does not answer ${query.slice(0, 60)}` }] });
  };

  return {
    shopify,
    graphql,
    returns,
    refunds,
    stock,
    processCalls,
    offers: (variants) => {
      catalogue = variants;
    },
    loseNextAnswer: () => {
      lose = true;
    },
    startReturnOnShopify: (orderId, lines) => make(orderId, lines, "OPEN"),
  };
}
