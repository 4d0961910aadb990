import type { KubeObject, StatusError } from '@kubesim/api';
import { Etcd3 } from 'etcd3';
import type { Store, StoreWatchEvent } from './interfaces.js';

/** The etcd a store under test runs on (structurally, @kubesim/testing's EtcdInstance). */
export interface ConformanceEtcd {
  readonly endpoint: string;
  restart(): Promise<void>;
}

export interface StoreFixture {
  store: Store;
  /** Enables the cases that read etcd directly (stored bytes, leases) and the etcd-restart case. */
  etcd?: ConformanceEtcd;
  /** etcd sends progress notifications within a few seconds (--experimental-watch-progress-notify-interval). */
  progressNotify?: boolean;
  cleanup(): Promise<void>;
}

interface CaseContext {
  store: Store;
  etcd: ConformanceEtcd | undefined;
  raw: Etcd3 | undefined;
  /** A prefix of its own per case: `/registry/pods/<unique namespace>/`. */
  prefix: string;
  key(name: string): string;
  pod(name: string, labels?: Record<string, string>): KubeObject;
  /** Fails the case: the fixture lacks a capability it needs. */
  unsupported(): never;
}

interface Case {
  name: string;
  run(c: CaseContext): Promise<void>;
}

const WAIT_MS = 15_000;

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Reads a watch one event at a time, each within a deadline. */
function reader(events: AsyncIterable<StoreWatchEvent>) {
  const it = events[Symbol.asyncIterator]();
  return {
    async next(ms = WAIT_MS): Promise<StoreWatchEvent> {
      const r = await deadline(it.next(), ms, 'a watch event');
      if (r.done) throw new Error('watch ended unexpectedly');
      return r.value;
    },
    async ended(ms = WAIT_MS): Promise<boolean> {
      return (await deadline(it.next(), ms, 'the watch to end')).done === true;
    },
    async close(): Promise<void> {
      await it.return?.();
    },
  };
}

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    return e as StatusError;
  }
  throw new Error('expected a StatusError, got success');
}

const rvOf = (o: KubeObject) => Number(o.metadata.resourceVersion);

/** Freezes deeply, so that a store mutating a suggestion fails the case. */
function deepFrozen<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFrozen(v);
  }
  return o;
}
const summary = (e: StoreWatchEvent) => `${e.type} ${e.object.metadata.name}`;

function withAnnotation(key: string, value: string) {
  return (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [key]: value } } });
}

function withLabels(labels: Record<string, string> | undefined) {
  return (o: KubeObject): KubeObject => {
    const metadata = { ...o.metadata };
    if (labels) metadata.labels = labels;
    else delete metadata.labels;
    return { ...o, metadata };
  };
}

