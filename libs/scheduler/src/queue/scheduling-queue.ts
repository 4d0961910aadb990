import type { Pod } from '@kubesim/api';
import { ClusterEvent } from '../framework/events.js';
import { podKey, podPriority, podRef } from '../framework/types.js';
import { defaultPlugins } from '../plugins/registry.js';
import { realClock, type Clock } from '../util/clock.js';
import { KeyedHeap } from './heap.js';

/** A pod waiting in the scheduling queue (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  pod: Pod;
  /** When the pod was last (re)queued: orders equal-priority pods and starts the backoff. */
  timestamp: number;
  /** When the pod was first popped; undefined until then. */
  initialAttemptTimestamp?: number;
  /** Number of times the pod was popped for scheduling. */
  attempts: number;
  /** Scheduling attempts that ended in a rejection by some plugin. */
  unschedulableCount: number;
  /** Consecutive attempts that ended in an error (no rejecting plugin). */
  consecutiveErrorsCount: number;
  /**
   * The plugins that rejected the pod in its last attempt (Diagnosis.unschedulablePlugins). Set it
   * before `addUnschedulableIfNotPresent`: it decides which cluster events can move the pod.
   * Empty means "failed with an error", which is retried after backoff.
   */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Cached backoff expiry, cleared when the pod is popped or requeued. */
  backoffExpiration?: number;
}

export interface SchedulingQueueOptions {
  clock?: Clock;
  /** podInitialBackoffSeconds (1 s). */
  podInitialBackoffMs?: number;
  /** podMaxBackoffSeconds (10 s). */
  podMaxBackoffMs?: number;
  /** How long a pod may sit in the unschedulable pool before a flush retries it (5 min). */
  podMaxInUnschedulablePodsDurationMs?: number;
  /**
   * Plugin -> the cluster events that may make a pod it rejected schedulable (simplified
   * QueueingHints: every registered event answers "Queue"). A rejecting plugin missing from the
   * map is treated as interested in every event, as Kubernetes treats plugins without
   * EnqueueExtensions. Default: the events of the default profile's plugins.
   */
  queueingHints?: ReadonlyMap<string, readonly ClusterEvent[]>;
  /**
   * SchedulerPopFromBackoffQ (beta, on by default in 1.33): when activeQ is empty, pop() takes
   * the best pod from the backoff queue instead of waiting (never a pod that failed with an error).
   * Also aligns backoff expiries down to `backoffOrderingWindowMs` (1 s) windows, as 1.33 does.
   */
  popFromBackoffQ?: boolean;
  backoffOrderingWindowMs?: number;
}

/** Thrown by pop() once the queue is closed. */
export class QueueClosedError extends Error {
  constructor() {
    super('scheduling queue is closed');
    this.name = 'QueueClosedError';
  }
}

export interface PendingPodsSizes {
  active: number;
  backoff: number;
  unschedulable: number;
  /** Scheduling gates are not modelled: always 0. */
  gated: number;
}

type Strategy = 'skip' | 'afterBackoff';

interface Entry {
  info: QueuedPodInfo;
  seq: number;
}

interface Waiter {
  resolve(p: QueuedPodInfo): void;
  reject(e: unknown): void;
  cleanup(): void;
}

interface InFlight {
  cycle: number;
  /** The latest version of the pod if it was updated while being scheduled. */
  updatedPod?: Pod;
}

export function defaultQueueingHints(): Map<string, readonly ClusterEvent[]> {
  const m = new Map<string, readonly ClusterEvent[]>();
  for (const { plugin } of defaultPlugins()) m.set(plugin.name, plugin.events ?? []);
  return m;
}

/** isPodUpdated: a change other than status, resourceVersion, generation, managedFields, finalizers. */
function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, finalizers: _f, ...meta } = p.metadata;
    return JSON.stringify({ ...p, metadata: meta, status: undefined });
  };
  return strip(oldPod) !== strip(newPod);
}

/**
 * The scheduling queue of internal/queue (PriorityQueue):
 *
 * - activeQ: pods ready to be tried, highest priority first, then earliest queue timestamp;
 * - backoffQ: pods that failed and wait out an exponential backoff (1 s doubling per attempt, at
 *   most 10 s, counted from the requeue timestamp) before going back to activeQ;
 * - unschedulablePods: pods no plugin-registered event has made schedulable yet; a matching
 *   cluster event (moveAllToActiveOrBackoffQueue) or the 5-minute leftover flush moves them.
 *
 * pop() is async and waits for a pod (abortable). Pods are "in flight" between pop() and
 * addUnschedulableIfNotPresent()/done(); cluster events that arrive meanwhile are remembered, so
 * a pod whose failure an in-flight event may already have fixed is requeued instead of parked.
 * The flush functions (flushBackoffQCompleted, flushUnschedulablePodsLeftover) read the injected
 * clock; run() calls them periodically (every 1 s and 30 s) for production use.
 */
