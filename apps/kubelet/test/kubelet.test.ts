// The kubelet as a process: registered Node and Lease, scenarios P1–P13 of the reference with real
// containers, graceful deletion, logs through the apiserver and kubectl, and what happens when the
// kubelet itself is killed. Probe periods and back-off are short (flags); nothing sleeps a fixed
// time: every wait is a watch or a poll with a deadline.
import type { Pod, PodSpec } from '@kubesim/api';
import { type ApiserverProcess, builtApp, startApiserver } from '@kubesim/testing';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeletProcess, PodHistory, alive, condition, container, forkServerPids, podEvents, podLogs, startKubelet, until, watchdogPids } from './helpers.js';

const run = promisify(execFile);
const NS = 'kubelet-e2e';
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

let api: ApiserverProcess;
let node1: KubeletProcess;
let pods: PodHistory;
let kubectlCache: string;
/** Container pids seen on node-1 (all must be gone after the kubelet's SIGTERM). */
const containerPids: number[] = [];
/** Inodes of node-1's spare folders at registration (the pods' folders are renamed from them). */
const firstSpareFolders = new Set<number>();
/** Pods that ended Succeeded/Failed: checked again at the end (not restarted, not deleted). */
const terminalPods: [string, string][] = [];

function pod(name: string, spec: Partial<PodSpec> & Pick<PodSpec, 'containers'>, nodeName = 'node-1'): Pod {
  return { metadata: { name, namespace: NS }, spec: { nodeName, terminationGracePeriodSeconds: 2, ...spec } };
}
const create = (p: Pod) => api.client.pods(NS).create(p);
const events = (name: string) => podEvents(api.client, NS, name);
/** The pod's events once `ready` holds: the kubelet writes events in the background, after the status writes. */
const eventsWhen = (name: string, ready: (evs: Awaited<ReturnType<typeof events>>) => boolean) =>
  until(async () => {
    const evs = await events(name);
    return ready(evs) ? evs : undefined;
  }, `the events of ${name}`, 15_000);
const waitPod = (name: string, pred: (p: Pod) => unknown, what: string, timeoutMs?: number) => pods.wait(name, pred, what, timeoutMs);
const restarts = (p: Pod) => container(p)?.restartCount ?? 0;
/** The pid a busybox container printed with `echo pid=$$` (in its current log). */
async function loggedPid(name: string, previous = false): Promise<number> {
  const text = await until(async () => (await podLogs(api.client, NS, name, { previous })).match(/pid=(\d+)/), `${name} to log its pid`, 15_000);
  return Number(text[1]);
}
const pidScript = "echo pid=$$$$; exec sleep 3600"; // $$ is an escaped $ in a container command, as in Kubernetes

beforeAll(async () => {
  api = await startApiserver();
  await api.client.namespaces().create({ metadata: { name: NS } });
  pods = new PodHistory(api.client, NS);
  await pods.start();
  node1 = await startKubelet(api, 'node-1', ['--image-catalog', join(fixtures, 'catalog.yaml'), '--labels', 'disk=ssd,zone=a', '--cpu', '4', '--memory', '8Gi', '--taints', 'dedicated=e2e:PreferNoSchedule']);
  kubectlCache = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-cache-'));
});

afterAll(async () => {
  pods?.stop();
  if (node1) {
    // SIGTERM: the kubelet stops every container before it exits.
    node1.kill('SIGTERM');
    const { code } = await node1.exited();
    expect(code).toBe(0);
    await until(() => containerPids.every((pid) => !alive(pid)), 'every container of node-1 gone', 5000);
    expect(watchdogPids(node1.rootDir)).toEqual([]);
    rmSync(node1.rootDir, { recursive: true, force: true });
  }
  await api?.stop();
  if (kubectlCache) rmSync(kubectlCache, { recursive: true, force: true });
});

