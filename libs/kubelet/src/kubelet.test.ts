import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Pod, PodStatus } from '@kubesim/api';
import { Backoff } from './backoff.js';
import { ImageManager } from './images/puller.js';
import { KubeletCore, type PodEvent } from './kubelet.js';
import { collect, processAlive, randomLoopbackIP, waitUntil } from './testutil.js';

let rootDir: string;
let kubelet: KubeletCore;
const events = new Map<string, PodEvent[]>();
const statuses = new Map<string, PodStatus>();

beforeAll(() => {
  rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-kubelet-'));
  kubelet = new KubeletCore({
    rootDir,
    nodeName: 'node-1',
    hostIP: '127.0.0.1',
    allocatePodIP: () => randomLoopbackIP(),
    recordEvent: (pod, e) => {
      const list = events.get(pod.metadata.name!) ?? [];
      list.push(e);
      events.set(pod.metadata.name!, list);
    },
    onStatus: (pod, s) => statuses.set(pod.metadata.name!, s),
    backoff: new Backoff({ initialMs: 300, maxMs: 1200 }),
    images: new ImageManager({ backoff: new Backoff({ initialMs: 300, maxMs: 1200 }) }),
  });
});

afterAll(async () => {
  const pids = kubelet.runtime.listContainers().map((s) => s.pid).filter((p): p is number => !!p);
  await kubelet.shutdown();
  for (const pid of pids) expect(processAlive(pid)).toBe(false);
  fs.rmSync(rootDir, { recursive: true, force: true });
});

const messages = (name: string, reason?: string) => (events.get(name) ?? []).filter((e) => !reason || e.reason === reason).map((e) => e.message);
const status = (name: string) => statuses.get(name);
const cs = (name: string) => status(name)?.containerStatuses?.[0];

function pod(name: string, spec: Pod['spec']): Pod {
  return { metadata: { name, namespace: 'default', uid: `uid-${name}-${process.pid}` }, spec };
}

