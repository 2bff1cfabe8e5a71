import { describe, expect, it } from "vitest";
import { backoffMs, CostPacer, decide, DEFAULT_RETRY_POLICY, type QueryCost } from "./pacing";

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const standard = (currentlyAvailable: number, requested: number, actual: number | null): QueryCost => ({
  requestedQueryCost: requested,
  actualQueryCost: actual,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 },
});

describe("CostPacer", () => {
  it("lets the first request go at once: nothing is known about the bucket yet", () => {
    const pacer = new CostPacer(clock().now);
    expect(pacer.delayFor(500)).toBe(0);
  });

  it("spends a full bucket down to its headroom, then waits for points to come back", () => {
    // GIVEN Shopify reported a full Standard bucket (2000 points, 100/s) after a 10-point query
    const time = clock();
    const pacer = new CostPacer(time.now);
    pacer.take(10);
    pacer.settle(10, standard(1990, 10, 10));

    // WHEN requests of 100 points go one after another without waiting
    let sent = 0;
    while (pacer.delayFor(100) === 0) {
      pacer.take(100);
      pacer.settle(100, standard(1990 - 100 * (sent + 1), 100, 100));
      sent++;
    }

    // THEN 17 go (1990 → 290, keeping 200 of headroom) and the next one waits 100 - 90 = 1 s at 100/s
    expect(sent).toBe(17);
    expect(pacer.delayFor(100)).toBe(100);
  });

  it("over time spends no more than 80 % of the restore rate", () => {
    // GIVEN a pacer at steady state: its own allowance used up, Shopify's bucket nearly empty
    const time = clock();
    const pacer = new CostPacer(time.now);
    pacer.take(1);
    pacer.settle(1, standard(300, 1, 1));
    let bucket = 300;
    let spent = 0;

    // WHEN a caller sends 50-point requests as fast as the pacer allows for 10 minutes
    while (time.now() < 600_000) {
      const wait = pacer.delayFor(50);
      time.advance(wait);
      bucket = Math.min(2000, bucket + (wait / 1000) * 100) - 50;
      expect(bucket).toBeGreaterThanOrEqual(0);
      pacer.take(50);
      pacer.settle(50, standard(Math.floor(bucket), 50, 50));
      spent += 50;
    }

    // THEN beyond the 300 points it started with, it spent 80 points a second (within one request)
    const seconds = time.now() / 1000;
    expect(spent - 300).toBeLessThanOrEqual(80 * seconds + 50);
    expect(spent - 300).toBeGreaterThan(80 * seconds - 50);
  });

  it("counts what is in flight against the bucket, so concurrent requests do not overdraw it", () => {
    const time = clock();
    const pacer = new CostPacer(time.now);
    pacer.take(1);
    pacer.settle(1, standard(1000, 1, 1));
    // 1000 available, 200 headroom: three of 300 fit only if the third waits
    pacer.take(300);
    pacer.take(300);
    expect(pacer.delayFor(300)).toBe(1000);
    // the first answer comes back having cost only 30: its 270 unspent points are given back
    pacer.settle(300, standard(970, 300, 30));
    expect(pacer.delayFor(300)).toBe(0);
  });

  it("gives back all of a throttled request's points and waits for what Shopify says is missing", () => {
    const time = clock();
    const pacer = new CostPacer(time.now);
    pacer.take(70);
    // Shopify's captured THROTTLED answer: 70 requested, 66 available, 50/s restore, nothing charged
    pacer.settle(70, {
      requestedQueryCost: 70,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 66, restoreRate: 50 },
    });
    // 70 + 100 headroom − 66 = 104 points at 50/s
    expect(pacer.delayFor(70)).toBe(2080);
    time.advance(2080);
    expect(pacer.delayFor(70)).toBe(0);
  });

  it("lets a request as large as the whole bucket go once the bucket is full", () => {
    const time = clock();
    const pacer = new CostPacer(time.now);
    pacer.take(1);
    pacer.settle(1, { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 } });
    expect(pacer.delayFor(1000)).toBe(25_000);
  });
});

describe("decide", () => {
  const noJitter = () => 0.5;
  const answer = (status: number, body: object | null, retryAfterSeconds?: number) =>
    ({ kind: "answer", status, body, retryAfterSeconds }) as const;
  const throttled = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: standard(5, 70, null) } };

  it.each([
    ["a clean answer", answer(200, { data: {} }), { action: "return" }],
    ["a GraphQL error that is not throttling", answer(200, { errors: [{ message: "x", extensions: { code: "undefinedField" } }] }), { action: "return" }],
    ["MAX_COST_EXCEEDED (retrying cannot help)", answer(200, { errors: [{ message: "x", extensions: { code: "MAX_COST_EXCEEDED" } }] }), { action: "return" }],
    ["THROTTLED with the bucket: the pacer waits", answer(200, throttled), { action: "retry", reason: "throttled", delayMs: 0 }],
    ["THROTTLED without the bucket: back off", answer(200, { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }), { action: "retry", reason: "throttled", delayMs: 500 }],
    ["HTTP 429 with Retry-After: 2.5", answer(429, null, 2.5), { action: "retry", reason: "http-429", delayMs: 2500 }],
    ["HTTP 429 without Retry-After", answer(429, null), { action: "retry", reason: "http-429", delayMs: 500 }],
    ["HTTP 503", answer(503, null), { action: "retry", reason: "server-error", delayMs: 500 }],
    ["no response at all", { kind: "no-response", message: "socket hang up" } as const, { action: "retry", reason: "network", delayMs: 500 }],
    ["HTTP 401 (a retry cannot fix credentials)", answer(401, null), { action: "return" }],
  ])("%s → %j", (_, attempt, expected) => {
    expect(decide(attempt, 1, DEFAULT_RETRY_POLICY, noJitter)).toEqual(expected);
  });

  it("gives up at once on THROTTLED for a request dearer than the whole bucket", () => {
    const body = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { ...standard(40, 102, null), throttleStatus: { maximumAvailable: 40, currentlyAvailable: 40, restoreRate: 20 } } } };
    expect(decide(answer(200, body), 1, DEFAULT_RETRY_POLICY, noJitter)).toEqual({ action: "give-up", reason: "throttled" });
  });

  it("gives up after the last attempt, saying why", () => {
    expect(decide(answer(503, null), DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY, noJitter)).toEqual({
      action: "give-up",
      reason: "server-error",
    });
  });

  it("backs off 0.5 s, 1 s, 2 s … up to 30 s, ±20 %", () => {
    expect([1, 2, 3, 4, 12].map((n) => backoffMs(n, DEFAULT_RETRY_POLICY, noJitter))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(400);
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(600);
  });
});
