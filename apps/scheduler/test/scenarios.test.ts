// Scenarios N1-N4 of /work/shared/reference/scenarios.md with real processes: etcd, the apiserver,
// the scheduler (apps/scheduler/dist/main.js) and the real kubectl. Nodes are Node objects created
// directly (no kubelets are needed for scheduling).
import type { Pod } from '@kubesim/api';
import { FilterResultAnnotationKey, SelectedNodeAnnotationKey } from '@kubesim/scheduler';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNode, eventually, kubectl, kubiaPod, podEvents, startScheduler, type SchedulerProcess } from './harness.js';

const NS = 'default';

async function boundPod(api: ApiserverProcess, name: string): Promise<Pod> {
  return eventually(async () => {
    const p = await api.client.pods(NS).get(name);
    return p.spec.nodeName ? p : undefined;
  }, `pod ${name} bound`);
}

async function failedScheduling(api: ApiserverProcess, name: string): Promise<string> {
  const ev = await eventually(async () => (await podEvents(api.client, NS, name)).find((e) => e.reason === 'FailedScheduling'), `FailedScheduling for ${name}`);
  expect(ev.type).toBe('Warning');
  expect(ev.source?.component).toBe('default-scheduler');
  return ev.message ?? '';
}

describe('N1 nodeSelector and N3 requests beyond every node (3 nodes, one scheduler)', () => {
  let api: ApiserverProcess;
  let sched: SchedulerProcess;

  beforeAll(async () => {
    api = await startApiserver();
    for (const n of ['node-1', 'node-2', 'node-3']) await createNode(api.client, n);
    sched = await startScheduler(api);
  });
  afterAll(async () => {
    await sched?.stop();
    await api?.stop();
  });

  it('N1: kubectl label node node-2 server=webap; a pod with that nodeSelector lands on node-2', async () => {
    const label = await kubectl(api, 'label', 'node', 'node-2', 'server=webap');
    expect(label.stderr).toBe('');
    expect(label.stdout.trim()).toBe('node/node-2 labeled');
    await api.client.pods(NS).create(kubiaPod('kubia-webap', { nodeSelector: { server: 'webap' } }));
    const pod = await boundPod(api, 'kubia-webap');
    expect(pod.spec.nodeName).toBe('node-2');
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');

    const wide = await kubectl(api, 'get', 'pod', 'kubia-webap', '-o', 'wide');
    expect(wide.stdout).toMatch(/kubia-webap\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+node-2/);

    const scheduled = await eventually(async () => (await podEvents(api.client, NS, 'kubia-webap')).find((e) => e.reason === 'Scheduled'), 'Scheduled event');
    expect(scheduled.message).toBe('Successfully assigned default/kubia-webap to node-2');
    expect(scheduled.type).toBe('Normal');
    expect(scheduled.source?.component).toBe('default-scheduler');
    expect(scheduled.reportingComponent).toBe('default-scheduler');
    expect(scheduled.involvedObject).toMatchObject({ kind: 'Pod', namespace: NS, name: 'kubia-webap', uid: pod.metadata.uid });

    // The decision trace came with the bind.
    const ann = pod.metadata.annotations ?? {};
    expect(ann[SelectedNodeAnnotationKey]).toBe('node-2');
    const filter = JSON.parse(ann[FilterResultAnnotationKey] ?? '{}') as Record<string, Record<string, string>>;
    expect(filter['node-1']?.['NodeAffinity']).toBe("node(s) didn't match Pod's node affinity/selector");
    expect(filter['node-2']?.['NodeAffinity']).toBe('passed');
    expect(filter['node-2']?.['NodeResourcesFit']).toBe('passed');
  });

  it('N1: with no matching node the pod stays Pending with FailedScheduling, and is scheduled once a node gets the label', async () => {
    await api.client.pods(NS).create(kubiaPod('kubia-gpu', { nodeSelector: { gpu: 'true' } }));
    const msg = await failedScheduling(api, 'kubia-gpu');
    const want =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(msg).toBe(want);
    const pending = await eventually(async () => {
      const p = await api.client.pods(NS).get('kubia-gpu');
      const cond = p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
      return cond && p.metadata.annotations?.[FilterResultAnnotationKey] ? p : undefined;
    }, 'PodScheduled=False and the trace');
    expect(pending.spec.nodeName).toBeUndefined();
    expect(pending.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: want });
    const filter = JSON.parse(pending.metadata.annotations?.[FilterResultAnnotationKey] ?? '{}') as Record<string, Record<string, string>>;
    expect(Object.keys(filter).sort()).toEqual(['node-1', 'node-2', 'node-3']);

    const get = await kubectl(api, 'get', 'pod', 'kubia-gpu');
    expect(get.stdout).toMatch(/kubia-gpu\s+0\/1\s+Pending/);
    const describe = await kubectl(api, 'describe', 'pod', 'kubia-gpu');
    expect(describe.stdout).toContain('FailedScheduling');
    expect(describe.stdout).toContain("didn't match Pod's node affinity/selector");

    // Still pending a while later (it waits in the unschedulable pool, not bound anywhere).
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.client.pods(NS).get('kubia-gpu')).spec.nodeName).toBeUndefined();

    const labelledAt = Date.now();
    const label = await kubectl(api, 'label', 'node', 'node-3', 'gpu=true');
    expect(label.stdout.trim()).toBe('node/node-3 labeled');
    const pod = await boundPod(api, 'kubia-gpu');
    expect(pod.spec.nodeName).toBe('node-3');
    // Moved by the NodeLabelChange event, not by the 5-minute flush or a long back-off.
    expect(Date.now() - labelledAt).toBeLessThan(5000);
  });

  it('N3: requests larger than any node → Pending with Insufficient cpu / Insufficient memory', async () => {
    await api.client.pods(NS).create(kubiaPod('kubia-huge', { requests: { cpu: '8', memory: '64Gi' } }));
    const msg = await failedScheduling(api, 'kubia-huge');
    expect(msg).toContain('Insufficient cpu');
    expect(msg).toContain('Insufficient memory');
    expect(msg).toBe(
      '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    const p = await eventually(async () => {
      const pod = await api.client.pods(NS).get('kubia-huge');
      const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable');
      return cond && pod.metadata.annotations?.[FilterResultAnnotationKey] ? pod : undefined;
    }, 'Unschedulable condition and the trace');
    expect(p.spec.nodeName).toBeUndefined();
    const filter = JSON.parse(p.metadata.annotations?.[FilterResultAnnotationKey] ?? '{}') as Record<string, Record<string, string>>;
    expect(filter['node-1']?.['NodeResourcesFit']).toBe('Insufficient cpu, Insufficient memory');
    expect(await sched.metric('scheduler_schedule_attempts_total', { result: 'unschedulable' })).toBeGreaterThanOrEqual(2);
    expect(await sched.metric('scheduler_schedule_attempts_total', { result: 'scheduled' })).toBe(2);
    expect(await sched.metric('scheduler_pending_pods', { queue: 'unschedulable' })).toBe(1);
    expect(await sched.metrics()).toMatch(/scheduler_e2e_scheduling_duration_seconds_bucket|scheduler_scheduling_attempt_duration_seconds_bucket/);
    expect((await fetch(`http://${sched.httpAddress}/healthz`)).status).toBe(200);
  });
});

