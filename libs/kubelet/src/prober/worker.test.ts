import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodStatus, Probe } from '@kubesim/api';
import { FakeClock, rfc3339 } from '../clock.js';
import { ProbeManager, applyProbeResults } from './manager.js';
import type { ProbeOutcome } from './probe.js';
import { ResultsManager, type ResultUpdate } from './results.js';
import { type ContainerEvent, ProbeRunner, type ProbeType, ProbeWorker } from './worker.js';

function setup(opts: {
  probeType?: ProbeType;
  probe?: Probe;
  restartPolicy?: Pod['spec']['restartPolicy'];
  outcomes?: (ProbeOutcome | 'success' | 'failure')[];
  started?: boolean;
}) {
  const clock = new FakeClock();
  const probeType = opts.probeType ?? 'liveness';
  const p: Probe = opts.probe ?? { httpGet: { path: '/', port: 8080 } };
  const container: Container = {
    name: 'kubia',
    image: 'luksa/kubia',
    ...(probeType === 'liveness' ? { livenessProbe: p } : probeType === 'readiness' ? { readinessProbe: p } : { startupProbe: p }),
  };
  const pod: Pod = { metadata: { name: 'kubia-liveness', namespace: 'default', uid: 'uid-1' }, spec: { containers: [container], restartPolicy: opts.restartPolicy } };
  const status: PodStatus = {
    phase: 'Running',
    podIP: '127.0.0.1',
    containerStatuses: [
      {
        name: 'kubia',
        containerID: 'kubesim://aaa',
        state: { running: { startedAt: rfc3339(clock.now()) } },
        ready: false,
        restartCount: 0,
        image: 'docker.io/luksa/kubia:latest',
        imageID: 'x',
        started: opts.started ?? true,
      },
    ],
  };
  const results = new ResultsManager();
  const updates: ResultUpdate[] = [];
  results.onUpdate((u) => updates.push(u));
  const events: ContainerEvent[] = [];
  const queue = [...(opts.outcomes ?? [])];
  let calls = 0;
  const worker = new ProbeWorker({
    probeType,
    pod,
    container,
    results,
    clock,
    getPodStatus: () => status,
    recordEvent: (e) => events.push(e),
    runProbe: async () => {
      calls++;
      const o = queue.shift() ?? 'success';
      if (o === 'success') return { result: 'success', output: '' };
      if (o === 'failure') return { result: 'failure', output: 'HTTP probe failed with statuscode: 500' };
      return o;
    },
  });
  return { clock, worker, results, updates, events, status, pod, calls: () => calls };
}

