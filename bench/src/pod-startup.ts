#!/usr/bin/env node
// bench/pod-startup: how long from `kubectl create` of a pod until it runs, and is Ready, on a whole
// kubesim cluster (etcd, apiserver, scheduler and 3 kubelets started by `up()` from
// @kubesim/cluster, each a real process; every container a real process too)? Also what the
// kubelets cost in memory and CPU. Prints ONE JSON document on stdout; progress goes to stderr.
// See bench/README.md.
import type { Pod } from '@kubesim/api';
import { Clientset } from '@kubesim/client';
import { KUBELET_PREFIX, down, up, type ClusterState, type ComponentRecord } from '@kubesim/cluster';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------- options

const SCENARIOS = ['burst', 'paced', 'burst-noprobe', 'paced-noprobe'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const USAGE = `usage: node bench/dist/pod-startup.js [options]

  --pods N               pods per scenario (env BENCH_PODS, default 100)
  --nodes N              kubelets (node-1 ... node-N) started by up() (env BENCH_NODES, default 3)
  --scenarios LIST       comma-separated, each on a fresh cluster (env BENCH_SCENARIOS, default
                         burst,paced,burst-noprobe):
                           burst          all pods created at once (N concurrent create calls)
                           paced          one create every 1/--rate s, not waiting for answers
                           *-noprobe      the same without the readiness probe
  --rate R               pods per second of the paced scenarios (env BENCH_RATE, default 20)
  --steady-seconds S     after all pods are Ready, measure the kubelets' idle cost for S s
                         (env BENCH_STEADY_SECONDS, default 5; 0 skips it)
  --timeout-seconds S    give up waiting for the pods of a scenario after S s (env BENCH_TIMEOUT_SECONDS,
                         default 180); the figures then cover the pods that made it, incomplete: true
  --cpu-prof-dir DIR     CPU-profile the apiserver, scheduler and kubelet processes up() starts (through a
                         preloaded inspector session, as NODE_OPTIONS may not hold --cpu-prof) over the
                         measured window (first create to all Ready): each writes
                         <app>[-<node>]-<pid>.window.cpuprofile and .window.json (event loop delay and
                         utilization) to DIR (env BENCH_CPU_PROF_DIR). Summarize a profile with
                         node bench/dist/cpuprofile-top.js FILE
  --component-node-options OPTS
                         more NODE_OPTIONS for those processes, e.g. "--max-semi-space-size=64"
                         (env BENCH_COMPONENT_NODE_OPTIONS)
  --control-plane-nice N experiment: renice etcd, the apiserver, the scheduler and the kubelets to N,
                         e.g. -10, so that the containers' start-up cannot starve them. With autogroup
                         scheduling (Linux default) their sessions' autogroups are reniced; otherwise
                         every thread of etcd, apiserver and scheduler (not the kubelets: their
                         containers would inherit it) (env BENCH_CONTROL_PLANE_NICE)
  --warmup-pods N        before the measured creation, create N pods the same way, wait until they run,
                         delete them and wait until they are gone: the components' JIT compilers have
                         then compiled the hot paths (env BENCH_WARMUP_PODS, default 0: a cold cluster,
                         as right after \`kubesim up\`)
  --keep-dir             do not delete the temporary cluster folders (logs; the cluster is still stopped)
  -h, --help
`;

interface Options {
  pods: number;
  nodes: number;
  scenarios: ScenarioName[];
  rate: number;
  steadySeconds: number;
  timeoutSeconds: number;
  warmupPods: number;
  componentNodeOptions: string;
  cpuProfDir: string;
  controlPlaneNice?: number;
  keepDir: boolean;
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
      pods: { type: 'string' },
      nodes: { type: 'string' },
      scenarios: { type: 'string' },
      rate: { type: 'string' },
      'steady-seconds': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      'warmup-pods': { type: 'string' },
      'component-node-options': { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
      'control-plane-nice': { type: 'string' },
      'keep-dir': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const num = (name: string, v: string | undefined, dflt: number, min: number, integer = true): number => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  const scenarios = (values.scenarios ?? env['BENCH_SCENARIOS'] ?? 'burst,paced,burst-noprobe')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!scenarios.length) throw new Error('--scenarios is empty');
  for (const s of scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}: want ${SCENARIOS.join(', ')}`);
  return {
    pods: num('--pods', values.pods ?? env['BENCH_PODS'], 100, 1),
    nodes: num('--nodes', values.nodes ?? env['BENCH_NODES'], 3, 1),
    scenarios: scenarios as ScenarioName[],
    rate: num('--rate', values.rate ?? env['BENCH_RATE'], 20, 0.01, false),
    steadySeconds: num('--steady-seconds', values['steady-seconds'] ?? env['BENCH_STEADY_SECONDS'], 5, 0, false),
    timeoutSeconds: num('--timeout-seconds', values['timeout-seconds'] ?? env['BENCH_TIMEOUT_SECONDS'], 180, 1),
    warmupPods: num('--warmup-pods', values['warmup-pods'] ?? env['BENCH_WARMUP_PODS'], 0, 0),
    componentNodeOptions: values['component-node-options'] ?? env['BENCH_COMPONENT_NODE_OPTIONS'] ?? '',
    cpuProfDir: values['cpu-prof-dir'] ?? env['BENCH_CPU_PROF_DIR'] ?? '',
    ...(() => {
      const v = values['control-plane-nice'] ?? env['BENCH_CONTROL_PLANE_NICE'];
      if (v === undefined || v === '') return {};
      const n = Number(v);
      if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`--control-plane-nice must be an integer from -20 to 19, got ${v}`);
      return { controlPlaneNice: n };
    })(),
    keepDir: !!values['keep-dir'],
  };
}

import { UsageError, clockTicks, cpuSeconds, histMeanMs, histQuantileMs, metricSum, parseMetrics, type Sample } from './common.js';

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond resolution (comparable with Date.now() of other processes). */
const nowMs = () => performance.timeOrigin + performance.now();
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

// ---------------------------------------------------------------- the workload

const NAMESPACE = 'default';
const LABEL = 'kubesim-bench';

/** The kubia pod of "Kubernetes in Action", with a readiness probe on its port unless `probe` is false. */
function kubiaPod(name: string, runLabel: string, probe: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'kubia', [LABEL]: runLabel } },
    spec: {
      containers: [
        {
          name: 'kubia',
          image: 'luksa/kubia',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          ...(probe ? { readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } } : {}),
        },
      ],
    },
  };
}

// ---------------------------------------------------------------- processes

/** utime+stime of the process itself (not of its children) in ms, from /proc; undefined when unknown. */
function cpuMs(pid: number | undefined): number | undefined {
  const s = cpuSeconds(pid);
  return s === undefined ? undefined : s * 1000;
}

/** VmRSS of the process itself in MB (containers and the watchdog are other processes and not counted). */
function rssMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PSS and USS of the process in MB (smaps_rollup): RSS counts every page of the node binary the
 * process touched (~34 MB for any node process, shared by all of them); USS is what it alone holds
 * (Private_Clean + Private_Dirty), PSS its share of everything.
 */
function privateMemMB(pid: number | undefined): { pss: number; uss: number } | undefined {
  if (!pid) return undefined;
  try {
    const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? NaN);
    const pss = kb('Pss') / 1024;
    const uss = (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
    return Number.isFinite(pss) && Number.isFinite(uss) ? { pss, uss } : undefined;
  } catch {
    return undefined;
  }
}

interface Procs {
  /** kubelet/node-1 → pid */
  kubelets: Map<string, number>;
  apiserver?: number;
  scheduler?: number;
  etcd?: number;
}

function procsOf(state: ClusterState): Procs {
  const pid = (name: string) => state.components.find((c) => c.name === name)?.pid;
  const kubelets = new Map<string, number>();
  for (const c of state.components) if (c.name.startsWith(KUBELET_PREFIX)) kubelets.set(c.name.slice(KUBELET_PREFIX.length), c.pid);
  return { kubelets, apiserver: pid('apiserver'), scheduler: pid('scheduler'), etcd: pid('etcd') };
}

interface CpuSnapshot {
  at: number;
  machine?: { busy: number; total: number };
  bench: number;
  kubelets: Map<string, number | undefined>;
  apiserver?: number;
  scheduler?: number;
  etcd?: number;
}

function cpuSnapshot(p: Procs): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    at: nowMs(),
    machine: machineCpuMs(),
    bench: (u.user + u.system) / 1000,
    kubelets: new Map([...p.kubelets].map(([n, pid]) => [n, cpuMs(pid)])),
    apiserver: cpuMs(p.apiserver),
    scheduler: cpuMs(p.scheduler),
    etcd: cpuMs(p.etcd),
  };
}

interface CpuDelta {
  seconds: number;
  /** CPU ms per process over the window. */
  ms: { kubelets: number | null; perKubelet: Record<string, number | null>; apiserver: number | null; scheduler: number | null; etcd: number | null; bench: number };
}

function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
  const d = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? null : y - x);
  const perKubelet: Record<string, number | null> = {};
  let total: number | null = 0;
  for (const [n, v] of a.kubelets) {
    const dv = d(v, b.kubelets.get(n));
    perKubelet[n] = dv;
    total = dv === null || total === null ? null : total + dv;
  }
  return {
    seconds: (b.at - a.at) / 1000,
    ms: { kubelets: total, perKubelet, apiserver: d(a.apiserver, b.apiserver), scheduler: d(a.scheduler, b.scheduler), etcd: d(a.etcd, b.etcd), bench: b.bench - a.bench },
  };
}

interface RssFigures {
  /** Sum over the kubelet processes, MB. */
  sumMB: number | null;
  /** The largest kubelet, MB. */
  maxMB: number | null;
  perKubelet: Record<string, number | null>;
  /** The largest kubelet's PSS and USS (see privateMemMB), MB. */
  maxPssMB?: number | null;
  maxUssMB?: number | null;
}

function rssFigures(p: Procs): RssFigures {
  const perKubelet: Record<string, number | null> = {};
  let sum: number | null = 0;
  let max: number | null = 0;
  for (const [n, pid] of p.kubelets) {
    const v = rssMB(pid);
    perKubelet[n] = v === undefined ? null : round(v);
    if (v === undefined) sum = max = null;
    else if (sum !== null && max !== null) {
      sum += v;
      max = Math.max(max, v);
    }
  }
  let maxPss: number | null = null;
  let maxUss: number | null = null;
  for (const pid of p.kubelets.values()) {
    const m = privateMemMB(pid);
    if (!m) continue;
    maxPss = Math.max(maxPss ?? 0, m.pss);
    maxUss = Math.max(maxUss ?? 0, m.uss);
  }
  return {
    sumMB: sum === null ? null : round(sum),
    maxMB: max === null ? null : round(max),
    perKubelet,
    maxPssMB: maxPss === null ? null : round(maxPss),
    maxUssMB: maxUss === null ? null : round(maxUss),
  };
}

/** Peak of the kubelets' RSS (sum and largest), sampled every `ms` until stopped. */
function rssSampler(p: Procs, ms = 200): { stop(): { sumMB: number | null; maxMB: number | null } } {
  let peakSum: number | null = null;
  let peakMax: number | null = null;
  // VmRSS only: reading smaps_rollup (PSS, USS) walks a process's page tables, work the bench
  // would add to the machine every 200 ms of the burst it measures.
  const sample = () => {
    const rss = [...p.kubelets.values()].map(rssMB);
    if (rss.some((v) => v === undefined)) return;
    const vs = rss as number[];
    peakSum = Math.max(peakSum ?? 0, vs.reduce((a, b) => a + b, 0));
    peakMax = Math.max(peakMax ?? 0, ...vs);
  };
  sample();
  const t = setInterval(sample, ms);
  return {
    stop() {
      clearInterval(t);
      sample();
      return { sumMB: peakSum === null ? null : round(peakSum), maxMB: peakMax === null ? null : round(peakMax) };
    },
  };
}

/** Busy and total CPU time of the whole machine in ms (all cores), from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const clkTck = clockTicks();
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: (busy * 1000) / clkTck, total: ((busy + idle + iowait) * 1000) / clkTck };
  } catch {
    return undefined;
  }
}

interface ContainerProcs {
  /**
   * The kubelets' helper processes (`shims`: one `/bin/sh` watchdog per kubelet; with the earlier
   * runtime, a Node shim per container) and the containers' processes (`apps`: the kubelets' other
   * children; with the earlier runtime, the shims' children).
   */
  shims: number;
  apps: number;
  /** Their own CPU time over their whole life, ms (they all started in the window). */
  shimCpuMs: number;
  appCpuMs: number;
  shimRssMB: number;
  appRssMB: number;
}

/** A kubelet's helper process: its container watchdog, or (earlier runtime) a container shim. */
function isKubeletHelper(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[3] === 'kubesim-watchdog' || argv.some((a) => a.endsWith('/shim.mjs') || a.endsWith('/forkserver.pl'));
  } catch {
    return false;
  }
}

/** See ScenarioResult.fileCreateUs. The files stay (the cluster's folder goes at the end): deleting them would slow the next creations. */
function fileCreateCost(dir: string): number | null {
  try {
    const probeDir = join(dir, 'bench-file-probe');
    mkdirSync(probeDir, { recursive: true });
    const us: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = process.cpuUsage();
      closeSync(openSync(join(probeDir, String(i)), 'w'));
      const d = process.cpuUsage(t);
      us.push(d.user + d.system);
    }
    us.sort((a, b) => a - b);
    return us[25]!;
  } catch {
    return null;
  }
}

/**
 * The kubelets' helper processes (watchdogs, fork servers) and the containers' processes, from /proc:
 * a kubelet's other children, and the children of its helpers (the fork server's forked containers).
 */
function containerProcs(p: Procs): ContainerProcs | undefined {
  const kubelets = new Set(p.kubelets.values());
  const table: Array<{ pid: number; ppid: number; cpu: number; rss: number }> = [];
  let names: string[];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  const clkTck = clockTicks();
  for (const n of names) {
    try {
      const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(n), ppid: Number(f[1]), cpu: ((Number(f[11]) + Number(f[12])) * 1000) / clkTck, rss: (Number(f[21]) * 4096) / 2 ** 20 });
    } catch {
      // gone meanwhile
    }
  }
  const children = table.filter((x) => kubelets.has(x.ppid));
  const shims = children.filter((x) => isKubeletHelper(x.pid));
  const shimPids = new Set(shims.map((x) => x.pid));
  const apps = table.filter((x) => (kubelets.has(x.ppid) && !shimPids.has(x.pid)) || shimPids.has(x.ppid));
  const sum = (xs: typeof table, k: 'cpu' | 'rss') => xs.reduce((a, x) => a + x[k], 0);
  return { shims: shims.length, apps: apps.length, shimCpuMs: sum(shims, 'cpu'), appCpuMs: sum(apps, 'cpu'), shimRssMB: sum(shims, 'rss'), appRssMB: sum(apps, 'rss') };
}

/**
 * Gives a process a nice value that counts. Every component and every container runs in its own
 * session (they are spawned detached), and with the kernel's autogroup scheduling
 * (/proc/sys/kernel/sched_autogroup_enabled) CPU is shared fairly between sessions, whatever the
 * processes' own nice values: so the session's autogroup is reniced (/proc/<pid>/autogroup). Without
 * autogroups, every thread of the process is reniced instead. Returns how it was done.
 */
function renice(pid: number, nice: number): 'autogroup' | 'threads' {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return 'autogroup';
  } catch {
    // no autogroups
  }
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    tids = [String(pid)];
  }
  for (const t of tids) setPriority(Number(t), nice);
  return 'threads';
}

// ---------------------------------------------------------------- metrics (scheduler /metrics)

async function scrape(httpAddress: string | undefined): Promise<Sample[] | undefined> {
  if (!httpAddress) return undefined;
  try {
    const res = await fetch(`http://${httpAddress}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? parseMetrics(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** Counter/histogram deltas s1 - s0 (series matched by name and labels). */
function metricDiff(s1: Sample[], s0: Sample[]): Sample[] {
  const key = (x: Sample) => `${x.name}${JSON.stringify(x.labels)}`;
  const before = new Map(s0.map((x) => [key(x), x.value]));
  return s1.map((x) => ({ ...x, value: x.value - (before.get(key(x)) ?? 0) }));
}

/**
 * The apiserver's requests over a window, per pod, by verb and resource[/subresource] (watches
 * excluded), with their mean handler latency; and etcd requests per pod by operation.
 */
function apiserverRequests(d: Sample[], pods: number): { requestsPerPod: Record<string, { perPod: number; meanMs: number | null; errors: number }>; etcdPerPod: Record<string, { perPod: number; meanMs: number | null }> } {
  const requestsPerPod: Record<string, { perPod: number; meanMs: number | null; errors: number }> = {};
  const groups = new Map<string, Record<string, string>>();
  for (const x of d) {
    if (x.name !== 'apiserver_request_total' || x.value <= 0 || x.labels['verb'] === 'watch') continue;
    const k = `${x.labels['verb']} ${x.labels['resource']}${x.labels['subresource'] ? `/${x.labels['subresource']}` : ''}`;
    groups.set(k, { verb: x.labels['verb'] ?? '', resource: x.labels['resource'] ?? '', subresource: x.labels['subresource'] ?? '' });
  }
  for (const [k, labels] of [...groups].sort()) {
    const total = metricSum(d, 'apiserver_request_total', labels);
    const ok = d.filter((x) => x.name === 'apiserver_request_total' && Object.entries(labels).every(([l, v]) => (x.labels[l] ?? '') === v) && /^2/.test(x.labels['code'] ?? '')).reduce((a, x) => a + x.value, 0);
    requestsPerPod[k] = { perPod: round(total / pods, 2), meanMs: histMeanMs(d, 'apiserver_request_duration_seconds', labels), errors: total - ok };
  }
  const etcdPerPod: Record<string, { perPod: number; meanMs: number | null }> = {};
  const ops = new Set(d.filter((x) => x.name === 'etcd_request_duration_seconds_count' && x.value > 0).map((x) => x.labels['operation'] ?? ''));
  for (const op of [...ops].sort()) {
    etcdPerPod[op] = { perPod: round(metricSum(d, 'etcd_request_duration_seconds_count', { operation: op }) / pods, 2), meanMs: histMeanMs(d, 'etcd_request_duration_seconds', { operation: op }) };
  }
  return { requestsPerPod, etcdPerPod };
}


// ---------------------------------------------------------------- statistics

interface Dist {
  n: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentiles, in ms. */
function dist(values: Array<number | undefined>): Dist {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  const pct = (q: number) => (v.length ? round(v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!) : null);
  return {
    n: v.length,
    p50: pct(0.5),
    p90: pct(0.9),
    p99: pct(0.99),
    max: v.length ? round(v[v.length - 1]!) : null,
    mean: v.length ? round(v.reduce((a, b) => a + b, 0) / v.length) : null,
  };
}

// ---------------------------------------------------------------- one pod's timeline

/** Wall-clock ms (epoch) of what happened to one pod, as the bench saw it. */
interface Timeline {
  name: string;
  uid?: string;
  node?: string;
  createStart?: number;
  createDone?: number;
  createError?: string;
  /** First watch event with spec.nodeName: the scheduler's binding is stored. */
  bound?: number;
  /** First watch event with a status the kubelet wrote (hostIP or startTime set). */
  kubeletStatus?: number;
  /** First watch event with phase Running. */
  running?: number;
  /** First watch event with the Ready condition True. */
  ready?: number;
  deleted?: number;
  /** Change time of <kubelet root>/pods/<uid> (made, or renamed into place from the spares): the kubelet began creating the container. */
  containerCreate?: number;
  /** Time stamp of the container's first log line ("Kubia server starting..."): its code runs. */
  firstLog?: number;
}

function isReady(p: Pod): boolean {
  return !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The time stamp of the first line of a CRI log file (RFC 3339 with nanoseconds) as epoch ms. */
function firstLogLineMs(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z /.exec(buf.subarray(0, n).toString('utf8'));
    if (!m) return undefined;
    return Date.parse(`${m[1]}Z`) + (m[2] ? Number(`0.${m[2]}`) * 1000 : 0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function changeMs(path: string): number | undefined {
  try {
    const s = statSync(path);
    return s.ctimeMs > 0 ? s.ctimeMs : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- cleanup

/** What must be undone if the run stops early: cluster folders to stop (down) and delete. */
const live = {
  clusterDirs: new Set<string>(),
  stopping: new Map<string, Promise<void>>(),
  /** Per cluster folder: deletes the benchmark's pods (while they may exist). */
  podDeleters: new Map<string, () => Promise<unknown>>(),
  /** up() calls and down() calls in flight: cleanup waits for them, so nothing starts after it. */
  pending: new Set<Promise<unknown>>(),
  tempRoot: undefined as string | undefined,
  keepDir: false,
  abort: new AbortController(),
};

function track<T>(p: Promise<T>): Promise<T> {
  live.pending.add(p);
  const forget = () => live.pending.delete(p);
  p.then(forget, forget);
  return p;
}

/** Deletes the pods (briefly, best effort), then down(); once per folder: later calls wait for the first. */
function stopCluster(dir: string): Promise<void> {
  const inFlight = live.stopping.get(dir);
  if (inFlight) return inFlight;
  if (!live.clusterDirs.has(dir)) return Promise.resolve();
  const p = (async () => {
    // Pods still in the API (an error or Ctrl-C before the scenario deleted them): ask for their
    // deletion first, briefly; down() then stops the kubelets, which kill every container anyway.
    const deletePods = live.podDeleters.get(dir);
    live.podDeleters.delete(dir);
    if (deletePods) {
      try {
        await Promise.race([deletePods(), sleep(3000).then(() => Promise.reject(new Error('timed out')))]);
        log('deleted the pods');
      } catch (e) {
        log(`deleting the pods failed (down() stops their containers anyway): ${(e as Error).message}`);
      }
    }
    await down({ dir, progress: (l) => log(`down:${l}`) });
    live.clusterDirs.delete(dir);
  })();
  live.stopping.set(dir, p);
  return track(p);
}

async function cleanupAll(): Promise<void> {
  // An up() still starting components must finish before down() can stop them all.
  await Promise.allSettled([...live.pending]);
  for (const dir of [...live.clusterDirs]) {
    try {
      await stopCluster(dir);
    } catch (e) {
      log(`stopping the cluster in ${dir} failed: ${(e as Error).message}`);
    }
  }
  await Promise.allSettled([...live.pending]);
  if (live.tempRoot && !live.keepDir) {
    rmSync(live.tempRoot, { recursive: true, force: true });
    live.tempRoot = undefined;
  } else if (live.tempRoot) {
    log(`kept ${live.tempRoot}`);
  }
}

/**
 * Writes (once) a module that, preloaded with --import, CPU-profiles the process through an
 * in-process inspector session and writes the profile to `outDir` at exit, as --cpu-prof would.
 */
function profilerPreload(root: string, outDir: string): string {
  const file = join(root, 'cpu-profiler-preload.mjs');
  mkdirSync(resolve(outDir), { recursive: true });
  writeFileSync(
    file,
    `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
const dir = ${JSON.stringify(resolve(outDir))};
const script = process.argv[1] ?? '';
const app = script.endsWith('/dist/main.js') ? basename(dirname(dirname(script))) : basename(script, '.js');
const i = process.argv.indexOf('--node-name');
const tag = [app, i > 0 ? process.argv[i + 1] : '', String(process.pid)].filter(Boolean).join('-');
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
let running = true;
let window = 0;
let elu0;
const delay = monitorEventLoopDelay({ resolution: 10 });
// SIGUSR2 from the bench: the first restarts the profile (the measured window begins), the second
// writes it with the event loop's delay and utilization over the window.
process.on('SIGUSR2', () => {
  if (window++ === 0) {
    session.post('Profiler.stop', () => session.post('Profiler.start'));
    delay.enable();
    elu0 = performance.eventLoopUtilization();
    return;
  }
  if (!running) return;
  running = false;
  const elu = performance.eventLoopUtilization(elu0);
  delay.disable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const mb = (b) => Math.round(b / 2 ** 20 * 10) / 10;
  const mem = process.memoryUsage();
  writeFileSync(join(dir, tag + '.window.json'), JSON.stringify({ tag, eventLoopUtilization: Math.round(elu.utilization * 1000) / 1000, delayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) }, memoryMB: { rss: mb(mem.rss), heapUsed: mb(mem.heapUsed), heapTotal: mb(mem.heapTotal), external: mb(mem.external), arrayBuffers: mb(mem.arrayBuffers) } }));
  session.post('Profiler.stop', (err, res) => {
    if (!err) writeFileSync(join(dir, tag + '.window.cpuprofile'), JSON.stringify(res.profile));
  });
});
process.on('exit', () => {
  if (!running) return;
  session.post('Profiler.stop', (err, res) => {
    if (!err) writeFileSync(join(dir, tag + '.cpuprofile'), JSON.stringify(res.profile));
  });
});
`,
  );
  return file;
}

// ---------------------------------------------------------------- one scenario

interface ScenarioResult {
  name: ScenarioName;
  pods: number;
  nodes: number;
  creation: { mode: 'burst' } | { mode: 'paced'; podsPerSec: number };
  readinessProbe: boolean;
  /** Create call start → first watch event with phase Running. */
  createToRunningMs: Dist;
  /** Create call start → first watch event with condition Ready=True. */
  createToReadyMs: Dist;
  /** Where the time goes, per pod (see README). */
  breakdownMs: Record<string, Dist>;
  /** First create → last pod Running / Ready. */
  allRunningSeconds: number | null;
  allReadySeconds: number | null;
  podsPerNode: Record<string, number>;
  kubeletRss: { before: RssFigures; allReady: RssFigures; peak: { sumMB: number | null; maxMB: number | null }; steady?: RssFigures };
  /** CPU ms per pod from the first create until all pods are Ready, per process (own CPU time only). */
  cpuMsPerPod: { kubelets: number | null; perKubelet: Record<string, number | null>; apiserver: number | null; scheduler: number | null; etcd: number | null; bench: number | null };
  /** The same window in % of one core. */
  cpuPct: Record<string, number | null>;
  /**
   * The whole machine over the same window: busy % of all cores, and its CPU ms per pod split into
   * the control plane and kubelets above, the kubelets' helper processes (`shims`: the watchdogs, or
   * the earlier runtime's per-container shims), the containers' own processes, and the rest (other
   * work on the machine).
   */
  machineCpu: { busyPct: number | null; msPerPod: { components: number | null; shims: number | null; containers: number | null; other: number | null } } | null;
  /**
   * CPU µs to create an empty file in the cluster's folder (median of 50, just before the pods are
   * created): the state of its file system. On ext4 without a journal it grows with the inodes
   * deleted in the last minutes (by earlier runs or tests), and the kubelets create a folder and a
   * log file per pod.
   */
  fileCreateUs: number | null;
  /** The container processes (and the kubelets' helpers, `shims`) when all pods were Ready: how many, their mean RSS. */
  containerProcesses: { shims: number; containers: number; shimRssMeanMB: number | null; containerRssMeanMB: number | null } | null;
  /** With all pods Ready and nothing else happening (probes every second), % of one core. */
  steadyCpuPct?: Record<string, number | null>;
  scheduler: { queueWaitP50Ms: number | null; queueWaitP99Ms: number | null; queuedToBoundP99Ms: number | null; attemptMeanMs: number | null; bindMeanMs: number | null } | null;
  /** From the apiserver's /metrics over the window: requests per pod and their mean handler time. */
  apiserver: ReturnType<typeof apiserverRequests> | null;
  /** Deleting all pods (delete collection) until the last is gone from the API. */
  deleteAllSeconds: number | null;
  errors: string[];
  incomplete?: boolean;
  met: { p99CreateToRunningMs: boolean; kubeletRssMB: boolean };
}

const TARGET = { p99CreateToRunningMs: 1000, kubeletRssMB: 60 };

/** The untimed round before the measured one (--warmup-pods): create, wait until Running, delete, wait until gone. */
async function warmUp(cs: Clientset, scenario: string, runLabel: string, n: number, probe: boolean): Promise<void> {
  const pods = cs.pods(NAMESPACE);
  const label = `warmup-${runLabel}`;
  const selector = `${LABEL}=${label}`;
  log(`[${scenario}] warm-up: ${n} pods ...`);
  await Promise.all(Array.from({ length: n }, (_, i) => pods.create(kubiaPod(`warmup-${runLabel}-${String(i).padStart(3, '0')}`, label, probe))));
  await waitUntil('the warm-up pods to run', 120_000, async () => (await pods.list({ labelSelector: selector })).items.filter((p) => p.status?.phase === 'Running').length === n, 200);
  await pods.deleteCollection({ labelSelector: selector });
  await waitUntil('the warm-up pods to be gone', 120_000, async () => (await pods.list({ labelSelector: selector })).items.length === 0, 200);
  await sleep(2000);
}

async function waitUntil(what: string, timeoutMs: number, cond: () => Promise<boolean> | boolean, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (live.abort.signal.aborted) throw new Error('interrupted');
    try {
      if (await cond()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function runScenario(opts: Options, name: ScenarioName, root: string): Promise<ScenarioResult> {
  const paced = name.startsWith('paced');
  const probe = !name.endsWith('-noprobe');
  if (live.abort.signal.aborted) throw new Error('interrupted');
  const dir = join(root, name);
  const runLabel = `${name}-${randomBytes(3).toString('hex')}`;
  const nodeNames = Array.from({ length: opts.nodes }, (_, i) => `node-${i + 1}`);
  log(`[${name}] up(): etcd, apiserver, scheduler, ${opts.nodes} kubelet(s) in ${dir} ...`);
  live.clusterDirs.add(dir);
  const savedNodeOptions = process.env['NODE_OPTIONS'];
  const extra = [opts.componentNodeOptions, opts.cpuProfDir ? `--import=${profilerPreload(root, opts.cpuProfDir)}` : ''].filter(Boolean).join(' ');
  if (extra) process.env['NODE_OPTIONS'] = `${savedNodeOptions ?? ''} ${extra}`.trim();
  let state: ClusterState;
  try {
    state = await track(up({ dir, nodes: nodeNames.map((n) => ({ name: n })), schedulers: 1, progress: (l) => log(`[${name}] ${l.trim()}`) }));
  } finally {
    if (savedNodeOptions === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = savedNodeOptions;
  }
  const procs = procsOf(state);
  if (opts.controlPlaneNice !== undefined) {
    const how = new Set<string>();
    for (const pid of [procs.etcd, procs.apiserver, procs.scheduler]) if (pid) how.add(renice(pid, opts.controlPlaneNice));
    // A kubelet's own nice value would be inherited by the containers it starts, its autogroup not.
    if (how.has('autogroup') && how.size === 1) for (const pid of procs.kubelets.values()) renice(pid, opts.controlPlaneNice);
    log(`[${name}] reniced etcd, apiserver, scheduler${how.has('threads') ? '' : ' and the kubelets'} to ${opts.controlPlaneNice} (${[...how].join(', ')})`);
  }
  const schedulerRec: ComponentRecord | undefined = state.components.find((c) => c.name === 'scheduler');
  const token = readFileSync(state.adminTokenFile!, 'utf8').trim();
  const cs = new Clientset({ address: state.apiserver!.grpcAddress, token });
  const errors: string[] = [];
  const watchAC = new AbortController();
  const onAbort = () => watchAC.abort();
  live.abort.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Ready to schedule: every Node Ready, the scheduler leading.
    await waitUntil('the nodes to be Ready', 60_000, async () => {
      const nodes = await cs.nodes().list();
      return nodeNames.every((n) => nodes.items.some((x) => x.metadata.name === n && x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')));
    });
    await waitUntil('the scheduler to lead', 60_000, async () => {
      const m = await scrape(schedulerRec?.address);
      return !!m && metricSum(m, 'leader_election_master_status') === 1;
    });
    // Let the components' start-up (first node status posts, lease renewals, JIT) settle.
    await sleep(2000);
    if (opts.warmupPods > 0) await warmUp(cs, name, runLabel, opts.warmupPods, probe);
    const sched0 = await scrape(schedulerRec?.address);
    const apiHttp = state.apiserver?.httpAddress;

    // The watch that times everything, opened before the first create.
    const pods = cs.pods(NAMESPACE);
    const selector = `${LABEL}=${runLabel}`;
    live.podDeleters.set(dir, () => pods.deleteCollection({ labelSelector: selector }));
    const list = await pods.list({ labelSelector: selector });
    const timelines = new Map<string, Timeline>();
    const tl = (n: string) => {
      let t = timelines.get(n);
      if (!t) timelines.set(n, (t = { name: n }));
      return t;
    };
    let watchError: unknown;
    const onEvent = (type: string, pod: Pod) => {
      const at = nowMs();
      const t = tl(pod.metadata.name ?? '');
      t.uid ??= pod.metadata.uid;
      if (type === 'DELETED') {
        t.deleted ??= at;
        return;
      }
      if (pod.spec?.nodeName) {
        t.node ??= pod.spec.nodeName;
        t.bound ??= at;
      }
      if (pod.status?.hostIP || pod.status?.startTime) t.kubeletStatus ??= at;
      if (pod.status?.phase === 'Running') t.running ??= at;
      if (isReady(pod)) t.ready ??= at;
    };
    const watching = (async () => {
      try {
        for await (const ev of pods.watch({ labelSelector: selector, resourceVersion: list.metadata.resourceVersion ?? '', signal: watchAC.signal })) {
          if (ev.type === 'BOOKMARK') continue;
          onEvent(ev.type, ev.object);
        }
      } catch (e) {
        watchError = e;
      }
    })();
    await sleep(200); // the watch is established before the clock starts

    const profiled = [procs.apiserver, procs.scheduler, ...procs.kubelets.values()].filter((x): x is number => !!x);
    const markWindow = () => {
      if (!opts.cpuProfDir) return;
      for (const pid of profiled) {
        try {
          process.kill(pid, 'SIGUSR2');
        } catch {
          // gone
        }
      }
    };
    const fileCreateUs = fileCreateCost(dir);
    const api0 = await scrape(apiHttp);
    const rssBefore = rssFigures(procs);
    markWindow();
    const peak = rssSampler(procs);
    const cpu0 = cpuSnapshot(procs);
    const names = Array.from({ length: opts.pods }, (_, i) => `kubia-${runLabel}-${String(i).padStart(3, '0')}`);
    log(`[${name}] creating ${opts.pods} pods ${paced ? `at ${opts.rate}/s` : 'at once'}${probe ? ' (readiness probe: httpGet :8080 every 1 s)' : ' (no readiness probe)'} ...`);
    const first = nowMs();
    const create = async (n: string) => {
      const t = tl(n);
      t.createStart = nowMs();
      try {
        await pods.create(kubiaPod(n, runLabel, probe));
        t.createDone = nowMs();
      } catch (e) {
        t.createError = (e as Error).message;
        errors.push(`create ${n}: ${(e as Error).message}`);
      }
    };
    const creates: Promise<void>[] = [];
    for (let i = 0; i < names.length; i++) {
      if (paced) {
        const due = first + (i * 1000) / opts.rate;
        const wait = due - nowMs();
        if (wait > 0) await sleep(wait);
      }
      creates.push(create(names[i]!));
    }
    await Promise.all(creates);
    log(`[${name}] created; waiting for Running and Ready ...`);

    // Wait until every pod is Ready (or the time is up).
    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    let lastLog = 0;
    let incomplete = false;
    for (;;) {
      if (live.abort.signal.aborted) throw new Error('interrupted');
      if (watchError !== undefined) throw new Error(`pod watch failed: ${(watchError as Error).message}`);
      const all = names.map((n) => timelines.get(n)!);
      const nRunning = all.filter((t) => t.running !== undefined).length;
      const nReady = all.filter((t) => t.ready !== undefined).length;
      const nFailed = all.filter((t) => t.createError !== undefined).length;
      if (nReady + nFailed === names.length) break;
      if (Date.now() > deadline) {
        incomplete = true;
        errors.push(`timed out after ${opts.timeoutSeconds} s: ${nRunning} Running, ${nReady} Ready of ${names.length}`);
        break;
      }
      if (Date.now() - lastLog > 2000) {
        lastLog = Date.now();
        log(`[${name}]   ${all.filter((t) => t.bound).length} bound, ${nRunning} Running, ${nReady} Ready ...`);
      }
      await sleep(20);
    }
    const cpu1 = cpuSnapshot(procs);
    markWindow();
    const cprocs = containerProcs(procs);
    const rssAllReady = rssFigures(procs);
    const peakRss = peak.stop();
    const sched1 = await scrape(schedulerRec?.address);
    const api1 = await scrape(apiHttp);

    // The kubelet's side, from the files it writes: when it made the container's folder (or renamed a
    // spare one into place: a rename sets the change time, as making it does), and
    // when the container's first log line was written.
    const rootOf = (node: string) => join(dir, 'kubelet', node);
    for (const t of timelines.values()) {
      if (!t.uid || !t.node) continue;
      const podDir = join(rootOf(t.node), 'pods', t.uid);
      t.containerCreate = changeMs(podDir);
      t.firstLog = firstLogLineMs(join(rootOf(t.node), 'logs', `${t.uid}_kubia_0.log`));
    }

    // Idle cost with all pods running (readiness probes every second).
    let steadyCpuPct: Record<string, number | null> | undefined;
    let rssSteady: RssFigures | undefined;
    if (opts.steadySeconds > 0 && !incomplete) {
      log(`[${name}] all Ready; measuring ${opts.steadySeconds} s of steady state ...`);
      const s0 = cpuSnapshot(procs);
      await sleep(opts.steadySeconds * 1000);
      const d = cpuDelta(s0, cpuSnapshot(procs));
      const pct = (ms: number | null) => (ms === null ? null : round((ms / 10 / d.seconds) as number, 1));
      steadyCpuPct = {
        kubelets: pct(d.ms.kubelets),
        ...Object.fromEntries(Object.entries(d.ms.perKubelet).map(([k, v]) => [`kubelet/${k}`, pct(v)])),
        apiserver: pct(d.ms.apiserver),
        scheduler: pct(d.ms.scheduler),
        etcd: pct(d.ms.etcd),
      };
      rssSteady = rssFigures(procs);
    }

    // Delete everything and time it.
    log(`[${name}] deleting the pods ...`);
    let deleteAllSeconds: number | null = null;
    const del0 = nowMs();
    try {
      await pods.deleteCollection({ labelSelector: selector });
      live.podDeleters.delete(dir);
      const created = names.filter((n) => timelines.get(n)!.createDone !== undefined);
      await waitUntil('the pods to be deleted', 60_000, () => created.every((n) => timelines.get(n)!.deleted !== undefined), 50);
      deleteAllSeconds = round((nowMs() - del0) / 1000, 2);
    } catch (e) {
      errors.push(`delete: ${(e as Error).message}`);
    }
    watchAC.abort();
    await watching;

    // ------------------------------------------------------------ figures
    const all = names.map((n) => timelines.get(n)!);
    const span = (a: keyof Timeline, b: keyof Timeline) => all.map((t) => (typeof t[a] === 'number' && typeof t[b] === 'number' ? (t[b] as number) - (t[a] as number) : undefined));
    const lastOf = (k: 'running' | 'ready') => {
      const v = all.map((t) => t[k]).filter((x): x is number => x !== undefined);
      return v.length === all.length ? round((Math.max(...v) - first) / 1000, 2) : null;
    };
    const window = cpuDelta(cpu0, cpu1);
    const perPod = (ms: number | null) => (ms === null ? null : round(ms / opts.pods, 2));
    const pct = (ms: number | null) => (ms === null ? null : round(ms / 10 / window.seconds, 1));
    const podsPerNode: Record<string, number> = {};
    for (const t of all) if (t.node) podsPerNode[t.node] = (podsPerNode[t.node] ?? 0) + 1;
    const toRunning = dist(span('createStart', 'running'));
    const schedulerFigures =
      sched0 && sched1
        ? (() => {
            // The histograms are cumulative: subtract the start-up's (usually empty) share.
            const d = metricDiff(sched1, sched0);
            return {
              queueWaitP50Ms: histQuantileMs(d, 'kubesim_scheduler_queue_wait_duration_seconds', 0.5),
              queueWaitP99Ms: histQuantileMs(d, 'kubesim_scheduler_queue_wait_duration_seconds', 0.99),
              queuedToBoundP99Ms: histQuantileMs(d, 'scheduler_pod_scheduling_sli_duration_seconds', 0.99),
              attemptMeanMs: histMeanMs(d, 'scheduler_scheduling_attempt_duration_seconds'),
              bindMeanMs: histMeanMs(d, 'scheduler_framework_extension_point_duration_seconds', { extension_point: 'Bind' }),
            };
          })()
        : null;
    const machineCpu = (() => {
      const m0 = cpu0.machine;
      const m1 = cpu1.machine;
      if (!m0 || !m1 || m1.total <= m0.total) return null;
      const busy = m1.busy - m0.busy;
      const w = window.ms;
      const comps = [w.kubelets, w.apiserver, w.scheduler, w.etcd].every((x) => x !== null) ? w.kubelets! + w.apiserver! + w.scheduler! + w.etcd! + w.bench : null;
      const other = comps !== null && cprocs ? busy - comps - cprocs.shimCpuMs - cprocs.appCpuMs : null;
      return {
        busyPct: round((busy / (m1.total - m0.total)) * 100, 1),
        msPerPod: { components: perPod(comps), shims: cprocs ? perPod(cprocs.shimCpuMs) : null, containers: cprocs ? perPod(cprocs.appCpuMs) : null, other: perPod(other) },
      };
    })();
    const res: ScenarioResult = {
      name,
      pods: opts.pods,
      nodes: opts.nodes,
      creation: paced ? { mode: 'paced', podsPerSec: opts.rate } : { mode: 'burst' },
      readinessProbe: probe,
      createToRunningMs: toRunning,
      createToReadyMs: dist(span('createStart', 'ready')),
      breakdownMs: {
        createCall: dist(span('createStart', 'createDone')),
        createToBound: dist(span('createStart', 'bound')),
        boundToContainerCreate: dist(span('bound', 'containerCreate')),
        boundToKubeletStatus: dist(span('bound', 'kubeletStatus')),
        containerCreateToFirstLog: dist(span('containerCreate', 'firstLog')),
        containerCreateToRunning: dist(span('containerCreate', 'running')),
        boundToRunning: dist(span('bound', 'running')),
        runningToReady: dist(span('running', 'ready')),
      },
      allRunningSeconds: lastOf('running'),
      allReadySeconds: lastOf('ready'),
      podsPerNode,
      kubeletRss: { before: rssBefore, allReady: rssAllReady, peak: peakRss, ...(rssSteady ? { steady: rssSteady } : {}) },
      cpuMsPerPod: {
        kubelets: perPod(window.ms.kubelets),
        perKubelet: Object.fromEntries(Object.entries(window.ms.perKubelet).map(([k, v]) => [k, perPod(v)])),
        apiserver: perPod(window.ms.apiserver),
        scheduler: perPod(window.ms.scheduler),
        etcd: perPod(window.ms.etcd),
        bench: perPod(window.ms.bench),
      },
      cpuPct: { seconds: round(window.seconds, 2), kubelets: pct(window.ms.kubelets), apiserver: pct(window.ms.apiserver), scheduler: pct(window.ms.scheduler), etcd: pct(window.ms.etcd), bench: pct(window.ms.bench) },
      machineCpu,
      fileCreateUs,
      containerProcesses: cprocs
        ? {
            shims: cprocs.shims,
            containers: cprocs.apps,
            shimRssMeanMB: cprocs.shims ? round(cprocs.shimRssMB / cprocs.shims) : null,
            containerRssMeanMB: cprocs.apps ? round(cprocs.appRssMB / cprocs.apps) : null,
          }
        : null,
      ...(steadyCpuPct ? { steadyCpuPct } : {}),
      scheduler: schedulerFigures,
      apiserver: api0 && api1 ? apiserverRequests(metricDiff(api1, api0), opts.pods) : null,
      deleteAllSeconds,
      errors,
      ...(incomplete ? { incomplete: true } : {}),
      met: {
        p99CreateToRunningMs: !incomplete && toRunning.p99 !== null && toRunning.n === opts.pods && toRunning.p99 <= TARGET.p99CreateToRunningMs,
        kubeletRssMB: peakRss.maxMB !== null && peakRss.maxMB <= TARGET.kubeletRssMB,
      },
    };
    log(
      `[${name}] create→Running p50 ${res.createToRunningMs.p50} ms, p99 ${res.createToRunningMs.p99} ms; create→Ready p50 ${res.createToReadyMs.p50} ms, p99 ${res.createToReadyMs.p99} ms; ` +
        `kubelet RSS peak ${peakRss.maxMB} MB (largest), ${peakRss.sumMB} MB (sum); kubelet CPU ${res.cpuMsPerPod.kubelets} ms/pod`,
    );
    return res;
  } finally {
    live.abort.signal.removeEventListener('abort', onAbort);
    watchAC.abort();
    log(`[${name}] down() ...`);
    try {
      await stopCluster(dir);
    } finally {
      cs.close();
    }
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const loadBefore = loadavg().map((x) => round(x, 2));
  live.keepDir = opts.keepDir;
  live.tempRoot = mkdtempSync(join(tmpdir(), 'kubesim-bench-pod-startup-'));
  const scenarios: ScenarioResult[] = [];
  for (const name of opts.scenarios) scenarios.push(await runScenario(opts, name, live.tempRoot));

  const byScenario = (k: keyof ScenarioResult['met']) => Object.fromEntries(scenarios.map((s) => [s.name, s.met[k]]));
  const withProbe = scenarios.filter((s) => s.readinessProbe);
  const doc = {
    benchmark: 'pod-startup',
    scenarios,
    target: TARGET,
    met: {
      /** Every scenario's p99 create → Running within the target. */
      p99CreateToRunningMs: scenarios.every((s) => s.met.p99CreateToRunningMs),
      p99CreateToRunningMsByScenario: byScenario('p99CreateToRunningMs'),
      /** The largest kubelet's peak RSS within the target in every scenario. */
      kubeletRssMB: scenarios.every((s) => s.met.kubeletRssMB),
      kubeletRssMBByScenario: byScenario('kubeletRssMB'),
    },
    summary: Object.fromEntries(
      scenarios.map((s) => [
        s.name,
        {
          runningP50Ms: s.createToRunningMs.p50,
          runningP99Ms: s.createToRunningMs.p99,
          readyP50Ms: s.createToReadyMs.p50,
          readyP99Ms: s.createToReadyMs.p99,
          kubeletRssPeakMaxMB: s.kubeletRss.peak.maxMB,
          kubeletRssPeakSumMB: s.kubeletRss.peak.sumMB,
          kubeletCpuMsPerPod: s.cpuMsPerPod.kubelets,
          apiserverCpuMsPerPod: s.cpuMsPerPod.apiserver,
          schedulerCpuMsPerPod: s.cpuMsPerPod.scheduler,
        },
      ]),
    ),
    config: {
      pods: opts.pods,
      nodes: opts.nodes,
      scenarios: opts.scenarios,
      pacedPodsPerSec: opts.rate,
      readinessProbe: withProbe.length ? { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } : null,
      image: 'luksa/kubia',
      steadySeconds: opts.steadySeconds,
      timeoutSeconds: opts.timeoutSeconds,
      warmupPods: opts.warmupPods,
      componentNodeOptions: opts.componentNodeOptions || null,
      cpuProfDir: opts.cpuProfDir || null,
      controlPlaneNice: opts.controlPlaneNice ?? null,
      cluster: 'up() from @kubesim/cluster: etcd, apiserver, 1 scheduler (leader election, decision trace at its default), kubelets with fast timings',
    },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      memoryMB: Math.round(totalmem() / 2 ** 20),
      loadavgBefore: loadBefore,
      loadavgAfter: loadavg().map((x) => round(x, 2)),
    },
    date: new Date().toISOString(),
  };
  await cleanupAll();
  await new Promise<void>((resolve, reject) => process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`, (err) => (err ? reject(err) : resolve())));
  return 0;
}

let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  shuttingDown = true;
  try {
    await cleanupAll();
  } catch (e) {
    log(`cleanup failed: ${(e as Error).message}`);
    code ||= 1;
  }
  process.exit(code);
}

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(sig, () => {
    if (shuttingDown) {
      log(`${sig}: still stopping the cluster ...`);
      return;
    }
    log(`${sig}: stopping`);
    live.abort.abort();
    void shutdown(code);
  });
}

main().then(
  (code) => shutdown(code),
  (err: unknown) => {
    if (live.abort.signal.aborted) return; // interrupted: the signal handler is cleaning up
    if (err instanceof UsageError) {
      log(err.message);
      process.stderr.write(USAGE);
      return shutdown(2);
    }
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    return shutdown(1);
  },
);
