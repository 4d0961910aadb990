import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from './fit-error.js';
import { newTrace, sortedJSON, traceAnnotations, type DecisionTrace } from './trace.js';

/** The straightforward definition: copy every object with its keys inserted in compareBytes order, then stringify. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort(compareBytes)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

// Keys like node and plugin names, numeric-looking ones (which JavaScript orders first) included.
const key = fc.oneof(
  fc.constantFrom('n1', 'n10', 'n2', 'NodeName', 'TaintToleration', 'a-b', 'Z', '', '0', '1', '10', '2', '007', '4294967294', '4294967295', '-1', 'é'),
  fc.string({ maxLength: 4 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
})).value;

describe('sortedJSON', () => {
  it('gives exactly the JSON of key-sorted copies', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(sortedJSON(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('traceAnnotations', () => {
  it('serializes every part of a trace as the key-sorted JSON of its maps', () => {
    const nodeNames = fc.uniqueArray(key, { maxLength: 6 });
    fc.assert(
      fc.property(nodeNames, fc.array(fc.constantFrom('NodeName', 'NodeResourcesFit', 'TaintToleration', '1'), { maxLength: 3 }), fc.nat(100), (nodes, plugins, n) => {
        const t: DecisionTrace = newTrace();
        t.preFilterStatus = Object.fromEntries(plugins.map((p) => [p, 'success']));
        t.preFilterResult = plugins.length ? { [plugins[0] as string]: [...nodes].sort() } : {};
        nodes.forEach((node, i) => {
          t.nodes[node] = { filter: Object.fromEntries(plugins.map((p) => [p, i % 2 ? 'passed' : `reason ${p}`])) };
          if (i % 3 !== 1) {
            (t.nodes[node] as DecisionTrace['nodes'][string]).score = Object.fromEntries(
              plugins.map((p, j) => [p, { raw: (n + j) % 101, normalized: n % 101, weight: j + 1, final: (n % 101) * (j + 1) }]),
            );
          }
          t.postFilter[node] = i % 2 ? {} : { DefaultPreemption: 'No preemption victims found for incoming pod' };
        });
        t.preScore = Object.fromEntries(plugins.map((p) => [p, 'skip']));
        t.selectedNode = nodes[0] ?? '';
        const filter: Record<string, Record<string, string>> = {};
        const score: Record<string, Record<string, string>> = {};
        const finalScore: Record<string, Record<string, string>> = {};
        for (const [node, nt] of Object.entries(t.nodes)) {
          filter[node] = { ...nt.filter };
          if (nt.score) {
            score[node] = Object.fromEntries(Object.entries(nt.score).map(([p, s]) => [p, String(s.raw)]));
            finalScore[node] = Object.fromEntries(Object.entries(nt.score).map(([p, s]) => [p, String(s.final)]));
          }
        }
        expect(traceAnnotations(t)).toEqual({
          'kube-scheduler-simulator.sigs.k8s.io/prefilter-result-status': reference(t.preFilterStatus),
          'kube-scheduler-simulator.sigs.k8s.io/prefilter-result': reference(t.preFilterResult),
          'kube-scheduler-simulator.sigs.k8s.io/filter-result': reference(filter),
          'kube-scheduler-simulator.sigs.k8s.io/postfilter-result': reference(t.postFilter),
          'kube-scheduler-simulator.sigs.k8s.io/prescore-result': reference(t.preScore),
          'kube-scheduler-simulator.sigs.k8s.io/score-result': reference(score),
          'kube-scheduler-simulator.sigs.k8s.io/finalscore-result': reference(finalScore),
          'kube-scheduler-simulator.sigs.k8s.io/selected-node': t.selectedNode,
        });
      }),
      { numRuns: 500 },
    );
  });
});
