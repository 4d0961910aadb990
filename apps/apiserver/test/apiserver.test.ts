// The apiserver as a real process over real gRPC, backed by a real etcd.
import { isConflict, isExpired, isInvalid, isNotFound, isUnauthorized, type Pod, type ReplicaSet, type WatchEvent } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { etcdCompactAll, etcdGetRaw, etcdKeys, eventually, startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let api: ApiserverProcess;
let cs: Clientset;

beforeAll(async () => {
  api = await startApiserver();
  cs = api.client;
});
afterAll(async () => {
  await api?.stop();
});

function pod(name: string, labels: Record<string, string> = { app: 'kubia' }, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }], ...extra },
  };
}

function rs(name: string, replicas = 3): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'luksa/kubia' }] } },
    },
  };
}

/** Collects watch events until `until` says stop, with a deadline. */
async function collect<T>(iter: AsyncGenerator<WatchEvent<T>>, until: (evs: WatchEvent<T>[]) => boolean, timeoutMs = 10_000): Promise<WatchEvent<T>[]> {
  const evs: WatchEvent<T>[] = [];
  const timer = setTimeout(() => void iter.return(undefined), timeoutMs);
  try {
    for await (const ev of iter) {
      evs.push(ev);
      if (until(evs)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return evs;
}

describe('apiserver', () => {
  it('starts with the system namespaces', async () => {
    const names = (await cs.namespaces().list()).items.map((n) => n.metadata.name).sort();
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('creates objects with server-set metadata and stores them in etcd under /registry without resourceVersion', async () => {
    const created = await cs.pods('default').create({ ...pod(''), metadata: { generateName: 'kubia-', labels: { app: 'kubia' } } });
    expect(created.metadata.name).toMatch(/^kubia-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.status?.phase).toBe('Pending');
    expect(created.spec.restartPolicy).toBe('Always');
    expect(created.spec.tolerations?.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    const raw = await etcdGetRaw(api.etcd.endpoint, `/registry/pods/default/${created.metadata.name}`);
    expect(raw).not.toBeNull();
    const stored = JSON.parse(raw!);
    expect(stored.metadata.uid).toBe(created.metadata.uid);
    expect(stored.metadata.resourceVersion).toBeUndefined();
    const got = await cs.pods('default').get(created.metadata.name!);
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('lists with label and field selectors', async () => {
    await cs.namespaces().create({ metadata: { name: 'sel' } });
    const pods = cs.pods('sel');
    await pods.create(pod('a', { app: 'kubia', env: 'prod' }));
    await pods.create(pod('b', { app: 'kubia', env: 'dev' }));
    await pods.create(pod('c', { app: 'web' }, { nodeName: 'node-1' }));
    const names = async (o: { labelSelector?: string; fieldSelector?: string }) => (await pods.list(o)).items.map((p) => p.metadata.name).sort();
    expect(await names({ labelSelector: 'app=kubia' })).toEqual(['a', 'b']);
    expect(await names({ labelSelector: 'env in (prod,staging)' })).toEqual(['a']);
    expect(await names({ labelSelector: '!env' })).toEqual(['c']);
    expect(await names({ labelSelector: 'app=kubia,env!=prod' })).toEqual(['b']);
    expect(await names({ fieldSelector: 'spec.nodeName=node-1' })).toEqual(['c']);
    expect(await names({ fieldSelector: 'spec.nodeName=' })).toEqual(['a', 'b']);
    expect(await names({ fieldSelector: 'metadata.name!=a,status.phase=Pending' })).toEqual(['b', 'c']);
    const page1 = await pods.list({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.continue).toBeTruthy();
    const page2 = await pods.list({ limit: 2, continue: page1.metadata.continue! });
    expect(page2.items.map((p) => p.metadata.name)).toEqual(['c']);
    await expect(pods.list({ labelSelector: 'app in (kubia' })).rejects.toMatchObject({ reason: 'BadRequest' });
    await expect(pods.list({ fieldSelector: 'spec.bogus=x' })).rejects.toMatchObject({ reason: 'BadRequest' });
    expect(await etcdKeys(api.etcd.endpoint, '/registry/pods/sel/')).toEqual(['/registry/pods/sel/a', '/registry/pods/sel/b', '/registry/pods/sel/c']);
  });

  it('watches from a resourceVersion with selectors: ADDED, MODIFIED, DELETED', async () => {
    await cs.namespaces().create({ metadata: { name: 'watch' } });
    const pods = cs.pods('watch');
    const list = await pods.list();
    const ac = new AbortController();
    const iter = pods.watch({ resourceVersion: list.metadata.resourceVersion!, labelSelector: 'app=kubia', signal: ac.signal });
    const done = collect(iter, (evs) => evs.some((e) => e.type === 'DELETED'));
    await pods.create(pod('other', { app: 'web' }));
    const p = await pods.create(pod('w1'));
    await pods.update({ ...p, metadata: { ...p.metadata, labels: { app: 'kubia', touched: 'yes' } } });
    await pods.delete('w1');
    const evs = await done;
    ac.abort();
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
    expect(evs[1]!.object.metadata.labels?.['touched']).toBe('yes');
  });

  it('delivers a burst to a watcher complete and in order (batched gRPC messages)', async () => {
    const cms = cs.resource('leases', 'default');
    const list = await cms.list();
    const ac = new AbortController();
    const deadline = setTimeout(() => ac.abort(), 20_000); // a lost event fails below, not by the test timeout
    const seen: string[] = [];
    const rvs: number[] = [];
    const watching = (async () => {
      for await (const ev of cms.watch({ resourceVersion: list.metadata.resourceVersion ?? '', labelSelector: 'burst=yes', signal: ac.signal })) {
        seen.push(`${ev.type} ${ev.object.metadata.name}`);
        rvs.push(Number(ev.object.metadata.resourceVersion));
        if (seen.length === 300) ac.abort();
      }
    })();
    const names = Array.from({ length: 150 }, (_, i) => `burst-${i}`);
    await Promise.all(names.map((name) => cms.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, labels: { burst: 'yes' } }, spec: { holderIdentity: 'x' } } as never)));
    await Promise.all(names.map((name) => cms.delete(name)));
    await watching;
    clearTimeout(deadline);
    expect(seen.filter((s) => s.startsWith('ADDED ')).sort()).toEqual(names.map((n) => `ADDED ${n}`).sort());
    expect(seen.filter((s) => s.startsWith('DELETED ')).sort()).toEqual(names.map((n) => `DELETED ${n}`).sort());
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    for (const n of names) expect(seen.indexOf(`ADDED ${n}`)).toBeLessThan(seen.indexOf(`DELETED ${n}`));
  });

  it('starts a watch without resourceVersion with the current state as ADDED', async () => {
    const ac = new AbortController();
    const evs = await collect(cs.namespaces().watch({ signal: ac.signal }), (e) => e.length >= 4);
    ac.abort();
    expect(evs.every((e) => e.type === 'ADDED')).toBe(true);
    expect(evs.map((e) => e.object.metadata.name)).toContain('kube-system');
  });

  it('rejects a stale update with 409 Conflict and Kubernetes message', async () => {
    const p = await cs.pods('default').create(pod('conflict'));
    await cs.pods('default').update({ ...p, metadata: { ...p.metadata, labels: { v: '2' } } });
    const err = await cs.pods('default').update({ ...p, metadata: { ...p.metadata, labels: { v: '3' } } }).catch((e) => e);
    expect(isConflict(err)).toBe(true);
    expect(err.message).toBe('Operation cannot be fulfilled on pods "conflict": the object has been modified; please apply your changes to the latest version and try again');
    expect(err.code).toBe(409);
  });

  it('rejects invalid input with 422 and field causes, writing nothing', async () => {
    const bad = rs('bad', -1);
    const err = await cs.replicaSets('default').create(bad).catch((e) => e);
    expect(isInvalid(err)).toBe(true);
    expect(err.message).toBe('ReplicaSet.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(err.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
    await expect(cs.replicaSets('default').get('bad')).rejects.toSatisfy(isNotFound);

    const mismatch = rs('mismatch');
    mismatch.spec.template!.metadata!.labels = { app: 'other' };
    const err2 = await cs.replicaSets('default').create(mismatch).catch((e) => e);
    expect(isInvalid(err2)).toBe(true);
    expect(err2.causes.map((c: { field: string }) => c.field)).toContain('spec.template.metadata.labels');

    const noContainers = { ...pod('empty'), spec: { containers: [] } } as Pod;
    const err3 = await cs.pods('default').create(noContainers).catch((e) => e);
    expect(err3.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueRequired', field: 'spec.containers' }));
  });

  it('rejects objects in a missing namespace', async () => {
    const err = await cs.pods('nope').create(pod('x')).catch((e) => e);
    expect(isNotFound(err)).toBe(true);
    expect(err.message).toBe('namespaces "nope" not found');
  });

  it('answers 410 Expired for a watch from a compacted revision', async () => {
    const p = await cs.pods('default').create(pod('old'));
    const p2 = await cs.pods('default').update({ ...p, metadata: { ...p.metadata, labels: { a: 'b' } } });
    await cs.pods('default').update({ ...p2, metadata: { ...p2.metadata, labels: { a: 'c' } } });
    // A watch from rv N starts at N+1; compaction keeps only the newest revision.
    await etcdCompactAll(api.etcd.endpoint);
    const iter = cs.pods('default').watch({ resourceVersion: p.metadata.resourceVersion! });
    const err = await iter.next().catch((e) => e);
    expect(isExpired(err)).toBe(true);
    expect(err.code).toBe(410);
    await iter.return(undefined);
  });

  it('rejects calls without a known bearer token as 401 Unauthorized', async () => {
    const err = await api.clientWithToken('not-a-token').pods('default').list().catch((e) => e);
    expect(isUnauthorized(err)).toBe(true);
    expect(err.code).toBe(401);
    const werr = await api.clientWithToken('').pods('default').watch().next().catch((e) => e);
    expect(isUnauthorized(werr)).toBe(true);
  });

  it('deletes pods bound to a node gracefully and unbound pods at once', async () => {
    const pods = cs.pods('default');
    await pods.create(pod('unbound'));
    const r1 = await pods.delete('unbound');
    expect(r1.finished).toBe(true);
    await expect(pods.get('unbound')).rejects.toSatisfy(isNotFound);

    await pods.create(pod('bound', { app: 'kubia' }, { nodeName: 'node-1', terminationGracePeriodSeconds: 20 }));
    const r2 = await pods.delete('bound');
    expect(r2.finished).toBe(false);
    const terminating = await pods.get('bound');
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(20);
    const remaining = new Date(terminating.metadata.deletionTimestamp!).getTime() - Date.now();
    expect(remaining).toBeGreaterThan(15_000);
    expect(remaining).toBeLessThanOrEqual(21_000);
    // The kubelet's final delete.
    const r3 = await pods.delete('bound', { gracePeriodSeconds: 0 });
    expect(r3.finished).toBe(true);
    await expect(pods.get('bound')).rejects.toSatisfy(isNotFound);
  });

  it('bumps generation on spec changes; status and spec are written through their own paths', async () => {
    const rsc = cs.replicaSets('default');
    const created = await rsc.create(rs('gen'));
    expect(created.metadata.generation).toBe(1);
    const withStatus = await rsc.updateStatus({ ...created, spec: { ...created.spec, replicas: 9 }, status: { replicas: 2, readyReplicas: 1 } });
    expect(withStatus.status?.replicas).toBe(2);
    expect(withStatus.spec.replicas).toBe(3);
    expect(withStatus.metadata.generation).toBe(1);
    const scaled = await rsc.update({ ...withStatus, spec: { ...withStatus.spec, replicas: 5 }, status: { replicas: 0 } });
    expect(scaled.spec.replicas).toBe(5);
    expect(scaled.status?.replicas).toBe(2);
    expect(scaled.metadata.generation).toBe(2);
    const sameAgain = await rsc.update(scaled);
    expect(sameAgain.metadata.resourceVersion).toBe(scaled.metadata.resourceVersion);
    const sel = await rsc.update({ ...scaled, spec: { ...scaled.spec, selector: { matchLabels: { app: 'other' } } } }).catch((e) => e);
    expect(isInvalid(sel)).toBe(true);
  });

  it('serves the scale subresource and merge patches', async () => {
    const rsc = cs.replicaSets('default');
    await rsc.create(rs('scaled', 3));
    const scale = await rsc.getScale('scaled');
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=scaled' } });
    const updated = await rsc.updateScale('scaled', { ...scale, spec: { replicas: 10 } });
    expect(updated.spec?.replicas).toBe(10);
    expect((await rsc.get('scaled')).spec.replicas).toBe(10);
    const neg = await rsc.updateScale('scaled', { ...scale, metadata: { name: 'scaled' }, spec: { replicas: -1 } }).catch((e) => e);
    expect(neg.message).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const patched = await rsc.patch('scaled', 'merge', { metadata: { labels: { team: 'a' } } });
    expect(patched.metadata.labels).toEqual({ team: 'a' });
    const s2 = await rsc.patchScale('scaled', 'merge', { spec: { replicas: 2 } });
    expect(s2.spec?.replicas).toBe(2);
    // A patch (or an apply creating the object) whose metadata is not an object is a 400, never a 500.
    const bad = await rsc.patch('scaled', 'merge', { metadata: '.' }).catch((e) => e);
    expect(bad).toMatchObject({ status: { code: 400, message: 'the patch produced an object without metadata' } });
    const badApply = await cs.events('default').patch('missing', 'apply', { apiVersion: 'v1', kind: 'Event', metadata: '.', reason: 'R' }, { fieldManager: 'test' }).catch((e) => e);
    expect(badApply).toMatchObject({ status: { code: 400, message: 'the patch produced an object without metadata' } });
  });

  it('binds a pod to a node exactly once', async () => {
    const p = await cs.pods('default').create(pod('tobind'));
    await cs.pods('default').bind({ metadata: { name: 'tobind', namespace: 'default', uid: p.metadata.uid! }, target: { kind: 'Node', name: 'node-2' } });
    const bound = await cs.pods('default').get('tobind');
    expect(bound.spec.nodeName).toBe('node-2');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    const again = await cs.pods('default').bind({ metadata: { name: 'tobind' }, target: { name: 'node-3' } }).catch((e) => e);
    expect(isConflict(again)).toBe(true);
    expect(again.message).toContain('is already assigned to node "node-2"');
  });

  it('records the orphan finalizer for an orphaning delete', async () => {
    await cs.replicaSets('default').create(rs('orphaned'));
    const res = await cs.replicaSets('default').delete('orphaned', { propagationPolicy: 'Orphan' });
    expect(res.finished).toBe(false);
    const got = await cs.replicaSets('default').get('orphaned');
    expect(got.metadata.finalizers).toEqual(['orphan']);
    expect(got.metadata.deletionTimestamp).toBeTruthy();
    // Removing the finalizer (the garbage collector's job) completes the deletion.
    await cs.replicaSets('default').update({ ...got, metadata: { ...got.metadata, finalizers: [] } });
    await expect(cs.replicaSets('default').get('orphaned')).rejects.toSatisfy(isNotFound);
  });

  it('loses no acknowledged write when the apiserver is SIGKILLed', async () => {
    await cs.namespaces().create({ metadata: { name: 'crash' } });
    const names: string[] = [];
    for (let i = 0; i < 20; i++) names.push((await cs.pods('crash').create(pod(`p${i}`))).metadata.name!);
    await api.kill();
    await api.restart();
    const list = await eventually(() => cs.pods('crash').list(), 'list after restart');
    expect(list.items.map((p) => p.metadata.name).sort()).toEqual([...names].sort());
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    await cs.namespaces().list();
    expect(await (await fetch(`http://${api.httpAddress}/healthz`)).text()).toBe('ok');
    expect((await fetch(`http://${api.httpAddress}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://${api.httpAddress}/metrics`)).text();
    expect(metrics).toMatch(/apiserver_request_total\{verb="list",resource="namespaces",subresource="",protocol="grpc",code="200"\} \d+/);
    expect(metrics).toContain('apiserver_request_duration_seconds_bucket');
    expect(metrics).toContain('etcd_request_duration_seconds_bucket');
  });
});