describe('N2 and N4: scheduled by requests, filter then score (node-1 4 CPU, node-2 and node-3 1 CPU)', () => {
  let api: ApiserverProcess;
  let sched: SchedulerProcess;

  beforeAll(async () => {
    api = await startApiserver();
    await createNode(api.client, 'node-1', { cpu: '4', memory: '8Gi' });
    await createNode(api.client, 'node-2', { cpu: '1', memory: '2Gi' });
    await createNode(api.client, 'node-3', { cpu: '1', memory: '2Gi' });
    sched = await startScheduler(api);
  });
  afterAll(async () => {
    await sched?.stop();
    await api?.stop();
  });

  it('N2: the 50m/300Mi pod goes to the least allocated node and kubectl describe node shows its requests', async () => {
    await api.client.pods(NS).create(kubiaPod('kubia-req', { requests: { cpu: '50m', memory: '300Mi' } }));
    const pod = await boundPod(api, 'kubia-req');
    // N4: every node passes the filters; LeastAllocated and BalancedAllocation rank node-1 first.
    expect(pod.spec.nodeName).toBe('node-1');
    const d = await kubectl(api, 'describe', 'node', 'node-1');
    expect(d.code).toBe(0);
    const section = d.stdout.slice(d.stdout.indexOf('Non-terminated Pods:'));
    const line = section.split('\n').find((l) => l.includes('kubia-req')) ?? '';
    expect(line).toMatch(/default\s+kubia-req\s+50m \(1%\)\s+0 \(0%\)\s+300Mi \(3%\)\s+0 \(0%\)/);
  });

  it('N2: requests are counted, assumed pods included: a burst never overcommits, and a full node is skipped', async () => {
    // 7 pods of 900m in one burst: node-1 has room for 4 (3950m left), node-2 and node-3 for 1 each.
    const names = Array.from({ length: 7 }, (_, i) => `big-${i}`);
    await Promise.all(names.map((n) => api.client.pods(NS).create(kubiaPod(n, { requests: { cpu: '900m', memory: '100Mi' } }))));
    const unschedulable = await eventually(async () => {
      const pods = (await api.client.pods(NS).list({ labelSelector: 'app=kubia' })).items.filter((p) => p.metadata.name?.startsWith('big-'));
      const bound = pods.filter((p) => p.spec.nodeName);
      const failed = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'));
      return bound.length === 6 && failed.length === 1 ? { bound, failed } : undefined;
    }, '6 bound and 1 unschedulable');
    const perNode: Record<string, number> = {};
    for (const p of unschedulable.bound) perNode[p.spec.nodeName!] = (perNode[p.spec.nodeName!] ?? 0) + 1;
    expect(perNode).toEqual({ 'node-1': 4, 'node-2': 1, 'node-3': 1 });
    const msg = await failedScheduling(api, unschedulable.failed[0]!.metadata.name!);
    expect(msg).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');

    // Freeing a node lets the waiting pod in (AssignedPodDelete moves it out of the pool).
    const onNode2 = unschedulable.bound.find((p) => p.spec.nodeName === 'node-2')!;
    await api.client.pods(NS).delete(onNode2.metadata.name!, { gracePeriodSeconds: 0 });
    const waiting = unschedulable.failed[0]!.metadata.name!;
    const placed = await boundPod(api, waiting);
    expect(placed.spec.nodeName).toBe('node-2');
  });
});

