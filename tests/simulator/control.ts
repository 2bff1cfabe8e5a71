// The control API under /_sim/: what tests, the demo and the benchmarks use to set up shops,
// play customers and merchants, and look at what the app did. JSON in, JSON out; bodies are
// checked with zod and answered 4xx with a message when wrong.
import { z, ZodError } from "zod";
import { FULFILLMENT_ROUTES } from "./control-fulfillments";
import { gid, normalizeShopDomain, parseIdParam } from "./ids";
import type { HttpAnswer } from "./http";
import { fulfillmentStatus, lineItemName, orderTotals } from "./graphql/resolvers/orders";
import { customerDisplayName } from "./graphql/resolvers/customers";
import { INVENTORY_ROUTES } from "./control-inventory";
import { RETURN_ROUTES } from "./control-returns";
import { customersDataRequestPayload, customersRedactPayload, shopRedactPayload } from "./payloads";
import type { SimulatorServices } from "./services";
import { formatCents, type OrderRecord, type ShopState, SimInputError, WEIGHT_UNITS } from "./store";

const text = z.string();
const money = z.union([z.string(), z.number()]);

const address = z
  .object({
    firstName: text.optional(),
    lastName: text.optional(),
    company: text.optional(),
    address1: text.optional(),
    address2: text.optional(),
    city: text.optional(),
    province: text.optional(),
    provinceCode: text.optional(),
    country: text.optional(),
    countryCode: z.string().length(2, "countryCode is a two-letter ISO code"),
    zip: text.optional(),
    phone: text.optional(),
  })
  .strict();

const createShopBody = z
  .object({
    shop: z.string().min(1),
    name: text.optional(),
    email: z.string().email().optional(),
    currencyCode: z.string().length(3).optional(),
    ianaTimezone: text.optional(),
    plan: z.object({ displayName: text, partnerDevelopment: z.boolean(), shopifyPlus: z.boolean() }).partial().strict().optional(),
    owner: z.object({ firstName: text, lastName: text, email: z.string().email().optional() }).strict().optional(),
    bucket: z
      .object({ maximumAvailable: z.number().int().positive(), restoreRate: z.number().positive() })
      .partial()
      .strict()
      .optional(),
    bulkObjectsPerSecond: z.number().positive().optional(),
  })
  .strict();

const bucketBody = z.object({ currentlyAvailable: z.number().min(0) }).strict();