export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly hints: ReadonlyMap<string, readonly ClusterEvent[]>;
  private readonly popFromBackoffQ: boolean;
  private readonly window: number;

  /** A heap in `less` order, so that pop is O(log n) however long the backlog. */
  private readonly activeQ = new KeyedHeap<Entry>((a, b) => this.less(a, b) < 0);
  private readonly backoffQ = new Map<string, Entry>();
  private readonly errorBackoffQ = new Map<string, Entry>();
  private readonly unschedulablePods = new Map<string, Entry>();
  private readonly inFlight = new Map<string, InFlight>();
  private inFlightEvents: Array<{ cycle: number; event: ClusterEvent }> = [];
  private waiters: Waiter[] = [];
  private seq = 0;
  private cycle = 0;
  private closed = false;
  private timers: Array<ReturnType<typeof setInterval>> = [];

  constructor(opts: SchedulingQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxInUnschedulable = opts.podMaxInUnschedulablePodsDurationMs ?? 5 * 60 * 1000;
    this.hints = opts.queueingHints ?? defaultQueueingHints();
    this.popFromBackoffQ = opts.popFromBackoffQ ?? true;
    this.window = opts.backoffOrderingWindowMs ?? 1000;
  }

  // ------------------------------------------------------------------ adding and popping

  /** A new pending pod: straight to activeQ (out of any other queue it might be in). */
  add(pod: Pod): void {
    const key = podKey(pod);
    this.backoffQ.delete(key);
    this.errorBackoffQ.delete(key);
    this.unschedulablePods.delete(key);
    const existing = this.activeQ.get(key);
    if (existing) {
      existing.info.pod = pod;
      this.activeQ.fix(key); // the priority may have changed
      return;
    }
    this.putActive(this.newQueuedPodInfo(pod));
    this.dispatch();
  }

  /**
   * Waits for the next pod to schedule and marks it in flight. Rejects with the signal's reason
   * when aborted and with QueueClosedError once the queue is closed.
   */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const ready = this.tryPop();
    if (ready) return Promise.resolve(ready);
    return new Promise<QueuedPodInfo>((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** The scheduling cycle counter: incremented by every pop. */
  schedulingCycle(): number {
    return this.cycle;
  }

  /** Ends the in-flight state of a pod that was scheduled (or given up on) without requeueing. */
  done(pod: Pod | string): void {
    this.inFlight.delete(typeof pod === 'string' ? pod : podKey(pod));
    this.pruneInFlightEvents();
  }

  /**
   * Requeues a pod whose scheduling attempt failed. Where it goes:
   *   no rejecting plugin (an error), or the pod was updated while in flight, or a cluster event
   *   one of its rejecting plugins registered happened since cycle `podSchedulingCycle` began:
   *     backoffQ while still backing off, else activeQ;
   *   otherwise: the unschedulable pool.
   * Throws if the pod is already queued, with Kubernetes' messages.
   */
  addUnschedulableIfNotPresent(pInfo: QueuedPodInfo, podSchedulingCycle?: number): void {
    const key = podKey(pInfo.pod);
    const ref = podRef(pInfo.pod);
    if (this.unschedulablePods.has(key)) throw new Error(`Pod ${ref} is already present in unschedulable queue`);
    if (this.activeQ.has(key)) throw new Error(`Pod ${ref} is already present in the active queue`);
    if (this.backoffQ.has(key) || this.errorBackoffQ.has(key)) {
      throw new Error(`Pod ${ref} is already present in the backoff queue`);
    }
    const flight = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (flight?.updatedPod) pInfo.pod = flight.updatedPod;

    if (pInfo.unschedulablePlugins.size === 0 && pInfo.pendingPlugins.size === 0) {
      pInfo.consecutiveErrorsCount++;
    } else {
      pInfo.unschedulableCount++;
      pInfo.consecutiveErrorsCount = 0;
    }
    pInfo.timestamp = this.clock.now();
    pInfo.backoffExpiration = undefined;

    const cycle = podSchedulingCycle ?? flight?.cycle ?? this.cycle;
    const strategy = this.hintForInFlightPod(pInfo, cycle, flight?.updatedPod !== undefined);
    this.requeue(pInfo, strategy);
    this.pruneInFlightEvents();
    this.dispatch();
  }

  // ------------------------------------------------------------------ cluster events

  /**
   * A cluster event happened: pods in the unschedulable pool rejected by a plugin that registered
   * the event go to backoffQ (still backing off) or activeQ. `preCheck` can veto individual pods.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, preCheck?: (pod: Pod) => boolean): void {
    if (this.inFlight.size > 0) this.inFlightEvents.push({ cycle: this.cycle, event });
    const moving: QueuedPodInfo[] = [];
    for (const { info } of this.sorted(this.unschedulablePods)) {
      if (preCheck && !preCheck(info.pod)) continue;
      if (this.isPodWorthRequeuing(info, event) === 'skip') continue;
      moving.push(info);
    }
    this.movePods(moving);
  }

  /** A pending pod changed (informer update). */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const active = this.activeQ.get(key);
    if (active) {
      active.info.pod = newPod;
      this.activeQ.fix(key);
      return;
    }
    for (const q of [this.backoffQ, this.errorBackoffQ]) {
      const e = q.get(key);
      if (e) {
        e.info.pod = newPod;
        return;
      }
    }
    const u = this.unschedulablePods.get(key);
    if (u) {
      u.info.pod = newPod;
      if (isPodUpdated(oldPod, newPod)) {
        this.unschedulablePods.delete(key);
        this.requeue(u.info, 'afterBackoff');
        this.dispatch();
      }
      return;
    }
    const flight = this.inFlight.get(key);
    if (flight) {
      if (isPodUpdated(oldPod, newPod)) flight.updatedPod = newPod;
      return;
    }
    this.putActive(this.newQueuedPodInfo(newPod));
    this.dispatch();
  }

  /** The pod was deleted or bound: forget it everywhere. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.errorBackoffQ.delete(key);
    this.unschedulablePods.delete(key);
    this.inFlight.delete(key);
    this.pruneInFlightEvents();
  }

  // ------------------------------------------------------------------ periodic flushes

  /** Moves every pod whose backoff has expired (per the injected clock) to activeQ. */
  flushBackoffQCompleted(): void {
    let moved = false;
    for (const q of [this.backoffQ, this.errorBackoffQ]) {
      for (const e of this.sortedBackoff(q)) {
        if (this.isPodBackingoff(e.info)) break;
        q.delete(podKey(e.info.pod));
        this.putActive(e.info);
        moved = true;
      }
    }
    if (moved) this.dispatch();
  }

  /** Retries pods that have been in the unschedulable pool for longer than the maximum (5 min). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale = this.sorted(this.unschedulablePods)
      .filter(({ info }) => now - info.timestamp > this.maxInUnschedulable)
      .map((e) => e.info);
    this.movePods(stale);
  }

  /** Starts the periodic flushes (1 s backoff flush, 30 s leftover flush). */
  run(): void {
    if (this.timers.length > 0 || this.closed) return;
    const t1 = setInterval(() => this.flushBackoffQCompleted(), 1000);
    const t2 = setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000);
    t1.unref?.();
    t2.unref?.();
    this.timers.push(t1, t2);
  }

  /** Stops the flushes and fails every waiting and future pop() with QueueClosedError. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w.cleanup();
      w.reject(new QueueClosedError());
    }
  }

  // ------------------------------------------------------------------ introspection

  /** Queue sizes for the pending_pods metric (queue="active" | "backoff" | "unschedulable" | "gated"). */
  pendingPods(): PendingPodsSizes {
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size + this.errorBackoffQ.size,
      unschedulable: this.unschedulablePods.size,
      gated: 0,
    };
  }

  /** All queued pods and Kubernetes' summary line "activeQ:N; backoffQ:N; unschedulablePods:N". */
  pendingPodList(): { pods: Pod[]; summary: string } {
    const s = this.pendingPods();
    const pods = [this.activeQ, this.backoffQ, this.errorBackoffQ, this.unschedulablePods].flatMap((q) =>
      [...q.values()].map((e) => e.info.pod),
    );
    return { pods, summary: `activeQ:${s.active}; backoffQ:${s.backoff}; unschedulablePods:${s.unschedulable}` };
  }

  /** Which queue holds the pod, if any ('inFlight' between pop and requeue/done). */
  where(pod: Pod | string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    const key = typeof pod === 'string' ? pod : podKey(pod);
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key) || this.errorBackoffQ.has(key)) return 'backoff';
    if (this.unschedulablePods.has(key)) return 'unschedulable';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }

  /** When the pod's backoff ends (0: no backoff), per the exponential rule and 1.33's windows. */
  getBackoffTime(pInfo: QueuedPodInfo): number {
    if (pInfo.attempts === 0) return 0;
    if (pInfo.backoffExpiration === undefined) {
      pInfo.backoffExpiration = this.alignToWindow(pInfo.timestamp + this.calculateBackoffDuration(pInfo.attempts));
    }
    return pInfo.backoffExpiration;
  }

  /** initial × 2^(attempts-1), capped at the maximum. */
  calculateBackoffDuration(attempts: number): number {
    if (attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  isPodBackingoff(pInfo: QueuedPodInfo): boolean {
    return this.getBackoffTime(pInfo) > this.clock.now();
  }

  // ------------------------------------------------------------------ internals

  private newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return {
      pod,
      timestamp: this.clock.now(),
      attempts: 0,
      unschedulableCount: 0,
      consecutiveErrorsCount: 0,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
    };
  }

  private alignToWindow(t: number): number {
    if (!this.popFromBackoffQ || this.window <= 0) return t;
    return Math.floor(t / this.window) * this.window;
  }

  private putActive(info: QueuedPodInfo): void {
    this.activeQ.set(podKey(info.pod), { info, seq: this.seq++ });
  }

  private isErrorPod(info: QueuedPodInfo): boolean {
    return info.unschedulablePlugins.size === 0 && info.pendingPlugins.size === 0;
  }

  private requeue(info: QueuedPodInfo, strategy: Strategy): void {
    const key = podKey(info.pod);
    if (strategy === 'skip') {
      this.unschedulablePods.set(key, { info, seq: this.seq++ });
      return;
    }
    if (this.isPodBackingoff(info)) {
      (this.isErrorPod(info) ? this.errorBackoffQ : this.backoffQ).set(key, { info, seq: this.seq++ });
      return;
    }
    this.putActive(info);
  }

  private movePods(infos: readonly QueuedPodInfo[]): void {
    if (infos.length === 0) return;
    for (const info of infos) {
      this.unschedulablePods.delete(podKey(info.pod));
      this.requeue(info, 'afterBackoff');
    }
    this.dispatch();
  }

  private isPodWorthRequeuing(info: QueuedPodInfo, event: ClusterEvent): Strategy {
    const rejectors = new Set([...info.unschedulablePlugins, ...info.pendingPlugins]);
    if (rejectors.size === 0) return 'afterBackoff';
    if (event === ClusterEvent.WildCard || event === ClusterEvent.UnschedulableTimeout) return 'afterBackoff';
    for (const plugin of rejectors) {
      const events = this.hints.get(plugin);
      if (events === undefined || events.includes(event)) return 'afterBackoff';
    }
    return 'skip';
  }

  private hintForInFlightPod(info: QueuedPodInfo, cycle: number, updated: boolean): Strategy {
    if (info.unschedulablePlugins.size === 0 && info.pendingPlugins.size === 0) return 'afterBackoff';
    if (updated) return 'afterBackoff';
    for (const e of this.inFlightEvents) {
      if (e.cycle >= cycle && this.isPodWorthRequeuing(info, e.event) === 'afterBackoff') return 'afterBackoff';
    }
    return 'skip';
  }

  private pruneInFlightEvents(): void {
    if (this.inFlightEvents.length === 0) return;
    if (this.inFlight.size === 0) {
      this.inFlightEvents = [];
      return;
    }
    let oldest = Infinity;
    for (const f of this.inFlight.values()) if (f.cycle < oldest) oldest = f.cycle;
    this.inFlightEvents = this.inFlightEvents.filter((e) => e.cycle >= oldest);
  }

  /** activeQ order: higher priority, then earlier timestamp, then FIFO. */
  private less(a: Entry, b: Entry): number {
    return (
      podPriority(b.info.pod) - podPriority(a.info.pod) || a.info.timestamp - b.info.timestamp || a.seq - b.seq
    );
  }

  private sorted(q: Map<string, Entry>): Entry[] {
    return [...q.values()].sort((a, b) => this.less(a, b));
  }

  /** backoffQ order: earlier backoff window first, then activeQ order within a window. */
  private sortedBackoff(q: Map<string, Entry>): Entry[] {
    return [...q.values()].sort(
      (a, b) => this.getBackoffTime(a.info) - this.getBackoffTime(b.info) || this.less(a, b),
    );
  }

  private tryPop(): QueuedPodInfo | undefined {
    let best: Entry | undefined;
    let from: Map<string, Entry> | undefined;
    best = this.activeQ.pop();
    if (!best && this.popFromBackoffQ && this.backoffQ.size > 0) {
      best = this.sortedBackoff(this.backoffQ)[0];
      from = this.backoffQ;
    }
    if (!best) return undefined;
    const info = best.info;
    const key = podKey(info.pod);
    from?.delete(key);
    info.attempts++;
    info.backoffExpiration = undefined;
    info.initialAttemptTimestamp ??= this.clock.now();
    this.cycle++;
    this.inFlight.set(key, { cycle: this.cycle });
    return info;
  }

  private dispatch(): void {
    while (this.waiters.length > 0) {
      const info = this.tryPop();
      if (!info) return;
      const w = this.waiters.shift() as Waiter;
      w.cleanup();
      w.resolve(info);
    }
  }
}
