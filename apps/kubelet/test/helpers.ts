// Helpers for the kubelet process tests: a kubelet process, a pod history from a watch.
import type { Event, Pod } from '@kubesim/api';
import { isAlive } from '@kubesim/component-base';
import type { Clientset } from '@kubesim/client';
import { type ApiserverProcess, builtApp, freePort } from '@kubesim/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a process runs (a zombie waiting for a lazy init to reap it does not). */
export const alive = isAlive;

/** Polls until `fn` returns a truthy value; throws with `what` (and the last error) after `timeoutMs`. */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface KubeletProcess {
  name: string;
  rootDir: string;
  podRange: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit of the current process. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Starts the kubelet again with the same flags (and root dir) and waits until it is healthy. */
  restart(): Promise<void>;
  output(): string;
}

/** A random /24 in 127/8 so that concurrently running test files do not share pod IPs. */
export function randomPodRange(): string {
  return `127.${100 + Math.floor(Math.random() * 150)}.${1 + Math.floor(Math.random() * 250)}.0/24`;
}

/** Starts the built kubelet app against `api` and waits until its /healthz answers (Node registered). */
export async function startKubelet(api: ApiserverProcess, name: string, extraArgs: string[] = [], logLevel = 'warn'): Promise<KubeletProcess> {
  const rootDir = mkdtempSync(join(tmpdir(), `kubesim-kubelet-${name}-`));
  const podRange = randomPodRange();
  const healthzPort = await freePort();
  const args = [
    builtApp('kubelet'),
    '--node-name', name,
    '--apiserver', api.grpcAddress,
    '--token-file', api.tokenFile,
    '--root-dir', rootDir,
    '--pod-ip-range', podRange,
    '--port', '0',
    '--healthz-port', String(healthzPort),
    '--container-backoff-base', '1s',
    '--container-backoff-max', '8s',
    '--sync-frequency', '10s',
    ...extraArgs,
  ];
  let child!: ChildProcess;
  let out = '';
  let exit!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  const launch = async () => {
    out = '';
    child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBESIM_LOG_LEVEL: logLevel } });
    child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const c = child;
    await until(
      async () => {
        if (c.exitCode !== null || c.signalCode !== null) throw new Error(`kubelet exited: ${out}`);
        const res = await fetch(`http://127.0.0.1:${healthzPort}/healthz`, { signal: AbortSignal.timeout(1000) });
        return res.ok;
      },
      `kubelet ${name} healthy`,
      30_000,
    );
  };
  await launch();
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    name,
    rootDir,
    podRange,
    get pid() {
      return child.pid ?? 0;
    },
    get child() {
      return child;
    },
    exited: () => exit,
    kill: (signal) => child.kill(signal),
    restart: launch,
    output: () => out,
  };
}

/**
 * Pids of the container watchdog of the kubelet with this root directory (from /proc): the one
 * helper process a kubelet runs besides its containers (`/bin/sh -c <script> kubesim-watchdog
 * <root>/pgids`).
 */
export function watchdogPids(rootDir: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv[3] === 'kubesim-watchdog' && argv[4] === join(rootDir, 'pgids')) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Pids of the kubelet's fork server (`perl .../images/forkserver.pl`, a child of the kubelet process), from /proc. */
export function forkServerPids(kubeletPid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === kubeletPid && readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')[1]?.endsWith('/forkserver.pl')) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * Every version of every pod in a namespace, from a watch started before the pods are created:
 * tests assert on what the kubelet reported along the way (a CrashLoopBackOff between restarts,
 * never Ready, ...), not only on the final state.
 */
export class PodHistory {
  readonly versions = new Map<string, Pod[]>();
  private readonly ac = new AbortController();
  private waiters = new Set<() => void>();

  constructor(private readonly client: Clientset, readonly namespace: string) {}

  async start(): Promise<void> {
    let rv: string | undefined;
    const list = await this.client.pods(this.namespace).list();
    rv = list.metadata.resourceVersion;
    void (async () => {
      while (!this.ac.signal.aborted) {
        try {
          for await (const ev of this.client.pods(this.namespace).watch({ resourceVersion: rv, signal: this.ac.signal })) {
            const pod = ev.object;
            rv = pod.metadata.resourceVersion ?? rv;
            const name = pod.metadata.name!;
            const list = this.versions.get(name) ?? [];
            list.push(ev.type === 'DELETED' ? { ...pod, metadata: { ...pod.metadata, annotations: { ...(pod.metadata.annotations ?? {}), 'test/deleted': 'true' } } } : pod);
            this.versions.set(name, list);
            for (const w of [...this.waiters]) w();
          }
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
  }

  stop(): void {
    this.ac.abort();
  }

  all(name: string): Pod[] {
    return this.versions.get(name) ?? [];
  }

  latest(name: string): Pod | undefined {
    const l = this.all(name);
    return l[l.length - 1];
  }

  deleted(name: string): boolean {
    return this.latest(name)?.metadata.annotations?.['test/deleted'] === 'true';
  }

  /** Resolves with the first version (seen so far or later) for which `pred` holds. */
  wait(name: string, pred: (p: Pod) => unknown, what: string, timeoutMs = 60_000): Promise<Pod> {
    return new Promise((resolve, reject) => {
      let checked = 0;
      const check = () => {
        const list = this.all(name);
        for (; checked < list.length; checked++) {
          if (pred(list[checked]!)) {
            finish();
            resolve(list[checked]!);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        finish();
        const last = this.latest(name);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}: ${what}; last status: ${JSON.stringify(last?.status)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

/** Events about a pod (by name) in its namespace. */
export async function podEvents(client: Clientset, namespace: string, name: string): Promise<Event[]> {
  const list = await client.events(namespace).list();
  return list.items.filter((e) => e.involvedObject.name === name);
}

/** The whole current log of a pod's container, through the apiserver (which asks the kubelet). */
export async function podLogs(client: Clientset, namespace: string, name: string, opts: { previous?: boolean; container?: string } = {}): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of client.pods(namespace).logs(name, opts)) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

export const container = (p: Pod | undefined, i = 0) => p?.status?.containerStatuses?.[i];
export const condition = (p: Pod | undefined, type: string) => p?.status?.conditions?.find((c) => c.type === type);
