import { describe, expect, it } from "vitest";
import { advanceSession, checkCsrf, csrfToken, signSession, signStatus, startSession, verifySession, verifyStatus } from "./tokens";

const SECRET = "orderflow-local-secret";
const NOW = new Date("2026-11-27T10:00:00Z");
const SHOP = "portal.myshopify.com";

describe("portal sessions", () => {
  it("GIVEN a session with an order and a draft WHEN signed and verified THEN it comes back whole", () => {
    const session = advanceSession(
      startSession(SHOP, "", ["refund", "exchange"], NOW),
      { orderId: "gid://shopify/Order/1", foundBy: "guest", draft: { lines: [{ lineId: "gid://shopify/FulfillmentLineItem/9", quantity: "1" }], replacements: [], delivery: null } },
      NOW,
    );
    expect(verifySession(signSession(session, SECRET), SECRET, NOW)).toEqual({ ok: true, claims: { ...session, expiresAt: new Date("2026-11-27T10:30:00Z") } });
  });

  it("GIVEN a session WHEN thirty minutes have passed THEN it is refused as expired", () => {
    const token = signSession(startSession(SHOP, "", [], NOW), SECRET);
    expect(verifySession(token, SECRET, new Date("2026-11-27T10:29:59Z")).ok).toBe(true);
    expect(verifySession(token, SECRET, new Date("2026-11-27T10:30:00Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it("GIVEN a session WHEN someone swaps in another order THEN the signature no longer matches", () => {
    const session = advanceSession(startSession(SHOP, "", [], NOW), { orderId: "gid://shopify/Order/1", foundBy: "guest" }, NOW);
    const [body, signature] = signSession(session, SECRET).split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...claims, o: "gid://shopify/Order/2" })).toString("base64url");
    expect(verifySession(`${forged}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });

  it("GIVEN a status link WHEN offered as a session, or the reverse, THEN neither is accepted for the other", () => {
    const status = signStatus({ shop: SHOP, orderId: "o", returnId: "r" }, SECRET, NOW);
    expect(verifySession(status, SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyStatus(signSession(startSession(SHOP, "", [], NOW), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyStatus(status, SECRET, NOW)).toMatchObject({ ok: true, claims: { shop: SHOP, orderId: "o", returnId: "r" } });
  });

  it.each(["", "abc", "a.b.c", "a b.c"])("GIVEN the malformed token %j THEN it is refused", (token) => {
    expect(verifySession(token, SECRET, NOW).ok).toBe(false);
  });
});

describe("CSRF tokens", () => {
  const session = startSession(SHOP, "42", [], NOW);

  it("GIVEN a session's CSRF token THEN it passes for that session only", () => {
    const token = csrfToken(session, SECRET);
    expect(checkCsrf(session, token, SECRET)).toBe(true);
    expect(checkCsrf(startSession(SHOP, "42", [], NOW), token, SECRET)).toBe(false);
    expect(checkCsrf({ ...session, customerId: "43" }, token, SECRET)).toBe(false);
    expect(checkCsrf(session, "", SECRET)).toBe(false);
  });

  it("GIVEN the session token itself WHEN offered as the CSRF token THEN it is refused", () => {
    expect(checkCsrf(session, signSession(session, SECRET), SECRET)).toBe(false);
  });
});
