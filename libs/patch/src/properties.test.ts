import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isStatusError } from '@kubesim/api';
import { applyPatch, jsonMergePatch, jsonPatch, PatchType, schemaForKind, strategicMergePatch } from './index.js';

const POD = { apiVersion: 'v1', kind: 'Pod' };
const podSchema = schemaForKind('v1', 'Pod');

// Pod-shaped documents and patches over a small vocabulary, so that merge keys collide and the
// directives are exercised; plus arbitrary JSON.
const name = fc.constantFrom('a', 'b', 'c');
const env = fc.record({ name, value: fc.option(fc.string({ maxLength: 2 })) }, { requiredKeys: ['name'] });
const container = fc.record({ name, image: fc.string({ maxLength: 3 }), env: fc.array(env, { maxLength: 3 }), ports: fc.array(fc.record({ containerPort: fc.constantFrom(80, 443) }), { maxLength: 2 }) }, { requiredKeys: ['name'] });
const pod = fc.record(
  {
    metadata: fc.record({ labels: fc.dictionary(name, fc.option(fc.string({ maxLength: 2 }))), finalizers: fc.array(name, { maxLength: 3 }) }, { requiredKeys: [] }),
    spec: fc.record({ containers: fc.array(container, { maxLength: 3 }), tolerations: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const directive = fc.oneof(
  fc.record({ $patch: fc.constantFrom('delete', 'replace', 'merge'), name }),
  fc.record({ $retainKeys: fc.array(fc.constantFrom('name', 'image', 'env'), { maxLength: 3 }), name }),
  fc.record({ '$setElementOrder/env': fc.array(fc.record({ name }), { maxLength: 3 }), name }),
);
const podPatch = fc.record(
  {
    metadata: fc.record({ labels: fc.dictionary(name, fc.option(fc.string({ maxLength: 2 }))), finalizers: fc.array(name, { maxLength: 2 }), '$deleteFromPrimitiveList/finalizers': fc.array(name, { maxLength: 2 }) }, { requiredKeys: [] }),
    spec: fc.record({ containers: fc.array(fc.oneof(container, directive), { maxLength: 3 }), '$setElementOrder/containers': fc.array(fc.record({ name }), { maxLength: 3 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const anyObject = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }));
const doc = fc.oneof(pod, anyObject);
const patch = fc.oneof(podPatch, anyObject, fc.jsonValue({ maxDepth: 3 }));

/** Runs fn; StatusErrors (rejected patches) are acceptable outcomes, anything else is a bug. */
function attempt(fn: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return { ok: false };
  }
}

/** Every object and array inside a JSON value. */
const objects = (v: unknown): object[] =>
  typeof v === 'object' && v !== null ? [v, ...(Array.isArray(v) ? v : Object.values(v)).flatMap(objects)] : [];

const hasDirective = (v: unknown): boolean =>
  Array.isArray(v) ? v.some(hasDirective) : typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/.test(k) || hasDirective(x));

describe('properties', () => {
  it('patching never mutates its inputs, and results do not alias them', () => {
    fc.assert(
      fc.property(doc, patch, fc.constantFrom(...Object.values(PatchType)), (original, body, type) => {
        const [o, p] = [structuredClone(original), structuredClone(body)];
        const r = attempt(() => applyPatch(type, original, body, POD));
        expect(original).toEqual(o);
        expect(body).toEqual(p);
        if (r.ok) {
          const inputs = new Set([...objects(original), ...objects(body)]);
          expect(objects(r.value).filter((x) => inputs.has(x))).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an empty patch is the identity', () => {
    fc.assert(
      fc.property(doc, (original) => {
        expect(jsonMergePatch(original, {})).toEqual(original);
        expect(strategicMergePatch(original, {}, podSchema)).toEqual(original);
        expect(jsonPatch(original, [])).toEqual(original);
        for (const type of [PatchType.Merge, PatchType.StrategicMerge, PatchType.Apply]) expect(applyPatch(type, original, {}, POD)).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });

  it('strategic merge results never carry directives', () => {
    fc.assert(
      fc.property(pod, podPatch, (original, body) => {
        const r = attempt(() => strategicMergePatch(original, body, podSchema));
        if (r.ok) expect(hasDirective(r.value)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('with no list merges, strategic merge agrees with JSON merge patch on objects', () => {
    // Objects without lists or `$` keys anywhere: strategic merge then has nothing beyond RFC 7386.
    const simple = (v: unknown): boolean =>
      !Array.isArray(v) && (typeof v !== 'object' || v === null || Object.entries(v).every(([k, x]) => !k.startsWith('$') && simple(x)));
    const plain = fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })).filter(simple);
    fc.assert(
      fc.property(plain, plain, (original, body) => {
        expect(strategicMergePatch(original, body, {})).toEqual(jsonMergePatch(original, body));
      }),
      { numRuns: 300 },
    );
  });

  it('applying a JSON merge patch twice is the same as once', () => {
    fc.assert(
      fc.property(anyObject, anyObject, (original, body) => {
        const once = jsonMergePatch(original, body);
        expect(jsonMergePatch(once, body)).toEqual(once);
      }),
    );
  });
});