describe('kubelet node', () => {
  it('registers its Node with capacity, addresses, nodeInfo, labels, taints and conditions, and renews its Lease', async () => {
    const node = await api.client.nodes().get('node-1');
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': expect.any(String),
      disk: 'ssd',
      zone: 'a',
    });
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'e2e', effect: 'PreferNoSchedule' }]);
    expect(node.spec?.podCIDR).toBe(node1.podRange);
    expect(node.status?.capacity).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status?.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status?.addresses).toEqual([
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBeGreaterThan(0);
    // Registered once what the first pods need is ready: the spare log files and pod folders
    // (--spare-files, 64 of each), the fork server and the watchdog running before any container.
    const spares = readdirSync(join(node1.rootDir, 'spare'));
    expect([spares.filter((n) => n.startsWith('f-')).length, spares.filter((n) => n.startsWith('d-')).length]).toEqual([64, 64]);
    for (const n of spares) if (n.startsWith('d-')) firstSpareFolders.add(statSync(join(node1.rootDir, 'spare', n)).ino);
    expect(forkServerPids(node1.pid)).toHaveLength(1);
    expect(watchdogPids(node1.rootDir)).toHaveLength(1);
    expect(node.status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.33.1',
      containerRuntimeVersion: 'kubesim://0.1.0',
      operatingSystem: 'linux',
      kernelVersion: (await import('node:os')).release(),
    });
    const conds = Object.fromEntries((node.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(conds['Ready']).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(conds['MemoryPressure']).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' });
    expect(conds['DiskPressure']).toMatchObject({ status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' });
    expect(conds['PIDPressure']).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' });

    // The Lease comes right after the Node: on a busy machine it may not be there yet.
    const lease = await until(() => api.client.leases('kube-node-lease').get('node-1').catch(() => undefined), 'the node lease', 5000);
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 4 });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: node.metadata.uid }]);
    const first = lease.spec!.renewTime!;
    await until(async () => (await api.client.leases('kube-node-lease').get('node-1')).spec!.renewTime! > first, 'the lease to be renewed', 5000);

    const nodeEvents = await until(async () => {
      const evs = (await api.client.events('default').list()).items.filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === 'node-1');
      return evs.some((e) => e.reason === 'NodeReady') ? evs : undefined;
    }, 'the node events');
    expect(nodeEvents.map((e) => e.reason)).toEqual(expect.arrayContaining(['Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']));
    expect(nodeEvents.find((e) => e.reason === 'NodeReady')).toMatchObject({ message: 'Node node-1 status is now: NodeReady', source: { component: 'kubelet', host: 'node-1' } });
  });
});

