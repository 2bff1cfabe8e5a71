import { GraphqlQueryError, HttpRequestError, HttpResponseError } from "@shopify/shopify-api";
import { AdminApiError, type AdminGraphql } from "./admin-client.server";
import {
  type Attempt,
  CostPacer,
  decide,
  DEFAULT_PACER_OPTIONS,
  DEFAULT_RETRY_POLICY,
  errorCodes,
  type GraphqlBody,
  MAX_QUERY_COST,
  type PacerOptions,
  type RetryPolicy,
} from "./pacing";

// The one Admin API client of the app: every `graphql` a wrapper in app/shopify/ receives goes
// through here (see clients.server.ts). Per shop it paces requests by Shopify's reported bucket,
// retries THROTTLED, HTTP 429 and 5xx, and refuses a document it knows costs more than 1,000.
//
// `admin.graphql` of @shopify/shopify-app-remix reports an answer in three ways: it returns a
// Response for a clean answer; it throws GraphqlQueryError (the answer attached as `body`) when
// the answer has GraphQL errors, THROTTLED included; and for HTTP errors it throws
// HttpResponseError (jobs: unauthenticated.admin) or a Response copied from it (routes:
// authenticate.admin). A plain fetch-based client returns the Response in every case. Each is
// read here into one Attempt, and the caller always gets a Response with Shopify's body back.

export interface ClientStats {
  requests: number;
  /** Sum of actualQueryCost: what Shopify charged. */
  pointsSpent: number;
  throttled: number;
  retries: number;
  /** Requests that ended in THROTTLED after the last attempt: should stay 0. */
  unhandledThrottled: number;
  waitedMs: number;
}

export interface ThrottleDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const realDeps: ThrottleDeps = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** A cost guess for a document never sent before; the first answer replaces it. */
const UNKNOWN_COST = 50;
/** A wait is re-examined this often: answers arriving meanwhile give back points set aside. */
const RECHECK_MS = 250;

export class ShopThrottle {
  readonly pacer: CostPacer;
  readonly stats: ClientStats = { requests: 0, pointsSpent: 0, throttled: 0, retries: 0, unhandledThrottled: 0, waitedMs: 0 };
  private readonly requestedCosts = new Map<string, number>();
  private gate: Promise<void> = Promise.resolve();

  constructor(
    readonly deps: ThrottleDeps = realDeps,
    pacerOptions: PacerOptions = DEFAULT_PACER_OPTIONS,
    readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.pacer = new CostPacer(deps.now, pacerOptions);
  }

  expectedCost(query: string): number {
    return this.requestedCosts.get(query) ?? UNKNOWN_COST;
  }

  learnCost(query: string, requested: number): void {
    this.requestedCosts.set(query, requested);
  }

  /** Waits for the request's turn and its points, one request at a time, then sets its cost aside. */
  acquire(cost: number): Promise<void> {
    const turn = this.gate.then(async () => {
      for (let wait = this.pacer.delayFor(cost); wait > 0; wait = this.pacer.delayFor(cost)) {
        const slice = Math.min(wait, RECHECK_MS);
        this.stats.waitedMs += slice;
        await this.deps.sleep(slice);
      }
      this.pacer.take(cost);
    });
    this.gate = turn.catch(() => undefined);
    return turn;
  }
}

function retryAfterSeconds(value: string | null | undefined | number): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const seconds = typeof value === "number" ? value : Number.parseFloat(value);
  return Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * Shopify's body as GraphQL defines it. The library nests errors as `{ graphQLErrors, message }`
 * when it reports a failed request, and Shopify answers HTTP errors with `errors` as a string.
 */
function normalizeBody(raw: unknown): GraphqlBody | null {
  if (raw === null || typeof raw !== "object") return null;
  const { data, extensions, errors } = raw as { data?: unknown; extensions?: GraphqlBody["extensions"]; errors?: unknown };
  let list: GraphqlBody["errors"];
  if (Array.isArray(errors)) list = errors as GraphqlBody["errors"];
  else if (typeof errors === "string") list = [{ message: errors }];
  else if (errors && typeof errors === "object") {
    const nested = errors as { graphQLErrors?: GraphqlBody["errors"]; message?: string };
    list = nested.graphQLErrors ?? [{ message: nested.message ?? "Admin API request failed" }];
  }
  return { ...(data !== undefined ? { data } : {}), ...(extensions ? { extensions } : {}), ...(list ? { errors: list } : {}) };
}

