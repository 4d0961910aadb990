import { Metadata, status as GrpcCode, type MethodDefinition, type ServiceDefinition, type StatusObject } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { frame, readMessage, type FramingProblem } from './framing.js';

/**
 * A gRPC server straight on node:http2, for unary and server-streaming methods: the server side
 * of the UnaryChannel (unary.ts), for the same reason. grpc-js' server runs every call through
 * its interceptor pipeline and a chain of callbacks; on a cold apiserver that cost ~190 µs of CPU
 * a call against ~120 µs for this (bench/README.md, session 8), and the apiserver's event loop is
 * what a burst of pods waits for. Any gRPC client talks to it: UnaryChannel (every kubesim
 * component), grpc-js, grpc-go.
 *
 * Handlers have grpc-js' signatures and the parts of its call objects that kubesim uses: a unary
 * handler gets `{ request, metadata }` and a callback; a server-streaming handler a call with
 * `request`, `metadata`, `write(message, cb)`, `end()`, `emit('error', status)`, `cancelled`, and
 * the events `cancelled` and `close`.
 */

export interface GrpcServerOptions {
  /** Largest request message accepted (default 4 MiB, as grpc-js); larger ones fail with RESOURCE_EXHAUSTED. */
  maxReceiveMessageLength?: number;
}

/** HTTP/2 flow-control window per stream, 16 MiB (as the clients ask for theirs). */
const WINDOW_BYTES = 16 * 1024 * 1024;

type AnyMethod = MethodDefinition<object, object>;
type Handler = (call: never, cb?: never) => void;

export interface UnaryCall<Req = unknown> {
  request: Req;
  metadata: Metadata;
}

type UnaryCallback = (err: StatusLike | null, value?: object) => void;

/** An error a handler answers with: a gRPC code, its details, trailing metadata (grpc-js' StatusObject, partly). */
type StatusLike = Partial<StatusObject> & { message?: string };

/** The response headers of every call (a trailers-only answer adds its status to them); copied per use, as `respond` may add to what it is given. */
const RESPONSE_HEADERS: Readonly<http2.OutgoingHttpHeaders> = { ':status': 200, 'content-type': 'application/grpc' };

/** A server-streaming call. */
export class ServerStreamCall<Req = unknown> extends EventEmitter {
  cancelled = false;
  private ended = false;

  constructor(
    readonly request: Req,
    readonly metadata: Metadata,
    private readonly stream: http2.ServerHttp2Stream,
    private readonly serialize: (value: object) => Buffer,
  ) {
    super();
    // grpc-js' ServerWritableStream takes an emitted 'error' as the call's status.
    this.on('error', (err: StatusLike) => this.finish(err));
  }

  /** Writes one message; `cb` runs once HTTP/2 took it (so a writer can batch what comes meanwhile). */
  write(value: object, cb?: (err?: Error | null) => void): boolean {
    if (this.ended || this.cancelled || this.stream.destroyed) {
      if (cb) queueMicrotask(() => cb());
      return false;
    }
    this.sendHeaders();
    return this.stream.write(frame(this.serialize(value)), cb);
  }

  /** Ends the call with status OK. */
  end(): void {
    this.finish({ code: GrpcCode.OK, details: 'OK' });
  }

  /** @internal the client went away before the call ended */
  abort(): void {
    if (this.ended || this.cancelled) return;
    this.cancelled = true;
    this.emit('cancelled', 'Cancelled on client');
  }

  private sendHeaders(): void {
    if (!this.stream.headersSent) this.stream.respond({ ...RESPONSE_HEADERS }, { waitForTrailers: true });
  }

  private finish(status: StatusLike): void {
    if (this.ended || this.cancelled || this.stream.destroyed) return;
    this.ended = true;
    if (!this.stream.headersSent) {
      sendTrailersOnly(this.stream, status);
      return;
    }
    this.stream.once('wantTrailers', () => this.stream.sendTrailers(statusHeaders(status)));
    this.stream.end();
  }
}

/** grpc-message's percent-encoding (PROTOCOL-HTTP2.md): UTF-8 bytes outside printable ASCII, and `%`. */
function percentEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += b < 0x20 || b > 0x7e || b === 0x25 ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  return out;
}

/** The trailers of a status: grpc-status, percent-encoded grpc-message, and its metadata. */
function statusHeaders(status: StatusLike): http2.OutgoingHttpHeaders {
  const code = typeof status.code === 'number' ? status.code : GrpcCode.UNKNOWN;
  const details = status.details ?? status.message ?? '';
  const headers: http2.OutgoingHttpHeaders = status.metadata instanceof Metadata ? status.metadata.toHttp2Headers() : {};
  headers['grpc-status'] = String(code);
  if (details) headers['grpc-message'] = percentEncode(details);
  return headers;
}

/** A call that fails before (or instead of) any message: one HEADERS frame that ends the stream. */
function sendTrailersOnly(stream: http2.ServerHttp2Stream, status: StatusLike): void {
  if (stream.destroyed || stream.headersSent) return;
  stream.respond({ ...RESPONSE_HEADERS, ...statusHeaders(status) }, { endStream: true });
}

const REQUEST_PROBLEMS: Record<FramingProblem, StatusLike> = {
  none: { code: GrpcCode.INTERNAL, details: 'No message received' },
  truncated: { code: GrpcCode.INTERNAL, details: 'Truncated message' },
  compressed: { code: GrpcCode.UNIMPLEMENTED, details: 'Compressed messages are not supported' },
  extra: { code: GrpcCode.INTERNAL, details: 'Received a second message for a unary request' },
};

