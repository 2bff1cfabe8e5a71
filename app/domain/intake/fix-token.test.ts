import { describe, expect, it } from "vitest";
import { signFixToken, verifyFixToken } from "./fix-token";

const SECRET = "orderflow-local-secret";
const NOW = new Date("2026-11-02T10:00:00Z");
const claims = { linkId: "link-1", shop: "demo.myshopify.com", orderId: "1000000123", expiresAt: new Date("2026-11-05T10:00:00Z") };

describe("fix link tokens", () => {
  it("GIVEN a token signed with the app secret WHEN verified before it expires THEN it grants that order of that shop", () => {
    expect(verifyFixToken(signFixToken(claims, SECRET), SECRET, NOW)).toEqual({ ok: true, claims });
  });

  it("GIVEN a token WHEN its expiry has passed THEN it is refused as expired", () => {
    expect(verifyFixToken(signFixToken(claims, SECRET), SECRET, new Date("2026-11-05T10:00:00Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it("GIVEN a token WHEN someone changes the order it names THEN the signature no longer matches", () => {
    const [body, signature] = signFixToken(claims, SECRET).split(".");
    const decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...decoded, o: "1000000124" })).toString("base64url");
    expect(verifyFixToken(`${forged}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });

  it("GIVEN a token signed with another secret THEN it is refused", () => {
    expect(verifyFixToken(signFixToken(claims, "another-secret"), SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });

  it.each(["", "abc", "a.b.c", "a b.c", "eyJ.eyJ"])("GIVEN the malformed token %j THEN it is refused", (token) => {
    expect(verifyFixToken(token, SECRET, NOW).ok).toBe(false);
  });

  it("GIVEN a token signed as a webhook HMAC would be (raw secret) THEN it is refused", async () => {
    const { createHmac } = await import("node:crypto");
    const body = Buffer.from(JSON.stringify({ l: "x", s: claims.shop, o: claims.orderId, e: 1893456000 })).toString("base64url");
    const raw = createHmac("sha256", SECRET).update(body).digest("base64url");
    expect(verifyFixToken(`${body}.${raw}`, SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });
});
