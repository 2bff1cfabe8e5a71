import { GraphqlQueryError, HttpInternalError, HttpThrottlingError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AdminApiError, adminRequest, type AdminGraphql } from "./admin-client.server";
import type { QueryCost } from "./pacing";
import { ShopThrottle, throttleGraphql } from "./throttled-graphql.server";

// The client's retry paths, driven by a stand-in for `admin.graphql` that answers the way
// @shopify/shopify-app-remix does (returned Response, thrown GraphqlQueryError, thrown
// HttpResponseError subclasses, thrown Response) and a fake clock whose sleep moves time.

function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    deps: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

const cost = (currentlyAvailable: number, requested: number, actual: number | null): QueryCost => ({
  requestedQueryCost: requested,
  actualQueryCost: actual,
  throttleStatus: { maximumAvailable: 1000, currentlyAvailable, restoreRate: 50 },
});

const ok = (data: unknown, c: QueryCost) => new Response(JSON.stringify({ data, extensions: { cost: c } }));

/** What the library throws for an answer with GraphQL errors: the client's result as `body`. */
function graphqlQueryError(errors: Array<{ message: string; extensions?: object }>, c?: QueryCost) {
  return new GraphqlQueryError({
    message: errors[0].message,
    response: {} as Record<string, unknown>,
    headers: {},
    body: { ...(c ? { extensions: { cost: c } } : {}), errors: { networkStatusCode: 200, message: "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.", graphQLErrors: errors } },
  } as ConstructorParameters<typeof GraphqlQueryError>[0]);
}

function scripted(...steps: Array<() => Response | never>) {
  const calls: string[] = [];
  const inner: AdminGraphql = async (query) => {
    calls.push(query);
    const step = steps[Math.min(calls.length, steps.length) - 1];
    return step();
  };
  return { inner, calls };
}

const QUERY = "query Shop { shop { name } }";
const total = (sleeps: number[]) => sleeps.reduce((sum, ms) => sum + ms, 0);

