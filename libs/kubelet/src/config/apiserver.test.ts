import type { Pod } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { describe, expect, it } from 'vitest';
import { PodSource, needToReconcilePodReadiness, podsDifferSemantically } from './apiserver.js';

const base: Pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '10', labels: { app: 'kubia' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'kubia', image: 'luksa/kubia' }] },
  status: { phase: 'Pending' },
};

describe('podsDifferSemantically (pkg/kubelet/config checkAndUpdatePod)', () => {
  it('a change of status or resourceVersion alone is not an update', () => {
    const newer: Pod = { ...base, metadata: { ...base.metadata, resourceVersion: '11' }, status: { phase: 'Running', podIP: '127.10.1.2' } };
    expect(podsDifferSemantically(base, newer)).toBe(false);
    // Absent and empty label/annotation maps are the same.
    expect(podsDifferSemantically({ ...base, metadata: { ...base.metadata, annotations: {} } }, base)).toBe(false);
  });

  it('spec, labels, annotations and deletion are updates', () => {
    const changed: Pod[] = [
      { ...base, spec: { ...base.spec, containers: [{ name: 'kubia', image: 'luksa/kubia:v2' }] } },
      { ...base, metadata: { ...base.metadata, labels: { app: 'other' } } },
      { ...base, metadata: { ...base.metadata, annotations: { a: 'b' } } },
      { ...base, metadata: { ...base.metadata, deletionTimestamp: '2026-11-22T00:00:00Z', deletionGracePeriodSeconds: 30 } },
      { ...base, metadata: { ...base.metadata, deletionGracePeriodSeconds: 0 } },
    ];
    for (const c of changed) expect(podsDifferSemantically(base, c), JSON.stringify(c.metadata)).toBe(true);
  });

  it('pods with readiness gates sync on every status change', () => {
    expect(needToReconcilePodReadiness(base)).toBe(false);
    expect(needToReconcilePodReadiness({ ...base, spec: { ...base.spec, readinessGates: [{ conditionType: 'example.com/Gate' }] } as Pod['spec'] })).toBe(true);
  });
});

describe('PodSource', () => {
  it('hands spec, label and deletion changes to update, and status-only changes to reconcile', async () => {
    const rv = (p: Pod, v: string): Pod => ({ ...p, metadata: { ...p.metadata, resourceVersion: v } });
    const events: { type: string; object: Pod }[] = [
      { type: 'MODIFIED', object: { ...rv(base, '11'), status: { phase: 'Running' } } },
      { type: 'MODIFIED', object: { ...rv(base, '12'), metadata: { ...rv(base, '12').metadata, labels: { app: 'other' } } } },
      { type: 'MODIFIED', object: { ...rv(base, '12'), status: { phase: 'Succeeded' } } }, // same resourceVersion: nothing
    ];
    const client = {
      pods: () => ({
        list: async () => ({ metadata: { resourceVersion: '10' }, items: [base] }),
        watch: (opts: { signal: AbortSignal }) =>
          (async function* () {
            yield* events;
            await new Promise((r) => opts.signal.addEventListener('abort', r, { once: true }));
          })(),
      }),
    } as unknown as Clientset;
    const calls: string[] = [];
    const src = new PodSource({
      client,
      nodeName: 'node-1',
      handlers: {
        add: (p) => calls.push(`add ${p.metadata.resourceVersion}`),
        update: (p) => calls.push(`update ${p.metadata.resourceVersion}`),
        reconcile: (p) => calls.push(`reconcile ${p.metadata.resourceVersion}`),
        delete: (p) => calls.push(`delete ${p.metadata.resourceVersion}`),
      },
    });
    src.start();
    const deadline = Date.now() + 5000;
    while (calls.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await src.stop();
    expect(calls).toEqual(['add 10', 'reconcile 11', 'update 12']);
  });
});
