import type { Clock } from "../clock";

export interface BucketLimits {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus extends BucketLimits {
  currentlyAvailable: number;
}

/** Shopify's per app-and-shop leaky bucket of query cost points. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly limits: BucketLimits,
    private readonly clock: Clock,
  ) {
    this.available = limits.maximumAvailable;
    this.updatedAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.limits.maximumAvailable, this.available + elapsedSeconds * this.limits.restoreRate);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.limits.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.limits.restoreRate,
    };
  }

  /** Takes `cost` points when that many are available; false means THROTTLED. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Test control: leaves exactly `points` in the bucket (it restores from there as usual). */
  setAvailable(points: number): void {
    this.refill();
    this.available = Math.min(this.limits.maximumAvailable, Math.max(0, points));
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.limits.maximumAvailable, this.available + Math.max(0, points));
  }
}
