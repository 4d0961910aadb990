import type { KubeObject } from '@kubesim/api';
import type { ListerWatcher } from './listwatch.js';
import { Reflector, type InformerLogger, type ReflectorOptions, type ReflectorSink } from './reflector.js';
import { DeletedFinalStateUnknown, Indexer, metaNamespaceIndexFunc, NamespaceIndex, unwrapTombstone, type Indexers } from './store.js';

/**
 * Callbacks for changes of the informer's cache (cache.ResourceEventHandler). They run after the
 * cache was updated, one at a time, in event order. They must not modify the objects they receive
 * and should not block; an exception is caught and logged, never propagated.
 *
 * - onAdd: `isInInitialList` is true for objects of the first list (and the replay that a handler
 *   added to a running informer gets).
 * - onUpdate: also for a relist that found a newer version; never for an unchanged resourceVersion
 *   (except periodic resyncs, which pass the same object twice).
 * - onDelete: the final state, or a DeletedFinalStateUnknown tombstone when the object vanished
 *   while the watch was down and only a relist noticed.
 */
export interface ResourceEventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface HandlerRegistration {
  /** True once the handler has seen the informer's initial list. */
  hasSynced(): boolean;
  remove(): void;
}

export interface SharedInformerOptions<T extends KubeObject> extends ReflectorOptions {
  indexers?: Indexers<T>;
  /** Re-delivers every cached object as an update (old === new) this often; 0 (default) never. */
  resyncPeriodMs?: number;
}

interface Listener<T> {
  handler: ResourceEventHandler<T>;
  synced: boolean;
}

/**
 * client-go's SharedIndexInformer: one Reflector feeding one Indexer, fanned out to any number of
 * handlers. `run(signal)` lists and watches until the signal aborts; `hasSynced()` turns true after
 * the first complete list has been stored and delivered.
 */
export class SharedIndexInformer<T extends KubeObject> {
  private readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private listeners: Array<Listener<T>> = [];
  private synced = false;
  private running = false;
  private readonly log: InformerLogger | undefined;
  private readonly name: string;
  private readonly resyncPeriodMs: number;

  constructor(lw: ListerWatcher<T>, opts: SharedInformerOptions<T> = {}) {
    this.indexer = new Indexer<T>(undefined, opts.indexers ?? { [NamespaceIndex]: metaNamespaceIndexFunc });
    this.log = opts.log;
    this.name = opts.name ?? 'informer';
    this.resyncPeriodMs = opts.resyncPeriodMs ?? 0;
    const sink: ReflectorSink<T> = {
      replace: (items) => this.onReplace(items),
      add: (obj) => this.onAddOrUpdate(obj),
      update: (obj) => this.onAddOrUpdate(obj),
      delete: (obj) => this.onDeleted(obj),
    };
    this.reflector = new Reflector(lw, sink, opts);
  }

  /** Registers a handler. Added to a running informer, it first gets every cached object as an add. */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    const l: Listener<T> = { handler, synced: this.synced };
    this.listeners.push(l);
    if (this.synced) for (const obj of this.indexer.list()) this.call(l, 'onAdd', () => handler.onAdd?.(obj, true));
    return {
      hasSynced: () => l.synced,
      remove: () => {
        this.listeners = this.listeners.filter((x) => x !== l);
      },
    };
  }

  /** Lists and watches until `signal` aborts. Run it once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`informer ${this.name} is already running`);
    this.running = true;
    let timer: ReturnType<typeof setInterval> | undefined;
    if (this.resyncPeriodMs > 0) {
      timer = setInterval(() => this.resync(), this.resyncPeriodMs);
      timer.unref?.();
    }
    try {
      await this.reflector.run(signal);
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  hasSynced(): boolean {
    return this.synced;
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  getStore(): Indexer<T> {
    return this.indexer;
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  // ------------------------------------------------------------------ sink

  private onReplace(items: readonly T[]): void {
    const initial = !this.synced;
    const next = new Map<string, T>();
    for (const obj of items) next.set(this.indexer.keyFunc(obj), obj);
    const gone: Array<[string, T]> = [];
    for (const key of this.indexer.listKeys()) {
      if (!next.has(key)) gone.push([key, this.indexer.getByKey(key) as T]);
    }
    const changes: Array<() => void> = [];
    for (const [key, obj] of next) {
      const old = this.indexer.getByKey(key);
      if (old === undefined) changes.push(() => this.dispatch('onAdd', (h) => h.onAdd?.(obj, initial)));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        changes.push(() => this.dispatch('onUpdate', (h) => h.onUpdate?.(old, obj)));
      }
    }
    this.indexer.replace(items);
    for (const [key, last] of gone) {
      const tomb = new DeletedFinalStateUnknown(key, last);
      this.dispatch('onDelete', (h) => h.onDelete?.(tomb));
    }
    for (const c of changes) c();
    this.synced = true;
    for (const l of this.listeners) l.synced = true;
  }

  private onAddOrUpdate(obj: T): void {
    const old = this.indexer.get(obj);
    this.indexer.update(obj);
    // Once per watch event: a plain loop, no closures.
    for (const l of this.listeners) {
      try {
        if (old === undefined) l.handler.onAdd?.(obj, false);
        else l.handler.onUpdate?.(old, obj);
      } catch (e) {
        this.log?.warn({ err: e, informer: this.name, handler: old === undefined ? 'onAdd' : 'onUpdate' }, 'event handler failed');
      }
    }
  }

  private onDeleted(obj: T): void {
    this.indexer.delete(obj);
    this.dispatch('onDelete', (h) => h.onDelete?.(obj));
  }

  private resync(): void {
    if (!this.synced) return;
    for (const obj of this.indexer.list()) this.dispatch('onUpdate', (h) => h.onUpdate?.(obj, obj));
  }

  private dispatch(what: string, fn: (h: ResourceEventHandler<T>) => void): void {
    for (const l of this.listeners) this.call(l, what, () => fn(l.handler));
  }

  private call(_l: Listener<T>, what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log?.warn({ err: e, informer: this.name, handler: what }, 'event handler failed');
    }
  }
}

/**
 * Passes only objects that satisfy `filter` to `handler`, turning updates that cross the filter
 * into adds and deletes (cache.FilteringResourceEventHandler). For a tombstone the filter sees the
 * last known object.
 */
export function filteringHandler<T>(filter: (obj: T) => boolean, handler: ResourceEventHandler<T>): ResourceEventHandler<T> {
  return {
    onAdd(obj, initial) {
      if (filter(obj)) handler.onAdd?.(obj, initial);
    },
    onUpdate(oldObj, newObj) {
      const o = filter(oldObj);
      const n = filter(newObj);
      if (o && n) handler.onUpdate?.(oldObj, newObj);
      else if (!o && n) handler.onAdd?.(newObj, false);
      else if (o && !n) handler.onDelete?.(oldObj);
    },
    onDelete(obj) {
      if (filter(unwrapTombstone(obj))) handler.onDelete?.(obj);
    },
  };
}

/**
 * Resolves true once every informer (or handler registration) has synced, false if `signal`
 * aborts first (cache.WaitForCacheSync). Polls every 100 ms.
 */
export async function waitForCacheSync(signal: AbortSignal, ...synced: Array<{ hasSynced(): boolean }>): Promise<boolean> {
  while (!signal.aborted) {
    if (synced.every((s) => s.hasSynced())) return true;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, 100);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
  return false;
}
