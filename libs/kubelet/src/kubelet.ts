import type { Container, Pod, PodStatus } from '@kubesim/api';
import { Backoff, checkCrashLoopBackOff } from './backoff.js';
import { type Clock, type TimerHandle, realClock } from './clock.js';
import { ImageManager, type KubeletEvent } from './images/puller.js';
import { type ImageCatalog } from './images/catalog.js';
import { ProbeManager } from './prober/manager.js';
import { computePodActions, type SandboxStatus } from './podworkers/actions.js';
import { PodWorkers, type SyncInfo } from './podworkers/podworkers.js';
import type { EnvSourceResolver } from './runtime/env.js';
import { ContainerRuntime, type RuntimeContainerStatus } from './runtime/runtime.js';
import type { WaitingReason } from './status/containers.js';
import { generatePodStatus } from './status/pod.js';

/** An event about a pod, with the container's field path when it is about a container. */
export interface PodEvent extends KubeletEvent {
  /** `spec.containers{kubia}` / `spec.initContainers{init}`; absent for pod-level events. */
  fieldPath?: string;
}

export interface KubeletCoreOptions {
  /** Root for logs and container working directories. */
  rootDir: string;
  nodeName: string;
  hostIP: string;
  /** Hands out a pod IP (the pod's "sandbox"); e.g. a 127.x address. */
  allocatePodIP: (pod: Pod) => string;
  releasePodIP?: (pod: Pod, ip: string) => void;
  /** Where events go (the API wiring posts them). */
  recordEvent?: (pod: Pod, event: PodEvent) => void;
  /** Every status the kubelet computes for a pod (the status manager's output). */
  onStatus?: (pod: Pod, status: PodStatus) => void;
  /**
   * The pod's worker finished terminating it (containers stopped, sandbox released, final status
   * published): a pod marked for deletion can now be removed from the API.
   */
  onPodTerminated?: (pod: Pod) => void;
  envResolver?: EnvSourceResolver;
  catalog?: ImageCatalog;
  /** Spare log files and pod folders the runtime keeps ready (ContainerRuntimeOptions.spareFiles). */
  spareFiles?: number;
  clock?: Clock;
  runtime?: ContainerRuntime;
  images?: ImageManager;
  /** Crash-loop back-off (10 s doubling to 300 s unless given). */
  backoff?: Backoff;
  resyncIntervalMs?: number;
}

interface PodState {
  pod: Pod;
  ip?: string;
  sandboxAttempt: number;
  status?: PodStatus;
  reasons: Map<string, WaitingReason>;
  retry?: TimerHandle;
}

/** Whether `a` is an older version of the same pod than `b` (both with numeric resourceVersions). */
function isOlder(a: Pod, b: Pod): boolean {
  const x = a.metadata.resourceVersion;
  const y = b.metadata.resourceVersion;
  if (a === b || !x || !y || a.metadata.uid !== b.metadata.uid || !/^\d+$/.test(x) || !/^\d+$/.test(y)) return false;
  return BigInt(x) < BigInt(y);
}

/**
 * The kubelet's node-local loop without the API: pod workers drive SyncPod (computePodActions,
 * images, crash-loop back-off, container starts and kills), probes feed back into syncs, and every
 * sync ends with a freshly generated PodStatus handed to `onStatus`. Feed it pods with
 * `updatePod` (from a watch) and `deletePod`.
 */
export class KubeletCore {
  readonly runtime: ContainerRuntime;
  readonly images: ImageManager;
  readonly backoff: Backoff;
  readonly probes: ProbeManager;
  readonly workers: PodWorkers;
  private readonly clock: Clock;
  private readonly pods = new Map<string, PodState>();

