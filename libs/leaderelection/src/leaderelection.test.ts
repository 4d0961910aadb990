import { describe, expect, it } from 'vitest';
import { LeaderElector, MemoryLockStore, microTime } from './index.js';

interface Interval {
  who: string;
  start: number;
  end?: number;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function candidate(store: MemoryLockStore, id: string, intervals: Interval[], timing = { lease: 600, renew: 400, retry: 100 }) {
  const ac = new AbortController();
  const elector = new LeaderElector({
    lock: store.lock(id),
    leaseDurationMs: timing.lease,
    renewDeadlineMs: timing.renew,
    retryPeriodMs: timing.retry,
    releaseOnCancel: true,
    callbacks: {
      onStartedLeading: () => {
        intervals.push({ who: id, start: performance.now() });
      },
      onStoppedLeading: () => {
        const cur = intervals.findLast((i) => i.who === id);
        if (cur) cur.end = performance.now();
      },
    },
  });
  const done = elector.run(ac.signal);
  return { elector, ac, done };
}

function assertNoOverlap(intervals: Interval[]): void {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    expect(prev.end, `${prev.who} still leading when ${sorted[i]!.who} started`).toBeDefined();
    expect(prev.end!).toBeLessThanOrEqual(sorted[i]!.start);
  }
}

describe('LeaderElector (in-memory lock)', () => {
  it('rejects timings that could let two leaders overlap', () => {
    const lock = new MemoryLockStore().lock('a');
    const callbacks = { onStartedLeading() {}, onStoppedLeading() {} };
    expect(() => new LeaderElector({ lock, leaseDurationMs: 10, renewDeadlineMs: 10, retryPeriodMs: 2, callbacks })).toThrow(/leaseDuration/);
    expect(() => new LeaderElector({ lock, leaseDurationMs: 15, renewDeadlineMs: 2, retryPeriodMs: 2, callbacks })).toThrow(/renewDeadline/);
    expect(() => new LeaderElector({ lock, leaseDurationMs: 11, renewDeadlineMs: 10, retryPeriodMs: 2, callbacks })).toThrow(/overlap/);
  });

  it('one of two candidates leads; when its renewals fail the other takes over; never both', async () => {
    const store = new MemoryLockStore();
    const intervals: Interval[] = [];
    const a = candidate(store, 'a', intervals);
    await until(() => a.elector.isLeader(), 'a leads');
    const b = candidate(store, 'b', intervals);
    await new Promise((r) => setTimeout(r, 800)); // b sees a renewing: it must not take over
    expect(b.elector.isLeader()).toBe(false);
    expect(b.elector.getLeader()).toBe('a');
    expect(store.current()?.holderIdentity).toBe('a');

    store.failUpdatesFor('a');
    const lostAt = performance.now();
    await until(() => b.elector.isLeader(), 'b takes over');
    const tookOver = performance.now() - lostAt;
    expect(tookOver).toBeLessThan(600 + 400 + 300);
    await a.done; // a's run returned: it stopped leading
    expect(store.current()?.holderIdentity).toBe('b');
    expect(store.current()?.leaseTransitions).toBe(1);
    assertNoOverlap(intervals);

    b.ac.abort();
    await b.done;
    expect(store.current()?.holderIdentity).toBe('');
    assertNoOverlap(intervals);
    expect(intervals.map((i) => i.who)).toEqual(['a', 'b']);
  });

  it('releasing on stop lets the standby take over at once', async () => {
    const store = new MemoryLockStore();
    const intervals: Interval[] = [];
    const a = candidate(store, 'a', intervals, { lease: 5000, renew: 3000, retry: 100 });
    await until(() => a.elector.isLeader(), 'a leads');
    const b = candidate(store, 'b', intervals, { lease: 5000, renew: 3000, retry: 100 });
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    a.ac.abort();
    await a.done;
    await until(() => b.elector.isLeader(), 'b leads', 2000);
    expect(performance.now() - t0).toBeLessThan(1000); // far below the 5 s lease
    b.ac.abort();
    await b.done;
    assertNoOverlap(intervals);
  });

  it('onStartedLeading gets a signal that aborts when leadership is lost', async () => {
    const store = new MemoryLockStore();
    let leaderSignal: AbortSignal | undefined;
    const ac = new AbortController();
    const el = new LeaderElector({
      lock: store.lock('x'),
      leaseDurationMs: 600,
      renewDeadlineMs: 400,
      retryPeriodMs: 100,
      callbacks: { onStartedLeading: (s) => void (leaderSignal = s), onStoppedLeading() {} },
    });
    const done = el.run(ac.signal);
    await until(() => leaderSignal !== undefined, 'leading');
    expect(leaderSignal!.aborted).toBe(false);
    store.failUpdatesFor('x');
    await done;
    expect(leaderSignal!.aborted).toBe(true);
    expect(el.isLeader()).toBe(false);
  });

  it('microTime has microseconds', () => {
    expect(microTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe('2024-01-02T03:04:05.678000Z');
  });
});
