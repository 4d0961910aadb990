import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import http2 from 'node:http2';

/**
 * Unary gRPC calls over one HTTP/2 connection, straight on node:http2: the wire protocol of
 * gRPC's PROTOCOL-HTTP2.md (length-prefixed message, `grpc-status` in the trailers, or in the
 * headers of a trailers-only answer), nothing else. Watches and other streams stay on grpc-js.
 *
 * Why not grpc-js here: its client runs every call through several layers (interceptors, the
 * resolving and load-balancing calls, call credentials, the compression filter), each a promise or
 * a callback hop. On a cold process, which is what a burst of pod creates right after `kubesim up`
 * meets, that cost ~450 µs of CPU a call against ~250 µs for this, and ~120 against ~70 µs warm
 * (bench/README.md, session 8). The apiserver makes ~4 etcd calls per pod and the kubelets and the
 * scheduler ~3 apiserver calls, so this is most of what a pod costs in transport.
 */

export interface UnaryChannelOptions {
  /** HTTP/2 flow-control window of the connection and of each call (default 16 MiB; see the Clientset). */
  windowBytes?: number;
  /**
   * While calls are in flight, a PING every `keepaliveMs` (default 30 s, as the Clientset's
   * grpc-js channels); no answer within `keepaliveTimeoutMs` (default 20 s, grpc-js' default)
   * closes the connection and fails its calls with UNAVAILABLE: a peer that hangs without closing
   * its socket does not hang its callers forever.
   */
  keepaliveMs?: number;
  keepaliveTimeoutMs?: number;
}

export interface UnaryCallOptions {
  /** Custom metadata (lower-case names; `-bin` values as Buffers). */
  metadata?: Record<string, string | Buffer>;
  /** Absolute deadline (ms since the epoch): the call fails with DEADLINE_EXCEEDED after it. */
  deadline?: number;
}

/**
 * A failed call, with the fields of grpc-js' ServiceError (code, details, metadata), so that what
 * reads those (fromGrpcError) reads these too. `sent` is false when the request certainly never
 * reached the server (no connection, or the server refused the stream), so it may be retried
 * even if it is not idempotent.
 */
export class UnaryCallError extends Error {
  constructor(
    readonly code: GrpcCode,
    readonly details: string,
    readonly metadata: Metadata = new Metadata(),
    readonly sent = true,
  ) {
    super(`${code} ${GrpcCode[code] ?? 'UNKNOWN'}: ${details}`);
    this.name = 'UnaryCallError';
  }
}

const DEFAULT_WINDOW = 16 * 1024 * 1024;
const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_INADEQUATE_SECURITY } = http2.constants;

/** gRPC's mapping of an HTTP status without `grpc-status` (PROTOCOL-HTTP2.md, http-grpc-status-mapping.md). */
function codeForHttpStatus(status: number): GrpcCode {
  switch (status) {
    case 400:
      return GrpcCode.INTERNAL;
    case 401:
      return GrpcCode.UNAUTHENTICATED;
    case 403:
      return GrpcCode.PERMISSION_DENIED;
    case 404:
      return GrpcCode.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcCode.UNAVAILABLE;
    default:
      return GrpcCode.UNKNOWN;
  }
}

/** A RST_STREAM's error code as grpc-js reports it. */
function codeForRstStream(rst: number): GrpcCode {
  switch (rst) {
    case NGHTTP2_REFUSED_STREAM:
      return GrpcCode.UNAVAILABLE;
    case NGHTTP2_CANCEL:
      return GrpcCode.CANCELLED;
    case NGHTTP2_ENHANCE_YOUR_CALM:
      return GrpcCode.RESOURCE_EXHAUSTED;
    case NGHTTP2_INADEQUATE_SECURITY:
      return GrpcCode.PERMISSION_DENIED;
    default:
      return GrpcCode.INTERNAL;
  }
}