describe('ProbeWorker (worker.go)', () => {
  it('liveness: publishes failure after failureThreshold consecutive failures and asks for a kill', async () => {
    const t = setup({ outcomes: ['success', 'failure', 'failure', 'failure'] });
    let r = await t.worker.step();
    expect(r).toMatchObject({ keepGoing: true, probed: true, result: 'success', published: true });
    // initial value success, then success again: no change → one update only.
    expect(t.updates).toEqual([{ containerID: 'kubesim://aaa', result: 'success', podUID: 'uid-1' }]);
    r = await t.worker.step();
    expect(r).toMatchObject({ result: 'failure' });
    expect(r.published).toBeUndefined();
    expect(r.events).toEqual([{ type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', containerName: 'kubia' }]);
    await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('success');
    r = await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('failure');
    expect(r.kill).toEqual({
      reason: 'LivenessProbe',
      message: 'Container kubia failed liveness probe, will be restarted',
      event: { type: 'Normal', reason: 'Killing', message: 'Container kubia failed liveness probe, will be restarted', containerName: 'kubia' },
    });
    expect(t.events.filter((e) => e.reason === 'Unhealthy')).toHaveLength(3);
    // On hold until a new container shows up.
    r = await t.worker.step();
    expect(r.probed).toBe(false);
    expect(t.calls()).toBe(4);
    t.status.containerStatuses![0]!.containerID = 'kubesim://bbb';
    t.status.containerStatuses![0]!.restartCount = 1;
    r = await t.worker.step();
    expect(r.probed).toBe(true);
    expect(t.results.get('kubesim://aaa')).toBeUndefined();
    expect(t.results.get('kubesim://bbb')).toBe('success');
  });

  it('a prober error is thrown away, not counted', async () => {
    const err: ProbeOutcome = { result: 'unknown', output: '', error: 'strconv.Atoi: parsing "web": invalid syntax' };
    const t = setup({ probe: { httpGet: { port: 'web' }, failureThreshold: 2 }, outcomes: ['failure', err, err, err, 'failure'] });
    await t.worker.step();
    const r = await t.worker.step();
    expect(r).toMatchObject({ probed: true });
    expect(r.result).toBeUndefined();
    expect(r.events).toEqual([
      {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Liveness probe errored and resulted in unknown state: strconv.Atoi: parsing "web": invalid syntax',
        containerName: 'kubia',
      },
    ]);
    expect(t.calls()).toBe(4); // the error was retried maxProbeRetries (3) times
    expect(t.results.get('kubesim://aaa')).toBe('success');
    const r2 = await t.worker.step();
    expect(r2.kill?.message).toBe('Container kubia failed liveness probe, will be restarted');
  });

  it('respects initialDelaySeconds against the container start', async () => {
    const t = setup({ probe: { httpGet: { port: 8080 }, initialDelaySeconds: 15 }, outcomes: ['failure'] });
    expect((await t.worker.step()).probed).toBe(false);
    t.clock.advance(14_999);
    expect((await t.worker.step()).probed).toBe(false);
    t.clock.advance(1);
    expect((await t.worker.step()).probed).toBe(true);
  });

  it('readiness starts as failure and needs successThreshold successes', async () => {
    const t = setup({ probeType: 'readiness', probe: { exec: { command: ['ls'] }, successThreshold: 2, failureThreshold: 1 }, outcomes: ['success', 'success', 'failure'] });
    await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('failure');
    await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('success');
    const r = await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('failure');
    expect(r.kill).toBeUndefined();
    expect(r.events[0]!.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 500');
    expect(t.updates.map((u) => u.result)).toEqual(['failure', 'success', 'failure']);
  });

  it('startup gates liveness and readiness; a startup failure kills', async () => {
    const live = setup({ started: false, outcomes: ['failure'] });
    expect((await live.worker.step()).probed).toBe(false);
    const t = setup({ probeType: 'startup', started: false, probe: { httpGet: { port: 8080 }, failureThreshold: 2 }, outcomes: ['failure', 'failure'] });
    await t.worker.step();
    expect(t.results.get('kubesim://aaa')).toBe('unknown');
    const r = await t.worker.step();
    expect(r.events[0]!.message).toBe('Startup probe failed: HTTP probe failed with statuscode: 500');
    expect(r.kill?.message).toBe('Container kubia failed startup probe, will be restarted');
    // Once started, the startup worker idles.
    const s = setup({ probeType: 'startup', started: true });
    expect((await s.worker.step()).probed).toBe(false);
  });

  it('without restarts the kill message has no "will be restarted"', async () => {
    const t = setup({ restartPolicy: 'Never', probe: { httpGet: { port: 8080 }, failureThreshold: 1 }, outcomes: ['failure'] });
    expect((await t.worker.step()).kill?.message).toBe('Container kubia failed liveness probe');
  });

  it('stops on terminated pods, non-restarting containers, and deletion (liveness reports success)', async () => {
    const t = setup({});
    t.status.phase = 'Succeeded';
    expect((await t.worker.step()).keepGoing).toBe(false);
    const n = setup({ restartPolicy: 'Never' });
    n.status.containerStatuses![0]!.state = { terminated: { exitCode: 1 } };
    expect((await n.worker.step()).keepGoing).toBe(false);
    expect(n.results.get('kubesim://aaa')).toBe('failure');
    const d = setup({ outcomes: ['failure'] });
    d.worker.updatePod({ ...d.pod, metadata: { ...d.pod.metadata, deletionTimestamp: rfc3339(d.clock.now()) } });
    expect(await d.worker.step()).toMatchObject({ keepGoing: false, probed: false });
    expect(d.results.get('kubesim://aaa')).toBe('success');
  });

  it('ProbeWarning events for redirects count as success', async () => {
    const t = setup({ outcomes: [{ result: 'success', warning: true, output: 'Probe terminated redirects, Response body: x' }] });
    const r = await t.worker.step();
    expect(r.result).toBe('success');
    expect(r.events).toEqual([{ type: 'Warning', reason: 'ProbeWarning', message: 'Liveness probe warning: Probe terminated redirects, Response body: x', containerName: 'kubia' }]);
  });
});

describe('ProbeRunner', () => {
  it('steps at once, then every period on the clock, until aborted', async () => {
    const t = setup({ probe: { httpGet: { port: 8080 }, periodSeconds: 5 } });
    const ac = new AbortController();
    let steps = 0;
    const runner = new ProbeRunner(t.worker, { clock: t.clock, signal: ac.signal, onStep: () => steps++ });
    runner.start();
    await flush();
    expect(steps).toBe(1);
    t.clock.advance(4_999);
    await flush();
    expect(steps).toBe(1);
    t.clock.advance(1);
    await flush();
    expect(steps).toBe(2);
    t.clock.advance(10_000);
    await flush();
    expect(steps).toBeGreaterThanOrEqual(3);
    runner.trigger();
    await flush();
    const before = steps;
    ac.abort();
    await runner.stoppedPromise();
    t.clock.advance(60_000);
    await flush();
    expect(steps).toBe(before);
    expect(t.clock.pendingTimers()).toBe(0);
  });
});

describe('first probe of a container', () => {
  it('runs once the container starts, not a period later; initialDelaySeconds is waited out exactly', async () => {
    const clock = new FakeClock();
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'default', uid: 'u' },
      spec: {
        containers: [
          { name: 'now', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } },
          { name: 'later', livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10, initialDelaySeconds: 3 } },
          { name: 'gated', startupProbe: { exec: { command: ['true'] }, periodSeconds: 10 }, readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } },
        ],
      },
    };
    let status: PodStatus = { phase: 'Pending', containerStatuses: [] };
    const probed: string[] = [];
    const m = new ProbeManager({
      clock,
      getPodStatus: () => status,
      runProbe: async (_h, target) => {
        probed.push(target.container.name);
        return { result: 'success', output: '' };
      },
    });
    m.addPod(pod);
    await flush();
    expect(probed).toEqual([]); // nothing runs yet
    clock.advance(2_500);
    const running = (name: string, started: boolean) => ({
      name,
      containerID: `kubesim://${name}`,
      state: { running: { startedAt: rfc3339(clock.now()) } },
      ready: false,
      restartCount: 0,
      image: '',
      imageID: '',
      started,
    });
    status = { phase: 'Running', containerStatuses: [running('now', true), running('later', true), running('gated', false)] };
    m.podStatusChanged('u');
    await flush();
    // The readiness probe and the startup probe run at once; the readiness probe behind the
    // startup probe waits for it.
    expect(probed.sort()).toEqual(['gated', 'now']);
    probed.length = 0;
    // Nothing new: no extra probes.
    m.podStatusChanged('u');
    await flush();
    expect(probed).toEqual([]);
    // The startup probe succeeded: the gated readiness probe runs at once too.
    status.containerStatuses![2]!.started = true;
    m.podStatusChanged('u');
    await flush();
    expect(probed).toEqual(['gated']);
    probed.length = 0;
    // initialDelaySeconds: 3 – due 3 s after the start (startedAt has second precision).
    const startedAt = Date.parse(status.containerStatuses![1]!.state!.running!.startedAt!);
    clock.set(startedAt + 2_999);
    await flush();
    expect(probed).toEqual([]);
    clock.set(startedAt + 3_000);
    await flush();
    expect(probed).toEqual(['later']);
    await m.stopAll();
  });

  it('gives liveness probes without initialDelaySeconds no head start (their initial result is success)', async () => {
    const clock = new FakeClock();
    const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [{ name: 'c', livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } }] } };
    let status: PodStatus = { phase: 'Pending', containerStatuses: [] };
    let probes = 0;
    const m = new ProbeManager({
      clock,
      getPodStatus: () => status,
      runProbe: async () => {
        probes++;
        return { result: 'success', output: '' };
      },
    });
    m.addPod(pod);
    await flush();
    clock.advance(2_000);
    status = {
      phase: 'Running',
      containerStatuses: [{ name: 'c', containerID: 'kubesim://c', state: { running: { startedAt: rfc3339(clock.now()) } }, ready: false, restartCount: 0, image: '', imageID: '', started: true }],
    };
    m.podStatusChanged('u');
    await flush();
    expect(probes).toBe(0);
    // The regular schedule: 10 s after the worker's first step.
    clock.advance(8_000);
    await flush();
    expect(probes).toBe(1);
    await m.stopAll();
  });
});

