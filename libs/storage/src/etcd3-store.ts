import {
  RESOURCES,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newExpired,
  newRequestEntityTooLarge,
  newNotFound,
  newTimeout,
  type GroupResource,
  type KubeObject,
  type StatusError,
} from '@kubesim/api';
import { noop } from 'cockatiel';
import {
  Etcd3,
  isRecoverableError,
  type IDuplexStream,
  type IEvent,
  type IKeyValue,
  type IOptions,
  type IPutRequest,
  type IWatchRequest,
  type IWatchResponse,
} from 'etcd3';
import type {
  Preconditions,
  StoreCreateOptions,
  StoreDeleteOptions,
  StoreListOptions,
  StoreListResult,
  StoreUpdateOptions,
  SourceHandler,
  SourceWatch,
  StoreWatchEvent,
  StoreWatchOptions,
  UpdateFunc,
  WatchCacheSource,
} from './interfaces.js';
import { EtcdKV, etcdRetry, type RangeResponse } from './etcd-kv.js';
import { PendingEvents, convertToWatchEvent, matches, withResourceVersion } from './watch-event.js';

// ---------------------------------------------------------------- keys, encoding, errors

const bytes = (s: string) => Buffer.from(s);

/** clientv3.GetPrefixRangeEnd: the first key after every key that starts with `prefix`. */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** The bytes stored in etcd: the object without metadata.resourceVersion. */
function encode(obj: KubeObject): string {
  const metadata = { ...obj.metadata };
  delete metadata.resourceVersion;
  return JSON.stringify({ ...obj, metadata });
}

/** Parses stored bytes and sets metadata.resourceVersion to the given revision. */
function decode(value: Buffer | string, rev: string | number): KubeObject {
  const obj = JSON.parse(value.toString()) as KubeObject;
  (obj.metadata ??= {}).resourceVersion = String(rev);
  return obj;
}

/**
 * The stored bytes of objects decoded for a watch cache (immutable by contract), so that a
 * guaranteedUpdate from such a suggestion compares bytes without re-encoding it.
 */
const storedData = new WeakMap<KubeObject, string>();

/** The resource and name a key names: `/registry/<resource>/[<namespace>/]<name>`, for error messages. */
export function describeKey(key: string): { groupResource: GroupResource; name: string } {
  const parts = key.split('/').filter(Boolean);
  const i = parts[0] === 'registry' ? 1 : 0;
  const resource = parts[i] ?? '';
  const group = RESOURCES.find((r) => r.resource === resource)?.group ?? '';
  return { groupResource: { group, resource }, name: parts.length > i + 1 ? parts[parts.length - 1]! : '' };
}

const notFound = (key: string) => newNotFound(describeKey(key).groupResource, describeKey(key).name);

/** storage.Preconditions.Check, surfaced as the registry does: a Conflict wrapping the StorageError text. */
function checkPreconditions(key: string, p: Preconditions | undefined, obj: KubeObject): void {
  if (!p) return;
  const uid = obj.metadata.uid ?? '';
  const rv = obj.metadata.resourceVersion ?? '';
  let msg: string | undefined;
  if (p.uid !== undefined && p.uid !== uid) {
    msg = `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${uid}`;
  } else if (p.resourceVersion !== undefined && p.resourceVersion !== rv) {
    msg = `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${rv}`;
  }
  if (msg) {
    const { groupResource, name } = describeKey(key);
    throw newConflict(groupResource, name, `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${msg}`);
  }
}