describe('ReplicaSet spread and --decision-trace=false', () => {
  let api: ApiserverProcess;
  let sched: SchedulerProcess;

  beforeAll(async () => {
    api = await startApiserver();
    for (const n of ['node-1', 'node-2', 'node-3']) await createNode(api.client, n);
    sched = await startScheduler(api, ['--decision-trace=false']);
  });
  afterAll(async () => {
    await sched?.stop();
    await api?.stop();
  });

  it('pods with the same controller owner spread evenly across nodes; no trace annotations', async () => {
    const rs = await api.client.replicaSets(NS).create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'kubia' },
      spec: { replicas: 6, selector: { matchLabels: { app: 'kubia' } }, template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } },
    });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'kubia', uid: rs.metadata.uid! };
    const names = Array.from({ length: 6 }, (_, i) => `kubia-${i}`);
    await Promise.all(names.map((n) => api.client.pods(NS).create(kubiaPod(n, { owner }))));
    const pods = await eventually(async () => {
      const items = (await api.client.pods(NS).list()).items.filter((p) => names.includes(p.metadata.name!));
      return items.every((p) => p.spec.nodeName) ? items : undefined;
    }, 'all replicas bound');
    const perNode: Record<string, number> = {};
    for (const p of pods) perNode[p.spec.nodeName!] = (perNode[p.spec.nodeName!] ?? 0) + 1;
    expect(perNode).toEqual({ 'node-1': 2, 'node-2': 2, 'node-3': 2 });
    for (const p of pods) {
      expect(Object.keys(p.metadata.annotations ?? {}).filter((k) => k.startsWith('kube-scheduler-simulator'))).toEqual([]);
    }
  });
});