describe('head start', () => {
  it('drops failures of a head-start probe: no event, no count', async () => {
    const err: ProbeOutcome = { result: 'unknown', output: '', error: 'boom' };
    const t = setup({ probeType: 'readiness', outcomes: [err, err, err, 'failure', 'failure'] });
    expect(await t.worker.step({ headStart: true })).toMatchObject({ probed: true, dropped: true, events: [] });
    expect(await t.worker.step({ headStart: true })).toMatchObject({ probed: true, dropped: true, events: [] });
    expect(t.events).toEqual([]);
    expect(t.updates.map((u) => u.result)).toEqual(['failure']); // the initial value only
    const r = await t.worker.step();
    expect(r.dropped).toBeUndefined();
    expect(r.events[0]!.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 500');
  });

  it('retries quickly until a success, which counts at once', async () => {
    const t = setup({ probeType: 'readiness', probe: { httpGet: { port: 8080 }, periodSeconds: 10 }, outcomes: ['failure', 'failure', 'success'] });
    const runner = new ProbeRunner(t.worker, { clock: t.clock });
    runner.headStart();
    await flush();
    expect(t.calls()).toBe(1);
    t.clock.advance(25);
    await flush();
    expect(t.calls()).toBe(2);
    t.clock.advance(49);
    await flush();
    expect(t.calls()).toBe(2);
    t.clock.advance(1);
    await flush();
    expect(t.calls()).toBe(3);
    expect(t.results.get('kubesim://aaa')).toBe('success');
    expect(t.events).toEqual([]);
    // Then the regular period.
    t.clock.advance(9_999);
    await flush();
    expect(t.calls()).toBe(3);
    t.clock.advance(1);
    await flush();
    expect(t.calls()).toBe(4);
    runner.stop();
  });

  it('after one period of failures, probing is as usual', async () => {
    const t = setup({ probe: { httpGet: { port: 8080 }, periodSeconds: 1, failureThreshold: 1 }, outcomes: Array(20).fill('failure') });
    const steps: { dropped?: boolean; kill?: unknown }[] = [];
    const r2 = new ProbeRunner(t.worker, { clock: t.clock, onStep: (r) => steps.push(r) });
    r2.headStart();
    for (let i = 0; i < 250; i++) {
      await flush();
      t.clock.advance(5);
    }
    await flush();
    const firstCounted = steps.findIndex((s) => !s.dropped);
    expect(firstCounted).toBeGreaterThan(3); // 0, 25, 75, 175, 375, 775 ms dropped
    expect(steps.slice(0, firstCounted).every((s) => s.dropped)).toBe(true);
    expect(steps[firstCounted]!.kill).toBeTruthy();
    expect(t.events.filter((e) => e.reason === 'Unhealthy')).toHaveLength(1);
    r2.stop();
  });
});

describe('ProbeManager.updatePodStatus', () => {
  it('sets started/ready from results and workers', async () => {
    const clock = new FakeClock();
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'default', uid: 'u' },
      spec: {
        containers: [
          { name: 'plain' },
          { name: 'ready', readinessProbe: { exec: { command: ['true'] } } },
          { name: 'slow', startupProbe: { exec: { command: ['true'] } } },
        ],
        initContainers: [{ name: 'init' }],
      },
    };
    const running = (name: string, id: string) => ({ name, containerID: id, state: { running: { startedAt: rfc3339(clock.now()) } }, ready: false, restartCount: 0, image: '', imageID: '' });
    const status: PodStatus = {
      phase: 'Running',
      containerStatuses: [running('plain', 'c1'), running('ready', 'c2'), running('slow', 'c3')],
      initContainerStatuses: [{ name: 'init', containerID: 'c0', state: { terminated: { exitCode: 0 } }, ready: false, restartCount: 0, image: '', imageID: '' }],
    };
    const m = new ProbeManager({ clock, getPodStatus: () => status, runProbe: async () => ({ result: 'failure', output: 'nope' }) });
    m.addPod(pod);
    await flush();
    const s = structuredClone(status);
    m.updatePodStatus(pod, s);
    expect(s.containerStatuses!.map((c) => [c.name, c.started, c.ready])).toEqual([
      ['plain', true, true],
      ['ready', true, false],
      ['slow', false, false],
    ]);
    expect(s.initContainerStatuses![0]).toMatchObject({ ready: true, started: false });
    await m.stopAll();
    // Pure form.
    const s2 = structuredClone(status);
    applyProbeResults(pod, s2, { startup: () => undefined, readiness: (id) => (id === 'c2' ? 'success' : undefined), hasStartupWorker: () => false, hasReadinessWorker: (n) => n === 'ready' });
    expect(s2.containerStatuses!.map((c) => c.ready)).toEqual([true, true, true]);
  });
});

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}