describe('KubeletCore (real processes)', () => {
  it('restarts kubia-unhealthy when its liveness probe fails', async () => {
    const p = pod('kubia-liveness', {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'kubia', image: 'luksa/kubia-unhealthy', livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1, failureThreshold: 3 } }],
    });
    kubelet.updatePod(p);
    await waitUntil(() => cs('kubia-liveness')?.state?.running, 10_000, 20, 'kubia running');
    expect(status('kubia-liveness')).toMatchObject({ phase: 'Running', qosClass: 'BestEffort' });
    expect(messages('kubia-liveness').slice(0, 4)).toEqual([
      'Pulling image "luksa/kubia-unhealthy"',
      expect.stringMatching(/^Successfully pulled image "luksa\/kubia-unhealthy" in .+ \(.+ including waiting\)\. Image size: \d+ bytes\.$/),
      'Created container: kubia',
      'Started container kubia',
    ]);
    // Use up the five good answers (any request counts), so the probes fail right away.
    const ip = status('kubia-liveness')!.podIP!;
    for (let i = 0; i < 5; i++) {
      const body = await waitUntil(() => fetch(`http://${ip}:8080/`).then((r) => r.text()), 5000, 50, 'kubia answer');
      expect(body).toBe("You've hit kubia-liveness\n");
    }
    await waitUntil(() => (cs('kubia-liveness')?.restartCount ?? 0) >= 1 && cs('kubia-liveness')?.state?.running, 30_000, 50, 'a restart');
    expect(messages('kubia-liveness', 'Unhealthy')).toContain('Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(messages('kubia-liveness', 'Killing')).toEqual(['Container kubia failed liveness probe, will be restarted']);
    expect(cs('kubia-liveness')).toMatchObject({
      restartCount: 1,
      lastState: { terminated: { exitCode: 137, reason: 'Error' } },
      image: 'docker.io/luksa/kubia-unhealthy:latest',
    });
    const prev = await collect(kubelet.runtime.readLogs({ podUID: p.metadata.uid!, containerName: 'kubia', previous: true }));
    expect(prev.split('\n').filter((l) => l.startsWith('Received request from')).length).toBeGreaterThanOrEqual(8);
    expect(prev.startsWith('Kubia server starting...\n')).toBe(true);
    kubelet.deletePod({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: 1 } });
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 15_000, 50, 'termination');
    expect(messages('kubia-liveness', 'Killing')).toContain('Stopping container kubia');
    expect(status('kubia-liveness')!.phase).toBe('Failed');
  }, 60_000);

  it('backs off a crashing container with CrashLoopBackOff', async () => {
    const p = pod('crasher', { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo crashing; exit 3'] }] });
    kubelet.updatePod(p);
    const seen = await waitUntil(
      () => {
        const c = cs('crasher');
        return c?.state?.waiting?.reason === 'CrashLoopBackOff' ? c : undefined;
      },
      15_000,
      5,
      'CrashLoopBackOff',
    );
    expect(seen.state!.waiting!.message).toMatch(/^back-off \d+ms restarting failed container=main pod=crasher_default\(uid-crasher-\d+\)$/);
    expect(seen.lastState).toMatchObject({ terminated: { exitCode: 3, reason: 'Error' } });
    expect(status('crasher')!.phase).toBe('Running');
    expect(status('crasher')!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main]' });
    await waitUntil(() => (cs('crasher')?.restartCount ?? 0) >= 3, 15_000, 20, 'more restarts');
    expect(messages('crasher', 'BackOff')[0]).toBe(`Back-off restarting failed container main in pod crasher_default(${p.metadata.uid})`);
    kubelet.deletePod({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date().toISOString() } });
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 10_000, 20, 'termination');
  }, 40_000);

  it('reports ErrImagePull, then ImagePullBackOff, for an unknown image', async () => {
    const p = pod('badimage', { containers: [{ name: 'c', image: 'example.invalid/nope:1' }] });
    kubelet.updatePod(p);
    await waitUntil(() => cs('badimage')?.state?.waiting?.reason === 'ErrImagePull', 5000, 5, 'ErrImagePull');
    expect(cs('badimage')!.state!.waiting!.message).toContain('failed to pull and unpack image "example.invalid/nope:1"');
    await waitUntil(() => cs('badimage')?.state?.waiting?.reason === 'ImagePullBackOff', 5000, 5, 'ImagePullBackOff');
    expect(cs('badimage')!.state!.waiting!.message).toBe('Back-off pulling image "example.invalid/nope:1"');
    expect(status('badimage')!.phase).toBe('Pending');
    expect(messages('badimage', 'Failed')).toContain('Error: ErrImagePull');
    expect(messages('badimage', 'Failed')).toContain('Error: ImagePullBackOff');
    kubelet.deletePod({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date().toISOString() } });
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 10_000, 20, 'termination');
  });

  it('runs init containers then completes a restartPolicy Never pod as Succeeded', async () => {
    const p = pod('job-like', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo init done'] }],
      containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'echo working; sleep 0.2; echo finished'] }],
    });
    kubelet.updatePod(p);
    await waitUntil(() => status('job-like')?.phase === 'Succeeded', 15_000, 20, 'Succeeded');
    const s = status('job-like')!;
    expect(s.initContainerStatuses![0]).toMatchObject({ name: 'init', ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(s.containerStatuses![0]).toMatchObject({ name: 'work', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 10_000, 20, 'terminated');
    expect(await collect(kubelet.runtime.readLogs({ podUID: p.metadata.uid!, containerName: 'work' }))).toBe('working\nfinished\n');
    expect(await collect(kubelet.runtime.readLogs({ podUID: p.metadata.uid!, containerName: 'init' }))).toBe('init done\n');
  });

  it('reconcilePod keeps the newer object of a known pod without syncing it; an unknown pod is synced', async () => {
    const p = pod('reconciled', { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '30'] }] });
    p.metadata.resourceVersion = '41';
    kubelet.updatePod(p);
    await waitUntil(() => cs('reconciled')?.state?.running, 10_000, 20, 'running');
    await kubelet.whenIdle(p.metadata.uid!);
    const spy = vi.spyOn(kubelet.workers, 'updatePod');
    try {
      const newer: Pod = { ...p, metadata: { ...p.metadata, resourceVersion: '42' }, status: { phase: 'Running', conditions: [{ type: 'example.com/Gate', status: 'True' }] } };
      kubelet.reconcilePod(newer);
      expect(kubelet.getPod(p.metadata.uid!)).toBe(newer);
      expect(spy).not.toHaveBeenCalled();
      // A later sync with the worker's older copy (a periodic resync) keeps the newer object.
      kubelet.workers.updatePod({ updateType: 'sync', pod: p });
      await kubelet.whenIdle(p.metadata.uid!);
      expect(kubelet.getPod(p.metadata.uid!)).toBe(newer);
      spy.mockClear();
      const unknown = pod('reconciled-unknown', { containers: [{ name: 'c', image: 'busybox', command: ['true'] }] });
      kubelet.reconcilePod(unknown);
      expect(spy).toHaveBeenCalledWith(expect.objectContaining({ updateType: 'create', pod: unknown }));
      kubelet.deletePod(unknown);
    } finally {
      spy.mockRestore();
    }
    kubelet.deletePod(p);
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 10_000, 20, 'termination');
  });

  it('syncs a pod on probe results as Kubernetes does, not on those that change nothing it shows', async () => {
    const p = pod('probe-syncs', {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'kubia',
          image: 'luksa/kubia',
          // The first readiness probe comes late: until then the worker only sets its initial failure.
          readinessProbe: { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 2, periodSeconds: 1 },
          livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
        },
      ],
    });
    const spy = vi.spyOn(kubelet.workers, 'updatePod');
    try {
      kubelet.updatePod(p);
      await waitUntil(() => cs('probe-syncs')?.state?.running, 10_000, 20, 'running');
      const id = cs('probe-syncs')!.containerID!;
      await waitUntil(() => kubelet.probes.readiness.get(id) === 'failure' && kubelet.probes.liveness.get(id) === 'success', 10_000, 20, 'initial probe results');
      await kubelet.whenIdle(p.metadata.uid!);
      // The initial readiness failure (the status already shows not ready) and a liveness success sync nothing.
      const syncs = () => spy.mock.calls.filter(([o]) => o.updateType === 'sync' && o.pod.metadata.uid === p.metadata.uid).length;
      expect(syncs()).toBe(0);
      expect(cs('probe-syncs')?.ready).toBe(false);
      // The first success makes it ready: that one syncs the pod.
      await waitUntil(() => cs('probe-syncs')?.ready, 10_000, 20, 'ready');
      expect(syncs()).toBe(1);
    } finally {
      spy.mockRestore();
    }
    kubelet.deletePod(p);
    await waitUntil(() => kubelet.workers.state(p.metadata.uid!) === 'finished', 10_000, 20, 'termination');
  });
});