  constructor(private readonly opts: KubeletCoreOptions) {
    this.clock = opts.clock ?? realClock;
    this.runtime = opts.runtime ?? new ContainerRuntime({ rootDir: opts.rootDir, catalog: opts.catalog, spareFiles: opts.spareFiles });
    this.images = opts.images ?? new ImageManager({ clock: this.clock, catalog: opts.catalog });
    this.backoff = opts.backoff ?? new Backoff({ clock: this.clock });
    this.probes = new ProbeManager({
      clock: this.clock,
      getPodStatus: (uid) => this.pods.get(uid)?.status,
      exec: (id, cmd, timeoutMs) => this.runtime.execInContainer(id, cmd, { timeoutMs }),
      recordEvent: (pod, e) => this.event(pod, { type: e.type, reason: e.reason, message: e.message }, e.containerName),
    });
    this.workers = new PodWorkers({
      clock: this.clock,
      resyncIntervalMs: opts.resyncIntervalMs,
      sync: (pod, signal, info) => this.sync(pod, signal, info),
    });
    // PLEG: container lifecycle changes and probe results trigger a sync of the pod.
    const resync = (uid: string) => {
      const st = this.pods.get(uid);
      if (st) this.workers.updatePod({ updateType: 'sync', pod: st.pod });
    };
    this.runtime.on('exited', (s: RuntimeContainerStatus) => resync(s.podUID));
    // As syncLoopIteration: a liveness result syncs the pod only when it is a failure; readiness
    // and startup results sync it, except those that change nothing the pod's status shows (a
    // container's initial readiness failure while it shows not ready, the initial unknown startup):
    // in a burst of pods that was one sync in three.
    this.probes.liveness.onUpdate((u) => u.result === 'failure' && resync(u.podUID));
    this.probes.startup.onUpdate((u) => u.result !== 'unknown' && resync(u.podUID));
    this.probes.readiness.onUpdate((u) => {
      const shown = this.pods.get(u.podUID)?.status?.containerStatuses?.find((c) => c.containerID === u.containerID);
      if (u.result !== 'success' && shown && !shown.ready) return;
      resync(u.podUID);
    });
  }

