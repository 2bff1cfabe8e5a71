// Shopify's Admin API meters each app and shop with a leaky bucket of query-cost points
// (shopify.dev, "GraphQL Admin API rate limits"). This module decides, without any I/O, when a
// request may go and what to do with each answer; throttled-graphql.server.ts does the I/O.

export const MAX_QUERY_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** `extensions.cost` of an Admin API answer. */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface PacerOptions {
  /** Share of the restore rate this process spends over time; the bucket is shared by every process of the app. */
  share: number;
  /** Share of the bucket left untouched, so that another process's request is not the one throttled. */
  headroom: number;
}

export const DEFAULT_PACER_OPTIONS: PacerOptions = { share: 0.8, headroom: 0.1 };

interface Bucket {
  maximum: number;
  restoreRate: number;
  available: number;
  at: number;
}

/**
 * One shop's pacing. Two limits apply to each request: this process's own allowance, which
 * refills at `share` × the restore rate (so, over time, it never spends more than that), and the
 * bucket as Shopify last reported it, refilled since at the full rate, less what requests still
 * in flight will take and the headroom. Until the first answer nothing is known and nothing waits.
 */
export class CostPacer {
  private bucket: Bucket | undefined;
  private allowance = 0;
  private allowanceAt = 0;
  private inFlight = 0;

  constructor(
    private readonly now: () => number,
    private readonly options: PacerOptions = DEFAULT_PACER_OPTIONS,
  ) {}

  get known(): boolean {
    return this.bucket !== undefined;
  }

  private ownAllowance(at: number): number {
    const bucket = this.bucket!;
    const refilled = ((at - this.allowanceAt) / 1000) * bucket.restoreRate * this.options.share;
    return Math.min(bucket.maximum, this.allowance + Math.max(0, refilled));
  }

  private bucketLevel(at: number): number {
    const bucket = this.bucket!;
    return Math.min(bucket.maximum, bucket.available + (Math.max(0, at - bucket.at) / 1000) * bucket.restoreRate);
  }

  /** Milliseconds before a request expected to cost `cost` may go; 0 when it may go now. */
  delayFor(cost: number): number {
    if (!this.bucket) return 0;
    const at = this.now();
    const { maximum, restoreRate } = this.bucket;
    const need = Math.min(cost, maximum);
    const headroom = Math.min(this.options.headroom * maximum, maximum - need);
    const bucketShort = need + headroom - (this.bucketLevel(at) - this.inFlight);
    const ownShort = need - this.ownAllowance(at);
    const seconds = Math.max(0, bucketShort / restoreRate, ownShort / (restoreRate * this.options.share));
    return Math.ceil(seconds * 1000);
  }

  /** The request goes now: its expected cost is set aside until its answer comes. */
  take(cost: number): void {
    if (this.bucket) {
      const at = this.now();
      this.allowance = this.ownAllowance(at) - cost;
      this.allowanceAt = at;
    }
    this.inFlight += cost;
  }

  /**
   * The answer to a request that took `taken` came, with Shopify's cost when it had one. The
   * bucket is what Shopify says now; what was set aside but not charged (the actual cost is
   * usually below the requested one, and a throttled request costs nothing) is given back.
   */
  settle(taken: number, cost: QueryCost | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - taken);
    const status = cost?.throttleStatus;
    if (!status) return;
    const at = this.now();
    const first = !this.bucket;
    const refund = taken - (cost.actualQueryCost ?? 0);
    const allowance = first ? status.currentlyAvailable : this.ownAllowance(at) + refund;
    this.bucket = { maximum: status.maximumAvailable, restoreRate: status.restoreRate, available: status.currentlyAvailable, at };
    this.allowance = Math.min(allowance, status.maximumAvailable);
    this.allowanceAt = at;
  }
}

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[];
  extensions?: { cost?: QueryCost };
}

/** What one attempt produced, whichever way the client reported it (answer, thrown error, thrown Response). */
export type Attempt =
  | { kind: "answer"; status: number; body: GraphqlBody | null; retryAfterSeconds?: number }
  | { kind: "no-response"; message: string };

export type RetryReason = "throttled" | "http-429" | "server-error" | "network";

export type Decision =
  | { action: "return" }
  | { action: "retry"; reason: RetryReason; delayMs: number }
  | { action: "give-up"; reason: RetryReason };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

export function errorCodes(body: GraphqlBody | null): string[] {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  return errors.flatMap((error) => (error.extensions?.code ? [error.extensions.code] : []));
}

/** Doubling from the base, capped, ±20 % so that requests that failed together do not come back together. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * What to do after attempt number `attempt` (1-based). A THROTTLED answer that carries the
 * bucket is retried with no delay of its own: the pacer, which has just read that bucket, makes
 * the request wait until its points are back.
 */
export function decide(attempt: Attempt, number: number, policy: RetryPolicy, random: () => number): Decision {
  let reason: RetryReason | undefined;
  let delayMs = backoffMs(number, policy, random);
  if (attempt.kind === "no-response") reason = "network";
  else if (attempt.status === 429) {
    reason = "http-429";
    if (attempt.retryAfterSeconds !== undefined && Number.isFinite(attempt.retryAfterSeconds)) {
      delayMs = Math.max(0, Math.round(attempt.retryAfterSeconds * 1000));
    }
  } else if (attempt.status >= 500) reason = "server-error";
  else if (errorCodes(attempt.body).includes("THROTTLED")) {
    reason = "throttled";
    const cost = attempt.body?.extensions?.cost;
    // A request dearer than the whole bucket would wait for ever.
    if (cost && cost.requestedQueryCost > cost.throttleStatus.maximumAvailable) return { action: "give-up", reason };
    if (cost?.throttleStatus) delayMs = 0;
  }
  if (!reason) return { action: "return" };
  if (number >= policy.maxAttempts) return { action: "give-up", reason };
  return { action: "retry", reason, delayMs };
}
