import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import type { Node, Pod, Taint } from '@kubesim/api';
import { reasonOf } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { type Logger, startStatusServer } from '@kubesim/component-base';
import { Backoff } from './backoff.js';
import { PodSource } from './config/apiserver.js';
import { EventRecorder, nodeReference, podReference } from './events/recorder.js';
import { type ImageCatalog, defaultImageCatalog } from './images/catalog.js';
import { ImageManager } from './images/puller.js';
import { KubeletCore } from './kubelet.js';
import { PodIPAllocator } from './node/ipam.js';
import { NodeLeaseController } from './node/lease.js';
import { type NodeConfig, type NodeImage, computeNodeStatus, initialNode, nodeLabels, nodeStatusChanged } from './node/nodestatus.js';
import { cleanupLeftoverContainers } from './runtime/leftovers.js';
import { type KubeletServer, startKubeletServer } from './server/server.js';
import { PodStatusManager } from './status/manager.js';

/** Timing presets: kubesim's fast ones and Kubernetes' defaults. */
export const KUBELET_TIMINGS = {
  fast: { nodeStatusUpdateFrequencyMs: 5_000, leaseDurationSeconds: 4, leaseRenewIntervalMs: 1_000 },
  kubernetes: { nodeStatusUpdateFrequencyMs: 10_000, leaseDurationSeconds: 40, leaseRenewIntervalMs: 10_000 },
} as const;

export type KubeletTimings = keyof typeof KUBELET_TIMINGS;

export interface KubeletOptions {
  nodeName: string;
  /** A clientset for the apiserver (the kubelet talks to it only over the gRPC contract). */
  client: Clientset;
  /** Logs, container state, working directories. */
  rootDir: string;
  /** IP the kubelet listens on; also the Node's InternalIP and the pods' hostIP. */
  address: string;
  /** Port of the kubelet's gRPC API (logs); 0 picks a free one. */
  port: number;
  /** Port of /healthz on `healthzBindAddress`; 0 picks a free one, -1 disables it. */
  healthzPort: number;
  healthzBindAddress?: string;
  /** Capacity (= allocatable): cpu "4", memory "8Gi"; defaults are this machine's. */
  cpu?: string;
  memory?: string;
  maxPods?: number;
  labels?: Record<string, string>;
  /** Taints the Node is registered with. */
  taints?: Taint[];
  /** The pod IP range, e.g. 127.10.1.0/24. */
  podCIDR: string;
  nodeStatusUpdateFrequencyMs?: number;
  leaseDurationSeconds?: number;
  leaseRenewIntervalMs?: number;
  /** Crash-loop (and image pull) back-off: initial delay and cap (10 s / 300 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** A user image catalog file (YAML/JSON), consulted before the built-in images. */
  imageCatalogFile?: string;
  /** How often finished pods and leftovers are cleaned up (the kubelet's housekeeping, 2 s). */
  housekeepingIntervalMs?: number;
  /** Periodic resync of every pod (1 min). */
  resyncIntervalMs?: number;
  /** Spare log files and pod folders kept ready, each (default DEFAULT_SPARES; see SpareFiles). */
  spareFiles?: number;
  log: Logger;
}

/** Spares made per housekeeping pass when the kubelet is idle, to top the stock up after a burst. */
const SPARES_PER_HOUSEKEEPING = 16;

/** Whole cores of this machine as a quantity. */
export function defaultCPU(): string {
  return String(os.cpus().length || 1);
}

/** This machine's memory in Ki, as the kubelet reports it. */
export function defaultMemory(): string {
  return `${Math.floor(os.totalmem() / 1024)}Ki`;
}

/**
 * The kubelet process's logic: registers the Node and keeps its status and Lease fresh, lists and
 * watches the pods bound to the node and feeds them to KubeletCore (which runs them as real
 * processes), writes pod statuses and events back, finishes graceful deletions, and serves
 * container logs. `start()` first kills whatever an earlier kubelet with the same root directory
 * left behind, so a restarted kubelet takes over cleanly.
 */
