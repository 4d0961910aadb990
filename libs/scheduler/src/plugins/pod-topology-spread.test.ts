import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '@kubesim/api';
import { CycleState } from '../framework/cycle-state.js';
import type { NodeScore } from '../framework/interface.js';
import { Code } from '../framework/status.js';
import { Snapshot } from '../framework/types.js';
import { makeNode, makePod } from '../testing.js';
import { PodTopologySpread } from './pod-topology-spread.js';

function run(pod: Pod, nodes: Node[], pods: Pod[]) {
  const snap = Snapshot.fromObjects(nodes, pods);
  const st = new CycleState(snap);
  const infos = [...snap.list()];
  const pre = PodTopologySpread.preScore(st, pod, infos);
  if (pre && pre.code === Code.Skip) return 'skip';
  const scores: NodeScore[] = infos.map((n) => ({ name: n.name, score: PodTopologySpread.score(st, pod, n) }));
  const raw = scores.map((s) => s.score);
  PodTopologySpread.normalizeScore?.(st, pod, scores);
  return { raw, normalized: scores.map((s) => s.score) };
}

const replica = (name: string, node: string, owner = 'rs1') => makePod().name(name).owner(owner).node(node).obj();

describe('PodTopologySpread (system default constraints)', () => {
  it('prefers nodes with fewer pods of the same owner', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode().name(n).obj());
    const pods = [replica('a', 'n1'), replica('b', 'n1'), replica('c', 'n2')];
    // hostname weight w = ln(3 feasible nodes + 2) = 1.6094; score = round(cnt * w + (maxSkew 3 - 1))
    //   n1: round(2 * 1.6094 + 2) = round(5.22) = 5; n2: round(3.61) = 4; n3: round(2) = 2
    // normalize: 100 * (max + min - s) / max with max 5, min 2:
    //   n1: 100 * 2 / 5 = 40; n2: 100 * 3 / 5 = 60; n3: 100 * 5 / 5 = 100
    expect(run(makePod().name('new').owner('rs1').obj(), nodes, pods)).toEqual({ raw: [5, 4, 2], normalized: [40, 60, 100] });
  });

  it('counts only pods of the same controller in the same namespace, not terminating ones', () => {
    const nodes = ['n1', 'n2'].map((n) => makeNode().name(n).obj());
    const pods = [
      replica('other-owner', 'n1', 'rs2'),
      makePod().name('other-ns').namespace('kube-system').owner('rs1').node('n1').obj(),
      makePod().name('dying').owner('rs1').node('n1').terminating().obj(),
      replica('counted', 'n2'),
    ];
    // w = ln(4) = 1.386: n1 = round(0 + 2) = 2; n2 = round(1.386 + 2) = 3 -> max 3, min 2
    // n1: 100 * (3 + 2 - 2) / 3 = 100; n2: 100 * 2 / 3 = 66
    expect(run(makePod().name('new').owner('rs1').obj(), nodes, pods)).toEqual({ raw: [2, 3], normalized: [100, 66] });
  });

  it('spreads across zones too', () => {
    const nodes = [
      makeNode().name('n1').label('topology.kubernetes.io/zone', 'a').obj(),
      makeNode().name('n2').label('topology.kubernetes.io/zone', 'a').obj(),
      makeNode().name('n3').label('topology.kubernetes.io/zone', 'b').obj(),
    ];
    const pods = [replica('a', 'n1')];
    // hostname: w_h = ln(3 + 2) = 1.609, maxSkew 3 -> +2; zone: 2 zones, w_z = ln(2 + 2) = 1.386, maxSkew 5 -> +4
    //   n1: (1 * 1.609 + 2) + (1 * 1.386 + 4) = 8.996 -> 9
    //   n2: (0 + 2) + (1 * 1.386 + 4) = 7.386 -> 7
    //   n3: (0 + 2) + (0 + 4) = 6
    // normalize with max 9, min 6: n1 100 * 6 / 9 = 66; n2 100 * 8 / 9 = 88; n3 100 * 9 / 9 = 100
    expect(run(makePod().name('new').owner('rs1').obj(), nodes, pods)).toEqual({ raw: [9, 7, 6], normalized: [66, 88, 100] });
  });

  it('no matching pods anywhere: everyone gets 100', () => {
    const nodes = ['n1', 'n2'].map((n) => makeNode().name(n).obj());
    // both raw round(0 + 2) = 2 -> 100 * (2 + 2 - 2) / 2 = 100
    expect(run(makePod().name('new').owner('rs1').obj(), nodes, [])).toEqual({ raw: [2, 2], normalized: [100, 100] });
  });

  it('skips pods without a controller owner', () => {
    expect(run(makePod().name('bare').obj(), [makeNode().name('n1').obj()], [])).toBe('skip');
  });
});

