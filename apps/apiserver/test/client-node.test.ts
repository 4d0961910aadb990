// @kubernetes/client-node's informer (list, then watch from the list's resourceVersion; on 410
// list again) against the apiserver process over HTTPS, with writes through gRPC and REST.
import * as k8s from '@kubernetes/client-node';
import type { Pod } from '@kubesim/api';
import { etcdCompactAll, eventually, startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let api: ApiserverProcess;

beforeAll(async () => {
  api = await startApiserver();
});
afterAll(async () => {
  await api?.stop();
});

function pod(name: string, labels: Record<string, string> = { app: 'kubia' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] },
  };
}

/** A pod informer on one namespace, recording what it was told. */
function podInformer(kubeconfig: string, namespace: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  let lists = 0;
  const informer = k8s.makeInformer<k8s.V1Pod>(kc, `/api/v1/namespaces/${namespace}/pods`, () => {
    lists++;
    return core.listNamespacedPod({ namespace });
  });
  const events: string[] = [];
  const errors: unknown[] = [];
  let connects = 0;
  informer.on('add', (p) => events.push(`add ${p.metadata?.name}`));
  informer.on('update', (p) => events.push(`update ${p.metadata?.name}`));
  informer.on('delete', (p) => events.push(`delete ${p.metadata?.name}`));
  informer.on('connect', () => connects++);
  // client-node stops the informer on an error; applications restart it from here (its README
  // waits 5 s). The tests restart it themselves, at a chosen moment.
  informer.on('error', (err) => errors.push(err));
  return {
    informer,
    core,
    events,
    errors,
    get lists() {
      return lists;
    },
    get connects() {
      return connects;
    },
    /** The resourceVersion the next watch resumes from (ListWatch's, not on the Informer type). */
    resourceVersion: () => (informer as unknown as k8s.ListWatch<k8s.V1Pod>).latestResourceVersion(),
    /** name@resourceVersion of every cached pod, sorted. */
    cache: () => informer.list(namespace).map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`).sort(),
  };
}

/** name@resourceVersion of every pod the server lists, sorted. */
async function serverState(namespace: string): Promise<string[]> {
  const list = await api.client.pods(namespace).list();
  return list.items.map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
}

/** Waits until the informer's cache equals the server's list (names and resourceVersions). */
async function expectInSync(inf: ReturnType<typeof podInformer>, namespace: string, what: string): Promise<string[]> {
  let server: string[] = [];
  await eventually(async () => {
    server = await serverState(namespace);
    return JSON.stringify(inf.cache()) === JSON.stringify(server);
  }, `${what}: informer cache ${JSON.stringify(inf.cache())} to equal the server's list ${JSON.stringify(server)}`);
  return server;
}

describe('@kubernetes/client-node informer on pods', () => {
  it('lists, then stays in sync across creates, updates and deletes (gRPC and REST writers)', async () => {
    const ns = 'informer-sync';
    const cs = api.client;
    await cs.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const pods = cs.pods(ns);
    await pods.create(pod('kubia-53thy'));
    await pods.create(pod('kubia-k0xz6'));

    const inf = podInformer(api.kubeconfig, ns);
    await inf.informer.start();
    try {
      await expectInSync(inf, ns, 'after the initial list');
      expect(inf.events.sort()).toEqual(['add kubia-53thy', 'add kubia-k0xz6']);
      expect(inf.lists).toBe(1);

      // Writes through gRPC …
      await pods.create(pod('kubia-q3vkg'));
      await pods.patch('kubia-53thy', 'merge', { metadata: { labels: { type: 'special' } } });
      const k0 = await pods.get('kubia-k0xz6');
      await pods.updateStatus({ ...k0, status: { ...k0.status, phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available' }] } });
      // … and through the REST API with client-node itself.
      await inf.core.createNamespacedPod({ namespace: ns, body: pod('kubia-dmdck') as k8s.V1Pod });
      await inf.core.patchNamespacedPod(
        { name: 'kubia-dmdck', namespace: ns, body: { metadata: { labels: { app: 'foo' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await pods.delete('kubia-q3vkg');
      await inf.core.deleteNamespacedPod({ name: 'kubia-k0xz6', namespace: ns });

      const server = await expectInSync(inf, ns, 'after the writes');
      expect(server.map((s) => s.split('@')[0])).toEqual(['kubia-53thy', 'kubia-dmdck']);
      expect(inf.informer.get('kubia-53thy', ns)?.metadata?.labels).toEqual({ app: 'kubia', type: 'special' });
      expect(inf.informer.get('kubia-dmdck', ns)?.metadata?.labels).toEqual({ app: 'foo' });
      for (const e of ['add kubia-q3vkg', 'update kubia-53thy', 'update kubia-k0xz6', 'add kubia-dmdck', 'update kubia-dmdck', 'delete kubia-q3vkg', 'delete kubia-k0xz6']) {
        expect(inf.events).toContain(e);
      }
      // Everything arrived through the one watch: no relist, no error.
      expect(inf.lists).toBe(1);
      expect(inf.errors).toEqual([]);
    } finally {
      await inf.informer.stop();
    }
  });

  it('relists when its watch resumes from a compacted resourceVersion after an apiserver restart', async () => {
    const ns = 'informer-relist';
    const cs = api.client;
    await cs.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const pods = cs.pods(ns);
    for (const name of ['kubia-53thy', 'kubia-k0xz6', 'kubia-q3vkg']) await pods.create(pod(name));

    const inf = podInformer(api.kubeconfig, ns);
    await inf.informer.start();
    try {
      await expectInSync(inf, ns, 'after the initial list');
      const before = inf.resourceVersion();
      expect(before).toMatch(/^\d+$/);

      // The apiserver dies: the watch breaks, the reconnect is refused, the informer reports it.
      await api.kill();
      await eventually(() => inf.errors.length > 0, 'the informer to report the lost connection');

      // Changes the informer cannot see, then history compaction: its resourceVersion is now too old.
      await api.restart();
      await cs.waitForReady(10_000);
      await pods.create(pod('kubia-dmdck'));
      await pods.delete('kubia-k0xz6');
      await pods.patch('kubia-q3vkg', 'merge', { metadata: { labels: { app: 'foo' } } });
      const compacted = await etcdCompactAll(api.etcd.endpoint);
      expect(compacted).toBeGreaterThan(Number(before));

      // What an application's error handler does: start again. The watch from `before` gets
      // 410 Expired, so the informer lists again and reconciles its cache with the list.
      const events = inf.events.length;
      const lists = inf.lists;
      await inf.informer.start();
      await expectInSync(inf, ns, 'after the relist');
      expect(inf.lists).toBe(lists + 1);
      expect(inf.events.slice(events).sort()).toEqual(['add kubia-dmdck', 'delete kubia-k0xz6', 'update kubia-q3vkg']);
      expect(Number(inf.resourceVersion())).toBeGreaterThanOrEqual(compacted);

      // And the new watch is live.
      await pods.create(pod('kubia-oini2'));
      await expectInSync(inf, ns, 'after a write following the relist');
      expect(inf.lists).toBe(lists + 1);
    } finally {
      await inf.informer.stop();
    }
  });
});
