import { type DeleteOptions, type Pod, type PodStatus, newConflict, newNotFound } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { describe, expect, it } from 'vitest';
import { PodStatusManager } from './manager.js';

function fakeAPI(initial: Pod) {
  let stored: Pod | undefined = structuredClone(initial);
  let rv = Number(initial.metadata.resourceVersion);
  const calls: string[] = [];
  const client = {
    pods: () => ({
      get: async () => {
        calls.push('get');
        if (!stored) throw newNotFound({ group: '', resource: 'pods' }, 'p');
        return structuredClone(stored);
      },
      updateStatus: async (p: Pod) => {
        calls.push(`updateStatus rv=${p.metadata.resourceVersion}`);
        if (!stored) throw newNotFound({ group: '', resource: 'pods' }, 'p');
        if (p.metadata.resourceVersion !== stored.metadata.resourceVersion) throw newConflict({ group: '', resource: 'pods' }, 'p', 'the object has been modified');
        stored = { ...stored, status: structuredClone(p.status), metadata: { ...stored.metadata, resourceVersion: String(++rv) } };
        return structuredClone(stored);
      },
      delete: async (_name: string, opts: DeleteOptions) => {
        calls.push(`delete grace=${opts.gracePeriodSeconds} uid=${opts.preconditions?.uid}`);
        stored = undefined;
        return { finished: true };
      },
    }),
  };
  return {
    client: client as unknown as Clientset,
    calls,
    get stored() {
      return stored;
    },
    bump() {
      stored = { ...stored!, metadata: { ...stored!.metadata, resourceVersion: String(++rv) } };
    },
  };
}

const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '10' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } };
const running: PodStatus = { phase: 'Running', podIP: '127.10.1.2', conditions: [{ type: 'Ready', status: 'True' }] };

describe('PodStatusManager', () => {
  it('writes a status once, skips unchanged ones, and retries a conflict with a fresh object', async () => {
    const api = fakeAPI(pod);
    let cached: Pod = pod;
    const m = new PodStatusManager({ client: api.client, getPod: () => cached, retryMs: 10 });
    m.setPodStatus(pod, { phase: 'Pending' });
    await m.whenIdle();
    expect(api.calls).toEqual([]);
    m.setPodStatus(pod, running);
    await m.whenIdle();
    expect(api.calls).toEqual(['updateStatus rv=10']);
    m.setPodStatus(pod, structuredClone(running));
    await m.whenIdle();
    expect(api.calls).toHaveLength(1);
    // Someone else wrote the pod: the cached object is stale.
    api.bump();
    cached = pod;
    m.setPodStatus(pod, { ...running, phase: 'Succeeded' });
    await m.whenIdle();
    expect(api.calls.slice(1)).toEqual(['updateStatus rv=11', 'get', 'updateStatus rv=12']);
    expect(api.stored!.status!.phase).toBe('Succeeded');
  });

  it('writes at most maxConcurrentWrites at once, in turn; a pod waiting for its turn writes only its newest status', async () => {
    let inFlight = 0;
    let maxSeen = 0;
    const writes: string[] = [];
    const gates: (() => void)[] = [];
    const client = {
      pods: () => ({
        updateStatus: async (p: Pod) => {
          maxSeen = Math.max(maxSeen, ++inFlight);
          writes.push(`${p.metadata.name} ${p.status?.phase}`);
          await new Promise<void>((r) => gates.push(r));
          inFlight--;
          return { ...p, metadata: { ...p.metadata, resourceVersion: String(Number(p.metadata.resourceVersion) + 1) } };
        },
      }),
    } as unknown as Clientset;
    const pods: Pod[] = [0, 1, 2, 3, 4, 5].map((i) => ({ ...pod, metadata: { ...pod.metadata, name: `p${i}`, uid: `u${i}` } }));
    const m = new PodStatusManager({ client, getPod: (uid) => pods.find((p) => p.metadata.uid === uid), maxConcurrentWrites: 2 });
    const creating: PodStatus = { phase: 'Pending', conditions: [{ type: 'PodReadyToStartContainers', status: 'True' }] };
    for (const p of pods) m.setPodStatus(p, creating);
    // p0 and p1 are being written; the others started their containers while they waited.
    for (const p of pods) m.setPodStatus(p, running);
    let idle = false;
    void m.whenIdle().then(() => (idle = true));
    while (!idle) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    expect(maxSeen).toBe(2);
    expect(writes).toEqual(['p0 Pending', 'p1 Pending', 'p2 Running', 'p3 Running', 'p4 Running', 'p5 Running', 'p0 Running', 'p1 Running']);
  });

  it('makes the final delete (grace 0, UID precondition) once a pod marked for deletion terminated', async () => {
    const deleting = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const api = fakeAPI(deleting);
    const m = new PodStatusManager({ client: api.client, getPod: () => deleting, retryMs: 10 });
    m.setPodStatus(deleting, { phase: 'Failed' });
    m.podTerminated(deleting);
    await m.whenIdle();
    expect(api.calls).toEqual(['updateStatus rv=10', 'delete grace=0 uid=u1']);
    expect(api.stored).toBeUndefined();
    // A pod that is not being deleted is left alone.
    const api2 = fakeAPI(pod);
    const m2 = new PodStatusManager({ client: api2.client, getPod: () => pod });
    m2.podTerminated(pod);
    await m2.whenIdle();
    expect(api2.calls).toEqual([]);
  });

});
