import type { KubeObject } from '@kubesim/api';
import { startEtcd, type EtcdInstance } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacherStore, type CacherOptions, type DelegateReason } from './cacher.js';
import { runStoreConformance } from './conformance.js';
import { Etcd3Store } from './etcd3-store.js';
import type { StoreWatchEvent } from './interfaces.js';

await runStoreConformance('CacherStore', async () => {
  const etcd = await startEtcd({ extraArgs: ['--experimental-watch-progress-notify-interval=500ms'] });
  const storage = new Etcd3Store({ endpoints: etcd.endpoint });
  const store = new CacherStore(storage, { prefixes: ['/registry/pods/', '/registry/events/'], freeze: true });
  return {
    store,
    etcd,
    progressNotify: true,
    async cleanup() {
      await store.close();
      await etcd.stop();
    },
  };
});

/** Polls `cond` until it holds, failing after `ms`. */
async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function reader(events: AsyncIterable<StoreWatchEvent>) {
  const it = events[Symbol.asyncIterator]();
  return {
    async next(ms = 10_000): Promise<StoreWatchEvent> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out waiting for a watch event')), ms)));
      try {
        const r = await Promise.race([it.next(), timeout]);
        if (r.done) throw new Error('watch ended unexpectedly');
        return r.value;
      } finally {
        clearTimeout(timer);
      }
    },
    async done(): Promise<boolean> {
      return (await it.next()).done === true;
    },
    close: async () => void (await it.return?.()),
  };
}

const summary = (e: StoreWatchEvent) => `${e.type} ${e.object.metadata.name}`;
const rvOf = (o: KubeObject) => Number(o.metadata.resourceVersion);
const pod = (ns: string, name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
});
const annotate = (k: string, v: string) => (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [k]: v } } });
const relabel = (labels?: Record<string, string>) => (o: KubeObject): KubeObject => {
  const metadata = { ...o.metadata };
  if (labels) metadata.labels = labels;
  else delete metadata.labels;
  return { ...o, metadata };
};