/** APIObjectVersioner.ParseResourceVersion: "" → undefined, digits → number, else BadRequest. */
function parseResourceVersion(rv: string | undefined): number | undefined {
  if (!rv) return undefined;
  if (!/^\d+$/.test(rv)) {
    throw newBadRequest(`invalid resource version: resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
  }
  return Number(rv);
}

/** storage.NewTooLargeResourceVersionError. */
function tooLargeResourceVersion(minimum: number, current: number): StatusError {
  const err = newTimeout(`Too large resource version: ${minimum}, current: ${current}`, 1);
  err.status.details = { ...err.status.details, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] };
  return err;
}

const isCompacted = (e: unknown) => e instanceof Error && e.message.includes('required revision has been compacted');
const isFutureRevision = (e: unknown) => e instanceof Error && e.message.includes('required revision is a future revision');

const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';
const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without ' +
  'the continue parameter, or use the continue token in this response to retrieve the remainder of the results. ' +
  'Continuing with the provided token results in an inconsistent list - objects that were created, modified, or ' +
  'deleted between the time the first chunk was returned and now may show up in the list.';

// ---------------------------------------------------------------- continue tokens (storage/continue.go)

/** storage.EncodeContinue: base64url(JSON {"v":"meta.k8s.io/v1","rv":N,"start":"<key relative to prefix>"}). */
export function encodeContinue(key: string, keyPrefix: string, resourceVersion: number): string {
  if (!key.startsWith(keyPrefix) || key === keyPrefix) throw new Error('unable to encode next field: the key and key prefix do not match');
  const token = { v: 'meta.k8s.io/v1', rv: resourceVersion, start: key.slice(keyPrefix.length) };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** storage.DecodeContinue: the absolute key to continue from and the revision (-1: latest); BadRequest if invalid. */
export function decodeContinue(token: string, keyPrefix: string): { key: string; resourceVersion: number } {
  const invalid = (msg: string) => newBadRequest(`invalid continue token: continue key is not valid: ${msg}`);
  let c: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString()) as typeof c;
  } catch (e) {
    throw invalid((e as Error).message);
  }
  if (c.v !== 'meta.k8s.io/v1') throw invalid(`server does not recognize this encoded version "${String(c.v)}"`);
  if (typeof c.rv !== 'number' || c.rv === 0) throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof c.start !== 'string' || c.start === '') throw invalid('encoded start key empty (version meta.k8s.io/v1)');
  // path.Clean must not change it: no "..", ".", empty segments or trailing "/" that could escape keyPrefix.
  const key = c.start.startsWith('/') ? c.start : `/${c.start}`;
  if (key !== '/' && key.slice(1).split('/').some((s) => s === '' || s === '.' || s === '..')) throw invalid(c.start);
  return { key: keyPrefix + key.slice(1), resourceVersion: c.rv };
}

// ---------------------------------------------------------------- leases (lease_manager.go)

/** Reuses one etcd lease for keys created close together, as Kubernetes' leaseManager does. */
class LeaseManager {
  private prevID = '0';
  private prevExpiry = 0;
  private attached = 0;

  constructor(
    private readonly grant: (ttl: number) => Promise<string>,
    private readonly reusePercent = 0.05,
    private readonly reuseMaxSeconds = 60,
    private readonly maxAttachedObjects = 1000,
  ) {}

  async get(ttl: number): Promise<string> {
    const now = Date.now();
    const reuse = Math.min(Math.floor(ttl * this.reusePercent), this.reuseMaxSeconds);
    const valid = now + ttl * 1000 < this.prevExpiry;
    const sufficient = now + (ttl + reuse) * 1000 > this.prevExpiry;
    if (valid && sufficient && ++this.attached <= this.maxAttachedObjects) return this.prevID;
    const id = await this.grant(ttl + reuse);
    this.prevID = id;
    this.prevExpiry = now + (ttl + reuse) * 1000;
    this.attached = 1;
    return id;
  }
}

// ---------------------------------------------------------------- the store

export interface Etcd3StoreOptions {
  /** etcd client URLs, e.g. `http://127.0.0.1:2379`. */
  endpoints: string | string[];
  /** Called after every etcd request: operation (get, list, create, update, delete, compact, grant), seconds, success. */
  onOperation?: (op: string, seconds: number, ok: boolean) => void;
  /** Deadline of each unary etcd request; default 15 s. */
  requestTimeoutMs?: number;
  /** TTL of keys under /registry/events/ (kube-apiserver --event-ttl); default 3600, 0 disables. */
  eventTTLSeconds?: number;
  /** Further etcd3 client options (credentials, grpcOptions, faultHandling, ...). */
  clientOptions?: Partial<IOptions>;
}

/** etcd3's objState: a key's bytes at a mod revision, decoded once when needed. */
interface State {
  exists: boolean;
  data: string;
  rev: number;
  obj?: KubeObject;
}

function stateOf(kv: Pick<IKeyValue, 'value'> & { mod_revision: string | number } | undefined): State {
  return kv ? { exists: true, data: kv.value.toString(), rev: Number(kv.mod_revision) } : { exists: false, data: '', rev: 0 };
}

/** getStateFromObject: the state a suggestion claims (its bytes are what encode() would store). */
function stateOfObject(obj: KubeObject): State {
  return { exists: true, data: storedData.get(obj) ?? encode(obj), rev: Number(obj.metadata.resourceVersion), obj };
}

const objectOf = (s: State): KubeObject => (s.obj ??= s.exists ? decode(s.data, s.rev) : { metadata: {} });

/** Store on a real etcd through the `etcd3` client, after Kubernetes' staging/.../storage/etcd3/store.go. */
export class Etcd3Store implements WatchCacheSource {
  readonly client: Etcd3;
  /** Range and Txn, the store's reads and writes (see etcd-kv.ts). */
  private readonly kv: EtcdKV;
  private readonly onOperation: Etcd3StoreOptions['onOperation'];
  private readonly eventTTLSeconds: number;
  private readonly leases: LeaseManager;
  private readonly watches = new Set<EtcdWatch>();

  constructor(opts: Etcd3StoreOptions) {
    const timeout = opts.requestTimeoutMs ?? 15_000;
    // Reads and writes go through EtcdKV, which has neither TLS nor etcd authentication.
    if (opts.clientOptions?.credentials || opts.clientOptions?.auth) throw new Error('Etcd3Store: etcd TLS credentials and authentication are not supported');
    this.client = new Etcd3({
      hosts: opts.endpoints,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
      grpcOptions: {
        // Unpaged lists of thousands of objects exceed gRPC's 4 MiB default; etcd itself allows 2 GiB.
        'grpc.max_receive_message_length': -1,
        // HTTP/2's default 64 KiB window stalls etcd's watch stream in a burst of writes: every 64 KiB
        // waits for a WINDOW_UPDATE from this busy process. 16 MiB is the most grpc-go's BDP
        // estimator grows a window to.
        'grpc-node.flow_control_window': 16 * 1024 * 1024,
        // grpc-js's own retry layer keeps a copy of every request until the call commits (~0.1 ms of CPU
        // a call); the etcd3 client retries by itself (faultHandling below).
        'grpc.enable_retries': 0,
        // No channelz: nothing reads it, and it costs trackers, closures and time stamps per call.
        'grpc.enable_channelz': 0,
      },
      // No circuit breaker (one local etcd: fail fast, recover at once); retry transport errors briefly.
      faultHandling: {
        host: () => noop,
        global: etcdRetry(isRecoverableError),
      },
      ...opts.clientOptions,
    });
    this.kv = new EtcdKV({ endpoints: ([] as string[]).concat(opts.endpoints), requestTimeoutMs: timeout });
    this.onOperation = opts.onOperation;
    this.eventTTLSeconds = opts.eventTTLSeconds ?? 3600;
    this.leases = new LeaseManager(async (ttl) => (await this.call('grant', () => this.client.leaseClient.leaseGrant({ TTL: ttl }))).ID);
  }

  /** Runs one etcd request, reporting its latency to onOperation. */
  private async call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    let ok = false;
    try {
      const res = await fn();
      ok = true;
      return res;
    } catch (e) {
      // etcd's request limit (1.5 MiB) and gRPC's message limit are the client's problem: 413.
      if (e instanceof Error && /request is too large|larger than max/.test(e.message)) {
        throw newRequestEntityTooLarge(`Request entity too large: ${e.message.replace(/^\d+ [A-Z_]+: /, '')}`);
      }
      throw e;
    } finally {
      try {
        this.onOperation?.(op, (performance.now() - start) / 1000, ok);
      } catch {
        // a metrics hook must not fail the request
      }
    }
  }

  private async getState(key: string): Promise<State> {
    const res = await this.call('get', () => this.kv.range({ key: bytes(key) }));
    return stateOf(res.kvs[0]);
  }

  private ttlFor(key: string, ttlSeconds: number | undefined): number | undefined {
    if (ttlSeconds) return ttlSeconds;
    return this.eventTTLSeconds > 0 && key.startsWith('/registry/events/') ? this.eventTTLSeconds : undefined;
  }

  async create(key: string, obj: KubeObject, opts: StoreCreateOptions = {}): Promise<KubeObject> {
    const data = encode(obj);
    const ttl = this.ttlFor(key, opts.ttlSeconds);
    const lease = ttl ? await this.leases.get(ttl) : '0';
    const res = await this.call('create', () =>
      this.kv.txn({
        compare: [{ key: bytes(key), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: bytes(key), value: bytes(data), lease } }],
      }),
    );
    if (!res.succeeded) throw newAlreadyExists(describeKey(key).groupResource, describeKey(key).name);
    // The caller's object is what was written; no need to parse the bytes back.
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(res.header.revision) } };
  }

  async get(key: string): Promise<KubeObject> {
    const state = await this.getState(key);
    if (!state.exists) throw notFound(key);
    return objectOf(state);
  }

  async list(prefix: string, opts: StoreListOptions = {}): Promise<StoreListResult> {
    const keyPrefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const rangeEnd = prefixEnd(keyPrefix);
    const fromRV = parseResourceVersion(opts.resourceVersion);
    const pageSize = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const pred = opts.predicate;
    let key = keyPrefix;
    let withRev = 0;
    if (opts.continue) {
      const c = decodeContinue(opts.continue, keyPrefix);
      key = c.key;
      if (c.resourceVersion > 0) withRev = c.resourceVersion; // -1: continue at the latest revision
    } else if (fromRV !== undefined) {
      switch (opts.resourceVersionMatch) {
        case 'Exact':
          withRev = fromRV;
          break;
        case 'NotOlderThan':
          break;
        case undefined:
          if (pageSize > 0 && fromRV > 0) withRev = fromRV; // legacy: a paged list at rv reads at rv
          break;
        default:
          throw newBadRequest(`unknown ResourceVersionMatch value: ${String(opts.resourceVersionMatch)}`);
      }
    }

    const items: KubeObject[] = [];
    let limit = pageSize;
    let hasMore = false;
    let lastKey = '';
    let count = 0;
    for (;;) {
      let res: RangeResponse;
      try {
        res = await this.call('list', () =>
          this.kv.range({ key: bytes(key), range_end: rangeEnd, limit, revision: withRev }),
        );
      } catch (e) {
        if (isCompacted(e)) {
          if (!opts.continue) throw newExpired(EXPIRED_LIST);
          const err = newExpired(INCONSISTENT_CONTINUE);
          err.status.metadata.continue = encodeContinue(key, keyPrefix, -1);
          throw err;
        }
        if (isFutureRevision(e)) throw tooLargeResourceVersion(withRev, await this.currentRevision());
        throw e;
      }
      const revision = Number(res.header.revision);
      if (fromRV !== undefined && fromRV > revision) throw tooLargeResourceVersion(fromRV, revision);
      if (!withRev) withRev = revision; // later pages read at the same revision
      hasMore = res.more;
      count = Number(res.count);
      for (const kv of res.kvs) {
        if (pageSize && items.length >= pageSize) {
          hasMore = true;
          break;
        }
        lastKey = kv.key.toString();
        const obj = decode(kv.value, kv.mod_revision);
        if (!pred || matches(pred, obj)) items.push(obj);
      }
      if (!hasMore || !pageSize || items.length >= pageSize) break;
      // The predicate dropped objects: fetch more, doubling the page size as Kubernetes does.
      limit = Math.min(limit * 2, 10_000);
      key = `${lastKey}\x00`;
    }

    const result: StoreListResult = { items, resourceVersion: String(withRev) };
    if (hasMore) {
      result.continue = encodeContinue(`${lastKey}\x00`, keyPrefix, withRev);
      if (!pred) result.remainingItemCount = count - pageSize;
    }
    return result;
  }

  async guaranteedUpdate(key: string, tryUpdate: UpdateFunc, opts: StoreUpdateOptions = {}): Promise<KubeObject> {
    const suggestion = opts.cachedExistingObject;
    const suggested = suggestion && /^\d+$/.test(suggestion.metadata?.resourceVersion ?? '') ? stateOfObject(suggestion) : undefined;
    let state = suggested ?? (await this.getState(key));
    let current = !suggested; // origStateIsCurrent
    for (;;) {
      if (!state.exists && !opts.ignoreNotFound) throw notFound(key);
      let next: KubeObject;
      try {
        checkPreconditions(key, opts.preconditions, objectOf(state));
        next = await tryUpdate(objectOf(state));
      } catch (e) {
        if (current) throw e;
        // The suggestion may be stale: retry on etcd's state, unless that is the suggestion's revision.
        const suggestedRev = state.rev;
        state = await this.getState(key);
        current = true;
        if (state.rev === suggestedRev) throw e;
        continue;
      }
      const data = encode(next);
      if (state.exists && data === state.data) {
        if (!current) {
          // Unchanged against a suggestion proves nothing: compare with etcd's state before skipping the write.
          state = await this.getState(key);
          current = true;
          if (!state.exists || data !== state.data) continue;
        }
        return objectOf(state); // nothing changed: no write, same resourceVersion
      }
      const ttl = this.ttlFor(key, opts.ttlSeconds);
      const put: IPutRequest = { key: bytes(key), value: bytes(data) };
      if (ttl) put.lease = await this.leases.get(ttl);
      else if (state.exists) put.ignore_lease = true; // keep the key's lease (a suggestion does not know it)
      const rev = state.rev;
      const res = await this.call('update', () =>
        this.kv.txn({
          compare: [{ key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: rev }],
          success: [{ request_put: put }],
          failure: [{ request_range: { key: bytes(key) } }],
        }),
      );
      if (res.succeeded) return decode(data, res.header.revision);
      state = stateOf(res.responses[0]?.response_range?.kvs[0]); // lost the race: retry on what won
      current = true;
    }
  }

  async delete(key: string, opts: StoreDeleteOptions = {}): Promise<KubeObject> {
    let state = await this.getState(key);
    for (;;) {
      if (!state.exists) throw notFound(key);
      checkPreconditions(key, opts.preconditions, objectOf(state));
      await opts.validateDeletion?.(objectOf(state));
      const rev = state.rev;
      const res = await this.call('delete', () =>
        this.kv.txn({
          compare: [{ key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: rev }],
          success: [{ request_delete_range: { key: bytes(key) } }],
          failure: [{ request_range: { key: bytes(key) } }],
        }),
      );
      if (res.succeeded) return decode(state.data, res.header.revision);
      state = stateOf(res.responses[0]?.response_range?.kvs[0]);
    }
  }

  watch(prefixOrKey: string, opts: StoreWatchOptions): AsyncIterable<StoreWatchEvent> {
    const key = opts.recursive && !prefixOrKey.endsWith('/') ? `${prefixOrKey}/` : prefixOrKey;
    const range = opts.recursive ? { key: bytes(key), range_end: prefixEnd(key) } : { key: bytes(key) };
    const w = new WatchChan(
      this.client,
      { key, recursive: opts.recursive, prevKV: true, progressNotify: !!opts.progressNotify },
      opts,
      () => this.call('list', () => this.kv.range(range)),
      (ch) => this.watches.delete(ch),
    );
    this.watches.add(w);
    let rv: number | undefined;
    try {
      rv = parseResourceVersion(opts.resourceVersion);
    } catch (e) {
      w.fail(e);
      return w;
    }
    w.start(rv ?? 0);
    return w;
  }

  /** Open etcd watches (one gRPC stream each): client watches and watch cache sources. */
  get watchCount(): number {
    return this.watches.size;
  }

  watchSource(prefix: string, handler: SourceHandler): SourceWatch {
    const w = new SourceWatchChan(this.client, { key: prefix, recursive: true, prevKV: false, progressNotify: true }, handler, (ch) =>
      this.watches.delete(ch),
    );
    this.watches.add(w);
    this.call('list', () => this.kv.range({ key: bytes(prefix), range_end: prefixEnd(prefix) }))
      .then((res) => w.start(res))
      .catch((err: unknown) => w.fail(err));
    return w;
  }

  async isCompacted(revision: number): Promise<boolean> {
    try {
      await this.call('get', () => this.kv.range({ key: bytes('/'), revision, count_only: true }));
      return false;
    } catch (e) {
      if (isCompacted(e)) return true;
      if (isFutureRevision(e)) return false;
      throw e;
    }
  }

  async currentRevision(): Promise<number> {
    const res = await this.call('get', () => this.kv.range({ key: bytes('/'), count_only: true }));
    return Number(res.header.revision);
  }

  async compact(revision: number): Promise<void> {
    await this.call('compact', () => this.client.kv.compact({ revision, physical: true }));
  }

  async close(): Promise<void> {
    for (const w of [...this.watches]) w.stop();
    this.kv.close();
    this.client.close();
  }
}

