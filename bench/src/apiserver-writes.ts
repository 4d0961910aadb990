#!/usr/bin/env node
// bench/apiserver-writes: pod creates per second and their latency through the apiserver (gRPC,
// registry, etcd txn) against raw etcd puts of the same bytes, at several client concurrencies.
// Prints ONE JSON document on stdout; progress goes to stderr. See bench/README.md.
import type { Pod } from '@kubesim/api';
import { Clientset, type PodClient } from '@kubesim/client';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { Etcd3 } from 'etcd3';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/dist/apiserver-writes.js [options]

  --ops N                 timed operations per level and target (env BENCH_OPS, default 2000)
  --levels 1,16,64        concurrent clients per level (env BENCH_LEVELS)
  --warmup N              untimed creates and puts before the first level (env BENCH_WARMUP, default 300)
  --rounds R              per level, alternate R batches of creates and puts, so that both targets
                          share the machine's background load alike (env BENCH_ROUNDS, default 4)
  --max-phase-seconds S   stop a target's batches at a level after S seconds in all; ops then reports
                          what was done (env BENCH_MAX_PHASE_SECONDS, default 15)
  --connections MODE      per-client (default): every concurrent client has its own Clientset and its
                          own HTTP/2 connection, like separate components; shared: one Clientset and one
                          etcd connection for all (env BENCH_CONNECTIONS)
  --apiserver HOST:PORT   use a running apiserver instead of starting etcd and one (for profiling);
  --token TOKEN           needs --token and --etcd too (env BENCH_APISERVER, BENCH_TOKEN, BENCH_ETCD)
  --etcd URL
  --apiserver-http H:P    with --apiserver: its --http-address, to read /metrics (env BENCH_APISERVER_HTTP)
  --apiserver-pid PID     with --apiserver: the process to sample CPU time of (env BENCH_APISERVER_PID)
  --etcd-pid PID          with --etcd: likewise for etcd (env BENCH_ETCD_PID)
  -h, --help
