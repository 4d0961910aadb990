import { describe, expect, it } from 'vitest';
import { FakeClock, makeNode, makePod } from '../testing.js';
import { SchedulerCache } from './cache.js';

function setup(ttl = 30_000) {
  const clock = new FakeClock(0);
  const cache = new SchedulerCache({ clock, assumedPodTTLMs: ttl });
  cache.addNode(makeNode().name('n1').obj());
  return { clock, cache };
}

const requested = (cache: SchedulerCache, node = 'n1') => cache.snapshot().get(node)?.requested;

describe('SchedulerCache', () => {
  it('counts an assumed pod immediately and confirms it on the informer add', () => {
    const { cache } = setup();
    const pod = makePod().name('p').req({ cpu: '500m', memory: '1Gi' }).obj();
    cache.assumePod(pod, 'n1');
    expect(requested(cache)).toEqual({ milliCPU: 500, memory: 1024 ** 3, pods: 1 });
    expect(cache.isAssumedPod(pod)).toBe(true);
    cache.finishBinding(pod);
    cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'n1' } });
    expect(cache.isAssumedPod(pod)).toBe(false);
    expect(requested(cache)).toEqual({ milliCPU: 500, memory: 1024 ** 3, pods: 1 });
  });

  it('refuses to assume a pod twice', () => {
    const { cache } = setup();
    const pod = makePod().name('p').namespace('ns').uid('u1').obj();
    cache.assumePod(pod, 'n1');
    expect(() => cache.assumePod(pod, 'n1')).toThrow("pod u1(ns/p) is in the cache, so can't be assumed");
  });

  it('forgets an assumption when binding fails', () => {
    const { cache } = setup();
    const pod = makePod().name('p').uid('u1').req({ cpu: '1' }).obj();
    const assumed = cache.assumePod(pod, 'n1');
    cache.forgetPod(assumed);
    expect(requested(cache)?.milliCPU).toBe(0);
    expect(() => cache.forgetPod(assumed)).toThrow("pod u1(default/p) wasn't assumed so cannot be forgotten");
  });

  it('expires an assumption whose binding was never confirmed, after the TTL', () => {
    const { clock, cache } = setup(30_000);
    const pod = makePod().name('p').req({ cpu: '1' }).obj();
    cache.assumePod(pod, 'n1');
    clock.step(60_000);
    expect(cache.cleanupAssumedPods()).toEqual([]); // binding still in flight: never expires
    cache.finishBinding(pod);
    clock.step(30_000);
    expect(cache.cleanupAssumedPods()).toEqual([]); // deadline reached, not passed
    clock.step(1);
    expect(cache.cleanupAssumedPods().map((p) => p.metadata.name)).toEqual(['p']);
    expect(requested(cache)?.milliCPU).toBe(0);
    // a late informer add re-adds it
    cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'n1' } });
    expect(requested(cache)?.milliCPU).toBe(1000);
  });

  it('moves a pod that landed on another node than assumed', () => {
    const { cache } = setup();
    cache.addNode(makeNode().name('n2').obj());
    const pod = makePod().name('p').req({ cpu: '1' }).obj();
    cache.assumePod(pod, 'n1');
    cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'n2' } });
    expect(requested(cache, 'n1')?.milliCPU).toBe(0);
    expect(requested(cache, 'n2')?.milliCPU).toBe(1000);
  });

  it('handles informer add/update/remove with Kubernetes errors', () => {
    const { cache } = setup();
    const pod = makePod().name('p').uid('u1').req({ cpu: '1' }).node('n1').obj();
    cache.addPod(pod);
    expect(() => cache.addPod(pod)).toThrow('pod u1(default/p) was already in added state');
    const bigger = { ...pod, spec: { ...pod.spec, containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }] } };
    cache.updatePod(pod, bigger);
    expect(requested(cache)?.milliCPU).toBe(2000);
    // finishing frees the resources
    cache.updatePod(bigger, { ...bigger, status: { phase: 'Succeeded' } });
    expect(requested(cache)).toEqual({ milliCPU: 0, memory: 0, pods: 0 });
    expect(() => cache.removePod(pod)).toThrow('pod u1(default/p) is not found in scheduler cache, so cannot be removed from it');
    const other = makePod().name('q').uid('u2').obj();
    expect(() => cache.updatePod(other, other)).toThrow('pod u2(default/q) is not added to scheduler cache, so cannot be updated');
  });

  it('keeps a deleted node as a ghost until its pods are gone', () => {
    const { cache } = setup();
    const node = makeNode().name('n1').obj();
    const pod = makePod().name('p').node('n1').obj();
    cache.addPod(pod);
    cache.removeNode(node);
    expect(cache.snapshot().numNodes).toBe(0);
    cache.removePod(pod);
    expect(cache.nodeCount()).toBe(0);
    cache.addNode(node);
    expect(cache.snapshot().get('n1')?.requested.pods).toBe(0);
  });

  it('a snapshot is a copy', () => {
    const { cache } = setup();
    const snap = cache.snapshot();
    cache.addPod(makePod().name('p').req({ cpu: '1' }).node('n1').obj());
    expect(snap.get('n1')?.requested.milliCPU).toBe(0);
    expect(cache.snapshot().get('n1')?.requested.milliCPU).toBe(1000);
  });
});

describe('SchedulerCache.snapshot (incremental)', () => {
  it('copies only changed nodes and never lets later changes leak into an earlier snapshot', () => {
    const mn = makeNode;
    const mp = makePod;
    const cache = new SchedulerCache();
    cache.addNode(mn().name('n1').obj());
    cache.addNode(mn().name('n2').obj());
    const s1 = cache.snapshot();
    cache.assumePod(mp().name('p').req({ cpu: '1' }).obj(), 'n1');
    const s2 = cache.snapshot();
    expect(s1.get('n1')?.requested.milliCPU).toBe(0);
    expect(s2.get('n1')?.requested.milliCPU).toBe(1000);
    expect(s2.get('n2')).toBe(s1.get('n2')); // unchanged: shared
    expect(s2.get('n1')).not.toBe(s1.get('n1'));
    cache.removeNode(mn().name('n2').obj());
    expect(cache.snapshot().get('n2')).toBeUndefined();
    cache.addNode(mn().name('n2').label('a', 'b').obj());
    expect(cache.snapshot().get('n2')?.node?.metadata.labels?.['a']).toBe('b');
  });
});