export class Kubelet {
  readonly core: KubeletCore;
  readonly recorder: EventRecorder;
  readonly statusManager: PodStatusManager;
  readonly pods: PodSource;
  readonly ipam: PodIPAllocator;
  readonly catalog: ImageCatalog;
  private readonly lease: NodeLeaseController;
  private readonly cfg: NodeConfig;
  private readonly log: Logger;
  private node?: Node;
  private lastPosted?: Node['status'];
  private lastPostAt = 0;
  private server?: KubeletServer;
  private healthz?: { server: HttpServer; port: number; close(): Promise<void> };
  private stopped = false;
  private readonly stopAC = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private statusLoop?: Promise<void>;
  private registered = false;

  constructor(private readonly opts: KubeletOptions) {
    this.log = opts.log;
    fs.mkdirSync(opts.rootDir, { recursive: true });
    this.catalog = defaultImageCatalog(opts.imageCatalogFile ?? process.env['KUBESIM_IMAGE_CATALOG']);
    this.ipam = new PodIPAllocator(opts.podCIDR);
    this.cfg = {
      nodeName: opts.nodeName,
      hostIP: opts.address,
      kubeletPort: opts.port,
      cpu: opts.cpu ?? defaultCPU(),
      memory: opts.memory ?? defaultMemory(),
      maxPods: opts.maxPods ?? 110,
      labels: opts.labels ?? {},
      taints: opts.taints ?? [],
      podCIDR: this.ipam.cidr,
      bootID: randomUUID(),
    };
    this.recorder = new EventRecorder({
      client: opts.client,
      component: 'kubelet',
      host: opts.nodeName,
      log: this.log,
      // Pod statuses first: in a burst of pod starts the events follow the status writes.
      busy: () => this.busy(),
    });
    this.pods = new PodSource({
      client: opts.client,
      nodeName: opts.nodeName,
      log: this.log,
      handlers: {
        add: (pod) => this.handlePod(pod),
        update: (pod) => this.handlePod(pod),
        // A pod the kubelet does not run (one that had finished before it saw it) goes through
        // handlePod's checks as any other.
        reconcile: (pod) => (this.core.getPod(pod.metadata.uid ?? '') ? this.core.reconcilePod(pod) : this.handlePod(pod)),
        delete: (pod) => this.handlePodRemoved(pod),
        synced: () => this.removeOrphanedPodDirs(),
      },
    });
    this.statusManager = new PodStatusManager({ client: opts.client, getPod: (uid) => this.pods.byUID(uid), log: this.log });
    const backoff = () => new Backoff({ initialMs: opts.backoffInitialMs, maxMs: opts.backoffMaxMs });
    this.core = new KubeletCore({
      rootDir: opts.rootDir,
      spareFiles: opts.spareFiles,
      nodeName: opts.nodeName,
      hostIP: opts.address,
      catalog: this.catalog,
      backoff: backoff(),
      images: new ImageManager({ catalog: this.catalog, backoff: backoff() }),
      resyncIntervalMs: opts.resyncIntervalMs,
      allocatePodIP: (pod) => this.ipam.allocate(pod.metadata.uid ?? '', pod.status?.podIP),
      releasePodIP: (pod) => this.ipam.release(pod.metadata.uid ?? ''),
      recordEvent: (pod, e) => this.recorder.record(podReference(pod, e.fieldPath), e.type, e.reason, e.message),
      onStatus: (pod, status) => this.statusManager.setPodStatus(pod, status),
      onPodTerminated: (pod) => this.statusManager.podTerminated(pod),
    });
    this.core.runtime.on('oom', (s: { pid?: number; name: string }) => {
      this.recorder.record(nodeReference(opts.nodeName), 'Warning', 'SystemOOM', `System OOM encountered, victim process: ${s.name}, pid: ${s.pid ?? 0}`);
    });
    this.lease = new NodeLeaseController({
      client: opts.client,
      nodeName: opts.nodeName,
      leaseDurationSeconds: opts.leaseDurationSeconds ?? KUBELET_TIMINGS.fast.leaseDurationSeconds,
      renewIntervalMs: opts.leaseRenewIntervalMs ?? KUBELET_TIMINGS.fast.leaseRenewIntervalMs,
      nodeUID: () => this.node?.metadata.uid,
      log: this.log,
    });
  }

  /** The port of the kubelet's gRPC API (after start). */
  get port(): number {
    return this.server?.port ?? 0;
  }

  get healthzPort(): number {
    return this.healthz?.port ?? 0;
  }

