import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '@kubesim/api';
import { SchedulerCache } from '../cache/cache.js';
import { DefaultPreemption } from '../plugins/default-preemption.js';
import { NodeResourcesFit } from '../plugins/node-resources-fit.js';
import { PodTopologySpread } from '../plugins/pod-topology-spread.js';
import { newDefaultFramework } from '../plugins/registry.js';
import { constantRandom, FakeClock, makeNode, makePod, seededRandom } from '../testing.js';
import { FitError, NoNodesAvailableError } from './fit-error.js';
import { Framework } from './framework.js';
import {
  FilterResultAnnotationKey,
  FinalScoreResultAnnotationKey,
  ScoreResultAnnotationKey,
  SelectedNodeAnnotationKey,
  traceAnnotations,
} from './trace.js';
import { Snapshot } from './types.js';

function fitError(fn: () => unknown): FitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FitError) return e;
    throw e;
  }
  throw new Error('expected a FitError');
}

const fw = () => newDefaultFramework({ rand: constantRandom(0), clock: new FakeClock(0) });

describe('Framework: FailedScheduling messages (kube-scheduler 1.33)', () => {
  it('nodeSelector matches one full node: resource reason, affinity reason, per-node preemption verdicts', () => {
    const nodes = [
      makeNode().name('n1').label('zone', 'a').obj(),
      makeNode().name('n2').label('zone', 'b').obj(),
      makeNode().name('n3').label('zone', 'b').obj(),
    ];
    const pods = [makePod().name('big').req({ cpu: '1500m' }).node('n1').obj()];
    const pod = makePod().name('p').req({ cpu: '1' }).nodeSelector({ zone: 'a' }).obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes, pods)));
    // n1 is Unschedulable (cpu): preemption dry-runs it, but nothing there has a lower priority.
    // n2, n3 are UnschedulableAndUnresolvable: preemption never tries them.
    expect(err.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect([...err.diagnosis.unschedulablePlugins].sort()).toEqual(['NodeAffinity', 'NodeResourcesFit']);
  });

  it('a pod bigger than every node', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const pod = makePod().name('p').req({ cpu: '3' }).obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes)));
    expect(err.message).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('lower-priority pods exist but removing them does not help', () => {
    const nodes = [makeNode().name('n1').obj()];
    const pods = [makePod().name('low').priority(0).req({ cpu: '500m' }).node('n1').obj()];
    const pod = makePod().name('p').priority(100).req({ cpu: '3' }).obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes, pods)));
    expect(err.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('preemption finds victims: no postfix, a nominated node and the victims', () => {
    const nodes = [makeNode().name('n1').obj(), makeNode().name('n2').obj()];
    const pods = [
      makePod().name('low-small').priority(1).req({ cpu: '500m' }).node('n1').obj(),
      makePod().name('low-big').priority(1).req({ cpu: '1500m' }).node('n1').obj(),
      makePod().name('high').priority(1000).req({ cpu: '1500m' }).node('n2').obj(),
    ];
    const pod = makePod().name('p').priority(100).req({ cpu: '1' }).obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes, pods)));
    expect(err.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(err.nominatedNodeName).toBe('n1');
    // n2's only pod has a higher priority: no victims there. On n1 both pods go, then are reprieved
    // most important first (equal priority and start time: listed order): low-small fits back
    // (500m + 1000m <= 2000m), low-big does not -> it is the victim.
    expect(err.victims?.map((v) => v.metadata.name)).toEqual(['low-big']);
    expect(err.trace?.postFilter['n2']).toEqual({ DefaultPreemption: 'No preemption victims found for incoming pod' });
    expect(err.trace?.postFilter['n1']).toEqual({ DefaultPreemption: 'preemption victim' });
  });

  it('preemptionPolicy: Never', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const pod = makePod().name('p').req({ cpu: '3' }).preemptionPolicy('Never').obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes)));
    expect(err.message).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('control-plane taint and an unreachable node (as a 1.33.2 cluster prints it)', () => {
    const nodes = [
      makeNode().name('controlplane').taint('node-role.kubernetes.io/control-plane', undefined, 'NoSchedule').obj(),
      makeNode().name('node01').ready('Unknown').obj(),
    ];
    const err = fitError(() => fw().schedule(makePod().name('nginx').req().obj(), Snapshot.fromObjects(nodes)));
    expect(err.message).toBe(
      '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ' +
        'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('a DaemonSet-style pin to a full node', () => {
    const nodes = [
      makeNode().name('n1').capacity({ pods: '1' }).obj(),
      makeNode().name('n2').obj(),
      makeNode().name('n3').obj(),
    ];
    const pods = [makePod().name('existing').node('n1').priority(10).obj()];
    const pod = makePod().name('ds').nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n1'] }]).obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes, pods)));
    expect(err.message).toBe(
      "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('conflicting node pins fail in PreFilter', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const pod = makePod()
      .name('p')
      .nodeAffinityTerm([], [
        { key: 'metadata.name', operator: 'In', values: ['n1'] },
        { key: 'metadata.name', operator: 'In', values: ['n2'] },
      ])
      .obj();
    const err = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes)));
    expect(err.message).toBe(
      '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    expect([...err.diagnosis.unschedulablePlugins]).toEqual(['NodeAffinity']);
  });

  it('cordoned nodes, and no preemption plugin at all', () => {
    const nodes = ['n1', 'n2'].map((n) => makeNode().name(n).unschedulable().obj());
    const err = fitError(() => fw().schedule(makePod().name('p').obj(), Snapshot.fromObjects(nodes)));
    expect(err.message).toBe(
      '0/2 nodes are available: 2 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
    const plain = new Framework({ plugins: [{ plugin: NodeResourcesFit }] });
    const err2 = fitError(() => plain.schedule(makePod().name('p').req({ cpu: '3' }).obj(), Snapshot.fromObjects(nodes)));
    expect(err2.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('exposes the plugins\' registered events for the queue', () => {
    const hints = fw().queueingHints();
    expect(hints.get('NodeResourcesFit')).toEqual(['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete']);
    expect(hints.get('TaintToleration')).toEqual(['NodeAdd', 'NodeTaintChange', 'NodeConditionChange']);
  });

  it('an empty cluster', () => {
    expect(() => fw().schedule(makePod().name('p').obj(), Snapshot.fromObjects([]))).toThrow(NoNodesAvailableError);
    expect(() => fw().schedule(makePod().name('p').obj(), Snapshot.fromObjects([]))).toThrow('no nodes available to schedule pods');
  });
});

describe('Framework: choosing a node', () => {
  it('picks the highest weighted total and records a trace', () => {
    const nodes = [
      makeNode().name('busy').obj(),
      makeNode().name('idle').obj(),
      makeNode().name('tainted').taint('dedicated', 'x', 'NoSchedule').obj(),
    ];
    const pods = [makePod().name('e').req({ cpu: '1', memory: '1Gi' }).node('busy').obj()];
    const pod = makePod().name('p').req({ cpu: '500m', memory: '1Gi' }).obj();
    const r = fw().schedule(pod, Snapshot.fromObjects(nodes, pods));
    expect(r).toMatchObject({ suggestedHost: 'idle', evaluatedNodes: 3, feasibleNodes: 2 });
    const t = r.trace;
    expect(t.nodes['tainted']?.filter).toEqual({
      NodeUnschedulable: 'passed',
      NodeName: 'passed',
      TaintToleration: 'node(s) had untolerated taint {dedicated: x}',
    });
    expect(t.nodes['idle']?.filter).toEqual({
      NodeUnschedulable: 'passed',
      NodeName: 'passed',
      TaintToleration: 'passed',
      NodeResourcesFit: 'passed',
    });
    // NodeAffinity's Filter is skipped (no selector); PodTopologySpread skips pods without owner.
    expect(t.preFilterStatus).toEqual({ NodeAffinity: 'skip', NodeResourcesFit: 'success' });
    // busy: LeastAllocated cpu (2000-1500)*100/2000 = 25, mem (4-2)*100/4 = 50 -> 37
    //       Balanced: cpu 0.75, mem 0.5 -> 87;  TaintToleration 100 * 3 = 300
    //       total 300 + 37 + 87 = 424
    // idle: LeastAllocated cpu 75, mem 75 -> 75; Balanced 0.25 vs 0.25 -> 100; total 300 + 75 + 100 = 475
    expect(t.nodes['busy']?.score).toEqual({
      TaintToleration: { raw: 0, normalized: 100, weight: 3, final: 300 },
      NodeResourcesFit: { raw: 37, normalized: 37, weight: 1, final: 37 },
      NodeResourcesBalancedAllocation: { raw: 87, normalized: 87, weight: 1, final: 87 },
    });
    expect(t.nodes['busy']?.totalScore).toBe(424);
    expect(t.nodes['idle']?.totalScore).toBe(475);
    expect(t.selectedNode).toBe('idle');
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);

    const ann = traceAnnotations(t);
    expect(ann[SelectedNodeAnnotationKey]).toBe('idle');
    expect(ann[FilterResultAnnotationKey]).toBe(
      '{"busy":{"NodeName":"passed","NodeResourcesFit":"passed","NodeUnschedulable":"passed","TaintToleration":"passed"},' +
        '"idle":{"NodeName":"passed","NodeResourcesFit":"passed","NodeUnschedulable":"passed","TaintToleration":"passed"},' +
        '"tainted":{"NodeName":"passed","NodeUnschedulable":"passed","TaintToleration":"node(s) had untolerated taint {dedicated: x}"}}',
    );
    expect(ann[ScoreResultAnnotationKey]).toBe(
      '{"busy":{"NodeResourcesBalancedAllocation":"87","NodeResourcesFit":"37","TaintToleration":"0"},' +
        '"idle":{"NodeResourcesBalancedAllocation":"100","NodeResourcesFit":"75","TaintToleration":"0"}}',
    );
    expect(ann[FinalScoreResultAnnotationKey]).toBe(
      '{"busy":{"NodeResourcesBalancedAllocation":"87","NodeResourcesFit":"37","TaintToleration":"300"},' +
        '"idle":{"NodeResourcesBalancedAllocation":"100","NodeResourcesFit":"75","TaintToleration":"300"}}',
    );
  });

  it('a single feasible node is chosen without scoring', () => {
    const nodes = [makeNode().name('n1').obj(), makeNode().name('n2').unschedulable().obj()];
    const r = fw().schedule(makePod().name('p').obj(), Snapshot.fromObjects(nodes));
    expect(r).toMatchObject({ suggestedHost: 'n1', evaluatedNodes: 2, feasibleNodes: 1 });
    expect(r.trace.nodes['n1']?.score).toBeUndefined();
  });

  it('breaks ties with the injected random source (reservoir sampling)', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const pod = makePod().name('p').req({ cpu: '100m' }).obj();
    const snap = Snapshot.fromObjects(nodes);
    // rand() = 0 replaces the candidate at every tie -> the last tied node
    expect(newDefaultFramework({ rand: constantRandom(0) }).schedule(pod, snap).suggestedHost).toBe('n3');
    // rand() = 0.99 never replaces (floor(0.99 * k) > 0 for k >= 2) -> the first tied node
    expect(newDefaultFramework({ rand: constantRandom(0.99) }).schedule(pod, snap).suggestedHost).toBe('n1');
    // a fair source spreads choices over all three
    const f = newDefaultFramework({ rand: seededRandom(42) });
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(f.schedule(pod, snap).suggestedHost);
    expect([...seen].sort()).toEqual(['n1', 'n2', 'n3']);
  });
});

