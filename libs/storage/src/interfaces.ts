import type { KubeObject } from '@kubesim/api';

/**
 * Conditions the current object must meet for guaranteedUpdate or delete to proceed
 * (storage.Preconditions). A mismatch is a 409 Conflict carrying Kubernetes' message
 * "Precondition failed: UID in precondition: X, UID in object meta: Y".
 */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** Selects objects for list and watch (the part of storage.SelectionPredicate that matches). A throw counts as no match. */
export type ObjectPredicate = (obj: KubeObject) => boolean;

/**
 * Computes the new state from the current one; may throw to abort (storage.UpdateFunc). Must not
 * mutate `current`: it may be the watch cache's object, shared with every watcher.
 */
export type UpdateFunc = (current: KubeObject) => KubeObject | Promise<KubeObject>;

/** Vetoes a delete of the current object by throwing (storage.ValidateObjectFunc). */
export type ValidateObjectFunc = (current: KubeObject) => void | Promise<void>;

export interface StoreCreateOptions {
  /** Attach the key to an etcd lease so that it disappears after about this many seconds (Events). */
  ttlSeconds?: number;
}

export interface StoreListOptions {
  /** Page size; 0 or absent lists everything. */
  limit?: number;
  /** Token from a previous page: continues at its key and revision. */
  continue?: string;
  /** "" / absent: most recent (linearizable); otherwise interpreted by resourceVersionMatch. */
  resourceVersion?: string;
  /** Exact: read at resourceVersion. NotOlderThan (default): read the latest, which must be >= resourceVersion. */
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  /** Applied while paging: pages are filled until `limit` items match. */
  predicate?: ObjectPredicate;
}

export interface StoreListResult {
  items: KubeObject[];
  /** The etcd revision the list was read at. */
  resourceVersion: string;
  continue?: string;
  /** Only when more items remain and no predicate was given (like Kubernetes). */
  remainingItemCount?: number;
}

export interface StoreUpdateOptions {
  preconditions?: Preconditions;
  /** When the key is absent, call tryUpdate with `{ metadata: {} }` and create it instead of failing NotFound. */
  ignoreNotFound?: boolean;
  /** Re-attach the key to a fresh lease of this TTL; by default the key keeps its current lease. */
  ttlSeconds?: number;
  /**
   * A recent state of the key (the watch cache's), tried first instead of reading etcd. A stale
   * suggestion costs one retry, never a wrong write; it is not mutated. As Kubernetes' etcd3
   * GuaranteedUpdate(..., cachedExistingObject).
   */
  cachedExistingObject?: KubeObject;
}

export interface StoreDeleteOptions {
  preconditions?: Preconditions;
  validateDeletion?: ValidateObjectFunc;
}

export interface StoreWatchOptions {
  /**
   * Absent or "0": first the current state as ADDED events, then changes after the revision of that
   * read. "N": changes after revision N; a compacted N throws Expired (410) from the iterator.
   */
  resourceVersion?: string;
  /** true: every key under `prefixOrKey` (a trailing "/" is added); false: exactly that key. */
  recursive: boolean;
  /** Watch-side filtering with Kubernetes' transitions: entering → ADDED, leaving → DELETED. */
  predicate?: ObjectPredicate;
  /** Ends the watch (the iterator completes). */
  signal?: AbortSignal;
  /** Emit etcd progress notifications as BOOKMARK events (object carries only metadata.resourceVersion). */
  progressNotify?: boolean;
}

export type StoreWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * One watch event. DELETED carries the last state with resourceVersion set to the deletion revision
 * (as Kubernetes' etcd3 watcher does); prevObject is the previous state at its own resourceVersion.
 * Errors are thrown from the iterator rather than sent as ERROR events.
 */
export interface StoreWatchEvent {
  type: StoreWatchEventType;
  object: KubeObject;
  prevObject?: KubeObject;
}

/**
 * Kubernetes' storage.Interface over JSON objects. Keys are full etcd keys (`/registry/pods/ns/name`);
 * metadata.resourceVersion is the key's etcd mod revision, never stored in the value. Failures are
 * StatusErrors from @kubesim/api (NotFound, AlreadyExists, Conflict, Expired, BadRequest, Timeout);
 * etcd transport errors propagate unchanged.
 */
export interface Store {
  /** Creates the key only if absent (AlreadyExists otherwise); returns the stored object with its resourceVersion. */
  create(key: string, obj: KubeObject, opts?: StoreCreateOptions): Promise<KubeObject>;
  /** The current object (NotFound if absent). */
  get(key: string): Promise<KubeObject>;
  /** Objects under `prefix` (a trailing "/" is added), in key order, read at one revision across pages. */
  list(prefix: string, opts?: StoreListOptions): Promise<StoreListResult>;
  /**
   * Read–modify–compare-and-swap on the mod revision, retried until the swap wins. Skips the write
   * (returns the current object, same resourceVersion) when the new bytes equal the stored ones.
   */
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, opts?: StoreUpdateOptions): Promise<KubeObject>;
  /** Deletes if preconditions and validateDeletion pass; returns the last state, resourceVersion = deletion revision. */
  delete(key: string, opts?: StoreDeleteOptions): Promise<KubeObject>;
  /**
   * Starts watching at once; iterate it, abort `signal`, or return() from the iterator to stop.
   * Survives etcd reconnects without losing or repeating events.
   */
  watch(prefixOrKey: string, opts: StoreWatchOptions): AsyncIterable<StoreWatchEvent>;
  /** The store's current etcd revision. */
  currentRevision(): Promise<number>;
  /** Compacts etcd history up to `revision` (tests; the apiserver's compactor). */
  compact(revision: number): Promise<void>;
  /** Ends all watches and closes the etcd client. */
  close(): Promise<void>;
}

/** One change of a watch cache's source, in revision order (the input of watchCache.processEvent). */
export interface SourceEvent {
  /** ADDED: the key was created at `rev`; MODIFIED: updated; DELETED: removed. */
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  rev: number;
  /** The new state (ADDED, MODIFIED); absent for DELETED (the cache knows the last state). */
  object?: KubeObject;
}

/** Receives a source's list, then its changes; calls are synchronous and in order. */
export interface SourceHandler {
  /** The whole prefix at `revision`, in key order; comes first, once. */
  onList(items: { key: string; object: KubeObject }[], revision: number): void;
  onEvent(event: SourceEvent): void;
  /**
   * Everything up to `revision` has been sent. `requested`: the answer to requestProgress(), which
   * etcd before 3.4.25 / 3.5.8 may send ahead of events of lower revisions still in flight.
   */
  onProgress(revision: number, requested: boolean): void;
  /** The source ended for good (list failed, Expired after compaction, undecodable value); nothing follows. */
  onError(err: unknown): void;
}

export interface SourceWatch {
  /** Asks etcd for a progress notification (WatchProgressRequest); a no-op while reconnecting. */
  requestProgress(): void;
  stop(): void;
}

/** A Store that can feed a Cacher: list + watch of a whole prefix, with keys and progress requests. */
export interface WatchCacheSource extends Store {
  /** Lists `prefix` (ending in "/"), then watches it from the list's revision with progress notifications. */
  watchSource(prefix: string, handler: SourceHandler): SourceWatch;
  /** Whether etcd compacted `revision` away (a watch from it would fail Expired); one single-key read. */
  isCompacted(revision: number): Promise<boolean>;
}
