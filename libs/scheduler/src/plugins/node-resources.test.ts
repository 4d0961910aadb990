import { describe, expect, it } from 'vitest';
import { CycleState } from '../framework/cycle-state.js';
import { podNonZeroRequests, podRequests } from '../framework/resources.js';
import { Code } from '../framework/status.js';
import { NodeInfo, Snapshot } from '../framework/types.js';
import { makeNode, makePod } from '../testing.js';
import { NodeResourcesBalancedAllocation } from './balanced-allocation.js';
import { NodeResourcesFit } from './node-resources-fit.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

describe('pod requests', () => {
  const cases = [
    { name: 'containers are summed', pod: makePod().req({ cpu: '100m', memory: '100Mi' }).req({ cpu: '200m' }), want: { milliCPU: 300, memory: 100 * Mi } },
    {
      name: 'an init container bigger than the containers sets the request',
      pod: makePod().req({ cpu: '100m', memory: '100Mi' }).initReq({ cpu: '1500m', memory: '50Mi' }),
      // max(100m, 1500m) cpu, max(100Mi, 50Mi) memory
      want: { milliCPU: 1500, memory: 100 * Mi },
    },
    {
      name: 'sidecars add to the containers and to later init containers',
      pod: makePod().req({ cpu: '1' }).sidecarReq({ cpu: '500m' }).initReq({ cpu: '1200m' }),
      // containers + sidecar = 1500m; init use = 1200m + 500m = 1700m -> max = 1700m
      want: { milliCPU: 1700, memory: 0 },
    },
    { name: 'no requests', pod: makePod().container(), want: { milliCPU: 0, memory: 0 } },
  ];
  it.each(cases)('$name', ({ pod, want }) => {
    expect(podRequests(pod.name('p').obj())).toEqual(want);
  });

  it('non-zero defaults apply per container, only where a resource is not mentioned', () => {
    const p = makePod().name('p').container().req({ cpu: '0' }).req({ memory: '1Gi' }).obj();
    // c0: 100m + 200Mi; c1: 0 + 200Mi; c2: 100m + 1Gi
    expect(podNonZeroRequests(p)).toEqual({ milliCPU: 200, memory: 400 * Mi + Gi });
  });
});

function fitFilter(pod: ReturnType<typeof makePod>, node: ReturnType<typeof makeNode>, existing: ReturnType<typeof makePod>[] = []) {
  const info = new NodeInfo(node.name('n1').obj(), existing.map((e, i) => e.name(`e${i}`).node('n1').obj()));
  const st = new CycleState(new Snapshot([info]));
  const p = pod.name('p').obj();
  NodeResourcesFit.preFilter(st, p, [info]);
  return NodeResourcesFit.filter(st, p, info);
}

describe('NodeResourcesFit filter', () => {
  // Node: 2 CPU, 4Gi, 110 pods unless stated.
  const cases = [
    { name: 'fits an empty node', pod: makePod().req({ cpu: '1', memory: '1Gi' }), node: makeNode(), existing: [], reasons: [] },
    {
      name: 'fits exactly',
      pod: makePod().req({ cpu: '1', memory: '1Gi' }),
      node: makeNode(),
      existing: [makePod().req({ cpu: '1', memory: '3Gi' })],
      reasons: [],
    },
    {
      name: 'Insufficient cpu: 1500m used, 600m more asked, 2000m allocatable',
      pod: makePod().req({ cpu: '600m' }),
      node: makeNode(),
      existing: [makePod().req({ cpu: '1500m' })],
      reasons: ['Insufficient cpu'],
    },
    {
      name: 'Insufficient memory',
      pod: makePod().req({ memory: '2Gi' }),
      node: makeNode(),
      existing: [makePod().req({ memory: '3Gi' })],
      reasons: ['Insufficient memory'],
    },
    {
      name: 'both, in cpu-then-memory order',
      pod: makePod().req({ cpu: '3', memory: '5Gi' }),
      node: makeNode(),
      existing: [],
      reasons: ['Insufficient cpu', 'Insufficient memory'],
    },
    {
      name: 'Too many pods',
      pod: makePod().req({ cpu: '100m' }),
      node: makeNode().capacity({ pods: '1' }),
      existing: [makePod()],
      reasons: ['Too many pods'],
    },
    {
      name: 'a pod without requests only needs a pod slot',
      pod: makePod().container(),
      node: makeNode(),
      existing: [makePod().req({ cpu: '2', memory: '4Gi' })],
      reasons: [],
    },
    {
      name: 'the init-container maximum counts',
      pod: makePod().req({ cpu: '100m' }).initReq({ cpu: '1500m' }),
      node: makeNode(),
      existing: [makePod().req({ cpu: '1' })],
      reasons: ['Insufficient cpu'],
    },
  ];
  it.each(cases)('$name', ({ pod, node, existing, reasons }) => {
    const s = fitFilter(pod, node, existing);
    if (reasons.length === 0) expect(s.code).toBe(Code.Success);
    else {
      expect(s.code).toBe(Code.Unschedulable);
      expect(s.reasons).toEqual(reasons);
    }
  });
});

