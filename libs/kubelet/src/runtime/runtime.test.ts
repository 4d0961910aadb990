import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, Pod } from '@kubesim/api';
import { collect, processAlive, randomLoopbackIP, waitUntil } from '../testutil.js';
import { ContainerRuntime, ExecError, LogsError, type RuntimeContainerStatus } from './runtime.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

let rootDir: string;
let runtime: ContainerRuntime;
let seq = 0;

function makePod(containers: Container[], name = `pod-${++seq}`): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}-${process.pid}`, labels: { app: 'test' } },
    spec: { containers, nodeName: 'node-1', serviceAccountName: 'default' },
  };
}

async function start(pod: Pod, restartCount = 0, podIP = randomLoopbackIP(), idx = 0) {
  const res = await runtime.startContainer({ pod, container: pod.spec.containers[idx]!, restartCount, podIP, hostIP: '127.0.0.1', nodeName: 'node-1' });
  return { res, podIP };
}

async function exitedStatus(id: string): Promise<RuntimeContainerStatus> {
  return runtime.waitForExit(id);
}

beforeAll(() => {
  rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-runtime-'));
  runtime = new ContainerRuntime({ rootDir, memorySampleIntervalMs: 200 });
});

afterEach(async () => {
  // Every test leaves nothing running.
  for (const s of runtime.listContainers()) if (s.state !== 'exited') await runtime.stopContainer(s.id, 0);
});

afterAll(async () => {
  const pids = runtime.listContainers().map((s) => s.pid).filter((p): p is number => !!p);
  await runtime.shutdown();
  for (const pid of pids) expect(processAlive(pid)).toBe(false);
  fs.rmSync(rootDir, { recursive: true, force: true });
});

describe('ContainerRuntime with real processes', () => {
  it('runs kubia bound to the pod IP and logs like the original', async () => {
    const pod = makePod([{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }], resources: { limits: { memory: '1Gi' } } }], 'kubia-abc12');
    const { res, podIP } = await start(pod);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.status).toMatchObject({ state: 'running', image: 'docker.io/luksa/kubia:latest', restartCount: 0 });
    expect(res.status.id).toMatch(/^kubesim:\/\/[0-9a-f]{64}$/);
    expect(res.status.imageRef).toMatch(/^docker\.io\/luksa\/kubia@sha256:[0-9a-f]{64}$/);
    const r = await waitUntil(() => httpGet(`http://${podIP}:8080/`), 10_000, 50, 'kubia to listen');
    expect(r).toEqual({ status: 200, body: "You've hit kubia-abc12\n" });
    // Bound to the pod IP only: another loopback address is refused.
    const other = podIP.replace(/\.\d+$/, (m) => (m === '.251' ? '.252' : `.${Number(m.slice(1)) + 1}`));
    await expect(httpGet(`http://${other}:8080/`)).rejects.toThrow(/ECONNREFUSED/);
    const logs = await waitUntil(async () => {
      const text = await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'kubia' }));
      return text.includes('Received request from') ? text : undefined;
    });
    expect(logs).toMatch(/^Kubia server starting\.\.\.\nReceived request from ::ffff:127\.\d+\.\d+\.\d+\n$/);
    // Raw file is CRI format.
    const raw = fs.readFileSync(path.join(rootDir, 'logs', `${pod.metadata.uid!}_kubia_0.log`), 'utf8');
    expect(raw.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z stdout F Kubia server starting\.\.\.$/);
    // Memory is sampled (for containers with a memory limit).
    await waitUntil(() => (runtime.getContainer(res.status.id)?.memoryBytes ?? 0) > 1_000_000, 5000, 50, 'memory sample');
    // SIGTERM: kubia has no handler and dies by the signal.
    await runtime.stopContainer(res.status.id, 5);
    expect(await exitedStatus(res.status.id)).toMatchObject({ state: 'exited', exitCode: 143, reason: 'Error', signal: 'SIGTERM' });
  });

  it('passes the pod environment, downward API and $(VAR) expansion', async () => {
    const pod = makePod([
      {
        name: 'env',
        image: 'busybox',
        command: ['sh', '-c', 'echo "$POD_IP|$POD_NAME|$POD_NAMESPACE|$HOSTNAME|$GREETING|$FULL|$MY_UID|$NODE|$HOST_IP|$ESCAPED|$(pwd)"; echo $(MESSAGE)'],
        workingDir: path.join(os.tmpdir(), `kubesim-wd-${process.pid}`),
        env: [
          { name: 'GREETING', value: 'hello' },
          { name: 'FULL', value: '$(GREETING) world $(UNDEFINED)' },
          { name: 'ESCAPED', value: '$$(GREETING)' },
          { name: 'MY_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
          { name: 'MESSAGE', value: 'expanded-in-args' },
        ],
      },
    ]);
    const { res, podIP } = await start(pod);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const st = await exitedStatus(res.status.id);
    expect(st).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const out = await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'env' }));
    expect(out).toBe(
      `${podIP}|${pod.metadata.name}|default|${pod.metadata.name}|hello|hello world $(UNDEFINED)|${pod.metadata.uid}|node-1|127.0.0.1|$(GREETING)|${path.join(os.tmpdir(), `kubesim-wd-${process.pid}`)}\nexpanded-in-args\n`,
    );
    fs.rmSync(path.join(os.tmpdir(), `kubesim-wd-${process.pid}`), { recursive: true, force: true });
  });

  it('reports exit codes 0, 1, 127, 137 and 143', async () => {
    const pod = makePod([
      { name: 'ok', image: 'busybox', command: ['true'] },
      { name: 'fail', image: 'alpine', command: ['sh', '-c', 'echo boom >&2; exit 1'], terminationMessagePolicy: 'FallbackToLogsOnError' },
      { name: 'missing', image: 'busybox', command: ['no-such-binary-kubesim'] },
      { name: 'shnotfound', image: 'busybox', command: ['sh', '-c', 'no-such-binary-kubesim'] },
      { name: 'stubborn', image: 'luksa/kubia-unhealthy' },
      { name: 'sleeper', image: 'busybox', args: ['sleep', '1000'] },
    ]);
    const ip = randomLoopbackIP();
    const results = [];
    for (let i = 0; i < pod.spec.containers.length; i++) results.push((await start(pod, 0, ip, i)).res);
    const [ok, fail, missing, shnf, stubborn, sleeper] = results;
    expect(ok!.ok && fail!.ok && shnf!.ok && stubborn!.ok && sleeper!.ok).toBe(true);
    expect(await exitedStatus((ok as { status: RuntimeContainerStatus }).status.id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await exitedStatus((fail as { status: RuntimeContainerStatus }).status.id)).toMatchObject({ exitCode: 1, reason: 'Error', message: 'boom\n' });
    expect(missing).toMatchObject({ ok: false, reason: 'RunContainerError' });
    if (!missing!.ok) {
      expect(missing!.message).toBe(
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "no-such-binary-kubesim": executable file not found in $PATH: unknown',
      );
      expect(missing!.status).toMatchObject({ state: 'exited', exitCode: 127, reason: 'StartError' });
    }
    expect(await exitedStatus((shnf as { status: RuntimeContainerStatus }).status.id)).toMatchObject({ exitCode: 127, reason: 'Error' });
    // kubia-unhealthy ignores SIGTERM: killed after the (minimum) grace period.
    const stubbornId = (stubborn as { status: RuntimeContainerStatus }).status.id;
    // Its SIGTERM handler is installed before it logs; a signal during node's startup would kill it.
    await waitUntil(async () => (await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'stubborn' }))).includes('Kubia server starting'), 10_000, 20, 'kubia-unhealthy start');
    const t0 = Date.now();
    await runtime.stopContainer(stubbornId, 0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(await exitedStatus(stubbornId)).toMatchObject({ exitCode: 137, reason: 'Error', signal: 'SIGKILL' });
    const sleeperId = (sleeper as { status: RuntimeContainerStatus }).status.id;
    await runtime.stopContainer(sleeperId, 30);
    expect(await exitedStatus(sleeperId)).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  it('keeps the previous instance for logs --previous and serves tail/limit/timestamps/since', async () => {
    const pod = makePod([{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three'] }]);
    const ip = randomLoopbackIP();
    const first = await start(pod, 0, ip);
    await exitedStatus((first.res as { status: RuntimeContainerStatus }).status.id);
    const pod2 = { ...pod, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo second-run'] }] } };
    const second = await runtime.startContainer({ pod: pod2, container: pod2.spec.containers[0]!, restartCount: 1, podIP: ip });
    await exitedStatus((second as { status: RuntimeContainerStatus }).status.id);
    const uid = pod.metadata.uid!;
    expect(await collect(runtime.readLogs({ podUID: uid, containerName: 'c' }))).toBe('second-run\n');
    expect(await collect(runtime.readLogs({ podUID: uid, containerName: 'c', previous: true }))).toBe('one\ntwo\nthree\n');
    expect(await collect(runtime.readLogs({ podUID: uid, containerName: 'c', previous: true, tailLines: 2 }))).toBe('two\nthree\n');
    expect(await collect(runtime.readLogs({ podUID: uid, containerName: 'c', previous: true, limitBytes: 6 }))).toBe('one\ntw');
    const ts = await collect(runtime.readLogs({ podUID: uid, containerName: 'c', timestamps: true }));
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z second-run\n$/);
    expect(await collect(runtime.readLogs({ podUID: uid, containerName: 'c', sinceTime: Date.now() + 60_000 }))).toBe('');
    expect(fs.existsSync(path.join(rootDir, 'logs', `${uid}_c_1.log`))).toBe(true);
    // A third instance drops the oldest one (one dead instance is kept for --previous).
    const third = await runtime.startContainer({ pod: pod2, container: pod2.spec.containers[0]!, restartCount: 2, podIP: ip });
    await exitedStatus((third as { status: RuntimeContainerStatus }).status.id);
    expect(runtime.listContainers(uid).map((s) => s.restartCount)).toEqual([2, 1]);
    await waitUntil(() => !fs.existsSync(path.join(rootDir, 'logs', `${uid}_c_0.log`)), 2000, 20, 'old log removal');
    expect(() => runtime.readLogs({ podUID: 'nope', containerName: 'c', previous: true })).toThrow(LogsError);
    // A restarted kubelet's runtime carries the instance numbers on from the log files.
    const again = new ContainerRuntime({ rootDir, forkServer: false });
    expect(again.restartCountFromLogDir(uid, 'c')).toBe(3);
    expect(again.restartCountFromLogDir(uid, 'other')).toBe(0);
    // ... and removes a pod's logs it only knows from the folder.
    const others = fs.readdirSync(path.join(rootDir, 'logs')).filter((f) => !f.startsWith(`${uid}_`));
    expect(others.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(rootDir, 'pods', uid))).toBe(true);
    await again.removePod(uid, { deleteFiles: true });
    expect(fs.existsSync(path.join(rootDir, 'pods', uid))).toBe(false);
    expect(fs.readdirSync(path.join(rootDir, 'logs')).sort()).toEqual(others.sort());
    await again.shutdown();
    // As the kubelet asks: the restart count of a first instance before its start, in a new root.
    const fresh = new ContainerRuntime({ rootDir: fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-runtime-')), forkServer: false });
    const p3 = makePod([{ name: 'c', image: 'busybox', command: ['echo', 'fresh'] }]);
    expect(fresh.restartCountFromLogDir(p3.metadata.uid!, 'c')).toBe(0);
    const r3 = await fresh.startContainer({ pod: p3, container: p3.spec.containers[0]!, restartCount: 0, podIP: ip });
    await fresh.waitForExit((r3 as { status: RuntimeContainerStatus }).status.id);
    expect(await collect(fresh.readLogs({ podUID: p3.metadata.uid!, containerName: 'c' }))).toBe('fresh\n');
    await fresh.shutdown();
    fs.rmSync(fresh.rootDir, { recursive: true, force: true });
    await runtime.removePod(uid, { deleteFiles: true });
  });

  it("takes a container's log file and its pod's folder from the spares, and gives them back with the pod", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-runtime-'));
    const rt = new ContainerRuntime({ rootDir: root, spareFiles: 4 });
    try {
      await rt.fillSpares();
      expect(rt.spareStock).toEqual({ files: 4, dirs: 4 });
      const spareInodes = new Set(fs.readdirSync(path.join(root, 'spare')).map((n) => fs.statSync(path.join(root, 'spare', n)).ino));
      const pod = makePod([{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo from-a-spare; pwd'] }]);
      const uid = pod.metadata.uid!;
      const r = await rt.startContainer({ pod, container: pod.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      await rt.waitForExit((r as { status: RuntimeContainerStatus }).status.id);
      const logFile = path.join(root, 'logs', `${uid}_c_0.log`);
      expect(spareInodes.has(fs.statSync(logFile).ino)).toBe(true);
      expect(spareInodes.has(fs.statSync(path.join(root, 'pods', uid)).ino)).toBe(true);
      expect(rt.spareStock).toEqual({ files: 3, dirs: 3 });
      // The container ran in its pod's folder and its output is in the log.
      expect(await collect(rt.readLogs({ podUID: uid, containerName: 'c' }))).toBe(`from-a-spare\n${path.join(root, 'pods', uid)}\n`);
      await rt.removePod(uid, { deleteFiles: true });
      expect(fs.readdirSync(path.join(root, 'pods'))).toEqual([]);
      expect(fs.readdirSync(path.join(root, 'logs'))).toEqual([]);
      expect(rt.spareStock).toEqual({ files: 4, dirs: 4 });
      // Emptied on the way back.
      for (const n of fs.readdirSync(path.join(root, 'spare'))) {
        const p = path.join(root, 'spare', n);
        if (n.startsWith('f-')) expect(fs.statSync(p).size).toBe(0);
        else expect(fs.readdirSync(p)).toEqual([]);
      }
      // A folder its containers wrote to is removed, not kept.
      const writer = makePod([{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo x > data'] }]);
      const r2 = await rt.startContainer({ pod: writer, container: writer.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      await rt.waitForExit((r2 as { status: RuntimeContainerStatus }).status.id);
      expect(fs.readFileSync(path.join(root, 'pods', writer.metadata.uid!, 'data'), 'utf8')).toBe('x\n');
      await rt.removePod(writer.metadata.uid!, { deleteFiles: true });
      expect(fs.readdirSync(path.join(root, 'pods'))).toEqual([]);
      expect(rt.spareStock).toEqual({ files: 4, dirs: 3 });
    } finally {
      await rt.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a log file someone is still reading is not kept as a spare: the reader reads on to its end', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-runtime-'));
    const rt = new ContainerRuntime({ rootDir: root, spareFiles: 2 });
    try {
      await rt.fillSpares();
      const a = makePod([{ name: 'c', image: 'busybox', command: ['sh', '-c', 'i=1; while [ $i -le 6000 ]; do echo line-of-a-$i; i=$((i+1)); done'] }]);
      const ra = await rt.startContainer({ pod: a, container: a.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      await rt.waitForExit((ra as { status: RuntimeContainerStatus }).status.id);
      const reader = rt.readLogs({ podUID: a.metadata.uid!, containerName: 'c' })[Symbol.asyncIterator]();
      const first = await reader.next();
      expect(first.done).toBe(false);
      const stock = rt.spareStock.files;
      await rt.removePod(a.metadata.uid!, { deleteFiles: true });
      expect(rt.spareStock.files).toBe(stock);
      expect(fs.readdirSync(path.join(root, 'logs'))).toEqual([]);
      // The next container gets a spare of its own; the reader still has the whole of a's log.
      const b = makePod([{ name: 'c', image: 'busybox', command: ['echo', 'private-of-b'] }]);
      const rb = await rt.startContainer({ pod: b, container: b.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      await rt.waitForExit((rb as { status: RuntimeContainerStatus }).status.id);
      let text = (first.value as Buffer).toString();
      for (let r = await reader.next(); !r.done; r = await reader.next()) text += (r.value as Buffer).toString();
      expect(text).not.toContain('private-of-b');
      expect(text.trimEnd().split('\n')).toHaveLength(6000);
      expect(text.trimEnd().split('\n').at(-1)).toBe('line-of-a-6000');
      // Once nobody reads it, b's log goes back to the spares.
      await rt.removePod(b.metadata.uid!, { deleteFiles: true });
      expect(rt.spareStock.files).toBe(stock);
    } finally {
      await rt.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('removes the folders and logs of pods that are not live, and keeps the live ones', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-runtime-'));
    const rt = new ContainerRuntime({ rootDir: root, forkServer: false });
    try {
      const live = makePod([{ name: 'c', image: 'busybox', command: ['echo', 'live'] }]);
      const gone = makePod([{ name: 'c', image: 'busybox', command: ['echo', 'gone'] }]);
      for (const p of [live, gone]) {
        const r = await rt.startContainer({ pod: p, container: p.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
        await rt.waitForExit((r as { status: RuntimeContainerStatus }).status.id);
      }
      // Left by an earlier kubelet: a log file of the orphan that this runtime never wrote.
      fs.writeFileSync(path.join(root, 'logs', `${gone.metadata.uid!}_c_7.log`), '');
      rt.removeOrphanedFiles(new Set([live.metadata.uid!]));
      expect(fs.readdirSync(path.join(root, 'pods'))).toEqual([live.metadata.uid!]);
      expect(fs.readdirSync(path.join(root, 'logs'))).toEqual([`${live.metadata.uid!}_c_0.log`]);
      expect(rt.restartCountFromLogDir(gone.metadata.uid!, 'c')).toBe(0);
    } finally {
      await rt.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a start that fails before the instance exists does not count as one', async () => {
    const pod = makePod([{ name: 'c', image: 'busybox', command: ['true'], workingDir: '/dev/null/wd' }]);
    const { res } = await start(pod);
    expect(res).toMatchObject({ ok: false, reason: 'CreateContainerError' });
    expect(runtime.restartCountFromLogDir(pod.metadata.uid!, 'c')).toBe(0);
    expect(fs.existsSync(runtime.logPath(pod.metadata.uid!, 'c', 0))).toBe(false);
  });

  it("runs a container in its pod's folder unless it names a working directory", async () => {
    const pod = makePod([
      { name: 'pwd', image: 'busybox', command: ['pwd'] },
      { name: 'wd', image: 'busybox', command: ['pwd'], workingDir: path.join(rootDir, 'work', 'dir') },
    ]);
    for (const idx of [0, 1]) {
      const { res } = await start(pod, 0, randomLoopbackIP(), idx);
      await exitedStatus((res as { status: RuntimeContainerStatus }).status.id);
    }
    expect(await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'pwd' }))).toBe(`${runtime.podDir(pod.metadata.uid!)}\n`);
    expect(await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'wd' }))).toBe(`${path.join(rootDir, 'work', 'dir')}\n`);
  });

  it('follows logs until the container exits', async () => {
    const pod = makePod([{ name: 'ticker', image: 'busybox', command: ['sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.2; done'] }]);
    const { res } = await start(pod);
    expect(res.ok).toBe(true);
    const seen: string[] = [];
    for await (const chunk of runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'ticker', follow: true })) seen.push(chunk.toString());
    expect(seen.join('')).toBe('tick 1\ntick 2\ntick 3\n');
    expect(seen.length).toBeGreaterThan(1);
  });

  it('follow stops when aborted', async () => {
    const pod = makePod([{ name: 'loop', image: 'busybox', command: ['sh', '-c', 'echo start; sleep 1000'] }]);
    const { res } = await start(pod);
    expect(res.ok).toBe(true);
    const ac = new AbortController();
    const got: string[] = [];
    const reader = (async () => {
      for await (const c of runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'loop', follow: true, signal: ac.signal })) got.push(c.toString());
    })();
    await waitUntil(() => got.join('') === 'start\n', 5000, 20, 'first line');
    ac.abort();
    await reader;
  });

  it('kills a container over its memory limit with OOMKilled / 137', async () => {
    const pod = makePod([
      {
        name: 'memory-demo',
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '200M', '--vm-hang', '1'],
        resources: { limits: { memory: '50Mi' }, requests: { memory: '50Mi' } },
      },
    ]);
    const { res } = await start(pod);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const st = await exitedStatus(res.status.id);
    expect(st).toMatchObject({ state: 'exited', exitCode: 137, reason: 'OOMKilled' });
    const out = await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'memory-demo' }));
    expect(out).toContain('stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n');
  });

  it('runs exec commands in the container environment with timeouts', async () => {
    const pod = makePod([{ name: 'box', image: 'busybox', command: ['sleep', '1000'], env: [{ name: 'FOO', value: 'bar' }] }]);
    const { res } = await start(pod);
    if (!res.ok) throw new Error(res.message);
    const id = res.status.id;
    expect(await runtime.execInContainer(id, ['sh', '-c', 'echo $FOO; echo err >&2; exit 3'])).toEqual({ exitCode: 3, output: 'bar\nerr\n' });
    expect(await runtime.execInContainer(id, ['cat', '/nonexistent/kubesim'])).toMatchObject({ exitCode: 1 });
    await expect(runtime.execInContainer(id, ['sleep', '10'], { timeoutMs: 200 })).rejects.toMatchObject({ message: 'command "sleep 10" timed out', timedOut: true });
    await expect(runtime.execInContainer(id, ['no-such-binary-kubesim'])).rejects.toBeInstanceOf(ExecError);
    await runtime.stopContainer(id, 0);
    await expect(runtime.execInContainer(id, ['true'])).rejects.toBeInstanceOf(ExecError);
  });

  it('nginx serves the welcome page and exits 0 on its stop signal', async () => {
    const pod = makePod([{ name: 'nginx', image: 'nginx:1.25.3', env: [{ name: 'NGINX_PORT', value: '8081' }] }]);
    const { res, podIP } = await start(pod);
    if (!res.ok) throw new Error(res.message);
    const r = await waitUntil(() => httpGet(`http://${podIP}:8081/`), 10_000, 50, 'nginx');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Welcome to nginx!</title>');
    await runtime.stopContainer(res.status.id, 30);
    expect(await exitedStatus(res.status.id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const out = await collect(runtime.readLogs({ podUID: pod.metadata.uid!, containerName: 'nginx' }));
    expect(out).toContain('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n');
    expect(out).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(out).toMatch(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: nginx\/1\.25\.3\n/);
    expect(out).toMatch(/\[notice\] 1#1: start worker processes\n/);
    expect(out).toMatch(/127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "-" "-"\n/);
    expect(out).toMatch(/\[notice\] 1#1: signal 3 \(SIGQUIT\) received, shutting down\n/);
    expect(out).toMatch(/\[notice\] 1#1: exit\n$/);
  });

  it('kills the containers when the kubelet process is SIGKILLed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-watchdog-'));
    // The stand-in kubelet is the real runtime, bundled into one plain module for node.
    const bundle = path.join(dir, 'parent.mjs');
    await build({
      entryPoints: [path.join(REPO, 'libs/kubelet/testdata/watchdog-parent.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@kubesim/source'],
      outfile: bundle,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const parent = spawn(process.execPath, [bundle, dir, randomLoopbackIP()], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBESIM_IMAGES_DIR: path.join(REPO, 'libs/kubelet/images') },
    });
    try {
      let out = '';
      let err = '';
      parent.stdout!.on('data', (d) => (out += d));
      parent.stderr!.on('data', (d) => (err += d));
      const pid = await waitUntil(() => /"pid":(\d+)/.exec(out)?.[1], 15_000, 20, 'the parent to start its container')
        .catch((e: Error) => {
          throw new Error(`${e.message}; parent stdout: ${out}; stderr: ${err}`);
        })
        .then(Number);
      expect(processAlive(pid)).toBe(true);
      // Its children (the `sleep`s of the container) too.
      const group = () => fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n) && (() => {
        try {
          const st = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
          return st.slice(st.lastIndexOf(')') + 2).split(' ')[3] === String(pid);
        } catch {
          return false;
        }
      })());
      await waitUntil(() => group().length >= 3, 5000, 20, 'container processes');
      parent.kill('SIGKILL');
      // Within the 2 s the kubelet's contract allows (a zombie left for init to reap is dead).
      await waitUntil(() => !processAlive(pid) && group().length === 0, 2000, 20, 'the container to die with its kubelet');
    } finally {
      parent.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