/** `grpc-message` is percent-encoded. */
function decodeMessage(v: unknown): string {
  const s = v === undefined ? '' : String(v);
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `grpc-timeout`: at most 8 digits and a unit. */
function grpcTimeout(ms: number): string {
  const n = Math.max(1, Math.ceil(ms));
  return n < 1e8 ? `${n}m` : `${Math.min(99_999_999, Math.ceil(n / 1000))}S`;
}

/** One length-prefixed, uncompressed message. */
function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** The single message of a unary answer, or why it is not one. */
function unframe(chunks: Buffer[]): Buffer | string {
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (body.length < 5) return body.length ? 'Truncated message' : 'No message received';
  if (body[0] !== 0) return 'Compressed messages are not supported';
  const len = body.readUInt32BE(1);
  if (body.length < 5 + len) return 'Truncated message';
  if (body.length > 5 + len) return 'Received a second message for a unary call';
  return body.subarray(5);
}

/**
 * A connection to one gRPC server (`host:port` or `http://host:port`) for unary calls, made on the
 * first call and again after the server closed it. Idle, it does not keep the process alive.
 */
export class UnaryChannel {
  private readonly authority: string;
  private readonly window: number;
  private readonly keepaliveMs: number;
  private readonly keepaliveTimeoutMs: number;
  private session?: http2.ClientHttp2Session;
  /** Calls in flight per connection (an old one may still finish calls after a GOAWAY). */
  private readonly calls = new Map<http2.ClientHttp2Session, number>();
  private keepalive?: NodeJS.Timeout;
  private closed = false;

  constructor(target: string, opts: UnaryChannelOptions = {}) {
    this.authority = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`;
    this.window = opts.windowBytes ?? DEFAULT_WINDOW;
    this.keepaliveMs = opts.keepaliveMs ?? 30_000;
    this.keepaliveTimeoutMs = opts.keepaliveTimeoutMs ?? 20_000;
  }

  /** Sends `message` (already serialized) to `path` (`/package.Service/Method`); resolves to the answer's message. */
  call(path: string, message: Uint8Array, opts: UnaryCallOptions = {}): Promise<Buffer> {
    if (this.closed) return Promise.reject(new UnaryCallError(GrpcCode.UNAVAILABLE, 'Channel has been shut down', undefined, false));
    const headers: http2.OutgoingHttpHeaders = {
      ...opts.metadata,
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
    };
    for (const [k, v] of Object.entries(opts.metadata ?? {})) if (Buffer.isBuffer(v)) headers[k] = v.toString('base64');
    let timer: NodeJS.Timeout | undefined;
    if (opts.deadline !== undefined) {
      const left = opts.deadline - Date.now();
      if (left <= 0) return Promise.reject(new UnaryCallError(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded', undefined, false));
      headers['grpc-timeout'] = grpcTimeout(left);
    }
    const session = this.connect();
    return new Promise<Buffer>((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers);
      } catch (e) {
        // The session went away between connect() and here (a GOAWAY, a socket error).
        this.forget(session);
        reject(new UnaryCallError(GrpcCode.UNAVAILABLE, (e as Error).message, undefined, false));
        return;
      }
      this.started(session);
      const chunks: Buffer[] = [];
      let httpStatus = 0;
      let grpcStatus: number | undefined;
      let details = '';
      let trailers: http2.IncomingHttpHeaders | undefined;
      let failure: UnaryCallError | undefined;
      let done = false;
      // Whether the request may have reached the server: the stream got its id (its headers were
      // handed to the connection). Every listener costs a 'newListener' event on an HTTP/2 stream.
      const sent = () => !stream.pending;
      const fromHeaders = (h: http2.IncomingHttpHeaders) => {
        if (h['grpc-status'] === undefined) return;
        grpcStatus = Number(h['grpc-status']);
        details = decodeMessage(h['grpc-message']);
        trailers = h;
      };
      stream.on('response', (h) => {
        httpStatus = Number(h[':status']);
        fromHeaders(h); // trailers-only
      });
      stream.on('trailers', fromHeaders);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e: NodeJS.ErrnoException) => {
        // A RST_STREAM from the server is mapped from its code when the stream closes.
        if (e.code !== 'ERR_HTTP2_STREAM_ERROR') failure ??= new UnaryCallError(GrpcCode.UNAVAILABLE, e.message, undefined, sent());
      });
      stream.on('close', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.finished(session);
        if (failure) return reject(failure);
        if (grpcStatus === undefined) {
          if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) {
            const code = codeForRstStream(stream.rstCode);
            return reject(new UnaryCallError(code, `Received RST_STREAM with code ${stream.rstCode}`, undefined, stream.rstCode === NGHTTP2_REFUSED_STREAM ? false : sent()));
          }
          if (httpStatus && httpStatus !== 200) return reject(new UnaryCallError(codeForHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`));
          if (session.destroyed || session.closed) return reject(new UnaryCallError(GrpcCode.UNAVAILABLE, 'Connection dropped', undefined, sent()));
          return reject(new UnaryCallError(GrpcCode.INTERNAL, 'Server closed the stream without sending trailers'));
        }
        if (grpcStatus !== GrpcCode.OK) return reject(new UnaryCallError(grpcStatus, details, Metadata.fromHttp2Headers(trailers ?? {})));
        const msg = unframe(chunks);
        if (typeof msg === 'string') return reject(new UnaryCallError(GrpcCode.INTERNAL, msg));
        resolve(msg);
      });
      if (opts.deadline !== undefined) {
        timer = setTimeout(() => {
          failure ??= new UnaryCallError(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded', undefined, sent());
          stream.close(NGHTTP2_CANCEL);
        }, Math.max(0, opts.deadline - Date.now()));
      }
      stream.end(frame(message));
    });
  }

  /**
   * A server-streaming call: its messages as they arrive. The iteration ends after the server's OK,
   * throws a UnaryCallError for any other status (or a lost connection), and ends quietly once
   * `signal` aborts (the call is cancelled). A consumer that falls behind by more than
   * `highWaterBytes` pauses the stream, and so, through HTTP/2 flow control, the server.
   */
  async *serverStream(path: string, message: Uint8Array, opts: UnaryCallOptions & { signal?: AbortSignal; highWaterBytes?: number } = {}): AsyncGenerator<Buffer> {
    if (this.closed) throw new UnaryCallError(GrpcCode.UNAVAILABLE, 'Channel has been shut down', undefined, false);
    if (opts.signal?.aborted) return;
    const headers: http2.OutgoingHttpHeaders = { ...opts.metadata, ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
    for (const [k, v] of Object.entries(opts.metadata ?? {})) if (Buffer.isBuffer(v)) headers[k] = v.toString('base64');
    const session = this.connect();
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request(headers);
    } catch (e) {
      this.forget(session);
      throw new UnaryCallError(GrpcCode.UNAVAILABLE, (e as Error).message, undefined, false);
    }
    this.started(session);
    const highWater = opts.highWaterBytes ?? 4 * 1024 * 1024;
    const messages: Buffer[] = [];
    let queued = 0;
    let buf: Buffer = Buffer.alloc(0);
    let httpStatus = 0;
    let grpcStatus: number | undefined;
    let details = '';
    let trailers: http2.IncomingHttpHeaders | undefined;
    let failure: UnaryCallError | undefined;
    let closed = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const fromHeaders = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] === undefined) return;
      grpcStatus = Number(h['grpc-status']);
      details = decodeMessage(h['grpc-message']);
      trailers = h;
    };
    stream.on('response', (h) => {
      httpStatus = Number(h[':status']);
      fromHeaders(h);
    });
    stream.on('trailers', fromHeaders);
    stream.on('data', (c: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, c]) : c;
      while (buf.length >= 5) {
        if (buf[0] !== 0) {
          failure ??= new UnaryCallError(GrpcCode.INTERNAL, 'Compressed messages are not supported');
          stream.close(NGHTTP2_CANCEL);
          return;
        }
        const len = buf.readUInt32BE(1);
        if (buf.length < 5 + len) break;
        messages.push(buf.subarray(5, 5 + len));
        queued += len;
        buf = buf.subarray(5 + len);
      }
      if (queued > highWater) stream.pause();
      notify();
    });
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ERR_HTTP2_STREAM_ERROR') failure ??= new UnaryCallError(GrpcCode.UNAVAILABLE, e.message, undefined, !stream.pending);
    });
    stream.on('close', () => {
      closed = true;
      this.finished(session);
      notify();
    });
    const onAbort = () => stream.close(NGHTTP2_CANCEL);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stream.end(frame(message));
    try {
      for (;;) {
        while (messages.length) {
          const m = messages.shift()!;
          queued -= m.length;
          if (stream.isPaused() && queued <= highWater / 2) stream.resume();
          yield m;
        }
        if (closed) break;
        await new Promise<void>((r) => (wake = r));
      }
      if (opts.signal?.aborted) return;
      if (failure) throw failure;
      if (grpcStatus === undefined) {
        if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) throw new UnaryCallError(codeForRstStream(stream.rstCode), `Received RST_STREAM with code ${stream.rstCode}`, undefined, stream.rstCode !== NGHTTP2_REFUSED_STREAM);
        if (httpStatus && httpStatus !== 200) throw new UnaryCallError(codeForHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`);
        throw new UnaryCallError(GrpcCode.UNAVAILABLE, 'Connection dropped');
      }
      if (grpcStatus !== GrpcCode.OK) throw new UnaryCallError(grpcStatus, details, Metadata.fromHttp2Headers(trailers ?? {}));
      if (buf.length) throw new UnaryCallError(GrpcCode.INTERNAL, 'Truncated message');
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      // The consumer stopped early (break, return, throw): cancel the call.
      if (!closed) stream.close(NGHTTP2_CANCEL);
    }
  }

  /** Closes the connection; calls in flight fail with UNAVAILABLE, later ones at once. */
  close(): void {
    this.closed = true;
    clearInterval(this.keepalive);
    this.keepalive = undefined;
    for (const session of new Set([...this.calls.keys(), ...(this.session ? [this.session] : [])])) session.destroy();
    this.session = undefined;
  }

  private connect(): http2.ClientHttp2Session {
    const s = this.session;
    if (s && !s.closed && !s.destroyed) return s;
    const session = http2.connect(this.authority, { settings: { initialWindowSize: this.window } });
    session.on('connect', () => {
      try {
        session.setLocalWindowSize(this.window);
      } catch {
        /* closing already */
      }
    });
    // Calls in flight see the failure on their streams; the next call connects again.
    session.on('error', () => this.forget(session));
    session.on('goaway', () => this.forget(session));
    session.on('close', () => this.forget(session));
    session.unref();
    this.session = session;
    return session;
  }

  private forget(session: http2.ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
  }

  /** A call started: its connection holds the process open, and is watched, while calls are in flight on it. */
  private started(session: http2.ClientHttp2Session): void {
    const n = this.calls.get(session) ?? 0;
    this.calls.set(session, n + 1);
    if (n === 0) session.ref();
    this.keepalive ??= setInterval(() => this.ping(), this.keepaliveMs).unref();
  }

  private finished(session: http2.ClientHttp2Session): void {
    const n = (this.calls.get(session) ?? 1) - 1;
    if (n > 0) {
      this.calls.set(session, n);
      return;
    }
    this.calls.delete(session);
    if (!session.destroyed) session.unref();
    if (!this.calls.size) {
      clearInterval(this.keepalive);
      this.keepalive = undefined;
    }
  }

  /** Keepalive: every connection with calls in flight must answer a PING in time. */
  private ping(): void {
    for (const session of this.calls.keys()) {
      if (session.destroyed || session.connecting) continue;
      const fail = () => session.destroy(new Error(`keepalive PING not answered within ${this.keepaliveTimeoutMs} ms`));
      const timeout = setTimeout(fail, this.keepaliveTimeoutMs).unref();
      try {
        session.ping((err) => {
          clearTimeout(timeout);
          if (err) fail();
        });
      } catch {
        clearTimeout(timeout);
        fail();
      }
    }
  }
}

export { status as GrpcStatus } from '@grpc/grpc-js';
