import type { Clock } from './clock.js';
import { DelayingWorkQueue, type DelayingQueue } from './delaying-queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * workqueue.RateLimitingInterface: a delaying queue whose retries wait as long as the rate limiter
 * says. Callers `forget` an item once it succeeded (or was given up), which resets its back-off;
 * `forget` does not remove the item from the queue.
 */
export interface RateLimitingQueue<T> extends DelayingQueue<T> {
  addRateLimited(item: T): void;
  forget(item: T): void;
  numRequeues(item: T): number;
}

export class RateLimitingWorkQueue<T> extends DelayingWorkQueue<T> implements RateLimitingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(opts: { rateLimiter?: RateLimiter<T>; clock?: Clock } = {}) {
    super(opts.clock ? { clock: opts.clock } : {});
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>(opts.clock ? { clock: opts.clock } : {});
  }

  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
