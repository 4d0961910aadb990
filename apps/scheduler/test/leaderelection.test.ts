// @kubesim/leaderelection against a real apiserver: Lease kube-system/<name>, compare-and-swap
// through the Lease's resourceVersion. (The library's own tests use an in-memory lock; these use
// the real one, so they live with the scheduler, which may import @kubesim/testing.)
import { LeaderElector, LeaseLock, type ResourceLock } from '@kubesim/leaderelection';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';

interface Interval {
  who: string;
  start: number;
  end?: number;
}

/** A lock whose writes can be cut off, as a candidate cut off from the apiserver would see it. */
function cuttable(lock: ResourceLock): ResourceLock & { cut: boolean } {
  const l = {
    cut: false,
    identity: () => lock.identity(),
    describe: () => lock.describe(),
    get: () => (l.cut ? Promise.reject(new Error('cut off')) : lock.get()),
    create: (r: Parameters<ResourceLock['create']>[0]) => (l.cut ? Promise.reject(new Error('cut off')) : lock.create(r)),
    update: (r: Parameters<ResourceLock['update']>[0]) => (l.cut ? Promise.reject(new Error('cut off')) : lock.update(r)),
  };
  return l;
}

function candidate(api: ApiserverProcess, leaseName: string, id: string, intervals: Interval[], timing = { lease: 1500, renew: 1000, retry: 250 }) {
  const lock = cuttable(new LeaseLock(api.client.leases(), 'kube-system', leaseName, id));
  const ac = new AbortController();
  const elector = new LeaderElector({
    lock,
    leaseDurationMs: timing.lease,
    renewDeadlineMs: timing.renew,
    retryPeriodMs: timing.retry,
    callbacks: {
      onStartedLeading: () => void intervals.push({ who: id, start: performance.now() }),
      onStoppedLeading: () => {
        const cur = intervals.findLast((i) => i.who === id);
        if (cur) cur.end = performance.now();
      },
    },
  });
  const loop = (async () => {
    while (!ac.signal.aborted) await elector.run(ac.signal);
  })();
  return { elector, lock, ac, loop };
}

function assertNoOverlap(intervals: Interval[]): void {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    expect(prev.end, `${prev.who} still leading when ${sorted[i]!.who} started`).toBeDefined();
    expect(prev.end!).toBeLessThanOrEqual(sorted[i]!.start);
  }
}

describe('leader election over a real Lease', () => {
  let api: ApiserverProcess;
  beforeAll(async () => {
    api = await startApiserver();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('two electors: one leads; cut off its renewals and the other takes over; never two leaders', async () => {
    const intervals: Interval[] = [];
    const a = candidate(api, 'le-failover', 'a', intervals);
    await eventually(() => a.elector.isLeader(), 'a leads');
    const b = candidate(api, 'le-failover', 'b', intervals);
    let both = 0;
    const sampler = setInterval(() => {
      if (a.elector.isLeader() && b.elector.isLeader()) both++;
    }, 10);
    try {
      await new Promise((r) => setTimeout(r, 2500)); // longer than the lease: a keeps renewing
      expect(b.elector.isLeader()).toBe(false);
      const lease = await api.client.leases('kube-system').get('le-failover');
      expect(lease.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 2, leaseTransitions: 0 });
      expect(lease.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      a.lock.cut = true;
      const cutAt = performance.now();
      await eventually(() => b.elector.isLeader(), 'b takes over', 10_000);
      const takeover = performance.now() - cutAt;
      expect(takeover).toBeLessThan(1500 + 1000 + 1000); // lease + renew deadline + slack
      const after = await api.client.leases('kube-system').get('le-failover');
      expect(after.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
      // a stopped leading before b started.
      assertNoOverlap(intervals);
      expect(intervals.map((i) => i.who)).toEqual(['a', 'b']);
    } finally {
      clearInterval(sampler);
      a.ac.abort();
      b.ac.abort();
      await Promise.all([a.loop, b.loop]);
    }
    expect(both).toBe(0);
  });

  it('five candidates racing for a fresh Lease: exactly one leads at any time (CAS on resourceVersion)', async () => {
    const intervals: Interval[] = [];
    const cs = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => candidate(api, 'le-race', id, intervals));
    let maxLeaders = 0;
    const sampler = setInterval(() => {
      maxLeaders = Math.max(maxLeaders, cs.filter((c) => c.elector.isLeader()).length);
    }, 5);
    try {
      await eventually(() => cs.some((c) => c.elector.isLeader()), 'someone leads');
      await new Promise((r) => setTimeout(r, 2000));
      expect(cs.filter((c) => c.elector.isLeader()).length).toBe(1);
      expect(intervals.length).toBe(1);
      const lease = await api.client.leases('kube-system').get('le-race');
      expect(lease.spec?.holderIdentity).toBe(intervals[0]!.who);
    } finally {
      clearInterval(sampler);
      for (const c of cs) c.ac.abort();
      await Promise.all(cs.map((c) => c.loop));
    }
    expect(maxLeaders).toBe(1);
    assertNoOverlap(intervals);
  });
});