  /** A pod bound to this node was added or changed. */
  updatePod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    const st = this.pods.get(uid);
    if (st) {
      st.pod = pod;
      this.probes.updatePod(pod);
    } else {
      this.pods.set(uid, { pod, sandboxAttempt: 0, reasons: new Map() });
    }
    this.workers.updatePod({ updateType: st ? 'update' : 'create', pod });
  }

  /**
   * HandlePodReconcile: the API's copy of a known pod changed only in its status. The kubelet keeps
   * the newer object (its next sync starts from it) without syncing the pod now.
   */
  reconcilePod(pod: Pod): void {
    const st = this.pods.get(pod.metadata.uid ?? '');
    if (!st) return this.updatePod(pod);
    st.pod = pod;
    this.probes.updatePod(pod);
  }

  /** The pod was removed from the API (or must go): terminate it. */
  deletePod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    const st = this.pods.get(uid);
    if (st) st.pod = pod;
    else this.pods.set(uid, { pod, sandboxAttempt: 0, reasons: new Map() });
    this.workers.updatePod({ updateType: 'kill', pod });
  }

  /** UIDs of the pods the kubelet has state for. */
  knownPods(): string[] {
    return [...this.pods.keys()];
  }

  /** The pod object the kubelet last got for `uid`. */
  getPod(uid: string): Pod | undefined {
    return this.pods.get(uid)?.pod;
  }

  /**
   * HandlePodCleanups: forgets finished pods that are no longer desired (bound to this node in the
   * API) and removes containers and files of pods nobody knows (left over from an earlier run).
   */
  async housekeeping(desired: Set<string>): Promise<void> {
    const states = this.workers.syncKnownPods(desired);
    for (const [uid, st] of this.pods) {
      if (desired.has(uid) || states.has(uid)) continue;
      st.retry?.cancel();
      this.probes.removePod(uid);
      this.pods.delete(uid);
    }
    this.probes.cleanupPods(new Set([...desired, ...[...states].filter(([, s]) => s !== 'finished').map(([uid]) => uid)]));
    for (const uid of this.runtime.listPods()) {
      if (this.pods.has(uid) || states.has(uid) || desired.has(uid)) continue;
      await this.runtime.removePod(uid, { deleteFiles: true });
    }
  }

  getPodStatus(uid: string): PodStatus | undefined {
    return this.pods.get(uid)?.status;
  }

  /** Resolves when the pod's worker is idle. */
  whenIdle(uid: string): Promise<void> {
    return this.workers.whenIdle(uid);
  }

  async shutdown(): Promise<void> {
    this.workers.stop();
    for (const st of this.pods.values()) st.retry?.cancel();
    await this.probes.stopAll();
    await this.runtime.shutdown();
  }

  private event(pod: Pod, e: KubeletEvent, containerName?: string): void {
    if (!this.opts.recordEvent) return;
    let fieldPath: string | undefined;
    if (containerName) {
      const isInit = pod.spec.initContainers?.some((c) => c.name === containerName);
      fieldPath = `spec.${isInit ? 'initContainers' : 'containers'}{${containerName}}`;
    }
    this.opts.recordEvent(pod, fieldPath ? { ...e, fieldPath } : e);
  }

  private sandbox(st: PodState): SandboxStatus | undefined {
    if (st.ip === undefined) return st.sandboxAttempt === 0 ? undefined : { ready: false, attempt: st.sandboxAttempt - 1 };
    return { ready: true, attempt: st.sandboxAttempt - 1, ip: st.ip };
  }

  private publishStatus(st: PodState, podIsTerminal: boolean): PodStatus {
    const pod = st.pod;
    const uid = pod.metadata.uid ?? '';
    const status = generatePodStatus(
      pod,
      { ips: st.ip ? [st.ip] : [], containerStatuses: this.runtime.listContainers(uid) },
      {
        now: this.clock.now(),
        oldStatus: st.status,
        podIsTerminal,
        hostIPs: [this.opts.hostIP],
        sandboxReady: st.ip !== undefined,
        reasons: (name) => st.reasons.get(name),
        probes: {
          startup: (id) => this.probes.startup.get(id),
          readiness: (id) => this.probes.readiness.get(id),
          hasStartupWorker: (name) => this.probes.hasWorker(uid, name, 'startup'),
          hasReadinessWorker: (name) => this.probes.hasWorker(uid, name, 'readiness'),
        },
      },
    );
    st.status = status;
    this.opts.onStatus?.(pod, status);
    // Probe containers that just started right away.
    if (!podIsTerminal) this.probes.podStatusChanged(uid, status);
    return status;
  }

  private async sync(pod: Pod, signal: AbortSignal, info: SyncInfo): Promise<{ isTerminal?: boolean } | void> {
    const uid = pod.metadata.uid ?? '';
    const st = this.pods.get(uid) ?? { pod, sandboxAttempt: 0, reasons: new Map() };
    this.pods.set(uid, st);
    // The worker's copy may be older than one reconcilePod kept since (a periodic resync).
    if (!isOlder(pod, st.pod)) st.pod = pod;
    pod = st.pod;
    switch (info.workType) {
      case 'sync':
        return this.syncPod(st, signal);
      case 'terminating':
        return this.syncTerminatingPod(st, info.gracePeriodSeconds ?? 30);
      case 'terminated':
        await this.syncTerminatedPod(st);
        this.opts.onPodTerminated?.(st.pod);
        return;
    }
  }

  /** kubelet.SyncPod + kuberuntime SyncPod. */
  private async syncPod(st: PodState, signal: AbortSignal): Promise<{ isTerminal?: boolean }> {
    const pod = st.pod;
    const uid = pod.metadata.uid ?? '';
    const before = this.publishStatus(st, false);
    if (before.phase === 'Succeeded' || before.phase === 'Failed') return { isTerminal: true };
    this.probes.addPod(pod);

    // The pod's containers as this sync found them (kuberuntime's podStatus): the back-off below is
    // decided on them, not on what the kills of this sync leave.
    const containerStatuses = this.runtime.listContainers(uid);
    const actions = computePodActions({
      pod,
      containerStatuses,
      sandbox: this.sandbox(st),
      liveness: (id) => this.probes.liveness.get(id),
      startup: (id) => this.probes.startup.get(id),
    });
    const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
    // Whether this sync changed anything the status shows: if not, `before` is the pod's status.
    const acted = actions.killPod || actions.createSandbox || actions.containersToKill.length > 0 || actions.initContainersToStart.length > 0 || actions.containersToStart.length > 0;

    if (actions.killPod) {
      await this.killAll(st, grace);
      if (!actions.createSandbox) {
        this.publishStatus(st, false);
        return {};
      }
      if (st.ip !== undefined) {
        this.event(pod, { type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.' });
      }
    } else {
      await Promise.all(
        actions.containersToKill.map(async (k) => {
          const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === k.name);
          let g = grace;
          const probe = k.reason === 'LivenessProbe' ? spec?.livenessProbe : k.reason === 'StartupProbe' ? spec?.startupProbe : undefined;
          if (probe?.terminationGracePeriodSeconds !== undefined) g = probe.terminationGracePeriodSeconds;
          this.event(pod, { type: 'Normal', reason: 'Killing', message: k.message }, k.name);
          await this.runtime.stopContainer(k.id, g);
        }),
      );
    }
    if (signal.aborted) return {};

    if (actions.createSandbox) {
      st.ip = this.opts.allocatePodIP(pod);
      st.sandboxAttempt++;
    }

    let retryInMs: number | undefined;
    const start = async (container: Container, init: boolean): Promise<boolean> => {
      // As SyncPod, from the containers as this sync found them (newest first): the restart count
      // follows the newest instance, and doBackOff looks at the newest that had exited. A container the
      // liveness probe has just killed (it was running then) restarts at once if the instance before
      // it finished longer ago than the current back-off, and the back-off steps on: Kubernetes'
      // liveness restarts come one probe cycle apart until the back-off outgrows the cycle.
      const last = containerStatuses.find((s) => s.name === container.name);
      const exitedBefore = containerStatuses.find((s) => s.name === container.name && s.state === 'exited');
      const decision = checkCrashLoopBackOff(this.backoff, pod, container.name, exitedBefore?.finishedAt);
      if (decision.inBackOff) {
        st.reasons.set(container.name, { reason: 'CrashLoopBackOff', message: decision.message! });
        this.event(pod, { type: 'Warning', reason: 'BackOff', message: decision.eventMessage! }, container.name);
        retryInMs = Math.min(retryInMs ?? Infinity, decision.remainingMs ?? 0);
        return false;
      }
      const img = await this.images.ensureImageExists(pod, container);
      for (const e of img.events) this.event(pod, e, container.name);
      if (!img.ok) {
        st.reasons.set(container.name, { reason: img.reason, message: img.message });
        // Sync again soon to show ImagePullBackOff, then when the pull back-off ends.
        if (img.retryAfterMs !== undefined) {
          const next = img.reason === 'ErrImagePull' ? Math.min(1000, img.retryAfterMs / 2) : img.retryAfterMs;
          retryInMs = Math.min(retryInMs ?? Infinity, next);
        }
        return false;
      }
      if (signal.aborted) return false;
      const res = await this.runtime.startContainer({
        pod,
        container,
        restartCount: last ? last.restartCount + 1 : this.runtime.restartCountFromLogDir(uid, container.name),
        podIP: st.ip ?? '',
        hostIP: this.opts.hostIP,
        nodeName: this.opts.nodeName,
        image: img.image,
        envResolver: this.opts.envResolver,
        init,
      });
      if (!res.ok) {
        st.reasons.set(container.name, { reason: res.reason, message: res.message });
        this.event(pod, { type: 'Warning', reason: 'Failed', message: `Error: ${res.message}` }, container.name);
        return false;
      }
      st.reasons.delete(container.name);
      this.event(pod, { type: 'Normal', reason: 'Created', message: `Created container: ${container.name}` }, container.name);
      this.event(pod, { type: 'Normal', reason: 'Started', message: `Started container ${container.name}` }, container.name);
      return true;
    };

    for (const idx of actions.initContainersToStart) {
      const c = pod.spec.initContainers![idx]!;
      if (!(await start(c, true))) break;
      if (c.restartPolicy !== 'Always') break; // a regular init container runs alone
    }
    for (const idx of actions.containersToStart) {
      if (signal.aborted) break;
      await start(pod.spec.containers[idx]!, false);
    }

    st.retry?.cancel();
    st.retry = undefined;
    if (retryInMs !== undefined && Number.isFinite(retryInMs)) {
      st.retry = this.clock.setTimer(Math.max(1, retryInMs), () => {
        st.retry = undefined;
        this.workers.updatePod({ updateType: 'sync', pod: st.pod });
      });
    }
    const after = acted ? this.publishStatus(st, false) : before;
    return { isTerminal: after.phase === 'Succeeded' || after.phase === 'Failed' };
  }

  private async killAll(st: PodState, gracePeriodSeconds: number): Promise<void> {
    const uid = st.pod.metadata.uid ?? '';
    const live = this.runtime.listContainers(uid).filter((s) => s.state === 'running' || s.state === 'created');
    await Promise.all(
      live.map(async (s) => {
        this.event(st.pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${s.name}` }, s.name);
        await this.runtime.stopContainer(s.id, gracePeriodSeconds);
      }),
    );
  }

  /** SyncTerminatingPod: stop liveness/startup probes, stop every container within the grace period. */
  private async syncTerminatingPod(st: PodState, gracePeriodSeconds: number): Promise<void> {
    st.retry?.cancel();
    this.probes.updatePod(st.pod);
    this.probes.stopLivenessAndStartup(st.pod);
    await this.killAll(st, gracePeriodSeconds);
    this.publishStatus(st, true);
  }

  /** SyncTerminatedPod: release the sandbox, stop the probes, publish the final status. */
  private async syncTerminatedPod(st: PodState): Promise<void> {
    const pod = st.pod;
    this.probes.removePod(pod);
    if (st.ip !== undefined) {
      this.opts.releasePodIP?.(pod, st.ip);
      st.ip = undefined;
    }
    this.publishStatus(st, true);
    if (pod.metadata.deletionTimestamp) await this.runtime.removePod(pod.metadata.uid ?? '', { deleteFiles: true });
  }
}
