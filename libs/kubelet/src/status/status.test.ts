import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '@kubesim/api';
import { FakeClock, rfc3339 } from '../clock.js';
import type { RuntimeContainerStatus } from '../runtime/runtime.js';
import { convertToAPIContainerStatuses } from './containers.js';
import { getPhase } from './phase.js';
import { generatePodStatus } from './pod.js';
import { getPodQOS } from './qos.js';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function kubiaPod(extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'kubia-liveness', namespace: 'default', uid: 'uid-1' },
    spec: { containers: [{ name: 'kubia', image: 'luksa/kubia-unhealthy' }], ...extra },
  };
}

function inst(p: Partial<RuntimeContainerStatus> & Pick<RuntimeContainerStatus, 'name' | 'state'>): RuntimeContainerStatus {
  return {
    id: `kubesim://${p.name}-${p.restartCount ?? 0}`,
    podUID: 'uid-1',
    podName: 'kubia-liveness',
    podNamespace: 'default',
    createdAt: T0 + (p.restartCount ?? 0) * 1000,
    image: 'docker.io/luksa/kubia-unhealthy:latest',
    imageRef: 'docker.io/luksa/kubia-unhealthy@sha256:abc',
    restartCount: 0,
    hash: 'h',
    logPath: '/dev/null',
    init: false,
    ...p,
  };
}

const ts = (s: number) => rfc3339(T0 + s * 1000);

