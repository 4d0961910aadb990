import type { KubeObject } from '@kubesim/api';

/**
 * What a delete handler receives when the informer missed the final state of a deleted object:
 * the object vanished between two lists (a relist after a broken or expired watch), so `obj` is
 * the last state the informer saw, which may be stale (cache.DeletedFinalStateUnknown).
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** The object inside a possible tombstone. */
export function unwrapTombstone<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

export type KeyFunc<T> = (obj: T) => string;

/** "namespace/name", or "name" for cluster-scoped objects (cache.MetaNamespaceKeyFunc); tombstones give their key. */
export function metaNamespaceKeyFunc(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string {
  if (obj instanceof DeletedFinalStateUnknown) return obj.key;
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

/** Splits a key made by metaNamespaceKeyFunc. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** An index function: the index values an object is filed under (cache.IndexFunc). */
export type IndexFunc<T> = (obj: T) => string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

export const NamespaceIndex = 'namespace';

/** Files objects under their namespace (cache.MetaNamespaceIndexFunc). */
export function metaNamespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/**
 * A keyed object cache with secondary indexes (cache.Indexer over a ThreadSafeStore). JavaScript
 * runs one thing at a time, so each call is atomic; callers must treat returned objects as
 * read-only, because the store hands out the objects it holds, as client-go does.
 */
export class Indexer<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  /** index name -> index value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  /** (index function, its index) pairs, resolved once. */
  private readonly indexList: Array<[IndexFunc<T>, Map<string, Set<string>>]> = [];

  constructor(
    readonly keyFunc: KeyFunc<T> = metaNamespaceKeyFunc as KeyFunc<T>,
    private readonly indexers: Indexers<T> = { [NamespaceIndex]: metaNamespaceIndexFunc },
  ) {
    for (const [name, fn] of Object.entries(indexers)) {
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      this.indexList.push([fn, idx]);
    }
  }

  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }
  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }
  delete(obj: T): void {
    this.deleteKey(this.keyFunc(obj));
  }
  deleteKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.unindex(key, old);
    this.items.delete(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }
  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }
  list(): T[] {
    return [...this.items.values()];
  }
  listKeys(): string[] {
    return [...this.items.keys()];
  }
  get size(): number {
    return this.items.size;
  }

  /** Replaces the whole content (no events: the informer computes those). */
  replace(objs: readonly T[]): void {
    this.items.clear();
    for (const m of this.indices.values()) m.clear();
    for (const o of objs) this.put(this.keyFunc(o), o);
  }

  /** The objects filed under `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k) as T);
  }
  indexKeys(indexName: string, value: string): string[] {
    const idx = this.indices.get(indexName);
    if (!idx) throw new Error(`index with name ${indexName} does not exist`);
    return [...(idx.get(value) ?? [])];
  }
  /** The objects sharing any index value with `obj` (cache.Indexer.Index). */
  index(indexName: string, obj: T): T[] {
    const fn = this.indexers[indexName];
    if (!fn) throw new Error(`index with name ${indexName} does not exist`);
    const keys = new Set<string>();
    for (const v of fn(obj)) for (const k of this.indexKeys(indexName, v)) keys.add(k);
    return [...keys].map((k) => this.items.get(k) as T);
  }

  private put(key: string, obj: T): void {
    const old = this.items.get(key);
    if (old !== undefined) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [fn, idx] of this.indexList) {
      for (const v of fn(obj)) {
        let s = idx.get(v);
        if (!s) idx.set(v, (s = new Set()));
        s.add(key);
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [fn, idx] of this.indexList) {
      for (const v of fn(obj)) {
        const s = idx.get(v);
        if (!s) continue;
        s.delete(key);
        if (s.size === 0) idx.delete(v);
      }
    }
  }
}