function scheduleAll(f: Framework, cache: SchedulerCache, pods: Pod[]): string[] {
  return pods.map((p) => {
    const { suggestedHost } = f.schedule(p, cache.snapshot());
    cache.assumePod(p, suggestedHost);
    return suggestedHost;
  });
}

function cacheWith(nodes: Node[]): SchedulerCache {
  const c = new SchedulerCache({ clock: new FakeClock(0) });
  for (const n of nodes) c.addNode(n);
  return c;
}

describe('Framework + cache', () => {
  it('replicas of one owner spread across three nodes', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const replicas = [0, 1, 2].map((i) => makePod().name(`web-${i}`).owner('rs-web').req({ cpu: '100m', memory: '128Mi' }).obj());
    const hosts = scheduleAll(newDefaultFramework({ rand: constantRandom(0) }), cacheWith(nodes), replicas);
    expect(new Set(hosts).size).toBe(3);
  });

  it('spreading alone (PodTopologySpread only) puts 6 request-less replicas 2 per node', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const replicas = [0, 1, 2, 3, 4, 5].map((i) => makePod().name(`r${i}`).owner('rs').obj());
    const f = new Framework({ plugins: [{ plugin: PodTopologySpread, weight: 2 }], rand: seededRandom(7) });
    const hosts = scheduleAll(f, cacheWith(nodes), replicas);
    const count = (n: string) => hosts.filter((h) => h === n).length;
    expect([count('n1'), count('n2'), count('n3')]).toEqual([2, 2, 2]);
  });

  it('assumed pods count as requested, so back-to-back decisions never overcommit', () => {
    const cache = cacheWith([makeNode().name('n1').obj()]);
    const f = new Framework({ plugins: [{ plugin: NodeResourcesFit }, { plugin: DefaultPreemption }] });
    const a = makePod().name('a').req({ cpu: '1500m' }).obj();
    const b = makePod().name('b').req({ cpu: '1' }).obj();
    expect(f.schedule(a, cache.snapshot()).suggestedHost).toBe('n1');
    cache.assumePod(a, 'n1'); // binding not confirmed yet
    const err = fitError(() => f.schedule(b, cache.snapshot()));
    expect(err.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    cache.forgetPod({ ...a, spec: { ...a.spec, nodeName: 'n1' } }); // binding failed
    expect(f.schedule(b, cache.snapshot()).suggestedHost).toBe('n1');
  });
});

