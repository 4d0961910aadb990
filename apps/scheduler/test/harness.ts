// Helpers for tests that run real scheduler processes against a real apiserver.
import type { Event, Node, Pod } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { makeNode } from '@kubesim/scheduler';
import { builtApp, freePort, type ApiserverProcess } from '@kubesim/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SchedulerProcess {
  pid: number;
  httpAddress: string;
  identity: string;
  output(): string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  metrics(): Promise<string>;
  /** The value of one sample line of /metrics (0 when absent). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

/** Starts apps/scheduler/dist/main.js against `api` and waits until /readyz answers ok. */
export async function startScheduler(api: ApiserverProcess, args: string[] = [], identity = `sched-${Math.random().toString(36).slice(2, 8)}`): Promise<SchedulerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-scheduler-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${api.adminToken}\n`);
  const port = await freePort();
  const httpAddress = `127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [builtApp('scheduler'), '--apiserver', api.grpcAddress, '--token-file', tokenFile, '--http-address', httpAddress, '--identity', identity, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`scheduler exited: ${out}`);
    try {
      const res = await fetch(`http://${httpAddress}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`scheduler not ready: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const metrics = async () => (await fetch(`http://${httpAddress}/metrics`)).text();
  return {
    pid: child.pid ?? 0,
    httpAddress,
    identity,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited;
      process.removeListener('exit', onExit);
    },
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      process.removeListener('exit', onExit);
    },
    metrics,
    async metric(name, labels = {}) {
      const text = await metrics();
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      for (const line of text.split('\n')) {
        if (!line.startsWith(name)) continue;
        const m = /^([^{\s]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
        if (!m || m[1] !== name) continue;
        if (want.every((w) => (m[2] ?? '').includes(w))) return Number(m[3]);
      }
      return 0;
    },
  };
}

/** A Node object as a kubelet would register it: capacity = allocatable, Ready=True. */
export async function createNode(client: Clientset, name: string, capacity: Record<string, string> = {}, labels: Record<string, string> = {}): Promise<Node> {
  const node = makeNode().name(name).capacity({ cpu: '2', memory: '4Gi', pods: '110', ...capacity }).labels(labels).obj();
  delete node.metadata.uid;
  return client.nodes().create(node);
}

export interface PodSpecOpts {
  nodeSelector?: Record<string, string>;
  requests?: Record<string, string>;
  owner?: { kind: string; name: string; uid: string; apiVersion: string };
  labels?: Record<string, string>;
}

/** The kubia pod of the seeds, with optional selector, requests and controller owner. */
export function kubiaPod(name: string, o: PodSpecOpts = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'kubia', ...o.labels },
      ...(o.owner ? { ownerReferences: [{ ...o.owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      containers: [
        {
          name: 'kubia',
          image: 'luksa/kubia',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          ...(o.requests ? { resources: { requests: o.requests } } : {}),
        },
      ],
    },
  };
}

/** Polls until `fn` returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T | undefined | false | null> | T | undefined | false | null, what: string, timeoutMs = 20_000): Promise<T> {
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

export async function podEvents(client: Clientset, ns: string, pod: string): Promise<Event[]> {
  const list = await client.events(ns).list();
  return list.items.filter((e) => e.involvedObject.name === pod && e.involvedObject.kind === 'Pod');
}

/** Runs the real kubectl against the apiserver's kubeconfig, with its own cache directory. */
export function kubectl(api: ApiserverProcess, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', api.kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
