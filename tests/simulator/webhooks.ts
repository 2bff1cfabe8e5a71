// Webhook delivery as Shopify does it — POST to the subscription's URI with Shopify's headers
// and HMAC, retried on failure — plus the switches a hostile network needs for testing:
// duplicate copies, reordering within a window, delays, limited concurrency.
import { createHmac, randomUUID } from "node:crypto";
import type { WebhookSubscription } from "./app-config";
import type { Clock } from "./clock";
import { mulberry32 } from "./random";

export interface ReorderSwitch {
  /** Events held back before a shuffled release (a release also happens after `windowMs`). */
  window: number;
  windowMs: number;
}

export interface DropSwitch {
  /** Topics whose events are lost (every topic when empty). */
  topics: string[];
  /** Share of those events lost, drawn from the seeded generator (1: all of them). */
  rate: number;
}

export interface WebhookSwitches {
  /** Extra copies of every event: same X-Shopify-Event-Id, new X-Shopify-Webhook-Id. */
  duplicates: number;
  /** Events that never reach the app, as when Shopify's delivery fails for good. */
  drop: DropSwitch | null;
  reorder: ReorderSwitch | null;
  /** A fixed delay, or a uniformly random one in [min, max], before each delivery. */
  delayMs: number | [number, number];
  concurrency: number;
  /** Seed of the generator behind shuffling and random delays. */
  seed: number;
  /** Wait after the 1st, 2nd, … failed attempt; an attempt past the list gives up. */
  retryScheduleMs: number[];
  timeoutMs: number;
}

export type WebhookSwitchesInput = Partial<Omit<WebhookSwitches, "reorder">> & {
  reorder?: (Partial<ReorderSwitch> & { window: number }) | null;
};

export const DEFAULT_SWITCHES: WebhookSwitches = {
  duplicates: 0,
  drop: null,
  reorder: null,
  delayMs: 0,
  concurrency: 4,
  seed: 1,
  retryScheduleMs: [1000, 2000, 4000, 8000],
  timeoutMs: 5000,
};

const DEFAULT_REORDER_WINDOW_MS = 50;

export interface DeliveryRecord {
  eventId: string;
  webhookId: string;
  topic: string;
  shop: string;
  url: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  forgedHmac: boolean;
  /** Lost on purpose by the drop switch: never sent. */
  dropped: boolean;
  at: string;
}

export interface EmitOptions {
  eventId?: string;
  /** Sign with the wrong key (a forged delivery). */
  forgeHmac?: boolean;
  /** Deliver here instead of the subscription's URI. */
  url?: string;
}

interface PendingDelivery {
  eventId: string;
  webhookId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  triggeredAt: string;
  forgeHmac: boolean;
  attempts: number;
  generation: number;
}

export function webhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface DispatcherOptions {
  appUrl: string;
  apiSecret: string;
  apiVersion: string;
  subscriptions: WebhookSubscription[];
  clock: Clock;
  switches?: WebhookSwitchesInput;
  log?: (line: string) => void;
}

export class WebhookDispatcher {
  private current: WebhookSwitches = { ...DEFAULT_SWITCHES };
  private random = mulberry32(DEFAULT_SWITCHES.seed);
  private readonly log: (line: string) => void;
  private readonly records: DeliveryRecord[] = [];
  private readonly queue: PendingDelivery[] = [];
  private held: PendingDelivery[] = [];
  private heldTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private active = 0;
  /** Copies not yet finished for good (delivered, or out of retries). */
  private unfinished = 0;
  private idleWaiters: Array<() => void> = [];
  /** Bumped by reset: deliveries of an older generation are dropped wherever they are. */
  private generation = 0;
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {
    this.log = options.log ?? (() => {});
    if (options.switches) this.configure(options.switches);
  }

  get switches(): WebhookSwitches {
    return structuredClone(this.current);
  }

  configure(input: WebhookSwitchesInput): WebhookSwitches {
    const { reorder, ...rest } = input;
    const next: WebhookSwitches = { ...this.current, ...rest };
    if (reorder !== undefined) {
      next.reorder = reorder === null ? null : { window: reorder.window, windowMs: reorder.windowMs ?? DEFAULT_REORDER_WINDOW_MS };
    }
    if (input.seed !== undefined) this.random = mulberry32(input.seed);
    this.current = next;
    if (!next.reorder) this.releaseHeld();
    this.pump();
    return this.switches;
  }

  subscriptionFor(topic: string): WebhookSubscription | undefined {
    return this.options.subscriptions.find((subscription) => subscription.topic === topic);
  }

