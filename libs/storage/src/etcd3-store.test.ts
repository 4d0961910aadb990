import type { KubeObject } from '@kubesim/api';
import { startEtcd, startHttp2Peer, type EtcdInstance } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './conformance.js';
import { Etcd3Store } from './etcd3-store.js';

await runStoreConformance('Etcd3Store', async () => {
  const etcd = await startEtcd({ extraArgs: ['--experimental-watch-progress-notify-interval=500ms'] });
  const store = new Etcd3Store({ endpoints: etcd.endpoint });
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

describe('Etcd3Store specifics', () => {
  let etcd: EtcdInstance;
  let store: Etcd3Store;
  const ops: [string, number, boolean][] = [];
  const event = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' } });

  beforeAll(async () => {
    etcd = await startEtcd();
    store = new Etcd3Store({ endpoints: etcd.endpoint, onOperation: (op, seconds, ok) => ops.push([op, seconds, ok]) });
  });
  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
  });

  it('reports every etcd request to onOperation', async () => {
    ops.length = 0;
    await store.create('/registry/configmaps/default/m', { metadata: { name: 'm' } });
    await store.get('/registry/configmaps/default/m');
    await store.list('/registry/configmaps/');
    await store.guaranteedUpdate('/registry/configmaps/default/m', (o) => ({ ...o, data: { a: 'b' } }) as KubeObject);
    await store.delete('/registry/configmaps/default/m');
    expect(ops.map(([op, , ok]) => `${op}:${ok}`)).toEqual([
      'create:true', 'get:true', 'list:true', 'get:true', 'update:true', 'get:true', 'delete:true',
    ]);
    expect(ops.every(([, s]) => s >= 0 && s < 10)).toBe(true);
  });

  it('stores Events with the default 1 h lease, reused across nearby creates', async () => {
    await store.create('/registry/events/default/e1', event('e1'));
    await store.create('/registry/events/default/e2', event('e2'));
    const [kv1, kv2] = await Promise.all(
      ['e1', 'e2'].map(async (n) => (await store.client.kv.range({ key: Buffer.from(`/registry/events/default/${n}`) })).kvs[0]!),
    );
    expect(kv1!.lease).not.toBe('0');
    expect(kv2!.lease).toBe(kv1!.lease);
    const ttl = Number((await store.client.leaseClient.leaseTimeToLive({ ID: kv1!.lease })).TTL);
    expect(ttl).toBeGreaterThan(3600 - 10);
    expect(ttl).toBeLessThanOrEqual(3600 + 60);
  });

  it('an update of an Event keeps it on a lease', async () => {
    await store.guaranteedUpdate('/registry/events/default/e1', (o) => ({ ...o, count: 2 }) as KubeObject, {});
    const kv = (await store.client.kv.range({ key: Buffer.from('/registry/events/default/e1') })).kvs[0]!;
    expect(kv.lease).not.toBe('0');
  });

  it('a watch that reconnects late replays what it missed from etcd history, once', async () => {
    const prefix = '/registry/pods/replay/';
    const pod = (name: string): KubeObject => ({ metadata: { name, namespace: 'replay' } });
    // Hold every new watch stream until released, so that the writes below happen while disconnected.
    const watchClient = store.client.watchClient;
    const original = watchClient.watch.bind(watchClient);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reconnects = 0;
    watchClient.watch = async (...args) => {
      reconnects++;
      await gate;
      return original(...args);
    };
    try {
      const w = store.watch(prefix, { recursive: true, resourceVersion: String(await store.currentRevision()) })[Symbol.asyncIterator]();
      const next = async () => {
        const r = await w.next();
        return `${r.value?.type} ${r.value?.object.metadata.name}`;
      };
      release(); // first connection
      await store.create(`${prefix}a`, pod('a'));
      expect(await next()).toBe('ADDED a');
      const before = reconnects;
      const held = new Promise<void>((r) => (release = r));
      watchClient.watch = async (...args) => {
        reconnects++;
        await held;
        return original(...args);
      };
      await etcd.restart();
      await store.create(`${prefix}b`, pod('b'));
      await store.guaranteedUpdate(`${prefix}a`, (o) => ({ ...o, metadata: { ...o.metadata, labels: { x: 'y' } } }));
      await store.delete(`${prefix}b`);
      release();
      expect([await next(), await next(), await next()]).toEqual(['ADDED b', 'MODIFIED a', 'DELETED b']);
      await store.create(`${prefix}c`, pod('c'));
      expect(await next()).toBe('ADDED c');
      expect(reconnects).toBeGreaterThan(before);
      await w.return?.();
    } finally {
      watchClient.watch = original;
      release();
    }
  });

  it('close() ends open watches', async () => {
    const other = new Etcd3Store({ endpoints: etcd.endpoint });
    const it = other.watch('/registry/pods/', { recursive: true })[Symbol.asyncIterator]();
    const pending = it.next();
    await other.close();
    expect((await pending).done).toBe(true);
  });
});

describe('Etcd3Store over HTTP/2', () => {
  it("announces 16 MiB flow-control windows, so that etcd's watch stream is not paced by WINDOW_UPDATEs", async () => {
    const peer = await startHttp2Peer();
    const store = new Etcd3Store({ endpoints: `http://${peer.address}`, requestTimeoutMs: 60_000 });
    try {
      store.currentRevision().catch(() => {}); // the peer never answers; closing the store ends the call
      expect(await peer.windows()).toEqual({ streamWindow: 16 * 1024 * 1024, connectionWindow: 16 * 1024 * 1024 });
    } finally {
      await store.close();
      await peer.close();
    }
  });
});
