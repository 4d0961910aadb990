import { formatHostPort, parseHostPort } from '@kubesim/component-base';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeKubeconfig } from './kubeconfig.js';
import { type NodeOptions, leftoverContainerProcesses, writeKubeletToken } from './nodes.js';
import { appCommand, appEnv, appMain } from './paths.js';
import { certWrittenAt, ensurePKI } from './pki.js';
import { isAlive } from '@kubesim/component-base';
import { checkHealth, signalGroup, spawnDetached, stopProcess, waitHealthy } from './process.js';
import { StateDir, type ClusterState, type ComponentRecord } from './state.js';

export interface UpOptions {
  dir: string;
  /** Kubernetes' timings (300 s default tolerations, 40 s leases) instead of kubesim's fast ones. */
  kubernetesTimings?: boolean;
  /** Called with one line per step, for progress output. */
  progress?: (line: string) => void;
  healthTimeoutMs?: number;
  /** Extra DNS names or IPs for the apiserver's serving certificate (`--san`). */
  extraSANs?: string[];
  /**
   * The kubelets to run (`--nodes N` gives node-1 … node-N). Undefined keeps the nodes of the
   * previous `up`; a node no longer listed is stopped.
   */
  nodes?: NodeOptions[];
  /** How many scheduler processes to run (they elect a leader through a Lease); undefined keeps the previous count, 1 at first. */
  schedulers?: number;
}

export const SCHEDULER = 'scheduler';

/** Component names of the schedulers: scheduler, scheduler-2, … */
export function schedulerNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? SCHEDULER : `${SCHEDULER}-${i + 1}`));
}

export const KUBELET_PREFIX = 'kubelet/';

export class EtcdNotFoundError extends Error {
  constructor() {
    super(
      "etcd was not found on PATH. kubesim stores the cluster in a real etcd: install it with\n" +
        '  sudo apt-get install -y etcd-server    (Debian/Ubuntu)\n' +
        'or run scripts/ensure-etcd.sh from the kubesim checkout, then run kubesim up again.',
    );
    this.name = 'EtcdNotFoundError';
  }
}

