import { describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { ClusterEvent } from '../framework/events.js';
import { FakeClock, makePod } from '../testing.js';
import { QueueClosedError, SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.js';

function setup(opts: { popFromBackoffQ?: boolean } = {}) {
  const clock = new FakeClock(0);
  const q = new SchedulingQueue({ clock, popFromBackoffQ: opts.popFromBackoffQ ?? false });
  return { clock, q };
}

/** Pops a pod and fails it with the given rejecting plugins. */
async function popAndFail(q: SchedulingQueue, plugins: string[]): Promise<QueuedPodInfo> {
  const pi = await q.pop();
  const cycle = q.schedulingCycle();
  pi.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(pi, cycle);
  return pi;
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('SchedulingQueue ordering and pop', () => {
  it('pops by priority, then by queue time', async () => {
    const { clock, q } = setup();
    q.add(makePod().name('low-early').priority(1).obj());
    clock.step(10);
    q.add(makePod().name('high').priority(100).obj());
    clock.step(10);
    q.add(makePod().name('low-late').priority(1).obj());
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop()).pod.metadata.name);
    expect(order).toEqual(['high', 'low-early', 'low-late']);
    expect(q.schedulingCycle()).toBe(3);
  });

  it('pop waits for a pod, and can be aborted or closed', async () => {
    const { q } = setup();
    const waiting = q.pop();
    q.add(makePod().name('p').obj());
    expect((await waiting).pod.metadata.name).toBe('p');
    expect((await waiting).attempts).toBe(1);

    const ac = new AbortController();
    const aborted = q.pop(ac.signal);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');

    const closed = q.pop();
    q.close();
    await expect(closed).rejects.toBeInstanceOf(QueueClosedError);
  });
});

describe('SchedulingQueue moves', () => {
  it('parks a rejected pod until an event its plugin registered', async () => {
    const { clock, q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    await popAndFail(q, ['NodeResourcesFit']);
    expect(q.where(pod)).toBe('unschedulable');
    expect(q.pendingPods()).toEqual({ active: 0, backoff: 0, unschedulable: 1, gated: 0 });

    // NodeResourcesFit does not care about label changes
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeLabelChange);
    expect(q.where(pod)).toBe('unschedulable');

    // ...but an assigned pod's deletion frees resources: backoffQ, since attempt 1 backs off 1 s
    clock.step(300);
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
    expect(q.where(pod)).toBe('backoff');

    // backoff expires at 1000 ms (requeued at 0 ms + 1 s); flushing earlier does nothing
    clock.step(600);
    q.flushBackoffQCompleted();
    expect(q.where(pod)).toBe('backoff');
    clock.step(100);
    q.flushBackoffQCompleted();
    expect(q.where(pod)).toBe('active');
  });

  it('a pod already past its backoff goes straight to activeQ', async () => {
    const { clock, q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    await popAndFail(q, ['NodeAffinity']);
    clock.step(5000);
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeLabelChange);
    expect(q.where(pod)).toBe('active');
  });

  it('moves only the pods whose rejecting plugins registered the event', async () => {
    const { q } = setup();
    const a = makePod().name('affinity').obj();
    const t = makePod().name('taint').obj();
    const r = makePod().name('resources').obj();
    for (const [p, plugin] of [
      [a, 'NodeAffinity'],
      [t, 'TaintToleration'],
      [r, 'NodeResourcesFit'],
    ] as const) {
      q.add(p);
      await popAndFail(q, [plugin]);
    }
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeTaintChange);
    expect([q.where(a), q.where(t), q.where(r)]).toEqual(['unschedulable', 'backoff', 'unschedulable']);
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeConditionChange); // node became Ready
    expect(q.where(a)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd); // everyone cares about new nodes
    expect([q.where(a), q.where(r)]).toEqual(['backoff', 'backoff']);
  });

  it('an event during the scheduling attempt requeues instead of parking', async () => {
    const { q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    const pi = await q.pop();
    const cycle = q.schedulingCycle();
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeAllocatableChange); // arrives while in flight
    pi.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(pi, cycle);
    expect(q.where(pod)).toBe('backoff');
  });

  it('an irrelevant in-flight event does not', async () => {
    const { q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    const pi = await q.pop();
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeLabelChange);
    pi.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(pi, q.schedulingCycle());
    expect(q.where(pod)).toBe('unschedulable');
  });

  it('a pod that failed with an error (no rejecting plugin) is retried after backoff', async () => {
    const { clock, q } = setup({ popFromBackoffQ: true });
    const pod = makePod().name('p').obj();
    q.add(pod);
    const pi = await popAndFail(q, []);
    expect(pi.consecutiveErrorsCount).toBe(1);
    expect(q.where(pod)).toBe('backoff');
    // even with popFromBackoffQ, error backoffs are served in full
    let popped = false;
    void q.pop().then(() => (popped = true));
    await Promise.resolve();
    expect(popped).toBe(false);
    clock.step(1000);
    q.flushBackoffQCompleted();
    await Promise.resolve();
    expect(popped).toBe(true);
  });

  it('retries the unschedulable pool after 5 minutes', async () => {
    const { clock, q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    await popAndFail(q, ['NodeAffinity']);
    clock.step(5 * 60 * 1000);
    q.flushUnschedulablePodsLeftover();
    expect(q.where(pod)).toBe('unschedulable'); // not yet: strictly longer than 5 min
    clock.step(1);
    q.flushUnschedulablePodsLeftover();
    expect(q.where(pod)).toBe('active');
  });

  it('rejects duplicates with Kubernetes messages', async () => {
    const { q } = setup();
    const pod = makePod().name('p').namespace('ns').obj();
    q.add(pod);
    const pi = await popAndFail(q, ['NodeAffinity']);
    expect(() => q.addUnschedulableIfNotPresent(pi, 1)).toThrow('Pod ns/p is already present in unschedulable queue');
    q.add(pod);
    expect(() => q.addUnschedulableIfNotPresent(pi, 1)).toThrow('Pod ns/p is already present in the active queue');
  });
});