// ---------------------------------------------------------------- watch (watcher.go)

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

interface WatchTarget {
  key: string;
  recursive: boolean;
  prevKV: boolean;
  progressNotify: boolean;
}

/**
 * One etcd watch on a gRPC stream of its own. It reconnects with backoff from the revision after the
 * last one handled, so that nothing is lost or repeated across etcd restarts.
 */
abstract class EtcdWatch {
  protected done = false;
  private stream: WatchStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;
  /** Every event up to this revision has been handled (the resume point). */
  protected rev = 0;

  constructor(
    private readonly client: Etcd3,
    private readonly target: WatchTarget,
    private readonly release: (w: EtcdWatch) => void,
  ) {}

  protected abstract onEvent(ev: IEvent, rev: number): void;
  protected abstract onProgress(rev: number, requested: boolean): void;
  /** Ends the watch with an error. */
  abstract fail(err: unknown): void;
  /** Ends the watch. */
  abstract stop(): void;

  protected connect(): void {
    if (this.done) return;
    this.client.watchClient.watch().then(
      (stream) => {
        if (this.done) return closeStream(stream);
        this.stream = stream;
        const broken = () => {
          if (this.stream !== stream) return;
          this.stream = undefined;
          closeStream(stream);
          this.reconnect();
        };
        stream
          .on('data', (res: IWatchResponse) => this.stream === stream && this.onResponse(res))
          .on('error', broken)
          .on('end', broken);
        stream.write({
          create_request: {
            key: bytes(this.target.key),
            ...(this.target.recursive ? { range_end: prefixEnd(this.target.key) } : {}),
            start_revision: this.rev + 1,
            prev_kv: this.target.prevKV,
            progress_notify: this.target.progressNotify,
          },
        });
      },
      () => this.reconnect(),
    );
  }

