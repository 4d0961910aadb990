import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { makeNode, makePod } from '../testing.js';
import { milliCPUOf, podRequests, valueOf } from './resources.js';
import { NodeInfo, podKey, Snapshot } from './types.js';

/** What a NodeInfo holding exactly `pods` (in this order) must report. */
function expected(pods: readonly Pod[]) {
  const sum = { milliCPU: 0, memory: 0, pods: pods.length };
  const owned = new Map<string, number>();
  for (const p of pods) {
    const r = podRequests(p);
    sum.milliCPU += r.milliCPU;
    sum.memory += r.memory;
    const owner = p.metadata.ownerReferences?.find((o) => o.controller)?.uid;
    if (owner && !p.metadata.deletionTimestamp) {
      const k = `${p.metadata.namespace}/${owner}`;
      owned.set(k, (owned.get(k) ?? 0) + 1);
    }
  }
  return { keys: pods.map(podKey), sum, owned };
}

function check(info: NodeInfo, pods: readonly Pod[]) {
  const want = expected(pods);
  expect(info.pods.map((p) => podKey(p.pod))).toEqual(want.keys);
  expect(info.requested).toEqual(want.sum);
  for (const ns of ['default', 'other']) {
    for (const owner of ['rs1', 'rs2']) expect(info.countOwnedPods(ns, owner)).toBe(want.owned.get(`${ns}/${owner}`) ?? 0);
  }
}

describe('NodeInfo: adding and removing pods', () => {
  it('keeps the pod list (in order), the sums and the per-owner counts right, whatever the order of changes', () => {
    const op = fc.oneof(
      fc.record({ add: fc.nat(11), owner: fc.constantFrom('rs1', 'rs2'), ns: fc.constantFrom('default', 'other'), dying: fc.boolean() }),
      fc.record({ remove: fc.nat(11) }),
      fc.record({ clone: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let info = new NodeInfo(makeNode().name('n1').obj());
        let model: Pod[] = [];
        const earlier: Array<[NodeInfo, Pod[]]> = [];
        for (const o of ops) {
          if ('add' in o) {
            if (model.some((p) => p.metadata.name === `p${o.add}`)) continue; // the cache never adds a key twice
            const w = makePod().name(`p${o.add}`).namespace(o.ns).owner(o.owner).req({ cpu: `${o.add + 1}00m`, memory: `${o.add + 1}Mi` });
            if (o.dying) w.terminating();
            const pod = w.obj();
            info.addPod(pod);
            model.push(pod);
          } else if ('remove' in o) {
            const victim = makePod().name(`p${o.remove}`).obj(); // same key (uid), another object
            const present = model.some((p) => p.metadata.name === `p${o.remove}`);
            expect(info.removePod(victim)).toBe(present);
            model = model.filter((p) => p.metadata.name !== `p${o.remove}`);
          } else {
            // Snapshots work on clones: a clone carries on independently of its source.
            earlier.push([info, [...model]]);
            info = info.clone();
          }
          check(info, model);
        }
        for (const [old, pods] of earlier) check(old, pods);
      }),
      { numRuns: 200 },
    );
  });

  it('a pod list replaced from outside is still searched', () => {
    const info = new NodeInfo(makeNode().name('n1').obj());
    const a = makePod().name('a').req({ cpu: '1' }).obj();
    const b = makePod().name('b').req({ cpu: '2' }).obj();
    info.addPod(a);
    expect(info.removePod(a)).toBe(true); // builds the key index
    info.addPod(b);
    info.pods = [...info.pods]; // a copy the index does not know
    expect(info.removePod(makePod().name('b').obj())).toBe(true);
    expect(info.pods).toEqual([]);
    expect(info.removePod(b)).toBe(false);
  });
});

describe('Snapshot', () => {
  it('finds nodes by name and leaves out ghosts', () => {
    const n1 = new NodeInfo(makeNode().name('n1').obj());
    const ghost = new NodeInfo();
    const n2 = new NodeInfo(makeNode().name('n2').obj());
    const snap = new Snapshot([n1, ghost, n2]);
    expect(snap.list()).toEqual([n1, n2]);
    expect(snap.numNodes).toBe(2);
    expect(snap.get('n2')).toBe(n2);
    expect(snap.get('n1')).toBe(n1);
    expect(snap.get('')).toBeUndefined();
  });
});

describe('resource quantities', () => {
  it('parse the same whether seen for the first time or again, and past the memo size', () => {
    for (let round = 0; round < 2; round++) {
      expect(milliCPUOf({ cpu: '100m' })).toBe(100);
      expect(milliCPUOf({ cpu: '1.5' })).toBe(1500);
      expect(valueOf({ memory: '128Mi' }, 'memory')).toBe(128 * 1024 * 1024);
      expect(valueOf({ memory: '1G' }, 'memory')).toBe(1e9);
      expect(milliCPUOf({ cpu: 'bogus' })).toBe(0);
    }
    for (let i = 1; i <= 10_000; i++) expect(milliCPUOf({ cpu: `${i}m` })).toBe(i);
    expect(valueOf({ memory: '128Mi' }, 'memory')).toBe(128 * 1024 * 1024);
  });
});
