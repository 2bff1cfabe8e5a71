// Control-API routes for inventory and bulk operations: look at stock as Shopify holds it,
// change it behind the app's back (a merchant in the admin, another app, a lost webhook), set
// how fast bulk operations run, and make the next GraphQL requests fail with an HTTP error.
import { z } from "zod";
import { bulkProgress, bulkResultUrl } from "./bulk-operations";
import type { HttpAnswer } from "./http";
import { gid, parseIdParam } from "./ids";
import { changeStock } from "./inventory";
import type { SimulatorServices } from "./services";
import { type InventoryLevelRecord, QUANTITY_NAMES, type QuantityName, type ShopState, SimInputError } from "./store";

export interface ControlRoute {
  method: string;
  path: RegExp;
  handle: (context: { services: SimulatorServices; params: string[]; query: URLSearchParams; body: Record<string, unknown> }) => HttpAnswer;
}

const SHOP = "([^/]+)";
const ok = (body: unknown, status = 200): HttpAnswer => ({ status, body });

const quantities = z
  .object(Object.fromEntries(QUANTITY_NAMES.map((name) => [name, z.number().int().optional()])) as Record<QuantityName, z.ZodOptional<z.ZodNumber>>)
  .strict()
  .refine((value) => Object.keys(value).length > 0, "give at least one quantity");

const changeStockBody = z
  .object({
    sku: z.string().min(1).optional(),
    inventoryItemId: z.string().min(1).optional(),
    location: z.string().min(1),
    quantities,
    webhook: z.boolean().default(true),
  })
  .strict()
  .refine((body) => (body.sku === undefined) !== (body.inventoryItemId === undefined), "give exactly one of sku or inventoryItemId");

const bulkRateBody = z.object({ objectsPerSecond: z.number().positive() }).strict();

const faultBody = z.union([
  z
    .object({
      status: z.union([z.literal(429), z.number().int().min(500).max(599)]),
      count: z.number().int().min(1).default(1),
      retryAfterSeconds: z.number().min(0).optional(),
    })
    .strict(),
  // Apply the mutation, then never answer: the app's worker can be killed while it waits.
  z.object({ holdResponseOf: z.string().min(1) }).strict(),
]);

function itemOf(state: ShopState, body: { sku?: string; inventoryItemId?: string }): number {
  if (body.sku !== undefined) {
    const variant = state.variantBySku(body.sku);
    if (!variant) throw new SimInputError(404, `No SKU "${body.sku}" in ${state.domain}`);
    return variant.inventoryItemId;
  }
  const id = parseIdParam(body.inventoryItemId!, "InventoryItem");
  if (id === null || !state.inventoryItems.has(id)) throw new SimInputError(404, `No inventory item ${body.inventoryItemId} in ${state.domain}`);
  return id;
}

function locationOf(state: ShopState, value: string): number {
  const byName = [...state.locations.values()].find((location) => location.name === value);
  if (byName) return byName.id;
  const id = parseIdParam(value, "Location");
  if (id === null || !state.locations.has(id)) throw new SimInputError(404, `No location "${value}" in ${state.domain}`);
  return id;
}

function describeLevel(state: ShopState, level: InventoryLevelRecord) {
  return {
    inventoryItemId: gid("InventoryItem", level.itemId),
    sku: state.inventoryItems.get(level.itemId)?.sku ?? null,
    locationId: gid("Location", level.locationId),
    location: state.locations.get(level.locationId)?.name ?? null,
    quantities: { ...level.quantities },
    updatedAt: level.updatedAt,
  };
}

export const INVENTORY_ROUTES: ControlRoute[] = [
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/inventory$`),
    handle: ({ services, params, query }) => {
      const state = services.store.requireShop(params[0]);
      const sku = query.get("sku");
      const itemId = sku === null ? undefined : itemOf(state, { sku });
      const levels = [...state.inventoryLevels.values()].filter((level) => itemId === undefined || level.itemId === itemId);
      return ok(levels.map((level) => describeLevel(state, level)));
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/inventory$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const input = changeStockBody.parse(body);
      const level = changeStock(services.store, state, {
        itemId: itemOf(state, input),
        locationId: locationOf(state, input.location),
        quantities: input.quantities,
        webhook: input.webhook,
      });
      return ok(describeLevel(state, level));
    },
  },
  {
    method: "GET",
    path: new RegExp(`^/_sim/shops/${SHOP}/bulk-operations$`),
    handle: ({ services, params }) => {
      const state = services.store.requireShop(params[0]);
      const now = services.store.clock.now();
      return ok(
        [...state.bulkOperations.values()].map((operation) => ({
          id: gid("BulkOperation", operation.id),
          status: operation.status,
          query: operation.query,
          objects: operation.lines.length,
          ...bulkProgress(state, operation, now),
          url: bulkResultUrl(services.store, operation),
        })),
      );
    },
  },
  {
    method: "PUT",
    path: new RegExp(`^/_sim/shops/${SHOP}/bulk-operations$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      state.bulkObjectsPerSecond = bulkRateBody.parse(body).objectsPerSecond;
      return ok({ objectsPerSecond: state.bulkObjectsPerSecond });
    },
  },
  {
    method: "POST",
    path: new RegExp(`^/_sim/shops/${SHOP}/faults$`),
    handle: ({ services, params, body }) => {
      const state = services.store.requireShop(params[0]);
      const fault = faultBody.parse(body);
      if ("holdResponseOf" in fault) state.heldMutations.push(fault.holdResponseOf);
      else for (let i = 0; i < fault.count; i++) state.faults.push({ status: fault.status, retryAfterSeconds: fault.retryAfterSeconds ?? null });
      return ok({ pending: state.faults.length, held: state.heldMutations });
    },
  },
];
