#!/usr/bin/env node
// bench/scheduler-throughput: how fast does the scheduler process bind pods? 100 Node objects
// (created directly, no kubelets) and 5,000 pods against a real etcd + apiserver + scheduler
// (apps/scheduler/dist/main.js). Prints ONE JSON document on stdout; progress goes to stderr.
// See bench/README.md.
import type { Node, Pod } from '@kubesim/api';
import { Clientset } from '@kubesim/client';
import { builtApp, freePort, startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const USAGE = `usage: node bench/dist/scheduler-throughput.js [options]

  --nodes N             Node objects (env BENCH_NODES, default 100)
  --pods N              pods per run (env BENCH_PODS, default 5000)
  --modes LIST          comma-separated runs, each on a fresh cluster (env BENCH_MODES, default
                        backlog,stream):
                          backlog  all pods are created first, then the scheduler starts: its own
                                   throughput, with nothing else loading the apiserver;
                          stream   the scheduler runs while the pods are created as fast as
                                   --create-concurrency clients can: arrivals and binds compete
  --trace LIST          decision-trace settings to run each mode with: on, off or on,off
                        (env BENCH_TRACE, default off,on)
  --create-concurrency N  concurrent pod creates (env BENCH_CREATE_CONCURRENCY, default 32)
  --owners N            pods are spread over N ReplicaSet-like controller owners (default 10)
  --timeout-seconds S   give up on a run after S seconds (default 180)
  -h, --help
`;

interface Options {
  nodes: number;
  pods: number;
  modes: Array<'backlog' | 'stream'>;
  traces: boolean[];
  createConcurrency: number;
  owners: number;
  timeoutSeconds: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string' },
      pods: { type: 'string' },
      modes: { type: 'string' },
      trace: { type: 'string' },
      'create-concurrency': { type: 'string' },
      owners: { type: 'string' },
      'timeout-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const num = (v: string | undefined, env: string, def: number) => {
    const n = Number(v ?? process.env[env] ?? def);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`invalid number for ${env}: ${v ?? process.env[env]}`);
    return Math.floor(n);
  };
  const modes = (values.modes ?? process.env['BENCH_MODES'] ?? 'backlog,stream').split(',').map((m) => m.trim());
  for (const m of modes) if (m !== 'backlog' && m !== 'stream') throw new Error(`unknown mode ${m}`);
  const traces = (values.trace ?? process.env['BENCH_TRACE'] ?? 'off,on').split(',').map((t) => {
    if (t.trim() === 'on') return true;
    if (t.trim() === 'off') return false;
    throw new Error(`--trace takes on, off or on,off; got ${t}`);
  });
  return {
    nodes: num(values.nodes, 'BENCH_NODES', 100),
    pods: num(values.pods, 'BENCH_PODS', 5000),
    modes: modes as Options['modes'],
    traces,
    createConcurrency: num(values['create-concurrency'], 'BENCH_CREATE_CONCURRENCY', 32),
    owners: num(values.owners, 'BENCH_OWNERS', 10),
    timeoutSeconds: num(values['timeout-seconds'], 'BENCH_TIMEOUT_SECONDS', 180),
  };
}

import { cpuSeconds, histMeanMs, histQuantileMs, metricSum, parseMetrics, type Sample } from './common.js';

const log = (msg: string) => process.stderr.write(`scheduler-throughput: ${msg}\n`);
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- objects

function nodeObject(i: number): Node {
  const name = `node-${String(i).padStart(3, '0')}`;
  const resources = { cpu: '32', memory: '128Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  };
}

function podObject(i: number, owners: number): Pod {
  const owner = i % owners;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `kubia-${owner}-${String(i).padStart(5, '0')}`,
      labels: { app: `kubia-${owner}` },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `kubia-${owner}`, uid: `00000000-0000-4000-8000-${String(owner).padStart(12, '0')}`, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    },
  };
}

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

// ---------------------------------------------------------------- processes and metrics

/**
 * SCHEDULER_ARGS: extra scheduler flags, e.g. "--parallel-binds 256" (for experiments).
 * SCHEDULER_MAIN: another build of apps/scheduler/dist/main.js, for A/B comparisons.
 */
function extraSchedulerArgs(): string[] {
  return (process.env['SCHEDULER_ARGS'] ?? '').split(' ').filter(Boolean);
}

interface SchedulerProc {
  child: ChildProcess;
  httpAddress: string;
  /** When the bench first saw leader_election_master_status 1, and the pods bound by then. */
  ledAt: number;
  boundAtLead: number;
  metrics(): Promise<Sample[]>;
  stop(): Promise<void>;
}