const seedBody = z
  .object({
    locations: z.array(z.object({ name: z.string().min(1), address: address.optional(), fulfillsOnlineOrders: z.boolean().optional() }).strict()).optional(),
    products: z
      .array(
        z
          .object({
            title: z.string().min(1),
            handle: text.optional(),
            vendor: text.optional(),
            productType: text.optional(),
            tags: z.array(text).optional(),
            status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT"]).optional(),
            variants: z
              .array(
                z
                  .object({
                    title: text.optional(),
                    sku: z.string().min(1),
                    barcode: text.optional(),
                    price: money,
                    weight: z.object({ value: z.number().min(0), unit: z.enum(WEIGHT_UNITS) }).strict().optional(),
                    inventory: z.record(z.number().int()).optional(),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .optional(),
    customers: z
      .array(
        z
          .object({
            firstName: text,
            lastName: text,
            email: z.string().email(),
            phone: text.optional(),
            tags: z.array(text).optional(),
            address: address.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

const orderBody = z
  .object({
    email: text.optional(),
    phone: text.optional(),
    customer: z.object({ email: z.string().min(1), firstName: text, lastName: text, phone: text.optional() }).strict().optional(),
    shippingAddress: address.optional(),
    billingAddress: address.optional(),
    lineItems: z
      .array(
        z
          .object({
            sku: text.optional(),
            variantId: z.union([z.string(), z.number()]).optional(),
            quantity: z.number().int().positive(),
            price: money.optional(),
          })
          .strict()
          .refine((line) => (line.sku === undefined) !== (line.variantId === undefined), "give exactly one of sku or variantId"),
      )
      .min(1),
    note: text.optional(),
    tags: z.array(text).optional(),
    shippingLine: z.object({ title: text, code: text.optional(), price: money }).strict().optional(),
    financialStatus: z.enum(["AUTHORIZED", "PAID", "PENDING", "PARTIALLY_PAID", "VOIDED"]).optional(),
    paymentGateway: text.optional(),
    createdAt: text.optional(),
  })
  .strict();

const updateOrderBody = z
  .object({
    note: text.nullable().optional(),
    tags: z.array(text).optional(),
    email: text.nullable().optional(),
    phone: text.nullable().optional(),
    shippingAddress: address.nullable().optional(),
  })
  .strict();

const complianceBody = z.object({ customerId: z.union([z.string(), z.number()]).optional() }).strict();

const webhookConfigBody = z
  .object({
    duplicates: z.number().int().min(0),
    drop: z
      .object({ topics: z.array(z.string().min(1)).default([]), rate: z.number().min(0).max(1).default(1) })
      .strict()
      .nullable(),
    reorder: z.object({ window: z.number().int().min(1), windowMs: z.number().int().min(0).optional() }).strict().nullable(),
    delayMs: z.union([
      z.number().int().min(0),
      z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([min, max]) => min <= max, "delayMs [min, max] needs min <= max"),
    ]),
    concurrency: z.number().int().min(1),
    seed: z.number().int(),
    retryScheduleMs: z.array(z.number().int().min(0)),
    timeoutMs: z.number().int().positive(),
  })
  .partial()
  .strict();

const sendBody = z
  .object({
    shop: z.string().min(1),
    topic: z.string().min(1),
    payload: z.unknown(),
    eventId: text.optional(),
    hmac: z.literal("forge").optional(),
    url: z.string().url().optional(),
  })
  .strict();

const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

function describeShop(state: ShopState) {
  const { shop } = state;
  return {
    shop: shop.domain,
    id: gid("Shop", shop.id),
    name: shop.name,
    email: shop.email,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    plan: shop.plan,
    installed: state.installed,
    bucket: state.bucket.status(),
    counts: {
      locations: state.locations.size,
      products: state.products.size,
      customers: state.customers.size,
      orders: state.orders.size,
    },
  };
}

/** Everything the simulator holds about an order, ids as gids. */
export function describeOrder(state: ShopState, order: OrderRecord) {
  const totals = orderTotals(order);
  const customer = order.customerId === null ? undefined : state.customers.get(order.customerId);
  return {
    id: gid("Order", order.id),
    legacyId: order.id,
    name: order.name,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    currencyCode: order.currencyCode,
    financialStatus: order.financialStatus,
    fulfillmentStatus: fulfillmentStatus(state, order),
    subtotal: formatCents(totals.subtotal),
    shipping: formatCents(totals.shipping),
    total: formatCents(totals.total),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closedAt: order.closedAt,
    customer: customer
      ? {
          id: gid("Customer", customer.id),
          legacyId: customer.id,
          displayName: customerDisplayName(customer),
          email: customer.email,
          phone: customer.phone,
        }
      : null,
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    shippingLine: order.shippingLine && { ...order.shippingLine, price: formatCents(order.shippingLine.price) },
    lineItems: order.lineItems.map((line) => ({
      id: gid("LineItem", line.id),
      sku: line.sku,
      name: lineItemName(line),
      quantity: line.quantity,
      currentQuantity: line.currentQuantity,
      price: formatCents(line.price),
      variantId: gid("ProductVariant", line.variantId),
      productId: gid("Product", line.productId),
    })),
    fulfillmentOrders: order.fulfillmentOrderIds.map((id) => {
      const fulfillmentOrder = state.fulfillmentOrders.get(id)!;
      const location = state.locations.get(fulfillmentOrder.locationId)!;
      return {
        id: gid("FulfillmentOrder", fulfillmentOrder.id),
        status: fulfillmentOrder.status,
        requestStatus: fulfillmentOrder.requestStatus,
        location: { id: gid("Location", location.id), name: location.name },
        holds: fulfillmentOrder.holds.map((hold) => ({
          id: gid("FulfillmentHold", hold.id),
          reason: hold.reason,
          reasonNotes: hold.reasonNotes,
          handle: hold.handle,
          heldByApp: hold.heldByApp,
          createdAt: hold.createdAt,
        })),
        lineItems: fulfillmentOrder.lineItems.map((item) => ({
          id: gid("FulfillmentOrderLineItem", item.id),
          lineItemId: gid("LineItem", item.lineItemId),
          totalQuantity: item.totalQuantity,
          remainingQuantity: item.remainingQuantity,
        })),
      };
    }),
  };
}

export interface RouteContext {
  services: SimulatorServices;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export type Route = { method: string; path: RegExp; handle: (context: RouteContext) => HttpAnswer };

const ok = (body: unknown, status = 200): HttpAnswer => ({ status, body });

function orderIn(state: ShopState, idParam: string): OrderRecord {
  const id = parseIdParam(idParam, "Order");
  if (id === null) throw new SimInputError(400, `"${idParam}" is neither an order id nor an Order gid`);
  const order = state.orders.get(id);
  if (!order) throw new SimInputError(404, `No order ${idParam} in ${state.domain}`);
  return order;
}

const SHOP = "([^/]+)";

const ROUTES: Route[] = [
  {
    method: "POST",
    path: /^\/_sim\/reset$/,
    handle: ({ services }) => {
      services.store.reset();
      services.webhooks.reset(services.initialSwitches);
      return ok({ reset: true });
    },
  },
  {
    method: "GET",
    path: /^\/_sim\/shops$/,
    handle: ({ services }) => ok(services.store.shops().map(describeShop)),
  },
  {
    method: "POST",
    path: /^\/_sim\/shops$/,
    handle: ({ services, body }) => ok(describeShop(services.store.createShop(createShopBody.parse(body))), 201),
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}$`),
    handle: ({ services, params }) => ok(describeShop(services.store.requireShop(params[0]))),
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/seed$`),
    handle: ({ services, params, body }) => {
      const seeded = services.store.seed(params[0], seedBody.parse(body));
      return ok(
        {
          locations: seeded.locations.map((location) => ({ id: gid("Location", location.id), name: location.name })),
          products: seeded.products.map((product) => ({
            id: gid("Product", product.id),
            title: product.title,
            variants: product.variants.map((variant) => ({
              id: gid("ProductVariant", variant.id),
              sku: variant.sku,
              inventoryItemId: gid("InventoryItem", variant.inventoryItemId),
            })),
          })),
          customers: seeded.customers.map((customer) => ({ id: gid("Customer", customer.id), email: customer.email })),
        },
        201,
      );
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/orders$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      return ok([...state.orders.values()].map((order) => describeOrder(state, order)));
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/orders$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const order = services.store.placeOrder(state.domain, orderBody.parse(body));
      return ok(describeOrder(state, order), 201);
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/orders/([^/]+)$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      return ok(describeOrder(state, orderIn(state, params[1])));
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/orders/([^/]+)/update$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const order = services.store.updateOrder(state.domain, orderIn(state, params[1]).id, updateOrderBody.parse(body));
      return ok(describeOrder(state, order));
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/mutations$`),
    handle: ({ services, params, query }) => {
      const name = query.get("name");
      return ok(services.store.requireShop(params[0]).mutationLog.filter((entry) => !name || entry.name === name));
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/requests$`),
    handle: ({ services, params }) => ok(services.store.requireShop(params[0]).requestLog),
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/bucket$`),
    handle: ({ services, params }) => ok(services.store.requireShop(params[0]).bucket.status()),
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/bucket$`),
    handle: ({ services, params, body }) => {
      const { currentlyAvailable } = bucketBody.parse(body);
      const bucket = services.store.requireShop(params[0]).bucket;
      bucket.setAvailable(currentlyAvailable);
      return ok(bucket.status());
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/uninstall$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      services.store.uninstall(state.domain);
      return ok(describeShop(state));
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/compliance/(.+)$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const topic = COMPLIANCE_TOPICS.find((candidate) => candidate === params[1]);
      if (!topic) throw new SimInputError(404, `Unknown compliance topic "${params[1]}" (one of ${COMPLIANCE_TOPICS.join(", ")})`);
      const { customerId } = complianceBody.parse(body);
      let payload: unknown;
      if (topic === "shop/redact") payload = shopRedactPayload(state);
      else {
        if (customerId === undefined) throw new SimInputError(422, `${topic} needs a customerId`);
        const id = parseIdParam(String(customerId), "Customer");
        const customer = id === null ? undefined : state.customers.get(id);
        if (!customer) throw new SimInputError(404, `No customer ${customerId} in ${state.domain}`);
        payload =
          topic === "customers/redact"
            ? customersRedactPayload(state, customer)
            : customersDataRequestPayload(state, customer, services.store.nextId());
      }
      const fired = services.webhooks.emit(state.domain, topic, payload);
      if (!fired) throw new SimInputError(422, `The app does not subscribe to ${topic} (shopify.app.toml)`);
      return ok({ topic, eventId: fired.eventId, payload });
    },
  },
  {
    method: "GET",
    path: /^\/_sim\/config\/webhooks$/,
    handle: ({ services }) => ok(services.webhooks.switches),
  },
  {
    method: "PUT",
    path: /^\/_sim\/config\/webhooks$/,
    handle: ({ services, body }) => ok(services.webhooks.configure(webhookConfigBody.parse(body))),
  },
  {
    method: "GET",
    path: /^\/_sim\/webhooks\/deliveries$/,
    handle: ({ services, query }) =>
      ok(
        services.webhooks.deliveries({
          shop: query.get("shop") ? normalizeShopDomain(query.get("shop")!) : undefined,
          topic: query.get("topic") ?? undefined,
          eventId: query.get("eventId") ?? undefined,
        }),
      ),
  },
  {
    method: "POST",
    path: /^\/_sim\/webhooks\/send$/,
    handle: ({ services, body }) => {
      const input = sendBody.parse(body);
      const shop = normalizeShopDomain(input.shop);
      const fired = services.webhooks.emit(shop, input.topic, input.payload ?? {}, {
        eventId: input.eventId,
        forgeHmac: input.hmac === "forge",
        url: input.url,
      });
      if (!fired) throw new SimInputError(422, `The app does not subscribe to ${input.topic}; give a url to send it anyway`);
      return ok({ eventId: fired.eventId }, 202);
    },
  },
  ...INVENTORY_ROUTES,
  ...FULFILLMENT_ROUTES,
  ...RETURN_ROUTES,
];

/** Answers a /_sim/ request, or null when no control route matches (flush is async, see server). */
export function handleControl(
  services: SimulatorServices,
  method: string,
  pathname: string,
  query: URLSearchParams,
  body: Record<string, unknown>,
): HttpAnswer | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(pathname);
    if (!match) continue;
    try {
      return route.handle({ services, params: match.slice(1).map(decodeURIComponent), query, body });
    } catch (error) {
      if (error instanceof ZodError) {
        return {
          status: 400,
          body: {
            error: "Invalid request body",
            issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
          },
        };
      }
      if (error instanceof SimInputError) return { status: error.status, body: { error: error.message } };
      throw error;
    }
  }
  return null;
}
