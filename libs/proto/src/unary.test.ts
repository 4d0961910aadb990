import { Metadata, Server, ServerCredentials, status as GrpcCode, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { StatusError, newNotFound } from '@kubesim/api';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromGrpcError, toGrpcError, STATUS_TRAILER } from './errors.js';
import { UnaryCallError, UnaryChannel } from './unary.js';

const raw = (b: Buffer) => b;
const METHOD = { path: '/test.Echo/Call', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw };

type Handler = (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => void;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function grpcServer(handler: Handler, port = 0): Promise<{ address: string; port: number; server: Server }> {
  const server = new Server();
  server.addService({ Call: METHOD }, { Call: handler });
  const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  cleanups.push(() => server.forceShutdown());
  return { address: `127.0.0.1:${bound}`, port: bound, server };
}

/** A bare HTTP/2 server whose every stream `answer` handles. */
async function h2Server(answer: (stream: http2.ServerHttp2Stream) => void, onSession?: (s: http2.ServerHttp2Session) => void): Promise<string> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('error', () => {});
    onSession?.(s);
  });
  server.on('stream', (stream) => {
    stream.on('error', () => {});
    stream.resume();
    stream.on('end', () => answer(stream));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sessions) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function channel(address: string, opts?: ConstructorParameters<typeof UnaryChannel>[1]): UnaryChannel {
  const ch = new UnaryChannel(address, opts);
  cleanups.push(() => ch.close());
  return ch;
}

function frameOf(payload: Buffer, flag = 0): Buffer {
  const b = Buffer.alloc(5 + payload.length);
  b[0] = flag;
  b.writeUInt32BE(payload.length, 1);
  payload.copy(b, 5);
  return b;
}

async function rejection(p: Promise<unknown>): Promise<UnaryCallError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UnaryCallError);
    return e as UnaryCallError;
  }
  throw new Error('the call succeeded');
}

const STREAM = { path: '/test.Echo/Stream', requestStream: false, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw };

/**
 * A grpc-js server whose Stream method sends the request's number of messages (or hangs for -1,
 * sends one and hangs for -2, fails for 99 after 3). `entered()` resolves when the next call reaches the handler, `cancelled()`
 * when the next cancellation arrives.
 */
