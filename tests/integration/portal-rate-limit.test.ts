import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { DEFAULT_PORTAL_LIMITS, limitLookup, limitRequest } from "../../app/portal/rate-limit.server";
import { createTestDb, describeEachFlavour, type TestDb } from "../support/test-db";

// The portal's rate limits on each database: counts shared through the table, concurrent requests
// all counted, each budget on its own key.

const SHOP = "portal-limits.myshopify.com";

await describeEachFlavour("portal rate limits", (flavour) => {
  let testDb: TestDb;

  beforeAll(async () => {
    testDb = await createTestDb({ flavour });
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
    // The windows are a minute to an hour long; a stopped clock keeps a slow run inside them.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("GIVEN twenty lookups of one order at once from different clients THEN exactly five get through", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => limitLookup(testDb.db, DEFAULT_PORTAL_LIMITS, SHOP, `ip:192.0.2.${n}`, "1001")),
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(5);
    expect(answers.find((answer) => !answer.ok)).toEqual({ ok: false, retryAfterSeconds: expect.any(Number) });
  });

  it("GIVEN one client over its request budget THEN it is refused while another client of the shop is not", async () => {
    const limits = { ...DEFAULT_PORTAL_LIMITS, clientPerMinute: 3 };
    for (let n = 0; n < 3; n++) expect(await limitRequest(testDb.db, limits, SHOP, "ip:192.0.2.1")).toEqual({ ok: true });
    expect((await limitRequest(testDb.db, limits, SHOP, "ip:192.0.2.1")).ok).toBe(false);
    expect(await limitRequest(testDb.db, limits, SHOP, "ip:192.0.2.2")).toEqual({ ok: true });
  });
});