async function startScheduler(api: ApiserverProcess, trace: boolean): Promise<SchedulerProc> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-sched-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${api.adminToken}\n`);
  const httpAddress = `127.0.0.1:${await freePort()}`;
  let out = '';
  const child = spawn(
    process.execPath,
    [...(process.env['SCHEDULER_NODE_FLAGS'] ?? '').split(' ').filter(Boolean), process.env['SCHEDULER_MAIN'] || builtApp('scheduler'), '--apiserver', api.grpcAddress, '--token-file', tokenFile, '--http-address', httpAddress, `--decision-trace=${trace}`, ...extraSchedulerArgs()],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const metrics = async () => parseMetrics(await (await fetch(`http://${httpAddress}/metrics`)).text());
  const deadline = Date.now() + 30_000;
  let ledAt = 0;
  let boundAtLead = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`scheduler exited: ${out}`);
    try {
      if ((await fetch(`http://${httpAddress}/readyz`)).ok) {
        const samples = await metrics();
        if (metricSum(samples, 'leader_election_master_status') === 1) {
          ledAt = performance.now();
          boundAtLead = metricSum(samples, 'scheduler_schedule_attempts_total', { result: 'scheduled' });
          break;
        }
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`scheduler not ready: ${out}`);
    await sleep(20);
  }
  return {
    child,
    httpAddress,
    ledAt,
    boundAtLead,
    metrics,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      process.removeListener('exit', kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- one run

interface RunResult {
  mode: 'backlog' | 'stream';
  decisionTrace: boolean;
  pods: number;
  nodes: number;
  /** Pods bound per second over the run (see README for the window of each mode). */
  podsBoundPerSec: number | null;
  /** Pods bound before the window opened, left out of podsBoundPerSec (backlog mode). */
  boundAtWindowStart: number;
  /** Between 10% and 90% bound: the steady rate, without start-up and tail. */
  steadyPodsBoundPerSec: number | null;
  seconds: number | null;
  createdPerSec: number | null;
  queueWaitMs: { p50: number | null; p99: number | null; mean: number | null };
  /** Queue entry to bound (scheduler_pod_scheduling_sli_duration_seconds). */
  queuedToBoundMs: { p50: number | null; p99: number | null };
  scheduler: {
    attemptMeanMs: number | null;
    bindMeanMs: number | null;
    bindP99Ms: number | null;
    e2eMeanMs: number | null;
    attempts: Record<string, number>;
    bindFailures: number;
  };
  apiserver: { bindMeanMs: number | null; eventCreateMeanMs: number | null; etcdUpdateMeanMs: number | null };
  /** CPU during the binding window, % of one core. */
  cpuPct: Record<string, number | null>;
  /** CPU milliseconds per bound pod, per process. */
  cpuMsPerPod: Record<string, number | null>;
  maxPodsPerNode: number;
  unbound: number;
  /** How often the bench read the scheduler's /metrics to follow the binds (each costs it CPU). */
  metricsScrapes: number;
}

/** Polling of the scheduler's bind counter: see waitForBinds. */
const POLL_MIN_MS = 10;
const POLL_MAX_MS = 500;

/**
 * Follows `scheduler_schedule_attempts_total{result="scheduled"}` until every pod is bound and
 * returns the samples as [time read, count] (time: when the answer arrived). Each scrape costs the
 * scheduler CPU (~1-2 ms: the whole registry, default process metrics included), so instead of a
 * fixed period the next read is timed from the current rate: half the expected time to the next
 * figure the report needs (10%, 90% and 100% bound), between 10 and 500 ms. The crossings are
 * thus sampled every 10 ms or so, the stretches in between rarely (about 30-40 scrapes per run).
 */
async function waitForBinds(sched: SchedulerProc, opts: Options, start: [number, number]): Promise<Array<[number, number]>> {
  const timeline: Array<[number, number]> = [];
  const marks = [0.1, 0.9, 1].map((f) => Math.ceil(f * opts.pods));
  const deadline = performance.now() + opts.timeoutSeconds * 1000;
  let bound = 0;
  for (;;) {
    bound = metricSum(await sched.metrics(), 'scheduler_schedule_attempts_total', { result: 'scheduled' });
    const now = performance.now();
    timeline.push([now, bound]);
    if (bound >= opts.pods) return timeline;
    if (now > deadline) throw new Error(`only ${bound}/${opts.pods} pods bound after ${opts.timeoutSeconds} s`);
    // The rate over the last second or so of samples (or since the window began).
    const recent = timeline.find(([t]) => now - t <= 1000);
    const [t0, n0] = recent && recent[0] < now ? recent : (timeline.at(-2) ?? start);
    const rate = now > t0 ? (bound - n0) / (now - t0) : 0; // pods per ms
    const next = marks.find((m) => m > bound) as number;
    const eta = rate > 0 ? (next - bound) / rate : 100;
    await sleep(Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, eta / 2)));
  }
}