export function findEtcd(): string {
  if (process.env['KUBESIM_ETCD']) return process.env['KUBESIM_ETCD'];
  try {
    return execFileSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).trim() || '';
  } catch {
    return '';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function newToken(): string {
  return randomBytes(24).toString('hex');
}

/** Writes the token file once: an admin token and one per control-plane identity. */
function ensureTokens(state: StateDir): string {
  if (!existsSync(state.tokenFile)) {
    const admin = newToken();
    const lines = [
      `${admin},kubesim-admin,kubesim-admin,"system:masters"`,
      `${newToken()},system:kube-scheduler,system:kube-scheduler,""`,
      `${newToken()},system:kube-controller-manager,system:kube-controller-manager,""`,
      `${newToken()},system:node,system:node,"system:nodes"`,
    ];
    writeFileSync(state.tokenFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    writeFileSync(state.adminTokenFile, `${admin}\n`, { mode: 0o600 });
  }
  return readFileSync(state.adminTokenFile, 'utf8').trim();
}

/** `args` without the given flags and their values. */
function withoutFlags(args: string[], flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (flags.includes(args[i]!)) i++;
    else out.push(args[i]!);
  }
  return out;
}

/** Sets (or adds) `flag value` in an argument list. */
function setFlag(args: string[], flag: string, value: string): void {
  const i = args.indexOf(flag);
  if (i >= 0) args[i + 1] = value;
  else args.push(flag, value);
}

/** The value following `flag` in an argument list. */
function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function record(state: StateDir, name: string, command: string, args: string[], address: string, healthUrl: string): ComponentRecord {
  return { name, pid: 0, address, healthUrl, command, args, logFile: state.logFile(name), startedAt: '' };
}

async function launch(rec: ComponentRecord, timeoutMs: number): Promise<ComponentRecord> {
  const pid = spawnDetached(rec.command, rec.args, rec.logFile, appEnv(rec.name.split('/')[0]!));
  const started = { ...rec, pid, startedAt: new Date().toISOString() };
  try {
    await waitHealthy(rec.healthUrl, pid, timeoutMs);
  } catch (e) {
    await stopProcess(pid, 2000);
    const tail = existsSync(rec.logFile) ? readFileSync(rec.logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`${rec.name} did not become healthy: ${(e as Error).message}\n--- ${rec.logFile} (last lines)\n${tail}`);
  }
  return started;
}

/**
 * Starts etcd and the control plane as separate detached processes, records them in
 * `<dir>/state.json` and waits until each is healthy. Components already running are kept.
 */
export async function up(opts: UpOptions): Promise<ClusterState> {
  const progress = opts.progress ?? (() => {});
  const timeout = opts.healthTimeoutMs ?? 30_000;
  const state = new StateDir(opts.dir);
  state.ensure();
  const previous = state.read();
  const running = new Map((previous?.components ?? []).filter((c) => isAlive(c.pid)).map((c) => [c.name, c]));

  const etcdBin = findEtcd();
  if (!etcdBin && !running.has('etcd')) throw new EtcdNotFoundError();
  const adminToken = ensureTokens(state);
  const pki = ensurePKI(state.dir, { extraSANs: opts.extraSANs ?? [] });

  const components: ComponentRecord[] = [];
  /** `stale` says why a running, healthy component must be restarted anyway (undefined: keep it). */
  const reuse = (name: string, make: () => Promise<ComponentRecord>, stale?: (prev: ComponentRecord) => string | undefined) => async () => {
    const prev = running.get(name);
    if (prev && (await checkHealth(prev.healthUrl))) {
      const why = stale?.(prev);
      if (!why) {
        progress(`  ${name} already running (pid ${prev.pid})`);
        components.push(prev);
        return prev;
      }
      progress(`  restarting ${name} (pid ${prev.pid}): ${why}`);
      await stopProcess(prev.pid);
    }
    const rec = await make();
    progress(`  starting ${name} ...`);
    const started = await launch(rec, timeout);
    progress(`  ${name} ready (pid ${started.pid}, ${started.address})`);
    components.push(started);
    // Record as we go so that `down` can stop what did start if a later step fails.
    state.write({ version: 1, dir: state.dir, components: [...components], ...(previous?.apiserver ? { apiserver: previous.apiserver } : {}) });
    return started;
  };

  const prevEtcd = previous?.components.find((c) => c.name === 'etcd');
  const etcd = await reuse('etcd', async () => {
    // Keep the client port across restarts so the apiserver flags stay valid.
    const clientPort = prevEtcd ? Number(new URL(prevEtcd.address).port) : await freePort();
    const peerPort = await freePort();
    const client = `http://127.0.0.1:${clientPort}`;
    return record(
      state,
      'etcd',
      etcdBin,
      [
        '--name', 'kubesim',
        '--data-dir', state.etcdDataDir,
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
        '--initial-cluster', `kubesim=http://127.0.0.1:${peerPort}`,
        '--log-level', 'warn',
      ],
      client,
      `${client}/health`,
    );
  })();

  const prevApi = previous?.components.find((c) => c.name === 'apiserver');
  // Like the gRPC port, the HTTPS port is kept across restarts so kubeconfigs stay valid.
  const prevHttps = (prevApi && flagValue(prevApi.args, '--https-address')) ?? previous?.apiserver?.httpsAddress;
  const api = await reuse('apiserver', async () => {
    const grpcPort = prevApi ? Number(prevApi.address.split(':').pop()) : await freePort();
    const httpPort = await freePort();
    const httpsPort = prevHttps ? parseHostPort(prevHttps).port : await freePort();
    const grpcAddress = formatHostPort('127.0.0.1', grpcPort);
    const httpAddress = formatHostPort('127.0.0.1', httpPort);
    const httpsAddress = formatHostPort('127.0.0.1', httpsPort);
    return record(
      state,
      'apiserver',
      process.execPath,
      [
        ...appCommand('apiserver'),
        '--etcd-servers', etcd.address,
        '--grpc-address', grpcAddress,
        '--http-address', httpAddress,
        '--https-address', httpsAddress,
        '--tls-cert-file', pki.certFile,
        '--tls-private-key-file', pki.keyFile,
        '--token-auth-file', state.tokenFile,
        '--default-toleration-seconds', opts.kubernetesTimings ? '300' : '5',
      ],
      grpcAddress,
      `http://${httpAddress}/readyz`,
    );
  }, (prev) => {
    if (!flagValue(prev.args, '--https-address')) return 'it was started without HTTPS';
    if (flagValue(prev.args, '--tls-cert-file') !== pki.certFile || flagValue(prev.args, '--tls-private-key-file') !== pki.keyFile) {
      return 'its certificate files moved';
    }
    if (certWrittenAt(pki.certFile) > Date.parse(prev.startedAt)) return 'its serving certificate was re-issued';
    return undefined;
  })();

  // The schedulers: identical processes competing for the Lease kube-system/kube-scheduler.
  const prevSchedulers = (previous?.components ?? []).filter((c) => c.name === SCHEDULER || c.name.startsWith(`${SCHEDULER}-`));
  const schedulers = schedulerNames(opts.schedulers ?? (prevSchedulers.length || 1));
  const leaseTimings = opts.kubernetesTimings
    ? ['--leader-elect-lease-duration', '15s', '--leader-elect-renew-deadline', '10s', '--leader-elect-retry-period', '2s']
    : ['--leader-elect-lease-duration', '4s', '--leader-elect-renew-deadline', '3s', '--leader-elect-retry-period', '500ms'];
  for (const name of schedulers) {
    await reuse(
      name,
      async () => {
        const http = formatHostPort('127.0.0.1', await freePort());
        return record(
          state,
          name,
          process.execPath,
          [...appCommand('scheduler'), '--apiserver', api.address, '--token-file', state.tokenFile, '--http-address', http, '--leader-elect=true', ...leaseTimings],
          http,
          `http://${http}/healthz`,
        );
      },
      (prev) =>
        flagValue(prev.args, '--apiserver') !== api.address || flagValue(prev.args, '--leader-elect-lease-duration') !== leaseTimings[1]
          ? 'its flags changed'
          : undefined,
    )();
  }
  for (const c of prevSchedulers) {
    if (schedulers.includes(c.name) || !isAlive(c.pid)) continue;
    progress(`  stopping ${c.name} (pid ${c.pid}): not in --schedulers`);
    await stopProcess(c.pid);
  }

  // The kubelets: one process per node, each with its own root directory and pod IP range.
  const prevKubelets = (previous?.components ?? []).filter((c) => c.name.startsWith(KUBELET_PREFIX));
  const wanted: NodeOptions[] = opts.nodes ?? prevKubelets.map((c) => ({ name: c.name.slice(KUBELET_PREFIX.length) }));
  const keepShape = opts.nodes === undefined;
  if (wanted.length) {
    const kubeletToken = join(state.dir, 'kubelet.token');
    writeKubeletToken(state.tokenFile, kubeletToken);
    const usedRanges = new Set(prevKubelets.map((c) => flagValue(c.args, '--pod-ip-range')).filter(Boolean));
    const rangeFor = (name: string, prev?: ComponentRecord): string => {
      const kept = prev && flagValue(prev.args, '--pod-ip-range');
      if (kept) return kept;
      const m = /^node-(\d+)$/.exec(name);
      const n = m && Number(m[1]) >= 1 && Number(m[1]) <= 255 ? Number(m[1]) : undefined;
      if (n !== undefined && !usedRanges.has(`127.10.${n}.0/24`)) {
        usedRanges.add(`127.10.${n}.0/24`);
        return `127.10.${n}.0/24`;
      }
      for (let i = 101; i <= 255; i++) {
        const r = `127.10.${i}.0/24`;
        if (!usedRanges.has(r)) {
          usedRanges.add(r);
          return r;
        }
      }
      throw new Error('no free pod IP range left in 127.10.0.0/16');
    };
    for (const node of wanted) {
      const name = `${KUBELET_PREFIX}${node.name}`;
      const prev = prevKubelets.find((c) => c.name === name);
      const shape = (args: string[]) =>
        JSON.stringify(['--cpu', '--memory', '--max-pods', '--labels', '--taints', '--timings', '--apiserver', '--token-file'].map((f) => flagValue(args, f) ?? ''));
      const shapeArgs = (): string[] => {
        if (keepShape && prev) {
          // The same flags as before, against the (possibly restarted) apiserver.
          const args = withoutFlags(prev.args.slice(prev.args.indexOf(appMain('kubelet')) + 1), ['--address', '--port', '--healthz-port']);
          setFlag(args, '--apiserver', api.address);
          setFlag(args, '--timings', opts.kubernetesTimings ? 'kubernetes' : 'fast');
          return args;
        }
        return [
          '--node-name', node.name,
          '--apiserver', api.address,
          '--token-file', kubeletToken,
          '--root-dir', join(state.dir, 'kubelet', node.name),
          '--pod-ip-range', rangeFor(node.name, prev),
          '--timings', opts.kubernetesTimings ? 'kubernetes' : 'fast',
          ...(node.cpu ? ['--cpu', node.cpu] : []),
          ...(node.memory ? ['--memory', node.memory] : []),
          ...(node.maxPods ? ['--max-pods', String(node.maxPods)] : []),
          ...(node.labels && Object.keys(node.labels).length ? ['--labels', Object.entries(node.labels).map(([k, v]) => `${k}=${v}`).join(',')] : []),
          ...(node.taints?.length ? ['--taints', node.taints.join(',')] : []),
        ];
      };
      const desired = shapeArgs();
      await reuse(
        name,
        async () => {
          // The kubelet's port is kept across restarts (the Node publishes it).
          const port = Number(prev && flagValue(prev.args, '--port')) || (await freePort());
          const healthz = await freePort();
          return record(
            state,
            name,
            process.execPath,
            [...appCommand('kubelet'), ...desired, '--address', '127.0.0.1', '--port', String(port), '--healthz-port', String(healthz)],
            formatHostPort('127.0.0.1', port),
            `http://127.0.0.1:${healthz}/healthz`,
          );
        },
        (p) => (shape(p.args) !== shape([appMain('kubelet'), ...desired]) ? 'its flags changed' : undefined),
      )();
    }
  }
  // Nodes no longer wanted are stopped (their containers with them).
  for (const c of prevKubelets) {
    if (wanted.some((n) => `${KUBELET_PREFIX}${n.name}` === c.name)) continue;
    if (isAlive(c.pid)) {
      progress(`  stopping ${c.name} (pid ${c.pid}): not in --nodes`);
      await stopProcess(c.pid);
    }
  }

  const httpAddress = new URL(api.healthUrl).host;
  const httpsAddress = flagValue(api.args, '--https-address')!;
  writeKubeconfig(state.kubeconfigFile, { server: `https://${httpsAddress}`, caPEM: pki.caPEM, token: adminToken, name: 'kubesim' });
  const result: ClusterState = {
    version: 1,
    dir: state.dir,
    components,
    apiserver: { grpcAddress: api.address, httpAddress, httpsAddress },
    adminTokenFile: state.adminTokenFile,
    kubeconfig: state.kubeconfigFile,
  };
  state.write(result);
  return result;
}

/** The cluster's kubeconfig (written by `up`), absolute; throws when there is none yet. */
export function kubeconfigPath(dir: string): string {
  const state = new StateDir(dir);
  const path = state.read()?.kubeconfig ?? state.kubeconfigFile;
  if (!existsSync(path)) throw new Error(`no kubeconfig in ${state.dir} (run kubesim up)`);
  return path;
}

export interface DownOptions {
  dir: string;
  /** Also delete the state directory (etcd data, logs, tokens). */
  purge?: boolean;
  progress?: (line: string) => void;
}

/** Stops every recorded component, newest first, and leaves no process behind. */
export async function down(opts: DownOptions): Promise<void> {
  const progress = opts.progress ?? (() => {});
  const state = new StateDir(opts.dir);
  const current = state.read();
  for (const c of [...(current?.components ?? [])].reverse()) {
    if (!isAlive(c.pid)) continue;
    progress(`  stopping ${c.name} (pid ${c.pid})`);
    await stopProcess(c.pid);
  }
  // A kubelet stops its containers, and its watchdog kills them if it dies; make sure anyway.
  const left = leftoverContainerProcesses(join(state.dir, 'kubelet'));
  for (const g of left.groups) signalGroup(g, 'SIGKILL');
  for (const pid of left.watchdogs) signalGroup(pid, 'SIGKILL');
  if (left.groups.length) progress(`  stopped ${left.groups.length} leftover container(s)`);
  if (current) state.write({ ...current, components: current.components.map((c) => ({ ...c, pid: 0 })) });
  if (opts.purge) rmSync(state.dir, { recursive: true, force: true });
}

export interface ComponentStatus {
  name: string;
  pid: number;
  address: string;
  running: boolean;
  healthy: boolean;
}

export async function status(dir: string): Promise<ComponentStatus[]> {
  const current = new StateDir(dir).read();
  return Promise.all(
    (current?.components ?? []).map(async (c) => {
      const running = isAlive(c.pid);
      return { name: c.name, pid: running ? c.pid : 0, address: c.address, running, healthy: running && (await checkHealth(c.healthUrl)) };
    }),
  );
}

function findComponent(dir: string, name: string): { state: StateDir; current: ClusterState; rec: ComponentRecord } {
  const state = new StateDir(dir);
  const current = state.read();
  const rec = current?.components.find((c) => c.name === name);
  if (!current || !rec) {
    const known = current?.components.map((c) => c.name).join(', ') || 'none (run kubesim up)';
    throw new Error(`no component "${name}" in ${state.dir}; known: ${known}`);
  }
  return { state, current, rec };
}

/** SIGKILLs a component (and its process group), as a crash would. */
export function kill(dir: string, name: string): ComponentRecord {
  const { rec } = findComponent(dir, name);
  if (!isAlive(rec.pid)) throw new Error(`${name} is not running`);
  signalGroup(rec.pid, 'SIGKILL');
  return rec;
}

/** Starts a stopped or killed component again with the flags it was first started with. */
export async function start(dir: string, name: string, timeoutMs = 30_000): Promise<ComponentRecord> {
  const { state, current, rec } = findComponent(dir, name);
  if (isAlive(rec.pid) && (await checkHealth(rec.healthUrl))) return rec;
  const started = await launch(rec, timeoutMs);
  state.write({ ...current, components: current.components.map((c) => (c.name === name ? started : c)) });
  return started;
}
