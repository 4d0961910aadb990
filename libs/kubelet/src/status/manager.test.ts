import { type DeleteOptions, type Pod, type PodStatus, newConflict, newNotFound } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { describe, expect, it } from 'vitest';
import { PodStatusManager, canonicalJSON } from './manager.js';

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

  it('canonicalJSON ignores key order and undefined', () => {
    expect(canonicalJSON({ b: 1, a: { d: undefined, c: [1, { y: 2, x: 1 }] } })).toBe('{"a":{"c":[1,{"x":1,"y":2}]},"b":1}');
  });
});
