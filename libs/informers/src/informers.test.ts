import { newNotFound, type Pod } from '@kubesim/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DeletedFinalStateUnknown,
  FakeListWatch,
  filteringHandler,
  Indexer,
  Lister,
  NamespaceIndex,
  SharedIndexInformer,
  waitForCacheSync,
  type ResourceEventHandler,
} from './index.js';

function pod(name: string, ns = 'default', labels: Record<string, string> = {}, nodeName = ''): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}`, labels }, spec: { containers: [], ...(nodeName ? { nodeName } : {}) } };
}

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

type Rec = string;
function recorder(log: Rec[]): ResourceEventHandler<Pod> {
  return {
    onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (o, n) => log.push(`update ${o.metadata.name} ${o.metadata.resourceVersion}->${n.metadata.resourceVersion}`),
    onDelete: (o) => log.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}` : `delete ${o.metadata.name}`),
  };
}

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});

function start(lw: FakeListWatch<Pod>, opts: ConstructorParameters<typeof SharedIndexInformer<Pod>>[1] = {}) {
  const inf = new SharedIndexInformer<Pod>(lw, { initialBackoffMs: 1, maxBackoffMs: 5, ...opts });
  const ac = new AbortController();
  stops.push(ac);
  return { inf, ac, run: () => inf.run(ac.signal) };
}

describe('Indexer', () => {
  it('keys by namespace/name and indexes by namespace', () => {
    const idx = new Indexer<Pod>();
    idx.add(pod('a', 'ns1'));
    idx.add(pod('b', 'ns1'));
    idx.add(pod('c', 'ns2'));
    expect(idx.listKeys().sort()).toEqual(['ns1/a', 'ns1/b', 'ns2/c']);
    expect(idx.byIndex(NamespaceIndex, 'ns1').map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);
    idx.delete(pod('a', 'ns1'));
    expect(idx.byIndex(NamespaceIndex, 'ns1').map((p) => p.metadata.name)).toEqual(['b']);
    expect(idx.getByKey('ns2/c')?.metadata.name).toBe('c');
    idx.replace([pod('z', 'ns3')]);
    expect(idx.listKeys()).toEqual(['ns3/z']);
    expect(idx.byIndex(NamespaceIndex, 'ns1')).toEqual([]);
  });

  it('custom indexes follow updates', () => {
    const idx = new Indexer<Pod>(undefined, { node: (p) => [p.spec.nodeName ?? ''] });
    idx.add(pod('a', 'd', {}, 'n1'));
    idx.update(pod('a', 'd', {}, 'n2'));
    expect(idx.byIndex('node', 'n1')).toEqual([]);
    expect(idx.byIndex('node', 'n2').length).toBe(1);
    expect(() => idx.byIndex('nope', 'x')).toThrow(/does not exist/);
  });
});

