import { describe, expect, it } from 'vitest';
import { CycleState } from '../framework/cycle-state.js';
import type { NodeScore } from '../framework/interface.js';
import { Code } from '../framework/status.js';
import { NodeInfo, Snapshot } from '../framework/types.js';
import { makeNode, makePod } from '../testing.js';
import { NodeAffinity } from './node-affinity.js';

const node = makeNode().name('n1').labels({ zone: 'a', disk: 'ssd', gen: '5', 'not-a-number': 'x' }).obj();

describe('NodeAffinity filter', () => {
  const cases = [
    { name: 'nodeSelector matches', pod: makePod().nodeSelector({ zone: 'a' }), fits: true },
    { name: 'nodeSelector needs every label', pod: makePod().nodeSelector({ zone: 'a', disk: 'hdd' }), fits: false },
    { name: 'nodeSelector on a missing label', pod: makePod().nodeSelector({ region: 'eu' }), fits: false },
    { name: 'In', pod: makePod().nodeAffinityIn('zone', ['b', 'a']), fits: true },
    { name: 'In, no value matches', pod: makePod().nodeAffinityIn('zone', ['b']), fits: false },
    { name: 'NotIn', pod: makePod().nodeAffinityNotIn('zone', ['b']), fits: true },
    { name: 'NotIn, value listed', pod: makePod().nodeAffinityNotIn('zone', ['a']), fits: false },
    { name: 'NotIn matches a node without the label', pod: makePod().nodeAffinityNotIn('region', ['eu']), fits: true },
    { name: 'Exists', pod: makePod().nodeAffinityTerm([{ key: 'disk', operator: 'Exists' }]), fits: true },
    { name: 'Exists, missing label', pod: makePod().nodeAffinityTerm([{ key: 'gpu', operator: 'Exists' }]), fits: false },
    { name: 'DoesNotExist', pod: makePod().nodeAffinityTerm([{ key: 'gpu', operator: 'DoesNotExist' }]), fits: true },
    { name: 'DoesNotExist, label present', pod: makePod().nodeAffinityTerm([{ key: 'disk', operator: 'DoesNotExist' }]), fits: false },
    { name: 'Gt (5 > 4)', pod: makePod().nodeAffinityTerm([{ key: 'gen', operator: 'Gt', values: ['4'] }]), fits: true },
    { name: 'Gt (5 > 5 is false)', pod: makePod().nodeAffinityTerm([{ key: 'gen', operator: 'Gt', values: ['5'] }]), fits: false },
    { name: 'Lt (5 < 6)', pod: makePod().nodeAffinityTerm([{ key: 'gen', operator: 'Lt', values: ['6'] }]), fits: true },
    { name: 'Lt on a non-integer label', pod: makePod().nodeAffinityTerm([{ key: 'not-a-number', operator: 'Lt', values: ['6'] }]), fits: false },
    { name: 'Gt on a missing label', pod: makePod().nodeAffinityTerm([{ key: 'cores', operator: 'Gt', values: ['1'] }]), fits: false },
    {
      name: 'expressions in one term are ANDed',
      pod: makePod().nodeAffinityTerm([
        { key: 'zone', operator: 'In', values: ['a'] },
        { key: 'disk', operator: 'In', values: ['hdd'] },
      ]),
      fits: false,
    },
    { name: 'terms are ORed', pod: makePod().nodeAffinityIn('zone', ['b']).nodeAffinityIn('disk', ['ssd']), fits: true },
    {
      name: 'matchFields metadata.name In',
      pod: makePod().nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n1'] }]),
      fits: true,
    },
    {
      name: 'matchFields metadata.name In another node',
      pod: makePod().nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n2'] }]),
      fits: false,
    },
    {
      name: 'matchFields metadata.name NotIn',
      pod: makePod().nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'NotIn', values: ['n2'] }]),
      fits: true,
    },
    { name: 'an empty term matches nothing', pod: makePod().nodeAffinityTerm([], []), fits: false },
    {
      name: 'nodeSelector and affinity must both match',
      pod: makePod().nodeSelector({ zone: 'b' }).nodeAffinityIn('disk', ['ssd']),
      fits: false,
    },
  ];
  it.each(cases)('$name', ({ pod, fits }) => {
    const p = pod.name('p').obj();
    const st = new CycleState(new Snapshot([]));
    NodeAffinity.preFilter(st, p, []);
    const s = NodeAffinity.filter(st, p, new NodeInfo(node));
    if (fits) {
      expect(s.code).toBe(Code.Success);
    } else {
      expect(s.code).toBe(Code.UnschedulableAndUnresolvable);
      expect(s.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    }
  });
});

describe('NodeAffinity PreFilter', () => {
  const st = () => new CycleState(new Snapshot([]));
  it('skips pods without nodeSelector or required affinity', () => {
    expect(NodeAffinity.preFilter(st(), makePod().name('p').obj(), [])?.status?.code).toBe(Code.Skip);
  });
  it('restricts the cycle to metadata.name pins (intersected within a term, unioned across terms)', () => {
    const p = makePod()
      .name('p')
      .nodeAffinityTerm([], [
        { key: 'metadata.name', operator: 'In', values: ['n1'] },
      ])
      .nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n3'] }])
      .obj();
    expect([...(NodeAffinity.preFilter(st(), p, [])?.nodeNames ?? [])]).toEqual(['n1', 'n3']);
  });
  it('does not restrict when a term has no pin', () => {
    const p = makePod().name('p').nodeAffinityTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n1'] }]).nodeAffinityIn('zone', ['a']).obj();
    expect(NodeAffinity.preFilter(st(), p, [])?.nodeNames).toBeUndefined();
  });
  it('reports conflicting pins', () => {
    const p = makePod()
      .name('p')
      .nodeAffinityTerm([], [
        { key: 'metadata.name', operator: 'In', values: ['n1'] },
        { key: 'metadata.name', operator: 'In', values: ['n2'] },
      ])
      .obj();
    const out = NodeAffinity.preFilter(st(), p, []);
    expect(out?.status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(out?.status?.reasons).toEqual(['pod affinity terms conflict']);
  });
});

describe('NodeAffinity score', () => {
  it('sums matching preferred weights and scales by the maximum', () => {
    const nodes = [
      makeNode().name('n1').labels({ zone: 'a', disk: 'ssd' }),
      makeNode().name('n2').labels({ zone: 'a' }),
      makeNode().name('n3'),
    ].map((n) => new NodeInfo(n.obj()));
    const p = makePod()
      .name('p')
      .preferredNodeAffinity(5, [{ key: 'zone', operator: 'In', values: ['a'] }])
      .preferredNodeAffinity(3, [{ key: 'disk', operator: 'In', values: ['ssd'] }])
      .obj();
    const st = new CycleState(new Snapshot(nodes));
    expect(NodeAffinity.preScore(st, p, nodes)?.code).toBe(Code.Success);
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: NodeAffinity.score(st, p, n) }));
    // raw: n1 = 5 + 3 = 8, n2 = 5, n3 = 0
    expect(scores.map((s) => s.score)).toEqual([8, 5, 0]);
    NodeAffinity.normalizeScore?.(st, p, scores);
    // floor(100 * raw / 8): 100, floor(62.5) = 62, 0
    expect(scores.map((s) => s.score)).toEqual([100, 62, 0]);
  });
  it('skips pods without preferred terms', () => {
    const st = new CycleState(new Snapshot([]));
    expect(NodeAffinity.preScore(st, makePod().name('p').obj(), [])?.code).toBe(Code.Skip);
  });
});
