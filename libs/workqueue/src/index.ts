/**
 * @kubesim/workqueue: client-go's workqueue. Three interfaces that stack: a Queue (fair, stingy,
 * one worker per item at a time), a DelayingQueue on top (addAfter), and a RateLimitingQueue on top
 * of that (addRateLimited with per-item exponential back-off and an overall token bucket).
 */
export * from './clock.js';
export * from './queue.js';
export * from './delaying-queue.js';
export * from './rate-limiter.js';
export * from './rate-limiting-queue.js';