const CASES: Case[] = [
  // ------------------------------------------------------------ create / get
  {
    name: 'create returns the object at its mod revision; get reads the same',
    async run({ store, key, pod }) {
      const created = await store.create(key('a'), pod('a'));
      if (!/^\d+$/.test(created.metadata.resourceVersion ?? '')) throw new Error(`bad resourceVersion ${created.metadata.resourceVersion}`);
      expect(rvOf(created)).toBeLessThanOrEqual(await store.currentRevision());
      expect(created).toMatchObject(pod('a'));
      expect(await store.get(key('a'))).toEqual(created);
    },
  },
  {
    name: 'create on an existing key fails AlreadyExists',
    async run({ store, key, pod }) {
      await store.create(key('a'), pod('a'));
      const err = await failure(store.create(key('a'), pod('a')));
      expect([err.code, err.reason, err.message]).toEqual([409, 'AlreadyExists', 'pods "a" already exists']);
    },
  },
  {
    name: 'get of a missing key fails NotFound',
    async run({ store, key }) {
      const err = await failure(store.get(key('missing')));
      expect([err.code, err.reason, err.message]).toEqual([404, 'NotFound', 'pods "missing" not found']);
    },
  },
  {
    name: 'objects sit in etcd under their key, without resourceVersion in the stored bytes',
    async run({ store, raw, key, pod, unsupported }) {
      if (!raw) return unsupported();
      const input = pod('a');
      input.metadata.resourceVersion = '12345'; // ignored: the revision is etcd's
      const created = await store.create(key('a'), input);
      const updated = await store.guaranteedUpdate(key('a'), withAnnotation('x', 'y'));
      const res = await raw.kv.range({ key: Buffer.from(key('a')) });
      const kv = res.kvs[0]!;
      const stored = JSON.parse(kv.value.toString()) as KubeObject;
      expect(kv.value.toString()).not.toContain('resourceVersion');
      expect(stored.metadata.annotations).toEqual({ x: 'y' });
      expect(Number(kv.mod_revision)).toBe(rvOf(updated));
      expect(Number(kv.create_revision)).toBe(rvOf(created));
      expect(created.metadata.resourceVersion).not.toBe('12345');
    },
  },

  // ------------------------------------------------------------ list
  {
    name: 'list returns items in key order with the read revision; Exact reads the past; too new fails',
    async run({ store, prefix, key, pod }) {
      await store.create(key('c'), pod('c'));
      const b = await store.create(key('b'), pod('b'));
      const a = await store.create(key('a'), pod('a'));
      const all = await store.list(prefix);
      expect(all.items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
      expect(Number(all.resourceVersion)).toBeGreaterThanOrEqual(rvOf(a));
      expect(all.continue).toBeUndefined();
      expect(all.items[0]).toEqual(a);

      const past = await store.list(prefix, { resourceVersion: b.metadata.resourceVersion!, resourceVersionMatch: 'Exact' });
      expect(past.items.map((o) => o.metadata.name)).toEqual(['b', 'c']);
      expect(past.resourceVersion).toBe(b.metadata.resourceVersion);

      const notOlder = await store.list(prefix, { resourceVersion: b.metadata.resourceVersion!, resourceVersionMatch: 'NotOlderThan' });
      expect(notOlder.items).toHaveLength(3);

      const future = String((await store.currentRevision()) + 1000);
      for (const resourceVersionMatch of ['NotOlderThan', 'Exact'] as const) {
        const err = await failure(store.list(prefix, { resourceVersion: future, resourceVersionMatch }));
        expect([err.code, err.reason]).toEqual([504, 'Timeout']);
        expect(err.message).toMatch(new RegExp(`^Too large resource version: ${future}, current: \\d+$`));
      }
    },
  },
  {
    name: 'list pages with limit/continue, every page at the first page’s revision',
    async run({ store, prefix, key, pod }) {
      for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await store.create(key(n), pod(n));
      const first = await store.list(prefix, { limit: 2 });
      expect(first.items.map((o) => o.metadata.name)).toEqual(['p1', 'p2']);
      expect(first.remainingItemCount).toBe(3);
      const token = JSON.parse(Buffer.from(first.continue!, 'base64url').toString()) as unknown;
      expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(first.resourceVersion), start: 'p2\u0000' }); // relative to the list prefix

      await store.create(key('p0'), pod('p0')); // after the snapshot: never seen by this list
      await store.guaranteedUpdate(key('p3'), withAnnotation('late', 'true'));
      const pages = [first];
      while (pages.at(-1)!.continue) pages.push(await store.list(prefix, { limit: 2, continue: pages.at(-1)!.continue! }));
      const table = pages.map((p) => [p.items.map((o) => o.metadata.name), p.resourceVersion, p.remainingItemCount]);
      expect(table).toEqual([
        [['p1', 'p2'], first.resourceVersion, 3],
        [['p3', 'p4'], first.resourceVersion, 1],
        [['p5'], first.resourceVersion, undefined],
      ]);
      expect(pages[1]!.items[0]!.metadata.annotations).toBeUndefined();
    },
  },
  {
    name: 'list with a predicate fills each page with matches and gives no remainingItemCount',
    async run({ store, prefix, key, pod }) {
      for (let i = 0; i < 9; i++) await store.create(key(`p${i}`), pod(`p${i}`, { even: String(i % 2 === 0) }));
      const predicate = (o: KubeObject) => o.metadata.labels?.['even'] === 'true';
      const pages = [await store.list(prefix, { limit: 2, predicate })];
      while (pages.at(-1)!.continue) pages.push(await store.list(prefix, { limit: 2, predicate, continue: pages.at(-1)!.continue! }));
      expect(pages.map((p) => [p.items.map((o) => o.metadata.name), p.remainingItemCount])).toEqual([
        [['p0', 'p2'], undefined],
        [['p4', 'p6'], undefined],
        [['p8'], undefined],
      ]);
    },
  },
  {
    name: 'continue after compaction fails Expired, with a token that continues at the latest revision',
    async run({ store, prefix, key, pod }) {
      for (const n of ['a', 'b', 'c']) await store.create(key(n), pod(n));
      const first = await store.list(prefix, { limit: 1 });
      await store.create(key('d'), pod('d'));
      await store.compact(await store.currentRevision());
      const err = await failure(store.list(prefix, { limit: 1, continue: first.continue! }));
      expect([err.code, err.reason, err.message]).toEqual([
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
          'without the continue parameter, or use the continue token in this response to retrieve the remainder of ' +
          'the results. Continuing with the provided token results in an inconsistent list - objects that were ' +
          'created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      ]);
      const rest = await store.list(prefix, { continue: err.status.metadata.continue! });
      expect(rest.items.map((o) => o.metadata.name)).toEqual(['b', 'c', 'd']);

      const old = await failure(store.list(prefix, { resourceVersion: first.resourceVersion, resourceVersionMatch: 'Exact' }));
      expect([old.code, old.reason, old.message]).toEqual([410, 'Expired', 'The resourceVersion for the provided list is too old.']);
    },
  },
  {
    name: 'a malformed continue token or resourceVersion fails BadRequest',
    async run({ store, prefix }) {
      const bad = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: '../../secrets/x' })).toString('base64url');
      for (const op of [() => store.list(prefix, { continue: bad }), () => store.list(prefix, { resourceVersion: 'abc' })]) {
        const err = await failure(op());
        expect([err.code, err.reason]).toEqual([400, 'BadRequest']);
      }
    },
  },

  // ------------------------------------------------------------ guaranteedUpdate
  {
    name: 'guaranteedUpdate: concurrent updaters lose no update',
    async run({ store, key, pod }) {
      await store.create(key('counter'), pod('counter'));
      const n = 12;
      let calls = 0;
      const results = await Promise.all(
        Array.from({ length: n }, () =>
          store.guaranteedUpdate(key('counter'), async (cur) => {
            calls++;
            await Promise.resolve(); // widen the read–write window
            const count = Number(cur.metadata.annotations?.['count'] ?? '0') + 1;
            return withAnnotation('count', String(count))(cur);
          }),
        ),
      );
      const final = await store.get(key('counter'));
      expect(final.metadata.annotations?.['count']).toBe(String(n));
      expect(new Set(results.map((r) => r.metadata.resourceVersion)).size).toBe(n);
      expect(calls).toBeGreaterThanOrEqual(n);
    },
  },
  {
    name: 'guaranteedUpdate skips the write when the object is unchanged',
    async run({ store, key, pod }) {
      const created = await store.create(key('a'), pod('a'));
      const before = await store.currentRevision();
      const same = await store.guaranteedUpdate(key('a'), (cur) => cur);
      const stillSame = await store.guaranteedUpdate(key('a'), (cur) => ({ ...cur, metadata: { ...cur.metadata, resourceVersion: '1' } }));
      expect(same).toEqual(created);
      expect(stillSame.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(await store.currentRevision()).toBe(before);
    },
  },
  {
    name: 'guaranteedUpdate of a missing key fails NotFound, or creates it with ignoreNotFound',
    async run({ store, key, pod }) {
      const err = await failure(store.guaranteedUpdate(key('a'), (cur) => cur));
      expect([err.code, err.reason]).toEqual([404, 'NotFound']);
      let seen: KubeObject | undefined;
      const created = await store.guaranteedUpdate(key('a'), (cur) => ((seen = cur), pod('a')), { ignoreNotFound: true });
      expect(seen).toEqual({ metadata: {} });
      expect(await store.get(key('a'))).toEqual(created);
    },
  },
  {
    name: 'guaranteedUpdate: an error thrown by tryUpdate aborts without a write',
    async run({ store, key, pod }) {
      const created = await store.create(key('a'), pod('a'));
      const boom = new Error('admission says no');
      await expect(store.guaranteedUpdate(key('a'), () => Promise.reject(boom))).rejects.toBe(boom);
      expect(await store.get(key('a'))).toEqual(created);
    },
  },
  {
    name: 'preconditions (uid, resourceVersion) on guaranteedUpdate and delete',
    async run({ store, key, pod }) {
      const ops = {
        update: (k: string, preconditions: object) => store.guaranteedUpdate(k, withAnnotation('u', 'v'), { preconditions }),
        delete: (k: string, preconditions: object) => store.delete(k, { preconditions }),
      };
      for (const [op, run] of Object.entries(ops)) {
        const k = key(`pre-${op}`);
        const obj = await store.create(k, pod(`pre-${op}`));
        const rv = obj.metadata.resourceVersion!;
        const table: [object, string | undefined][] = [
          [{ uid: 'other' }, `Precondition failed: UID in precondition: other, UID in object meta: uid-pre-${op}`],
          [{ resourceVersion: '1' }, `Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${rv}`],
          [{ uid: `uid-pre-${op}`, resourceVersion: rv }, undefined],
        ];
        for (const [preconditions, message] of table) {
          if (message === undefined) {
            await run(k, preconditions);
            continue;
          }
          const err = await failure(run(k, preconditions));
          expect([op, err.code, err.reason]).toEqual([op, 409, 'Conflict']);
          expect(err.message).toContain(`Operation cannot be fulfilled on pods "pre-${op}": `);
          expect(err.message).toContain(message);
        }
      }
    },
  },

  {
    name: 'guaranteedUpdate from a stale cachedExistingObject updates the current state, leaving the suggestion alone',
    async run({ store, key, pod }) {
      const a = deepFrozen(await store.create(key('a'), pod('a')));
      const m = await store.guaranteedUpdate(key('a'), withAnnotation('step', 'two'));
      const seen: string[] = [];
      const updated = await store.guaranteedUpdate(key('a'), (cur) => (seen.push(cur.metadata.resourceVersion!), withAnnotation('x', 'y')(cur)), {
        cachedExistingObject: a,
      });
      expect(seen).toEqual([a.metadata.resourceVersion, m.metadata.resourceVersion]); // tried on the suggestion, then on etcd's state
      expect(updated.metadata.annotations).toEqual({ step: 'two', x: 'y' });
      expect(rvOf(updated)).toBeGreaterThan(rvOf(m));
      expect(await store.get(key('a'))).toEqual(updated);
      const current = await store.guaranteedUpdate(key('a'), withAnnotation('z', '1'), { cachedExistingObject: updated });
      expect(current.metadata.annotations).toEqual({ step: 'two', x: 'y', z: '1' });
    },
  },
  {
    name: 'guaranteedUpdate: a cachedExistingObject that fails preconditions or tryUpdate is retried on etcd’s state',
    async run({ store, key, pod }) {
      const a = deepFrozen(await store.create(key('a'), pod('a')));
      const m = await store.guaranteedUpdate(key('a'), withAnnotation('step', 'two'));
      const rv = m.metadata.resourceVersion!;
      const byPrecondition = await store.guaranteedUpdate(key('a'), withAnnotation('p', '1'), { preconditions: { resourceVersion: rv }, cachedExistingObject: a });
      expect(byPrecondition.metadata.annotations).toEqual({ step: 'two', p: '1' });
      // tryUpdate rejects the stale object (as the registry does for a stale resourceVersion in the body).
      const onlyAt = (want: string) => (cur: KubeObject) => {
        if (cur.metadata.resourceVersion !== want) throw new Error(`conflict at ${cur.metadata.resourceVersion}`);
        return withAnnotation('t', '1')(cur);
      };
      const byTryUpdate = await store.guaranteedUpdate(key('a'), onlyAt(byPrecondition.metadata.resourceVersion!), { cachedExistingObject: a });
      expect(byTryUpdate.metadata.annotations).toEqual({ step: 'two', p: '1', t: '1' });
      // Failing on etcd's state as well: the error stands.
      const err = await failure(store.guaranteedUpdate(key('a'), withAnnotation('q', '1'), { preconditions: { resourceVersion: rv }, cachedExistingObject: a }));
      expect([err.code, err.reason]).toEqual([409, 'Conflict']);
      await expect(store.guaranteedUpdate(key('a'), onlyAt(rv), { cachedExistingObject: byTryUpdate })).rejects.toThrow(`conflict at ${byTryUpdate.metadata.resourceVersion}`);
      expect(await store.get(key('a'))).toEqual(byTryUpdate);
    },
  },
  {
    name: 'guaranteedUpdate: unchanged against a stale cachedExistingObject still writes',
    async run({ store, key, pod }) {
      const a = deepFrozen(await store.create(key('a'), pod('a')));
      const labelled = await store.guaranteedUpdate(key('a'), withLabels({ x: 'y' }));
      // Same bytes as the suggestion, but not as etcd's state: the write must happen.
      const updated = await store.guaranteedUpdate(key('a'), withLabels(undefined), { cachedExistingObject: a });
      expect(updated.metadata.labels).toBeUndefined();
      expect(rvOf(updated)).toBeGreaterThan(rvOf(labelled));
      expect(await store.get(key('a'))).toEqual(updated);
      // Unchanged against a current suggestion: no write.
      const before = await store.currentRevision();
      const same = await store.guaranteedUpdate(key('a'), (cur) => cur, { cachedExistingObject: updated });
      expect(same).toEqual(updated);
      expect(await store.currentRevision()).toBe(before);
    },
  },
  {
    name: 'guaranteedUpdate from a cachedExistingObject keeps the key’s lease',
    async run({ store, raw, key, pod, unsupported }) {
      if (!raw) return unsupported();
      const leaseOf = async (k: string) => (await raw.kv.range({ key: Buffer.from(k) })).kvs[0]!.lease;
      const leased = await store.create(key('leased'), pod('leased'), { ttlSeconds: 600 });
      const lease = await leaseOf(key('leased'));
      expect(lease).not.toBe('0');
      await store.guaranteedUpdate(key('leased'), withAnnotation('x', 'y'), { cachedExistingObject: leased });
      expect(await leaseOf(key('leased'))).toBe(lease);
      await store.guaranteedUpdate(key('leased'), withAnnotation('x', 'z'));
      expect(await leaseOf(key('leased'))).toBe(lease);

      const ns = key('').split('/').at(-2)!;
      const eventKey = `/registry/events/${ns}/e`;
      const event = await store.create(eventKey, { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: ns } } as KubeObject, { ttlSeconds: 600 });
      const updated = await store.guaranteedUpdate(eventKey, (o) => ({ ...o, count: 2 }) as KubeObject, { cachedExistingObject: event });
      expect((updated as unknown as { count: number }).count).toBe(2);
      expect(await leaseOf(eventKey)).not.toBe('0');
      await store.delete(eventKey);
    },
  },

  // ------------------------------------------------------------ delete
  {
    name: 'delete returns the last state at the deletion revision; then NotFound',
    async run({ store, key, pod }) {
      await store.create(key('a'), pod('a'));
      const last = await store.guaranteedUpdate(key('a'), withAnnotation('last', 'state'));
      const deleted = await store.delete(key('a'));
      expect(deleted.metadata.annotations).toEqual({ last: 'state' });
      expect(rvOf(deleted)).toBeGreaterThan(rvOf(last));
      expect(rvOf(deleted)).toBe(await store.currentRevision());
      for (const op of [() => store.get(key('a')), () => store.delete(key('a'))]) {
        const err = await failure(op());
        expect([err.code, err.reason, err.message]).toEqual([404, 'NotFound', 'pods "a" not found']);
      }
    },
  },
  {
    name: 'delete: validateDeletion sees the current object and can veto',
    async run({ store, key, pod }) {
      const created = await store.create(key('a'), pod('a'));
      const veto = new Error('has finalizers');
      let seen: KubeObject | undefined;
      await expect(store.delete(key('a'), { validateDeletion: (cur) => ((seen = cur), Promise.reject(veto)) })).rejects.toBe(veto);
      expect(seen).toEqual(created);
      expect(await store.get(key('a'))).toEqual(created);
    },
  },

  // ------------------------------------------------------------ watch
  {
    name: 'watch from a resourceVersion replays ADDED, MODIFIED, DELETED with prevObject',
    async run({ store, prefix, key, pod }) {
      const rv0 = String(await store.currentRevision());
      const a = await store.create(key('a'), pod('a'));
      const m = await store.guaranteedUpdate(key('a'), withAnnotation('step', 'two'));
      const d = await store.delete(key('a'));
      const w = reader(store.watch(prefix, { recursive: true, resourceVersion: rv0 }));
      const added = await w.next();
      const modified = await w.next();
      const deleted = await w.next();
      await w.close();
      expect(added).toEqual({ type: 'ADDED', object: a });
      expect(modified).toEqual({ type: 'MODIFIED', object: m, prevObject: a });
      expect(deleted).toEqual({ type: 'DELETED', object: d, prevObject: m });
      expect(deleted.object.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    },
  },
  {
    name: 'watch at resourceVersion "0" or unset sends the current state as ADDED, then changes',
    async run({ store, prefix, key, pod }) {
      await store.create(key('b'), pod('b'));
      await store.create(key('a'), pod('a'));
      for (const resourceVersion of ['0', undefined]) {
        const current = await store.list(prefix);
        const w = reader(store.watch(prefix, { recursive: true, ...(resourceVersion ? { resourceVersion } : {}) }));
        const initial = [];
        for (const _ of current.items) initial.push(await w.next());
        expect(initial).toEqual(current.items.map((object) => ({ type: 'ADDED', object })));
        const c = await store.create(key(`c${resourceVersion ?? ''}`), pod(`c${resourceVersion ?? ''}`));
        expect(await w.next()).toEqual({ type: 'ADDED', object: c });
        await w.close();
      }
    },
  },
  {
    name: 'watch on one key (recursive: false) ignores its neighbours',
    async run({ store, key, pod }) {
      const w = reader(store.watch(key('a'), { recursive: false, resourceVersion: String(await store.currentRevision()) }));
      await store.create(key('ab'), pod('ab'));
      await store.create(key('a'), pod('a'));
      await store.guaranteedUpdate(key('ab'), withAnnotation('x', 'y'));
      await store.guaranteedUpdate(key('a'), withAnnotation('x', 'y'));
      expect([summary(await w.next()), summary(await w.next())]).toEqual(['ADDED a', 'MODIFIED a']);
      await w.close();
    },
  },
  {
    name: 'watch with a predicate: entering is ADDED, leaving is DELETED',
    async run({ store, prefix, key, pod }) {
      const predicate = (o: KubeObject) => o.metadata.labels?.['app'] === 'web';
      const w = reader(store.watch(prefix, { recursive: true, predicate, resourceVersion: String(await store.currentRevision()) }));
      await store.create(key('x'), pod('x')); // not matching: nothing
      const entered = await store.guaranteedUpdate(key('x'), withLabels({ app: 'web' }));
      const changed = await store.guaranteedUpdate(key('x'), withAnnotation('n', '1'));
      const left = await store.guaranteedUpdate(key('x'), withLabels(undefined));
      await store.delete(key('x')); // not matching: nothing
      const y = await store.create(key('y'), pod('y', { app: 'web' }));
      const events = [await w.next(), await w.next(), await w.next(), await w.next()];
      await w.close();
      expect(events.map(summary)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x', 'ADDED y']);
      expect(events[0]!.object).toEqual(entered);
      expect(events[1]!.object).toEqual(changed);
      expect(events[2]!.object.metadata.labels).toEqual({ app: 'web' }); // the last state that matched…
      expect(events[2]!.object.metadata.resourceVersion).toBe(left.metadata.resourceVersion); // …at the revision it left
      expect(events[3]!.object).toEqual(y);
    },
  },
  {
    name: 'watch from a compacted resourceVersion throws Expired',
    async run({ store, prefix, key, pod }) {
      // A watch first, so that a watch cache holds the prefix from before `a`.
      const warm = reader(store.watch(prefix, { recursive: true, resourceVersion: String(await store.currentRevision()) }));
      await store.create(key('warm'), pod('warm'));
      expect(summary(await warm.next())).toBe('ADDED warm');
      await warm.close();
      const a = await store.create(key('a'), pod('a'));
      await store.guaranteedUpdate(key('a'), withAnnotation('x', 'y'));
      const compacted = await store.currentRevision();
      await store.compact(compacted);
      const from = String(rvOf(a) - 1);
      const w = reader(store.watch(prefix, { recursive: true, resourceVersion: from }));
      const err = await failure(w.next());
      expect([err.code, err.reason, err.message]).toEqual([410, 'Expired', `too old resource version: ${from} (${compacted})`]);
    },
  },
  {
    name: 'watch ends when its signal aborts',
    async run({ store, prefix, key, pod }) {
      const ac = new AbortController();
      const w = reader(store.watch(prefix, { recursive: true, signal: ac.signal, resourceVersion: String(await store.currentRevision()) }));
      await store.create(key('a'), pod('a'));
      expect(summary(await w.next())).toBe('ADDED a');
      ac.abort();
      expect(await w.ended()).toBe(true);
      const already = reader(store.watch(prefix, { recursive: true, signal: ac.signal }));
      expect(await already.ended()).toBe(true);
    },
  },
  {
    name: 'watch with progressNotify sends BOOKMARKs carrying only the resourceVersion',
    async run({ store, prefix, unsupported }) {
      if (!fixture?.progressNotify) return unsupported();
      const rv = await store.currentRevision();
      const w = reader(store.watch(prefix, { recursive: true, progressNotify: true, resourceVersion: String(rv) }));
      const e = await w.next();
      await w.close();
      expect(e.type).toBe('BOOKMARK');
      expect(Object.keys(e.object)).toEqual(['metadata']);
      expect(Object.keys(e.object.metadata)).toEqual(['resourceVersion']);
      expect(rvOf(e.object)).toBeGreaterThanOrEqual(rv);
    },
  },

  // ------------------------------------------------------------ TTL
  {
    name: 'create with ttlSeconds attaches an etcd lease; the key goes when it expires',
    async run({ store, raw, prefix, key, pod, unsupported }) {
      if (!raw) return unsupported();
      await store.create(key('long'), pod('long'), { ttlSeconds: 600 });
      const kv = (await raw.kv.range({ key: Buffer.from(key('long')) })).kvs[0]!;
      expect(kv.lease).not.toBe('0');
      const ttl = Number((await raw.leaseClient.leaseTimeToLive({ ID: kv.lease })).TTL);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600 + 30);

      const short = await store.create(key('short'), pod('short'), { ttlSeconds: 1 });
      const w = reader(store.watch(prefix, { recursive: true, resourceVersion: short.metadata.resourceVersion! }));
      expect(summary(await w.next(WAIT_MS))).toBe('DELETED short');
      await w.close();
      await expect(store.get(key('short'))).rejects.toMatchObject({ reason: 'NotFound' });
    },
  },

  // ------------------------------------------------------------ etcd restart (last: it disturbs the connection)
  {
    name: 'watch resumes across an etcd restart, losing and repeating nothing',
    async run({ store, etcd, prefix, key, pod, unsupported }) {
      if (!etcd) return unsupported();
      const w = reader(store.watch(prefix, { recursive: true, resourceVersion: String(await store.currentRevision()) }));
      await store.create(key('before'), pod('before'));
      expect(summary(await w.next())).toBe('ADDED before');
      await etcd.restart();
      // Written while the watch is still reconnecting: must come from etcd's history.
      await store.create(key('after1'), pod('after1'));
      await store.guaranteedUpdate(key('before'), withAnnotation('x', 'y'));
      await store.create(key('after2'), pod('after2'));
      const events = [await w.next(), await w.next(), await w.next()];
      expect(events.map(summary)).toEqual(['ADDED after1', 'MODIFIED before', 'ADDED after2']);
      await store.create(key('sentinel'), pod('sentinel'));
      expect(summary(await w.next())).toBe('ADDED sentinel'); // nothing repeated in between
      const revs = events.map((e) => rvOf(e.object));
      expect([...revs].sort((x, y) => x - y)).toEqual(revs);
      await w.close();
    },
  },
];

