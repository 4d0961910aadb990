import { describe, expect, it } from 'vitest';
import { applyPatch, jsonMergePatch } from './index.js';

describe('jsonMergePatch (RFC 7386)', () => {
  // RFC 7386 Appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (original, patch, expected) => {
    expect(jsonMergePatch(original, patch)).toEqual(expected);
  });

  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, resourceVersion: '7' } };
  const kind = { apiVersion: 'v1', kind: 'Pod' };

  it('kubectl label --overwrite app=v2 sends a merge patch of metadata.labels', () => {
    const out = applyPatch('application/merge-patch+json', pod, { metadata: { labels: { app: 'v2' } } }, kind) as typeof pod;
    expect(out.metadata.labels).toEqual({ app: 'v2', tier: 'fe' });
  });

  it('kubectl label web app- sends null to remove the label', () => {
    const out = applyPatch('application/merge-patch+json', pod, '{"metadata":{"labels":{"app":null}}}', kind) as typeof pod;
    expect(out.metadata.labels).toEqual({ tier: 'fe' });
    expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
  });

  it('kubectl label --resource-version carries the precondition in the patch', () => {
    const patch = { metadata: { labels: { x: 'y' }, resourceVersion: '6' } };
    expect((applyPatch('application/merge-patch+json', pod, patch, kind) as typeof pod).metadata.resourceVersion).toBe('6');
  });

  it('kubectl scale sends {"spec":{"replicas":N}} to the scale subresource', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'rs' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=a' } };
    const out = applyPatch('application/merge-patch+json; charset=utf-8', scale, { spec: { replicas: 5 } }, { apiVersion: 'autoscaling/v1', kind: 'Scale' });
    expect(out).toEqual({ ...scale, spec: { replicas: 5 } });
  });

  it('a merge patch that is not an object is a 400 "Invalid JSON Patch"', () => {
    for (const body of [null, [1], 'null', '[1]', '"x"', '3']) {
      expect(() => applyPatch('application/merge-patch+json', pod, body, kind)).toThrowError(expect.objectContaining({ code: 400, message: 'Invalid JSON Patch' }));
    }
  });

  it('malformed JSON text is a 400', () => {
    expect(() => applyPatch('application/merge-patch+json', pod, '{"metadata":', kind)).toThrowError(expect.objectContaining({ code: 400, reason: 'BadRequest' }));
  });

  it('a __proto__ member is data, never a prototype', () => {
    const out = jsonMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
