// Helpers for driving the real kubectl binaries (and raw HTTPS) against a test apiserver.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kubectl minor versions every kubectl test runs against (oldest and newest supported). */
export const KUBECTL_VERSIONS = ['1.27', '1.33'] as const;
export type KubectlVersion = (typeof KUBECTL_VERSIONS)[number];

/** Cleaned copies of the seed documents' manifests. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * The folder of the real kubectl binaries: `kubectl` on PATH is the gcloud dispatcher, a symlink
 * into the SDK folder that also holds `kubectl.1.27` … `kubectl.1.33`.
 */
export function kubectlDir(): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const p = join(dir, 'kubectl');
    if (dir && existsSync(p)) return dirname(realpathSync(p));
  }
  throw new Error('kubectl is not on PATH');
}

export function kubectlBinary(version: KubectlVersion): string {
  const p = join(kubectlDir(), `kubectl.${version}`);
  if (!existsSync(p)) throw new Error(`${p} is missing`);
  return p;
}

export interface RunResult {
  /** Exit code; null when the process was killed (for example by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment (KUBE_EDITOR and the like), merged over process.env. */
  env?: Record<string, string>;
  /** Working directory; defaults to the fixtures folder so that `-f name.yaml` reads like the seeds. */
  cwd?: string;
  /** Another kubeconfig for this call only (for example one with a wrong token). */
  kubeconfig?: string;
  /** Another cache directory for this call only. */
  cacheDir?: string;
  /** Leave out `-n <namespace>` (cluster-scoped commands, `version`, …). */
  noNamespace?: boolean;
  timeoutMs?: number;
}

/** A `kubectl get … --watch` child process whose output can be awaited. */
export class WatchProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Resolves with stdout once `pred` holds on it; rejects at the deadline or when kubectl exits first. */
  async waitFor(pred: RegExp | ((out: string) => boolean), what: string, timeoutMs = 15_000): Promise<string> {
    const test = typeof pred === 'function' ? pred : (s: string) => pred.test(s);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (test(this.stdout)) return this.stdout;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`kubectl exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
  }

  /** Ends the watch (SIGTERM to this child only) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/**
 * One kubectl version bound to a kubeconfig, a namespace and its own discovery cache directory
 * (never ~/.kube/cache, so versions and test runs never see each other's discovery).
 */
export class Kubectl {
  readonly bin: string;
  readonly cacheDir: string;
  private readonly watches = new Set<WatchProcess>();

  constructor(
    readonly version: KubectlVersion,
    readonly kubeconfig: string,
    readonly namespace?: string,
  ) {
    this.bin = kubectlBinary(version);
    this.cacheDir = mkdtempSync(join(tmpdir(), `kubectl-${version}-cache-`));
  }

  /** A copy of this instance's (warm) discovery cache, for calls that must not share it. */
  copyCache(): string {
    const dir = mkdtempSync(join(tmpdir(), `kubectl-${this.version}-cache-copy-`));
    cpSync(this.cacheDir, dir, { recursive: true });
    return dir;
  }

  private argv(args: string[], opts: RunOptions): string[] {
    const base = ['--kubeconfig', opts.kubeconfig ?? this.kubeconfig, '--cache-dir', opts.cacheDir ?? this.cacheDir];
    const hasNs = args.some((a) => a === '-n' || a === '--namespace' || a.startsWith('--namespace=') || a === '-A' || a === '--all-namespaces');
    if (this.namespace && !opts.noNamespace && !hasNs) base.push('-n', this.namespace);
    return [...base, ...args];
  }

  /** Runs kubectl to completion and returns its exit code and output. */
  run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, this.argv(args, opts), {
        cwd: opts.cwd ?? FIXTURES,
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        stderr += `\n[test] kubectl ${args.join(' ')} killed after ${opts.timeoutMs ?? 30_000} ms`;
        child.kill('SIGKILL');
      }, opts.timeoutMs ?? 30_000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Runs kubectl and returns stdout; throws with the whole output when it fails. */
  async ok(args: string[], opts: RunOptions = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl.${this.version} ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    return r.stdout;
  }

  /** Starts a long-running kubectl (such as `get pods --watch`); stopped by stop() or dispose(). */
  watch(args: string[], opts: RunOptions = {}): WatchProcess {
    const child = spawn(this.bin, this.argv(args, opts), {
      cwd: opts.cwd ?? FIXTURES,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const w = new WatchProcess(child);
    this.watches.add(w);
    return w;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.watches].map((w) => w.stop()));
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}

/** A temporary folder for generated manifests; removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Parses kubectl's column output (one table: a header line, then rows) into records keyed by
 * header. Cells are cut at the header's column starts, so empty cells (a missing `-L` label)
 * stay empty instead of shifting the row.
 */
export function parseTable(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const header = lines[0]!;
  const starts: number[] = [];
  const names: string[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    starts.push(m.index);
    names.push(m[0]);
  }
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    return row;
  });
}

/** Splits multi-table output (`get rc,rs`) at blank lines. */
export function parseTables(text: string): Record<string, string>[][] {
  return text
    .split(/\n\s*\n/)
    .filter((t) => t.trim())
    .map(parseTable);
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request to the apiserver with its CA (for what kubectl cannot send). */
export function httpsRequest(
  address: string,
  caPEM: string,
  opts: { method: string; path: string; token?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<HttpsResponse> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        method: opts.method,
        path: opts.path,
        ca: caPEM,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** RFC 3339 time without fractional seconds, as Kubernetes writes metav1.Time. */
export function nowRFC3339(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}
