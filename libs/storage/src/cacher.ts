import { deepFreeze, type KubeObject } from '@kubesim/api';
import type {
  SourceEvent,
  SourceHandler,
  SourceWatch,
  Store,
  StoreCreateOptions,
  StoreDeleteOptions,
  StoreListOptions,
  StoreListResult,
  StoreUpdateOptions,
  StoreWatchEvent,
  StoreWatchOptions,
  UpdateFunc,
  WatchCacheSource,
} from './interfaces.js';
import { PendingEvents, convertToWatchEvent, withResourceVersion } from './watch-event.js';

export interface CacherOptions {
  /** Key prefixes to cache, each ending in "/": `/registry/<resource>/` per resource. */
  prefixes: string[];
  /** Changes kept per prefix for watches from a past resourceVersion (the watchCache capacity); default 1000. */
  capacity?: number;
  /** Live events a watcher may have pending before it is ended (clients re-watch); default 10000. */
  watcherQueueLimit?: number;
  /** How long a watch waits for the cache to reach its resourceVersion before going to etcd; default 3000. */
  freshnessTimeoutMs?: number;
  /** Deep-freeze cached objects, so that a consumer mutating a shared object throws (tests, development). */
  freeze?: boolean;
  observer?: CacherObserver;
}

/** Metrics hooks, per cached prefix. */
export interface CacherObserver {
  /** The prefix was listed into the cache (apiserver_watch_cache_initializations_total). */
  initialized?(prefix: string): void;
  /** One change arrived from etcd (apiserver_watch_cache_events_received_total). */
  eventReceived?(prefix: string): void;
  /** Events handed to watchers for one change (apiserver_watch_cache_events_dispatched_total). */
  eventsDispatched?(prefix: string, count: number): void;
  /** A watcher fell `watcherQueueLimit` events behind and was ended (apiserver_terminated_watchers_total). */
  watcherTerminated?(prefix: string): void;
  /** A watch went to etcd: no resourceVersion, older than the buffer or etcd's compaction, cache not fresh in time or unavailable. */
  watchDelegated?(prefix: string, reason: DelegateReason): void;
}

export type DelegateReason = 'unversioned' | 'too-old' | 'compacted' | 'not-fresh' | 'unavailable';

interface WatchCacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The new state; DELETED: the last state at the deletion revision. */
  object: KubeObject;
  /** The previous state (MODIFIED, DELETED). */
  prevObject: KubeObject | undefined;
  rv: number;
  /** prevObject at `rv`, made once for the watchers whose predicate the change leaves. */
  leaving?: KubeObject;
}

/**
 * watchCache: the current objects under one prefix and a cyclic buffer of its latest changes. Objects
 * are shared by every watcher and by guaranteedUpdate suggestions: nobody may mutate them.
 */