describe('SharedIndexInformer (fake ListWatch)', () => {
  it('lists, then watches from the list resourceVersion; hasSynced after the first list', async () => {
    const lw = new FakeListWatch<Pod>();
    lw.add(pod('a'));
    lw.add(pod('b'));
    const { inf, run } = start(lw);
    const log: Rec[] = [];
    inf.addEventHandler(recorder(log));
    expect(inf.hasSynced()).toBe(false);
    void run();
    await until(() => inf.hasSynced(), 'sync');
    expect(log).toEqual(['add a (initial)', 'add b (initial)']);
    await until(() => lw.watchers === 1, 'watch');
    expect(lw.watchCalls[0]).toMatchObject({ resourceVersion: '2', allowWatchBookmarks: true });
    const a2 = lw.modify({ ...pod('a'), metadata: { ...pod('a').metadata, labels: { x: 'y' } } });
    lw.add(pod('c'));
    lw.delete(pod('b'));
    await until(() => log.length === 5, 'events');
    expect(log.slice(2)).toEqual(['update a 1->3', 'add c', 'delete b']);
    expect(inf.getStore().listKeys().sort()).toEqual(['default/a', 'default/c']);
    expect(inf.getStore().getByKey('default/a')?.metadata.resourceVersion).toBe(a2.metadata.resourceVersion);
    expect(inf.lastSyncResourceVersion()).toBe('5');
  });

  it('pages the list', async () => {
    const lw = new FakeListWatch<Pod>();
    for (let i = 0; i < 7; i++) lw.add(pod(`p${i}`));
    const { inf, run } = start(lw, { pageSize: 3 });
    void run();
    await until(() => inf.hasSynced(), 'sync');
    expect(lw.listCalls.length).toBe(3);
    expect(inf.getStore().size).toBe(7);
  });

  it('bookmarks advance the resourceVersion the next watch starts from', async () => {
    const lw = new FakeListWatch<Pod>();
    lw.add(pod('a'));
    const { inf, run } = start(lw);
    const log: Rec[] = [];
    inf.addEventHandler(recorder(log));
    void run();
    await until(() => lw.watchers === 1, 'watch');
    lw.bookmark();
    await until(() => inf.lastSyncResourceVersion() === '2', 'bookmark rv');
    lw.endWatches(); // a server-side timeout: re-watch from the bookmark, no relist
    await until(() => lw.watchCalls.length === 2 && lw.watchers === 1, 're-watch');
    expect(lw.watchCalls[1]?.resourceVersion).toBe('2');
    expect(lw.listCalls.length).toBe(1);
    expect(log).toEqual(['add a (initial)']);
  });

  it('a broken watch is re-opened from the last resourceVersion without relisting or losing events', async () => {
    const lw = new FakeListWatch<Pod>();
    const { inf, run } = start(lw);
    const log: Rec[] = [];
    inf.addEventHandler(recorder(log));
    void run();
    await until(() => lw.watchers === 1, 'watch');
    lw.add(pod('a'));
    await until(() => log.length === 1, 'add');
    lw.breakWatches();
    lw.add(pod('b')); // happens while no watch is open: replayed from history
    await until(() => log.length === 2, 'replayed add');
    expect(log).toEqual(['add a', 'add b']);
    expect(lw.listCalls.length).toBe(1);
    expect(lw.watchCalls.at(-1)?.resourceVersion).toBe('1');
  });

  it('relists on 410 Expired: vanished objects become tombstones, changed ones updates', async () => {
    const lw = new FakeListWatch<Pod>();
    lw.add(pod('keep'));
    lw.add(pod('gone'));
    lw.add(pod('changed'));
    const { inf, run } = start(lw);
    const log: Rec[] = [];
    inf.addEventHandler(recorder(log));
    void run();
    await until(() => lw.watchers === 1, 'watch');
    log.length = 0;
    // Events the watch never delivers, then a compaction: the watch fails with Expired.
    lw.silently((s) => {
      s.delete(pod('gone'));
      s.add(pod('changed'));
      s.add(pod('new'));
    });
    await until(() => lw.listCalls.length === 2 && log.length === 3, 'relist');
    expect(log).toEqual(['tombstone default/gone', 'update changed 3->5', 'add new']);
    expect(inf.getStore().listKeys().sort()).toEqual(['default/changed', 'default/keep', 'default/new']);
    await until(() => lw.watchers === 1, 'watch again');
    expect(lw.watchCalls.at(-1)?.resourceVersion).toBe('6');
  });

  it('retries a failing list with back-off', async () => {
    const lw = new FakeListWatch<Pod>();
    lw.add(pod('a'));
    let failures = 2;
    const orig = lw.list.bind(lw);
    lw.list = async (o) => {
      if (failures-- > 0) throw newNotFound({ group: '', resource: 'pods' }, 'x');
      return orig(o);
    };
    const { inf, run } = start(lw);
    void run();
    await until(() => inf.hasSynced(), 'sync after failures');
    expect(inf.getStore().size).toBe(1);
  });

  it('handlers that throw do not stop the informer or other handlers', async () => {
    const lw = new FakeListWatch<Pod>();
    const { inf, run } = start(lw);
    const log: Rec[] = [];
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    inf.addEventHandler(recorder(log));
    void run();
    await until(() => lw.watchers === 1, 'watch');
    lw.add(pod('a'));
    lw.add(pod('b'));
    await until(() => log.length === 2, 'adds');
    expect(log).toEqual(['add a', 'add b']);
  });

  it('a handler added to a synced informer gets the cache as initial adds', async () => {
    const lw = new FakeListWatch<Pod>();
    lw.add(pod('a'));
    const { inf, run, ac } = start(lw);
    void run();
    expect(await waitForCacheSync(ac.signal, inf)).toBe(true);
    const log: Rec[] = [];
    const reg = inf.addEventHandler(recorder(log));
    expect(reg.hasSynced()).toBe(true);
    expect(log).toEqual(['add a (initial)']);
    reg.remove();
    await until(() => lw.watchers === 1, 'watch');
    lw.add(pod('b'));
    await until(() => inf.getStore().size === 2, 'b cached');
    expect(log).toEqual(['add a (initial)']);
  });

  it('waitForCacheSync returns false when aborted first', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    expect(await waitForCacheSync(ac.signal, { hasSynced: () => false })).toBe(false);
  });
});