async function readJson(response: Response): Promise<GraphqlBody | null> {
  const text = await response.text();
  try {
    return text ? normalizeBody(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/** One request through the inner client, whichever way it reports its answer. Other errors propagate. */
async function attemptOnce(inner: AdminGraphql, query: string, options: Parameters<AdminGraphql>[1]): Promise<{ attempt: Attempt; thrown?: unknown }> {
  try {
    const response = await inner(query, options);
    return {
      attempt: { kind: "answer", status: response.status, body: await readJson(response), retryAfterSeconds: retryAfterSeconds(response.headers.get("Retry-After")) },
    };
  } catch (error) {
    if (error instanceof GraphqlQueryError) {
      return { attempt: { kind: "answer", status: 200, body: normalizeBody(error.body) ?? { errors: [{ message: error.message }] } } };
    }
    if (error instanceof HttpResponseError) {
      const { code, body, retryAfter } = error.response as { code: number; body: unknown; retryAfter?: number };
      return { attempt: { kind: "answer", status: code, body: normalizeBody(body), retryAfterSeconds: retryAfterSeconds(retryAfter) }, thrown: error };
    }
    if (error instanceof Response) {
      const retryAfter = retryAfterSeconds(error.headers.get("Retry-After"));
      return { attempt: { kind: "answer", status: error.status, body: await readJson(error.clone()), retryAfterSeconds: retryAfter }, thrown: error };
    }
    if (error instanceof HttpRequestError) return { attempt: { kind: "no-response", message: error.message }, thrown: error };
    throw error;
  }
}

export function throttleGraphql(inner: AdminGraphql, throttle: ShopThrottle): AdminGraphql {
  return async (query, options) => {
    const { stats } = throttle;
    for (let number = 1; ; number++) {
      const expected = throttle.expectedCost(query);
      if (expected > MAX_QUERY_COST) {
        throw new AdminApiError(`Refusing to send a query whose requested cost is ${expected}, above Shopify's limit of ${MAX_QUERY_COST}`, { query });
      }
      await throttle.acquire(expected);
      stats.requests += 1;
      let outcome: Awaited<ReturnType<typeof attemptOnce>>;
      try {
        outcome = await attemptOnce(inner, query, options);
      } catch (error) {
        throttle.pacer.settle(expected, undefined);
        throw error;
      }
      const { attempt, thrown } = outcome;
      const cost = attempt.kind === "answer" ? attempt.body?.extensions?.cost : undefined;
      throttle.pacer.settle(expected, cost);
      if (cost) {
        throttle.learnCost(query, cost.requestedQueryCost);
        stats.pointsSpent += cost.actualQueryCost ?? 0;
      }
      if (attempt.kind === "answer") {
        const codes = errorCodes(attempt.body);
        if (codes.includes("THROTTLED")) stats.throttled += 1;
        if (codes.includes("MAX_COST_EXCEEDED")) {
          const refused = attempt.body?.errors?.find((e) => e.extensions?.code === "MAX_COST_EXCEEDED")?.extensions?.cost;
          throttle.learnCost(query, typeof refused === "number" ? refused : MAX_QUERY_COST + 1);
        }
      }

      const decision = decide(attempt, number, throttle.policy, throttle.deps.random);
      if (decision.action === "retry") {
        stats.retries += 1;
        if (decision.delayMs > 0) {
          stats.waitedMs += decision.delayMs;
          await throttle.deps.sleep(decision.delayMs);
        }
        continue;
      }
      if (decision.action === "give-up") {
        if (decision.reason === "throttled") stats.unhandledThrottled += 1;
        throw new AdminApiError(`Admin API still failing after ${number} attempts (${decision.reason})`, attempt);
      }
      if (thrown) throw thrown;
      return new Response(JSON.stringify(attempt.kind === "answer" ? attempt.body : null), {
        status: attempt.kind === "answer" ? attempt.status : 502,
        headers: { "Content-Type": "application/json" },
      });
    }
  };
}

declare global {
  // eslint-disable-next-line no-var
  var orderflowThrottles: Map<string, ShopThrottle> | undefined;
}

/** The process's pacing state for a shop: every client of that shop in this process shares it. */
export function shopThrottle(shop: string): ShopThrottle {
  globalThis.orderflowThrottles ??= new Map();
  let throttle = globalThis.orderflowThrottles.get(shop);
  if (!throttle) {
    throttle = new ShopThrottle();
    globalThis.orderflowThrottles.set(shop, throttle);
  }
  return throttle;
}

export function throttledGraphql(shop: string, inner: AdminGraphql): AdminGraphql {
  return throttleGraphql(inner, shopThrottle(shop));
}