function score(plugin: typeof NodeResourcesFit | typeof NodeResourcesBalancedAllocation, pod: ReturnType<typeof makePod>, existing: ReturnType<typeof makePod>[]) {
  const info = new NodeInfo(makeNode().name('n1').obj(), existing.map((e, i) => e.name(`e${i}`).node('n1').obj()));
  const st = new CycleState(new Snapshot([info]));
  const p = pod.name('p').obj();
  const pre = plugin.preScore(st, p, [info]);
  if (pre && pre.code === Code.Skip) return 'skip';
  return plugin.score(st, p, info);
}

describe('NodeResourcesFit score (LeastAllocated)', () => {
  // Node: 2000m CPU, 4Gi memory. score = (cpuScore + memScore) / 2, each (alloc - req) * 100 / alloc.
  const cases = [
    {
      name: 'empty node',
      pod: makePod().req({ cpu: '500m', memory: '1Gi' }),
      existing: [],
      // cpu (2000-500)*100/2000 = 75; mem (4-1)*100/4 = 75; (75+75)/2 = 75
      want: 75,
    },
    {
      name: 'half-used node',
      pod: makePod().req({ cpu: '500m', memory: '1Gi' }),
      existing: [makePod().req({ cpu: '1', memory: '1Gi' })],
      // cpu (2000-1500)*100/2000 = 25; mem (4-2)*100/4 = 50; 75/2 = 37
      want: 37,
    },
    {
      name: 'pods without requests count 100m / 200Mi',
      pod: makePod().container(),
      existing: [makePod().container()],
      // cpu (2000-200)*100/2000 = 90; mem (4096-400)*100/4096 = 90.23 -> 90; 90
      want: 90,
    },
    {
      name: 'over-committed resources score 0',
      pod: makePod().req({ cpu: '3', memory: '1Gi' }),
      existing: [],
      // cpu 0; mem 75; 75/2 = 37
      want: 37,
    },
  ];
  it.each(cases)('$name', ({ pod, existing, want }) => {
    expect(score(NodeResourcesFit, pod, existing)).toBe(want);
  });
});

describe('NodeResourcesBalancedAllocation score', () => {
  // fractions f = min(requested/allocatable, 1) for cpu and memory; score = floor((1 - |f_cpu - f_mem| / 2) * 100)
  const cases = [
    { name: 'balanced', pod: makePod().req({ cpu: '500m', memory: '1Gi' }), existing: [], want: 100 }, // 0.25, 0.25
    {
      name: 'cpu-heavy',
      pod: makePod().req({ cpu: '500m', memory: '1Gi' }),
      existing: [makePod().req({ cpu: '1', memory: '1Gi' })],
      // cpu 1500/2000 = 0.75, mem 2/4 = 0.5, std 0.125 -> 87.5 -> 87
      want: 87,
    },
    {
      name: 'fractions are capped at 1',
      pod: makePod().req({ cpu: '3', memory: '1Gi' }),
      existing: [],
      // cpu min(1.5, 1) = 1, mem 0.25, std 0.375 -> 62.5 -> 62
      want: 62,
    },
    {
      name: 'real requests only: a request-less existing pod adds nothing',
      pod: makePod().req({ cpu: '1', memory: '1Gi' }),
      existing: [makePod().container()],
      // cpu 0.5, mem 0.25, std 0.125 -> 87
      want: 87,
    },
    { name: 'best-effort pods are skipped', pod: makePod().container(), existing: [], want: 'skip' },
  ];
  it.each(cases)('$name', ({ pod, existing, want }) => {
    expect(score(NodeResourcesBalancedAllocation, pod, existing)).toBe(want);
  });
});
