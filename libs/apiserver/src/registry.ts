import {
  RESOURCES,
  findResource,
  fieldsForObject,
  generateNameSuffix,
  groupVersion,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newInvalid,
  newMethodNotSupported,
  newNotFound,
  OPTIMISTIC_LOCK_MESSAGE,
  parseFieldSelector,
  parseSelector,
  selectorFromLabelSelector,
  storageKey,
  storagePrefix,
  validateFieldSelector,
  validateStatusUpdate,
  zeroNullsOf,
  isNotFound,
  type Binding,
  type DeleteOptions,
  type FieldError,
  type KubeList,
  type ListOptions,
  type KubeObject,
  type Pod,
  type ReplicaSet,
  type ReplicationController,
  type ResourceInfo,
  type Scale,
  type Toleration,
  type WatchEvent,
} from '@kubesim/api';
import { applyConfiguration, applyPatch } from '@kubesim/patch';
import type { Store, StoreWatchEvent } from '@kubesim/storage';
import { randomUUID } from 'node:crypto';
import { specChanged, strategyFor, type Strategy } from './strategy.js';

export type { ListOptions } from '@kubesim/api';

/** Checks a resourceVersionMatch parameter as Kubernetes' ListOptions validation does. */
export function resourceVersionMatch(v: string): ListOptions['resourceVersionMatch'] {
  if (v === '' || v === 'NotOlderThan' || v === 'Exact') return v;
  throw newBadRequest(`resourceVersionMatch: Unsupported value: "${v}": supported values: "Exact", "NotOlderThan"`);
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface DeleteResult {
  object: KubeObject;
  /** True when the object is gone from storage; false while it terminates or waits on finalizers. */
  finished: boolean;
}

export interface RegistryOptions {
  clock?: () => Date;
  /** Events expire from etcd after this many seconds (kube-apiserver's --event-ttl, 1 h). */
  eventTTLSeconds?: number;
  /** tolerationSeconds of the default not-ready/unreachable tolerations (DefaultTolerationSeconds admission). */
  defaultTolerationSeconds?: number;
  /** Interval of watch bookmarks when a client allows them. */
  bookmarkIntervalMs?: number;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

function gr(r: ResourceInfo) {
  return { group: r.group, resource: r.resource };
}

// ObjectMeta fields in the order the Kubernetes API serializes them.
const META_ORDER = [
  'name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences',
  'finalizers', 'managedFields',
];

function orderedMeta(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  const m = meta as Record<string, unknown>;
  for (const k of META_ORDER) if (m[k] !== undefined) out[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in out) && m[k] !== undefined) out[k] = m[k];
  return out as KubeObject['metadata'];
}

/** An object whose metadata is an object (a patch may produce anything). */
function hasObjectMetadata(o: unknown): o is KubeObject {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const m = (o as { metadata?: unknown }).metadata;
  return !!m && typeof m === 'object' && !Array.isArray(m);
}

function withTypeMeta<T extends KubeObject>(r: ResourceInfo, obj: T): T {
  // apiVersion, kind and metadata first, as the API serves them.
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj as KubeObject;
  return { apiVersion: groupVersion(r), kind: r.kind, metadata: orderedMeta(metadata ?? {}), ...rest } as unknown as T;
}

const typedWatchObjects = new WeakMap<KubeObject, KubeObject>();

/**
 * withTypeMeta for watch events, made once per store object: the watch cache hands one object to
 * every watcher of a change, and the fronts serialize the typed object once (cachedJSONBytes).
 * Both are shared, never mutated.
 */
function withTypeMetaShared(r: ResourceInfo, obj: KubeObject): KubeObject {
  let typed = typedWatchObjects.get(obj);
  if (!typed) {
    typed = withTypeMeta(r, obj);
    typedWatchObjects.set(obj, typed);
  }
  return typed;
}

const fieldSets = new WeakMap<KubeObject, Record<string, string>>();

/**
 * GetAttrs' field set, made once per store object: every watcher with a field selector (each
 * kubelet's spec.nodeName, for one) tests the same object of a change, as the cacher's
 * watchCacheEvent carries ObjFields once.
 */
function objectFields(resource: string, obj: KubeObject): Record<string, string> {
  let f = fieldSets.get(obj);
  if (!f) {
    f = fieldsForObject(resource, obj);
    fieldSets.set(obj, f);
  }
  return f;
}

/**
 * The apiserver's one registry: defaulting, validation, admission, graceful deletion, finalizers,
 * selectors and storage for every resource, shared by the gRPC and REST fronts. Methods throw
 * StatusError; a failed call writes nothing.
 */
export class Registry {
  readonly clock: () => Date;
  private readonly eventTTLSeconds: number;
  private readonly defaultTolerationSeconds: number;
  private readonly bookmarkIntervalMs: number;

  constructor(
    readonly store: Store,
    opts: RegistryOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.eventTTLSeconds = opts.eventTTLSeconds ?? 3600;
    this.defaultTolerationSeconds = opts.defaultTolerationSeconds ?? 300;
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
  }

  resourceInfo(resource: string): ResourceInfo {
    const r = RESOURCES.find((x) => x.resource === resource) ?? findResource(resource);
    if (!r) throw newNotFound({ group: '', resource }, '');
    return r;
  }

  /** RFC 3339 at second precision, as metav1.Time serializes. */
  private now(): string {
    return `${this.clock().toISOString().slice(0, 19)}Z`;
  }

  private readonly namespaceCache = new Map<string, KubeObject>();
  private namespaceCacheSynced = false;

  /**
   * Keeps a watch-backed copy of the namespaces so that NamespaceLifecycle admission needs no etcd
   * read per request (a miss still reads etcd: the namespace may be newer than the cache).
   * Runs until `signal` aborts; relists after any watch failure.
   */
  async runNamespaceCache(signal: AbortSignal): Promise<void> {
    const r = this.resourceInfo('namespaces');
    while (!signal.aborted) {
      try {
        const list = await this.store.list(storagePrefix(r));
        this.namespaceCache.clear();
        for (const ns of list.items) this.namespaceCache.set(ns.metadata.name!, ns);
        this.namespaceCacheSynced = true;
        for await (const ev of this.store.watch(storagePrefix(r), { recursive: true, resourceVersion: list.resourceVersion, signal })) {
          if (ev.type === 'DELETED') this.namespaceCache.delete(ev.object.metadata.name!);
          else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.namespaceCache.set(ev.object.metadata.name!, ev.object);
        }
      } catch {
        this.namespaceCacheSynced = false;
        if (!signal.aborted) await new Promise((res) => setTimeout(res, 200));
      }
    }
  }

  /** Creates the namespaces Kubernetes starts with; existing ones are left alone. */
  async bootstrap(): Promise<void> {
    for (const name of SYSTEM_NAMESPACES) {
      try {
        await this.create('namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (e) {
        if (!(e instanceof Error && 'status' in e && (e as { reason?: string }).reason === 'AlreadyExists')) throw e;
      }
    }
  }

  // ------------------------------------------------------------------ namespaces and names

  private checkNamespace(r: ResourceInfo, namespace: string, obj?: KubeObject): string {
    if (!r.namespaced) {
      if (obj) delete obj.metadata.namespace;
      return '';
    }
    const objNs = obj?.metadata.namespace;
    if (objNs && namespace && objNs !== namespace) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const ns = namespace || objNs || '';
    if (!ns) throw newBadRequest('namespace is required');
    if (obj) obj.metadata.namespace = ns;
    return ns;
  }

  /** NamespaceLifecycle admission: the namespace must exist and must not be terminating. */
  private async admitNamespace(r: ResourceInfo, ns: string): Promise<void> {
    if (!r.namespaced) return;
    let nsObj: KubeObject | undefined = this.namespaceCacheSynced ? this.namespaceCache.get(ns) : undefined;
    if (!nsObj) {
      try {
        nsObj = await this.store.get(storageKey(this.resourceInfo('namespaces'), undefined, ns));
      } catch (e) {
        if (isNotFound(e)) throw newNotFound({ group: '', resource: 'namespaces' }, ns);
        throw e;
      }
    }
    if (nsObj.metadata.deletionTimestamp && r.resource !== 'events') {
      throw newForbidden(gr(r), '', `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }

  private key(r: ResourceInfo, ns: string, name: string): string {
    if (!name) throw newBadRequest('name is required');
    return storageKey(r, ns || undefined, name);
  }

  private invalid(r: ResourceInfo, name: unknown, errs: FieldError[]): void {
    if (errs.length) throw newInvalid({ group: r.group, kind: r.kind }, typeof name === 'string' ? name : '', errs);
  }

  // ------------------------------------------------------------------ admission

  /** Mutating admission for pods: DefaultTolerationSeconds and Priority. */
  private admitPodCreate(pod: Pod): void {
    const tolerations: Toleration[] = pod.spec.tolerations ?? [];
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      const has = tolerations.some(
        (t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'),
      );
      if (!has) {
        tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: this.defaultTolerationSeconds });
      }
    }
    pod.spec.tolerations = tolerations;
    pod.spec.priority ??= 0;
  }

  // ------------------------------------------------------------------ create

  async create(resource: string, namespace: string, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const r = this.resourceInfo(resource);
    if (!input || typeof input !== 'object' || typeof input.metadata !== 'object' || input.metadata === null) {
      if (input && typeof input === 'object' && input.metadata === undefined) (input as KubeObject).metadata = {};
      else throw newBadRequest('the body of the request was not a valid object: metadata must be an object');
    }
    // The registry takes ownership of `input` (every front decodes a fresh object per request).
    const obj = input;
    this.checkKind(r, obj);
    const ns = this.checkNamespace(r, namespace, obj);
    const strategy = strategyFor(r);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${generateNameSuffix()}`;
    // Fields the server owns.
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    meta.uid = randomUUID();
    meta.creationTimestamp = this.now();
    if (strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    strategy.prepareForCreate(obj);
    if (r.resource === 'pods') this.admitPodCreate(obj as Pod);
    this.invalid(r, meta.name ?? '', strategy.validate(obj));
    await this.admitNamespace(r, ns);
    const typed = withTypeMeta(r, obj);
    if (opts.dryRun) {
      try {
        await this.store.get(this.key(r, ns, meta.name!));
        throw newAlreadyExists(gr(r), meta.name!);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return typed;
    }
    return this.store.create(this.key(r, ns, meta.name!), typed, r.resource === 'events' ? { ttlSeconds: this.eventTTLSeconds } : undefined);
  }

  private checkKind(r: ResourceInfo, obj: KubeObject): void {
    if (obj.apiVersion && obj.apiVersion !== groupVersion(r)) {
      throw newBadRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${groupVersion(r)})`);
    }
    if (obj.kind && obj.kind !== r.kind) {
      throw newBadRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${r.kind})`);
    }
  }

  // ------------------------------------------------------------------ read

  async get(resource: string, namespace: string, name: string): Promise<KubeObject> {
    const r = this.resourceInfo(resource);
    const ns = this.checkNamespace(r, namespace);
    try {
      return withTypeMeta(r, await this.store.get(this.key(r, ns, name)));
    } catch (e) {
      if (isNotFound(e)) throw newNotFound(gr(r), name);
      throw e;
    }
  }

  /** Builds the predicate of label and field selectors; malformed selectors are BadRequest. */
  predicate(r: ResourceInfo, opts: ListOptions): ((obj: KubeObject) => boolean) | undefined {
    const label = opts.labelSelector ? parseSelector(opts.labelSelector) : undefined;
    // validateFieldSelector also converts legacy labels (pods' spec.host → spec.nodeName).
    const field = opts.fieldSelector ? validateFieldSelector(r.resource, parseFieldSelector(opts.fieldSelector)) : undefined;
    if (!label && !field) return undefined;
    return (obj) => (!label || label.matches(obj.metadata.labels ?? {})) && (!field || field.matches(objectFields(r.resource, obj)));
  }

  async list(resource: string, namespace: string, opts: ListOptions = {}): Promise<KubeList> {
    const r = this.resourceInfo(resource);
    const ns = r.namespaced ? namespace : '';
    const predicate = this.predicate(r, opts);
    if (opts.limit !== undefined && opts.limit < 0) throw newBadRequest('limit must be a non-negative integer');
    const res = await this.store.list(storagePrefix(r, ns || undefined), {
      ...(opts.limit ? { limit: opts.limit } : {}),
      ...(opts.continue ? { continue: opts.continue } : {}),
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
      ...(opts.resourceVersionMatch ? { resourceVersionMatch: opts.resourceVersionMatch } : {}),
      ...(predicate ? { predicate } : {}),
    });
    const metadata: KubeList['metadata'] = { resourceVersion: res.resourceVersion };
    if (res.continue) metadata.continue = res.continue;
    if (res.remainingItemCount !== undefined) metadata.remainingItemCount = res.remainingItemCount;
    return {
      apiVersion: groupVersion(r),
      kind: r.listKind,
      metadata,
      items: res.items.map((o: KubeObject) => withTypeMeta(r, o)),
    };
  }

  /**
   * Watches a resource. Without a resourceVersion (or "0") the current state arrives first as ADDED
   * events. An expired revision throws StatusError Expired (the caller turns it into an ERROR event).
   * Ends at `timeoutSeconds` or when `signal` aborts. Event objects are shared between watchers: read-only.
   */
  async *watch(resource: string, namespace: string, opts: ListOptions, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const r = this.resourceInfo(resource);
    const ns = r.namespaced ? namespace : '';
    const predicate = this.predicate(r, opts);
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutSeconds ? setTimeout(() => ac.abort(), opts.timeoutSeconds * 1000) : undefined;
    try {
      const events = this.store.watch(storagePrefix(r, ns || undefined), {
        recursive: true,
        ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
        ...(predicate ? { predicate } : {}),
        signal: ac.signal,
        progressNotify: !!opts.allowWatchBookmarks,
      });
      let lastBookmark = Date.now();
      for await (const ev of events as AsyncIterable<StoreWatchEvent>) {
        if (ev.type === 'BOOKMARK') {
          if (!opts.allowWatchBookmarks || Date.now() - lastBookmark < this.bookmarkIntervalMs) continue;
          lastBookmark = Date.now();
          yield { type: 'BOOKMARK', object: { apiVersion: groupVersion(r), kind: r.kind, metadata: { resourceVersion: ev.object.metadata.resourceVersion ?? '' } } as KubeObject };
          continue;
        }
        yield { type: ev.type as WatchEvent['type'], object: withTypeMetaShared(r, ev.object) };
      }
    } finally {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      ac.abort();
    }
  }

  // ------------------------------------------------------------------ update

  /**
   * Replaces an object (PUT). With `subresource: 'status'` only the status is taken from `input`;
   * on the main resource a status change is ignored for resources with a status subresource.
   * A resourceVersion in `input` is a precondition (409 Conflict when stale).
   */
  async update(
    resource: string,
    namespace: string,
    name: string,
    input: KubeObject,
    opts: WriteOptions & { subresource?: 'status' } = {},
  ): Promise<KubeObject> {
    const r = this.resourceInfo(resource);
    if (!input || typeof input !== 'object' || typeof input.metadata !== 'object' || input.metadata === null) {
      throw newBadRequest('the body of the request was not a valid object: metadata must be an object');
    }
    const obj = structuredClone(input);
    this.checkKind(r, obj);
    const ns = this.checkNamespace(r, namespace, obj);
    if (obj.metadata.name && name && obj.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    name ||= obj.metadata.name ?? '';
    const strategy = strategyFor(r);
    const key = this.key(r, ns, name);
    const wantRV = obj.metadata.resourceVersion;
    const tryUpdate = (current: KubeObject) => {
      if (wantRV && current.metadata.resourceVersion !== wantRV) {
        throw newConflict(gr(r), name, OPTIMISTIC_LOCK_MESSAGE);
      }
      const next = opts.subresource === 'status' ? this.prepareStatusUpdate(r, obj, current) : this.prepareUpdate(r, strategy, obj, current);
      return withTypeMeta(r, next);
    };
    try {
      if (opts.dryRun) return tryUpdate(await this.store.get(key));
      const updated = await this.store.guaranteedUpdate(key, tryUpdate);
      return withTypeMeta(r, await this.finalizeIfDone(key, updated));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      if (opts.subresource !== 'status' && strategy.allowCreateOnUpdate && !wantRV) {
        return this.create(resource, ns, input, opts);
      }
      throw newNotFound(gr(r), name);
    }
  }

  private prepareUpdate(r: ResourceInfo, strategy: Strategy, obj: KubeObject, current: KubeObject): KubeObject {
    const next = structuredClone(obj);
    const meta = next.metadata;
    const cur = current.metadata;
    // Server-owned metadata is carried over from the stored object.
    meta.uid = cur.uid!;
    meta.creationTimestamp = cur.creationTimestamp!;
    if (cur.deletionTimestamp) meta.deletionTimestamp = cur.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (cur.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = cur.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (cur.generation !== undefined) meta.generation = cur.generation;
    else delete meta.generation;
    if (cur.deletionTimestamp) {
      // Finalizers may only be removed once deletion started, never added.
      const allowed = new Set(cur.finalizers ?? []);
      meta.finalizers = (meta.finalizers ?? []).filter((f) => allowed.has(f));
      if (!meta.finalizers.length) delete meta.finalizers;
    }
    strategy.prepareForUpdate(next, current);
    if (strategy.tracksGeneration && specChanged(next, current)) meta.generation = (cur.generation ?? 0) + 1;
    this.invalid(r, meta.name ?? '', strategy.validateUpdate(next, current));
    if (r.resource === 'pods' && !(next as Pod).spec.tolerations) (next as Pod).spec.tolerations = (current as Pod).spec.tolerations ?? [];
    return next;
  }

  private prepareStatusUpdate(r: ResourceInfo, obj: KubeObject, current: KubeObject): KubeObject {
    const next = structuredClone(current);
    const status = (obj as unknown as Record<string, unknown>)['status'];
    if (status === undefined) delete (next as unknown as Record<string, unknown>)['status'];
    else (next as unknown as Record<string, unknown>)['status'] = structuredClone(status);
    // The status path skips defaulting; nulls become Go's zero values as decoding would make them.
    zeroNullsOf(r.resource, next);
    this.invalid(r, next.metadata.name ?? '', validateStatusUpdate(r.resource, next, current));
    return next;
  }

  /**
   * An object that finished deletion (deletionTimestamp set, no finalizers left, no grace period
   * running) is removed from storage; pods wait for the kubelet's final delete instead.
   */
  private async finalizeIfDone(key: string, obj: KubeObject): Promise<KubeObject> {
    const m = obj.metadata;
    if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0) return obj;
    if ((m.deletionGracePeriodSeconds ?? 0) > 0) return obj;
    try {
      await this.store.delete(key, { preconditions: { uid: m.uid! } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return obj;
  }

  // ------------------------------------------------------------------ patch

  async patch(
    resource: string,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    opts: WriteOptions & { subresource?: 'status'; force?: boolean } = {},
  ): Promise<KubeObject> {
    const r = this.resourceInfo(resource);
    const ns = this.checkNamespace(r, namespace);
    const key = this.key(r, ns, name);
    const kindInfo = { apiVersion: groupVersion(r), kind: r.kind };
    let current: KubeObject | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        current = await this.store.get(key);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        if (type !== 'apply' || opts.subresource) throw newNotFound(gr(r), name);
        const applied = applyConfiguration(undefined, body, kindInfo) as KubeObject;
        if (applied && typeof applied === 'object') applied.metadata ??= {};
        if (!hasObjectMetadata(applied)) throw newBadRequest('the patch produced an object without metadata');
        if (applied.metadata.name && applied.metadata.name !== name) {
          throw newBadRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
        }
        applied.metadata.name = name;
        return this.create(resource, ns, applied, opts);
      }
      const patched = (type === 'apply'
        ? applyConfiguration(withTypeMeta(r, current), body, kindInfo)
        : applyPatch(PATCH_CONTENT_TYPE[type], withTypeMeta(r, current), body, kindInfo)) as KubeObject;
      if (!hasObjectMetadata(patched)) throw newBadRequest('the patch produced an object without metadata');
      // A patch applies to the version it was computed against: an explicit resourceVersion in the
      // patch is a precondition; otherwise we retry the read-patch-write on a lost race.
      const explicitRV = (type !== 'json' && typeof body === 'object' && body !== null
        ? ((body as KubeObject).metadata?.resourceVersion)
        : undefined);
      if (explicitRV === undefined) patched.metadata.resourceVersion = current.metadata.resourceVersion!;
      try {
        return await this.update(resource, ns, name, patched, { ...opts, ...(opts.subresource ? { subresource: opts.subresource } : {}) });
      } catch (e) {
        const conflict = e instanceof Error && (e as { reason?: string }).reason === 'Conflict';
        if (conflict && explicitRV === undefined && attempt < 5) continue;
        throw e;
      }
    }
  }

  // ------------------------------------------------------------------ delete

  async delete(resource: string, namespace: string, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    const r = this.resourceInfo(resource);
    const ns = this.checkNamespace(r, namespace);
    const key = this.key(r, ns, name);
    const strategy = strategyFor(r);
    if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts = { ...opts, gracePeriodSeconds: 0 };
    let policy = opts.propagationPolicy;
    if (!policy && opts.orphanDependents !== undefined) policy = opts.orphanDependents ? 'Orphan' : 'Background';
    if (policy && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
      throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
        { type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: policy, detail: 'supported values: "Foreground", "Background", "Orphan", nil' },
      ]);
    }
    let current: KubeObject;
    try {
      current = await this.store.get(key);
    } catch (e) {
      if (isNotFound(e)) throw newNotFound(gr(r), name);
      throw e;
    }
    const pre = opts.preconditions ?? {};
    const checkPre = (o: KubeObject) => {
      if (pre.uid && o.metadata.uid !== pre.uid) {
        throw newConflict(gr(r), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${o.metadata.uid}`);
      }
      if (pre.resourceVersion && o.metadata.resourceVersion !== pre.resourceVersion) {
        throw newConflict(gr(r), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${o.metadata.resourceVersion}`);
      }
    };
    checkPre(current);
    policy ??= strategy.defaultPropagation;
    if (opts.dryRun?.length) return { object: withTypeMeta(r, current), finished: true };

    const grace = strategy.gracePeriod?.(current, opts.gracePeriodSeconds);
    const wantsFinalizer = policy === 'Orphan' ? FINALIZER_ORPHAN : policy === 'Foreground' ? FINALIZER_FOREGROUND : undefined;
    const hasFinalizers = (current.metadata.finalizers?.length ?? 0) > 0;
    const graceful = grace !== undefined && grace > 0;

    if (!graceful && !hasFinalizers && !wantsFinalizer) {
      const last = await this.store.delete(key, { preconditions: { uid: current.metadata.uid!, ...(pre.resourceVersion ? { resourceVersion: pre.resourceVersion } : {}) } });
      return { object: withTypeMeta(r, last), finished: true };
    }
    if (!graceful && !hasFinalizers && wantsFinalizer && !this.hasDependentsCandidate(r)) {
      const last = await this.store.delete(key, { preconditions: { uid: current.metadata.uid! } });
      return { object: withTypeMeta(r, last), finished: true };
    }

    // Graceful deletion or finalizers: mark the object and leave the rest to its owner.
    const updated = await this.store.guaranteedUpdate(key, (cur) => {
      checkPre(cur);
      const next = structuredClone(cur);
      const m = next.metadata;
      const now = this.clock();
      if (wantsFinalizer && !m.deletionTimestamp) {
        const f = new Set(m.finalizers ?? []);
        // Orphan and foreground are exclusive, as in Kubernetes' updateForGracefulDeletionAndFinalizers.
        f.delete(wantsFinalizer === FINALIZER_ORPHAN ? FINALIZER_FOREGROUND : FINALIZER_ORPHAN);
        f.add(wantsFinalizer);
        m.finalizers = [...f];
      }
      if (graceful) {
        const deadline = new Date(now.getTime() + grace * 1000);
        // A second delete may only shorten the grace period.
        if (!m.deletionTimestamp || new Date(m.deletionTimestamp) > deadline) {
          m.deletionTimestamp = deadline.toISOString().replace(/\.\d+Z$/, 'Z');
          m.deletionGracePeriodSeconds = grace;
        }
      } else if (!m.deletionTimestamp) {
        m.deletionTimestamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
        m.deletionGracePeriodSeconds = 0;
      } else if (grace === 0) {
        m.deletionGracePeriodSeconds = 0;
      }
      if (strategyFor(r).tracksGeneration && !cur.metadata.deletionTimestamp) m.generation = (m.generation ?? 0) + 1;
      return next;
    });
    const done = await this.finalizeIfDone(key, updated);
    const stillThere = (updated.metadata.finalizers?.length ?? 0) > 0 || (updated.metadata.deletionGracePeriodSeconds ?? 0) > 0;
    return { object: withTypeMeta(r, done), finished: !stillThere };
  }

  /** Only owners can have dependents that an orphan or foreground finalizer would protect. */
  private hasDependentsCandidate(r: ResourceInfo): boolean {
    return ['replicationcontrollers', 'replicasets', 'nodes', 'namespaces', 'pods', 'services'].includes(r.resource);
  }

  async deleteCollection(resource: string, namespace: string, listOpts: ListOptions, opts: DeleteOptions = {}): Promise<KubeList> {
    const list = await this.list(resource, namespace, { ...listOpts, limit: 0 });
    const items: KubeObject[] = [];
    for (const item of list.items) {
      try {
        const res = await this.delete(resource, item.metadata.namespace ?? '', item.metadata.name!, opts);
        items.push(res.object);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return { ...list, items };
  }

  // ------------------------------------------------------------------ subresources

  /** pods/binding: assigns a pending pod to a node, exactly once. */
  async bind(namespace: string, name: string, binding: Binding): Promise<void> {
    const r = this.resourceInfo('pods');
    const ns = this.checkNamespace(r, namespace);
    const target = binding?.target;
    if (!target || !target.name) {
      throw newInvalid({ group: '', kind: 'Binding' }, name, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
    }
    if (target.kind && target.kind !== 'Node') {
      throw newInvalid({ group: '', kind: 'Binding' }, name, [
        { type: 'FieldValueNotSupported', field: 'target.kind', badValue: target.kind, detail: 'supported values: "Node", ""' },
      ]);
    }
    const bindingGR = { group: '', resource: 'pods/binding' };
    try {
      await this.store.guaranteedUpdate(this.key(r, ns, name), (cur) => {
        // The store's object is shared (watch cache): copy only what changes.
        const pod = { ...(cur as Pod), metadata: { ...cur.metadata }, spec: { ...(cur as Pod).spec } } as Pod;
        if (binding.metadata?.uid && pod.metadata.uid !== binding.metadata.uid) {
          throw newConflict(bindingGR, name, `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata.uid}`);
        }
        if (pod.metadata.deletionTimestamp) throw newConflict(bindingGR, name, `pod ${name} is being deleted, cannot be assigned to a host`);
        if (pod.spec.nodeName) throw newConflict(bindingGR, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
        pod.spec.nodeName = target.name;
        if (binding.metadata?.annotations) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...binding.metadata.annotations };
        const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
        conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.now() });
        pod.status = { ...(pod.status ?? {}), conditions };
        return pod;
      });
    } catch (e) {
      if (isNotFound(e)) throw newNotFound(r, name);
      throw e;
    }
  }

  async getScale(resource: string, namespace: string, name: string): Promise<Scale> {
    const r = this.scalable(resource);
    const obj = (await this.get(resource, namespace, name)) as ReplicaSet | ReplicationController;
    return this.scaleOf(r, obj);
  }

  private scalable(resource: string): ResourceInfo {
    const r = this.resourceInfo(resource);
    if (!r.subresources.includes('scale')) throw newNotFound({ group: r.group, resource: `${r.resource}/scale` }, '');
    return r;
  }

  private scaleOf(r: ResourceInfo, obj: ReplicaSet | ReplicationController): Scale {
    const selector =
      r.resource === 'replicasets'
        ? selectorFromLabelSelector((obj as ReplicaSet).spec.selector).toString()
        : Object.entries((obj as ReplicationController).spec?.selector ?? {})
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name!,
        namespace: obj.metadata.namespace!,
        uid: obj.metadata.uid!,
        resourceVersion: obj.metadata.resourceVersion!,
        creationTimestamp: obj.metadata.creationTimestamp!,
      },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0, selector },
    };
  }

  async updateScale(resource: string, namespace: string, name: string, scale: Scale): Promise<Scale> {
    const r = this.scalable(resource);
    const replicas = scale?.spec?.replicas ?? 0;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw newInvalid({ group: 'autoscaling', kind: 'Scale' }, name, [
        { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas, detail: 'must be greater than or equal to 0' },
      ]);
    }
    const ns = this.checkNamespace(r, namespace);
    const key = this.key(r, ns, name);
    const wantRV = scale?.metadata?.resourceVersion;
    try {
      const updated = await this.store.guaranteedUpdate(key, (cur) => {
        if (wantRV && cur.metadata.resourceVersion !== wantRV) throw newConflict(gr(r), name, OPTIMISTIC_LOCK_MESSAGE);
        const next = structuredClone(cur) as ReplicaSet;
        if (next.spec.replicas !== replicas) {
          next.spec.replicas = replicas;
          next.metadata.generation = (next.metadata.generation ?? 0) + 1;
        }
        return next;
      });
      return this.scaleOf(r, withTypeMeta(r, updated) as ReplicaSet);
    } catch (e) {
      if (isNotFound(e)) throw newNotFound(gr(r), name);
      throw e;
    }
  }

  async patchScale(resource: string, namespace: string, name: string, type: PatchType, body: unknown): Promise<Scale> {
    const current = await this.getScale(resource, namespace, name);
    if (type === 'apply') throw newMethodNotSupported({ group: 'autoscaling', resource: 'scale' }, 'apply');
    const patched = applyPatch(PATCH_CONTENT_TYPE[type], current, body, { apiVersion: 'autoscaling/v1', kind: 'Scale' }) as Scale;
    return this.updateScale(resource, namespace, name, patched);
  }
}