  private reconnect(): void {
    if (this.done) return;
    this.timer = setTimeout(() => this.connect(), Math.min(2000, 50 * 2 ** this.attempts++));
  }

  private onResponse(res: IWatchResponse): void {
    if (res.canceled) {
      const compacted = Number(res.compact_revision);
      this.fail(
        compacted > 0
          ? newExpired(`too old resource version: ${this.rev} (${compacted})`)
          : new Error(`etcd canceled the watch on ${this.target.key}: ${res.cancel_reason}`),
      );
      return;
    }
    if (res.created) {
      this.attempts = 0;
      return;
    }
    if (res.events.length === 0) {
      // Progress notification: everything up to the header revision has been sent. The answer to a
      // progress request (watch_id -1) may overtake pending events on etcd < 3.4.25: never resume after it.
      const requested = res.watch_id === '-1';
      if (!requested) this.rev = Math.max(this.rev, Number(res.header.revision));
      this.onProgress(Number(res.header.revision), requested);
      return;
    }
    const delivered = this.rev; // a revision is never split across responses
    try {
      for (const ev of res.events) {
        const rev = Number(ev.kv.mod_revision);
        if (rev <= delivered) continue;
        this.onEvent(ev, rev);
        this.rev = Math.max(this.rev, rev);
      }
    } catch (err) {
      this.fail(err); // undecodable value
    }
  }