async function streamServer(): Promise<{ address: string; server: Server; entered: () => Promise<void>; cancelled: () => Promise<void> }> {
  const waiters = { entered: [] as (() => void)[], cancelled: [] as (() => void)[] };
  const next = (k: keyof typeof waiters) => new Promise<void>((r) => waiters[k].push(r));
  const server = new Server();
  server.addService({ Stream: STREAM }, {
    Stream: (call: import('@grpc/grpc-js').ServerWritableStream<Buffer, Buffer>) => {
      call.on('cancelled', () => waiters.cancelled.shift()?.());
      waiters.entered.shift()?.();
      const n = Number(String(call.request));
      if (n === -2) call.write(Buffer.from('first')); // one message, then nothing
      if (n < 0) return;
      for (let i = 0; i < n; i++) {
        if (n === 99 && i === 3) return call.emit('error', { code: GrpcCode.FAILED_PRECONDITION, details: 'no more' });
        call.write(Buffer.alloc(i * 1000, String(i % 10)));
      }
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  cleanups.push(() => server.forceShutdown());
  return { address: `127.0.0.1:${port}`, server, entered: () => next('entered'), cancelled: () => next('cancelled') };
}

async function collect(it: AsyncIterable<Buffer>): Promise<number[]> {
  const out: number[] = [];
  for await (const m of it) out.push(m.length);
  return out;
}

describe('UnaryChannel server streams', () => {
  it('yields every message, large ones split across frames included, then ends on OK', async () => {
    const { address } = await streamServer();
    const ch = channel(address);
    expect(await collect(ch.serverStream(STREAM.path, Buffer.from('100')))).toEqual(Array.from({ length: 100 }, (_, i) => i * 1000));
    expect(await collect(ch.serverStream(STREAM.path, Buffer.from('0')))).toEqual([]);
  });

  it('throws the status the server ends with, after the messages before it', async () => {
    const { address } = await streamServer();
    const got: number[] = [];
    const err = await (async () => {
      for await (const m of channel(address).serverStream(STREAM.path, Buffer.from('99'))) got.push(m.length);
    })().catch((e: unknown) => e);
    expect(got).toEqual([0, 1000, 2000]);
    expect([(err as UnaryCallError).code, (err as UnaryCallError).details]).toEqual([GrpcCode.FAILED_PRECONDITION, 'no more']);
  });

  it('ends quietly and cancels the call when the signal aborts, without what it had not yielded', async () => {
    const srv = await streamServer();
    const ch = channel(srv.address);
    const ac = new AbortController();
    const entered = srv.entered();
    const cancelled = srv.cancelled();
    const pending = collect(ch.serverStream(STREAM.path, Buffer.from('-1'), { signal: ac.signal }));
    await entered;
    ac.abort();
    expect(await pending).toEqual([]);
    await cancelled;
    // Aborted with messages queued: none of them is yielded after the abort.
    const ac2 = new AbortController();
    const got: number[] = [];
    for await (const m of ch.serverStream(STREAM.path, Buffer.from('50'), { signal: ac2.signal })) {
      got.push(m.length);
      ac2.abort();
    }
    expect(got).toEqual([0]);
  });

  it('cancels the call when the consumer stops early', async () => {
    const srv = await streamServer();
    const ch = channel(srv.address);
    const cancelled = srv.cancelled();
    const got: string[] = [];
    for await (const m of ch.serverStream(STREAM.path, Buffer.from('-2'))) {
      got.push(String(m));
      break;
    }
    expect(got).toEqual(['first']);
    await cancelled;
  });

  it('pauses a stream its consumer falls behind on, and resumes it', async () => {
    const srv = await streamServer();
    const ch = channel(srv.address);
    const it = ch.serverStream(STREAM.path, Buffer.from('100'), { highWaterBytes: 8 * 1024 })[Symbol.asyncIterator]();
    const sizes: number[] = [];
    // Slow consumer: one message per turn of the event loop, so the 100 messages (4.9 MB) pile up.
    for (let r = await it.next(); !r.done; r = await it.next()) {
      sizes.push(r.value.length);
      await new Promise((res) => setImmediate(res));
    }
    expect(sizes).toEqual(Array.from({ length: 100 }, (_, i) => i * 1000));
  });

  it('throws UNAVAILABLE when the server goes away mid-stream', async () => {
    const srv = await streamServer();
    const ch = channel(srv.address);
    const entered = srv.entered();
    const pending = collect(ch.serverStream(STREAM.path, Buffer.from('-1'))).catch((e: unknown) => e);
    await entered;
    srv.server.forceShutdown();
    const err = (await pending) as UnaryCallError;
    expect(err).toBeInstanceOf(UnaryCallError);
    expect(err.code).toBe(GrpcCode.UNAVAILABLE);
  });
});

describe('UnaryChannel and connections that end', () => {
  it('reports a connection closed under a call (no GOAWAY, as a killed process) as UNAVAILABLE, sent', async () => {
    // The server's process "dies": its socket closes with the call in flight.
    const address = await h2Server((s) => s.session?.destroy());
    const ch = channel(address);
    const err = await rejection(ch.call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.details, err.sent]).toEqual([GrpcCode.UNAVAILABLE, 'Connection dropped', true]);
    const streamErr = await collect(ch.serverStream(STREAM.path, Buffer.from('1'))).catch((e: unknown) => e);
    expect([(streamErr as UnaryCallError).code, (streamErr as UnaryCallError).details]).toEqual([GrpcCode.UNAVAILABLE, 'Connection dropped']);
  });

  it('lets a call finish on a connection the server is closing (GOAWAY), past keepalive ticks', async () => {
    let entered!: (answerNow: () => void) => void;
    const inHandler = new Promise<() => void>((r) => (entered = r));
    const address = await h2Server((s) => {
      s.session?.close(); // GOAWAY: no new calls, this one may finish
      entered(() => answer(s, frameOf(Buffer.from('finished'))));
    });
    const ch = channel(address, { keepaliveMs: 20, keepaliveTimeoutMs: 1000 });
    const pending = ch.call(METHOD.path, Buffer.from('x'));
    const answerNow = await inHandler;
    // The scenario is time passing: ten keepalive ticks on the closing connection before the answer.
    await new Promise((r) => setTimeout(r, 200));
    answerNow();
    expect(String(await pending)).toBe('finished');
  });
});

describe('UnaryChannel', () => {
  it('makes unary calls to a grpc-js server, with metadata and a deadline', async () => {
    let seen: { auth: unknown; deadline: number } | undefined;
    const { address } = await grpcServer((call, cb) => {
      seen = { auth: call.metadata.get('authorization')[0], deadline: Number(call.getDeadline()) };
      cb(null, Buffer.concat([Buffer.from('echo:'), call.request]));
    });
    const ch = channel(address);
    const deadline = Date.now() + 5000;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ch.call(METHOD.path, Buffer.from(`m${i}`), { metadata: { authorization: 'Bearer t' }, deadline })));
    expect(answers.map(String)).toEqual(Array.from({ length: 20 }, (_, i) => `echo:m${i}`));
    expect(seen!.auth).toBe('Bearer t');
    // grpc-timeout is in whole milliseconds, rounded up.
    expect(Math.abs(seen!.deadline - deadline)).toBeLessThan(1000);
    // An empty message is a message too.
    expect((await ch.call(METHOD.path, Buffer.alloc(0))).toString()).toBe('echo:');
  });

  it('reports a server error with its code, message and trailing metadata', async () => {
    const { address } = await grpcServer((_call, cb) => cb(toGrpcError(newNotFound({ group: '', resource: 'pods' }, 'kubia'))));
    const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x')));
    expect(err.code).toBe(GrpcCode.NOT_FOUND);
    expect(err.details).toBe('pods "kubia" not found');
    expect(err.metadata.get(STATUS_TRAILER)[0]).toBeInstanceOf(Buffer);
    const se = fromGrpcError(err);
    expect(se).toBeInstanceOf(StatusError);
    expect((se as StatusError).status).toMatchObject({ reason: 'NotFound', code: 404, details: { name: 'kubia', kind: 'pods' } });
  });

  it('percent-decodes grpc-message', async () => {
    const { address } = await grpcServer((_call, cb) => cb({ code: GrpcCode.INVALID_ARGUMENT, details: 'bad: 100% "naïve"\nline', metadata: new Metadata() }));
    const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x')));
    expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(err.details).toBe('bad: 100% "naïve"\nline');
    expect(err.message).toBe('3 INVALID_ARGUMENT: bad: 100% "naïve"\nline');
  });

  it('fails with DEADLINE_EXCEEDED when the server does not answer in time', async () => {
    const { address } = await grpcServer(() => {});
    const start = Date.now();
    const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x'), { deadline: Date.now() + 200 }));
    expect(err.code).toBe(GrpcCode.DEADLINE_EXCEEDED);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    // A deadline already past never leaves the process.
    const late = await rejection(channel(address).call(METHOD.path, Buffer.from('x'), { deadline: Date.now() - 1 }));
    expect([late.code, late.sent]).toEqual([GrpcCode.DEADLINE_EXCEEDED, false]);
  });

  it('fails with UNAVAILABLE, not sent, when nothing listens; and connects again once a server does', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const ch = channel(`http://127.0.0.1:${port}`);
    const err = await rejection(ch.call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.sent]).toEqual([GrpcCode.UNAVAILABLE, false]);
    await grpcServer((call, cb) => cb(null, call.request), port);
    expect(String(await ch.call(METHOD.path, Buffer.from('back')))).toBe('back');
  });

  it('fails calls in flight with UNAVAILABLE when the server goes away, and reconnects to its successor', async () => {
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => (arrived = r));
    const first = await grpcServer(() => arrived());
    const ch = channel(first.address);
    const pending = ch.call(METHOD.path, Buffer.from('x'));
    await inHandler;
    first.server.forceShutdown();
    const err = await rejection(pending);
    expect(err.code).toBe(GrpcCode.UNAVAILABLE);
    expect(err.sent).toBe(true);
    await grpcServer((call, cb) => cb(null, call.request), first.port);
    expect(String(await ch.call(METHOD.path, Buffer.from('again')))).toBe('again');
  });

  it('maps answers that are not gRPC as gRPC clients do', async () => {
    const cases: [string, (s: http2.ServerHttp2Stream) => void, GrpcCode, RegExp][] = [
      ['HTTP 404 without grpc-status', (s) => s.respond({ ':status': 404 }, { endStream: true }), GrpcCode.UNIMPLEMENTED, /HTTP status code 404/],
      ['HTTP 503 without grpc-status', (s) => s.respond({ ':status': 503 }, { endStream: true }), GrpcCode.UNAVAILABLE, /HTTP status code 503/],
      ['no trailers', (s) => (s.respond({ ':status': 200, 'content-type': 'application/grpc' }), s.end(frameOf(Buffer.from('x')))), GrpcCode.INTERNAL, /without sending trailers/],
      ['a compressed message', (s) => answer(s, frameOf(Buffer.from('x'), 1)), GrpcCode.INTERNAL, /Compressed/],
      // As grpc-js: a unary answer with no message, or two, is UNIMPLEMENTED.
      ['two messages', (s) => answer(s, Buffer.concat([frameOf(Buffer.from('a')), frameOf(Buffer.from('b'))])), GrpcCode.UNIMPLEMENTED, /Too many responses/],
      ['no message', (s) => answer(s, Buffer.alloc(0)), GrpcCode.UNIMPLEMENTED, /No message/],
      ['a truncated message', (s) => answer(s, frameOf(Buffer.from('abcdef')).subarray(0, 8)), GrpcCode.INTERNAL, /Truncated/],
      ['RST_STREAM INTERNAL_ERROR', (s) => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR), GrpcCode.INTERNAL, /RST_STREAM with code 2/],
    ];
    for (const [name, handler, code, message] of cases) {
      const address = await h2Server(handler);
      const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x')));
      expect([name, err.code], name).toEqual([name, code]);
      expect(err.details, name).toMatch(message);
    }
    // A trailers-only answer carries the status in its headers.
    const address = await h2Server((s) => s.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'gone%21' }, { endStream: true }));
    const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.details]).toEqual([GrpcCode.NOT_FOUND, 'gone!']);
  });

  it('a stream the server refused was not sent', async () => {
    const address = await h2Server((s) => s.close(http2.constants.NGHTTP2_REFUSED_STREAM));
    const err = await rejection(channel(address).call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.sent]).toEqual([GrpcCode.UNAVAILABLE, false]);
  });

  it('gives up on a connection that does not answer its keepalive PING', async () => {
    // A TCP listener that accepts and then says nothing at all: no SETTINGS, no PING answer.
    const sockets = new Set<net.Socket>();
    const mute = net.createServer((s) => sockets.add(s.on('error', () => {})));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => mute.close(() => r()));
    });
    const ch = channel(`127.0.0.1:${(mute.address() as AddressInfo).port}`, { keepaliveMs: 100, keepaliveTimeoutMs: 200 });
    const err = await rejection(ch.call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.details]).toEqual([GrpcCode.UNAVAILABLE, 'keepalive PING not answered within 200 ms']);
  });

  it('asks for the given flow-control windows', async () => {
    let settings!: (v: { session: http2.ServerHttp2Session; settings: http2.Settings }) => void;
    const first = new Promise<{ session: http2.ServerHttp2Session; settings: http2.Settings }>((r) => (settings = r));
    const address = await h2Server((s) => answer(s, frameOf(Buffer.from('ok'))), (session) => session.once('remoteSettings', (st) => settings({ session, settings: st })));
    expect(String(await channel(address, { windowBytes: 4 * 1024 * 1024 }).call(METHOD.path, Buffer.from('x')))).toBe('ok');
    const { session, settings: st } = await first;
    expect(st.initialWindowSize).toBe(4 * 1024 * 1024);
    // The connection window grows through a WINDOW_UPDATE right after the SETTINGS frame.
    expect(session.state.remoteWindowSize).toBeGreaterThan(4 * 1024 * 1024 - 100); // less what it answered
  });

  it('fails every call after close() without connecting', async () => {
    const { address } = await grpcServer((call, cb) => cb(null, call.request));
    const ch = channel(address);
    ch.close();
    const err = await rejection(ch.call(METHOD.path, Buffer.from('x')));
    expect([err.code, err.sent]).toEqual([GrpcCode.UNAVAILABLE, false]);
  });

  it('does not keep an idle process alive', async () => {
    const { address } = await grpcServer((call, cb) => cb(null, call.request));
    // A process that makes one call and then has nothing left to do must exit by itself.
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-unary-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const script = join(dir, 'client.ts');
    await writeFile(
      script,
      `import { UnaryChannel } from ${JSON.stringify(fileURLToPath(new URL('./unary.ts', import.meta.url)))};\n` +
        `const res = await new UnaryChannel(${JSON.stringify(address)}).call('/test.Echo/Call', Buffer.from('bye'));\n` +
        `process.stdout.write(String(res));\n`,
    );
    const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url));
    const child = spawn(process.execPath, [viteNode, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect([code, out]).toEqual([0, 'bye']);
  });
});

function answer(s: http2.ServerHttp2Stream, body: Buffer): void {
  s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
  s.end(body);
}

