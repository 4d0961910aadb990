import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ResourceClient } from './client.js';

type Callback = (err: unknown, res?: unknown) => void;

/** A gRPC stub whose `create` records the stack-trace limit it was started with. */
function stub(answer: (cb: Callback) => void) {
  const seen: { limit: number; stack?: string }[] = [];
  const grpc = {
    create(_req: unknown, _md: Metadata, cb: Callback) {
      seen.push({ limit: Error.stackTraceLimit, stack: new Error('x').stack });
      answer(cb);
    },
  };
  return { seen, client: new ResourceClient(grpc as never, () => new Metadata(), 'leases', 'default') };
}

describe('ResourceClient unary calls', () => {
  it('start without capturing stacks, then restore the limit', async () => {
    const before = Error.stackTraceLimit;
    const { seen, client } = stub((cb) => setImmediate(() => cb(null, { object: Buffer.from('{}') })));
    await client.createEncoded(Buffer.from('{}'));
    expect(seen).toEqual([{ limit: 0, stack: 'Error: x' }]);
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('still turn gRPC errors into StatusErrors, and restore the limit after a synchronous throw', async () => {
    const before = Error.stackTraceLimit;
    const status = { apiVersion: 'v1', kind: 'Status', status: 'Failure', message: 'leases "a" already exists', reason: 'AlreadyExists', code: 409 };
    const md = new Metadata();
    md.set('kubesim-status-bin', Buffer.from(JSON.stringify(status)));
    const failing = stub((cb) => setImmediate(() => cb(Object.assign(new Error('6 ALREADY_EXISTS'), { code: grpcStatus.ALREADY_EXISTS, details: status.message, metadata: md }))));
    await expect(failing.client.createEncoded(Buffer.from('{}'))).rejects.toMatchObject({ status: { code: 409 } });
    const throwing = stub(() => {
      throw new Error('thrown');
    });
    await expect(throwing.client.createEncoded(Buffer.from('{}'))).rejects.toThrow('thrown');
    expect(Error.stackTraceLimit).toBe(before);
  });
});
