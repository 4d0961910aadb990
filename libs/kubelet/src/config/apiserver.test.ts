import type { Pod } from '@kubesim/api';
import { describe, expect, it } from 'vitest';
import { needToReconcilePodReadiness, podsDifferSemantically } from './apiserver.js';

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
