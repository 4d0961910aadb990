import { loadSync } from '@grpc/proto-loader';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { LOADER_OPTIONS, PROTO_FILES, loadProto, loadRoot, packageDefinition, protoDir } from './loader.js';

// The reference: what @grpc/proto-loader's loadSync makes of the same files with the same options.
const reference = loadSync(PROTO_FILES, { ...LOADER_OPTIONS, includeDirs: [protoDir()] });
const ours = packageDefinition(loadRoot());
const services = (def: object) => Object.entries(def).filter(([, v]) => !('format' in (v as object))) as [string, ServiceDefinition][];

// One message per shape the contract uses: bytes, int64 as Number, enums as String, optional
// (oneof) fields, nested repeated messages, defaults left out.
const samples: Record<string, object[]> = {
  'kubesim.v1.CreateRequest': [{ namespace: 'default', object: Buffer.from('{"kind":"Pod"}') }, {}],
  'kubesim.v1.ListRequest': [{ namespace: 'ns', options: { labelSelector: 'app=kubia', limit: 500, continue: 'abc' } }],
  'kubesim.v1.PatchRequest': [{ namespace: 'default', name: 'p', type: 'STRATEGIC_MERGE_PATCH', patch: Buffer.from('{}') }],
  'kubesim.v1.DeleteRequest': [{ namespace: 'default', name: 'p', gracePeriodSeconds: 0, propagationPolicy: 'ORPHAN', preconditions: { uid: 'u-1' } }, { name: 'q' }],
  'kubesim.v1.WatchEvent': [{ type: 'MODIFIED', object: Buffer.from('{"a":1}'), batched: [{ type: 'DELETED', object: Buffer.from('{}') }] }],
  'kubesim.v1.LogRequest': [{ namespace: 'default', name: 'p', container: 'c', follow: true, tailLines: 10, limitBytes: 2 ** 40 }],
};

describe('loadProto (the contract without proto-loader)', () => {
  it('defines the same services and methods as @grpc/proto-loader', () => {
    const ref = services(reference);
    expect(services(ours).map(([n]) => n).sort()).toEqual(ref.map(([n]) => n).sort());
    expect(ref.length).toBeGreaterThan(5);
    for (const [name, svc] of ref) {
      const mine = (ours as Record<string, ServiceDefinition>)[name]!;
      expect(Object.keys(mine).sort(), name).toEqual(Object.keys(svc).sort());
      for (const [m, want] of Object.entries(svc) as [string, MethodDefinition<object, object>][]) {
        const got = mine[m] as MethodDefinition<object, object>;
        expect({ path: got.path, req: got.requestStream, res: got.responseStream, originalName: got.originalName }, `${name}/${m}`).toEqual({
          path: want.path,
          req: want.requestStream,
          res: want.responseStream,
          originalName: want.originalName,
        });
      }
    }
  });

  it('encodes and decodes messages byte for byte as @grpc/proto-loader does', () => {
    // Find a method whose request (or response) is each sample's type and compare both codecs.
    let compared = 0;
    for (const [type, values] of Object.entries(samples)) {
      const shortName = type.split('.').pop()!;
      let found = false;
      for (const [name, svc] of services(reference)) {
        for (const [m, want] of Object.entries(svc) as [string, MethodDefinition<object, object>][]) {
          const got = (ours as Record<string, ServiceDefinition>)[name]![m] as MethodDefinition<object, object>;
          const side = (want.requestType as { type?: { name?: string } } | undefined)?.type?.name === shortName ? 'request' : (want.responseType as { type?: { name?: string } } | undefined)?.type?.name === shortName ? 'response' : undefined;
          if (!side || found) continue;
          found = true;
          for (const v of values) {
            const ser = side === 'request' ? [want.requestSerialize, got.requestSerialize] : [want.responseSerialize, got.responseSerialize];
            const de = side === 'request' ? [want.requestDeserialize, got.requestDeserialize] : [want.responseDeserialize, got.responseDeserialize];
            const bytes = ser[0]!(v);
            expect(Buffer.from(ser[1]!(v)).equals(Buffer.from(bytes)), `${type} ${JSON.stringify(v)}`).toBe(true);
            expect(de[1]!(bytes)).toEqual(de[0]!(bytes));
            compared++;
          }
        }
      }
      expect(found, `a method using ${type}`).toBe(true);
    }
    expect(compared).toBe(Object.values(samples).flat().length);
  });

  it('gives clients both the RPC name and its camelCase name', () => {
    const Pods = loadProto().kubesim.v1.Pods;
    expect(typeof Pods.prototype['UpdateStatus' as never]).toBe('function');
    expect(typeof Pods.prototype['updateStatus' as never]).toBe('function');
    expect(Pods.service.Watch!.responseStream).toBe(true);
  });

  it('rejects an array where a message belongs', () => {
    const create = (ours['kubesim.v1.Pods'] as ServiceDefinition)['Create'] as MethodDefinition<object, object>;
    expect(() => create.requestSerialize([] as unknown as object)).toThrow(/expected object with CreateRequest structure/);
  });
});
