import { Client, Metadata, credentials, status as GrpcCode, type ServiceError } from '@grpc/grpc-js';
import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcServer, type ServerStreamCall, type UnaryCall } from './server.js';
import { UnaryChannel } from './unary.js';

const raw = (b: Buffer) => b;
const codec = { requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw };
const SERVICE = {
  Echo: { path: '/test.T/Echo', requestStream: false, responseStream: false, originalName: 'echo', ...codec },
  Fail: { path: '/test.T/Fail', requestStream: false, responseStream: false, ...codec },
  Count: { path: '/test.T/Count', requestStream: false, responseStream: true, ...codec },
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let streamCalls: ServerStreamCall<Buffer>[] = [];
/** Resolves with the next streaming call to reach its handler. */
let nextStreamCall: Promise<ServerStreamCall<Buffer>>;
let streamCallArrived: (c: ServerStreamCall<Buffer>) => void;

async function start(overrides: Record<string, unknown> = {}, opts?: ConstructorParameters<typeof GrpcServer>[0]): Promise<{ server: GrpcServer; address: string }> {
  streamCalls = [];
  nextStreamCall = new Promise((r) => (streamCallArrived = r));
  const server = new GrpcServer(opts);
  server.addService(SERVICE as never, {
    echo: (call: UnaryCall<Buffer>, cb: (e: unknown, r?: Buffer) => void) => cb(null, Buffer.concat([Buffer.from(`${call.metadata.get('authorization')[0] ?? '-'}:`), call.request])),
    Fail: (_call: UnaryCall<Buffer>, cb: (e: unknown) => void) => {
      const md = new Metadata();
      md.set('kubesim-status-bin', Buffer.from('{"reason":"NotFound"}'));
      cb({ code: GrpcCode.NOT_FOUND, details: 'pods "kubia" not found: 100% \u00e9\nnext', metadata: md });
    },
    Count: (call: ServerStreamCall<Buffer>) => {
      streamCalls.push(call);
      streamCallArrived(call);
      const n = Number(String(call.request));
      if (n < 0) return; // stays open until the client cancels
      let i = 0;
      const next = () => {
        if (i === n) return call.end();
        if (i === 3 && n === 99) return call.emit('error', { code: GrpcCode.ABORTED, details: 'stopped at 3' });
        call.write(Buffer.from(String(i++)), next);
      };
      next();
    },
    ...overrides,
  });
  const port = await server.listen('127.0.0.1', 0);
  cleanups.push(() => server.forceShutdown());
  return { server, address: `127.0.0.1:${port}` };
}

function grpcClient(address: string): Client {
  const c = new Client(address, credentials.createInsecure());
  cleanups.push(() => c.close());
  return c;
}

function unary(c: Client, path: string, body: Buffer, md = new Metadata()): Promise<Buffer> {
  return new Promise((resolve, reject) => c.makeUnaryRequest(path, raw, raw, body, md, (err, res) => (err ? reject(err) : resolve(res!))));
}

function stream(c: Client, n: number): { messages: string[]; done: Promise<ServiceError | undefined>; cancel(): void } {
  const messages: string[] = [];
  const call = c.makeServerStreamRequest('/test.T/Count', raw, raw, Buffer.from(String(n)));
  const done = new Promise<ServiceError | undefined>((resolve) => {
    call.on('data', (d: Buffer) => messages.push(String(d)));
    call.on('error', (e: ServiceError) => resolve(e));
    call.on('end', () => resolve(undefined));
  });
  return { messages, done, cancel: () => call.cancel() };
}

describe('GrpcServer', () => {
  it('answers unary calls from grpc-js and from UnaryChannel, with the metadata they sent', async () => {
    const { address } = await start();
    const md = new Metadata();
    md.set('authorization', 'Bearer t');
    expect(String(await unary(grpcClient(address), '/test.T/Echo', Buffer.from('hi'), md))).toBe('Bearer t:hi');
    const ch = new UnaryChannel(address);
    cleanups.push(() => ch.close());
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => ch.call('/test.T/Echo', Buffer.from(String(i)))));
    expect(many.map(String)).toEqual(Array.from({ length: 50 }, (_, i) => `-:${i}`));
  });

  it('sends a failed call its code, its message and its trailing metadata', async () => {
    const { address } = await start();
    const err = (await unary(grpcClient(address), '/test.T/Fail', Buffer.from('x')).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(GrpcCode.NOT_FOUND);
    expect(err.details).toBe('pods "kubia" not found: 100% \u00e9\nnext');
    expect(String(err.metadata.get('kubesim-status-bin')[0])).toBe('{"reason":"NotFound"}');
  });

  it('answers what it cannot serve as gRPC servers do', async () => {
    const { address } = await start(
      { echo: () => { throw new Error('boom'); } },
      { maxReceiveMessageLength: 1024 },
    );
    const c = grpcClient(address);
    const codeOf = async (path: string, body: Buffer) => ((await unary(c, path, body).catch((e: unknown) => e)) as ServiceError).code;
    expect(await codeOf('/test.T/Nope', Buffer.from('x'))).toBe(GrpcCode.UNIMPLEMENTED);
    expect(await codeOf('/test.T/Echo', Buffer.from('x'))).toBe(GrpcCode.UNKNOWN); // the handler threw
    expect(await codeOf('/test.T/Fail', Buffer.alloc(2048))).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    // Not gRPC at all.
    const session = http2.connect(`http://${address}`);
    cleanups.push(() => session.destroy());
    const status = await new Promise<number>((resolve) => {
      const req = session.request({ ':method': 'POST', ':path': '/test.T/Echo', 'content-type': 'application/json' });
      req.on('response', (h) => resolve(Number(h[':status'])));
      req.end('{}');
    });
    expect(status).toBe(415);
  });

  it('streams messages, then OK or the status a handler emits', async () => {
    const { address } = await start();
    const c = grpcClient(address);
    const ok = stream(c, 5);
    expect(await ok.done).toBeUndefined();
    expect(ok.messages).toEqual(['0', '1', '2', '3', '4']);
    const empty = stream(c, 0);
    expect(await empty.done).toBeUndefined();
    expect(empty.messages).toEqual([]);
    const failed = stream(c, 99);
    expect((await failed.done)?.code).toBe(GrpcCode.ABORTED);
    expect((await failed.done)?.details).toBe('stopped at 3');
    expect(failed.messages).toEqual(['0', '1', '2']);
  });

  it('tells a streaming handler that its client cancelled', async () => {
    const { address } = await start();
    const open = stream(grpcClient(address), -1);
    const call = await nextStreamCall;
    const events: string[] = [];
    const closed = new Promise<void>((resolve) => {
      call.on('cancelled', () => events.push('cancelled'));
      call.on('close', () => {
        events.push('close');
        resolve();
      });
    });
    open.cancel();
    expect((await open.done)?.code).toBe(GrpcCode.CANCELLED);
    await closed;
    expect(events).toEqual(['cancelled', 'close']);
    expect(call.cancelled).toBe(true);
    // Writing to a cancelled call is a no-op whose callback still runs.
    await new Promise<void>((resolve) => call.write(Buffer.from('late'), () => resolve()));
  });

  it('tryShutdown lets a call in flight finish; forceShutdown drops it', async () => {
    let arrived!: (answer: () => void) => void;
    const inHandler = new Promise<() => void>((r) => (arrived = r));
    const { server, address } = await start({
      echo: (_call: UnaryCall<Buffer>, cb: (e: unknown, r?: Buffer) => void) => arrived(() => cb(null, Buffer.from('late but fine'))),
    });
    const c = grpcClient(address);
    const pending = unary(c, '/test.T/Echo', Buffer.from('x'));
    const answer = await inHandler;
    const closed = new Promise<void>((r) => server.tryShutdown(r));
    // Shutting down (GOAWAY sent) with the call in flight: the call still finishes.
    answer();
    expect(String(await pending)).toBe('late but fine');
    await closed;

    let hung!: () => void;
    const second = await start({ echo: () => hung() });
    const entered = new Promise<void>((r) => (hung = r));
    const hanging = unary(grpcClient(second.address), '/test.T/Echo', Buffer.from('x')).catch((e: ServiceError) => e.code);
    await entered;
    second.server.forceShutdown();
    expect(await hanging).toBe(GrpcCode.UNAVAILABLE);
  });
});
