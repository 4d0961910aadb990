import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import http2 from 'node:http2';
import { frame, readMessage, type FramingProblem } from './framing.js';

/**
 * Unary gRPC calls over one HTTP/2 connection, straight on node:http2: the wire protocol of
 * gRPC's PROTOCOL-HTTP2.md (length-prefixed messages, `grpc-status` in the trailers, or in the
 * headers of a trailers-only answer), for unary and server-streaming calls, nothing else.
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

/** A connection not made within this fails its calls with UNAVAILABLE (20 s, as grpc-js). */
const CONNECT_TIMEOUT_MS = 20_000;

export interface UnaryCallOptions {
  /** Custom metadata (lower-case names, text values). */
  metadata?: Record<string, string>;
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
const { NGHTTP2_CANCEL, NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_INADEQUATE_SECURITY } = http2.constants;

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

/** `grpc-message` is percent-encoded (bytes as `%XX`); a stray `%` stays as it is. */
function decodeMessage(v: unknown): string {
  const s = v === undefined ? '' : String(v);
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `grpc-timeout`: at most 8 digits and a unit. */
function grpcTimeout(ms: number): string {
  const n = Math.max(1, Math.ceil(ms));
  return n < 1e8 ? `${n}m` : `${Math.min(99_999_999, Math.ceil(n / 1000))}S`;
}

// As grpc-js: an answer without its one message, or with two, is UNIMPLEMENTED; a broken one INTERNAL.
const ANSWER_PROBLEMS: Record<FramingProblem, [GrpcCode, string]> = {
  none: [GrpcCode.UNIMPLEMENTED, 'No message received'],
  extra: [GrpcCode.UNIMPLEMENTED, 'Too many responses received'],
  truncated: [GrpcCode.INTERNAL, 'Truncated message'],
  compressed: [GrpcCode.INTERNAL, 'Compressed messages are not supported'],
};

/** What a call's stream reported, and how it ended. */
interface CallState {
  httpStatus: number;
  grpcStatus?: number;
  details: string;
  trailers?: http2.IncomingHttpHeaders;
  /** The first failure seen (a transport error, a deadline, a broken message). */
  failure?: UnaryCallError;
}

/**
 * A connection to one gRPC server (`host:port` or `http://host:port`) for unary and
 * server-streaming calls, made on the first call and again after the server closed it. Idle, it
 * does not keep the process alive.
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
    return new Promise<Buffer>((resolve, reject) => {
      if (opts.deadline !== undefined && opts.deadline <= Date.now()) {
        return reject(new UnaryCallError(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded', undefined, false));
      }
      let opened: { stream: http2.ClientHttp2Stream; session: http2.ClientHttp2Session };
      try {
        opened = this.open(path, opts);
      } catch (e) {
        return reject(e);
      }
      const { stream, session } = opened;
      const chunks: Buffer[] = [];
      const st: CallState = { httpStatus: 0, details: '' };
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.finished(session);
        const err = outcome(st, stream, session);
        if (err) return reject(err);
        const msg = readMessage(chunks);
        if (typeof msg === 'string') return reject(new UnaryCallError(...ANSWER_PROBLEMS[msg]));
        resolve(msg);
      };
      this.watch(stream, st);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('close', settle);
      if (opts.deadline !== undefined) {
        timer = setTimeout(() => {
          st.failure ??= new UnaryCallError(GrpcCode.DEADLINE_EXCEEDED, 'Deadline exceeded', undefined, !stream.pending);
          // Settled here: a stream still waiting for its connection closes only once that is made.
          stream.close(NGHTTP2_CANCEL);
          settle();
        }, Math.max(0, opts.deadline - Date.now()));
      }
      stream.end(frame(message));
    });
  }

  /**
   * A server-streaming call: its messages as they arrive. The iteration ends after the server's OK,
   * throws a UnaryCallError for any other status (or a lost connection), and ends quietly, without
   * what it had not yet yielded, once `signal` aborts (the call is cancelled). A consumer that falls
   * behind by more than `highWaterBytes` pauses the stream, and so, through HTTP/2 flow control,
   * the server.
   */
  async *serverStream(path: string, message: Uint8Array, opts: UnaryCallOptions & { signal?: AbortSignal; highWaterBytes?: number } = {}): AsyncGenerator<Buffer> {
    if (opts.signal?.aborted) return;
    const { stream, session } = this.open(path, opts);
    const st: CallState = { httpStatus: 0, details: '' };
    const highWater = opts.highWaterBytes ?? 4 * 1024 * 1024;
    const messages: Buffer[] = [];
    let queued = 0;
    // The message being received: its length once its prefix is in, and its pieces so far.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let closed = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    this.watch(stream, st);
    stream.on('data', (c: Buffer) => {
      pending.push(c);
      pendingBytes += c.length;
      for (;;) {
        if (pendingBytes < 5) break;
        let head = pending[0]!;
        if (head.length < 5) head = pending[0] = Buffer.concat(pending.splice(0, pending.length));
        if (head[0] !== 0) {
          st.failure ??= new UnaryCallError(...ANSWER_PROBLEMS.compressed);
          stream.close(NGHTTP2_CANCEL);
          return;
        }
        const len = head.readUInt32BE(1);
        if (pendingBytes < 5 + len) break;
        // One copy per message, however many DATA frames it came in.
        const all = pending.length === 1 ? head : Buffer.concat(pending, pendingBytes);
        messages.push(all.subarray(5, 5 + len));
        queued += len;
        const rest = all.subarray(5 + len);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
      if (queued > highWater) stream.pause();
      notify();
    });
    stream.on('close', () => {
      closed = true;
      this.finished(session);
      notify();
    });
    const onAbort = () => {
      stream.close(NGHTTP2_CANCEL);
      closed = true;
      notify();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stream.end(frame(message));
    try {
      for (;;) {
        while (messages.length && !opts.signal?.aborted) {
          const m = messages.shift()!;
          queued -= m.length;
          if (stream.isPaused() && queued <= highWater / 2) stream.resume();
          yield m;
        }
        if (closed || opts.signal?.aborted) break;
        await new Promise<void>((r) => (wake = r));
      }
      if (opts.signal?.aborted) return;
      const err = outcome(st, stream, session);
      if (err) throw err;
      if (pendingBytes) throw new UnaryCallError(...ANSWER_PROBLEMS.truncated);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      // The consumer stopped early (break, return, throw): cancel the call.
      if (!stream.closed && !stream.destroyed) stream.close(NGHTTP2_CANCEL);
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

  /** Starts a call's stream (its request not yet sent); throws a UnaryCallError when it cannot. */
  private open(path: string, opts: UnaryCallOptions): { stream: http2.ClientHttp2Stream; session: http2.ClientHttp2Session } {
    if (this.closed) throw new UnaryCallError(GrpcCode.UNAVAILABLE, 'Channel has been shut down', undefined, false);
    const headers: http2.OutgoingHttpHeaders = { ...opts.metadata, ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
    if (opts.deadline !== undefined) headers['grpc-timeout'] = grpcTimeout(opts.deadline - Date.now());
    let session: http2.ClientHttp2Session;
    try {
      session = this.connect();
    } catch (e) {
      throw new UnaryCallError(GrpcCode.UNAVAILABLE, `cannot connect to ${this.authority}: ${(e as Error).message}`, undefined, false);
    }
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request(headers);
    } catch (e) {
      // The connection went away meanwhile (a GOAWAY, a socket error): the next call makes another.
      if (session.closed || session.destroyed) {
        this.forget(session);
        throw new UnaryCallError(GrpcCode.UNAVAILABLE, (e as Error).message, undefined, false);
      }
      // Something about this request (a header value): not a reason to retry, nor to drop the connection.
      throw new UnaryCallError(GrpcCode.INTERNAL, (e as Error).message, undefined, false);
    }
    this.started(session);
    return { stream, session };
  }

  /** Records what a call's stream reports in `st` (both kinds of call). */
  private watch(stream: http2.ClientHttp2Stream, st: CallState): void {
    const fromHeaders = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] === undefined) return;
      st.grpcStatus = Number(h['grpc-status']);
      st.details = decodeMessage(h['grpc-message']);
      st.trailers = h;
    };
    stream.on('response', (h) => {
      st.httpStatus = Number(h[':status']);
      fromHeaders(h); // trailers-only
    });
    stream.on('trailers', fromHeaders);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // A RST_STREAM from the server is mapped from its code when the stream closes.
      if (e.code === 'ERR_HTTP2_STREAM_ERROR') return;
      if (e.code === 'ERR_HTTP2_OUT_OF_STREAMS') {
        // This connection can take no more calls: the next ones get a new one.
        const s = stream.session as http2.ClientHttp2Session | undefined;
        if (s) {
          this.forget(s);
          s.close();
        }
      }
      st.failure ??= new UnaryCallError(GrpcCode.UNAVAILABLE, e.message, undefined, !stream.pending);
    });
  }

