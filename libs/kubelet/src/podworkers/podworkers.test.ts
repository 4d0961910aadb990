import { describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { FakeClock, rfc3339 } from '../clock.js';
import { PodWorkers, type SyncInfo, effectiveGracePeriod } from './podworkers.js';

interface Call {
  pod: Pod;
  info: SyncInfo;
  signal: AbortSignal;
  resolve: (v?: { isTerminal?: boolean }) => void;
  reject: (e: unknown) => void;
}

function harness() {
  const clock = new FakeClock();
  const calls: Call[] = [];
  const workers = new PodWorkers({
    clock,
    resyncIntervalMs: 60_000,
    backOffPeriodMs: 10_000,
    sync: (pod, signal, info) =>
      new Promise((resolve, reject) => {
        calls.push({ pod, info, signal, resolve: resolve as Call['resolve'], reject });
      }),
  });
  return { clock, calls, workers };
}

const pod = (gen: number, extra: Partial<Pod['metadata']> = {}, phase?: 'Succeeded' | 'Failed'): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'uid-1', generation: gen, ...extra },
  spec: { containers: [{ name: 'c' }], terminationGracePeriodSeconds: 30 },
  ...(phase ? { status: { phase } } : {}),
});

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

describe('PodWorkers', () => {
  it('runs one sync at a time per pod and keeps only the latest pending update', async () => {
    const { calls, workers } = harness();
    workers.updatePod({ updateType: 'create', pod: pod(1) });
    await flush();
    expect(calls).toHaveLength(1);
    workers.updatePod({ updateType: 'update', pod: pod(2) });
    workers.updatePod({ updateType: 'update', pod: pod(3) });
    await flush();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.pod.metadata.generation).toBe(3);
    expect(calls[1]!.info).toEqual({ workType: 'sync', updateType: 'update' });
    calls[1]!.resolve();
    await workers.whenIdle('uid-1');
    // Another pod runs concurrently.
    workers.updatePod({ updateType: 'create', pod: { ...pod(1), metadata: { uid: 'uid-2' } } });
    workers.updatePod({ updateType: 'sync', pod: pod(4) });
    await flush();
    expect(calls).toHaveLength(4);
  });

  it('deletion aborts the running sync, terminates with the grace period, then finishes', async () => {
    const { calls, workers, clock } = harness();
    workers.updatePod({ updateType: 'create', pod: pod(1) });
    await flush();
    const deleted = pod(2, { deletionTimestamp: rfc3339(clock.now()), deletionGracePeriodSeconds: 15 });
    workers.updatePod({ updateType: 'update', pod: deleted });
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(workers.isPodTerminationRequested('uid-1')).toBe(true);
    calls[0]!.resolve();
    await flush();
    expect(calls[1]!.info).toEqual({ workType: 'terminating', updateType: 'update', gracePeriodSeconds: 15 });
    expect(workers.couldHaveRunningContainers('uid-1')).toBe(true);
    calls[1]!.resolve();
    await flush();
    expect(calls[2]!.info.workType).toBe('terminated');
    expect(workers.isPodKnownTerminated('uid-1')).toBe(true);
    expect(workers.couldHaveRunningContainers('uid-1')).toBe(false);
    calls[2]!.resolve();
    await flush();
    expect(workers.state('uid-1')).toBe('finished');
    expect(workers.isPodDeleted('uid-1')).toBe(true);
    workers.updatePod({ updateType: 'sync', pod: deleted });
    await flush();
    expect(calls).toHaveLength(3);
    expect(workers.syncKnownPods(new Set()).size).toBe(0);
  });

  it('a pod whose sync reports it terminal terminates; a terminal-phase pod starts terminating', async () => {
    const { calls, workers } = harness();
    workers.updatePod({ updateType: 'create', pod: pod(1) });
    await flush();
    calls[0]!.resolve({ isTerminal: true });
    await flush();
    expect(calls[1]!.info).toMatchObject({ workType: 'terminating', gracePeriodSeconds: 30 });
    const h = harness();
    h.workers.updatePod({ updateType: 'create', pod: { ...pod(1, { uid: 'x' }), status: { phase: 'Succeeded' } } });
    await flush();
    expect(h.calls[0]!.info.workType).toBe('terminating');
  });

  it('the grace period only decreases; a shorter one restarts terminating', async () => {
    const { calls, workers, clock } = harness();
    const del = (g: number) => pod(1, { deletionTimestamp: rfc3339(clock.now()), deletionGracePeriodSeconds: g });
    workers.updatePod({ updateType: 'update', pod: del(30) });
    await flush();
    expect(calls[0]!.info.gracePeriodSeconds).toBe(30);
    workers.updatePod({ updateType: 'kill', pod: del(30), killPodOptions: { podTerminationGracePeriodSecondsOverride: 5 } });
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.resolve();
    await flush();
    expect(calls[1]!.info.gracePeriodSeconds).toBe(5);
    workers.updatePod({ updateType: 'update', pod: del(20) });
    expect(calls[1]!.signal.aborted).toBe(false);
    expect(effectiveGracePeriod(0, pod(1), undefined)).toEqual([30, false]);
    expect(effectiveGracePeriod(0, pod(1, { deletionGracePeriodSeconds: 0 }), { podTerminationGracePeriodSecondsOverride: 0 })).toEqual([30, false]);
    expect(effectiveGracePeriod(10, pod(1, { deletionGracePeriodSeconds: 3 }), undefined)).toEqual([3, true]);
  });

  it('retries a failed sync after the back-off and resyncs after success', async () => {
    const { calls, workers, clock } = harness();
    workers.updatePod({ updateType: 'create', pod: pod(1) });
    await flush();
    calls[0]!.reject(new Error('boom'));
    await flush();
    expect(calls).toHaveLength(1);
    clock.advance(9_999);
    await flush();
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.info.updateType).toBe('sync');
    calls[1]!.resolve();
    await flush();
    clock.advance(60_000);
    await flush();
    expect(calls).toHaveLength(3);
    workers.stop();
  });
});
