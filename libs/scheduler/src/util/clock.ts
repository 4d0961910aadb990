/**
 * Time source for everything in the scheduler that reads the time (queue timestamps and backoff,
 * assumed-pod expiry, preemption's pod start times). Milliseconds since the epoch. Tests inject
 * a `FakeClock` (see `testing.ts`) so that every time-dependent decision is deterministic.
 */
export interface Clock {
  now(): number;
}

export const realClock: Clock = { now: () => Date.now() };

/** A source of uniformly distributed numbers in [0, 1), like `Math.random`; injected for tie-breaking. */
export type RandomSource = () => number;