describe('container statuses', () => {
  it('is ContainerCreating before anything runs', () => {
    const st = generatePodStatus(kubiaPod(), { containerStatuses: [] }, { now: T0 });
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses).toEqual([
      { name: 'kubia', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'luksa/kubia-unhealthy', imageID: '', started: false },
    ]);
    expect(st.conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: ts(0) },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: ts(0) },
      { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: ts(0), reason: 'ContainersNotReady', message: 'containers with unready status: [kubia]' },
      { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: ts(0), reason: 'ContainersNotReady', message: 'containers with unready status: [kubia]' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ts(0) },
    ]);
    expect(st.qosClass).toBe('BestEffort');
    expect(st.startTime).toBe(ts(0));
  });

  it('shows a running container as ready and started, with image and IDs', () => {
    const st = generatePodStatus(kubiaPod(), { ips: ['127.0.0.5'], containerStatuses: [inst({ name: 'kubia', state: 'running', startedAt: T0 + 1500 })] }, { now: T0 + 2000, hostIPs: ['127.0.0.1'] });
    expect(st.phase).toBe('Running');
    expect(st.podIP).toBe('127.0.0.5');
    expect(st.podIPs).toEqual([{ ip: '127.0.0.5' }]);
    expect(st.hostIP).toBe('127.0.0.1');
    expect(st.containerStatuses![0]).toEqual({
      name: 'kubia',
      state: { running: { startedAt: ts(1) } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: 'docker.io/luksa/kubia-unhealthy:latest',
      imageID: 'docker.io/luksa/kubia-unhealthy@sha256:abc',
      containerID: 'kubesim://kubia-0',
      started: true,
    });
    expect(st.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  });

  it('CrashLoopBackOff: waiting with the back-off message, lastState from the dead instance', () => {
    const dead = inst({ name: 'kubia', state: 'exited', restartCount: 3, exitCode: 137, reason: 'Error', startedAt: T0 + 3000, finishedAt: T0 + 40_000 });
    const msg = 'back-off 40s restarting failed container=kubia pod=kubia-liveness_default(uid-1)';
    const st = generatePodStatus(kubiaPod(), { ips: ['127.0.0.5'], containerStatuses: [dead] }, { now: T0 + 41_000, reasons: () => ({ reason: 'CrashLoopBackOff', message: msg }) });
    expect(st.containerStatuses![0]).toMatchObject({
      state: { waiting: { reason: 'CrashLoopBackOff', message: msg } },
      lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: ts(3), finishedAt: ts(40), containerID: 'kubesim://kubia-3' } },
      restartCount: 3,
      ready: false,
      started: false,
    });
    expect(st.phase).toBe('Running');
  });

  it('a restarted container has the previous instance as lastState', () => {
    const prev = inst({ name: 'kubia', state: 'exited', restartCount: 0, exitCode: 143, reason: 'Error', startedAt: T0, finishedAt: T0 + 500 });
    const cur = inst({ name: 'kubia', state: 'running', restartCount: 1, startedAt: T0 + 1000 });
    const st = generatePodStatus(kubiaPod(), { ips: ['127.0.0.5'], containerStatuses: [prev, cur] }, { now: T0 + 2000 });
    expect(st.containerStatuses![0]).toMatchObject({
      state: { running: { startedAt: ts(1) } },
      lastState: { terminated: { exitCode: 143, reason: 'Error', containerID: 'kubesim://kubia-0' } },
      restartCount: 1,
      containerID: 'kubesim://kubia-1',
    });
  });

  it('image pull errors and readiness/startup results', () => {
    const st = generatePodStatus(kubiaPod(), { ips: ['127.0.0.5'], containerStatuses: [] }, { now: T0, reasons: () => ({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' }) });
    expect(st.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' } });
    const pod = kubiaPod();
    pod.spec.containers[0]!.readinessProbe = { httpGet: { port: 8080 } };
    pod.spec.containers[0]!.startupProbe = { httpGet: { port: 8080 } };
    const running = { ips: ['127.0.0.5'], containerStatuses: [inst({ name: 'kubia', state: 'running', startedAt: T0 })] };
    const view = (startup?: string, readiness?: string) => ({
      startup: () => startup,
      readiness: () => readiness,
      hasStartupWorker: () => true,
      hasReadinessWorker: () => true,
    });
    expect(generatePodStatus(pod, running, { now: T0, probes: view() }).containerStatuses![0]).toMatchObject({ started: false, ready: false });
    expect(generatePodStatus(pod, running, { now: T0, probes: view('success', 'failure') }).containerStatuses![0]).toMatchObject({ started: true, ready: false });
    expect(generatePodStatus(pod, running, { now: T0, probes: view('success', 'success') }).containerStatuses![0]).toMatchObject({ started: true, ready: true });
  });

  it('sorts regular container statuses by name and keeps init containers in spec order', () => {
    const pod: Pod = { metadata: { uid: 'u' }, spec: { containers: [{ name: 'zeta' }, { name: 'alpha' }], initContainers: [{ name: 'second' }, { name: 'first' }] } };
    expect(convertToAPIContainerStatuses(pod, { containerStatuses: [] }, [], pod.spec.containers, true, false).map((s) => s.name)).toEqual(['alpha', 'zeta']);
    expect(convertToAPIContainerStatuses(pod, { containerStatuses: [] }, [], pod.spec.initContainers!, true, true).map((s) => s.name)).toEqual(['second', 'first']);
  });
});

describe('conditions keep their transition times', () => {
  it('changes lastTransitionTime only when the status changes', () => {
    const clock = new FakeClock(T0);
    const pod = kubiaPod();
    const s1 = generatePodStatus(pod, { ips: ['127.0.0.5'], containerStatuses: [] }, { now: clock.now() });
    clock.advance(5000);
    const running = { ips: ['127.0.0.5'], containerStatuses: [inst({ name: 'kubia', state: 'running', startedAt: clock.now() })] };
    const s2 = generatePodStatus(pod, running, { now: clock.now(), oldStatus: s1 });
    const time = (s: typeof s2, t: string) => s.conditions!.find((c) => c.type === t)!.lastTransitionTime;
    expect(time(s2, 'PodScheduled')).toBe(ts(0));
    expect(time(s2, 'Initialized')).toBe(ts(0));
    expect(time(s2, 'Ready')).toBe(ts(5));
    expect(time(s2, 'ContainersReady')).toBe(ts(5));
    clock.advance(5000);
    const s3 = generatePodStatus(pod, running, { now: clock.now(), oldStatus: s2 });
    expect(time(s3, 'Ready')).toBe(ts(5));
    expect(s3.startTime).toBe(ts(0));
  });
});

describe('getPhase', () => {
  const cs = (name: string, state: ContainerStatus['state'], lastState: ContainerStatus['lastState'] = {}): ContainerStatus => ({
    name,
    state,
    lastState,
    ready: false,
    restartCount: 0,
    image: '',
    imageID: '',
  });
  const term = (exitCode: number) => ({ terminated: { exitCode } });
  const pod = (restartPolicy: 'Always' | 'OnFailure' | 'Never', init = false): Pod => ({
    metadata: {},
    spec: { restartPolicy, containers: [{ name: 'a' }, { name: 'b' }], ...(init ? { initContainers: [{ name: 'i' }] } : {}) },
  });

  it('follows restartPolicy for terminated containers', () => {
    const done = [cs('a', term(0)), cs('b', term(0))];
    const failed = [cs('a', term(0)), cs('b', term(1))];
    expect(getPhase(pod('Always'), done, false)).toBe('Running');
    expect(getPhase(pod('OnFailure'), done, false)).toBe('Succeeded');
    expect(getPhase(pod('Never'), done, false)).toBe('Succeeded');
    expect(getPhase(pod('OnFailure'), failed, false)).toBe('Running');
    expect(getPhase(pod('Never'), failed, false)).toBe('Failed');
    expect(getPhase(pod('Always'), failed, true)).toBe('Failed');
    expect(getPhase(pod('Always'), done, true)).toBe('Succeeded');
  });

  it('is Pending while anything waits for a first start, Running once all started', () => {
    expect(getPhase(pod('Always'), [cs('a', { running: {} })], false)).toBe('Pending');
    expect(getPhase(pod('Always'), [cs('a', { running: {} }), cs('b', { waiting: { reason: 'ContainerCreating' } })], false)).toBe('Pending');
    expect(getPhase(pod('Always'), [cs('a', { running: {} }), cs('b', { waiting: { reason: 'CrashLoopBackOff' } }, term(1))], false)).toBe('Running');
    expect(getPhase(pod('Always'), [cs('a', { running: {} }), cs('b', { running: {} })], false)).toBe('Running');
  });

  it('handles init containers', () => {
    const waiting = (n: string) => cs(n, { waiting: { reason: 'PodInitializing' } });
    expect(getPhase(pod('Always', true), [cs('i', { running: {} }), waiting('a'), waiting('b')], false)).toBe('Pending');
    expect(getPhase(pod('Never', true), [cs('i', term(1)), waiting('a'), waiting('b')], false)).toBe('Failed');
    expect(getPhase(pod('Always', true), [cs('i', { waiting: { reason: 'CrashLoopBackOff' } }, term(1)), waiting('a'), waiting('b')], false)).toBe('Pending');
    expect(getPhase(pod('Always', true), [cs('i', term(0)), cs('a', { running: {} }), cs('b', { running: {} })], false)).toBe('Running');
  });

  it('a pod with a failed init container and restartPolicy Never gets Failed status end to end', () => {
    const p: Pod = { metadata: { uid: 'u' }, spec: { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'main', image: 'busybox' }] } };
    const st = generatePodStatus(p, { ips: ['127.0.0.9'], containerStatuses: [inst({ name: 'init', state: 'exited', exitCode: 1, reason: 'Error', startedAt: T0, finishedAt: T0 })] }, { now: T0 });
    expect(st.phase).toBe('Failed');
    expect(st.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(st.initContainerStatuses![0]).toMatchObject({ state: { terminated: { exitCode: 1, reason: 'Error' } }, ready: false });
    expect(st.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
    expect(st.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('a terminal phase stays terminal', () => {
    const p = kubiaPod();
    p.status = { phase: 'Succeeded' };
    const st = generatePodStatus(p, { containerStatuses: [inst({ name: 'kubia', state: 'running', startedAt: T0 })] }, { now: T0 });
    expect(st.phase).toBe('Succeeded');
  });
});

describe('QoS class', () => {
  it('is Guaranteed, Burstable or BestEffort', () => {
    const withRes = (r: Pod['spec']['containers'][0]['resources']): Pod => ({ metadata: {}, spec: { containers: [{ name: 'c', resources: r }] } });
    expect(getPodQOS(withRes(undefined))).toBe('BestEffort');
    expect(getPodQOS(withRes({ limits: { cpu: '500m', memory: '128Mi' } }))).toBe('Guaranteed');
    expect(getPodQOS(withRes({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '0.5', memory: '128Mi' } }))).toBe('Guaranteed');
    expect(getPodQOS(withRes({ limits: { memory: '50Mi' }, requests: { memory: '50Mi' } }))).toBe('Burstable');
    expect(getPodQOS(withRes({ requests: { cpu: '100m' } }))).toBe('Burstable');
  });
});