class WatchCache {
  readonly store = new Map<string, KubeObject>();
  private readonly buffer: (WatchCacheEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** Every change after this revision is in the buffer. */
  windowStart = 0;
  /** `store` is the state as of this revision (the list's, then the last change's). */
  eventRV = 0;
  /** Everything up to here was sent by etcd (progress included), save what a progress answer overtook. */
  rv = 0;

  constructor(
    private readonly capacity: number,
    private readonly freeze: boolean,
  ) {
    this.buffer = new Array<WatchCacheEvent | undefined>(capacity);
  }

  private frozen(o: KubeObject): KubeObject {
    return this.freeze ? deepFreeze(o) : o;
  }

  replace(items: { key: string; object: KubeObject }[], rev: number): void {
    this.clear();
    for (const { key, object } of items) this.store.set(key, this.frozen(object));
    this.windowStart = this.eventRV = this.rv = rev;
  }

  clear(): void {
    this.store.clear();
    this.buffer.fill(undefined);
    this.start = this.size = 0;
  }

  /** watchCache.processEvent: applies a change and buffers it. */
  process(e: SourceEvent): WatchCacheEvent {
    const prev = this.store.get(e.key);
    let ev: WatchCacheEvent;
    if (e.type === 'DELETED') {
      const name = e.key.slice(e.key.lastIndexOf('/') + 1);
      const object = prev ? withResourceVersion(prev, e.rev) : { metadata: { name, resourceVersion: String(e.rev) } };
      ev = { type: 'DELETED', key: e.key, object: this.frozen(object), prevObject: prev, rv: e.rev };
      this.store.delete(e.key);
    } else {
      const object = this.frozen(e.object!);
      ev = { type: e.type, key: e.key, object, prevObject: e.type === 'MODIFIED' ? prev : undefined, rv: e.rev };
      this.store.set(e.key, object);
    }
    if (this.size === this.capacity) {
      this.windowStart = this.buffer[this.start]!.rv;
      this.buffer[this.start] = ev;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.buffer[(this.start + this.size++) % this.capacity] = ev;
    }
    this.eventRV = e.rev;
    this.rv = Math.max(this.rv, e.rev);
    return ev;
  }

  /** Buffered changes after `rv`, oldest first; undefined when the buffer no longer holds them all. */
  since(rv: number): WatchCacheEvent[] | undefined {
    if (rv < this.windowStart) return undefined;
    const at = (i: number) => this.buffer[(this.start + i) % this.capacity]!;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: WatchCacheEvent[] = [];
    for (let i = lo; i < this.size; i++) out.push(at(i));
    return out;
  }

  leavingOf(ev: WatchCacheEvent): KubeObject {
    return (ev.leaving ??= this.frozen(withResourceVersion(ev.prevObject ?? ev.object, ev.rv)));
  }
}

/**
 * cacheWatcher: one client's watch served from the cache, as an async iterator. When the cache
 * cannot serve it, it passes through the underlying store's own watch instead (`delegateTo`).
 */
class CacheWatcher implements AsyncIterableIterator<StoreWatchEvent> {
  private readonly pending = new PendingEvents<StoreWatchEvent>();
  private delegate: AsyncIterator<StoreWatchEvent> | undefined;
  private bound = 0;
  ended = false;
  /** Changes at or below this revision are not for this watcher. */
  private fromRV = Number.MAX_SAFE_INTEGER;
  private readonly onAbort = () => this.stop();

  constructor(
    readonly key: string,
    readonly opts: StoreWatchOptions,
    private readonly limit: number,
    private readonly onEnd: (w: CacheWatcher, terminated: boolean) => void,
  ) {
    if (opts.signal?.aborted) this.ended = true;
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  matchesKey(key: string): boolean {
    return this.opts.recursive ? key.startsWith(this.key) : key === this.key;
  }

  /** Starts serving: `initial` first (snapshot or replay), then changes after `fromRV`. */
  init(initial: StoreWatchEvent[], fromRV: number): void {
    for (const e of initial) this.pending.push(e);
    this.bound = this.limit + initial.length;
    this.fromRV = fromRV;
  }

  /** Queues what this watcher sees of a change; false when it sees nothing. */
  add(ev: WatchCacheEvent, cache: WatchCache): boolean {
    if (ev.rv <= this.fromRV || !this.matchesKey(ev.key)) return false;
    const out = convertToWatchEvent(ev.type, ev.object, ev.prevObject, this.opts.predicate, () => cache.leavingOf(ev));
    if (!out) return false;
    this.push(out);
    return true;
  }

  bookmark(object: KubeObject, rv: number): void {
    if (this.opts.progressNotify && rv >= this.fromRV) this.push({ type: 'BOOKMARK', object });
  }

  private push(e: StoreWatchEvent): void {
    if (this.ended) return;
    if (this.pending.length >= this.bound) return this.stop(true); // blocked: end it, as Kubernetes does; the client re-watches
    this.pending.push(e);
  }

  delegateTo(events: AsyncIterable<StoreWatchEvent>): void {
    const it = events[Symbol.asyncIterator]();
    if (this.ended) {
      void it.return?.();
      return;
    }
    this.delegate = it;
    this.pending.wake();
  }

  fail(err: unknown): void {
    if (this.ended) return;
    this.pending.fail(err);
    this.stop();
  }

  /** Ends the watch: the iterator completes (or throws a pending error). */
  stop(terminated = false): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.clear();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    void this.delegate?.return?.();
    this.onEnd(this, terminated);
    this.pending.wake();
  }