describe("throttleGraphql", () => {
  it("passes a clean answer through and learns the query's cost", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const { inner } = scripted(() => ok({ shop: { name: "Demo" } }, cost(998, 2, 2)));
    const data = await adminRequest<{ shop: { name: string } }>(throttleGraphql(inner, throttle), QUERY);
    expect(data.shop.name).toBe("Demo");
    expect(throttle.expectedCost(QUERY)).toBe(2);
    expect(throttle.stats).toMatchObject({ requests: 1, pointsSpent: 2, throttled: 0, retries: 0 });
  });

  it("retries THROTTLED thrown as GraphqlQueryError after waiting for the missing points", async () => {
    // GIVEN Shopify answers THROTTLED (70 requested, 30 available, 50/s) once, then the data
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const { inner, calls } = scripted(
      () => {
        throw graphqlQueryError([{ message: "Throttled", extensions: { code: "THROTTLED" } }], cost(30, 70, null));
      },
      () => ok({ shop: { name: "Demo" } }, cost(40, 70, 2)),
    );

    // WHEN the app asks
    const data = await adminRequest<{ shop: { name: string } }>(throttleGraphql(inner, throttle), QUERY);

    // THEN it waited (70 + 100 headroom − 30) / 50 = 2.8 s and the second attempt got the data
    expect(data.shop.name).toBe("Demo");
    expect(calls).toHaveLength(2);
    expect(total(time.sleeps)).toBe(2800);
    expect(throttle.stats).toMatchObject({ requests: 2, throttled: 1, retries: 1, unhandledThrottled: 0 });
  });

  it("retries THROTTLED returned in the body by a plain fetch client", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const throttledBody = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: cost(0, 100, null) } };
    const { inner, calls } = scripted(
      () => new Response(JSON.stringify(throttledBody)),
      () => ok({ shop: { name: "Demo" } }, cost(5, 100, 3)),
    );
    await adminRequest(throttleGraphql(inner, throttle), QUERY);
    expect(calls).toHaveLength(2);
    expect(total(time.sleeps)).toBe(4000);
  });

  it("honours Retry-After on HTTP 429 thrown as HttpThrottlingError", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const { inner, calls } = scripted(
      () => {
        throw new HttpThrottlingError({ message: "Shopify is throttling requests", code: 429, statusText: "Too Many Requests", body: {}, headers: {}, retryAfter: 2 });
      },
      () => ok({ shop: { name: "Demo" } }, cost(998, 2, 2)),
    );
    await adminRequest(throttleGraphql(inner, throttle), QUERY);
    expect(calls).toHaveLength(2);
    expect(time.sleeps).toEqual([2000]);
  });

  it("honours Retry-After on an HTTP 429 Response thrown by a route's admin context", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const { inner } = scripted(
      () => {
        throw new Response("{}", { status: 429, headers: { "Retry-After": "1.5" } });
      },
      () => ok({ shop: { name: "Demo" } }, cost(998, 2, 2)),
    );
    await adminRequest(throttleGraphql(inner, throttle), QUERY);
    expect(time.sleeps).toEqual([1500]);
  });

  it("backs off on 5xx and gives up after the last attempt with an error a job can retry", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps, undefined, { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 });
    const { inner, calls } = scripted(() => {
      throw new HttpInternalError({ message: "Shopify internal error", code: 503, statusText: "Service Unavailable", body: {}, headers: {} });
    });
    const failure = throttleGraphql(inner, throttle)(QUERY);
    await expect(failure).rejects.toBeInstanceOf(AdminApiError);
    await expect(failure).rejects.toThrow("Admin API still failing after 3 attempts (server-error)");
    expect(calls).toHaveLength(3);
    expect(time.sleeps).toEqual([500, 1000]);
  });

  it("answers other GraphQL errors as Shopify's body, whichever way the library reported them", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const { inner, calls } = scripted(() => {
      throw graphqlQueryError([{ message: "Field 'colour' doesn't exist on type 'Order'", extensions: { code: "undefinedField" } }]);
    });
    await expect(adminRequest(throttleGraphql(inner, throttle), QUERY)).rejects.toThrow("Field 'colour' doesn't exist on type 'Order'");
    expect(calls).toHaveLength(1);
  });

  it("rethrows a thrown Response it cannot cure (401) untouched", async () => {
    const time = fakeTime();
    const unauthorized = new Response(null, { status: 401 });
    const { inner } = scripted(() => {
      throw unauthorized;
    });
    await expect(throttleGraphql(inner, new ShopThrottle(time.deps))(QUERY)).rejects.toBe(unauthorized);
  });

  it("never sends again a document Shopify refused as over 1000 points", async () => {
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    const refused = { errors: [{ message: "Query cost is 1502 …", extensions: { code: "MAX_COST_EXCEEDED", cost: 1502, maxCost: 1000 } }] };
    const { inner, calls } = scripted(() => new Response(JSON.stringify(refused)));
    const graphql = throttleGraphql(inner, throttle);
    await expect(adminRequest(graphql, QUERY)).rejects.toThrow("Query cost is 1502");
    await expect(adminRequest(graphql, QUERY)).rejects.toThrow("Refusing to send a query whose requested cost is 1502");
    expect(calls).toHaveLength(1);
  });

  it("makes concurrent requests of one shop wait their turn instead of overdrawing the bucket", async () => {
    // GIVEN Shopify's bucket of 1000 points restoring 50/s, and a query that costs 200
    const time = fakeTime();
    const throttle = new ShopThrottle(time.deps);
    let level = 1000;
    let at = 0;
    const inner: AdminGraphql = async () => {
      level = Math.min(1000, level + ((time.deps.now() - at) / 1000) * 50);
      at = time.deps.now();
      if (level < 200) return new Response(JSON.stringify({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: cost(Math.floor(level), 200, null) } }));
      level -= 200;
      return ok({}, cost(Math.floor(level), 200, 200));
    };
    const graphql = throttleGraphql(inner, throttle);
    await graphql(QUERY);

    // WHEN ten more go at once
    await Promise.all(Array.from({ length: 10 }, () => graphql(QUERY)));

    // THEN none was throttled: once the bucket was down to its headroom each waited for its points
    expect(throttle.stats).toMatchObject({ requests: 11, throttled: 0 });
    expect(time.sleeps.length).toBeGreaterThan(0);
    expect(level).toBeGreaterThanOrEqual(0);
  });
});