  /** WatchProgressRequest on this stream; a no-op while reconnecting. */
  requestProgress(): void {
    this.stream?.write({ progress_request: {} });
  }

  /** Closes the stream and stops reconnecting. */
  protected close(): void {
    this.done = true;
    clearTimeout(this.timer);
    if (this.stream) closeStream(this.stream);
    this.stream = undefined;
    this.release(this);
  }
}

/** A client's watch as an async iterator (watchChan). */
class WatchChan extends EtcdWatch implements AsyncIterableIterator<StoreWatchEvent> {
  private readonly pending = new PendingEvents<StoreWatchEvent>();
  private readonly onAbort = () => this.stop();

  constructor(
    client: Etcd3,
    target: WatchTarget,
    private readonly opts: StoreWatchOptions,
    private readonly read: () => Promise<RangeResponse>,
    release: (w: EtcdWatch) => void,
  ) {
    super(client, target, release);
  }

  start(resourceVersion: number): void {
    if (this.opts.signal?.aborted) return this.stop();
    this.opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    void (async () => {
      if (resourceVersion === 0) {
        // Kubernetes' sync(): the current state as ADDED, then changes after the read revision.
        const res = await this.read();
        this.rev = Number(res.header.revision);
        for (const kv of res.kvs) {
          const obj = decode(kv.value, kv.mod_revision);
          if (!this.opts.predicate || matches(this.opts.predicate, obj)) this.push({ type: 'ADDED', object: obj });
        }
      } else {
        this.rev = resourceVersion;
      }
      this.connect();
    })().catch((err: unknown) => this.fail(err));
  }

