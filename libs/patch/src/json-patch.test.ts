import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '@kubesim/api';
import { applyPatch, jsonPatch, MAX_JSON_PATCH_OPERATIONS } from './index.js';

function error(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const UNPROCESSABLE = 'the server rejected our request due to an error in our request';

describe('jsonPatch (RFC 6902)', () => {
  // RFC 6902 Appendix A (A.1-A.7, A.9-A.10, A.14, A.16).
  it.each([
    ['add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { foo: 'bar', baz: 'qux' }],
    ['add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    ['move a value', { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }], { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
    ['move an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    ['test success', { baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
    ['add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['escape ordering ~01', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['copy', { a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: [1] }, c: { b: [1] } }],
    ['test a whole document', { a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }], { a: 1 }],
    ['test a missing member against null', { a: 1 }, [{ op: 'test', path: '/b', value: null }], { a: 1 }],
    ['replace a missing member adds it (evanphx v4)', { a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], { a: 1, b: 2 }],
    ['negative index counts from the end (evanphx v4)', { a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }], { a: [1, 2] }],
    ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
  ])('%s', (_name, doc, ops, expected) => {
    expect(jsonPatch(doc, ops)).toEqual(expected);
  });

  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', labels: { 'app.kubernetes.io/name': 'fe' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }], tolerations: [] as unknown[] } } },
  };
  const kind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

  it('kubectl patch --type=json: replace replicas, add an escaped label, remove a container, append a toleration', () => {
    const ops = [
      { op: 'test', path: '/spec/replicas', value: 3 },
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/metadata/labels/example.com~1tier', value: 'web' },
      { op: 'remove', path: '/spec/template/spec/containers/0' },
      { op: 'add', path: '/spec/template/spec/tolerations/-', value: { key: 'k', operator: 'Exists' } },
    ];
    const out = applyPatch('application/json-patch+json', rs, JSON.stringify(ops), kind);
    expect(out).toEqual({
      ...rs,
      metadata: { name: 'frontend', labels: { 'app.kubernetes.io/name': 'fe', 'example.com/tier': 'web' } },
      spec: { replicas: 5, template: { spec: { containers: [{ name: 'b', image: 'redis' }], tolerations: [{ key: 'k', operator: 'Exists' }] } } },
    });
    expect(rs.spec.template.spec.containers).toHaveLength(2);
    expect(rs.spec.replicas).toBe(3);
  });

  it('a failing test op is 422 Invalid with the generic message (NewGenericServerResponse)', () => {
    const e = error(() => jsonPatch(rs, [{ op: 'test', path: '/spec/replicas', value: 4 }]));
    expect(e.status).toEqual({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: UNPROCESSABLE, reason: 'Invalid', details: {}, code: 422 });
    expect((e.cause as Error).message).toBe('testing value /spec/replicas failed: test failed');
  });

  it.each([
    ['remove a missing member', [{ op: 'remove', path: '/spec/nope' }], "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"],
    ['add under a missing parent', [{ op: 'add', path: '/a/b/c', value: 1 }], 'add operation does not apply: doc is missing path: "/a/b/c": missing value'],
    ['add past the end of a list', [{ op: 'add', path: '/spec/template/spec/containers/3', value: {} }], undefined],
    ['replace past the end of a list', [{ op: 'replace', path: '/spec/template/spec/containers/2', value: {} }], undefined],
    ['remove with "-"', [{ op: 'remove', path: '/spec/template/spec/containers/-' }], undefined],
    ['an unknown op', [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    ['a missing op', [{ path: '/a' }], 'Unexpected kind: unknown'],
    ['a missing path', [{ op: 'add', value: 1 }], undefined],
    ['move from a missing member', [{ op: 'move', from: '/x', path: '/y' }], undefined],
    ['copy from a missing member', [{ op: 'copy', from: '/x', path: '/y' }], undefined],
    ['a relative pointer', [{ op: 'add', path: 'spec', value: 1 }], undefined],
  ])('%s is 422', (_name, ops, detail) => {
    const e = error(() => jsonPatch(rs, ops));
    expect([e.code, e.reason, e.message]).toEqual([422, 'Invalid', UNPROCESSABLE]);
    if (detail) expect((e.cause as Error).message).toBe(detail);
  });

  it('a body that is not a list of operations is 400 with encoding/json wording', () => {
    expect(error(() => jsonPatch(rs, { op: 'add' })).status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
    expect(error(() => jsonPatch(rs, ['add'])).message).toBe('json: cannot unmarshal string into Go value of type jsonpatch.Operation');
    expect(error(() => applyPatch('application/json-patch+json', rs, '[{"op":', kind)).code).toBe(400);
  });

  it(`more than ${MAX_JSON_PATCH_OPERATIONS} operations is 413`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/kind', value: 'ReplicaSet' }));
    const e = error(() => jsonPatch(rs, ops));
    expect([e.code, e.reason, e.message]).toEqual([413, 'RequestEntityTooLarge', 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001']);
  });

  it('a null body is an empty patch; a failed patch leaves the input untouched', () => {
    expect(jsonPatch(rs, null)).toEqual(rs);
    const before = structuredClone(rs);
    expect(() => jsonPatch(rs, [{ op: 'replace', path: '/spec/replicas', value: 9 }, { op: 'test', path: '/kind', value: 'Pod' }])).toThrow();
    expect(rs).toEqual(before);
  });

  it('inserted values are copies', () => {
    const value = { k: [1] };
    const out = jsonPatch({}, [{ op: 'add', path: '/a', value }, { op: 'add', path: '/b', value }]) as { a: { k: number[] }; b: unknown };
    out.a.k.push(2);
    expect(value.k).toEqual([1]);
    expect(out.b).toEqual({ k: [1] });
  });
});