  next(): Promise<IteratorResult<StoreWatchEvent>> {
    return this.pending.next(
      () => this.ended,
      () => (this.ended ? undefined : this.delegate),
    );
  }

  async return(): Promise<IteratorResult<StoreWatchEvent>> {
    this.stop();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoreWatchEvent> {
    return this;
  }
}

interface FreshWaiter {
  rv: number;
  done(ok: boolean): void;
}

interface CacherConfig {
  capacity: number;
  watcherQueueLimit: number;
  freshnessTimeoutMs: number;
  freeze: boolean;
  observer: CacherObserver;
}

/**
 * Cacher: one prefix served from a watchCache that a single etcd watch feeds. Started on first use;
 * when the etcd watch fails (Expired after compaction, bad data) every watcher ends, and the cache
 * relists and watches again.
 */
class Cacher implements SourceHandler {
  private readonly cache: WatchCache;
  readonly watchers = new Set<CacheWatcher>();
  private source: SourceWatch | undefined;
  private ready: Promise<void> | undefined;
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private initialized = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 100;
  private readonly freshWaiters = new Set<FreshWaiter>();
  private progressTimer: NodeJS.Timeout | undefined;
  private progressPending = false;

  constructor(
    readonly prefix: string,
    private readonly storage: WatchCacheSource,
    private readonly cfg: CacherConfig,
  ) {
    this.cache = new WatchCache(cfg.capacity, cfg.freeze);
  }

  /** Lists and watches the prefix once; resolves when the cache is initialized, rejects if that failed. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the watch cache is closed'));
    if (!this.ready) {
      this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
      this.ready.catch(() => undefined);
      this.source = this.storage.watchSource(this.prefix, this);
    }
    return this.ready;
  }

  // ------------------------------------------------------------ SourceHandler

  onList(items: { key: string; object: KubeObject }[], revision: number): void {
    this.cache.replace(items, revision);
    this.initialized = true;
    this.retryDelayMs = 100;
    this.cfg.observer.initialized?.(this.prefix);
    this.settle?.resolve();
    this.settle = undefined;
    this.checkFresh();
  }

  onEvent(e: SourceEvent): void {
    const ev = this.cache.process(e);
    this.cfg.observer.eventReceived?.(this.prefix);
    let dispatched = 0;
    for (const w of this.watchers) if (w.add(ev, this.cache)) dispatched++;
    if (dispatched) this.cfg.observer.eventsDispatched?.(this.prefix, dispatched);
    this.checkFresh();
  }

  onProgress(revision: number, requested: boolean): void {
    this.cache.rv = Math.max(this.cache.rv, revision);
    if (requested) this.progressAnswered();
    // Only in-order notifications become BOOKMARKs: a requested one may precede events still in flight.
    if (!requested && this.watchers.size) {
      const object: KubeObject = { metadata: { resourceVersion: String(revision) } };
      for (const w of this.watchers) w.bookmark(object, revision);
    }
    this.checkFresh();
  }

  onError(err: unknown): void {
    this.source = undefined;
    this.initialized = false;
    this.cache.clear();
    for (const w of [...this.watchers]) w.stop(); // the clients re-watch (from etcd until the cache is back)
    this.watchers.clear();
    this.settle?.reject(err);
    this.settle = undefined;
    this.ready = undefined;
    for (const w of [...this.freshWaiters]) w.done(false);
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.start().catch(() => undefined);
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
  }

  // ------------------------------------------------------------ serving

  /** The cached state of `key` for guaranteedUpdate (starts the cache if needed; undefined until it is ready). */
  suggestion(key: string): KubeObject | undefined {
    if (!this.initialized) {
      if (!this.ready && !this.retryTimer) this.start().catch(() => undefined);
      return undefined;
    }
    return this.cache.store.get(key);
  }

