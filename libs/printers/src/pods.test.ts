import type { ContainerState, ContainerStatus, Pod, PodCondition, PodPhase } from '@kubesim/api';
import { describe, expect, it } from 'vitest';
import { printPod } from './printers.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;

// ---------------------------------------------------------------- fixture builders

function cs(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, ready: false, restartCount: 0, image: `${name}:1`, imageID: '', ...extra };
}
const running = (name = 'app', extra: Partial<ContainerStatus> = {}) =>
  cs(name, { running: { startedAt: ago(M) } }, { ready: true, started: true, ...extra });
const waiting = (reason: string, name = 'app', extra: Partial<ContainerStatus> = {}) =>
  cs(name, { waiting: { reason } }, extra);
const terminated = (reason: string | undefined, exitCode: number, name = 'app', extra: Partial<ContainerStatus> = {}) =>
  cs(name, { terminated: { exitCode, ...(reason ? { reason } : {}), finishedAt: ago(M) } }, extra);

interface PodFixture {
  phase?: PodPhase;
  reason?: string;
  containers?: string[];
  initContainers?: { name: string; restartPolicy?: 'Always' }[];
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  conditions?: PodCondition[];
  deleting?: boolean;
  created?: string;
}

function pod(f: PodFixture): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      creationTimestamp: f.created ?? ago(5 * M),
      ...(f.deleting ? { deletionTimestamp: ago(S) } : {}),
    },
    spec: {
      containers: (f.containers ?? ['app']).map((name) => ({ name, image: `${name}:1` })),
      ...(f.initContainers ? { initContainers: f.initContainers.map((c) => ({ image: 'init:1', ...c })) } : {}),
      nodeName: 'node-1',
    },
    status: {
      phase: f.phase ?? 'Running',
      ...(f.reason ? { reason: f.reason } : {}),
      conditions: f.conditions ?? [],
      ...(f.statuses ? { containerStatuses: f.statuses } : {}),
      ...(f.initStatuses ? { initContainerStatuses: f.initStatuses } : {}),
    },
  };
}

const readyCond: PodCondition = { type: 'Ready', status: 'True' };
const initializedCond: PodCondition = { type: 'Initialized', status: 'True' };

// ---------------------------------------------------------------- STATUS / READY