/** The one message of a request (its size was checked as it came), or the status to fail it with. */
function unframe(chunks: Buffer[]): Buffer | StatusLike {
  const msg = readMessage(chunks);
  return typeof msg === 'string' ? REQUEST_PROBLEMS[msg] : msg;
}

export class GrpcServer {
  private readonly methods = new Map<string, { def: AnyMethod; handler: Handler }>();
  private readonly server: http2.Http2Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly maxReceive: number;

  constructor(opts: GrpcServerOptions = {}) {
    this.maxReceive = opts.maxReceiveMessageLength ?? 4 * 1024 * 1024;
    // A watch of a slow client may hold megabytes in HTTP/2's queues: grpc-js lifts Node's 10 MB
    // session memory limit too (past it, Node answers ENHANCE_YOUR_CALM and drops the connection).
    this.server = http2.createServer({ settings: { initialWindowSize: WINDOW_BYTES }, maxSessionMemory: Number.MAX_SAFE_INTEGER });
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('error', () => {});
      session.on('close', () => this.sessions.delete(session));
      session.on('connect', () => {
        try {
          session.setLocalWindowSize(WINDOW_BYTES);
        } catch {
          /* closing */
        }
      });
    });
    this.server.on('stream', (stream, headers) => this.onStream(stream, headers));
  }

  /** Registers a service's methods, by their PascalCase names or camelCase `originalName`s (as grpc-js). */
  addService(service: ServiceDefinition, implementation: Record<string, unknown>): void {
    for (const [name, def] of Object.entries(service) as [string, AnyMethod][]) {
      if (def.requestStream) throw new Error(`${def.path}: client streaming is not supported`);
      const handler = (implementation[name] ?? implementation[def.originalName ?? '']) as Handler | undefined;
      if (handler) this.methods.set(def.path, { def, handler });
    }
  }

  /** Listens on `host:port` (0: a free port); resolves to the port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and lets calls in flight finish (GOAWAY); `cb` once every connection closed. */
  tryShutdown(cb: () => void): void {
    this.server.close(() => cb());
    for (const s of this.sessions) s.close();
  }

  /** Stops listening and drops every connection. */
  forceShutdown(): void {
    this.server.close();
    for (const s of this.sessions) s.destroy();
  }

  private onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => {});
    const contentType = String(headers['content-type'] ?? '');
    if (!contentType.startsWith('application/grpc')) {
      stream.respond({ ':status': 415, 'grpc-status': String(GrpcCode.INTERNAL), 'grpc-message': percentEncode(`Unsupported content-type ${contentType}`) }, { endStream: true });
      return;
    }
    const path = String(headers[':path'] ?? '');
    const method = this.methods.get(path);
    if (!method) {
      stream.resume();
      sendTrailersOnly(stream, { code: GrpcCode.UNIMPLEMENTED, details: `The server does not implement the method ${path}` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    stream.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > this.maxReceive + 5) {
        failed = true;
        sendTrailersOnly(stream, { code: GrpcCode.RESOURCE_EXHAUSTED, details: `Received message larger than max (${size - 5} vs. ${this.maxReceive})` });
        return;
      }
      chunks.push(c);
    });
    stream.on('end', () => {
      if (failed) return;
      const msg = unframe(chunks);
      if (!Buffer.isBuffer(msg)) return sendTrailersOnly(stream, msg);
      let request: object;
      try {
        request = method.def.requestDeserialize(msg);
      } catch (e) {
        return sendTrailersOnly(stream, { code: GrpcCode.INTERNAL, details: `Error deserializing request: ${(e as Error).message}` });
      }
      const metadata = Metadata.fromHttp2Headers(headers);
      if (method.def.responseStream) this.serverStream(stream, method, request, metadata);
      else this.unary(stream, method, request, metadata);
    });
  }

  private unary(stream: http2.ServerHttp2Stream, method: { def: AnyMethod; handler: Handler }, request: object, metadata: Metadata): void {
    let answered = false;
    const cb: UnaryCallback = (err, value) => {
      if (answered) return;
      answered = true;
      if (stream.destroyed) return;
      if (err) return sendTrailersOnly(stream, err);
      let body: Buffer;
      try {
        body = frame(method.def.responseSerialize(value ?? {}));
      } catch (e) {
        return sendTrailersOnly(stream, { code: GrpcCode.INTERNAL, details: `Error serializing response: ${(e as Error).message}` });
      }
      stream.respond({ ...RESPONSE_HEADERS }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(body);
    };
    try {
      (method.handler as unknown as (call: UnaryCall, cb: UnaryCallback) => void)({ request, metadata }, cb);
    } catch (e) {
      cb({ code: GrpcCode.UNKNOWN, details: `Server method handler threw error ${(e as Error).message}` });
    }
  }

  private serverStream(stream: http2.ServerHttp2Stream, method: { def: AnyMethod; handler: Handler }, request: object, metadata: Metadata): void {
    const call = new ServerStreamCall(request, metadata, stream, method.def.responseSerialize as (v: object) => Buffer);
    stream.on('close', () => {
      call.abort();
      call.emit('close');
    });
    try {
      (method.handler as unknown as (call: ServerStreamCall) => void)(call);
    } catch (e) {
      call.emit('error', { code: GrpcCode.UNKNOWN, details: `Server method handler threw error ${(e as Error).message}` });
    }
  }
}
