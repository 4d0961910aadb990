import type { Pod } from '@kubesim/api';
import { type Clock, type TimerHandle, realClock } from '../clock.js';

/** kubetypes.SyncPodType. */
export type UpdateType = 'create' | 'update' | 'sync' | 'kill';

/** PodWorkerState: what a pod's worker is doing. */
export type WorkType = 'sync' | 'terminating' | 'terminated';

export interface KillPodOptions {
  /** A shorter grace period (eviction); the grace period only ever decreases. */
  podTerminationGracePeriodSecondsOverride?: number;
}

export interface UpdatePodOptions {
  updateType: UpdateType;
  pod: Pod;
  killPodOptions?: KillPodOptions;
}

export interface SyncInfo {
  workType: WorkType;
  updateType: UpdateType;
  /** For terminating work: the grace period to stop the containers with. */
  gracePeriodSeconds?: number;
}

/**
 * The caller's sync function, called serially per pod with the latest pod:
 *   sync        – make the pod run; return { isTerminal: true } once it will never run again
 *                 (all containers done under its restartPolicy) to move it to terminating;
 *   terminating – stop every container within `gracePeriodSeconds`;
 *   terminated  – clean up (volumes, final status).
 * `signal` aborts a sync that became obsolete (the pod started terminating, or its grace period
 * was shortened). A throw is retried after the back-off period.
 */
export type SyncPodFn = (pod: Pod, signal: AbortSignal, info: SyncInfo) => Promise<{ isTerminal?: boolean } | void>;

export interface PodWorkersOptions {
  sync: SyncPodFn;
  clock?: Clock;
  /** Resync of a pod whose sync succeeded (the kubelet's 1 min ± jitter); 0 disables. */
  resyncIntervalMs?: number;
  /** Retry delay after a failed sync (the kubelet's workerBackOffPeriod, 10 s). */
  backOffPeriodMs?: number;
  /** Called after every sync, for tests and metrics. */
  onSyncDone?: (uid: string, info: SyncInfo, error?: unknown) => void;
}

interface PodSyncStatus {
  pod: Pod;
  working: boolean;
  pending?: UpdatePodOptions;
  active?: { options: UpdatePodOptions; abort: AbortController; workType: WorkType };
  syncedAt?: number;
  startedAt?: number;
  terminatingAt?: number;
  terminatedAt?: number;
  gracePeriod: number;
  deleted: boolean;
  finished: boolean;
  requeue?: TimerHandle;
  idle: (() => void)[];
}

/**
 * pod_workers.go: one serial worker per pod UID. UpdatePod records the latest update (older pending
 * ones are dropped), moves the pod to terminating when it is deleted, terminal or killed, keeps the
 * grace period from ever increasing, and aborts an in-flight sync that termination made obsolete.
 * After terminating, the worker runs the terminated step once, then the pod is finished; a
 * finished UID never runs again (until forgotten by syncKnownPods).
 */
export class PodWorkers {
  private readonly pods = new Map<string, PodSyncStatus>();
  private readonly clock: Clock;
  private readonly resyncMs: number;
  private readonly backOffMs: number;

  constructor(private readonly opts: PodWorkersOptions) {
    this.clock = opts.clock ?? realClock;
    this.resyncMs = opts.resyncIntervalMs ?? 60_000;
    this.backOffMs = opts.backOffPeriodMs ?? 10_000;
  }

  updatePod(options: UpdatePodOptions): void {
    const pod = options.pod;
    const uid = pod.metadata.uid ?? '';
    const now = this.clock.now();
    let status = this.pods.get(uid);
    if (!status) {
      status = { pod, working: false, gracePeriod: 0, deleted: false, finished: false, idle: [] };
      this.pods.set(uid, status);
    }
    if (status.terminatedAt !== undefined && options.updateType !== 'kill') {
      // Once terminated, a UID never syncs again; only keep the latest object.
      status.pod = pod;
      return;
    }
    if (status.finished) return;

    let becameTerminating = false;
    if (status.terminatingAt === undefined) {
      const phase = pod.status?.phase;
      if (pod.metadata.deletionTimestamp) {
        status.deleted = true;
        status.terminatingAt = now;
        becameTerminating = true;
      } else if (phase === 'Failed' || phase === 'Succeeded') {
        status.terminatingAt = now;
        becameTerminating = true;
      } else if (options.updateType === 'kill') {
        status.terminatingAt = now;
        becameTerminating = true;
      }
    } else if (pod.metadata.deletionTimestamp) {
      status.deleted = true;
    }

    let gracePeriodShortened = false;
    if (status.terminatingAt !== undefined) {
      const [grace, shortened] = effectiveGracePeriod(status.gracePeriod, pod, options.killPodOptions);
      status.gracePeriod = grace;
      gracePeriodShortened = shortened;
    }
    status.pod = pod;
    status.pending = options;
    status.requeue?.cancel();
    status.requeue = undefined;

    // A termination (or a shorter grace period) makes the running sync obsolete.
    if ((becameTerminating || gracePeriodShortened) && status.active) {
      if (status.active.workType === 'sync' || gracePeriodShortened) status.active.abort.abort();
    }
    if (!status.working) void this.run(uid, status);
  }

