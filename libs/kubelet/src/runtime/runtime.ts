import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type Container, type Pod, parseQuantity } from '@kubesim/api';
import { type ImageCatalog, type ResolvedImage, containerArgv, defaultImageCatalog } from '../images/catalog.js';
import { ContainerConfigError, type EnvSourceResolver, expandCommandAndArgs, makeEnvironmentVariables } from './env.js';
import { type ForkedProcess, ForkServer, fifoDirFor } from './forkserver.js';
import { CriLogWriter } from './logwriter.js';
import { DEFAULT_SPARES, SpareFiles } from './spares.js';
import { type FollowSource, type ReadLogsOptions, readCriLogs } from './logs.js';
import { ContainerRecords } from './leftovers.js';
import { containerRss, indexProcessTable, readProcessTable } from './memory.js';
import { Watchdog } from './watchdog.js';

/** kubecontainer.State. */
export type RuntimeContainerState = 'created' | 'running' | 'exited' | 'unknown';

/** What the runtime knows about one container instance (kubecontainer.Status). */
export interface RuntimeContainerStatus {
  /** `kubesim://<64 hex>` */
  id: string;
  name: string;
  podUID: string;
  podName: string;
  podNamespace: string;
  state: RuntimeContainerState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** The signal that ended the process, if any (SIGKILL, SIGTERM, ...). */
  signal?: string;
  /** Completed, Error, OOMKilled, StartError. */
  reason?: string;
  message?: string;
  /** Normalised image name: docker.io/luksa/kubia:latest. */
  image: string;
  /** imageID: docker.io/luksa/kubia@sha256:... */
  imageRef: string;
  restartCount: number;
  /** Hash of the container spec the instance was created from (detects spec changes). */
  hash: string;
  /** Process id of the container's first process (its process group and session leader). */
  pid?: number;
  /** Last sampled resident memory of the whole process tree, bytes (only containers with a memory limit are sampled). */
  memoryBytes?: number;
  logPath: string;
  /** Whether this instance belongs to an init container. */
  init: boolean;
}

/** kubecontainer.PodStatus: every known instance of the pod's containers, newest first. */
export interface RuntimePodStatus {
  uid: string;
  name: string;
  namespace: string;
  ips: string[];
  containerStatuses: RuntimeContainerStatus[];
}

export interface StartContainerRequest {
  pod: Pod;
  container: Container;
  /** Restart count of the new instance (0 for the first). */
  restartCount: number;
  podIP: string;
  podIPs?: string[];
  hostIP?: string;
  nodeName?: string;
  /** The image as the image manager resolved it; resolved from the catalog when absent. */
  image?: ResolvedImage;
  envResolver?: EnvSourceResolver;
  nodeAllocatable?: Record<string, string>;
  /** Set for init containers. */
  init?: boolean;
}

export type StartContainerResult =
  | { ok: true; status: RuntimeContainerStatus }
  | {
      ok: false;
      /** Waiting reason: CreateContainerConfigError, CreateContainerError, RunContainerError, ErrImagePull. */
      reason: string;
      message: string;
      /** The created-but-failed instance, if one was created (RunContainerError). */
      status?: RuntimeContainerStatus;
    };

export interface ContainerRuntimeOptions {
  /** Root of the kubelet's state: logs in <rootDir>/logs, pod folders in <rootDir>/pods (see logPath, podDir). */
  rootDir: string;
  catalog?: ImageCatalog | (() => ImageCatalog);
  /** How often resident memory is sampled (default 500 ms). */
  memorySampleIntervalMs?: number;
  /** Floor for the grace period of a stop, as the kubelet's minimumGracePeriodInSeconds (default 2). */
  minimumGracePeriodSeconds?: number;
  /** Dead instances kept per container beyond the newest one (default 1, for `logs --previous`). */
  maxDeadPerContainer?: number;
  /** Node whose folder is on the containers' PATH (default: this process's). */
  nodePath?: string;
  /**
   * Start the built-in images' containers through the fork server (forkserver.ts) rather than as
   * fresh perl processes. Default true.
   */
  forkServer?: boolean;
  /** Spare log files and pod folders kept ready, each (see SpareFiles; default DEFAULT_SPARES, 0: none). */
  spareFiles?: number;
}

export class LogsError extends Error {}

export interface ContainerLogsRequest extends ReadLogsOptions {
  podUID: string;
  containerName: string;
  /** Logs of the previous instance. */
  previous?: boolean;
  /** A specific instance. */
  containerID?: string;
}

