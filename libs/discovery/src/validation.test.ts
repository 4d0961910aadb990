import { describe, expect, it } from 'vitest';
import { decodeErrorMessage, duplicateFields, strictDecodingErrors, strictDecodingMessage, typeErrors, unknownFields, warningHeader } from './index.js';

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

  it('survives any nesting depth and any apiVersion/kind values', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(strictDecodingErrors('v1', 'Pod', `{"metadata":{"name":"x"},"x":${deep}}`)).toEqual([]);
    let nested: unknown = 1;
    for (let i = 0; i < 100_000; i++) nested = { a: nested };
    expect(strictDecodingErrors('v1', 'Pod', { metadata: { name: 'x' }, x: nested, spec: nested })).toEqual(['unknown field "x"', 'unknown field "spec.a"']);
    expect(strictDecodingErrors(5 as unknown as string, {} as unknown as string, '{"a":1}')).toEqual([]);
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

describe('typeErrors and decodeErrorMessage (JSON decoding into the Go types)', () => {
  const rs = (labels: unknown, spec: Record<string, unknown> = {}) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ...spec },
    });

  it('a label value of the wrong type, as kubectl shows it', () => {
    const errs = typeErrors('apps/v1', 'ReplicaSet', rs({ app: true }));
    expect(errs).toEqual(['json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string']);
    expect(decodeErrorMessage('apps/v1', 'ReplicaSet', errs)).toBe(
      'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string',
    );
  });

  it.each<[string, string, string, string[]]>([
    ['a valid body', 'v1', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":null},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}}', []],
    ['unknown fields are not decoding errors', 'v1', '{"metadata":{"name":"p","bogus":[1]},"spek":5}', []],
    ['an integer written as a float', 'v1', '{"spec":{"terminationGracePeriodSeconds":1.0}}', ['json: cannot unmarshal number 1.0 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64']],
    ['an int32 overflow', 'v1', '{"spec":{"containers":[{"ports":[{"containerPort":2147483648}]}]}}', ['json: cannot unmarshal number 2147483648 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32']],
    ['a string for a number', 'v1', '{"spec":{"priority":"1"}}', ['json: cannot unmarshal string into Go struct field PodSpec.spec.priority of type int32']],
    ['an object for a list', 'v1', '{"spec":{"containers":{"name":"c"}}}', ['json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container']],
    ['a list for a struct', 'v1', '{"spec":[]}', ['json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec']],
    ['a named string type', 'v1', '{"spec":{"restartPolicy":1}}', ['json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy']],
    ['a list of named strings', 'v1', '{"spec":{"containers":[{"securityContext":{"capabilities":{"add":[1]}}}]}}', ['json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability']],
    ['a resource list', 'v1', '{"spec":{"overhead":[]}}', ['json: cannot unmarshal array into Go struct field PodSpec.spec.overhead of type v1.ResourceList']],
    ['a uid', 'v1', '{"metadata":{"uid":1}}', ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID']],
    [
      'every type error, the earliest first',
      'v1',
      '{"metadata":{"labels":{"a":1,"b":"x","c":[]}},"spec":{"hostNetwork":"yes"}}',
      [
        'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
        'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type string',
        'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
      ],
    ],
    [
      'a malformed quantity stops decoding and is the error reported',
      'v1',
      '{"metadata":{"labels":{"a":1}},"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}],"hostNetwork":"yes"}}',
      ["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ],
    ['quantities may be numbers', 'v1', '{"spec":{"containers":[{"resources":{"limits":{"cpu":0.5,"memory":" 1Gi "}}}]}}', []],
    ['an int-or-string', 'v1', '{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":true}}}]}}', ['json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32']],
    ['a timestamp', 'v1', '{"metadata":{"creationTimestamp":"today"}}', ['parsing time "today" as "2006-01-02T15:04:05Z07:00": cannot parse "today" as "2006"']],
    ['a timestamp of the wrong type', 'v1', '{"metadata":{"deletionTimestamp":1}}', ['json: cannot unmarshal number into Go struct field ObjectMeta.metadata.deletionTimestamp of type string']],
    ['null is fine anywhere', 'v1', '{"metadata":{"name":null,"labels":{"a":null},"creationTimestamp":null},"spec":{"containers":[null],"priority":null}}', []],
    ['managedFields and raw extensions are opaque', 'v1', '{"metadata":{"managedFields":[{"fieldsV1":[1,2]}]}}', []],
    ['a kind that is not a string', 'v1', '{"apiVersion":"v1","kind":5}', ["couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string"]],
    ['apiVersion is matched without case', 'v1', '{"APIVERSION":{}}', ["couldn't get version/kind; json parse error: json: cannot unmarshal object into Go struct field .apiVersion of type string"]],
    ['nesting deeper than Go accepts', 'v1', `{"x":${'['.repeat(10001)}${']'.repeat(10001)}}`, ["couldn't get version/kind; json parse error: exceeded max depth"]],
  ])('%s', (_, apiVersion, body, want) => {
    const kind = apiVersion === 'v1' ? 'Pod' : 'ReplicaSet';
    expect(typeErrors(apiVersion, kind, body)).toEqual(want);
    // With the parsed body a well-typed one skips the text's re-parsing: the answer is the same.
    expect(typeErrors(apiVersion, kind, body, JSON.parse(body))).toEqual(want);
  });

  it('judges parsed values too (numbers as JavaScript prints them)', () => {
    expect(typeErrors('v1', 'Pod', { spec: { priority: 1.5, containers: 'c' } })).toEqual([
      'json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.priority of type int32',
      'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
    ]);
    expect(typeErrors('v1', 'Pod', { spec: { priority: 1.0 } })).toEqual([]);
  });

  it('other kinds', () => {
    expect(typeErrors('coordination.k8s.io/v1', 'Lease', { spec: { renewTime: '2024-01-01T00:00:00Z' } })).toEqual([
      'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    ]);
    expect(typeErrors('v1', 'Service', { spec: { ports: [{ port: '80' }] } })).toEqual([
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    ]);
    expect(typeErrors('v1', 'Node', { status: { capacity: { cpu: {} } } })).toEqual([
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    expect(typeErrors('v1', 'DeleteOptions', '{"gracePeriodSeconds":"5"}')).toEqual([
      'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    ]);
    expect(typeErrors('example.com/v1', 'Widget', { spec: 1 })).toEqual([]);
  });

  it('never throws', () => {
    expect(typeErrors('v1', 'Pod', '{"a":')[0]).toMatch(/^couldn't get version\/kind; json parse error: /);
    expect(typeErrors(1 as unknown as string, null as unknown as string, '{}')).toEqual([]);
    expect(typeErrors('v1', 'Pod', [1])).toEqual([
      'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    ]);
  });

  it('names no kind when apiVersion or kind do not decode, quoting the start of the body', () => {
    const body = '{"apiVersion":"v1","kind":["Pod"],"metadata":{"name":"p"}}';
    expect(decodeErrorMessage('v1', 'Pod', typeErrors('v1', 'Pod', body), body)).toBe(
      'the object provided is unrecognized (must be of type Pod): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go struct field .kind of type string ({"apiVersion":"v1","kind":["Po ...)',
    );
    expect(decodeErrorMessage('v1', 'Pod', ["couldn't get version/kind; json parse error: x"], '[1]')).toBe(
      "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: x (5b315d)",
    );
  });
});
