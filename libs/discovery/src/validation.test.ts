import { describe, expect, it } from 'vitest';
import { duplicateFields, strictDecodingErrors, strictDecodingMessage, unknownFields, warningHeader } from './index.js';

const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
  spec,
  ...extra,
});

describe('unknownFields', () => {
  it.each<[string, string, string, unknown, string[]]>([
    ['a valid pod', 'v1', 'Pod', pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }), []],
    ['a misspelt container field', 'v1', 'Pod', pod({ containers: [{ name: 'c', imagee: 'nginx' }] }), ['spec.containers[0].imagee']],
    [
      'unknown fields at several levels, in document order',
      'v1',
      'Pod',
      { apiVersion: 'v1', kind: 'Pod', extraTop: 1, metadata: { name: 'p', bogus: true }, spec: { containers: [{ name: 'c' }, { name: 'd', ports: [{ containerPortZ: 1 }] }] } },
      ['extraTop', 'metadata.bogus', 'spec.containers[1].ports[0].containerPortZ'],
    ],
    ['field names are case-sensitive', 'v1', 'Pod', pod({ Containers: [] }), ['spec.Containers']],
    [
      'status, managedFields, quantities and int-or-strings are known',
      'v1',
      'Pod',
      pod(
        {
          containers: [
            {
              name: 'c',
              resources: { limits: { cpu: 1, memory: '300Mi' } },
              livenessProbe: { httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] } },
            },
          ],
          volumes: [{ name: 'v', emptyDir: {} }, { name: 'n', nfs: { server: 'x', path: '/' } }],
        },
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      ),
      [],
    ],
    [
      'managedFields content is opaque',
      'v1',
      'Pod',
      { apiVersion: 'v1', kind: 'Pod', metadata: { managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} } }] }, spec: { containers: [] } },
      [],
    ],
    ['a map of strings has no fields', 'v1', 'Pod', pod({ containers: [], nodeSelector: { anything: 'goes' } }), []],
    [
      'apps/v1 ReplicaSet template',
      'apps/v1',
      'ReplicaSet',
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'rs' },
        spec: { replicas: 3, selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'env', operator: 'Exists', valus: [] }] }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', imagePullPolicy: 'Always', foo: 1 }] } } },
      },
      ['spec.selector.matchExpressions[0].valus', 'spec.template.spec.containers[0].foo'],
    ],
    ['a Lease', 'coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'n', renewTime: '2024-01-01T00:00:00.000000Z', x: 1 } }, ['spec.x']],
    ['a Scale', 'autoscaling/v1', 'Scale', { spec: { replicas: 5, min: 1 } }, ['spec.min']],
    ['a Binding', 'v1', 'Binding', { metadata: { name: 'p' }, target: { kind: 'Node', name: 'n', zone: 'a' } }, ['target.zone']],
    ['DeleteOptions', 'v1', 'DeleteOptions', { propagationPolicy: 'Background', cascade: true }, ['cascade']],
    ['a list', 'v1', 'PodList', { items: [pod({ containers: [] }, { zzz: 1 })] }, ['items[0].zzz']],
    ['an unknown kind', 'example.com/v1', 'Widget', { anything: 1 }, []],
    ['a kind in the wrong group', 'apps/v1', 'Pod', { anything: 1 }, []],
    ['type mismatches are not strict errors', 'v1', 'Pod', { spec: 'nope', metadata: [] }, []],
  ])('%s', (_name, apiVersion, kind, obj, want) => {
    expect(unknownFields(apiVersion, kind, obj)).toEqual(want);
  });
});

describe('strict decoding of request bodies', () => {
  it('reports unknown and duplicate fields in document order', () => {
    const body =
      '{"apiVersion":"apps/v1","kind":"ReplicaSet","spec":{"unknownField":"foo","replicas":2,"replicas":3,' +
      '"template":{"metadata":{"labels":{"a":"1","a":"2"}},"spec":{"containers":[{"name":"x","name":"y"}]}}}}';
    expect(strictDecodingErrors('apps/v1', 'ReplicaSet', body)).toEqual([
      'unknown field "spec.unknownField"',
      'duplicate field "spec.replicas"',
      'duplicate field "spec.template.metadata.labels.a"',
      'duplicate field "spec.template.spec.containers[0].name"',
    ]);
    expect(duplicateFields('apps/v1', 'ReplicaSet', body)).toEqual([
      'spec.replicas',
      'spec.template.metadata.labels.a',
      'spec.template.spec.containers[0].name',
    ]);
  });

  it('does not report a repeated unknown field as a duplicate', () => {
    expect(strictDecodingErrors('v1', 'Pod', '{"x":1,"x":2}')).toEqual(['unknown field "x"', 'unknown field "x"']);
  });

  it('accepts parsed values, whitespace and escapes', () => {
    expect(strictDecodingErrors('v1', 'Pod', { spec: { containers: [{ name: 'c', imagee: 'x' }] } })).toEqual([
      'unknown field "spec.containers[0].imagee"',
    ]);
    expect(strictDecodingErrors('v1', 'Pod', ' { "metadata" : { "annotations" : { "k\\"ey" : "v\\\\" } , "na\\u006de" : "x" } } ')).toEqual([]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => strictDecodingErrors('v1', 'Pod', '{"a":')).toThrow(SyntaxError);
    expect(() => strictDecodingErrors('v1', 'Pod', '{} x')).toThrow(SyntaxError);
  });

  it('formats the Strict error and the Warn header as Kubernetes does', () => {
    expect(strictDecodingMessage('v1', 'Pod', ['unknown field "spec.containers[0].imagee"'])).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    );
    expect(strictDecodingMessage('apps/v1', 'ReplicaSet', ['unknown field "a"', 'duplicate field "b"'])).toBe(
      'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: strict decoding error: unknown field "a", duplicate field "b"',
    );
    expect(warningHeader('unknown field "extraTop"')).toBe('299 - "unknown field \\"extraTop\\""');
  });
});