export interface ExecResult {
  exitCode: number;
  /** Combined stdout and stderr, at most 10 KiB (as the kubelet's exec prober reads). */
  output: string;
}

/** Raised for exec failures that are not a command's exit status (the prober's "errored"). */
export class ExecError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

interface Instance {
  status: RuntimeContainerStatus;
  env: Record<string, string>;
  cwd: string;
  argv: string[];
  binaries: Record<string, string[]>;
  stopSignal: NodeJS.Signals;
  memoryLimit?: number;
  oomKilled: boolean;
  terminationMessagePolicy?: string;
  exited: Promise<RuntimeContainerStatus>;
  resolveExited: (s: RuntimeContainerStatus) => void;
  stopping?: Promise<void>;
}

const MAX_EXEC_OUTPUT = 10 * 1024;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The pod UID a log file's name (`<podUID>_<container>_<n>.log`) begins with. */
function logFilePod(name: string): string {
  return name.slice(0, name.indexOf('_'));
}

const containerHashes = new WeakMap<Container, string>();

/**
 * A stable hash of the container spec, as kubelet's HashContainer. Every sync of a pod compares it
 * with the running containers' (computePodActions), so it is remembered per spec object; specs are
 * never mutated (a changed pod arrives as a new object).
 */
export function hashContainer(c: Container): string {
  let h = containerHashes.get(c);
  if (h === undefined) {
    h = createHash('sha256').update(stableStringify(c)).digest('hex').slice(0, 16);
    containerHashes.set(c, h);
  }
  return h;
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Runs containers as real processes. Every instance is a process in its own process group (a child
 * of this process in a session of its own, or one the fork server forked in its session), without
 * any per-container helper process: the runtime writes its stdout and
 * stderr to the CRI log file itself and learns its exit from the child's exit event. One watchdog
 * per runtime (a `/bin/sh` reading a pipe from this process, see watchdog.ts) kills every running
 * container's process group when this process dies, even by SIGKILL.
 *
 * Events: 'started' (status), 'exited' (status) – the kubelet's PLEG.
 */
export class ContainerRuntime extends EventEmitter {
  readonly rootDir: string;
  private readonly catalogFn: () => ImageCatalog;
  private readonly instances = new Map<string, Instance>();
  private readonly sampler: NodeJS.Timeout;
  private sampling = false;
  private readonly minGraceMs: number;
  private readonly maxDead: number;
  private readonly nodePath: string;
  private readonly watchdog: Watchdog;
  private readonly records: ContainerRecords;
  private readonly forkServer?: ForkServer;
  private readonly spares: SpareFiles;
  private closed = false;
  /** Log files open for writing or reading, by path, with how many have each open. */
  private readonly openLogs = new Map<string, number>();
  /** The log files in <rootDir>/logs by pod UID (names), read from the folder once and kept up to date since. */
  private logFiles?: Map<string, Set<string>>;

  constructor(opts: ContainerRuntimeOptions) {
    super();
    this.rootDir = path.resolve(opts.rootDir);
    const c = opts.catalog;
    this.catalogFn = typeof c === 'function' ? c : c ? () => c : () => defaultImageCatalog();
    this.minGraceMs = (opts.minimumGracePeriodSeconds ?? 2) * 1000;
    this.maxDead = opts.maxDeadPerContainer ?? 1;
    this.nodePath = opts.nodePath ?? process.execPath;
    this.watchdog = new Watchdog(this.rootDir);
    this.records = new ContainerRecords(this.rootDir);
    if (opts.forkServer !== false) this.forkServer = new ForkServer(fifoDirFor(this.rootDir));
    this.spares = new SpareFiles(path.join(this.rootDir, 'spare'), opts.spareFiles ?? DEFAULT_SPARES, [this.logsDir, this.podsDir]);
    this.sampler = setInterval(() => void this.sampleMemory(), opts.memorySampleIntervalMs ?? 500);
    this.sampler.unref();
  }

  /** <rootDir>/logs: every container instance's log file, `<podUID>_<container>_<restartCount>.log`. */
  get logsDir(): string {
    return path.join(this.rootDir, 'logs');
  }

  /**
   * <rootDir>/logs/<podUID>_<container>_<restartCount>.log. One folder of files rather than the
   * kubelet's /var/log/pods/<pod>/<container>/<n>.log tree: a folder per pod and per container were
   * two more inodes made and unlinked per pod (pod and container names and UIDs have no `_`).
   */
  logPath(podUID: string, containerName: string, restartCount: number): string {
    return path.join(this.logsDir, `${podUID}_${containerName}_${restartCount}.log`);
  }

  /** <rootDir>/pods: the pods' folders. */
  get podsDir(): string {
    return path.join(this.rootDir, 'pods');
  }

  /** <rootDir>/pods/<uid>: the pod's folder, its containers' working directory unless they name one. */
  podDir(podUID: string): string {
    return path.join(this.podsDir, podUID);
  }

  /**
   * Readies what the first containers would otherwise wait for: the fork server and the watchdog
   * run, the spare files are made. The kubelet calls it before it registers its Node.
   */
  async prepare(): Promise<void> {
    if (this.closed) return;
    this.forkServer?.start();
    this.watchdog.start();
    await this.spares.fill();
  }

  /**
   * Makes spare log files and pod folders until the stock is full (at most `max` new ones), off the
   * event loop: at start (prepare), and when the kubelet is idle.
   */
  fillSpares(max?: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.spares.fill(max);
  }

  /** Spare files and folders in stock. */
  get spareStock(): { files: number; dirs: number } {
    return this.spares.stock;
  }

  /**
   * The restart count of a container's next instance when the runtime knows none of its earlier
   * ones (a restarted kubelet): one past the highest `<n>` among its log files, as the kubelet's
   * calcRestartCountByLogDir does, so instance numbers and logs carry on.
   */
  restartCountFromLogDir(podUID: string, containerName: string): number {
    const prefix = `${podUID}_${containerName}_`;
    let max = -1;
    for (const f of this.podLogFiles(podUID)) {
      if (!f.startsWith(prefix) || !f.endsWith('.log')) continue;
      const n = f.slice(prefix.length, -'.log'.length);
      if (/^\d+$/.test(n)) max = Math.max(max, Number(n));
    }
    return max + 1;
  }

  /** Names of the pod's log files in <rootDir>/logs (those of earlier kubelets too). */
  private podLogFiles(podUID: string): Set<string> {
    return (this.logFiles ??= this.readLogFolder()).get(podUID) ?? new Set();
  }

  /** The log files in <rootDir>/logs by pod UID. */
  private readLogFolder(): Map<string, Set<string>> {
    this.logFiles = new Map();
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.logsDir);
    } catch {
      /* no folder yet */
    }
    for (const f of names) this.logFileAdded(f);
    return this.logFiles;
  }

  private logFileAdded(name: string): void {
    const uid = logFilePod(name);
    let set = this.logFiles!.get(uid);
    if (!set) this.logFiles!.set(uid, (set = new Set()));
    set.add(name);
  }

  /** Deletes an instance's log file. */
  private removeLogFile(file: string): Promise<void> {
    const name = path.basename(file);
    this.logFiles?.get(logFilePod(name))?.delete(name);
    return this.dropLogFile(file);
  }

  /**
   * Removes a log file: kept as a spare (truncated) unless someone still has it open – a reader
   * (`kubectl logs`, maybe paused on a slow client) or its writer (a container that would not
   * die) – who would otherwise read or write the next container's log; such a file is unlinked.
   */
  private dropLogFile(file: string): Promise<void> {
    return this.keepLogFile(file) ? Promise.resolve() : fs.promises.rm(file, { force: true });
  }

  /** Keeps a log file no one has open as a spare: true if it was taken (see dropLogFile). */
  private keepLogFile(file: string): boolean {
    return !this.openLogs.has(file) && this.spares.keepFile(file);
  }

  private holdLog(file: string): void {
    this.openLogs.set(file, (this.openLogs.get(file) ?? 0) + 1);
  }

  private releaseLog(file: string): void {
    const n = (this.openLogs.get(file) ?? 1) - 1;
    if (n > 0) this.openLogs.set(file, n);
    else this.openLogs.delete(file);
  }

  /** readCriLogs, with the file counted as open while it is read. */
  private async *readLog(log: FollowSource, opts: ReadLogsOptions): AsyncGenerator<Buffer> {
    this.holdLog(log.path);
    try {
      yield* readCriLogs(log, opts);
    } finally {
      this.releaseLog(log.path);
    }
  }

  /** A new instance's log writer: its file renamed into place from the spares (or made), counted as open until closed. */
  private openLogWriter(file: string): CriLogWriter {
    this.spares.placeFile(file);
    this.holdLog(file);
    return new CriLogWriter(file, () => this.releaseLog(file));
  }

  /**
   * Removes the folders and log files of pods not in `live` (left by an earlier kubelet for pods no
   * longer bound to this node).
   */
  removeOrphanedFiles(live: ReadonlySet<string>): void {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.podsDir);
    } catch {
      /* none */
    }
    for (const uid of names) {
      if (live.has(uid)) continue;
      const dir = this.podDir(uid);
      if (!this.spares.keepDir(dir)) fs.rmSync(dir, { recursive: true, force: true });
    }
    const logFiles = this.readLogFolder();
    for (const [uid, files] of logFiles) {
      if (live.has(uid)) continue;
      for (const f of files) {
        const file = path.join(this.logsDir, f);
        if (!this.keepLogFile(file)) fs.rmSync(file, { force: true });
      }
      logFiles.delete(uid);
    }
  }

  /** Removes the log files of a pod's container instances (those of earlier kubelets too). */
  private async removePodLogs(podUID: string): Promise<void> {
    const names = [...this.podLogFiles(podUID)];
    this.logFiles?.delete(podUID);
    await Promise.all(names.map((f) => this.dropLogFile(path.join(this.logsDir, f))));
  }

  /** Creates and starts a container instance. Resolves once its process runs (or failed to). */
  async startContainer(req: StartContainerRequest): Promise<StartContainerResult> {
    if (this.closed) throw new Error('container runtime is shut down');
    const { pod, container } = req;
    const uid = pod.metadata.uid ?? '';
    const image = req.image ?? this.catalogFn().resolve(container.image);
    if (!image) {
      return { ok: false, reason: 'ErrImagePull', message: `image "${container.image ?? ''}" is not in kubesim's image catalog` };
    }

    // Environment and command line (CreateContainerConfigError / CreateContainerError).
    let specEnv: Record<string, string>;
    try {
      specEnv = makeEnvironmentVariables(pod, container, {
        podIP: req.podIP,
        podIPs: req.podIPs,
        hostIP: req.hostIP,
        nodeName: req.nodeName,
        resolver: req.envResolver,
        nodeAllocatable: req.nodeAllocatable,
      });
    } catch (e) {
      if (e instanceof ContainerConfigError) return { ok: false, reason: 'CreateContainerConfigError', message: e.message };
      throw e;
    }
    const { command, args } = expandCommandAndArgs(container, specEnv);
    const argv = containerArgv(image, command, args);
    if (!argv.length) {
      return {
        ok: false,
        reason: 'CreateContainerError',
        message: `failed to generate container "${randomHex(32)}" spec: failed to generate spec: no command specified`,
      };
    }
    const def = image.definition;
    const env: Record<string, string> = {
      PATH: `${DEFAULT_PATH}:${path.dirname(this.nodePath)}`,
      HOSTNAME: pod.spec.hostname ?? pod.metadata.name ?? '',
      ...(def.env ?? {}),
      POD_IP: req.podIP,
      POD_NAME: pod.metadata.name ?? '',
      POD_NAMESPACE: pod.metadata.namespace ?? '',
      ...specEnv,
    };
    if (!env.HOME) env.HOME = '/root';

    // Its folder is made with the first log file (CriLogWriter).
    const logPath = this.logPath(uid, container.name, req.restartCount);
    let cwd = container.workingDir || def.workingDir || '';
    if (cwd) {
      try {
        await fs.promises.mkdir(cwd, { recursive: true });
      } catch (e) {
        return { ok: false, reason: 'CreateContainerError', message: `failed to create working directory ${cwd}: ${(e as Error).message}` };
      }
    } else {
      cwd = this.podDir(uid);
      if (!this.spares.placeDir(cwd)) await fs.promises.mkdir(cwd, { recursive: true });
    }
    // Indexed once the instance will be created (its log file with it), not for a failed start.
    this.podLogFiles(uid);
    this.logFileAdded(path.basename(logPath));

    let memoryLimit: number | undefined;
    const lim = container.resources?.limits?.memory;
    if (lim) memoryLimit = Number(parseQuantity(lim).value());

    const status: RuntimeContainerStatus = {
      id: `kubesim://${randomHex(64)}`,
      name: container.name,
      podUID: uid,
      podName: pod.metadata.name ?? '',
      podNamespace: pod.metadata.namespace ?? '',
      state: 'created',
      createdAt: Date.now(),
      image: image.name,
      imageRef: image.imageID,
      restartCount: req.restartCount,
      hash: hashContainer(container),
      logPath,
      init: !!req.init,
    };
    let resolveExited!: (s: RuntimeContainerStatus) => void;
    const exited = new Promise<RuntimeContainerStatus>((r) => (resolveExited = r));
    const inst: Instance = {
      status,
      env,
      cwd,
      argv,
      binaries: def.binaries ?? {},
      stopSignal: def.stopSignal ?? 'SIGTERM',
      memoryLimit,
      oomKilled: false,
      terminationMessagePolicy: container.terminationMessagePolicy,
      exited,
      resolveExited,
    };
    this.instances.set(status.id, inst);

    // The child's handles are unref'd (running containers do not keep this process alive), so hold
    // the event loop open until the start is settled.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      await this.spawnContainer(inst);
    } finally {
      clearInterval(keepAlive);
    }
    this.gcDeadInstances(uid, container.name);
    if (status.state === 'exited' && status.reason === 'StartError') {
      return { ok: false, reason: 'RunContainerError', message: status.message ?? '', status: { ...status } };
    }
    return { ok: true, status: { ...status } };
  }

  /**
   * Starts the instance's process: in its own process group (and session, when spawned), stdout and stderr
   * piped into the CRI log, registered with the watchdog. Resolves once it runs (or failed to).
   * A built-in image's program is forked by the fork server (see forkserver.ts) unless
   * `forkServer: false`; anything else is spawned as a child of this process.
   */
  private spawnContainer(inst: Instance): Promise<void> {
    if (this.forkServer && ForkServer.handles(inst.argv)) return this.forkContainer(inst, this.forkServer);
    const status = inst.status;
    const log = this.openLogWriter(status.logPath);
    return new Promise<void>((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(inst.argv[0]!, inst.argv.slice(1), { env: inst.env, cwd: inst.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        log.close();
        void this.onExit(inst, startFailure(inst.argv[0]!, e as NodeJS.ErrnoException)).then(resolve);
        return;
      }
      // Running containers do not keep this process alive.
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
      const pid = child.pid;
      if (pid) this.watchdog.add(pid);
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (child.pid || status.state !== 'created') return;
        log.close();
        void this.onExit(inst, startFailure(inst.argv[0]!, e)).then(resolve);
      });
      child.on('spawn', () => {
        this.running(inst, pid!);
        resolve();
      });
      const streams = this.attachLogs(log, child.stdout, child.stderr);
      child.on('exit', (code, signal) => void this.processExited(inst, pid, log, streams, code, signal).then(resolve));
    });
  }

  /** spawnContainer through the fork server. */
  private async forkContainer(inst: Instance, server: ForkServer): Promise<void> {
    const status = inst.status;
    const log = this.openLogWriter(status.logPath);
    let proc: ForkedProcess;
    try {
      proc = await server.fork({ id: status.id.replace(/^kubesim:\/\//, ''), script: inst.argv[1]!, args: inst.argv.slice(2), env: inst.env, cwd: inst.cwd });
    } catch (e) {
      log.close();
      return this.onExit(inst, startFailure(inst.argv[0]!, e as NodeJS.ErrnoException));
    }
    const { pid } = proc;
    this.watchdog.add(pid);
    this.running(inst, pid);
    const streams = this.attachLogs(log, proc.stdout, proc.stderr);
    void proc.exited.then(([code, signal]) => this.processExited(inst, pid, log, streams, code, signal));
  }

  /** The instance's process runs. */
  private running(inst: Instance, pid: number): void {
    const status = inst.status;
    status.state = 'running';
    status.pid = pid;
    status.startedAt = Date.now();
    this.records.add({ id: status.id, podUID: status.podUID, name: status.name, pid });
    this.emit('started', { ...status });
  }

  private attachLogs(log: CriLogWriter, stdout: Readable | null, stderr: Readable | null): Promise<unknown> {
    return Promise.all([stdout && log.attach(stdout, 'stdout'), stderr && log.attach(stderr, 'stderr')]);
  }

  /** The instance's first process exited: its exit, once its output is in the log. */
  private processExited(inst: Instance, pid: number | undefined, log: CriLogWriter, streams: Promise<unknown>, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    // The container's first process is gone: as a PID namespace teardown, nothing else of it survives.
    if (pid) killGroup(pid, 'SIGKILL');
    const exitCode = code ?? 128 + (os.constants.signals[signal as NodeJS.Signals] ?? 0);
    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(grace);
        log.close();
        if (pid) this.watchdog.remove(pid);
        void this.onExit(inst, { exitCode, signal: signal ?? undefined, finishedAt: Date.now() }).then(resolve);
      };
      // A process that left the group may hold the pipes open: do not wait for it forever.
      const grace = setTimeout(finish, 1000);
      void streams.then(finish);
    });
  }

  private async onExit(inst: Instance, msg: ExitInfo): Promise<void> {
    const s = inst.status;
    if (s.state === 'exited') return;
    s.state = 'exited';
    this.records.remove(s.id);
    s.finishedAt = msg.finishedAt ?? Date.now();
    s.exitCode = msg.exitCode;
    if (msg.signal) s.signal = msg.signal;
    if (msg.reason) s.reason = msg.reason;
    else if (inst.oomKilled) s.reason = 'OOMKilled';
    else s.reason = msg.exitCode === 0 ? 'Completed' : 'Error';
    if (msg.message) s.message = msg.message;
    if (inst.oomKilled) {
      s.reason = 'OOMKilled';
      s.exitCode = 137;
    }
    if (!s.message && s.exitCode !== 0 && inst.terminationMessagePolicy === 'FallbackToLogsOnError') {
      s.message = await this.tailForMessage(s.logPath);
    }
    inst.resolveExited({ ...s });
    this.emit('exited', { ...s });
  }

  /** The last 80 lines / 2 KiB of the log, as FallbackToLogsOnError uses. */
  private async tailForMessage(logPath: string): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    for await (const c of this.readLog({ path: logPath, isRunning: () => false }, { tailLines: 80 })) chunks.push(c);
    let text = Buffer.concat(chunks).toString('utf8');
    if (Buffer.byteLength(text) > 2048) text = Buffer.from(text).subarray(-2048).toString('utf8');
    return text || undefined;
  }

  /**
   * Stops an instance as the kubelet's killContainer does: the image's stop signal (SIGTERM unless
   * the image says otherwise) to the container's process group, up to `gracePeriodSeconds` (at least
   * the minimum grace period) to exit, then SIGKILL. Resolves once the instance has exited.
   */
  stopContainer(id: string, gracePeriodSeconds = 30): Promise<void> {
    const inst = this.instances.get(id);
    if (!inst || inst.status.state === 'exited') return Promise.resolve();
    if (inst.stopping) return inst.stopping;
    inst.stopping = (async () => {
      const graceMs = Math.max(gracePeriodSeconds * 1000, this.minGraceMs);
      if (inst.status.state === 'created') await waitFor(inst.exited, 5000, () => inst.status.state !== 'created');
      this.signal(inst, inst.stopSignal);
      if (await waitFor(inst.exited, graceMs)) return;
      this.signal(inst, 'SIGKILL');
      if (await waitFor(inst.exited, 5000)) return;
      // The process would not go away: report it gone anyway.
      await this.onExit(inst, { exitCode: 137, signal: 'SIGKILL', finishedAt: Date.now() });
    })();
    return inst.stopping;
  }

  /** Signals the container's process group (once: a repeated SIGQUIT/SIGTERM would change its meaning). */
  private signal(inst: Instance, signal: NodeJS.Signals): void {
    if (inst.status.state !== 'running') return;
    if (inst.status.pid) killGroup(inst.status.pid, signal);
  }

  /** Resolves with the instance's final status once it has exited. */
  waitForExit(id: string): Promise<RuntimeContainerStatus> {
    const inst = this.instances.get(id);
    if (!inst) return Promise.reject(new Error(`container ${id} not found`));
    return inst.exited;
  }

  getContainer(id: string): RuntimeContainerStatus | undefined {
    const inst = this.instances.get(id);
    return inst && { ...inst.status };
  }

  /** Every instance of every pod (or of one pod), newest first. */
  listContainers(podUID?: string): RuntimeContainerStatus[] {
    return [...this.instances.values()]
      .filter((i) => podUID === undefined || i.status.podUID === podUID)
      .map((i) => ({ ...i.status }))
      .sort((a, b) => b.createdAt - a.createdAt || b.restartCount - a.restartCount);
  }

  /** UIDs of pods with any instance. */
  listPods(): string[] {
    return [...new Set([...this.instances.values()].map((i) => i.status.podUID))];
  }

  /** kubecontainer.PodStatus of a pod: its instances, newest first. */
  getPodStatus(pod: Pod, ips: string[] = []): RuntimePodStatus {
    return {
      uid: pod.metadata.uid ?? '',
      name: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? '',
      ips,
      containerStatuses: this.listContainers(pod.metadata.uid ?? ''),
    };
  }

  /** Forgets an exited instance and deletes its log. */
  async removeContainer(id: string): Promise<void> {
    const inst = this.instances.get(id);
    if (!inst) return;
    if (inst.status.state !== 'exited') await this.stopContainer(id, 0);
    this.instances.delete(id);
    await this.removeLogFile(inst.status.logPath);
  }

  /** Stops every container of the pod and forgets them; with deleteFiles also removes its logs. */
  async removePod(podUID: string, opts: { gracePeriodSeconds?: number; deleteFiles?: boolean } = {}): Promise<void> {
    const ids = this.listContainers(podUID).map((s) => s.id);
    await Promise.all(ids.map((id) => this.stopContainer(id, opts.gracePeriodSeconds ?? 0)));
    for (const id of ids) this.instances.delete(id);
    if (opts.deleteFiles) {
      await this.removePodLogs(podUID);
      const dir = this.podDir(podUID);
      if (!this.spares.keepDir(dir)) await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /** Keeps the newest instance and `maxDead` dead ones per container; deletes the others' logs. */
  private gcDeadInstances(podUID: string, name: string): void {
    const list = this.listContainers(podUID).filter((s) => s.name === name);
    const dead = list.slice(1).filter((s) => s.state === 'exited');
    for (const s of dead.slice(this.maxDead)) {
      this.instances.delete(s.id);
      void this.removeLogFile(s.logPath).catch(() => {});
    }
  }

  /**
   * Logs of a container (its newest instance, or the previous one), as `kubectl logs` wants them.
   * Throws LogsError with the kubelet's messages when there is no such instance.
   */
  readLogs(req: ContainerLogsRequest): AsyncIterable<Buffer> {
    const list = this.listContainers(req.podUID).filter((s) => s.name === req.containerName);
    let target: RuntimeContainerStatus | undefined;
    if (req.containerID) target = list.find((s) => s.id === req.containerID);
    else if (req.previous) target = list[1];
    else target = list[0];
    if (!target && req.previous && !req.containerID && list[0] && list[0].restartCount > 0) {
      // The previous instance ran under an earlier kubelet: its log file is still there.
      const file = this.logPath(req.podUID, req.containerName, list[0].restartCount - 1);
      if (fs.existsSync(file)) return this.readLog({ path: file, isRunning: () => false }, req);
    }
    if (!target) {
      const podName = list[0]?.podName ?? req.podUID;
      if (req.previous) throw new LogsError(`previous terminated container "${req.containerName}" in pod "${podName}" not found`);
      throw new LogsError(`container "${req.containerName}" in pod "${podName}" is not available`);
    }
    const inst = this.instances.get(target.id)!;
    return this.readLog(
      { path: target.logPath, isRunning: () => inst.status.state === 'running' || inst.status.state === 'created', exited: inst.exited },
      req,
    );
  }

  /**
   * Runs `cmd` inside a running container's environment (its env, working directory and image
   * binaries), as ExecSync: combined output, exit code, and a timeout that kills the command.
   */
  execInContainer(id: string, cmd: string[], opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExecResult> {
    const inst = this.instances.get(id);
    if (!inst) return Promise.reject(new ExecError(`rpc error: code = NotFound desc = an error occurred when try to find container "${id.replace(/^kubesim:\/\//, '')}": not found`));
    if (inst.status.state !== 'running') {
      return Promise.reject(new ExecError(`rpc error: code = Unknown desc = failed to exec in container: container is in CONTAINER_EXITED state`));
    }
    if (!cmd.length) return Promise.reject(new ExecError('rpc error: code = Unknown desc = failed to exec in container: command must not be empty'));
    let argv = cmd;
    const mapped = inst.binaries[cmd[0]!] ?? (cmd[0]!.includes('/') ? inst.binaries[path.posix.basename(cmd[0]!)] : undefined);
    if (mapped) argv = [...mapped, ...cmd.slice(1)];
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const collect = (b: Buffer) => {
        if (size >= MAX_EXEC_OUTPUT) return;
        const take = b.subarray(0, MAX_EXEC_OUTPUT - size);
        chunks.push(take);
        size += take.length;
      };
      let settled = false;
      const child = spawn(argv[0]!, argv.slice(1), { env: inst.env, cwd: inst.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const kill = () => child.pid && killGroup(child.pid, 'SIGKILL');
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            kill();
            finish(() => reject(new ExecError(`command "${cmd.join(' ')}" timed out`, true)));
          }, opts.timeoutMs)
        : undefined;
      const onAbort = () => {
        kill();
        finish(() => reject(new ExecError('context canceled')));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      child.on('error', (e: NodeJS.ErrnoException) => {
        const detail =
          e.code === 'ENOENT'
            ? `exec: "${cmd[0]}": executable file not found in $PATH`
            : e.code === 'EACCES'
              ? `exec: "${cmd[0]}": permission denied`
              : e.message;
        finish(() =>
          reject(
            new ExecError(
              `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${randomHex(64)}": OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`,
            ),
          ),
        );
      });
      child.on('close', (code, signal) => {
        const exitCode = code ?? 128 + (os.constants.signals[signal as NodeJS.Signals] ?? 0);
        finish(() => resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') }));
      });
    });
  }

  /**
   * Samples the resident memory of every running container that has a memory limit (the others
   * are not sampled: nothing acts on their usage) and kills those above their limit. /proc is read
   * and indexed once per sample, and not at all while no limited container runs.
   */
  async sampleMemory(): Promise<void> {
    if (this.sampling) return;
    const limited = [...this.instances.values()].filter((i) => i.status.state === 'running' && i.status.pid && i.memoryLimit !== undefined && !i.oomKilled);
    if (!limited.length) return;
    this.sampling = true;
    try {
      const table = await readProcessTable();
      const index = indexProcessTable(table);
      for (const inst of limited) {
        if (inst.status.state !== 'running') continue;
        const rss = containerRss(table, inst.status.pid!, index);
        inst.status.memoryBytes = rss;
        if (rss > inst.memoryLimit! && !inst.oomKilled) {
          inst.oomKilled = true;
          this.signal(inst, 'SIGKILL');
          this.emit('oom', { ...inst.status });
        }
      }
    } finally {
      this.sampling = false;
    }
  }

  /** Kills every container (SIGKILL) and waits for them to be gone; then stops the watchdog. */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.sampler);
    const live = [...this.instances.values()].filter((i) => i.status.state !== 'exited');
    for (const inst of live) this.signal(inst, 'SIGKILL');
    await Promise.all(live.map((inst) => waitFor(inst.exited, 5000)));
    for (const inst of live) {
      if (inst.status.state !== 'exited' && inst.status.pid) killGroup(inst.status.pid, 'SIGKILL');
    }
    this.forkServer?.close();
    this.spares.close();
    this.records.close();
    await this.watchdog.close();
  }
}

