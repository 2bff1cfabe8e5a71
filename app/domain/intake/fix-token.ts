import { createHmac, timingSafeEqual } from "node:crypto";

// The customer fix link's token: what it grants (one order of one shop, until a time) signed with
// a key derived from the app secret, so the link needs no lookup to be trusted and cannot be
// mistaken for any other signature the secret makes (webhooks, session tokens, proxy requests).

export interface FixTokenClaims {
  /** The FixLink row, so a link can be traced and its use recorded. */
  linkId: string;
  shop: string;
  /** The order's numeric (legacy) id: short enough to keep the link short. */
  orderId: string;
  expiresAt: Date;
}

export type FixTokenCheck =
  | { ok: true; claims: FixTokenClaims }
  | { ok: false; reason: "malformed" | "signature" | "expired" };

function key(secret: string): Buffer {
  return createHmac("sha256", secret).update("orderflow:fix-link:v1").digest();
}

function sign(body: string, secret: string): Buffer {
  return createHmac("sha256", key(secret)).update(body).digest();
}

export function signFixToken(claims: FixTokenClaims, secret: string): string {
  const body = Buffer.from(
    JSON.stringify({ l: claims.linkId, s: claims.shop, o: claims.orderId, e: Math.floor(claims.expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${body}.${sign(body, secret).toString("base64url")}`;
}

export function verifyFixToken(token: string, secret: string, now: Date): FixTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return { ok: false, reason: "malformed" };
  const [body, signature] = parts;
  const given = Buffer.from(signature, "base64url");
  const expected = sign(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let claims: { l?: unknown; s?: unknown; o?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.l !== "string" || typeof claims.s !== "string" || typeof claims.o !== "string" || typeof claims.e !== "number") {
    return { ok: false, reason: "malformed" };
  }
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { linkId: claims.l, shop: claims.s, orderId: claims.o, expiresAt: new Date(claims.e * 1000) } };
}