describe('printPod STATUS and READY', () => {
  it.each<[string, PodFixture, string, string]>([
    ['Pending (unscheduled, no statuses)', { phase: 'Pending' }, 'Pending', '0/1'],
    ['ContainerCreating', { phase: 'Pending', statuses: [waiting('ContainerCreating')] }, 'ContainerCreating', '0/1'],
    ['Running', { statuses: [running()], conditions: [readyCond] }, 'Running', '1/1'],
    ['Running but not ready', { statuses: [running('app', { ready: false })] }, 'Running', '0/1'],
    ['Terminating', { statuses: [running()], deleting: true }, 'Terminating', '1/1'],
    ['Completed', { phase: 'Succeeded', statuses: [terminated('Completed', 0)] }, 'Completed', '0/1'],
    ['Error', { phase: 'Failed', statuses: [terminated('Error', 1)] }, 'Error', '0/1'],
    ['CrashLoopBackOff', { statuses: [waiting('CrashLoopBackOff', 'app', { restartCount: 4 })] }, 'CrashLoopBackOff', '0/1'],
    ['OOMKilled', { phase: 'Running', statuses: [terminated('OOMKilled', 137)] }, 'OOMKilled', '0/1'],
    ['ErrImagePull', { phase: 'Pending', statuses: [waiting('ErrImagePull')] }, 'ErrImagePull', '0/1'],
    ['ImagePullBackOff', { phase: 'Pending', statuses: [waiting('ImagePullBackOff')] }, 'ImagePullBackOff', '0/1'],
    ['Unknown (node lost)', { reason: 'NodeLost', statuses: [running()], deleting: true }, 'Unknown', '1/1'],
    ['status.reason wins over phase', { phase: 'Failed', reason: 'Evicted' }, 'Evicted', '0/1'],
    ['ExitCode:N without reason', { phase: 'Failed', statuses: [terminated(undefined, 3)] }, 'ExitCode:3', '0/1'],
    [
      'Signal:N without reason',
      { phase: 'Failed', statuses: [cs('app', { terminated: { exitCode: 137, signal: 9 } })] },
      'Signal:9',
      '0/1',
    ],
    [
      'SchedulingGated',
      { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
      'SchedulingGated',
      '0/1',
    ],
    [
      'Init:0/1 (init container running)',
      {
        phase: 'Pending',
        initContainers: [{ name: 'init' }],
        initStatuses: [cs('init', { running: { startedAt: ago(S) } })],
        statuses: [waiting('PodInitializing')],
      },
      'Init:0/1',
      '0/1',
    ],
    [
      'Init:1/2 (first done, second waiting PodInitializing)',
      {
        phase: 'Pending',
        initContainers: [{ name: 'a' }, { name: 'b' }],
        initStatuses: [terminated('Completed', 0, 'a'), waiting('PodInitializing', 'b')],
      },
      'Init:1/2',
      '0/1',
    ],
    [
      'Init:Error',
      { phase: 'Pending', initContainers: [{ name: 'init' }], initStatuses: [terminated('Error', 1, 'init')] },
      'Init:Error',
      '0/1',
    ],
    [
      'Init:ExitCode:2',
      { phase: 'Pending', initContainers: [{ name: 'init' }], initStatuses: [terminated(undefined, 2, 'init')] },
      'Init:ExitCode:2',
      '0/1',
    ],
    [
      'Init:CrashLoopBackOff',
      { phase: 'Pending', initContainers: [{ name: 'init' }], initStatuses: [waiting('CrashLoopBackOff', 'init')] },
      'Init:CrashLoopBackOff',
      '0/1',
    ],
    [
      'PodInitializing (init done, app not started)',
      {
        phase: 'Pending',
        initContainers: [{ name: 'init' }],
        initStatuses: [terminated('Completed', 0, 'init')],
        statuses: [waiting('PodInitializing')],
      },
      'PodInitializing',
      '0/1',
    ],
    [
      'NotReady: one container Completed, another running, no Ready condition',
      { containers: ['a', 'b'], statuses: [terminated('Completed', 0, 'a'), running('b')] },
      'NotReady',
      '1/2',
    ],
    [
      'Running: one container Completed, another running, Ready condition',
      { containers: ['a', 'b'], statuses: [terminated('Completed', 0, 'a'), running('b')], conditions: [readyCond] },
      'Running',
      '1/2',
    ],
    [
      'first container reason wins',
      { containers: ['a', 'b'], statuses: [waiting('ErrImagePull', 'a'), waiting('CrashLoopBackOff', 'b')] },
      'ErrImagePull',
      '0/2',
    ],
    [
      'a terminal pod being deleted keeps its status',
      { phase: 'Succeeded', statuses: [terminated('Completed', 0)], deleting: true },
      'Completed',
      '0/1',
    ],
    [
      'sidecar (restartable init container) counts toward READY',
      {
        initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }],
        initStatuses: [running('sidecar')],
        statuses: [running()],
        conditions: [initializedCond, readyCond],
      },
      'Running',
      '2/2',
    ],
  ])('%s', (_name, fixture, status, ready) => {
    const row = printPod(pod(fixture), NOW);
    expect(row.cells[2]).toBe(status);
    expect(row.cells[1]).toBe(ready);
  });
});

// ---------------------------------------------------------------- RESTARTS

