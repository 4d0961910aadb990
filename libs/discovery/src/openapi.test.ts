import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openapiV2, openapiV2Document, openapiV3, openapiV3Body, openapiV3Root } from './index.js';

type Json = Record<string, any>;

/** Every `$ref` in a document, recursively. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref') out.push(x as string);
      else refs(x, out);
    }
  }
  return out;
}

describe('openapi v3', () => {
  it('indexes every served group-version with a content hash', () => {
    const root = openapiV3Root();
    expect(Object.keys(root.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1']);
    for (const [key, { serverRelativeURL }] of Object.entries(root.paths)) {
      const body = openapiV3Body(key)!;
      const hash = createHash('sha512').update(body.body).digest('hex').toUpperCase();
      expect(serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${hash}`);
      expect(body.hash).toBe(hash);
      expect(JSON.parse(body.body.toString())).toEqual(openapiV3(key));
    }
  });

  it('accepts the URL, the index key or the group-version', () => {
    expect(openapiV3('/openapi/v3/apis/apps/v1?hash=X&timeout=32s')).toBe(openapiV3('apps/v1'));
    expect(openapiV3('api/v1')).toBe(openapiV3('v1'));
    expect(openapiV3('apis/batch/v1')).toBeUndefined();
  });

  it.each(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1'])('%s: every $ref resolves', (key) => {
    const doc = openapiV3(key)! as Json;
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });

  it('declares fieldValidation on every write, as kubectl looks for it', () => {
    for (const key of Object.keys(openapiV3Root().paths)) {
      const doc = openapiV3(key)! as Json;
      for (const [path, item] of Object.entries<Json>(doc.paths)) {
        for (const method of ['post', 'put', 'patch']) {
          const op = item[method];
          if (!op) continue;
          expect(op.parameters.map((p: Json) => p.name), `${method} ${path}`).toContain('fieldValidation');
          expect(op['x-kubernetes-group-version-kind']).toBeDefined();
        }
        if (item.patch) expect(Object.keys(item.patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
      }
    }
    const pods = (openapiV3('v1') as Json).paths['/api/v1/namespaces/{namespace}/pods/{name}'];
    expect(pods.patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(pods.parameters.map((p: Json) => p.name)).toEqual(['namespace', 'name', 'pretty']);
    const scale = (openapiV3('apps/v1') as Json).paths['/apis/apps/v1/namespaces/{namespace}/replicasets/{name}/scale'];
    expect(scale.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('describes kinds with their GVK, patch strategies and list types', () => {
    const s = (openapiV3('v1') as Json).components.schemas;
    expect(s['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(s['io.k8s.api.core.v1.Pod'].properties.metadata.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    expect(s['io.k8s.api.core.v1.PodSpec'].required).toEqual(['containers']);
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(s['io.k8s.api.core.v1.Container'].properties.args['x-kubernetes-list-type']).toBe('atomic');
    expect(s['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.finalizers).toMatchObject({
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(s['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    });
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf).toBeDefined();
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type']).toBe('atomic');
    // The scale subresource of replicationcontrollers brings autoscaling/v1 Scale into core/v1.
    expect(s['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
    expect((openapiV3('v1') as Json).paths['/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale'].put).toBeDefined();
  });
});

describe('openapi v2', () => {
  it('serves the whole API as swagger 2.0 JSON', () => {
    const { contentType, body } = openapiV2('application/json');
    expect(contentType).toBe('application/json');
    const doc = JSON.parse(body.toString());
    expect(doc).toEqual(JSON.parse(JSON.stringify(openapiV2Document())));
    expect(doc.swagger).toBe('2.0');
    for (const ref of refs(doc)) expect(doc.definitions[ref.slice('#/definitions/'.length)], ref).toBeDefined();
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/replicasets/{name}'].patch;
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(patch.parameters.map((p: Json) => p.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(doc.definitions['io.k8s.api.core.v1.Container'].properties.env).toMatchObject({
      items: { $ref: '#/definitions/io.k8s.api.core.v1.EnvVar' },
      'x-kubernetes-patch-merge-key': 'name',
    });
  });

  it('serves protobuf that kubectl can read the PATCH operations from', () => {
    const { contentType, body } = openapiV2('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(contentType).toBe('application/octet-stream');
    const doc = decode(body);
    expect(str(doc[1]![0]!)).toBe('2.0');
    const paths = decode(doc[8]![0] as Buffer)[2]!.map((p) => decode(p as Buffer));
    const podItem = paths.find((p) => str(p[1]![0]!) === '/api/v1/namespaces/{namespace}/pods/{name}')!;
    const patch = decode(decode(podItem[2]![0] as Buffer)[8]![0] as Buffer);
    expect(patch[7]!.map(str)).toContain('application/strategic-merge-patch+json');
    const ext = patch[13]!.map((e) => decode(e as Buffer));
    const gvk = ext.find((e) => str(e[1]![0]!) === 'x-kubernetes-group-version-kind')!;
    expect(JSON.parse(str(decode(gvk[2]![0] as Buffer)[2]![0]!))).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    const names = patch[8]!.map((item) => {
      const nonBody = decode(decode(decode(item as Buffer)[1]![0] as Buffer)[2]![0] as Buffer);
      return str(decode(nonBody[3]![0] as Buffer)[4]![0]!);
    });
    expect(names).toContain('fieldValidation');
  });
});

/** A minimal protobuf reader: field number → raw values (Buffers for length-delimited, numbers for varints). */
function decode(buf: Buffer): Record<number, (Buffer | number)[]> {
  const out: Record<number, (Buffer | number)[]> = {};
  let i = 0;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++]!;
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return n;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let v: Buffer | number;
    if (wire === 0) v = varint();
    else if (wire === 2) {
      const len = varint();
      v = buf.subarray(i, i + len);
      i += len;
    } else throw new Error(`wire type ${wire}`);
    (out[field] ??= []).push(v);
  }
  return out;
}

const str = (v: Buffer | number) => (v as Buffer).toString('utf8');