describe('filteringHandler', () => {
  it('turns updates that cross the filter into adds and deletes', () => {
    const log: Rec[] = [];
    const h = filteringHandler<Pod>((p) => !p.spec.nodeName, recorder(log));
    const pending = pod('p');
    const bound = pod('p', 'default', {}, 'n1');
    h.onAdd?.(pending, false);
    h.onAdd?.(bound, false);
    h.onUpdate?.(pending, pending);
    h.onUpdate?.(pending, bound);
    h.onUpdate?.(bound, pending);
    h.onUpdate?.(bound, bound);
    h.onDelete?.(new DeletedFinalStateUnknown('default/p', pending));
    h.onDelete?.(new DeletedFinalStateUnknown('default/p', bound));
    expect(log).toEqual(['add p', 'update p undefined->undefined', 'delete p', 'add p', 'tombstone default/p']);
  });
});

describe('Lister', () => {
  it('lists by label selector, across or within a namespace', () => {
    const idx = new Indexer<Pod>();
    idx.add(pod('a', 'ns1', { app: 'web' }));
    idx.add(pod('b', 'ns1', { app: 'db' }));
    idx.add(pod('c', 'ns2', { app: 'web' }));
    const l = new Lister(idx);
    expect(l.list('app=web').map((p) => p.metadata.name).sort()).toEqual(['a', 'c']);
    expect(l.list().length).toBe(3);
    expect(l.namespace('ns1').list('app in (web,db)').length).toBe(2);
    expect(l.namespace('ns1').get('b')?.metadata.name).toBe('b');
    expect(l.namespace('ns2').get('b')).toBeUndefined();
  });
});

describe('Reflector page size', () => {
  it('halves the page size when a page is refused as too large', async () => {
    const lw = new FakeListWatch<Pod>();
    for (let i = 0; i < 10; i++) lw.add(pod(`p${i}`));
    const orig = lw.list.bind(lw);
    const limits: Array<number | undefined> = [];
    lw.list = async (o) => {
      limits.push(o.limit);
      if ((o.limit ?? 0) > 3) throw new Error('8 RESOURCE_EXHAUSTED: Received message larger than max (22053531 vs 4194304)');
      return orig(o);
    };
    const { inf, run } = start(lw, { pageSize: 16 });
    void run();
    await until(() => inf.hasSynced(), 'sync with smaller pages');
    expect(inf.getStore().size).toBe(10);
    expect(limits).toEqual([16, 8, 4, 2, 2, 2, 2, 2]);
  });
});
