import type { Event, Pod } from '@kubesim/api';
import { newNotFound } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { EventRecorder, nodeReference, podReference } from './recorder.js';

function fakeClient() {
  const store = new Map<string, Event>();
  const calls: string[] = [];
  const client = {
    events: (ns: string) => ({
      create: async (e: Event) => {
        calls.push(`create ${ns}/${e.metadata.name} ${e.reason} x${e.count}`);
        store.set(`${ns}/${e.metadata.name}`, structuredClone(e));
        return e;
      },
      patch: async (name: string, kind: string, patch: Partial<Event>) => {
        calls.push(`patch ${ns}/${name} ${kind} x${patch.count}`);
        const cur = store.get(`${ns}/${name}`);
        if (!cur) throw newNotFound({ group: '', resource: 'events' }, name);
        Object.assign(cur, patch);
        return cur;
      },
    }),
  };
  return { client: client as unknown as Clientset, store, calls };
}

const pod: Pod = { metadata: { name: 'kubia', namespace: 'default', uid: 'u1', resourceVersion: '5' }, spec: { containers: [{ name: 'kubia' }] } };

describe('EventRecorder', () => {
  it('writes events as the kubelet does and aggregates repeats into count/lastTimestamp', async () => {
    const clock = new FakeClock(Date.UTC(2024, 0, 1));
    const { client, store, calls } = fakeClient();
    const r = new EventRecorder({ client, component: 'kubelet', host: 'node-1', clock });
    const ref = podReference(pod, 'spec.containers{kubia}');
    r.record(ref, 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500');
    clock.advance(10_000);
    r.record(ref, 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500');
    r.record(ref, 'Normal', 'Killing', 'Container kubia failed liveness probe, will be restarted');
    clock.advance(10_000);
    r.record(ref, 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500');
    await r.flush();
    expect(calls.map((c) => c.replace(/kubia\.[0-9a-f]+/, 'kubia.X'))).toEqual([
      'create default/kubia.X Unhealthy x1',
      'patch default/kubia.X merge x2',
      'create default/kubia.X Killing x1',
      'patch default/kubia.X merge x3',
    ]);
    const unhealthy = [...store.values()].find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy).toMatchObject({
      count: 3,
      firstTimestamp: '2024-01-01T00:00:00Z',
      lastTimestamp: '2024-01-01T00:00:20Z',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
      involvedObject: { kind: 'Pod', name: 'kubia', namespace: 'default', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{kubia}' },
    });
    expect(unhealthy.metadata.name).toMatch(/^kubia\.[0-9a-f]+$/);
  });

  it('creates the event again when the aggregated one expired; node events go to default', async () => {
    const { client, store, calls } = fakeClient();
    const r = new EventRecorder({ client, component: 'kubelet', host: 'node-1' });
    r.record(nodeReference('node-1'), 'Normal', 'Starting', 'Starting kubelet.');
    await r.flush();
    store.clear();
    r.record(nodeReference('node-1'), 'Normal', 'Starting', 'Starting kubelet.');
    await r.flush();
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'create']);
    expect([...store.values()][0]).toMatchObject({ count: 2, involvedObject: { kind: 'Node', name: 'node-1', uid: 'node-1' }, metadata: { namespace: 'default' } });
  });

  it('waits while the kubelet is busy, for a quiet spell, and at most maxDeferMs after recording', async () => {
    const { client, calls } = fakeClient();
    let busy = true;
    const r = new EventRecorder({ client, component: 'kubelet', host: 'node-1', busy: () => busy, quietMs: 1000, maxDeferMs: 60_000 });
    const recorded = Date.now();
    r.record(podReference(pod), 'Normal', 'Pulling', 'Pulling image "luksa/kubia"');
    await new Promise((res) => setTimeout(res, 300));
    expect(calls).toEqual([]);
    busy = false;
    await r.flush();
    expect(calls).toHaveLength(1);
    // Written only after the kubelet had been idle for the quiet spell.
    expect(Date.now() - recorded).toBeGreaterThanOrEqual(1300);

    // The lull goes on: what is recorded now is written without waiting for another one.
    const t1 = Date.now();
    r.record(podReference(pod), 'Normal', 'Created', 'Created container: kubia');
    r.record(podReference(pod), 'Normal', 'Started', 'Started container kubia');
    await r.flush();
    expect(calls).toHaveLength(3);
    expect(Date.now() - t1).toBeLessThan(1000);

    // A kubelet that never pauses does not starve its events.
    busy = true;
    const r2 = new EventRecorder({ client, component: 'kubelet', host: 'node-1', busy: () => busy, maxDeferMs: 200 });
    const t0 = Date.now();
    r2.record(podReference(pod), 'Normal', 'Pulled', 'Container image "luksa/kubia" already present on machine');
    await r2.flush();
    expect(calls).toHaveLength(4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });
});