/**
 * The documented formula, written out plainly (every constraint, every node, no shortcuts): the
 * plugin's precomputations must give exactly these raw scores.
 */
function referenceRawScores(pod: Pod, nodes: Node[], pods: Pod[]): number[] {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller)?.uid as string;
  const ns = pod.metadata.namespace ?? '';
  const matches = (p: Pod) =>
    p.metadata.ownerReferences?.find((r) => r.controller)?.uid === owner &&
    (p.metadata.namespace ?? '') === ns &&
    !p.metadata.deletionTimestamp &&
    p.status?.phase !== 'Succeeded' &&
    p.status?.phase !== 'Failed';
  const onNode = (n: Node) => pods.filter((p) => p.spec.nodeName === n.metadata.name && matches(p)).length;
  const selected = (n: Node) => Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => n.metadata.labels?.[k] === v);
  const zone = (n: Node) => n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
  const zones = new Set(nodes.map(zone));
  const wHost = Math.log(nodes.length + 2);
  const wZone = Math.log(zones.size + 2);
  return nodes.map((n) => {
    const labels = n.metadata.labels ?? {};
    let s = 0;
    if ('kubernetes.io/hostname' in labels) s += onNode(n) * wHost + 2;
    if ('topology.kubernetes.io/zone' in labels) {
      const inZone = nodes.filter((m) => zone(m) === zone(n) && selected(m)).reduce((a, m) => a + onNode(m), 0);
      s += inZone * wZone + 4;
    }
    return Math.round(s);
  });
}

describe('PodTopologySpread: scores equal the plain formula', () => {
  it('on random clusters, with and without zone labels and node selectors', () => {
    const cluster = fc.record({
      nodes: fc.array(fc.record({ zone: fc.option(fc.constantFrom('a', 'b', 'c', ''), { nil: undefined }), disk: fc.boolean() }), {
        minLength: 1,
        maxLength: 8,
      }),
      pods: fc.array(
        fc.record({ node: fc.nat(7), owner: fc.constantFrom('rs1', 'rs2'), ns: fc.constantFrom('default', 'other'), dying: fc.boolean() }),
        { maxLength: 30 },
      ),
      selector: fc.boolean(),
    });
    fc.assert(
      fc.property(cluster, ({ nodes: specs, pods: podSpecs, selector }) => {
        const nodes = specs.map((s, i) => {
          const w = makeNode().name(`n${i}`);
          if (s.zone !== undefined) w.label('topology.kubernetes.io/zone', s.zone);
          if (s.disk) w.label('disk', 'ssd');
          return w.obj();
        });
        const pods = podSpecs.map((p, i) => {
          const w = makePod().name(`p${i}`).namespace(p.ns).owner(p.owner).node(`n${p.node % nodes.length}`);
          if (p.dying) w.terminating();
          return w.obj();
        });
        const pod = makePod().name('new').owner('rs1');
        if (selector) pod.nodeSelector({ disk: 'ssd' });
        const incoming = pod.obj();
        const out = run(incoming, nodes, pods);
        expect(out).not.toBe('skip');
        expect((out as { raw: number[] }).raw).toEqual(referenceRawScores(incoming, nodes, pods));
      }),
      { numRuns: 300 },
    );
  });
});