describe('CacherStore', () => {
  let etcd: EtcdInstance;
  let seq = 0;
  const open: { store: CacherStore; storage: Etcd3Store }[] = [];

  /** A CacherStore on a fresh Etcd3Store, recording etcd operations and delegated watches. */
  function newCacher(opts: Partial<CacherOptions> = {}) {
    const ops: string[] = [];
    const delegated: DelegateReason[] = [];
    const counts = { initialized: 0, terminated: 0, received: 0 };
    const storage = new Etcd3Store({ endpoints: etcd.endpoint, onOperation: (op, _s, ok) => ops.push(`${op}:${ok}`) });
    const store = new CacherStore(storage, {
      prefixes: ['/registry/pods/', '/registry/configmaps/'],
      freeze: true,
      ...opts,
      observer: {
        initialized: () => counts.initialized++,
        watcherTerminated: () => counts.terminated++,
        eventReceived: () => counts.received++,
        watchDelegated: (_p, reason) => delegated.push(reason),
      },
    });
    open.push({ store, storage });
    return { store, storage, ops, delegated, counts };
  }

  const ns = () => `c${++seq}`;

  /** Opens a cache watcher on `prefix` at the current revision and waits until the cache serves it. */
  async function cachedWatch(store: CacherStore, prefix: string, opts: { predicate?: (o: KubeObject) => boolean } = {}) {
    const before = store.cachedWatchers();
    const w = reader(store.watch(prefix, { recursive: true, resourceVersion: String(await store.currentRevision()), ...opts }));
    await until(() => store.cachedWatchers() > before, 'the cache to serve the watch');
    return w;
  }

  beforeAll(async () => {
    // No periodic progress notifications: freshness must come from progress requests.
    etcd = await startEtcd();
  });
  afterAll(async () => {
    for (const { store } of open) await store.close();
    await etcd?.stop();
  });

  it('serves resourceVersion "0" from the cache: the state as ADDED in key order, then changes; objects are frozen', async () => {
    const { store, storage, delegated } = newCacher();
    const n = ns();
    await storage.create(`/registry/pods/${n}/b`, pod(n, 'b'));
    await storage.create(`/registry/pods/${n}/a`, pod(n, 'a'));
    const w = reader(store.watch(`/registry/pods/${n}`, { recursive: true, resourceVersion: '0' }));
    const initial = [await w.next(), await w.next()];
    expect(initial.map(summary)).toEqual(['ADDED a', 'ADDED b']);
    expect(initial[0]!.object).toEqual(await storage.get(`/registry/pods/${n}/a`));
    const c = await storage.create(`/registry/pods/${n}/c`, pod(n, 'c'));
    const added = await w.next();
    expect(added).toEqual({ type: 'ADDED', object: c });
    expect(Object.isFrozen(added.object) && Object.isFrozen(added.object.metadata)).toBe(true);
    expect(delegated).toEqual([]);
    expect(store.cachedWatchers()).toBe(1);
    await w.close();
    expect(store.cachedWatchers()).toBe(0);
  });

  it('replays buffered changes after a resourceVersion in the window, with prevObject', async () => {
    const { store, storage, delegated } = newCacher();
    const n = ns();
    (await cachedWatch(store, '/registry/pods/')).close(); // the cache runs from here on
    const from = String(await storage.currentRevision());
    const a = await storage.create(`/registry/pods/${n}/a`, pod(n, 'a'));
    const m = await storage.guaranteedUpdate(`/registry/pods/${n}/a`, annotate('x', 'y'));
    const d = await storage.delete(`/registry/pods/${n}/a`);
    await storage.create(`/registry/pods/other-${n}/z`, pod(`other-${n}`, 'z')); // another namespace: filtered out
    const w = reader(store.watch(`/registry/pods/${n}/`, { recursive: true, resourceVersion: from }));
    expect([await w.next(), await w.next(), await w.next()]).toEqual([
      { type: 'ADDED', object: a },
      { type: 'MODIFIED', object: m, prevObject: a },
      { type: 'DELETED', object: d, prevObject: m },
    ]);
    const b = await storage.create(`/registry/pods/${n}/b`, pod(n, 'b'));
    expect(await w.next()).toEqual({ type: 'ADDED', object: b });
    expect(delegated).toEqual([]);
    await w.close();
  });

  it('a resourceVersion newer than the cache waits for etcd progress, then serves from the cache', async () => {
    const { store, storage, delegated } = newCacher();
    const n = ns();
    (await cachedWatch(store, '/registry/pods/')).close();
    // Writes elsewhere move etcd's revision past anything the pods cache has seen.
    await storage.create(`/registry/secrets/${n}/s1`, pod(n, 's1'));
    const s2 = await storage.create(`/registry/secrets/${n}/s2`, pod(n, 's2'));
    const w = await cachedWatch(store, `/registry/pods/${n}/`).catch((e: unknown) => {
      throw new Error(`not served from the cache: ${String(e)} (delegated: ${delegated.join(',')})`);
    });
    expect(delegated).toEqual([]); // a progress request answered in time, not the fallback to etcd
    const p = await storage.create(`/registry/pods/${n}/p`, pod(n, 'p'));
    expect(rvOf(p)).toBeGreaterThan(rvOf(s2));
    expect(await w.next()).toEqual({ type: 'ADDED', object: p });
    await w.close();
  });

  it('a resourceVersion older than the buffer falls back to the etcd watch', async () => {
    const { store, storage, delegated } = newCacher({ capacity: 3 });
    const n = ns();
    const key = `/registry/configmaps/${n}/cm`;
    (await cachedWatch(store, '/registry/configmaps/')).close();
    const created = await storage.create(key, { metadata: { name: 'cm', namespace: n } });
    for (let i = 0; i < 5; i++) await storage.guaranteedUpdate(key, annotate('i', String(i)));
    await cachedWatch(store, `/registry/configmaps/${n}/`).then((w) => w.close()); // the cache has seen every update
    const w = reader(store.watch(`/registry/configmaps/${n}/`, { recursive: true, resourceVersion: created.metadata.resourceVersion! }));
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await w.next());
    expect(events.map((e) => `${e.type} ${e.object.metadata.annotations?.['i']}`)).toEqual(['0', '1', '2', '3', '4'].map((i) => `MODIFIED ${i}`));
    expect(delegated).toEqual(['too-old']);
    await w.close();
    // Inside the window: from the cache.
    const recent = reader(store.watch(`/registry/configmaps/${n}/`, { recursive: true, resourceVersion: events[3]!.object.metadata.resourceVersion! }));
    expect(await recent.next()).toEqual(events[4]);
    expect(delegated).toEqual(['too-old']);
    await recent.close();
  });

  it('predicates: entering is ADDED, leaving is DELETED with the old state at the leaving revision, shared between watchers', async () => {
    const { store, storage } = newCacher();
    const n = ns();
    const key = `/registry/pods/${n}/x`;
    const web = (o: KubeObject) => o.metadata.labels?.['app'] === 'web';
    const w1 = await cachedWatch(store, `/registry/pods/${n}/`, { predicate: web });
    const w2 = await cachedWatch(store, `/registry/pods/${n}/`, { predicate: web });
    const all = await cachedWatch(store, `/registry/pods/${n}/`);
    await storage.create(key, pod(n, 'x'));
    const entered = await storage.guaranteedUpdate(key, relabel({ app: 'web' }));
    const left = await storage.guaranteedUpdate(key, relabel(undefined));
    await storage.delete(key);
    const seen1 = [await w1.next(), await w1.next()];
    const seen2 = [await w2.next(), await w2.next()];
    expect(seen1.map(summary)).toEqual(['ADDED x', 'DELETED x']);
    expect(seen1[0]!.object).toEqual(entered);
    expect(seen1[1]!.object.metadata.labels).toEqual({ app: 'web' });
    expect(seen1[1]!.object.metadata.resourceVersion).toBe(left.metadata.resourceVersion);
    expect(seen2[0]!.object).toBe(seen1[0]!.object);
    expect(seen2[1]!.object).toBe(seen1[1]!.object);
    expect([await all.next(), await all.next(), await all.next(), await all.next()].map(summary)).toEqual([
      'ADDED x', 'MODIFIED x', 'MODIFIED x', 'DELETED x',
    ]);
    for (const w of [w1, w2, all]) await w.close();
  });

  it('many watchers share one etcd watch and receive the same object', async () => {
    const { store, storage, counts } = newCacher();
    const n = ns();
    const watchers = [];
    for (let i = 0; i < 10; i++) watchers.push(await cachedWatch(store, i % 2 ? '/registry/pods/' : `/registry/pods/${n}/`));
    expect(storage.watchCount).toBe(1);
    await storage.create(`/registry/pods/${n}/p`, pod(n, 'p'));
    const events = await Promise.all(watchers.map((w) => w.next()));
    expect(events.map(summary)).toEqual(Array(10).fill('ADDED p'));
    for (const e of events) expect(e.object).toBe(events[0]!.object);
    expect(counts.received).toBeGreaterThanOrEqual(1);
    for (const w of watchers) await w.close();
    expect(storage.watchCount).toBe(1); // the cache keeps watching
  });

  it('guaranteedUpdate starts from the cached object: no etcd get, even when the cache is stale', async () => {
    const { store, ops } = newCacher();
    const n = ns();
    const key = `/registry/pods/${n}/p`;
    const w = await cachedWatch(store, `/registry/pods/${n}/`);
    const created = await store.create(key, pod(n, 'p'));
    expect((await w.next()).object).toEqual(created); // the cache holds it
    ops.length = 0;
    const updated = await store.guaranteedUpdate(key, annotate('a', '1'));
    expect(ops).toEqual(['update:true']);
    expect(updated.metadata.annotations).toEqual({ a: '1' });
    await w.next();

    // Stale: a write the cache has not seen yet is detected by the compare-and-swap, whose failure carries the state.
    const sneaky = new Etcd3Store({ endpoints: etcd.endpoint });
    try {
      const behind = await sneaky.guaranteedUpdate(key, annotate('b', '2'));
      ops.length = 0;
      const calls: string[] = [];
      const after = await store.guaranteedUpdate(key, (cur) => (calls.push(cur.metadata.resourceVersion!), annotate('c', '3')(cur)));
      expect(after.metadata.annotations).toEqual({ a: '1', b: '2', c: '3' });
      expect(ops.filter((o) => o.startsWith('get'))).toEqual([]);
      if (calls.length === 2) expect(ops).toEqual(['update:true', 'update:true']); // raced the cache: one retry on the txn's answer
      expect(calls.at(-1)).toBe(behind.metadata.resourceVersion);
    } finally {
      await sneaky.close();
    }
    await w.close();
  });

  it('ends a watcher that falls too far behind; the others go on', async () => {
    const { store, storage, counts } = newCacher({ watcherQueueLimit: 3 });
    const n = ns();
    const slow = await cachedWatch(store, `/registry/pods/${n}/`);
    const fast = await cachedWatch(store, `/registry/pods/${n}/`);
    for (let i = 0; i < 5; i++) {
      await storage.create(`/registry/pods/${n}/p${i}`, pod(n, `p${i}`));
      expect(summary(await fast.next())).toBe(`ADDED p${i}`);
    }
    expect(counts.terminated).toBe(1);
    expect(await slow.done()).toBe(true);
    await fast.close();
  });

  it('when its etcd watch fails, the cache ends its watchers, relists and serves again', async () => {
    const { store, storage, counts } = newCacher();
    const n = ns();
    const w = await cachedWatch(store, `/registry/pods/${n}/`);
    expect(counts.initialized).toBe(1);
    const bad = `/registry/pods/${n}/bad`;
    await storage.client.put(bad).value('not json'); // undecodable: the cache's watch fails
    expect(await w.done()).toBe(true);
    await storage.client.delete().key(bad);
    await until(() => counts.initialized >= 2, 'the cache to relist');
    const again = await cachedWatch(store, `/registry/pods/${n}/`);
    const p = await storage.create(`/registry/pods/${n}/p`, pod(n, 'p'));
    expect(await again.next()).toEqual({ type: 'ADDED', object: p });
    await again.close();
  });

  it('close() ends cache watchers and the etcd watches', async () => {
    const { store, storage } = newCacher();
    const w = await cachedWatch(store, `/registry/pods/${ns()}/`);
    await store.close();
    expect(await w.done()).toBe(true);
    expect(storage.watchCount).toBe(0);
  });
});