  /**
   * Fires one event to the topic's subscription. Returns null (and sends nothing) when the app
   * does not subscribe to the topic and no `url` is given — as Shopify sends nothing then.
   */
  emit(shop: string, topic: string, payload: unknown, options: EmitOptions = {}): { eventId: string } | null {
    const subscription = this.subscriptionFor(topic);
    const target = options.url ?? (subscription ? new URL(subscription.uri, this.options.appUrl).toString() : undefined);
    if (!target || this.closed) return null;
    const eventId = options.eventId ?? randomUUID();
    const body = JSON.stringify(payload);
    const triggeredAt = new Date(this.options.clock.now()).toISOString();
    const { drop } = this.current;
    if (drop && (drop.topics.length === 0 || drop.topics.includes(topic)) && this.random() < drop.rate) {
      this.records.push({
        eventId,
        webhookId: randomUUID(),
        topic,
        shop,
        url: target,
        attempt: 0,
        statusCode: null,
        error: "dropped by the simulator's drop switch",
        forgedHmac: false,
        dropped: true,
        at: triggeredAt,
      });
      return { eventId };
    }
    const copies = 1 + this.current.duplicates;
    for (let copy = 0; copy < copies; copy++) {
      const delivery: PendingDelivery = {
        eventId,
        webhookId: randomUUID(),
        topic,
        shop,
        url: target,
        body,
        triggeredAt,
        forgeHmac: options.forgeHmac ?? false,
        attempts: 0,
        generation: this.generation,
      };
      this.unfinished += 1;
      if (this.current.reorder) this.hold(delivery);
      else this.schedule(delivery);
    }
    return { eventId };
  }

  private hold(delivery: PendingDelivery): void {
    const reorder = this.current.reorder!;
    this.held.push(delivery);
    if (this.held.length >= reorder.window) this.releaseHeld();
    else if (!this.heldTimer) this.heldTimer = setTimeout(() => this.releaseHeld(), reorder.windowMs);
  }

  private releaseHeld(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    const batch = this.held;
    this.held = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    for (const delivery of batch) this.schedule(delivery);
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private schedule(delivery: PendingDelivery): void {
    const { delayMs } = this.current;
    const delay = Array.isArray(delayMs) ? delayMs[0] + Math.floor(this.random() * (delayMs[1] - delayMs[0] + 1)) : delayMs;
    if (delay > 0) this.later(delay, () => this.enqueue(delivery));
    else this.enqueue(delivery);
  }

  private enqueue(delivery: PendingDelivery): void {
    this.queue.push(delivery);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.active < this.current.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.active += 1;
      void this.attempt(delivery).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private async attempt(delivery: PendingDelivery): Promise<void> {
    delivery.attempts += 1;
    const secret = delivery.forgeHmac ? `${this.options.apiSecret}-forged` : this.options.apiSecret;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new Error(`timed out after ${this.current.timeoutMs} ms`)), this.current.timeoutMs);
    this.inFlight.add(controller);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Hmac-Sha256": webhookHmac(delivery.body, secret),
          "X-Shopify-Shop-Domain": delivery.shop,
          "X-Shopify-API-Version": this.options.apiVersion,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt,
        },
        body: delivery.body,
        signal: controller.signal,
      });
      statusCode = response.status;
      await response.arrayBuffer();
    } catch (caught) {
      error = caught instanceof Error ? (caught.cause instanceof Error ? caught.cause.message : caught.message) : String(caught);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (delivery.generation !== this.generation) return;
    this.records.push({
      eventId: delivery.eventId,
      webhookId: delivery.webhookId,
      topic: delivery.topic,
      shop: delivery.shop,
      url: delivery.url,
      attempt: delivery.attempts,
      statusCode,
      error,
      forgedHmac: delivery.forgeHmac,
      dropped: false,
      at: new Date(this.options.clock.now()).toISOString(),
    });
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    this.log(`webhook ${delivery.topic} ${delivery.shop} attempt ${delivery.attempts}: ${statusCode ?? error}`);
    const wait = this.current.retryScheduleMs[delivery.attempts - 1];
    if (!ok && wait !== undefined && !this.closed) {
      this.later(wait, () => this.enqueue(delivery));
      return;
    }
    this.finish();
  }

  private finish(): void {
    this.unfinished -= 1;
    if (this.unfinished === 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  deliveries(filter: { shop?: string; topic?: string; eventId?: string } = {}): DeliveryRecord[] {
    return this.records.filter(
      (record) =>
        (!filter.shop || record.shop === filter.shop) &&
        (!filter.topic || record.topic === filter.topic) &&
        (!filter.eventId || record.eventId === filter.eventId),
    );
  }

  /** Resolves once every delivery fired so far, retries included, has finished. */
  flush(): Promise<void> {
    this.releaseHeld();
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops everything pending and forgets the log; switches go back to what the simulator started with. */
  reset(switches: WebhookSwitchesInput = {}): void {
    this.cancelPending();
    this.records.length = 0;
    this.current = { ...DEFAULT_SWITCHES };
    this.random = mulberry32(DEFAULT_SWITCHES.seed);
    this.configure(switches);
  }

  private cancelPending(): void {
    this.generation += 1;
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort(new Error("simulator reset"));
    this.held = [];
    this.queue.length = 0;
    this.unfinished = 0;
    this.wakeIdle();
  }

  close(): void {
    this.closed = true;
    this.cancelPending();
  }
}