describe.concurrent('pods on node-1', () => {
  it('runs a pod: IP from the node range, env, Ready, events, node images; writes its status only when it changes', async () => {
    // The readiness probe leaves a line per run in the container's working directory.
    const wd = mkdtempSync(join(tmpdir(), 'kubesim-e2e-wd-'));
    const probeRuns = () => (existsSync(join(wd, 'probes')) ? readFileSync(join(wd, 'probes'), 'utf8').split('\n').length - 1 : 0);
    try {
      await create(
        pod('basic', {
          containers: [
            {
              name: 'main',
              image: 'busybox',
              command: ['sh', '-c', 'echo "ip=$POD_IP name=$POD_NAME ns=$POD_NAMESPACE host=$HOSTNAME greeting=$GREETING wd=$(pwd)"; exec sleep 3600'],
              env: [{ name: 'GREETING', value: 'hello' }],
              workingDir: wd,
              readinessProbe: { exec: { command: ['sh', '-c', 'echo run >> probes'] }, periodSeconds: 1 },
            },
          ],
        }),
      );
      const ready = await waitPod('basic', (p) => condition(p, 'Ready')?.status === 'True', 'Ready');
      expect(ready.status).toMatchObject({ phase: 'Running', hostIP: '127.0.0.1', qosClass: 'BestEffort' });
      const ip = ready.status!.podIP!;
      expect(ip.split('.').slice(0, 3).join('.')).toBe(node1.podRange.split('.').slice(0, 3).join('.'));
      expect(ready.status!.podIPs).toEqual([{ ip }]);
      expect(container(ready)).toMatchObject({ name: 'main', ready: true, started: true, restartCount: 0, image: 'docker.io/library/busybox:latest', state: { running: {} } });
      expect(container(ready)!.containerID).toMatch(/^kubesim:\/\/[0-9a-f]{64}$/);
      expect(await podLogs(api.client, NS, 'basic')).toBe(`ip=${ip} name=basic ns=${NS} host=basic greeting=hello wd=${wd}\n`);
      // Events are written asynchronously: the readiness probe runs as soon as the container starts,
      // so Ready may be posted before the last events are.
      const evs = await until(async () => {
        const list = await events('basic');
        return list.length >= 4 && list;
      }, 'the pod events', 10_000);
      expect(evs.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
      expect(evs[3]).toMatchObject({
        type: 'Normal',
        message: 'Started container main',
        count: 1,
        source: { component: 'kubelet', host: 'node-1' },
        involvedObject: { kind: 'Pod', name: 'basic', namespace: NS, fieldPath: 'spec.containers{main}' },
      });
      // The pulled image shows in the node's status (posted because it changed).
      await until(async () => (await api.client.nodes().get('node-1')).status?.images?.some((i) => i.names?.includes('docker.io/library/busybox:latest')), 'busybox in node images', 10_000);
      // Probes keep succeeding and nothing changes: the kubelet does not write the status again.
      const rv = (await api.client.pods(NS).get('basic')).metadata.resourceVersion;
      const runs = probeRuns();
      await until(() => probeRuns() >= runs + 3, 'three more probe runs', 10_000);
      expect((await api.client.pods(NS).get('basic')).metadata.resourceVersion).toBe(rv);
    } finally {
      rmSync(wd, { recursive: true, force: true });
    }
  });

  it('P1: kubia-unhealthy is killed after three failed liveness probes (137) and restarted, again and again', async () => {
    await create(pod('kubia-liveness', { containers: [{ name: 'kubia', image: 'luksa/kubia-unhealthy', livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } }] }));
    const p = await waitPod('kubia-liveness', (x) => restarts(x) >= 2 && container(x)?.state?.running, 'RESTARTS 2', 90_000);
    expect(p.status!.phase).toBe('Running');
    expect(container(p)!.lastState).toMatchObject({ terminated: { exitCode: 137, reason: 'Error' } });
    const evs = await eventsWhen('kubia-liveness', (l) => (l.find((e) => e.reason === 'Killing')?.count ?? 0) >= 2);
    // One event object, aggregated: three failures per kill. (A container that is slow to listen on a
    // busy machine, it runs BestEffort at the lowest CPU weight, may also fail with "connection refused".)
    const unhealthy = evs.filter((e) => e.reason === 'Unhealthy' && !e.message!.includes('connection refused'));
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]).toMatchObject({ type: 'Warning', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', involvedObject: { fieldPath: 'spec.containers{kubia}' } });
    expect(unhealthy[0]!.count).toBeGreaterThanOrEqual(6);
    const killing = evs.filter((e) => e.reason === 'Killing');
    expect(killing).toHaveLength(1);
    expect(killing[0]).toMatchObject({ type: 'Normal', message: 'Container kubia failed liveness probe, will be restarted' });
    expect(killing[0]!.count).toBeGreaterThanOrEqual(2);
    expect(killing[0]!.lastTimestamp! >= killing[0]!.firstTimestamp!).toBe(true);
  });

  it('P4: a failing liveness probe ends in CrashLoopBackOff with growing back-off', async () => {
    await create(pod('myweb-404', { containers: [{ name: 'myweb', image: 'ghcr.io/c1t1d0s7/go-myweb', livenessProbe: { httpGet: { path: '/health?code=404', port: 8080 }, periodSeconds: 1 } }] }));
    await waitPod('myweb-404', (x) => restarts(x) >= 6, 'RESTARTS 6', 120_000);
    // As the seed's transcript (RESTARTS 1, 2, 3, 4 about 30 s apart, then CrashLoopBackOff): a killed
    // container restarts at once while the instance before it finished longer ago than the back-off
    // (1s, 2s, 4s, 8s with --container-backoff-base 1s against a probe cycle of ~3 s). The first two
    // restarts never wait; the back-off catches up with the cycle later.
    const history = pods.all('myweb-404').map((x) => container(x));
    const backingOff = history.filter((c) => c?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(backingOff.length).toBeGreaterThan(0);
    expect(Math.min(...backingOff.map((c) => c!.restartCount))).toBeGreaterThanOrEqual(3);
    const waits = backingOff.map((c) => c!.state!.waiting!);
    const backoffs = [...new Set(waits.map((w) => w.message!.split(' ')[1]))];
    expect(backoffs).toEqual(['2s', '4s', '8s'].filter((d) => backoffs.includes(d)));
    expect(backoffs).toContain('8s');
    expect(waits[0]!.message).toMatch(/^back-off \d+s restarting failed container=myweb pod=myweb-404_kubelet-e2e\([0-9a-f-]+\)$/);
    const evs = await eventsWhen('myweb-404', (l) => l.some((e) => e.reason === 'BackOff'));
    expect(evs.filter((e) => e.reason === 'Unhealthy').map((e) => e.message)).toContain('Liveness probe failed: HTTP probe failed with statuscode: 404');
    expect(evs.find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Warning', message: expect.stringMatching(/^Back-off restarting failed container myweb in pod myweb-404_kubelet-e2e\(/) });
  });

  it('P5: never ready while the startup probe fails; liveness never runs', async () => {
    await create(
      pod('myweb-startup', {
        containers: [
          {
            name: 'myweb',
            image: 'ghcr.io/c1t1d0s7/go-myweb',
            startupProbe: { httpGet: { path: '/health?code=404', port: 8080 }, periodSeconds: 1 },
            livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 1 },
          },
        ],
      }),
    );
    await waitPod('myweb-startup', (x) => restarts(x) >= 2, 'RESTARTS 2', 60_000);
    for (const v of pods.all('myweb-startup')) {
      expect(container(v)?.ready ?? false).toBe(false);
      expect(container(v)?.started ?? false).toBe(false);
      expect(condition(v, 'Ready')?.status ?? 'False').toBe('False');
    }
    expect(pods.all('myweb-startup').some((v) => v.status?.phase === 'Running' && container(v)?.state?.running)).toBe(true);
    const evs = await eventsWhen('myweb-startup', (l) => l.some((e) => e.reason === 'Killing'));
    // Only the startup probe ever failed (before the server listens, a slow start may add "connection refused").
    const unhealthy = evs.filter((e) => e.reason === 'Unhealthy').map((e) => e.message!);
    expect(unhealthy).toContain('Startup probe failed: HTTP probe failed with statuscode: 404');
    expect(unhealthy.filter((m) => !/^Startup probe failed: Get "http:\/\/[0-9.]+:8080\/health\?code=404": dial tcp [0-9.]+:8080: connect: connection refused$/.test(m))).toEqual([
      'Startup probe failed: HTTP probe failed with statuscode: 404',
    ]);
    expect(evs.find((e) => e.reason === 'Killing')!.message).toBe('Container myweb failed startup probe, will be restarted');
  });

  it('P6: liveness (k8s.gcr.io/liveness) fails with 500 after its healthy period; restarts; CrashLoopBackOff', async () => {
    await create(
      pod('liveness-http', {
        containers: [
          {
            name: 'liveness',
            image: 'k8s.gcr.io/liveness',
            args: ['/server'],
            env: [{ name: 'KUBESIM_LIVENESS_HEALTHY_SECONDS', value: '2' }],
            // One failure kills: a probe cycle of ~3 s, well inside the 8 s back-off cap, so the back-off catches up.
            livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Custom-Header', value: 'Awesome' }] }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 1 },
          },
        ],
      }),
    );
    await waitPod('liveness-http', (x) => restarts(x) >= 2, 'RESTARTS 2', 60_000);
    // Kill after kill one probe cycle apart until the back-off (1s, 2s, 4s, 8s) outgrows it.
    await waitPod('liveness-http', (x) => container(x)?.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff', 60_000);
    const evs = await eventsWhen('liveness-http', (l) => l.some((e) => e.reason === 'Killing'));
    expect(evs.filter((e) => e.reason === 'Unhealthy').map((e) => e.message)).toContain('Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(evs.find((e) => e.reason === 'Killing')!.message).toBe('Container liveness failed liveness probe, will be restarted');
  });

  it('P6: the probe request carries the custom header and kube-probe User-Agent (user catalog image)', async () => {
    await create(
      pod('headers', {
        containers: [
          {
            name: 'rec',
            image: 'kubesim.test/header-recorder:v1',
            livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Custom-Header', value: 'Awesome' }] }, periodSeconds: 1 },
          },
        ],
      }),
    );
    await waitPod('headers', (x) => container(x)?.state?.running, 'Running');
    const line = await until(async () => (await podLogs(api.client, NS, 'headers')).split('\n').find((l) => l.includes('/healthz')), 'a probe request in the log', 15_000);
    const req = JSON.parse(line) as { method: string; url: string; headers: Record<string, string> };
    expect(req).toMatchObject({ method: 'GET', url: '/healthz', headers: { 'x-custom-header': 'Awesome', 'user-agent': 'kube-probe/1.33' } });
    // Events are written in the background (after the status writes of a burst): wait for it.
    const pulled = await until(async () => (await events('headers')).find((e) => e.reason === 'Pulled'), 'the Pulled event', 10_000);
    expect(pulled.message).toMatch(/^Successfully pulled image "kubesim.test\/header-recorder:v1" in .* Image size: 1234 bytes\.$/);
  });

  it('P7: tcpSocket readiness and liveness: not ready before the initial delay, then ready', async () => {
    await create(
      pod('goproxy', {
        containers: [
          {
            name: 'goproxy',
            image: 'registry.k8s.io/goproxy:0.1',
            ports: [{ containerPort: 8080 }],
            readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 3, periodSeconds: 1 },
            livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 3, periodSeconds: 1 },
          },
        ],
      }),
    );
    const ready = await waitPod('goproxy', (x) => condition(x, 'Ready')?.status === 'True', 'Ready', 30_000);
    const startedAt = Date.parse(container(ready)!.state!.running!.startedAt!);
    for (const v of pods.all('goproxy')) {
      if (container(v)?.ready) expect(Date.parse(condition(v, 'Ready')!.lastTransitionTime!) - startedAt).toBeGreaterThanOrEqual(2000);
    }
    expect(Date.parse(condition(ready, 'Ready')!.lastTransitionTime!) - startedAt).toBeGreaterThanOrEqual(2000);
    expect(restarts(ready)).toBe(0);
  });

  it('P7: a container that stops listening fails both tcpSocket probes: unready, then restarted', async () => {
    const script = "const s=require('net').createServer(()=>{}).listen(8080,process.env.POD_IP);setTimeout(()=>s.close(),4000);setInterval(()=>{},1e6)";
    await create(
      pod('listener', {
        containers: [
          {
            name: 'server',
            image: 'busybox',
            command: ['node', '-e', script],
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
            livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 3 },
          },
        ],
      }),
    );
    await waitPod('listener', (x) => condition(x, 'Ready')?.status === 'True', 'Ready', 30_000);
    await waitPod('listener', (x) => condition(x, 'Ready')?.status === 'False' && restarts(x) === 0, 'unready', 30_000);
    await waitPod('listener', (x) => restarts(x) >= 1, 'restart', 30_000);
    const evs = await eventsWhen('listener', (l) => l.filter((e) => e.reason === 'Unhealthy' && e.message!.includes('connection refused')).length >= 2);
    const ip = pods.latest('listener')!.status!.podIP;
    expect(evs.filter((e) => e.reason === 'Unhealthy').map((e) => e.message)).toEqual(
      expect.arrayContaining([`Readiness probe failed: dial tcp ${ip}:8080: connect: connection refused`, `Liveness probe failed: dial tcp ${ip}:8080: connect: connection refused`]),
    );
  });

  it('P8: exec probes run in the container (env, working directory): exit 0 passes, anything else fails', async () => {
    await create(
      pod('exec-probe', {
        containers: [
          {
            name: 'main',
            image: 'busybox',
            command: ['sh', '-c', 'touch healthy; sleep 4; rm healthy; sleep 600'],
            readinessProbe: { exec: { command: ['sh', '-c', 'test "$POD_NAME" = exec-probe && cat healthy'] }, periodSeconds: 1 },
            livenessProbe: { exec: { command: ['cat', 'healthy'] }, periodSeconds: 1, failureThreshold: 2 },
          },
        ],
      }),
    );
    await waitPod('exec-probe', (x) => condition(x, 'Ready')?.status === 'True', 'Ready', 30_000);
    await waitPod('exec-probe', (x) => restarts(x) >= 1, 'restart', 30_000);
    // Events are written asynchronously: the restarted container may run before the Killing event is posted.
    const evs = await until(async () => {
      const list = await events('exec-probe');
      return list.some((e) => e.reason === 'Killing') && list;
    }, 'the Killing event', 10_000);
    expect(evs.find((e) => e.reason === 'Unhealthy' && e.message!.startsWith('Liveness'))!.message).toMatch(/^Liveness probe failed: cat: .*healthy.*No such file or directory/);
    expect(evs.find((e) => e.reason === 'Killing')!.message).toBe('Container main failed liveness probe, will be restarted');
  });

  for (const policy of ['Always', 'OnFailure', 'Never'] as const) {
    for (const code of [0, 1]) {
      it(`P9: restartPolicy ${policy}, exit ${code}`, async () => {
        const name = `p9-${policy.toLowerCase()}-${code}`;
        await create(pod(name, { restartPolicy: policy, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', `echo run; sleep 0.3; exit ${code}`] }] }));
        const reason = code === 0 ? 'Completed' : 'Error';
        const restartsExpected = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
        if (restartsExpected) {
          const p = await waitPod(name, (x) => restarts(x) >= 2, 'RESTARTS 2', 30_000);
          expect(p.status!.phase).toBe('Running');
          const last = await waitPod(name, (x) => container(x)?.lastState?.terminated, 'lastState');
          expect(container(last)!.lastState!.terminated).toMatchObject({ exitCode: code, reason });
        } else {
          const phase = code === 0 ? 'Succeeded' : 'Failed';
          const p = await waitPod(name, (x) => x.status?.phase === phase, phase, 30_000);
          expect(container(p)).toMatchObject({ restartCount: 0, ready: false, state: { terminated: { exitCode: code, reason } } });
          expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: code === 0 ? 'PodCompleted' : 'PodFailed' });
          terminalPods.push([name, phase]);
        }
      });
    }
  }

  it('P11: exit codes: signals are 128+n (137, 143), a missing executable 127, application errors their own', async () => {
    const cases: [string, string[], number, string][] = [
      ['p11-sigkill', ['sh', '-c', 'kill -9 $$$$'], 137, 'Error'],
      ['p11-sigterm', ['sh', '-c', 'kill -TERM $$$$'], 143, 'Error'],
      ['p11-missing', ['no-such-executable-kubesim'], 127, 'StartError'],
      ['p11-app', ['sh', '-c', 'exit 3'], 3, 'Error'],
    ];
    await Promise.all(cases.map(([name, command]) => create(pod(name, { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command }] }))));
    for (const [name, , exitCode, reason] of cases) {
      const p = await waitPod(name, (x) => x.status?.phase === 'Failed', 'Failed', 30_000);
      expect(container(p)!.state!.terminated).toMatchObject({ exitCode, reason });
    }
    expect(container(pods.latest('p11-missing'))!.state!.terminated!.message).toContain('exec: "no-such-executable-kubesim": executable file not found in $PATH');
  });

  it('P12: above limits.memory the container is OOMKilled (137), then CrashLoopBackOff', async () => {
    await create(
      pod('stress', {
        containers: [{ name: 'stress', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'], resources: { limits: { memory: '64Mi' }, requests: { memory: '32Mi' } } }],
      }),
    );
    const p = await waitPod('stress', (x) => restarts(x) >= 2, 'RESTARTS 2', 60_000);
    expect(container(p)!.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    await waitPod('stress', (x) => container(x)?.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff', 30_000);
    expect(pods.all('stress').some((x) => container(x)?.state?.running)).toBe(true);
    expect(p.status!.qosClass).toBe('Burstable');
  });

  it('P13: kubectl logs --previous prints the previous instance (nginx entrypoint lines)', async () => {
    await create(
      pod('nginx', {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            ...(process.getuid?.() === 0 ? {} : { env: [{ name: 'NGINX_PORT', value: '8080' }] }),
            livenessProbe: { httpGet: { path: '/no-such-page', port: process.getuid?.() === 0 ? 80 : 8080 }, periodSeconds: 1, failureThreshold: 1 },
          },
        ],
      }),
    );
    await waitPod('nginx', (x) => restarts(x) >= 1, 'a restart', 30_000);
    const kubectl = (args: string[]) => run('kubectl', ['--kubeconfig', api.kubeconfig, '--cache-dir', kubectlCache, '-n', NS, ...args], { timeout: 20_000 });
    const { stdout } = await kubectl(['logs', 'nginx', '--previous']);
    expect(stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(stdout).toMatch(/GET \/no-such-page HTTP\/1.1" 404/);
    const current = await until(async () => (await kubectl(['logs', 'nginx'])).stdout, 'current logs', 10_000);
    expect(current).toContain('/docker-entrypoint.sh:');
    const err = await kubectl(['logs', 'basic-nonexistent']).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toContain('pods "basic-nonexistent" not found');
  });

  it('a container killed with kill -9 from outside is reported as 137 and restarted', async () => {
    await create(pod('victim', { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', pidScript] }] }));
    await waitPod('victim', (x) => container(x)?.state?.running, 'Running');
    const pid = await loggedPid('victim');
    process.kill(pid, 'SIGKILL');
    const p = await waitPod('victim', (x) => restarts(x) === 1 && container(x)?.state?.running, 'restarted', 30_000);
    expect(container(p)!.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    const newPid = await loggedPid('victim');
    expect(newPid).not.toBe(pid);
    containerPids.push(newPid);
    expect(await podLogs(api.client, NS, 'victim', { previous: true })).toBe(`pid=${pid}\n`);
  });

  it('graceful deletion: Terminating while the container stops (SIGTERM, then SIGKILL after the grace period), then the pod is gone', async () => {
    await create(
      pod('graceful', {
        terminationGracePeriodSeconds: 3,
        containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'trap "echo ignoring TERM" TERM; echo pid=$$$$; while true; do sleep 0.1; done'] }],
      }),
    );
    await waitPod('graceful', (x) => container(x)?.state?.running, 'Running');
    const pid = await loggedPid('graceful');
    const t0 = Date.now();
    const res = await api.client.pods(NS).delete('graceful');
    expect(res.finished).toBe(false);
    expect(res.object?.metadata.deletionTimestamp).toBeTruthy();
    await waitPod('graceful', (x) => x.metadata.annotations?.['test/deleted'] === 'true', 'deleted', 30_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2500);
    expect(alive(pid)).toBe(false);
    const versions = pods.all('graceful');
    expect(versions.some((v) => v.metadata.deletionTimestamp && v.status?.phase === 'Running')).toBe(true);
    const killing = (await eventsWhen('graceful', (l) => l.some((e) => e.reason === 'Killing'))).find((e) => e.reason === 'Killing');
    expect(killing).toMatchObject({ message: 'Stopping container main' });
  });
});

describe('after the scenarios', () => {
  it('terminal pods stayed as they were: not restarted, not deleted', async () => {
    expect(terminalPods.length).toBe(3);
    for (const [name, phase] of terminalPods) {
      const p = await api.client.pods(NS).get(name);
      expect(p.status!.phase).toBe(phase);
      expect(restarts(p)).toBe(0);
      expect(p.metadata.deletionTimestamp).toBeUndefined();
    }
  });

  it('the pods got spare folders, and those are made again while the kubelet is idle', async () => {
    const dirs = () => readdirSync(join(node1.rootDir, 'spare')).filter((n) => n.startsWith('d-')).length;
    const podFolders = readdirSync(join(node1.rootDir, 'pods')).map((n) => statSync(join(node1.rootDir, 'pods', n)).ino);
    expect(podFolders.length).toBeGreaterThan(10);
    expect(podFolders.filter((ino) => firstSpareFolders.has(ino)).length).toBeGreaterThan(0);
    await until(() => dirs() === 64, 'the spare folders topped up to 64', 20_000);
  });
});

describe('a killed kubelet', () => {
  it('takes its containers with it within 2 s; restarted, it re-registers, finishes deletions and runs its pods again', async () => {
    const node2 = await startKubelet(api, 'node-2');
    try {
      await create(pod('survivor', { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', pidScript] }] }, 'node-2'));
      await create(pod('doomed', { terminationGracePeriodSeconds: 30, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', pidScript] }] }, 'node-2'));
      await waitPod('survivor', (x) => container(x)?.state?.running, 'Running');
      await waitPod('doomed', (x) => container(x)?.state?.running, 'Running');
      const pids = [await loggedPid('survivor'), await loggedPid('doomed')];
      // No process per container: one watchdog for the whole kubelet.
      const watchdogs = watchdogPids(node2.rootDir);
      expect(watchdogs).toHaveLength(1);
      const bootID = (await api.client.nodes().get('node-2')).status!.nodeInfo!.bootID;

      node2.kill('SIGKILL');
      await node2.exited();
      await until(() => [...pids, ...watchdogs].every((p) => !alive(p)), 'every container process of node-2 to die', 2000, 10);

      // While the node is down, a pod is deleted: it stays Terminating.
      await api.client.pods(NS).delete('doomed');
      expect((await api.client.pods(NS).get('doomed')).metadata.deletionTimestamp).toBeTruthy();

      await node2.restart();
      const node = await api.client.nodes().get('node-2');
      expect(node.status!.nodeInfo!.bootID).not.toBe(bootID);
      await waitPod('doomed', (x) => x.metadata.annotations?.['test/deleted'] === 'true', 'doomed removed', 20_000);
      const back = await waitPod('survivor', (x) => container(x)?.state?.running && restarts(x) >= 1, 'survivor running again', 20_000);
      expect(container(back)!.restartCount).toBe(1);
      const newPid: number = await until(async () => {
        const n = await loggedPid('survivor');
        return n !== pids[0] ? n : 0;
      }, 'a new pid', 15_000);
      expect(alive(newPid)).toBe(true);
      // The previous instance's log survived the kubelet's death.
      expect(await podLogs(api.client, NS, 'survivor', { previous: true })).toBe(`pid=${pids[0]}\n`);
      const rebooted = await until(
        async () => (await api.client.events('default').list()).items.find((e) => e.involvedObject.name === 'node-2' && e.reason === 'Rebooted'),
        'the Rebooted event',
        10_000,
      );
      expect(rebooted.type).toBe('Warning');

      node2.kill('SIGTERM');
      expect((await node2.exited()).code).toBe(0);
      expect(alive(newPid)).toBe(false);
      expect(watchdogPids(node2.rootDir)).toEqual([]);
    } finally {
      node2.kill('SIGKILL');
      rmSync(node2.rootDir, { recursive: true, force: true });
    }
  });
});

describe('heap pacer', () => {
  it('--gc-slack: the kubelet collects its heap once it has grown that much, and says so at debug level', async () => {
    const node = await startKubelet(api, 'node-gc', ['--gc-slack', '1'], 'debug');
    try {
      // A collection that freed something: the heap in use after it below what it was before.
      const line = await until(
        () =>
          node
            .output()
            .split('\n')
            .map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg?: string; beforeBytes?: number; afterBytes?: number; durationMs?: number }) : undefined))
            .find((l) => l?.msg === 'heap collected' && l.afterBytes! < l.beforeBytes!),
        'a "heap collected" log line',
        15_000,
      );
      expect(line.afterBytes).toBeGreaterThan(0);
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      node.kill('SIGTERM');
      await node.exited();
      rmSync(node.rootDir, { recursive: true, force: true });
    }
  });

  it('rejects a --gc-slack that is not a quantity, before it starts', async () => {
    const res = await run(process.execPath, [builtApp('kubelet'), '--node-name', 'x', '--apiserver', api.grpcAddress, '--token-file', api.tokenFile, '--gc-slack', 'lots']).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("option '--gc-slack <quantity>' argument 'lots' is invalid");
  });
});