describe('SchedulingQueue backoff', () => {
  it('doubles from 1 s up to 10 s per attempt', () => {
    const { q } = setup();
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => q.calculateBackoffDuration(a))).toEqual([0, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('counts from the requeue time, and each failed attempt lengthens it', async () => {
    const { clock, q } = setup();
    const pod = makePod().name('p').obj();
    q.add(pod);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const pi = await popAndFail(q, ['NodeResourcesFit']);
      expect(pi.attempts).toBe(attempt);
      expect(q.getBackoffTime(pi)).toBe(clock.now() + q.calculateBackoffDuration(attempt));
      q.moveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
      clock.step(q.calculateBackoffDuration(attempt));
      q.flushBackoffQCompleted();
      expect(q.where(pod)).toBe('active');
    }
  });

  it('with SchedulerPopFromBackoffQ (1.33 default), pop takes a backing-off pod when activeQ is empty', async () => {
    const clock = new FakeClock(1500);
    const q = new SchedulingQueue({ clock });
    const pod = makePod().name('p').obj();
    q.add(pod);
    const pi = await popAndFail(q, ['NodeResourcesFit']);
    // 1.33 aligns backoff expiry down to 1 s windows: 1500 + 1000 = 2500 -> 2000
    expect(q.getBackoffTime(pi)).toBe(2000);
    q.moveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
    expect(q.where(pod)).toBe('backoff');
    const again = await q.pop();
    expect(again.pod.metadata.name).toBe('p');
    expect(again.attempts).toBe(2);
  });
});

describe('SchedulingQueue update/delete and sizes', () => {
  it('an update to a parked pod that changes its spec requeues it', async () => {
    const { clock, q } = setup();
    const pod = makePod().name('p').nodeSelector({ zone: 'a' }).obj();
    q.add(pod);
    await popAndFail(q, ['NodeAffinity']);
    const statusOnly = { ...pod, status: { phase: 'Pending' as const } };
    q.update(pod, statusOnly);
    expect(q.where(pod)).toBe('unschedulable');
    clock.step(2000);
    const fixed = { ...pod, spec: { ...pod.spec, nodeSelector: { zone: 'b' } } };
    q.update(statusOnly, fixed);
    expect(q.where(pod)).toBe('active');
    const popped = await q.pop();
    expect(popped.pod.spec.nodeSelector).toEqual({ zone: 'b' });
  });

  it('an update of an unknown pod adds it; delete forgets it', () => {
    const { q } = setup();
    const pod = makePod().name('p').obj();
    q.update(pod, pod);
    expect(q.where(pod)).toBe('active');
    q.delete(pod);
    expect(q.where(pod)).toBeUndefined();
    expect(q.pendingPods()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 0 });
  });

  it('reports sizes per queue', async () => {
    const { q } = setup();
    const pods = ['a', 'b', 'c', 'd'].map((n) => makePod().name(n).obj());
    for (const p of pods) q.add(p);
    await popAndFail(q, ['NodeAffinity']); // a -> unschedulable
    await popAndFail(q, []); // b -> backoff (error)
    expect(q.pendingPods()).toEqual({ active: 2, backoff: 1, unschedulable: 1, gated: 0 });
    const list = q.pendingPodList();
    expect(names(list.pods).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(list.summary).toBe('activeQ:2; backoffQ:1; unschedulablePods:1');
  });
});

describe('nodeUpdateEvents', () => {
  it('derives the cluster events of a node update', async () => {
    const { nodeUpdateEvents } = await import('../framework/events.js');
    const { makeNode } = await import('../testing.js');
    const base = makeNode().name('n').ready(false);
    const old = base.obj();
    expect(nodeUpdateEvents(old, base.ready(true).obj())).toEqual(['NodeConditionChange']);
    expect(nodeUpdateEvents(old, makeNode().name('n').ready(false).label('zone', 'a').unschedulable().obj())).toEqual([
      'NodeLabelChange',
      'NodeTaintChange',
    ]);
    expect(nodeUpdateEvents(old, makeNode().name('n').ready(false).capacity({ cpu: '4' }).obj())).toEqual(['NodeAllocatableChange']);
    expect(nodeUpdateEvents(old, old)).toEqual([]);
  });
});
