import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db.server";

// The portal's rate limits, counted in the database (rate-limiter-flexible's RateLimiterPrisma on
// the PortalRateLimit table) so every web process shares them, on SQLite and PostgreSQL alike.
// Three budgets: a shop's whole portal, one client of a shop (the storefront customer, else the
// address Shopify's proxy forwards), and lookups naming one order number, so that guessing the
// email or postal code of an order is slow however many clients take part.

export interface PortalLimits {
  /** Requests to a shop's portal per minute. */
  shopPerMinute: number;
  /** Requests from one client per minute. */
  clientPerMinute: number;
  /** Order lookups from one client per 15 minutes. */
  lookupsPerClient: number;
  /** Lookups that name the same order number per hour. */
  lookupsPerOrder: number;
}

export const DEFAULT_PORTAL_LIMITS: PortalLimits = { shopPerMinute: 600, clientPerMinute: 60, lookupsPerClient: 10, lookupsPerOrder: 5 };

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Limiters {
  shop: RateLimiterPrisma;
  client: RateLimiterPrisma;
  lookupClient: RateLimiterPrisma;
  lookupOrder: RateLimiterPrisma;
}

const cache = new WeakMap<Db, Map<string, Limiters>>();

function limiters(db: Db, limits: PortalLimits): Limiters {
  const byLimits = cache.get(db) ?? new Map<string, Limiters>();
  cache.set(db, byLimits);
  const id = JSON.stringify(limits);
  const existing = byLimits.get(id);
  if (existing) return existing;
  const make = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "portalRateLimit", keyPrefix, points, duration });
  const made = {
    shop: make("portal:shop", limits.shopPerMinute, 60),
    client: make("portal:client", limits.clientPerMinute, 60),
    lookupClient: make("portal:lookup-client", limits.lookupsPerClient, 15 * 60),
    lookupOrder: make("portal:lookup-order", limits.lookupsPerOrder, 60 * 60),
  };
  byLimits.set(id, made);
  return made;
}

async function consume(limiter: RateLimiterPrisma, key: string): Promise<LimitCheck> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    throw refusal;
  }
}

/** Counts one portal request of a client against the shop's and the client's budgets. */
export async function limitRequest(db: Db, limits: PortalLimits, shop: string, client: string): Promise<LimitCheck> {
  const set = limiters(db, limits);
  const byShop = await consume(set.shop, shop);
  if (!byShop.ok) return byShop;
  return consume(set.client, `${shop}|${client}`);
}

/** Counts one order lookup against the client's and the order number's budgets, found or not alike. */
export async function limitLookup(db: Db, limits: PortalLimits, shop: string, client: string, orderNumber: string): Promise<LimitCheck> {
  const set = limiters(db, limits);
  const byClient = await consume(set.lookupClient, `${shop}|${client}`);
  if (!byClient.ok) return byClient;
  return consume(set.lookupOrder, `${shop}|${orderNumber}`);
}