  watch(key: string, opts: StoreWatchOptions, rv: number): CacheWatcher {
    const w = new CacheWatcher(key, opts, this.cfg.watcherQueueLimit, (x, terminated) => {
      this.watchers.delete(x);
      if (terminated) this.cfg.observer.watcherTerminated?.(this.prefix);
    });
    if (!w.ended) this.serve(w, rv).catch((err: unknown) => w.fail(err));
    return w;
  }

  private async serve(w: CacheWatcher, rv: number): Promise<void> {
    const delegate = (reason: DelegateReason) => {
      this.cfg.observer.watchDelegated?.(this.prefix, reason);
      w.delegateTo(this.storage.watch(w.key, w.opts));
    };
    try {
      await this.start();
    } catch {
      return delegate('unavailable');
    }
    // "0": the cached state, once the cache has caught up with etcd (a consistent start, as the store's);
    // progress is asked for while etcd's revision is being read.
    if (rv === 0) this.requestProgress();
    const want = rv === 0 ? await this.storage.currentRevision() : rv;
    if (w.ended) return;
    if (this.cache.rv < want && !(await this.waitFresh(want))) return delegate(this.initialized ? 'not-fresh' : 'unavailable');
    // The buffer may outlive etcd's history: a compacted revision fails Expired there, as without the cache.
    if (rv !== 0 && rv >= this.cache.windowStart && (await this.storage.isCompacted(rv))) return delegate('compacted');
    if (w.ended) return;
    if (!this.initialized) return delegate('unavailable');
    const pred = w.opts.predicate;
    const initial: StoreWatchEvent[] = [];
    if (rv === 0) {
      const keys = [...this.cache.store.keys()].filter((k) => w.matchesKey(k)).sort();
      for (const k of keys) {
        const ev = convertToWatchEvent('ADDED', this.cache.store.get(k)!, undefined, pred, () => this.cache.store.get(k)!);
        if (ev) initial.push(ev);
      }
      w.init(initial, this.cache.eventRV);
    } else {
      const replay = this.cache.since(rv);
      if (!replay) return delegate('too-old');
      for (const ev of replay) {
        if (!w.matchesKey(ev.key)) continue;
        const out = convertToWatchEvent(ev.type, ev.object, ev.prevObject, pred, () => this.cache.leavingOf(ev));
        if (out) initial.push(out);
      }
      w.init(initial, Math.max(rv, this.cache.eventRV));
    }
    this.watchers.add(w);
  }

  /** waitUntilFreshAndBlock: true once the cache has seen revision `rv`, false after freshnessTimeoutMs. */
  private waitFresh(rv: number): Promise<boolean> {
    if (this.cache.rv >= rv) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => waiter.done(false), this.cfg.freshnessTimeoutMs);
      const waiter: FreshWaiter = {
        rv,
        done: (ok) => {
          clearTimeout(timer);
          this.freshWaiters.delete(waiter);
          resolve(ok);
        },
      };
      this.freshWaiters.add(waiter);
      this.requestProgress();
    });
  }

  /**
   * conditionalProgressRequester: asks etcd for progress, again at once while an answer leaves a
   * watch waiting, and every 100 ms as long as one waits (an answer is lost when the stream breaks).
   */
  private requestProgress(): void {
    if (this.progressPending) return;
    this.progressPending = true;
    this.source?.requestProgress();
    this.progressTimer ??= setInterval(() => {
      if (!this.freshWaiters.size && !this.progressPending) {
        clearInterval(this.progressTimer);
        this.progressTimer = undefined;
        return;
      }
      this.source?.requestProgress();
    }, 100);
  }

  private progressAnswered(): void {
    this.progressPending = false;
    this.checkFresh();
    if (this.freshWaiters.size) this.requestProgress();
  }

  private checkFresh(): void {
    if (!this.freshWaiters.size) return;
    for (const w of [...this.freshWaiters]) if (this.cache.rv >= w.rv) w.done(true);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.progressTimer);
    this.progressTimer = undefined;
    this.source?.stop();
    this.source = undefined;
    for (const w of [...this.watchers]) w.stop();
    for (const w of [...this.freshWaiters]) w.done(false);
    this.settle?.reject(new Error('the watch cache is closed'));
    this.settle = undefined;
  }
}

