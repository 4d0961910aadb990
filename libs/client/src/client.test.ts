import { Server, ServerCredentials, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { StatusError, newNotFound, type Lease } from '@kubesim/api';
import { serviceDefinition, toGrpcError } from '@kubesim/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clientset } from './client.js';

type Req = Record<string, unknown>;

/** A grpc-js server with the contract's Leases service: the other end as the apiserver has it. */
describe('Clientset against a gRPC server of the contract', () => {
  let server: Server;
  let address: string;
  const seen: { method: string; auth: unknown; req: Req }[] = [];

  beforeAll(async () => {
    server = new Server();
    const unary = (method: string, answer: (req: Req) => unknown) => (call: ServerUnaryCall<Req, unknown>, cb: sendUnaryData<unknown>) => {
      seen.push({ method, auth: call.metadata.get('authorization')[0], req: call.request });
      try {
        cb(null, answer(call.request));
      } catch (e) {
        cb(toGrpcError(e));
      }
    };
    server.addService(serviceDefinition('Leases'), {
      Create: unary('create', (q) => {
        const obj = JSON.parse(String(q['object'])) as Lease;
        return { object: Buffer.from(JSON.stringify({ ...obj, metadata: { ...obj.metadata, namespace: q['namespace'], resourceVersion: '7' } })) };
      }),
      Get: unary('get', (q) => {
        throw newNotFound({ group: 'coordination.k8s.io', resource: 'leases' }, String(q['name']));
      }),
      Watch: (call: ServerWritableStream<Req, unknown>) => {
        seen.push({ method: 'watch', auth: call.metadata.get('authorization')[0], req: call.request });
        call.write({ type: 'ADDED', object: Buffer.from('{"metadata":{"name":"a"}}'), batched: [{ type: 'DELETED', object: Buffer.from('{"metadata":{"name":"b"}}') }] });
        call.end();
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server?.forceShutdown());

  it('makes unary calls with the bearer token and decodes the answer', async () => {
    const cs = new Clientset({ address, token: 'secret' });
    try {
      const lease = await cs.leases('kube-node-lease').create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1' } });
      expect(lease.metadata).toEqual({ name: 'node-1', namespace: 'kube-node-lease', resourceVersion: '7' });
      expect(seen.at(-1)).toMatchObject({ method: 'create', auth: 'Bearer secret', req: { namespace: 'kube-node-lease', dryRun: false, fieldManager: '' } });
    } finally {
      cs.close();
    }
  });

  it('rejects with the StatusError the server raised', async () => {
    const cs = new Clientset({ address, token: 'secret' });
    try {
      const err = await cs.leases('default').get('missing').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).status).toMatchObject({ reason: 'NotFound', code: 404, message: 'leases.coordination.k8s.io "missing" not found' });
    } finally {
      cs.close();
    }
  });

  it('answers an unimplemented method with the gRPC code mapped to a Status, and an unknown one with BadRequest', async () => {
    const cs = new Clientset({ address, token: 'secret' });
    try {
      const err = await cs.leases('default').update({ metadata: { name: 'x' } } as Lease).catch((e: unknown) => e);
      expect((err as StatusError).status).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
      await expect(cs.pods('default').bind({ metadata: { name: 'p' }, target: { name: 'n' } } as never)).rejects.toMatchObject({ status: { code: 405 } });
      await expect((cs.leases('default') as unknown as { unary(m: string, r: object): Promise<unknown> }).unary('bind', {})).rejects.toMatchObject({ status: { reason: 'BadRequest' } });
    } finally {
      cs.close();
    }
  });

  it('watches over a server stream, batched events included, and keeps working after close()', async () => {
    const cs = new Clientset({ address, token: 'secret' });
    const events = async () => {
      const out: string[] = [];
      for await (const ev of cs.leases('default').watch()) out.push(`${ev.type} ${ev.object.metadata.name}`);
      return out;
    };
    try {
      expect(await events()).toEqual(['ADDED a', 'DELETED b']);
      expect(seen.at(-1)).toMatchObject({ method: 'watch', auth: 'Bearer secret' });
      cs.close();
      // A closed Clientset connects again on its next call, as it always has.
      expect(await events()).toEqual(['ADDED a', 'DELETED b']);
      expect((await cs.leases('x').create({ metadata: { name: 'again' } } as Lease)).metadata.name).toBe('again');
    } finally {
      cs.close();
    }
  });

  it('fails with ServiceUnavailable when nothing listens', async () => {
    const cs = new Clientset({ address: '127.0.0.1:1', token: 'secret' });
    try {
      await expect(cs.leases('default').get('x')).rejects.toMatchObject({ status: { reason: 'ServiceUnavailable', code: 503 } });
    } finally {
      cs.close();
    }
  });
});