  protected onEvent(ev: IEvent, rev: number): void {
    const out = this.transform(ev, rev);
    if (out) this.push(out);
  }

  protected onProgress(_rev: number, requested: boolean): void {
    if (this.opts.progressNotify && !requested) this.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rev) } } });
  }

  /** watchChan.transform: predicate transitions become ADDED / DELETED. */
  private transform(ev: IEvent, rev: number): StoreWatchEvent | undefined {
    const created = ev.type !== 'Delete' && ev.kv.create_revision === ev.kv.mod_revision;
    const old = !created && ev.prev_kv ? decode(ev.prev_kv.value, ev.prev_kv.mod_revision) : undefined;
    let gone: KubeObject | undefined;
    // The old object at the revision of this event (Kubernetes sends deletions so).
    const leaving = () =>
      (gone ??= old ? withResourceVersion(old, rev) : { metadata: { name: describeKey(ev.kv.key.toString()).name, resourceVersion: String(rev) } });
    if (ev.type === 'Delete') return convertToWatchEvent('DELETED', leaving(), old, this.opts.predicate, leaving);
    return convertToWatchEvent(created ? 'ADDED' : 'MODIFIED', decode(ev.kv.value, rev), old, this.opts.predicate, leaving);
  }

  private push(e: StoreWatchEvent): void {
    if (this.done) return;
    this.pending.push(e);
  }

  /** Ends the watch with an error, thrown after the events already queued. */
  fail(err: unknown): void {
    if (this.done) return;
    this.pending.fail(err ?? new Error('watch failed'));
    this.stop(true);
  }

  /** Ends the watch; the iterator completes (after queued events only when draining for an error). */
  stop(drain = false): void {
    if (this.done) return;
    if (!drain) this.pending.clear();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.close();
    this.pending.wake();
  }

  next(): Promise<IteratorResult<StoreWatchEvent>> {
    return this.pending.next(() => this.done);
  }

  async return(): Promise<IteratorResult<StoreWatchEvent>> {
    this.stop();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoreWatchEvent> {
    return this;
  }
}

