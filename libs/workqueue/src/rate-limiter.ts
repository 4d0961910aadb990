import { realClock, type Clock } from './clock.js';

/** workqueue.TypedRateLimiter: how long an item should wait before it is retried. */
export interface RateLimiter<T> {
  /** The delay for this retry of `item` (and counts it). */
  when(item: T): number;
  /** Stops tracking the item (it succeeded or was given up). */
  forget(item: T): void;
  /** How many times the item has been retried since it was last forgotten. */
  numRequeues(item: T): number;
}

/**
 * Per-item exponential back-off: base × 2^failures, capped at max
 * (client-go's ItemExponentialFailureRateLimiter; defaults 5 ms and 1000 s).
 */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 1_000_000,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(backoff) && backoff < this.maxDelayMs ? backoff : this.maxDelayMs;
  }
  forget(item: T): void {
    this.failures.delete(item);
  }
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (golang.org/x/time/rate as client-go's BucketRateLimiter uses it):
 * `qps` tokens per second, at most `burst` saved up. Each `when` reserves one token and returns how
 * long to wait for it. Items are not tracked.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;
  private readonly clock: Clock;

  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    opts: { clock?: Clock } = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.tokens = burst;
    this.last = this.clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }
  forget(_item: T): void {}
  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay of several limiters (MaxOfRateLimiter); every limiter counts every call. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: ReadonlyArray<RateLimiter<T>>;
  constructor(...limiters: Array<RateLimiter<T>>) {
    this.limiters = limiters;
  }
  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }
  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/**
 * DefaultControllerRateLimiter: per-item exponential back-off from 5 ms to 1000 s, and an overall
 * bucket of 10 qps with a burst of 100 (which only matters for large numbers of failing items).
 */
export function defaultControllerRateLimiter<T>(opts: { clock?: Clock } = {}): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1_000_000), new BucketRateLimiter<T>(10, 100, opts));
}
