import { spawn, type ChildProcess } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from './ports.js';

export interface StartEtcdOptions {
  /** etcd binary (default: `$ETCD_BIN`, else `etcd` from PATH). */
  binary?: string;
  /** Extra flags, e.g. `--experimental-watch-progress-notify-interval=500ms`. */
  extraArgs?: string[];
  /** Deadline for etcd to answer /health, per (re)start; default 30 s. */
  startTimeoutMs?: number;
}

/** A real single-member etcd on loopback, owned by this process. */
export interface EtcdInstance {
  /** Client URL, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly clientPort: number;
  readonly peerPort: number;
  /** Temporary data directory (fs.mkdtemp); removed by stop(). */
  readonly dataDir: string;
  /** PID of the running etcd; changes on restart, 0 while it is not running. */
  readonly pid: number;
  /** SIGTERM, wait for exit (SIGKILL after 10 s), remove the data directory. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash; keeps the data directory so that restart() recovers the same store. Resolves on exit. */
  kill(): Promise<void>;
  /** Stops etcd gracefully if it runs, then starts it again on the same ports and data directory. */
  restart(): Promise<void>;
}

const HOST = '127.0.0.1';
const instances = new Set<EtcdProcess>();
let exitHookInstalled = false;

/** Last resort: whatever the tests forgot to stop dies with this process ('exit' runs on process.exit and normal ends). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const inst of instances) inst.reapSync();
  });
}

class EtcdProcess implements EtcdInstance {
  readonly endpoint: string;
  private child: ChildProcess | undefined;
  private reaper: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderrTail = '';

  constructor(
    readonly clientPort: number,
    readonly peerPort: number,
    readonly dataDir: string,
    private readonly binary: string,
    private readonly extraArgs: string[],
    private readonly startTimeoutMs: number,
  ) {
    this.endpoint = `http://${HOST}:${clientPort}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get log(): string {
    return this.stderrTail;
  }

  private args(): string[] {
    const peer = `http://${HOST}:${this.peerPort}`;
    return [
      '--name=kubesim-test',
      `--data-dir=${this.dataDir}`,
      `--listen-client-urls=${this.endpoint}`,
      `--advertise-client-urls=${this.endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=kubesim-test=${peer}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=kubesim-${this.clientPort}`,
      '--auto-compaction-retention=0',
      '--heartbeat-interval=50',
      '--election-timeout=500',
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=warn',
      ...this.extraArgs,
    ];
  }

  async start(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    this.stderrTail = '';
    const child = spawn(this.binary, this.args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    let exitInfo: string | undefined;
    this.exited = new Promise<void>((resolve) => {
      const done = (info: string) => {
        exitInfo ??= info;
        if (this.child === child) this.child = undefined;
        this.reaper?.kill('SIGKILL'); // etcd is gone: its pid can no longer be reused under the reaper
        this.reaper = undefined;
        resolve();
      };
      child.once('exit', (code, signal) => done(`code ${code}, signal ${signal}`));
      child.once('error', (err) => done(err.message));
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-8000)));
    child.unref();
    (child.stderr as Socket).unref();
    this.child = child;
    if (child.pid) this.startReaper(child.pid);

    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      if (exitInfo) throw new Error(`etcd exited (${exitInfo}) before becoming healthy:\n${this.stderrTail}`);
      if (await this.healthy()) return;
      if (Date.now() > deadline) {
        await this.terminate('SIGKILL');
        throw new Error(`etcd did not become healthy within ${this.startTimeoutMs} ms:\n${this.stderrTail}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * A `sh` that waits for EOF on a pipe only this process holds: if this process dies in any way
   * (even SIGKILL, which skips 'exit' hooks) the pipe closes and the reaper SIGKILLs etcd.
   */
  private startReaper(pid: number): void {
    const reaper = spawn('/bin/sh', ['-c', 'read -r _ ; kill -9 "$1" 2>/dev/null', 'etcd-reaper', String(pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    reaper.on('error', () => undefined);
    reaper.stdin!.on('error', () => undefined);
    reaper.unref();
    (reaper.stdin as Socket).unref();
    this.reaper = reaper;
  }

  private async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      return res.ok && body.health === 'true';
    } catch {
      return false;
    }
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const escalate = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(escalate);
  }

  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
    await rm(this.dataDir, { recursive: true, force: true });
    instances.delete(this);
  }

  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.terminate('SIGTERM');
    instances.add(this);
    await this.start();
  }

  /** Synchronous cleanup for the process 'exit' hook. */
  reapSync(): void {
    try {
      this.child?.kill('SIGKILL');
      this.reaper?.kill('SIGKILL');
    } catch {
      // already gone
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts a real etcd on free loopback client and peer ports with a fresh temporary data directory
 * (auto-compaction off), and resolves once it answers /health. Retries with other ports if one was
 * taken meanwhile. The process never outlives this one (exit hook plus a pipe-watching reaper).
 */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdInstance> {
  installExitHook();
  const binary = opts.binary ?? process.env['ETCD_BIN'] ?? 'etcd';
  for (let attempt = 1; ; attempt++) {
    const [clientPort, peerPort] = await freePorts(2, HOST);
    const dataDir = await mkdtemp(join(tmpdir(), 'kubesim-etcd-'));
    const inst = new EtcdProcess(clientPort!, peerPort!, dataDir, binary, opts.extraArgs ?? [], opts.startTimeoutMs ?? 30_000);
    instances.add(inst);
    try {
      await inst.start();
      return inst;
    } catch (err) {
      await inst.stop();
      if (attempt >= 3 || !/address already in use/i.test(inst.log)) throw err;
    }
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The etcd binary to use: `$ETCD_BIN` if set and executable, else `etcd` from PATH; undefined if neither. */
export async function findEtcd(): Promise<string | undefined> {
  const explicit = process.env['ETCD_BIN'];
  if (explicit) return (await isExecutable(explicit)) ? explicit : undefined;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, 'etcd')))) return join(dir, 'etcd');
  }
  return undefined;
}

/** Makes sure etcd is installed: runs scripts/ensure-etcd.sh (apt-get install etcd-server) when it is missing. */
export async function ensureEtcd(): Promise<string> {
  const found = await findEtcd();
  if (found) return found;
  const script = fileURLToPath(new URL('../../../scripts/ensure-etcd.sh', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    spawn('bash', [script], { stdio: 'inherit' })
      .once('error', reject)
      .once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} failed with exit code ${code}`))));
  });
  const installed = await findEtcd();
  if (!installed) throw new Error(`etcd is still not on PATH after ${script}; install etcd 3.4+ or set ETCD_BIN`);
  return installed;
}