/**
 * A Store that serves watches of the configured prefixes from one watch cache per prefix (Kubernetes'
 * Cacher) and passes the cached object to guaranteedUpdate as cachedExistingObject; everything else
 * goes to the underlying store. Watches with a resourceVersion are served from the cache: "0" from its
 * state once it has caught up with etcd's current revision, "N" by replaying its buffer after N. A
 * watch without resourceVersion, older than the buffer or than etcd's compaction, or newer than the
 * cache after `freshnessTimeoutMs`, is the underlying store's own watch: the Store contract holds
 * unchanged. Watchers share the objects they receive: nobody may mutate them.
 */
export class CacherStore implements Store {
  private readonly cachers: Cacher[];
  private readonly observer: CacherObserver;

  constructor(
    readonly storage: WatchCacheSource,
    opts: CacherOptions,
  ) {
    const cfg: CacherConfig = {
      capacity: Math.max(1, opts.capacity ?? 1000),
      watcherQueueLimit: opts.watcherQueueLimit ?? 10_000,
      freshnessTimeoutMs: opts.freshnessTimeoutMs ?? 3000,
      freeze: !!opts.freeze,
      observer: opts.observer ?? {},
    };
    this.observer = cfg.observer;
    const prefixes = [...new Set(opts.prefixes.map((p) => (p.endsWith('/') ? p : `${p}/`)))];
    // Longest first, so that a nested prefix wins.
    this.cachers = prefixes.sort((a, b) => b.length - a.length).map((p) => new Cacher(p, storage, cfg));
  }

  private cacherFor(key: string): Cacher | undefined {
    for (const c of this.cachers) if (key.startsWith(c.prefix)) return c;
    return undefined;
  }

  /** Watchers served from the cache right now, of one prefix or of all (tests, metrics). */
  cachedWatchers(prefix?: string): number {
    let n = 0;
    for (const c of this.cachers) if (prefix === undefined || c.prefix === prefix) n += c.watchers.size;
    return n;
  }

  create(key: string, obj: KubeObject, opts?: StoreCreateOptions): Promise<KubeObject> {
    return this.storage.create(key, obj, opts);
  }

  get(key: string): Promise<KubeObject> {
    return this.storage.get(key);
  }

  list(prefix: string, opts?: StoreListOptions): Promise<StoreListResult> {
    return this.storage.list(prefix, opts);
  }

  /** Cacher.GuaranteedUpdate: the cached object, when there is one, is the starting suggestion. */
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, opts: StoreUpdateOptions = {}): Promise<KubeObject> {
    const cached = opts.cachedExistingObject ? undefined : this.cacherFor(key)?.suggestion(key);
    return this.storage.guaranteedUpdate(key, tryUpdate, cached ? { ...opts, cachedExistingObject: cached } : opts);
  }

  delete(key: string, opts?: StoreDeleteOptions): Promise<KubeObject> {
    return this.storage.delete(key, opts);
  }

  watch(prefixOrKey: string, opts: StoreWatchOptions): AsyncIterable<StoreWatchEvent> {
    const key = opts.recursive && !prefixOrKey.endsWith('/') ? `${prefixOrKey}/` : prefixOrKey;
    const c = this.cacherFor(key);
    if (!c) return this.storage.watch(prefixOrKey, opts);
    const rv = opts.resourceVersion;
    if (!rv || !/^\d+$/.test(rv)) {
      if (!rv) this.observer.watchDelegated?.(c.prefix, 'unversioned');
      return this.storage.watch(prefixOrKey, opts); // a malformed resourceVersion fails there, as BadRequest
    }
    return c.watch(key, opts, Number(rv));
  }

  currentRevision(): Promise<number> {
    return this.storage.currentRevision();
  }

  compact(revision: number): Promise<void> {
    return this.storage.compact(revision);
  }

  async close(): Promise<void> {
    for (const c of this.cachers) c.close();
    await this.storage.close();
  }
}