let fixture: StoreFixture | undefined;
let expect: typeof import('vitest').expect;

/**
 * Kubernetes' storage/testing conformance cases for a Store, table-driven. Call it with top-level
 * `await` in a vitest file (vitest is imported lazily so that this module costs nothing elsewhere).
 * `makeStore` runs once for the suite; each case works under a prefix of its own.
 */
export async function runStoreConformance(name: string, makeStore: () => Promise<StoreFixture>): Promise<void> {
  const vitest = await import('vitest');
  expect = vitest.expect;
  let raw: Etcd3 | undefined;
  let seq = 0;
  const run = Math.random().toString(36).slice(2, 8);
  vitest.describe(`Store conformance: ${name}`, () => {
    vitest.beforeAll(async () => {
      fixture = await makeStore();
      if (fixture.etcd) raw = new Etcd3({ hosts: fixture.etcd.endpoint });
    });
    vitest.afterAll(async () => {
      raw?.close();
      await fixture?.cleanup();
      fixture = undefined;
    });
    for (const c of CASES) {
      vitest.it(c.name, async (ctx) => {
        const ns = `conf-${run}-${++seq}`;
        const prefix = `/registry/pods/${ns}/`;
        await c.run({
          store: fixture!.store,
          etcd: fixture!.etcd,
          raw,
          prefix,
          key: (n) => prefix + n,
          pod: (n, labels) => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: n, namespace: ns, uid: `uid-${n}`, ...(labels ? { labels } : {}) },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          }) as KubeObject,
          // A case that needs a capability the fixture lacks fails: no case is silently skipped.
          unsupported: () => {
            throw new Error(`${ctx.task.name}: the store fixture lacks a capability this case needs`);
          },
        });
      });
    }
  });
}