/** Parses stored bytes for a watch cache, remembering them for guaranteedUpdate (see storedData). */
function decodeStored(value: Buffer, rev: string | number): KubeObject {
  const data = value.toString();
  const obj = decode(data, rev);
  storedData.set(obj, data);
  return obj;
}

/** A Cacher's list + watch of one prefix (its reflector's ListAndWatch), without prevKV: the cache knows the old state. */
class SourceWatchChan extends EtcdWatch implements SourceWatch {
  constructor(
    client: Etcd3,
    target: WatchTarget,
    private readonly handler: SourceHandler,
    release: (w: EtcdWatch) => void,
  ) {
    super(client, target, release);
  }

  start(list: RangeResponse): void {
    if (this.done) return;
    this.rev = Number(list.header.revision);
    let items: { key: string; object: KubeObject }[];
    try {
      items = list.kvs.map((kv) => ({ key: kv.key.toString(), object: decodeStored(kv.value, kv.mod_revision) }));
    } catch (err) {
      return this.fail(err);
    }
    this.handler.onList(items, this.rev);
    this.connect();
  }

  protected onEvent(ev: IEvent, rev: number): void {
    const key = ev.kv.key.toString();
    if (ev.type === 'Delete') return this.handler.onEvent({ type: 'DELETED', key, rev });
    const type = ev.kv.create_revision === ev.kv.mod_revision ? 'ADDED' : 'MODIFIED';
    this.handler.onEvent({ type, key, rev, object: decodeStored(ev.kv.value, rev) });
  }

  protected onProgress(rev: number, requested: boolean): void {
    this.handler.onProgress(requested ? rev : this.rev, requested);
  }

  fail(err: unknown): void {
    if (this.done) return;
    this.close();
    this.handler.onError(err ?? new Error('watch failed'));
  }

  stop(): void {
    if (!this.done) this.close();
  }
}

/**
 * Half-closes before cancelling: etcd3 treats an error on a still-writable stream (our own CANCELLED
 * included) as a failed host and resets every channel to it.
 */
function closeStream(stream: WatchStream): void {
  stream.on('error', () => undefined);
  stream.end();
  stream.cancel();
}
