import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// The return portal keeps no server-side session: the App Proxy drops cookies, so what a customer
// has found and chosen travels in hidden fields as a signed, expiring token. It names the shop,
// the storefront customer the proxy vouched for (or none), a random session id and, once found,
// the order; the CSRF token is a second MAC of that session id under another key. Neither can be
// made without the app secret, so nobody can act on an order they have not found themselves.

const SESSION_MINUTES = 30;
const STATUS_DAYS = 180;

const draftSchema = z
  .object({
    lines: z.array(z.record(z.unknown())).default([]),
    replacements: z.array(z.record(z.unknown())).default([]),
    delivery: z.record(z.unknown()).nullable().default(null),
  })
  .default({});

export type PortalDraft = z.output<typeof draftSchema>;

const sessionSchema = z.object({
  k: z.literal("session"),
  s: z.string(),
  c: z.string(),
  n: z.string(),
  e: z.number(),
  o: z.string().nullable(),
  v: z.enum(["guest", "customer"]).nullable(),
  /** What the block lets the customer ask for (refund, store credit, exchange); the policy still decides. */
  r: z.array(z.string()),
  d: draftSchema,
});

const statusSchema = z.object({ k: z.literal("status"), s: z.string(), o: z.string(), t: z.string(), e: z.number() });

export interface PortalSession {
  shop: string;
  /** The storefront's logged_in_customer_id when the session began; empty for a guest. */
  customerId: string;
  id: string;
  expiresAt: Date;
  orderId: string | null;
  /** How the order was found: by its number and contact, or in the signed-in customer's list. */
  foundBy: "guest" | "customer" | null;
  offered: string[];
  draft: PortalDraft;
}

export interface StatusClaims {
  shop: string;
  orderId: string;
  returnId: string;
  expiresAt: Date;
}

export type TokenCheck<T> = { ok: true; claims: T } | { ok: false; reason: "malformed" | "signature" | "expired" };

function key(secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`orderflow:return-portal:${purpose}:v1`).digest();
}

function mac(body: string, secret: string, purpose: string): string {
  return createHmac("sha256", key(secret, purpose)).update(body).digest("base64url");
}

function sameMac(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function seal(claims: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(body, secret, "token")}`;
}

function open<T extends { e: number }>(token: string, secret: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, now: Date): TokenCheck<T> {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  if (!sameMac(match[2], mac(match[1], secret, "token"))) return { ok: false, reason: "signature" };
  let parsed: z.SafeParseReturnType<unknown, T>;
  try {
    parsed = schema.safeParse(JSON.parse(Buffer.from(match[1], "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (parsed.data.e * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: parsed.data };
}

/** A new lookup session for this shop and storefront customer. */
export function startSession(shop: string, customerId: string, offered: string[], now: Date): PortalSession {
  return {
    shop,
    customerId,
    id: randomBytes(16).toString("base64url"),
    expiresAt: new Date(now.getTime() + SESSION_MINUTES * 60_000),
    orderId: null,
    foundBy: null,
    offered,
    draft: { lines: [], replacements: [], delivery: null },
  };
}

/** The session after a step: the same id, its time renewed. */
export function advanceSession(session: PortalSession, change: Partial<Pick<PortalSession, "orderId" | "foundBy" | "draft">>, now: Date): PortalSession {
  return { ...session, ...change, expiresAt: new Date(now.getTime() + SESSION_MINUTES * 60_000) };
}

export function signSession(session: PortalSession, secret: string): string {
  return seal(
    {
      k: "session",
      s: session.shop,
      c: session.customerId,
      n: session.id,
      e: Math.floor(session.expiresAt.getTime() / 1000),
      o: session.orderId,
      v: session.foundBy,
      r: session.offered,
      d: session.draft,
    },
    secret,
  );
}

export function verifySession(token: string, secret: string, now: Date): TokenCheck<PortalSession> {
  const opened = open(token, secret, sessionSchema, now);
  if (!opened.ok) return opened;
  const c = opened.claims;
  return { ok: true, claims: { shop: c.s, customerId: c.c, id: c.n, expiresAt: new Date(c.e * 1000), orderId: c.o, foundBy: c.v, offered: c.r, draft: c.d } };
}

/** The CSRF token every form of a session carries. */
export function csrfToken(session: Pick<PortalSession, "id" | "shop" | "customerId">, secret: string): string {
  return mac(`${session.shop}\u0000${session.customerId}\u0000${session.id}`, secret, "csrf");
}

export function checkCsrf(session: Pick<PortalSession, "id" | "shop" | "customerId">, given: string, secret: string): boolean {
  return sameMac(given, csrfToken(session, secret));
}

/** The status page's address: the customer keeps it, so it lasts as long as a return does. */
export function signStatus(claims: Omit<StatusClaims, "expiresAt">, secret: string, now: Date): string {
  return seal({ k: "status", s: claims.shop, o: claims.orderId, t: claims.returnId, e: Math.floor(now.getTime() / 1000) + STATUS_DAYS * 86_400 }, secret);
}

export function verifyStatus(token: string, secret: string, now: Date): TokenCheck<StatusClaims> {
  const opened = open(token, secret, statusSchema, now);
  if (!opened.ok) return opened;
  return { ok: true, claims: { shop: opened.claims.s, orderId: opened.claims.o, returnId: opened.claims.t, expiresAt: new Date(opened.claims.e * 1000) } };
}