  /** Whether the Node is registered (what /healthz reports). */
  get isRegistered(): boolean {
    return this.registered;
  }

  /** Whether pod statuses are waiting to be written: what users wait for is under way. */
  busy(): boolean {
    return !this.statusManager.isIdle();
  }

  async start(): Promise<void> {
    const leftovers = await cleanupLeftoverContainers(this.opts.rootDir);
    if (leftovers.length) this.log.warn({ pids: leftovers }, 'killed container processes left behind by an earlier kubelet');
    this.server = await startKubeletServer({
      host: this.opts.address,
      port: this.opts.port,
      runtime: this.core.runtime,
      getPod: (ns, name) => this.pods.get(ns, name),
      getPodStatus: (uid) => this.core.getPodStatus(uid),
      log: this.log,
    });
    this.cfg.kubeletPort = this.server.port;
    if (this.opts.healthzPort >= 0) {
      this.healthz = await startStatusServer({
        host: this.opts.healthzBindAddress ?? '127.0.0.1',
        port: this.opts.healthzPort,
        checks: [
          { name: 'ping', check: () => {} },
          {
            name: 'syncloop',
            check: () => {
              if (!this.registered) throw new Error('node not registered yet');
            },
          },
        ],
        extra: (req, res) => {
          if (new URL(req.url ?? '/', 'http://x').pathname !== '/pods') return false;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.pods.list() }));
          return true;
        },
      });
    }
    this.recorder.record(nodeReference(this.opts.nodeName), 'Normal', 'Starting', 'Starting kubelet.');
    // The first pods find the fork server and watchdog running, their log files and folders made.
    await this.core.runtime.prepare();
    await this.registerNode();
    if (this.stopped) return;
    await this.updateNodeStatus(true);
    if (this.stopped) return;
    this.recorder.record(nodeReference(this.opts.nodeName), 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.lease.start();
    this.statusLoop = this.runStatusLoop();
    this.pods.start();
    const housekeeping = setInterval(() => void this.housekeeping(), this.opts.housekeepingIntervalMs ?? 2000);
    this.timers.push(housekeeping);
    this.registered = true;
    this.log.info({ node: this.opts.nodeName, port: this.port }, 'kubelet started');
  }

  /** Stops everything; every container is killed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopAC.abort();
    for (const t of this.timers) clearInterval(t);
    this.lease.stop();
    await this.pods.stop();
    this.statusManager.stop();
    await this.core.shutdown();
    await this.statusLoop;
    this.recorder.close();
    await Promise.race([this.recorder.flush(), new Promise((r) => setTimeout(r, 1000).unref())]);
    await this.server?.close();
    await this.healthz?.close();
  }

  // ------------------------------------------------------------------ node

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const signal = this.stopAC.signal;
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** registerWithAPIServer: create the Node, or take over the existing one (a restarted kubelet). */
  private async registerNode(): Promise<void> {
    const nodes = this.opts.client.nodes();
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        try {
          this.node = await nodes.create(initialNode(this.cfg, Date.now()));
          this.log.info({ node: this.opts.nodeName }, 'registered node');
          // The conditions were set from nothing: NodeHasSufficientMemory, ..., NodeReady.
          for (const e of computeNodeStatus({ metadata: {} }, this.cfg, Date.now()).events) {
            this.recorder.record(nodeReference(this.opts.nodeName), e.type, e.reason, e.message);
          }
          return;
        } catch (e) {
          if (reasonOf(e) !== 'AlreadyExists') throw e;
        }
        let existing = await nodes.get(this.opts.nodeName);
        const labels = { ...(existing.metadata.labels ?? {}), ...nodeLabels(this.cfg) };
        const wantCIDR = !existing.spec?.podCIDR && this.cfg.podCIDR;
        if (JSON.stringify(labels) !== JSON.stringify(existing.metadata.labels ?? {}) || wantCIDR) {
          existing = structuredClone(existing);
          existing.metadata.labels = labels;
          if (wantCIDR) existing.spec = { ...(existing.spec ?? {}), podCIDR: this.cfg.podCIDR, podCIDRs: [this.cfg.podCIDR!] };
          existing = await nodes.update(existing);
        }
        const oldBoot = existing.status?.nodeInfo?.bootID;
        if (oldBoot && oldBoot !== this.cfg.bootID) {
          this.recorder.record(nodeReference(this.opts.nodeName), 'Warning', 'Rebooted', `Node ${this.opts.nodeName} has been rebooted, boot id: ${this.cfg.bootID}`);
        }
        this.node = existing;
        this.log.info({ node: this.opts.nodeName }, 'node already registered; taking it over');
        return;
      } catch (e) {
        this.log.warn({ err: e }, 'unable to register node with the API server');
        await this.sleep(Math.min(7000, 200 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** The images on the node, for status.images. */
  private nodeImages(): NodeImage[] {
    const out: NodeImage[] = [];
    for (const name of this.core.images.presentImages()) {
      const r = this.catalog.resolve(name);
      out.push({ names: r ? [r.imageID, r.name] : [name], sizeBytes: r?.definition.sizeBytes ?? 1_000_000 });
    }
    // Byte order as Go compares strings (localeCompare would also load ICU's collation data).
    return out.sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[0]! < b.names[0]! ? -1 : a.names[0]! > b.names[0]! ? 1 : 0));
  }

  /** Posts the node status when it changed, or when `force` / the update frequency says so. */
  private async updateNodeStatus(force = false): Promise<void> {
    if (!this.node) return;
    const now = Date.now();
    const { status, events } = computeNodeStatus(this.node, this.cfg, now, this.nodeImages());
    const freq = this.opts.nodeStatusUpdateFrequencyMs ?? KUBELET_TIMINGS.fast.nodeStatusUpdateFrequencyMs;
    if (!force && !nodeStatusChanged(this.lastPosted, status) && now - this.lastPostAt < freq) return;
    try {
      this.node = await this.opts.client.nodes().patchStatus(this.opts.nodeName, 'merge', { status });
      this.lastPosted = status;
      this.lastPostAt = now;
      for (const e of events) this.recorder.record(nodeReference(this.opts.nodeName), e.type, e.reason, e.message);
    } catch (e) {
      if (reasonOf(e) === 'NotFound') {
        // Someone deleted the Node: register again.
        this.log.warn('the Node object is gone; registering again');
        this.node = undefined;
        await this.registerNode();
        return;
      }
      this.log.warn({ err: e }, 'error updating node status, will retry');
    }
  }

  private async runStatusLoop(): Promise<void> {
    const freq = this.opts.nodeStatusUpdateFrequencyMs ?? KUBELET_TIMINGS.fast.nodeStatusUpdateFrequencyMs;
    const tick = Math.min(1000, freq);
    while (!this.stopped) {
      await this.sleep(tick);
      if (this.stopped) break;
      await this.updateNodeStatus();
    }
  }

  // ------------------------------------------------------------------ pods

  private handlePod(pod: Pod): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid ?? '';
    const known = this.core.getPod(uid) !== undefined;
    const phase = pod.status?.phase;
    // A pod that finished before this kubelet knew it has nothing left to run (or stop).
    if (!known && (phase === 'Succeeded' || phase === 'Failed')) {
      if (pod.metadata.deletionTimestamp) this.statusManager.podTerminated(pod);
      return;
    }
    this.core.updatePod(pod);
    if (pod.metadata.deletionTimestamp && this.core.workers.state(uid) === 'finished') this.statusManager.podTerminated(pod);
  }

  private handlePodRemoved(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    this.statusManager.forget(uid);
    if (this.stopped || this.core.getPod(uid) === undefined) return;
    this.core.deletePod(pod);
  }

  private async housekeeping(): Promise<void> {
    if (this.stopped || !this.pods.synced) return;
    try {
      await this.core.housekeeping(new Set(this.pods.list().map((p) => p.metadata.uid ?? '')));
    } catch (e) {
      this.log.warn({ err: e }, 'housekeeping failed');
    }
    if (!this.stopped && !this.busy()) await this.core.runtime.fillSpares(SPARES_PER_HOUSEKEEPING);
  }

  /** Pod folders and log files of pods no longer bound to this node (from an earlier run) are removed. */
  private removeOrphanedPodDirs(): void {
    this.core.runtime.removeOrphanedFiles(new Set([...this.pods.list().map((p) => p.metadata.uid ?? ''), ...this.core.knownPods()]));
  }
}
