import { describe, expect, it } from 'vitest';
import { CycleState } from '../framework/cycle-state.js';
import { Code } from '../framework/status.js';
import { NodeInfo, Snapshot } from '../framework/types.js';
import { makeNode, makePod } from '../testing.js';
import { NodeName } from './node-name.js';
import { NodeUnschedulable } from './node-unschedulable.js';

const state = () => new CycleState(new Snapshot([]));

describe('NodeUnschedulable', () => {
  const cases = [
    { name: 'schedulable node', pod: makePod().name('p'), node: makeNode().name('n'), code: Code.Success, reasons: [] },
    {
      name: 'cordoned node, no toleration',
      pod: makePod().name('p'),
      node: makeNode().name('n').unschedulable(),
      code: Code.UnschedulableAndUnresolvable,
      reasons: ['node(s) were unschedulable'],
    },
    {
      name: 'cordoned node, tolerates node.kubernetes.io/unschedulable:NoSchedule',
      pod: makePod().name('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }),
      node: makeNode().name('n').unschedulable(),
      code: Code.Success,
      reasons: [],
    },
    {
      name: 'cordoned node, tolerates everything (operator Exists, no key)',
      pod: makePod().name('p').toleration(),
      node: makeNode().name('n').unschedulable(),
      code: Code.Success,
      reasons: [],
    },
    {
      name: 'cordoned node, toleration for the wrong effect',
      pod: makePod().name('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }),
      node: makeNode().name('n').unschedulable(),
      code: Code.UnschedulableAndUnresolvable,
      reasons: ['node(s) were unschedulable'],
    },
  ];
  it.each(cases)('$name', ({ pod, node, code, reasons }) => {
    const s = NodeUnschedulable.filter(state(), pod.obj(), new NodeInfo(node.obj()));
    expect(s.code).toBe(code);
    expect(s.reasons).toEqual(reasons);
  });
});

describe('NodeName', () => {
  const cases = [
    { name: 'no spec.nodeName', pod: makePod().name('p'), code: Code.Success, reasons: [] },
    { name: 'spec.nodeName is this node', pod: makePod().name('p').node('n1'), code: Code.Success, reasons: [] },
    {
      name: 'spec.nodeName is another node',
      pod: makePod().name('p').node('n2'),
      code: Code.UnschedulableAndUnresolvable,
      reasons: ["node(s) didn't match the requested node name"],
    },
  ];
  it.each(cases)('$name', ({ pod, code, reasons }) => {
    const s = NodeName.filter(state(), pod.obj(), new NodeInfo(makeNode().name('n1').obj()));
    expect(s.code).toBe(code);
    expect(s.reasons).toEqual(reasons);
  });
});