describe('printPod RESTARTS', () => {
  const restarted = (restartCount: number, finishedAgo?: number, name = 'app') =>
    running(name, {
      restartCount,
      ...(finishedAgo !== undefined
        ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(finishedAgo) } } }
        : {}),
    });

  it.each<[string, PodFixture, string]>([
    ['never restarted', { statuses: [running()] }, '0'],
    ['4 restarts, last 5m ago', { statuses: [restarted(4, 5 * M)] }, '4 (5m ago)'],
    ['1 restart 90s ago', { statuses: [restarted(1, 90 * S)] }, '1 (90s ago)'],
    ['restarts without a last termination time', { statuses: [restarted(3)] }, '3'],
    [
      'sum over containers, latest finishedAt wins',
      { containers: ['a', 'b'], statuses: [restarted(2, 10 * M, 'a'), restarted(1, 150 * S, 'b')] },
      '3 (2m30s ago)',
    ],
    [
      'init container restarts count while initializing',
      {
        phase: 'Pending',
        initContainers: [{ name: 'init' }],
        initStatuses: [
          waiting('CrashLoopBackOff', 'init', {
            restartCount: 2,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * S) } },
          }),
        ],
      },
      '2 (30s ago)',
    ],
    [
      'completed init containers restarts are dropped once initialized',
      {
        initContainers: [{ name: 'init' }],
        initStatuses: [terminated('Completed', 0, 'init', { restartCount: 2 })],
        statuses: [running()],
        conditions: [initializedCond],
      },
      '0',
    ],
  ])('%s', (_name, fixture, want) => {
    expect(printPod(pod(fixture), NOW).cells[3]).toBe(want);
  });
});

// ---------------------------------------------------------------- AGE, wide columns, row conditions

describe('printPod other cells', () => {
  it.each([
    [ago(5 * S), '5s'],
    [ago(90 * S), '90s'],
    [ago(150 * S), '2m30s'],
    [ago(5 * M), '5m'],
    [ago((3 * 60 + 10) * M), '3h10m'],
    [ago((2 * 24 + 3) * 60 * M), '2d3h'],
    [ago(8 * 24 * 60 * M), '8d'],
    [ago((2 * 365 + 30) * 24 * 60 * M), '2y30d'],
    ['', '<unknown>'],
  ])('AGE of %s is %s', (created, want) => {
    const p = pod({ statuses: [running()] });
    if (created) p.metadata.creationTimestamp = created;
    else delete p.metadata.creationTimestamp;
    expect(printPod(p, NOW).cells[4]).toBe(want);
  });

  it('prints IP, NODE, NOMINATED NODE and READINESS GATES', () => {
    const p = pod({ statuses: [running()], conditions: [readyCond, { type: 'example.com/lb', status: 'True' }] });
    p.status!.podIP = '10.244.0.87';
    p.status!.podIPs = [{ ip: '10.244.0.87' }, { ip: 'fd00::87' }];
    (p.spec as { readinessGates?: unknown }).readinessGates = [
      { conditionType: 'example.com/lb' },
      { conditionType: 'example.com/other' },
    ];
    expect(printPod(p, NOW).cells).toEqual(['p', '1/1', 'Running', '0', '5m', '10.244.0.87', 'node-1', '<none>', '1/2']);
  });

  it('prints <none> for unset wide cells and falls back to status.podIP', () => {
    const p = pod({ phase: 'Pending' });
    delete p.spec.nodeName;
    expect(printPod(p, NOW).cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
    p.status!.podIP = '10.0.0.1';
    p.status!.nominatedNodeName = 'node-2';
    expect(printPod(p, NOW).cells.slice(5)).toEqual(['10.0.0.1', '<none>', 'node-2', '<none>']);
  });

  it('marks Succeeded and Failed pods with a Completed row condition', () => {
    expect(printPod(pod({ statuses: [running()] }), NOW).conditions).toBeUndefined();
    expect(printPod(pod({ phase: 'Succeeded', statuses: [terminated('Completed', 0)] }), NOW).conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    expect(printPod(pod({ phase: 'Failed', statuses: [terminated('Error', 1)] }), NOW).conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });
});