`;

interface Options {
  ops: number;
  levels: number[];
  warmup: number;
  rounds: number;
  maxPhaseSeconds: number;
  connections: 'per-client' | 'shared';
  external?: { address: string; token: string; etcd: string; httpAddress?: string; apiserverPid?: number; etcdPid?: number };
}

function parseOptions(argv: string[]): Options {
  try {
    return parseOptionsOrThrow(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseOptionsOrThrow(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      ops: { type: 'string' },
      levels: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'max-phase-seconds': { type: 'string' },
      connections: { type: 'string' },
      apiserver: { type: 'string' },
      token: { type: 'string' },
      etcd: { type: 'string' },
      'apiserver-http': { type: 'string' },
      'apiserver-pid': { type: 'string' },
      'etcd-pid': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const int = (name: string, v: string | undefined, dflt: number, min: number): number => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  const levels = (values.levels ?? env['BENCH_LEVELS'] ?? '1,16,64')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => int('--levels', s.trim(), 0, 1));
  if (!levels.length) throw new Error('--levels is empty');
  const connections = values.connections ?? env['BENCH_CONNECTIONS'] ?? 'per-client';
  if (connections !== 'per-client' && connections !== 'shared') throw new Error(`--connections must be per-client or shared, got ${connections}`);
  const opts: Options = {
    ops: int('--ops', values.ops ?? env['BENCH_OPS'], 2000, 1),
    levels,
    warmup: int('--warmup', values.warmup ?? env['BENCH_WARMUP'], 300, 0),
    rounds: int('--rounds', values.rounds ?? env['BENCH_ROUNDS'], 4, 1),
    maxPhaseSeconds: int('--max-phase-seconds', values['max-phase-seconds'] ?? env['BENCH_MAX_PHASE_SECONDS'], 15, 1),
    connections,
  };
  const address = values.apiserver ?? env['BENCH_APISERVER'];
  if (address) {
    const token = values.token ?? env['BENCH_TOKEN'];
    const etcd = values.etcd ?? env['BENCH_ETCD'];
    if (!token || !etcd) throw new Error('--apiserver needs --token and --etcd');
    const apiserverPid = int('--apiserver-pid', values['apiserver-pid'] ?? env['BENCH_APISERVER_PID'], 0, 0);
    const etcdPid = int('--etcd-pid', values['etcd-pid'] ?? env['BENCH_ETCD_PID'], 0, 0);
    const httpAddress = values['apiserver-http'] ?? env['BENCH_APISERVER_HTTP'];
    opts.external = { address, token, etcd, ...(httpAddress ? { httpAddress } : {}), ...(apiserverPid ? { apiserverPid } : {}), ...(etcdPid ? { etcdPid } : {}) };
  }
  return opts;
}

import { UsageError, cpuSeconds } from './common.js';

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

// ---------------------------------------------------------------- the workload

const NAMESPACE = 'default';

/** The kubia pod of "Kubernetes in Action" (kubia-manual.yaml), under a distinct name. */
function kubiaPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'kubia', creation_method: 'manual', env: 'prod' },
    },
    spec: {
      containers: [
        {
          name: 'kubia',
          image: 'luksa/kubia',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
        },
      ],
    },
  };
}

interface Worker {
  create(name: string): Promise<Pod>;
  put(key: string, value: Buffer): Promise<unknown>;
  close(): void;
}

/**
 * A client of its own: a Clientset (its unary calls have a connection per Clientset) and an etcd3
 * client (grpc-js shares one connection between all channels of a process with the same address
 * and options, so it gets a local subchannel pool), as separate components each have their own.
 * With `shared`, every worker uses the same Clientset and grpc-js' shared etcd connection.
 */
function newWorker(address: string, token: string, etcdEndpoint: string, perClient: boolean, shared: () => Clientset): Worker {
  const cs = perClient ? new Clientset({ address, token }) : shared();
  const pods: PodClient = cs.pods(NAMESPACE);
  const etcd = new Etcd3({ hosts: etcdEndpoint, ...(perClient ? { grpcOptions: { 'grpc.use_local_subchannel_pool': 1 } } : {}) });
  return {
    create: (name) => pods.create(kubiaPod(name)),
    put: (key, value) => etcd.put(key).value(value).exec(),
    close() {
      if (perClient) cs.close();
      etcd.close();
    },
  };
}

// ---------------------------------------------------------------- measurement

interface PhaseResult {
  ops: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** CPU use during the phase, in % of one core (Linux /proc), null when unknown. */
  cpuPct: { bench: number | null; apiserver: number | null; etcd: number | null };
  /**
   * Apiserver phases only, from the apiserver's /metrics: mean time in the create handler (after
   * gRPC decoding, before encoding the answer) and of the etcd range and txn it issues per create.
   */
  server?: Record<string, number | null>;
  /** True when --max-phase-seconds cut the phase short. */
  truncated?: boolean;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (n: number, digits: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

interface Pids {
  apiserver?: number;
  etcd?: number;
}

/** The sums and counts of the apiserver's latency histograms this benchmark reads from /metrics. */
const SERIES: Record<string, RegExp> = {
  request: /^apiserver_request_duration_seconds_(sum|count)\{(?=[^}]*verb="create")(?=[^}]*resource="pods")(?=[^}]*subresource="")[^}]*\} (\S+)$/,
  etcdGet: /^etcd_request_duration_seconds_(sum|count)\{(?=[^}]*operation="get")[^}]*\} (\S+)$/,
  etcdCreate: /^etcd_request_duration_seconds_(sum|count)\{(?=[^}]*operation="create")[^}]*\} (\S+)$/,
};
type Scrape = Record<string, { sum: number; count: number }>;

/** Reads the apiserver's /metrics; undefined when there is no address or it does not answer. */
async function scrapeMetrics(httpAddress: string | undefined): Promise<Scrape | undefined> {
  if (!httpAddress) return undefined;
  try {
    const res = await fetch(`http://${httpAddress}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    const out: Scrape = {};
    for (const line of (await res.text()).split('\n')) {
      for (const [name, re] of Object.entries(SERIES)) {
        const m = re.exec(line);
        if (!m) continue;
        const s = (out[name] ??= { sum: 0, count: 0 });
        s[m[1] as 'sum' | 'count'] += Number(m[2]);
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * One target (apiserver or etcd) at one level, measured in one or more batches. Batches of the two
 * targets alternate (--rounds) so that both see the same background load of a shared machine; the
 * figures cover all batches: ops over the summed batch wall time, percentiles over all latencies.
 */
class Phase {
  private readonly latencies: number[] = [];
  private seconds = 0;
  private readonly cpu = { bench: 0, apiserver: 0 as number | undefined, etcd: 0 as number | undefined };
  private server: Scrape | undefined = {};
  private truncated = false;

  constructor(
    readonly label: string,
    private readonly pids: Pids,
    private readonly maxSeconds: number,
    private readonly metricsAddress?: string,
  ) {}

  /**
   * Runs `count` operations spread over the workers' concurrent loops (each loop takes the next
   * index until all are taken), timing each; `op` gets indices from `first` on.
   */
  async run(workers: Worker[], first: number, count: number, op: (w: Worker, i: number) => Promise<unknown>): Promise<void> {
    const budget = this.maxSeconds - this.seconds;
    if (budget <= 0) {
      this.truncated = true;
      return;
    }
    const metrics0 = await scrapeMetrics(this.metricsAddress);
    const done0 = this.latencies.length;
    let next = 0;
    let failure: unknown;
    const cpu0 = { bench: process.cpuUsage(), apiserver: cpuSeconds(this.pids.apiserver), etcd: cpuSeconds(this.pids.etcd) };
    const start = performance.now();
    const deadline = start + budget * 1000;
    const ticker = setInterval(() => log(`  ${this.label}: ${this.latencies.length - done0}/${count} ...`), 2000);
    const loop = async (w: Worker) => {
      while (failure === undefined && next < count) {
        if (performance.now() > deadline) {
          this.truncated = true;
          return;
        }
        const i = first + next++;
        const t0 = performance.now();
        try {
          await op(w, i);
        } catch (e) {
          failure ??= e;
          return;
        }
        this.latencies.push(performance.now() - t0);
      }
    };
    try {
      await Promise.all(workers.map(loop));
    } finally {
      clearInterval(ticker);
    }
    this.seconds += (performance.now() - start) / 1000;
    if (failure !== undefined) {
      throw new Error(`${this.label}: operation failed after ${this.latencies.length} ops: ${(failure as Error)?.message ?? String(failure)}`, { cause: failure });
    }
    const bench = process.cpuUsage(cpu0.bench);
    this.cpu.bench += (bench.user + bench.system) / 1e6;
    const add = (acc: number | undefined, a: number | undefined, b: number | undefined) =>
      acc === undefined || a === undefined || b === undefined ? undefined : acc + b - a;
    this.cpu.apiserver = add(this.cpu.apiserver, cpu0.apiserver, cpuSeconds(this.pids.apiserver));
    this.cpu.etcd = add(this.cpu.etcd, cpu0.etcd, cpuSeconds(this.pids.etcd));
    const metrics1 = await scrapeMetrics(this.metricsAddress);
    if (!metrics0 || !metrics1 || !this.server) {
      this.server = undefined;
    } else {
      for (const k of Object.keys(SERIES)) {
        const acc = (this.server[k] ??= { sum: 0, count: 0 });
        acc.sum += (metrics1[k]?.sum ?? 0) - (metrics0[k]?.sum ?? 0);
        acc.count += (metrics1[k]?.count ?? 0) - (metrics0[k]?.count ?? 0);
      }
    }
  }

  /** The figures over all batches; `withServer` adds the apiserver's own view (apiserver phases). */
  result(withServer: boolean): PhaseResult {
    const n = this.latencies.length;
    const secs = this.seconds;
    const sorted = Float64Array.from(this.latencies).sort();
    const sum = this.latencies.reduce((a, b) => a + b, 0);
    const pct = (cpuSecs: number | undefined) => (cpuSecs === undefined || !secs ? null : round((cpuSecs / secs) * 100, 1));
    const res: PhaseResult = {
      ops: n,
      seconds: round(secs, 3),
      opsPerSec: round(secs ? n / secs : 0, 1),
      p50Ms: round(percentile(sorted, 0.5), 3),
      p99Ms: round(percentile(sorted, 0.99), 3),
      meanMs: round(sum / (n || 1), 3),
      maxMs: round(sorted[n - 1] ?? NaN, 3),
      cpuPct: { bench: pct(this.cpu.bench), apiserver: pct(this.cpu.apiserver), etcd: pct(this.cpu.etcd) },
    };
    if (withServer && this.server) {
      const mean = (k: string) => {
        const s = this.server![k];
        return s && s.count > 0 ? round((s.sum / s.count) * 1000, 3) : null;
      };
      res.server = { handlerMeanMs: mean('request'), etcdGetMeanMs: mean('etcdGet'), etcdTxnMeanMs: mean('etcdCreate') };
    }
    if (this.truncated) res.truncated = true;
    log(`  ${this.label}: ${res.ops} ops in ${res.seconds} s = ${res.opsPerSec}/s, p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms${this.truncated ? ' (cut short by --max-phase-seconds)' : ''}`);
    return res;
  }
}

// ---------------------------------------------------------------- main

interface Target {
  address: string;
  token: string;
  etcd: string;
  /** host:port of the apiserver's /metrics, when known. */
  httpAddress?: string;
  pids: Pids;
  stop(): Promise<void>;
}

async function etcdVersion(endpoint: string): Promise<string | null> {
  try {
    const res = await fetch(`${endpoint.replace(/\/$/, '')}/version`, { signal: AbortSignal.timeout(2000) });
    return ((await res.json()) as { etcdserver?: string }).etcdserver ?? null;
  } catch {
    return null;
  }
}

let cleanup: (() => Promise<void>) | undefined;

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const runId = randomBytes(3).toString('hex');
  // Other work on the machine skews every figure here: the load averages go into the report.
  const loadBefore = loadavg().map((x) => round(x, 2));
  const TARGET = { ratioAt16: 0.5, p99CreateMs: 20 };

  let target: Target;
  if (opts.external) {
    const ext = opts.external;
    target = {
      address: ext.address,
      token: ext.token,
      etcd: ext.etcd,
      ...(ext.httpAddress ? { httpAddress: ext.httpAddress } : {}),
      pids: { apiserver: ext.apiserverPid, etcd: ext.etcdPid },
      stop: async () => {},
    };
    log(`using the running apiserver at ${ext.address} (etcd ${ext.etcd})`);
  } else {
    log('starting etcd and the apiserver (apps/apiserver/dist/main.js) ...');
    let server: ApiserverProcess;
    try {
      server = await startApiserver();
    } catch (e) {
      throw new Error(`could not start etcd and the apiserver (build first: npx tsc -b tsconfig.json): ${(e as Error).message}`, { cause: e });
    }
    target = {
      address: server.grpcAddress,
      token: server.adminToken,
      etcd: server.etcd.endpoint,
      httpAddress: server.httpAddress,
      pids: { apiserver: server.pid, etcd: server.etcd.pid },
      stop: () => server.stop(),
    };
    log(`apiserver pid ${server.pid} at ${server.grpcAddress}, etcd pid ${server.etcd.pid} at ${server.etcd.endpoint}`);
  }
  const workers: Worker[] = [];
  cleanup = async () => {
    cleanup = undefined;
    for (const w of workers.splice(0)) w.close();
    sharedClientset?.close();
    await target.stop();
  };

  const perClient = opts.connections === 'per-client';
  let sharedClientset: Clientset | undefined;
  const shared = () => (sharedClientset ??= new Clientset({ address: target.address, token: target.token }));
  const newWorkers = (n: number) => {
    const out = Array.from({ length: n }, () => newWorker(target.address, target.token, target.etcd, perClient, shared));
    workers.push(...out);
    return out;
  };
  const closeWorkers = (ws: Worker[]) => {
    for (const w of ws) {
      w.close();
      workers.splice(workers.indexOf(w), 1);
    }
  };

  // Warm-up: connections, JIT of both processes, etcd's first allocations. Its first create also
  // yields the bytes the etcd baseline writes: the JSON of a pod as the apiserver created it.
  log(`warm-up: ${opts.warmup} creates and ${opts.warmup} puts ...`);
  const warm = newWorkers(Math.min(8, Math.max(1, opts.warmup)));
  const first = await warm[0]!.create(`kubia-${runId}-warmup-first`);
  const podBytes = Buffer.from(JSON.stringify(first));
  const warmOps = Math.max(0, opts.warmup);
  const warmApi = new Phase('warm-up apiserver', {}, 120);
  const warmEtcd = new Phase('warm-up etcd', {}, 120);
  await warmApi.run(warm, 0, warmOps, (w, i) => w.create(`kubia-${runId}-warmup-${i}`));
  await warmEtcd.run(warm, 0, warmOps, (w, i) => w.put(`/bench/${runId}/warmup/${i}`, podBytes));
  warmApi.result(false);
  warmEtcd.result(false);
  closeWorkers(warm);

  const levels: Array<{ clients: number; apiserver: PhaseResult; etcd: PhaseResult; ratio: number }> = [];
  for (const n of opts.levels) {
    const rounds = Math.min(opts.rounds, opts.ops);
    log(`level ${n} client(s): ${opts.ops} creates and ${opts.ops} puts in ${rounds} alternating round(s) (${opts.connections} connections)`);
    const ws = newWorkers(n);
    // Untimed: open every client's connections before the clock starts.
    await Promise.all(ws.map((w, j) => Promise.all([w.create(`kubia-${runId}-c${n}-open-${j}`), w.put(`/bench/${runId}/c${n}/open/${j}`, podBytes)])));
    const api = new Phase(`apiserver c=${n}`, target.pids, opts.maxPhaseSeconds, target.httpAddress);
    const etcd = new Phase(`etcd      c=${n}`, target.pids, opts.maxPhaseSeconds);
    const id = (i: number) => String(i).padStart(6, '0');
    for (let r = 0, first = 0; r < rounds; r++) {
      const count = Math.floor((opts.ops * (r + 1)) / rounds) - first;
      await api.run(ws, first, count, (w, i) => w.create(`kubia-${runId}-c${n}-${id(i)}`));
      await etcd.run(ws, first, count, (w, i) => w.put(`/bench/${runId}/c${n}/${id(i)}`, podBytes));
      first += count;
    }
    closeWorkers(ws);
    const apiserver = api.result(true);
    const etcdResult = etcd.result(false);
    const ratio = round(apiserver.opsPerSec / etcdResult.opsPerSec, 3);
    levels.push({ clients: n, apiserver, etcd: etcdResult, ratio });
    log(`level ${n}: ratio apiserver/etcd = ${ratio}`);
  }

  const at16 = levels.find((l) => l.clients === 16);
  const p99ByClients = Object.fromEntries(levels.map((l) => [String(l.clients), l.apiserver.p99Ms < TARGET.p99CreateMs]));
  const met = {
    ratioAt16: at16 ? at16.ratio >= TARGET.ratioAt16 : null,
    p99CreateMs: levels.every((l) => l.apiserver.p99Ms < TARGET.p99CreateMs),
    p99CreateMsByClients: p99ByClients,
    p99CreateMsAt16: at16 ? at16.apiserver.p99Ms < TARGET.p99CreateMs : null,
  };
  const doc = {
    benchmark: 'apiserver-writes',
    levels,
    target: TARGET,
    met,
    config: {
      opsPerLevel: opts.ops,
      warmup: opts.warmup,
      rounds: opts.rounds,
      maxPhaseSeconds: opts.maxPhaseSeconds,
      connections: opts.connections,
      podBytes: podBytes.length,
      apiserver: opts.external ? 'external' : 'startApiserver',
    },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      memoryMB: Math.round(totalmem() / 2 ** 20),
      etcd: await etcdVersion(target.etcd),
      loadavgBefore: loadBefore,
      loadavgAfter: loadavg().map((x) => round(x, 2)),
    },
    date: new Date().toISOString(),
  };
  log('stopping ...');
  await cleanup?.();
  await new Promise<void>((resolve, reject) => process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`, (err) => (err ? reject(err) : resolve())));
  return 0;
}

async function shutdown(code: number): Promise<never> {
  try {
    await cleanup?.();
  } catch (e) {
    log(`cleanup failed: ${(e as Error).message}`);
    code ||= 1;
  }
  process.exit(code);
}

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping`);
    void shutdown(code);
  });
}

main().then(
  (code) => shutdown(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      log(err.message);
      process.stderr.write(USAGE);
      return shutdown(2);
    }
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    return shutdown(1);
  },
);