interface ExitInfo {
  exitCode: number;
  signal?: string;
  reason?: string;
  message?: string;
  finishedAt?: number;
}

/** The StartError of a container whose executable could not be run (as runc reports it). */
function startFailure(exe: string, e: NodeJS.ErrnoException): ExitInfo {
  let exitCode = 128;
  let detail: string;
  if (e.code === 'ENOENT') {
    exitCode = 127;
    detail = exe.includes('/') ? `exec: "${exe}": stat ${exe}: no such file or directory` : `exec: "${exe}": executable file not found in $PATH`;
  } else if (e.code === 'EACCES') {
    exitCode = 126;
    detail = `exec: "${exe}": permission denied`;
  } else {
    detail = `exec: "${exe}": ${e.message}`;
  }
  return {
    exitCode,
    reason: 'StartError',
    message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${detail}: unknown`,
    finishedAt: Date.now(),
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** Waits up to `ms` for `p`; true if it settled (or `cond` became true). */
function waitFor(p: Promise<unknown>, ms: number, cond?: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    let poll: NodeJS.Timeout | undefined;
    const t = setTimeout(() => {
      clearInterval(poll);
      resolve(false);
    }, ms);
    if (cond) {
      poll = setInterval(() => {
        if (cond()) {
          clearTimeout(t);
          clearInterval(poll);
          resolve(true);
        }
      }, 20);
    }
    p.then(() => {
      clearTimeout(t);
      clearInterval(poll);
      resolve(true);
    });
  });
}
