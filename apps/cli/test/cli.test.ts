// `kubesim up`, `status`, `kill`, `start` and `down` as a user runs them: the built CLI, real processes.
import { Clientset } from '@kubesim/client';
import { builtApp } from '@kubesim/testing';
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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

  it('up starts etcd and the apiserver, status reports them, down leaves nothing running', async () => {
    const { stdout } = await kubesim(['up']);
    expect(stdout).toContain('etcd ready');
    expect(stdout).toContain('apiserver ready');
    expect(stdout).toContain('kubesim is running.');
    const s = state();
    expect(s.components.map((c) => c.name)).toEqual(['etcd', 'apiserver']);
    for (const c of s.components) expect(alive(c.pid)).toBe(true);

    const status = (await kubesim(['status'])).stdout;
    expect(status).toMatch(/^COMPONENT\s+PID\s+ADDRESS\s+HEALTH$/m);
    expect(status).toMatch(new RegExp(`^etcd\\s+${s.components[0]!.pid}\\s+\\S+\\s+healthy$`, 'm'));
    expect(status).toMatch(new RegExp(`^apiserver\\s+${s.components[1]!.pid}\\s+${s.apiserver.grpcAddress}\\s+healthy$`, 'm'));

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
});