  private connect(): http2.ClientHttp2Session {
    const s = this.session;
    if (s && !s.closed && !s.destroyed) return s;
    if (!/^http:\/\//i.test(this.authority)) throw new Error(`only http:// targets are supported`);
    // maxSessionMemory as grpc-js: received data a consumer has not taken yet counts against
    // Node's 10 MB default, and past it the connection is dropped (ENHANCE_YOUR_CALM).
    const session = http2.connect(this.authority, { settings: { initialWindowSize: this.window }, maxSessionMemory: Number.MAX_SAFE_INTEGER });
    const connectTimer = setTimeout(() => session.destroy(new Error(`no connection to ${this.authority} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    connectTimer.unref();
    session.on('connect', () => {
      clearTimeout(connectTimer);
      try {
        session.setLocalWindowSize(this.window);
      } catch {
        /* closing already */
      }
    });
    // Calls in flight see the failure on their streams; the next call connects again.
    session.on('error', () => this.forget(session));
    session.on('goaway', () => this.forget(session));
    session.on('close', () => {
      clearTimeout(connectTimer);
      this.forget(session);
    });
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

  /** Keepalive: every open connection with calls in flight must answer a PING in time. */
  private ping(): void {
    for (const session of this.calls.keys()) {
      // Connecting: the connect timeout watches it. Closing (after a GOAWAY): its calls drain; Node
      // cancels every PING on it.
      if (session.destroyed || session.closed || session.connecting) continue;
      const fail = () => session.destroy(new Error(`keepalive PING not answered within ${this.keepaliveTimeoutMs} ms`));
      const timeout = setTimeout(fail, this.keepaliveTimeoutMs).unref();
      try {
        session.ping((err) => {
          clearTimeout(timeout);
          if (err && (err as NodeJS.ErrnoException).code !== 'ERR_HTTP2_PING_CANCEL') fail();
        });
      } catch {
        clearTimeout(timeout);
      }
    }
  }
}

/** How a finished call ended: undefined for OK, else its error. */
function outcome(st: CallState, stream: http2.ClientHttp2Stream, session: http2.ClientHttp2Session): UnaryCallError | undefined {
  if (st.failure) return st.failure;
  if (st.grpcStatus === undefined) {
    const sent = !stream.pending;
    const rst = stream.rstCode;
    // A connection that went down takes its streams with it as if cancelled (NGHTTP2_CANCEL):
    // that is UNAVAILABLE, as grpc-js reports it ("Connection dropped").
    if ((session.closed || session.destroyed) && (rst === undefined || rst === NGHTTP2_CANCEL || rst === NGHTTP2_NO_ERROR)) {
      return new UnaryCallError(GrpcCode.UNAVAILABLE, 'Connection dropped', undefined, sent);
    }
    if (rst !== undefined && rst !== NGHTTP2_NO_ERROR) {
      return new UnaryCallError(codeForRstStream(rst), `Received RST_STREAM with code ${rst}`, undefined, rst === NGHTTP2_REFUSED_STREAM ? false : sent);
    }
    if (st.httpStatus && st.httpStatus !== 200) return new UnaryCallError(codeForHttpStatus(st.httpStatus), `Received HTTP status code ${st.httpStatus}`);
    return new UnaryCallError(GrpcCode.INTERNAL, 'Server closed the stream without sending trailers');
  }
  if (st.grpcStatus !== GrpcCode.OK) return new UnaryCallError(st.grpcStatus, st.details, Metadata.fromHttp2Headers(st.trailers ?? {}));
  return undefined;
}

export { status as GrpcStatus } from '@grpc/grpc-js';
