import type { Binding, KubeObject, WatchEvent } from '@kubesim/api';
import { CacherStore, Etcd3Store, cachedJSONBytes } from '@kubesim/storage';
import { startEtcd, type EtcdInstance } from '@kubesim/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiserver, type RunningApiserver } from './server.js';

const pod = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as KubeObject;

const binding = (name: string): Binding => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'n1' } });

/** The sum of a Prometheus metric's samples whose labels include `labels`. */
async function metric(api: RunningApiserver, name: string, labels: Record<string, string>): Promise<number> {
  const m = await api.metrics.registry.getSingleMetric(name)!.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want)).reduce((s, v) => s + v.value, 0);
}

async function nextEvent(it: AsyncIterator<WatchEvent>): Promise<WatchEvent> {
  const r = await it.next();
  if (r.done) throw new Error('watch ended');
  return r.value;
}

describe('apiserver watch cache wiring', () => {
  let etcd: EtcdInstance;
  let dir: string;
  const servers: RunningApiserver[] = [];
  const start = async (watchCache?: boolean) => {
    const api = await startApiserver({
      etcdServers: [etcd.endpoint],
      grpcHost: '127.0.0.1',
      grpcPort: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      tokenAuthFile: join(dir, 'tokens.csv'),
      ...(watchCache !== undefined ? { watchCache } : {}),
    });
    servers.push(api);
    return api;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    dir = mkdtempSync(join(tmpdir(), 'kubesim-watch-cache-'));
    writeFileSync(join(dir, 'tokens.csv'), 'token,admin,admin,"system:masters"\n');
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('watchers of one change get one typed object, serialized once; guaranteedUpdate reads no etcd', async () => {
    const api = await start();
    expect(api.registry.store).toBeInstanceOf(CacherStore);
    const created = await api.registry.create('pods', 'default', pod('shared'));
    const ac = new AbortController();
    const from = { resourceVersion: created.metadata.resourceVersion! };
    const watchers = [0, 1, 2].map(() => api.registry.watch('pods', 'default', from, ac.signal)[Symbol.asyncIterator]());
    let pending = watchers.map((w) => nextEvent(w));
    const store = api.registry.store as CacherStore;
    const deadline = Date.now() + 10_000;
    while (store.cachedWatchers('/registry/pods/') < 3) {
      if (Date.now() > deadline) throw new Error('the watch cache did not serve the watches');
      await new Promise((r) => setTimeout(r, 5));
    }
    await api.registry.patch('pods', 'default', 'shared', 'merge', { metadata: { labels: { app: 'x' } } });
    expect((await Promise.all(pending)).map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED']); // the cache holds it now

    pending = watchers.map((w) => nextEvent(w));
    const gets = await metric(api, 'etcd_request_duration_seconds', { operation: 'get' });
    await api.registry.bind('default', 'shared', binding('shared'));
    expect(await metric(api, 'etcd_request_duration_seconds', { operation: 'get' })).toBe(gets);
    const events = await Promise.all(pending);
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED']);
    expect(events[0]!.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', spec: { nodeName: 'n1' } });
    expect(Object.keys(events[0]!.object).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    for (const e of events) {
      expect(e.object).toBe(events[0]!.object);
      expect(cachedJSONBytes(e.object)).toBe(cachedJSONBytes(events[0]!.object));
    }
    // Shared objects are frozen under tests: a front mutating one would throw.
    expect(() => {
      (events[0]!.object as unknown as { spec: { nodeName: string } }).spec.nodeName = 'other';
    }).toThrow(TypeError);
    expect(await metric(api, 'apiserver_watch_cache_events_received_total', { resource: 'pods' })).toBeGreaterThanOrEqual(2);
    expect(await metric(api, 'apiserver_watch_cache_events_dispatched_total', { resource: 'pods' })).toBeGreaterThanOrEqual(6);
    ac.abort();
    for (const w of watchers) expect((await w.next()).done).toBe(true);
  });

  it('--watch-cache=false serves watches and updates straight from etcd', async () => {
    const api = await start(false);
    expect(api.registry.store).toBeInstanceOf(Etcd3Store);
    const created = await api.registry.create('pods', 'default', pod('direct'));
    const ac = new AbortController();
    const w = api.registry.watch('pods', 'default', { resourceVersion: created.metadata.resourceVersion! }, ac.signal)[Symbol.asyncIterator]();
    const next = nextEvent(w);
    await api.registry.bind('default', 'direct', binding('direct'));
    expect((await next).object).toMatchObject({ metadata: { name: 'direct' }, spec: { nodeName: 'n1' } });
    ac.abort();
    expect(await metric(api, 'apiserver_watch_cache_initializations_total', {})).toBe(0);
  });
});
