import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '@kubesim/api';
import type { Result } from '../prober/results.js';
import { type RuntimeContainerStatus, hashContainer } from '../runtime/runtime.js';
import { computePodActions } from './actions.js';

const T0 = Date.UTC(2024, 0, 1);
let seq = 0;

function inst(c: Container, p: Partial<RuntimeContainerStatus>): RuntimeContainerStatus {
  return {
    id: `kubesim://${c.name}-${++seq}`,
    name: c.name,
    podUID: 'u',
    podName: 'p',
    podNamespace: 'default',
    state: 'running',
    createdAt: T0 + seq,
    image: '',
    imageRef: '',
    restartCount: 0,
    hash: hashContainer(c),
    logPath: '',
    init: false,
    ...p,
  };
}

const kubia: Container = { name: 'kubia', image: 'luksa/kubia-unhealthy', livenessProbe: { httpGet: { path: '/', port: 8080 } } };
const side: Container = { name: 'side', image: 'busybox' };
const sandbox = { ready: true, attempt: 0, ip: '127.0.0.5' };
const podOf = (containers: Container[], restartPolicy?: Pod['spec']['restartPolicy'], initContainers?: Container[]): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u' },
  spec: { containers, restartPolicy, initContainers },
});

describe('computePodActions', () => {
  it('creates the sandbox and starts everything for a new pod', () => {
    expect(computePodActions({ pod: podOf([kubia, side]), containerStatuses: [] })).toEqual({
      killPod: true,
      createSandbox: true,
      attempt: 0,
      initContainersToStart: [],
      containersToStart: [0, 1],
      containersToKill: [],
    });
    expect(computePodActions({ pod: podOf([kubia], 'Always', [side]), containerStatuses: [] })).toMatchObject({ createSandbox: true, initContainersToStart: [0], containersToStart: [] });
  });

  it('keeps healthy containers; kills and restarts on a failed liveness probe', () => {
    const running = inst(kubia, {});
    const pod = podOf([kubia]);
    expect(computePodActions({ pod, containerStatuses: [running], sandbox, liveness: () => 'success' })).toMatchObject({ killPod: false, containersToStart: [], containersToKill: [] });
    const a = computePodActions({ pod, containerStatuses: [running], sandbox, liveness: (id): Result | undefined => (id === running.id ? 'failure' : undefined) });
    expect(a).toMatchObject({
      killPod: false,
      containersToStart: [0],
      containersToKill: [{ id: running.id, name: 'kubia', message: 'Container kubia failed liveness probe, will be restarted', reason: 'LivenessProbe' }],
    });
    const never = computePodActions({ pod: podOf([kubia], 'Never'), containerStatuses: [running], sandbox, liveness: () => 'failure' });
    expect(never).toMatchObject({ killPod: true, containersToStart: [], containersToKill: [{ message: 'Container kubia failed liveness probe' }] });
    const startup = computePodActions({ pod, containerStatuses: [running], sandbox, startup: () => 'failure' });
    expect(startup.containersToKill[0]).toMatchObject({ message: 'Container kubia failed startup probe, will be restarted', reason: 'StartupProbe' });
    const changed = computePodActions({ pod: podOf([{ ...kubia, image: 'luksa/kubia:v2' }], 'Never'), containerStatuses: [running], sandbox });
    expect(changed).toMatchObject({ containersToStart: [0], containersToKill: [{ message: 'Container kubia definition changed, will be restarted', reason: '' }] });
  });

  it('restarts exited containers per restartPolicy, or kills the pod when nothing is left', () => {
    const ok = inst(side, { state: 'exited', exitCode: 0 });
    const bad = inst(side, { state: 'exited', exitCode: 1 });
    expect(computePodActions({ pod: podOf([side], 'Always'), containerStatuses: [ok], sandbox }).containersToStart).toEqual([0]);
    expect(computePodActions({ pod: podOf([side], 'OnFailure'), containerStatuses: [ok], sandbox })).toMatchObject({ containersToStart: [], killPod: true });
    expect(computePodActions({ pod: podOf([side], 'OnFailure'), containerStatuses: [bad], sandbox }).containersToStart).toEqual([0]);
    expect(computePodActions({ pod: podOf([side], 'Never'), containerStatuses: [bad], sandbox })).toMatchObject({ containersToStart: [], killPod: true });
    // A dead sandbox of a Never pod that already ran is not recreated.
    expect(computePodActions({ pod: podOf([side], 'Never'), containerStatuses: [bad], sandbox: { ready: false, attempt: 0 } })).toMatchObject({ createSandbox: false, killPod: true });
    const deleting = podOf([side], 'Always');
    deleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    expect(computePodActions({ pod: deleting, containerStatuses: [ok], sandbox })).toMatchObject({ containersToStart: [], killPod: true });
  });

  it('runs init containers in order and stops a Never pod whose init failed', () => {
    const i1: Container = { name: 'init-1', image: 'busybox' };
    const i2: Container = { name: 'init-2', image: 'busybox' };
    const pod = podOf([side], 'Always', [i1, i2]);
    expect(computePodActions({ pod, containerStatuses: [inst(i1, { state: 'running' })], sandbox })).toMatchObject({ initContainersToStart: [], containersToStart: [] });
    expect(computePodActions({ pod, containerStatuses: [inst(i1, { state: 'exited', exitCode: 0 })], sandbox })).toMatchObject({ initContainersToStart: [1], containersToStart: [] });
    const done = [inst(i1, { state: 'exited', exitCode: 0 }), inst(i2, { state: 'exited', exitCode: 0 })];
    expect(computePodActions({ pod, containerStatuses: done, sandbox })).toMatchObject({ initContainersToStart: [], containersToStart: [0] });
    const failed = [inst(i1, { state: 'exited', exitCode: 2 })];
    expect(computePodActions({ pod, containerStatuses: failed, sandbox })).toMatchObject({ initContainersToStart: [0], killPod: false });
    expect(computePodActions({ pod: podOf([side], 'Never', [i1, i2]), containerStatuses: failed, sandbox })).toMatchObject({ killPod: true, initContainersToStart: [] });
  });

  it('keeps sidecars (restartable init containers) running and starts containers once they started', () => {
    const sidecar: Container = { name: 'sidecar', image: 'busybox', restartPolicy: 'Always', startupProbe: { exec: { command: ['true'] } } };
    const pod = podOf([side], 'Always', [sidecar]);
    const sc = inst(sidecar, { state: 'running' });
    expect(computePodActions({ pod, containerStatuses: [sc], sandbox })).toMatchObject({ initContainersToStart: [], containersToStart: [] });
    expect(computePodActions({ pod, containerStatuses: [sc], sandbox, startup: () => 'success' })).toMatchObject({ containersToStart: [0] });
    const dead = inst(sidecar, { state: 'exited', exitCode: 1 });
    const main = inst(side, { state: 'running' });
    expect(computePodActions({ pod, containerStatuses: [dead, main], sandbox })).toMatchObject({ initContainersToStart: [0], containersToStart: [] });
  });
});