/**
 * When the bound count reached `n`: linear interpolation between the last sample below it and the
 * first at or above it (the adaptive polling keeps those a few ms apart).
 */
function crossingTime(timeline: ReadonlyArray<[number, number]>, n: number, start: [number, number]): number {
  let prev = start;
  for (const s of timeline) {
    if (s[1] >= n) return s[1] === prev[1] ? s[0] : prev[0] + ((s[0] - prev[0]) * (n - prev[1])) / (s[1] - prev[1]);
    prev = s;
  }
  return NaN;
}

async function run(opts: Options, mode: 'backlog' | 'stream', trace: boolean): Promise<RunResult> {
  log(`${mode}, decision trace ${trace ? 'on' : 'off'}: starting etcd and the apiserver ...`);
  const api = await startApiserver();
  const client = new Clientset({ address: api.grpcAddress, token: api.adminToken });
  let sched: SchedulerProc | undefined;
  try {
    await pool(
      Array.from({ length: opts.nodes }, (_, i) => i + 1),
      16,
      (i) => client.nodes().create(nodeObject(i)),
    );
    const pods = Array.from({ length: opts.pods }, (_, i) => Buffer.from(JSON.stringify(podObject(i, opts.owners))));
    const creator = client.pods('default');
    const pids = () => ({ scheduler: sched?.child.pid, apiserver: api.pid, etcd: api.etcd.pid });
    const cpuNow = () => {
      const p = pids();
      return { bench: process.cpuUsage(), scheduler: cpuSeconds(p.scheduler), apiserver: cpuSeconds(p.apiserver), etcd: cpuSeconds(p.etcd) };
    };

    let createStart = 0;
    let createEnd = 0;
    const create = async () => {
      createStart = performance.now();
      await pool(pods, opts.createConcurrency, (p) => creator.createEncoded(p));
      createEnd = performance.now();
    };

    let windowStart: number;
    /** Pods already bound when the window opens (backlog: bound before the bench saw the scheduler lead). */
    let boundAtStart = 0;
    let cpu0: ReturnType<typeof cpuNow>;
    let creating: Promise<void> = Promise.resolve();
    if (mode === 'backlog') {
      log(`creating ${opts.pods} pods with no scheduler running ...`);
      await create();
      sched = await startScheduler(api, trace);
      // The window starts when the bench sees the scheduler lead (it has listed the backlog by
      // then); the pods it bound before that are left out of the rate.
      windowStart = sched.ledAt;
      boundAtStart = sched.boundAtLead;
      cpu0 = cpuNow();
    } else {
      sched = await startScheduler(api, trace);
      cpu0 = cpuNow();
      creating = create();
      windowStart = performance.now();
    }
    log('waiting for every pod to be bound ...');
    const timeline = await waitForBinds(sched, opts, [windowStart, boundAtStart]);
    const windowEnd = (timeline.at(-1) as [number, number])[0];
    const cpu1 = cpuNow();
    await creating;
    const samples = await sched.metrics();
    const apiSamples = parseMetrics(await (await fetch(`http://${api.httpAddress}/metrics`)).text());

    const at = (frac: number) => crossingTime(timeline, frac * opts.pods, [windowStart, boundAtStart]);
    const t10 = at(0.1);
    const t90 = at(0.9);
    const seconds = (windowEnd - windowStart) / 1000;
    const secs = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : b - a);
    const cpuS: Record<string, number | null> = {
      bench: (cpu1.bench.user + cpu1.bench.system - cpu0.bench.user - cpu0.bench.system) / 1e6,
      scheduler: secs(cpu0.scheduler, cpu1.scheduler),
      apiserver: secs(cpu0.apiserver, cpu1.apiserver),
      etcd: secs(cpu0.etcd, cpu1.etcd),
    };
    const cpuPct: Record<string, number | null> = {};
    const cpuMsPerPod: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(cpuS)) {
      cpuPct[k] = v === null ? null : round((v / seconds) * 100, 0);
      cpuMsPerPod[k] = v === null ? null : round((v * 1000) / (opts.pods - boundAtStart), 3);
    }

    // Small pages: the apiserver's etcd client takes at most 4 MiB per answer, and a pod with a
    // decision trace over 100 nodes is ~45 KB.
    let unbound = 0;
    const perNode = new Map<string, number>();
    let cont = '';
    do {
      const page = await client.pods('default').list({ limit: 40, ...(cont ? { continue: cont } : {}) });
      for (const p of page.items) {
        if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
        else unbound++;
      }
      cont = page.metadata.continue ?? '';
    } while (cont);

    const attempts: Record<string, number> = {};
    for (const r of ['scheduled', 'unschedulable', 'error']) attempts[r] = metricSum(samples, 'scheduler_schedule_attempts_total', { result: r });
    const result: RunResult = {
      mode,
      decisionTrace: trace,
      pods: opts.pods,
      nodes: opts.nodes,
      podsBoundPerSec: round((opts.pods - boundAtStart) / seconds, 0),
      boundAtWindowStart: boundAtStart,
      steadyPodsBoundPerSec: round((0.8 * opts.pods) / ((t90 - t10) / 1000), 0),
      seconds: round(seconds, 2),
      createdPerSec: createEnd > createStart ? round(opts.pods / ((createEnd - createStart) / 1000), 0) : null,
      queueWaitMs: {
        p50: histQuantileMs(samples, 'kubesim_scheduler_queue_wait_duration_seconds', 0.5),
        p99: histQuantileMs(samples, 'kubesim_scheduler_queue_wait_duration_seconds', 0.99),
        mean: histMeanMs(samples, 'kubesim_scheduler_queue_wait_duration_seconds'),
      },
      queuedToBoundMs: {
        p50: histQuantileMs(samples, 'scheduler_pod_scheduling_sli_duration_seconds', 0.5),
        p99: histQuantileMs(samples, 'scheduler_pod_scheduling_sli_duration_seconds', 0.99),
      },
      scheduler: {
        attemptMeanMs: histMeanMs(samples, 'scheduler_scheduling_attempt_duration_seconds', { result: 'scheduled' }),
        bindMeanMs: histMeanMs(samples, 'scheduler_framework_extension_point_duration_seconds', { extension_point: 'Bind' }),
        bindP99Ms: histQuantileMs(samples, 'scheduler_framework_extension_point_duration_seconds', 0.99, { extension_point: 'Bind' }),
        e2eMeanMs: histMeanMs(samples, 'scheduler_e2e_scheduling_duration_seconds', { result: 'scheduled' }),
        attempts,
        bindFailures: metricSum(samples, 'kubesim_scheduler_bind_failures_total'),
      },
      apiserver: {
        bindMeanMs: histMeanMs(apiSamples, 'apiserver_request_duration_seconds', { resource: 'pods', subresource: 'binding' }),
        eventCreateMeanMs: histMeanMs(apiSamples, 'apiserver_request_duration_seconds', { verb: 'create', resource: 'events' }),
        etcdUpdateMeanMs: histMeanMs(apiSamples, 'etcd_request_duration_seconds', { operation: 'update' }),
      },
      cpuPct,
      cpuMsPerPod,
      maxPodsPerNode: Math.max(0, ...perNode.values()),
      unbound,
      metricsScrapes: timeline.length,
    };
    log(`${mode}/${trace ? 'trace' : 'no-trace'}: ${result.podsBoundPerSec} pods/s (steady ${result.steadyPodsBoundPerSec}), queue wait p99 ${result.queueWaitMs.p99} ms`);
    return result;
  } finally {
    await sched?.stop().catch(() => {});
    client.close();
    await api.stop();
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const loadBefore = loadavg();
  const runs: RunResult[] = [];
  for (const trace of opts.traces) for (const mode of opts.modes) runs.push(await run(opts, mode, trace));
  const target = 1000;
  const best = runs.filter((r) => !r.decisionTrace);
  const report = {
    benchmark: 'scheduler-throughput',
    runs,
    target: { podsBoundPerSec: target },
    met: Object.fromEntries(runs.map((r) => [`${r.mode}/${r.decisionTrace ? 'trace' : 'no-trace'}`, (r.podsBoundPerSec ?? 0) >= target])),
    headline: best.length
      ? { podsBoundPerSec: Math.max(...best.map((r) => r.podsBoundPerSec ?? 0)), queueWaitP99Ms: best.map((r) => r.queueWaitMs.p99) }
      : undefined,
    config: { ...opts },
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