describe('Framework: schedule without the decision trace', () => {
  it('decides exactly as with it, and records only the selected node', () => {
    const nodes = [
      makeNode().name('a').capacity({ cpu: '8', memory: '16Gi' }).label('topology.kubernetes.io/zone', 'z1').obj(),
      makeNode().name('b').capacity({ cpu: '4', memory: '16Gi' }).label('topology.kubernetes.io/zone', 'z2').obj(),
      makeNode().name('c').capacity({ cpu: '8', memory: '8Gi' }).label('topology.kubernetes.io/zone', 'z2').taint('soft', 'x', 'PreferNoSchedule').obj(),
      makeNode().name('d').capacity({ cpu: '8' }).taint('dedicated', 'x', 'NoSchedule').obj(),
      makeNode().name('e').capacity({ cpu: '500m' }).obj(),
    ];
    const withTrace = new SchedulerCache();
    const without = new SchedulerCache();
    for (const n of nodes) {
      withTrace.addNode(n);
      without.addNode(n);
    }
    const f1 = newDefaultFramework({ rand: seededRandom(7) });
    const f2 = newDefaultFramework({ rand: seededRandom(7) });
    for (let i = 0; i < 40; i++) {
      const pod = makePod()
        .name(`p${i}`)
        .owner(`rs${i % 3}`)
        .req({ cpu: `${100 + (i % 4) * 150}m`, memory: `${64 * (1 + (i % 3))}Mi` })
        .obj();
      const r1 = f1.schedule(pod, withTrace.snapshot());
      const r2 = f2.schedule(pod, without.snapshot(), { trace: false });
      expect(r2.suggestedHost).toBe(r1.suggestedHost);
      expect(r2.evaluatedNodes).toBe(r1.evaluatedNodes);
      expect(r2.feasibleNodes).toBe(r1.feasibleNodes);
      expect(Object.keys(r1.trace.nodes).length).toBeGreaterThan(0);
      expect(r2.trace).toEqual({ preFilterStatus: {}, preFilterResult: {}, nodes: {}, postFilter: {}, preScore: {}, selectedNode: r1.suggestedHost });
      withTrace.assumePod(pod, r1.suggestedHost);
      without.assumePod(pod, r2.suggestedHost);
    }
  });

  it('a FitError carries the same message and an empty trace', () => {
    const nodes = [makeNode().name('n1').obj(), makeNode().name('n2').taint('k', 'v', 'NoSchedule').obj()];
    const pod = makePod().name('p').req({ cpu: '3' }).obj();
    const withTrace = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes)));
    const without = fitError(() => fw().schedule(pod, Snapshot.fromObjects(nodes), { trace: false }));
    expect(without.message).toBe(withTrace.message);
    expect(without.diagnosis.unschedulablePlugins).toEqual(withTrace.diagnosis.unschedulablePlugins);
    expect(Object.keys(withTrace.trace?.nodes ?? {})).toEqual(['n1', 'n2']);
    expect(without.trace?.nodes).toEqual({});
    expect(without.trace?.postFilter).toEqual({});
  });
});
