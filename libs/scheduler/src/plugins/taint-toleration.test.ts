import { describe, expect, it } from 'vitest';
import { CycleState } from '../framework/cycle-state.js';
import type { NodeScore } from '../framework/interface.js';
import { Code } from '../framework/status.js';
import { NodeInfo, Snapshot } from '../framework/types.js';
import { makeNode, makePod } from '../testing.js';
import { effectiveTaints, TaintToleration } from './taint-toleration.js';

const state = () => new CycleState(new Snapshot([]));

describe('TaintToleration filter', () => {
  const cases = [
    { name: 'no taints', pod: makePod(), node: makeNode(), reason: null },
    {
      name: 'untolerated NoSchedule taint',
      pod: makePod(),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'untolerated NoExecute taint',
      pod: makePod(),
      node: makeNode().taint('dedicated', 'gpu', 'NoExecute'),
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'taint without value prints an empty value',
      pod: makePod(),
      node: makeNode().taint('node-role.kubernetes.io/control-plane', undefined, 'NoSchedule'),
      reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
    {
      name: 'PreferNoSchedule taints never filter',
      pod: makePod(),
      node: makeNode().taint('dedicated', 'gpu', 'PreferNoSchedule'),
      reason: null,
    },
    {
      name: 'Equal toleration with the same value',
      pod: makePod().toleration({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: null,
    },
    {
      name: 'empty operator means Equal',
      pod: makePod().toleration({ key: 'dedicated', value: 'gpu' }),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: null,
    },
    {
      name: 'Equal toleration with another value',
      pod: makePod().toleration({ key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'Exists toleration on the key',
      pod: makePod().toleration('dedicated'),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: null,
    },
    {
      name: 'toleration for another effect',
      pod: makePod().toleration({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }),
      node: makeNode().taint('dedicated', 'gpu', 'NoSchedule'),
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'the first untolerated taint in node order is reported',
      pod: makePod().toleration('a'),
      node: makeNode().taint('a', '1').taint('b', '2').taint('c', '3'),
      reason: 'node(s) had untolerated taint {b: 2}',
    },
    {
      name: 'Ready=False without taints: the not-ready taint the controller would add',
      pod: makePod(),
      node: makeNode().ready(false),
      reason: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'Ready=Unknown: unreachable',
      pod: makePod(),
      node: makeNode().ready('Unknown'),
      reason: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    },
    {
      name: 'no Ready condition at all counts as not ready',
      pod: makePod(),
      node: makeNode().noConditions(),
      reason: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'the default NoExecute not-ready toleration does not tolerate NoSchedule',
      pod: makePod().toleration({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
      node: makeNode().ready(false),
      reason: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'a DaemonSet-style not-ready toleration passes',
      pod: makePod().toleration({ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }),
      node: makeNode().ready(false),
      reason: null,
    },
    {
      name: 'other taints come first, the synthesised one is appended',
      pod: makePod(),
      node: makeNode().taint('x', 'y').ready(false),
      reason: 'node(s) had untolerated taint {x: y}',
    },
  ];
  it.each(cases)('$name', ({ pod, node, reason }) => {
    const s = TaintToleration.filter(state(), pod.name('p').obj(), new NodeInfo(node.name('n').obj()));
    if (reason === null) {
      expect(s.code).toBe(Code.Success);
    } else {
      expect(s.code).toBe(Code.UnschedulableAndUnresolvable);
      expect(s.reasons).toEqual([reason]);
    }
  });

  it('does not synthesise a taint when the controller already tainted the node', () => {
    const node = makeNode().name('n').ready(false).taint('node.kubernetes.io/not-ready', undefined, 'NoExecute').obj();
    expect(effectiveTaints(node)).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]);
  });
});

describe('TaintToleration score', () => {
  // raw = number of untolerated PreferNoSchedule taints; normalized = 100 - floor(100 * raw / maxRaw)
  const cases = [
    {
      name: 'fewer intolerable PreferNoSchedule taints score higher',
      pod: makePod(),
      nodes: [makeNode().name('n1'), makeNode().name('n2').taint('a', '1', 'PreferNoSchedule'), makeNode().name('n3').taint('a', '1', 'PreferNoSchedule').taint('b', '2', 'PreferNoSchedule')],
      // raw 0, 1, 2; max 2 -> 100 - 0 = 100, 100 - 50 = 50, 100 - 100 = 0
      raw: [0, 1, 2],
      normalized: [100, 50, 0],
    },
    {
      name: 'tolerated and NoSchedule taints do not count',
      pod: makePod().toleration({ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }),
      nodes: [makeNode().name('n1').taint('a', '1', 'PreferNoSchedule'), makeNode().name('n2').taint('b', '1', 'NoSchedule'), makeNode().name('n3').taint('c', '1', 'PreferNoSchedule')],
      // raw 0, 0, 1; max 1 -> 100, 100, 0
      raw: [0, 0, 1],
      normalized: [100, 100, 0],
    },
    {
      name: 'no taints anywhere: everyone gets 100',
      pod: makePod(),
      nodes: [makeNode().name('n1'), makeNode().name('n2')],
      raw: [0, 0],
      normalized: [100, 100],
    },
  ];
  it.each(cases)('$name', ({ pod, nodes, raw, normalized }) => {
    const infos = nodes.map((n) => new NodeInfo(n.obj()));
    const st = new CycleState(new Snapshot(infos));
    const p = pod.name('p').obj();
    TaintToleration.preScore(st, p, infos);
    const scores: NodeScore[] = infos.map((n) => ({ name: n.name, score: TaintToleration.score(st, p, n) }));
    expect(scores.map((s) => s.score)).toEqual(raw);
    TaintToleration.normalizeScore?.(st, p, scores);
    expect(scores.map((s) => s.score)).toEqual(normalized);
  });
});
