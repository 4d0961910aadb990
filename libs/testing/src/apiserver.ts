import { Clientset } from '@kubesim/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd, type EtcdInstance } from './etcd.js';
import { appMain, ensurePKI, writeKubeconfig } from '@kubesim/cluster';
import { freePorts } from './ports.js';

/** The repository root (the folder holding apps/ and libs/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'apps')) && existsSync(join(dir, 'libs'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the repository root');
}

/**
 * The built entry point of an app, as `kubesim up` runs it (the kubelet's bundle, see
 * scripts/bundle.mjs); tests of processes need `npm run build` first (npm test does).
 */
export function builtApp(app: string): string {
  return appMain(app);
}

export interface ApiserverProcess {
  etcd: EtcdInstance;
  /** host:port of the HTTPS REST API. */
  httpsAddress: string;
  /** A kubeconfig (admin token, CA data) for kubectl and client-node. */
  kubeconfig: string;
  /** The CA certificate (PEM) that signed the serving certificate. */
  caPEM: string;
  grpcAddress: string;
  httpAddress: string;
  adminToken: string;
  tokenFile: string;
  pid: number;
  /** A clientset with the admin token; closed by stop(). */
  client: Clientset;
  /** A new clientset with any token (for authentication tests). */
  clientWithToken(token: string): Clientset;
  /** SIGKILLs the apiserver process (etcd keeps running). */
  kill(): Promise<void>;
  /** Starts the apiserver again on the same ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`apiserver exited: ${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`apiserver not ready after ${timeoutMs} ms: ${output()}`);
}

/**
 * Starts a real etcd and a real apiserver process (the built apps/apiserver) on free loopback
 * ports, with a token file holding an admin token. Everything is torn down by stop().
 */
export async function startApiserver(opts: { extraArgs?: string[]; etcd?: EtcdInstance } = {}): Promise<ApiserverProcess> {
  const etcd = opts.etcd ?? (await startEtcd());
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-apiserver-'));
  const adminToken = randomBytes(16).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${adminToken},admin,admin,"system:masters"\n`);
  const [grpcPort, httpPort, httpsPort] = await freePorts(3);
  const grpcAddress = `127.0.0.1:${grpcPort}`;
  const httpAddress = `127.0.0.1:${httpPort}`;
  const httpsAddress = `127.0.0.1:${httpsPort}`;
  const pki = ensurePKI(dir, {});
  const caPEM = pki.caPEM;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: `https://${httpsAddress}`, caPEM, token: adminToken, name: 'kubesim' });
  let child!: ChildProcess;
  let output = '';
  const launch = async () => {
    output = '';
    child = spawn(
      process.execPath,
      // APISERVER_NODE_FLAGS: extra node flags for experiments, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
      [...(process.env['APISERVER_NODE_FLAGS'] ?? '').split(' ').filter(Boolean), builtApp('apiserver'), '--etcd-servers', etcd.endpoint, '--grpc-address', grpcAddress, '--http-address', httpAddress, '--token-auth-file', tokenFile,
        '--https-address', httpsAddress, '--tls-cert-file', pki.certFile, '--tls-private-key-file', pki.keyFile, ...(opts.extraArgs ?? []),
        // APISERVER_ARGS: extra apiserver flags for experiments, e.g. "--watch-cache=false".
        ...(process.env['APISERVER_ARGS'] ?? '').split(' ').filter(Boolean)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    await waitReady(`http://${httpAddress}/readyz`, child, 30_000, () => output);
  };
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  await launch();
  const clients: Clientset[] = [];
  const client = new Clientset({ address: grpcAddress, token: adminToken });
  clients.push(client);
  return {
    etcd,
    httpsAddress,
    kubeconfig,
    caPEM,
    grpcAddress,
    httpAddress,
    adminToken,
    tokenFile,
    get pid() {
      return child.pid ?? 0;
    },
    client,
    clientWithToken(token: string) {
      const c = new Clientset({ address: grpcAddress, token });
      clients.push(c);
      return c;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    async restart() {
      child.kill('SIGTERM');
      await exited();
      await launch();
    },
    async stop() {
      for (const c of clients) c.close();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited();
      clearTimeout(t);
      process.removeListener('exit', onExit);
      if (!opts.etcd) await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (then throws with `what`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${lastErr ? `: ${(lastErr as Error).message}` : ''}`);
}