  private workType(s: PodSyncStatus): WorkType {
    if (s.terminatedAt !== undefined) return 'terminated';
    if (s.terminatingAt !== undefined) return 'terminating';
    return 'sync';
  }

  private async run(uid: string, status: PodSyncStatus): Promise<void> {
    status.working = true;
    try {
      while (status.pending && !status.finished) {
        const options = status.pending;
        status.pending = undefined;
        const workType = this.workType(status);
        const abort = new AbortController();
        status.active = { options, abort, workType };
        const info: SyncInfo = { workType, updateType: options.updateType };
        if (workType === 'terminating') info.gracePeriodSeconds = status.gracePeriod;
        if (status.startedAt === undefined && workType === 'sync') status.startedAt = this.clock.now();
        let error: unknown;
        let result: { isTerminal?: boolean } | void = undefined;
        try {
          result = await this.opts.sync(status.pod, abort.signal, info);
        } catch (e) {
          error = e;
        }
        status.active = undefined;
        status.syncedAt = this.clock.now();
        this.opts.onSyncDone?.(uid, info, error);

        if (abort.signal.aborted) {
          // Superseded: the pending update (already queued) carries on.
          if (!status.pending) status.pending = { updateType: 'sync', pod: status.pod };
          continue;
        }
        if (error !== undefined) {
          if (!status.pending) this.requeue(uid, status, this.backOffMs);
          continue;
        }
        switch (workType) {
          case 'sync':
            if (result && result.isTerminal && status.terminatingAt === undefined) {
              status.terminatingAt = this.clock.now();
              const [grace] = effectiveGracePeriod(status.gracePeriod, status.pod, undefined);
              status.gracePeriod = grace;
              status.pending ??= { updateType: 'sync', pod: status.pod };
            } else if (!status.pending && this.resyncMs > 0) {
              this.requeue(uid, status, this.resyncMs);
            }
            break;
          case 'terminating':
            status.terminatedAt = this.clock.now();
            status.pending ??= { updateType: 'sync', pod: status.pod };
            break;
          case 'terminated':
            status.finished = true;
            status.pending = undefined;
            break;
        }
      }
    } finally {
      status.working = false;
      const waiters = status.idle.splice(0);
      for (const w of waiters) w();
    }
  }

  private requeue(uid: string, status: PodSyncStatus, ms: number): void {
    status.requeue?.cancel();
    status.requeue = this.clock.setTimer(ms, () => {
      status.requeue = undefined;
      if (this.pods.get(uid) !== status || status.finished) return;
      this.updatePod({ updateType: 'sync', pod: status.pod });
    });
  }

  /** Resolves when the pod's worker has nothing in flight. */
  whenIdle(uid: string): Promise<void> {
    const s = this.pods.get(uid);
    if (!s || (!s.working && !s.pending)) return Promise.resolve();
    return new Promise((r) => s.idle.push(r));
  }

  /** The pod's current work state, or undefined if unknown. */
  state(uid: string): WorkType | 'finished' | undefined {
    const s = this.pods.get(uid);
    if (!s) return undefined;
    if (s.finished) return 'finished';
    return this.workType(s);
  }

  isPodTerminationRequested(uid: string): boolean {
    return this.pods.get(uid)?.terminatingAt !== undefined;
  }

  isPodKnownTerminated(uid: string): boolean {
    return this.pods.get(uid)?.terminatedAt !== undefined;
  }

  /** Whether containers of the pod may still be running (not yet through terminating). */
  couldHaveRunningContainers(uid: string): boolean {
    const s = this.pods.get(uid);
    return s !== undefined && s.terminatedAt === undefined;
  }

  /** The pod is finished and was deleted: its status can be removed from the API. */
  shouldPodBeFinished(uid: string): boolean {
    const s = this.pods.get(uid);
    return !!s && s.finished;
  }

  isPodDeleted(uid: string): boolean {
    return !!this.pods.get(uid)?.deleted;
  }

  /** SyncKnownPods: forgets finished workers of pods no longer desired; returns the known UIDs' states. */
  syncKnownPods(desired: Set<string>): Map<string, WorkType | 'finished'> {
    const out = new Map<string, WorkType | 'finished'>();
    for (const [uid, s] of this.pods) {
      if (!desired.has(uid) && s.finished && !s.working) {
        s.requeue?.cancel();
        this.pods.delete(uid);
        continue;
      }
      out.set(uid, s.finished ? 'finished' : this.workType(s));
    }
    return out;
  }

  /** Cancels every requeue timer (for shutdown). */
  stop(): void {
    for (const s of this.pods.values()) {
      s.requeue?.cancel();
      s.active?.abort.abort();
    }
  }
}

/** calculateEffectiveGracePeriod: the grace period may only decrease; at least 1 s. */
export function effectiveGracePeriod(current: number, pod: Pod, opts: KillPodOptions | undefined): [number, boolean] {
  let grace = current;
  const fromAPI = pod.metadata.deletionGracePeriodSeconds;
  if (fromAPI !== undefined && (grace === 0 || fromAPI < grace)) grace = fromAPI;
  const override = opts?.podTerminationGracePeriodSecondsOverride;
  if (override !== undefined && (grace === 0 || override < grace)) grace = override;
  if (grace === 0) grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  if (grace < 1) grace = 1;
  return [grace, current !== 0 && current !== grace];
}
