// `kubesim up`, `status`, `kill`, `start` and `down` as a user runs them: the built CLI, real processes.
import type { Pod } from '@kubesim/api';
import { Clientset } from '@kubesim/client';
import { isAlive as alive } from '@kubesim/component-base';
import { builtApp, repoRoot } from '@kubesim/testing';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
const kubesim = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  run(process.execPath, [builtApp('cli'), '--dir', dir, ...args], { env, timeout: 90_000 });


interface State {
  components: { name: string; pid: number; address: string }[];
  apiserver: { grpcAddress: string };
  adminTokenFile: string;
}
const state = (): State => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));

afterAll(async () => {
  await kubesim(['down']).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('kubesim CLI', () => {
  it('says how to install etcd when it is missing', async () => {
    const err = await kubesim(['up'], { ...process.env, PATH: '/nonexistent', KUBESIM_ETCD: '' }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('etcd was not found on PATH');
    expect(err.stderr).toContain('apt-get install -y etcd-server');
  });

  it('up starts a whole cluster, status reports it, pods run, down leaves nothing running', async () => {
    const { stdout } = await kubesim(['up']);
    expect(stdout).toContain('etcd ready');
    expect(stdout).toContain('apiserver ready');
    expect(stdout).toContain('kubesim is running.');
    const s = state();
    expect(s.components.map((c) => c.name)).toEqual(['etcd', 'apiserver', 'scheduler', 'kubelet/node-1', 'kubelet/node-2', 'kubelet/node-3']);
    for (const c of s.components) expect(alive(c.pid)).toBe(true);
    // Kubelets run the bundle (scripts/bundle.mjs) with one malloc arena.
    const kubelet = s.components.find((c) => c.name === 'kubelet/node-1')!;
    expect(readFileSync(`/proc/${kubelet.pid}/cmdline`, 'utf8').split('\0')).toContain(join(repoRoot(), 'apps', 'kubelet', 'dist', 'kubelet.mjs'));
    expect(readFileSync(`/proc/${kubelet.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=1');

    const status = (await kubesim(['status'])).stdout;
    expect(status).toMatch(/^COMPONENT\s+PID\s+ADDRESS\s+HEALTH$/m);
    expect(status).toMatch(new RegExp(`^etcd\\s+${s.components[0]!.pid}\\s+\\S+\\s+healthy$`, 'm'));
    expect(status).toMatch(new RegExp(`^apiserver\\s+${s.components[1]!.pid}\\s+${s.apiserver.grpcAddress}\\s+healthy$`, 'm'));
    expect(status).toMatch(new RegExp(`^scheduler\\s+${s.components[2]!.pid}\\s+\\S+\\s+healthy$`, 'm'));

    // The default cluster runs a pod end to end: kubectl → scheduler → kubelet.
    const kubectl = (args: string[]) =>
      run('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'kubectl-cache'), ...args], { timeout: 30_000 });
    await kubectl(['run', 'kubia', '--image=luksa/kubia', '--port=8080']);
    await expect
      .poll(async () => (await kubectl(['get', 'pod', 'kubia', '-o', 'jsonpath={.status.phase} {.spec.nodeName}'])).stdout, { timeout: 30_000, interval: 200 })
      .toMatch(/^Running node-[123]$/);
    expect((await kubectl(['get', 'nodes'])).stdout).toMatch(/^node-3\s+Ready\s/m);

    // The scheduler can be killed and started like any component.
    await kubesim(['kill', 'scheduler']);
    await expect.poll(() => alive(s.components[2]!.pid), { timeout: 10_000 }).toBe(false);
    await kubesim(['start', 'scheduler']);
    expect((await kubesim(['status'])).stdout).toMatch(/^scheduler\s+\d+\s+\S+\s+healthy$/m);

    // The cluster answers over gRPC with the admin token, and a second `up` keeps it.
    const cs = new Clientset({ address: s.apiserver.grpcAddress, token: readFileSync(s.adminTokenFile, 'utf8').trim() });
    await cs.namespaces().create({ metadata: { name: 'from-cli-test' } });
    cs.close();
    expect((await kubesim(['up'])).stdout).toContain('apiserver already running');

    // A killed component shows as stopped and comes back with `start`, data intact.
    await kubesim(['kill', 'apiserver']);
    const killedPid = s.components[1]!.pid;
    await expect.poll(() => alive(killedPid), { timeout: 10_000 }).toBe(false);
    const afterKill = await kubesim(['status']).catch((e) => e);
    expect(afterKill.stdout).toMatch(/^apiserver\s+-\s+\S+\s+stopped$/m);
    await kubesim(['start', 'apiserver']);
    const s2 = state();
    const cs2 = new Clientset({ address: s2.apiserver.grpcAddress, token: readFileSync(s2.adminTokenFile, 'utf8').trim() });
    expect((await cs2.namespaces().get('from-cli-test')).metadata.name).toBe('from-cli-test');
    cs2.close();

    const pids = s2.components.map((c) => c.pid);
    expect((await kubesim(['down'])).stdout).toContain('kubesim stopped.');
    for (const pid of pids) expect(alive(pid)).toBe(false);
    const after = await kubesim(['status']).catch((e) => e);
    expect(after.stdout).toMatch(/^etcd\s+-\s+\S+\s+stopped$/m);
  });

  it('up serves HTTPS for kubectl: certificates, --san, kubeconfig, kubesim kubeconfig [--merge], ports kept', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'kubesim-cli-tls-'));
    const home = join(dir2, 'home');
    const env = { ...process.env, HOME: home, KUBECONFIG: '' };
    const ks = (args: string[]) => run(process.execPath, [builtApp('cli'), '--dir', dir2, ...args], { env, timeout: 90_000 });
    const kubectl = (args: string[]) => run('kubectl', ['--cache-dir', join(dir2, 'kubectl-cache'), ...args], { env, timeout: 30_000 });
    const tlsState = () => JSON.parse(readFileSync(join(dir2, 'state.json'), 'utf8'));
    try {
      const { stdout } = await ks(['up', '--san', 'kubesim.test', '--san', '10.11.12.13']);
      const kubeconfig = join(dir2, 'kubeconfig');
      expect(stdout).toContain(`kubectl --kubeconfig ${kubeconfig} get nodes`);
      expect(stdout).toContain(`export KUBECONFIG=${kubeconfig}`);
      const s = tlsState();
      expect(s.kubeconfig).toBe(kubeconfig);
      expect(s.apiserver.httpsAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(stdout).toContain(`https://${s.apiserver.httpsAddress}`);

      const cert = new X509Certificate(readFileSync(join(dir2, 'pki', 'apiserver.crt')));
      const ca = new X509Certificate(readFileSync(join(dir2, 'pki', 'ca.crt')));
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkHost('kubesim.test', { subject: 'never' })).toBe('kubesim.test');
      expect(cert.checkIP('10.11.12.13')).toBe('10.11.12.13');

      // The stock kubectl talks to the HTTPS API with nothing but the kubeconfig.
      expect((await kubectl(['--kubeconfig', kubeconfig, 'get', 'namespace', 'default', '-o', 'name'])).stdout.trim()).toBe('namespace/default');

      expect((await ks(['kubeconfig'])).stdout.trim()).toBe(kubeconfig);
      expect((await ks(['kubeconfig', '--merge'])).stdout).toContain(`merged kubesim into ${join(home, '.kube', 'config')}`);
      expect((await kubectl(['config', 'current-context'])).stdout.trim()).toBe('kubesim');
      expect((await kubectl(['get', 'namespace', 'default', '-o', 'name'])).stdout.trim()).toBe('namespace/default');

      // Restarts keep the HTTPS port, so kubeconfigs (merged ones too) stay valid.
      await ks(['down']);
      await ks(['up']);
      expect(tlsState().apiserver.httpsAddress).toBe(s.apiserver.httpsAddress);
      expect((await kubectl(['get', 'namespace', 'default', '-o', 'name'])).stdout.trim()).toBe('namespace/default');
    } finally {
      await ks(['down', '--purge']).catch(() => undefined);
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('up --nodes 2 runs a kubelet per node; status lists them; kill/start kubelet/node-2; down leaves no container process', async () => {
    const dir3 = mkdtempSync(join(tmpdir(), 'kubesim-cli-nodes-'));
    const ks = (args: string[]) => run(process.execPath, [builtApp('cli'), '--dir', dir3, ...args], { timeout: 90_000 });
    const st = (): State => JSON.parse(readFileSync(join(dir3, 'state.json'), 'utf8'));
    const pidOf = (s: State, name: string) => s.components.find((c) => c.name === name)!.pid;
    const until = async <T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await Promise.resolve(fn()).catch(() => undefined);
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    let cs: Clientset | undefined;
    try {
      const { stdout } = await ks(['up', '--nodes', '2', '--node', 'node-2:cpu=4,memory=8Gi,labels=disk=ssd', '--schedulers', '2']);
      expect(stdout).toContain('kubelet/node-1 ready');
      expect(stdout).toContain('kubelet/node-2 ready');
      expect(stdout).toMatch(/nodes:\s+node-1, node-2/);
      const s = st();
      expect(s.components.map((c) => c.name)).toEqual(['etcd', 'apiserver', 'scheduler', 'scheduler-2', 'kubelet/node-1', 'kubelet/node-2']);
      const status = (await ks(['status'])).stdout;
      expect(status).toMatch(/^scheduler-2\s+\d+\s+127\.0\.0\.1:\d+\s+healthy$/m);
      for (const n of ['node-1', 'node-2']) {
        expect(status).toMatch(new RegExp(`^kubelet/${n}\\s+${pidOf(s, `kubelet/${n}`)}\\s+127\\.0\\.0\\.1:\\d+\\s+healthy$`, 'm'));
      }

      cs = new Clientset({ address: s.apiserver.grpcAddress, token: readFileSync(s.adminTokenFile, 'utf8').trim() });
      const nodes = (await cs.nodes().list()).items;
      expect(nodes.map((n) => n.metadata.name).sort()).toEqual(['node-1', 'node-2']);
      const node2 = nodes.find((n) => n.metadata.name === 'node-2')!;
      expect(node2.status?.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
      expect(node2.metadata.labels).toMatchObject({ disk: 'ssd', 'kubernetes.io/hostname': 'node-2' });
      expect(nodes.map((n) => n.spec?.podCIDR).sort()).toEqual(['127.10.1.0/24', '127.10.2.0/24']);
      expect(node2.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

      // A pod on node-2 runs as a real process; its pid comes back through logs (apiserver → kubelet).
      const pods = cs.pods('default');
      await pods.create({ metadata: { name: 'sleeper' }, spec: { nodeName: 'node-2', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo pid=$$$$; exec sleep 3600'] }] } });
      const loggedPid = async () => {
        const chunks: Buffer[] = [];
        for await (const c of pods.logs('sleeper')) chunks.push(c);
        const m = /pid=(\d+)/.exec(Buffer.concat(chunks).toString());
        return m ? Number(m[1]) : undefined;
      };
      const running = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.running;
      await until(async () => running(await pods.get('sleeper')), 'sleeper running');
      const pid1 = await until(loggedPid, 'the container pid');
      expect(alive(pid1)).toBe(true);
      expect((await pods.get('sleeper')).status?.podIP).toMatch(/^127\.10\.2\./);

      // kubesim kill kubelet/node-2: a SIGKILLed kubelet takes its containers with it.
      const kubeletPid = pidOf(s, 'kubelet/node-2');
      expect((await ks(['kill', 'kubelet/node-2'])).stdout).toContain(`killed kubelet/node-2 (pid ${kubeletPid})`);
      await until(() => !alive(kubeletPid) && !alive(pid1), 'kubelet and container gone', 2000);
      const stopped = await ks(['status']).catch((e) => e);
      expect(stopped.stdout).toMatch(/^kubelet\/node-2\s+-\s+\S+\s+stopped$/m);
      expect(stopped.stdout).toMatch(/^kubelet\/node-1\s+\d+\s+\S+\s+healthy$/m);

      // kubesim start kubelet/node-2: the node comes back and runs its pod again.
      expect((await ks(['start', 'kubelet/node-2'])).stdout).toMatch(/started kubelet\/node-2 \(pid \d+\)/);
      const back = await until(async () => {
        const p = await pods.get('sleeper');
        return running(p) && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && p;
      }, 'sleeper running again');
      expect(back.spec.nodeName).toBe('node-2');
      const pid2 = await until(async () => {
        const p = await loggedPid();
        return p !== pid1 && p;
      }, 'a new container pid');
      expect(alive(pid2)).toBe(true);

      const pids = st().components.map((c) => c.pid);
      cs.close();
      cs = undefined;
      expect((await ks(['down'])).stdout).toContain('kubesim stopped.');
      for (const pid of [...pids, pid2]) expect(alive(pid)).toBe(false);
      const ps = (await run('ps', ['-eo', 'pid,args'])).stdout;
      // Nor a kubelet's container watchdog (`/bin/sh -c ... kubesim-watchdog <root-dir>/pgids`).
      expect(ps.split('\n').filter((l) => (l.includes('kubesim-watchdog') || l.includes('shim.mjs')) && l.includes(dir3))).toEqual([]);
    } finally {
      cs?.close();
      await ks(['down', '--purge']).catch(() => undefined);
      rmSync(dir3, { recursive: true, force: true });
    }
  });
});
