import {
  isConflict,
  isNotFound,
  type Binding,
  type Node,
  type ObjectReference,
  type Pod,
  type PodCondition,
} from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import {
  filteringHandler,
  listWatchFromClient,
  SharedIndexInformer,
  unwrapTombstone,
  waitForCacheSync,
  type InformerLogger,
} from '@kubesim/informers';
import { SchedulerCache } from '../cache/cache.js';
import { ClusterEvent, nodeUpdateEvents } from '../framework/events.js';
import { FitError, NoNodesAvailableError } from '../framework/fit-error.js';
import type { Framework, ScheduleResult } from '../framework/framework.js';
import { ANNOTATION_PREFIX, traceAnnotations, type DecisionTrace } from '../framework/trace.js';
import { isTerminalPod, podRef } from '../framework/types.js';
import { newDefaultFramework } from '../plugins/registry.js';
import { SchedulingQueue, type QueuedPodInfo } from '../queue/scheduling-queue.js';
import { realClock, type Clock } from '../util/clock.js';
import { EventRecorder } from './event-recorder.js';
import { SchedulerMetrics, type AttemptResult } from './metrics.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerLogger extends InformerLogger {
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  client: Clientset;
  /** Pods with this spec.schedulerName are ours; also the profile name in metrics and events. */
  schedulerName?: string;
  framework?: Framework;
  /** Write the decision-trace annotations (default true). */
  decisionTrace?: boolean;
  /** reportingInstance of events. */
  instance?: string;
  /** Bindings in flight at once (default 64); the scheduling loop waits for a free slot. */
  parallelBinds?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  metrics?: SchedulerMetrics;
  log?: SchedulerLogger;
  clock?: Clock;
}

const quiet: SchedulerLogger = { warn() {}, info() {}, debug() {}, error() {} };

/** A counting semaphore whose acquire cannot be cancelled (bindings always finish). */
class Slots {
  private free: number;
  private waiters: Array<() => void> = [];
  constructor(n: number) {
    this.free = n;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const w = this.waiters.shift();
    if (w) w();
    else this.free++;
  }
}

function assignedPod(p: Pod): boolean {
  return Boolean(p.spec?.nodeName);
}

function podObjectRef(pod: Pod): ObjectReference {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    apiVersion: 'v1',
    ...(pod.metadata.resourceVersion ? { resourceVersion: pod.metadata.resourceVersion } : {}),
  };
}

/** Same keys and values (the trace annotations already on a pod). */
function sameAnnotations(pod: Pod, want: Record<string, string>): boolean {
  const have = pod.metadata.annotations ?? {};
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

/** `oldPod` carrying `newPod`'s decision-trace annotations. */
function withTraceOf(oldPod: Pod, newPod: Pod): Pod {
  const traced = Object.entries(newPod.metadata.annotations ?? {}).filter(([k]) => k.startsWith(ANNOTATION_PREFIX));
  const before = oldPod.metadata.annotations ?? {};
  const kept = Object.entries(before).filter(([k]) => !k.startsWith(ANNOTATION_PREFIX));
  const annotations = Object.fromEntries([...kept, ...traced]);
  return { ...oldPod, metadata: { ...oldPod.metadata, ...(Object.keys(annotations).length || oldPod.metadata.annotations ? { annotations } : {}) } };
}

/**
 * kube-scheduler's Scheduler (pkg/scheduler/scheduler.go + schedule_one.go), wired to the apiserver:
 *
 * - `start(signal)` runs the pod and node informers (pods: every non-terminal pod; assigned ones feed
 *   the cache, unassigned ones with our schedulerName feed the queue; node changes and freed pods
 *   move unschedulable pods back) and resolves once they have synced. A standby runs this too, so
 *   that it takes over with a warm cache.
 * - `run(signal)` is the scheduling loop of the leader: pop a pod, run Filter/Score on a snapshot of
 *   the cache, assume the pod on the chosen node (so the next decision already counts it), and bind
 *   asynchronously through pods/binding, with the decision trace in the Binding's annotations (the
 *   apiserver copies them onto the pod, so trace and bind are one write). A failed bind forgets the
 *   assumption and requeues the pod. A pod that fits nowhere gets a FailedScheduling event, the
 *   PodScheduled=False/Unschedulable condition and (with tracing) its filter verdicts, and waits in
 *   the unschedulable pool for an event that could help. `run` returns when `signal` aborts, after
 *   the bindings in flight have finished.
 */
export class Scheduler {
  readonly queue: SchedulingQueue;
  readonly cache: SchedulerCache;
  readonly framework: Framework;
  readonly metrics: SchedulerMetrics;
  readonly recorder: EventRecorder;
  readonly podInformer: SharedIndexInformer<Pod>;
  readonly nodeInformer: SharedIndexInformer<Node>;
  readonly schedulerName: string;
  private readonly client: Clientset;
  private readonly decisionTrace: boolean;
  private readonly log: SchedulerLogger;
  private readonly clock: Clock;
  private readonly slots: Slots;
  private readonly inflight = new Set<Promise<void>>();
  private started = false;

  constructor(opts: SchedulerOptions) {
    this.client = opts.client;
    this.schedulerName = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? quiet;
    this.decisionTrace = opts.decisionTrace ?? true;
    this.framework = opts.framework ?? newDefaultFramework({ clock: this.clock });
    this.cache = new SchedulerCache({ clock: this.clock });
    this.queue = new SchedulingQueue({
      clock: this.clock,
      queueingHints: this.framework.queueingHints(),
      ...(opts.podInitialBackoffMs !== undefined ? { podInitialBackoffMs: opts.podInitialBackoffMs } : {}),
      ...(opts.podMaxBackoffMs !== undefined ? { podMaxBackoffMs: opts.podMaxBackoffMs } : {}),
    });
    this.metrics = opts.metrics ?? new SchedulerMetrics();
    this.metrics.setPendingPodsSource(() => this.queue.pendingPods());
    this.recorder = new EventRecorder({
      client: this.client,
      component: this.schedulerName,
      instance: opts.instance ?? this.schedulerName,
      log: this.log,
    });
    this.slots = new Slots(opts.parallelBinds ?? 64);

    this.podInformer = new SharedIndexInformer<Pod>(
      listWatchFromClient(this.client.pods(''), { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' }),
      { name: 'pods', log: this.log },
    );
    this.nodeInformer = new SharedIndexInformer<Node>(listWatchFromClient(this.client.nodes()), { name: 'nodes', log: this.log });
    this.addEventHandlers();
  }

  /** Starts the informers (until `signal` aborts) and resolves true once both have synced. */
  async start(signal: AbortSignal): Promise<boolean> {
    if (this.started) throw new Error('scheduler already started');
    this.started = true;
    void this.podInformer.run(signal);
    void this.nodeInformer.run(signal);
    signal.addEventListener('abort', () => this.queue.close(), { once: true });
    return waitForCacheSync(signal, this.podInformer, this.nodeInformer);
  }

  hasSynced(): boolean {
    return this.podInformer.hasSynced() && this.nodeInformer.hasSynced();
  }

  /** The scheduling loop; returns after `signal` aborts and the bindings in flight are done. */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run();
    const cleanup = setInterval(() => {
      for (const p of this.cache.cleanupAssumedPods()) this.log.warn({ pod: podRef(p) }, 'assumed pod expired');
    }, 1000);
    cleanup.unref?.();
    let n = 0;
    try {
      while (!signal.aborted) {
        let pInfo: QueuedPodInfo;
        try {
          pInfo = await this.queue.pop(signal);
        } catch {
          break; // aborted or closed
        }
        await this.slots.acquire();
        if (signal.aborted) {
          // Lost leadership between pop and schedule: put the pod back for whoever leads next.
          this.slots.release();
          this.queue.done(pInfo.pod);
          this.queue.add(pInfo.pod);
          break;
        }
        this.scheduleOne(pInfo);
        // Let I/O (binding answers, informer events, /metrics) in now and then.
        if (++n % 8 === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      clearInterval(cleanup);
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    }
  }

  /** Waits until the events written so far are stored (tests, shutdown). */
  flushEvents(): Promise<void> {
    return this.recorder.flush();
  }

  // ------------------------------------------------------------------ informer wiring

  private responsibleForPod(p: Pod): boolean {
    return (p.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.schedulerName;
  }

  private addEventHandlers(): void {
    const guard = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (e) {
        this.log.warn({ err: e }, what);
      }
    };
    // Assigned pods: the cache.
    this.podInformer.addEventHandler(
      filteringHandler<Pod>(assignedPod, {
        onAdd: (pod) => guard('cache: add pod', () => this.cache.addPod(pod)),
        onUpdate: (oldPod, newPod) =>
          guard('cache: update pod', () => {
            if (!this.cache.getPod(oldPod) || this.cache.isAssumedPod(oldPod)) this.cache.addPod(newPod);
            else this.cache.updatePod(oldPod, newPod);
          }),
        onDelete: (obj) => {
          const pod = unwrapTombstone(obj);
          guard('cache: remove pod', () => this.cache.removePod(pod));
          this.queue.moveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        },
      }),
    );
    // Unassigned pods for this scheduler: the queue.
    this.podInformer.addEventHandler(
      filteringHandler<Pod>((p) => !assignedPod(p) && this.responsibleForPod(p) && !isTerminalPod(p), {
        onAdd: (pod) => guard('queue: add', () => this.queue.add(pod)),
        onUpdate: (oldPod, newPod) =>
          guard('queue: update', () => {
            if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return;
            if (this.cache.isAssumedPod(newPod)) return; // our own decision is on its way
            // Our own trace annotations are not a change that could make the pod schedulable.
            this.queue.update(withTraceOf(oldPod, newPod), newPod);
          }),
        onDelete: (obj) => guard('queue: delete', () => this.queue.delete(unwrapTombstone(obj))),
      }),
    );
    this.nodeInformer.addEventHandler({
      onAdd: (node) => {
        guard('cache: add node', () => this.cache.addNode(node));
        this.queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
      },
      onUpdate: (oldNode, newNode) => {
        guard('cache: update node', () => this.cache.updateNode(oldNode, newNode));
        for (const ev of nodeUpdateEvents(oldNode, newNode)) this.queue.moveAllToActiveOrBackoffQueue(ev);
      },
      onDelete: (obj) => guard('cache: remove node', () => this.cache.removeNode(unwrapTombstone(obj))),
    });
  }

  // ------------------------------------------------------------------ scheduling cycle

  /** One scheduling cycle (synchronous); the binding cycle it may start runs on its own. */
  private scheduleOne(pInfo: QueuedPodInfo): void {
    const pod = pInfo.pod;
    // skipPodSchedule: a pod being deleted, or one we already assumed, needs no decision.
    if (pod.metadata.deletionTimestamp || this.cache.isAssumedPod(pod)) {
      this.queue.done(pod);
      this.slots.release();
      return;
    }
    const start = performance.now();
    const cycle = this.queue.schedulingCycle();
    const queuedAt = pInfo.timestamp;
    let result: ScheduleResult;
    try {
      result = this.framework.schedule(pod, this.cache.snapshot(), { trace: this.decisionTrace });
    } catch (err) {
      this.slots.release();
      this.recordAttempt(err instanceof FitError || err instanceof NoNodesAvailableError ? 'unschedulable' : 'error', start);
      this.handleSchedulingFailure(pInfo, err, cycle);
      return;
    }
    let assumed: Pod;
    try {
      assumed = this.cache.assumePod(pod, result.suggestedHost);
    } catch (err) {
      this.slots.release();
      this.recordAttempt('error', start);
      this.handleSchedulingFailure(pInfo, err, cycle);
      return;
    }
    this.metrics.attemptDuration.observe({ result: 'scheduled', profile: this.schedulerName }, (performance.now() - start) / 1000);
    this.metrics.queueWait.observe(Math.max(0, this.clock.now() - queuedAt) / 1000);
    const p = this.bindingCycle(pInfo, assumed, result, start, cycle).finally(() => {
      this.slots.release();
      this.inflight.delete(p);
    });
    this.inflight.add(p);
  }

  private recordAttempt(result: AttemptResult, start: number): void {
    const seconds = (performance.now() - start) / 1000;
    this.metrics.scheduleAttempts.inc({ result, profile: this.schedulerName });
    this.metrics.attemptDuration.observe({ result, profile: this.schedulerName }, seconds);
    this.metrics.e2eDuration.observe({ result, profile: this.schedulerName }, seconds);
  }

  private async bindingCycle(pInfo: QueuedPodInfo, assumed: Pod, result: ScheduleResult, start: number, cycle: number): Promise<void> {
    const pod = pInfo.pod;
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const host = result.suggestedHost;
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: {
        name,
        namespace: ns,
        ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
        ...(this.decisionTrace ? { annotations: traceAnnotations(result.trace) } : {}),
      },
      target: { apiVersion: 'v1', kind: 'Node', name: host },
    };
    const bindStart = performance.now();
    try {
      await this.client.pods(ns).bind(binding);
    } catch (err) {
      this.metrics.extensionPointDuration.observe({ extension_point: 'Bind', status: 'Error', profile: this.schedulerName }, (performance.now() - bindStart) / 1000);
      this.metrics.bindFailures.inc({ reason: isConflict(err) ? 'Conflict' : isNotFound(err) ? 'NotFound' : 'Error' });
      this.recordAttempt('error', start);
      try {
        this.cache.forgetPod(assumed);
      } catch (e) {
        this.log.warn({ err: e, pod: podRef(pod) }, 'scheduler cache ForgetPod failed');
      }
      // The forgotten assumption freed room on the node.
      this.queue.moveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
      this.handleSchedulingFailure(pInfo, err, cycle, 'Binding rejected: ');
      return;
    }
    const now = performance.now();
    this.metrics.extensionPointDuration.observe({ extension_point: 'Bind', status: 'Success', profile: this.schedulerName }, (now - bindStart) / 1000);
    this.metrics.scheduleAttempts.inc({ result: 'scheduled', profile: this.schedulerName });
    this.metrics.e2eDuration.observe({ result: 'scheduled', profile: this.schedulerName }, (now - start) / 1000);
    const firstQueued = pInfo.initialAttemptTimestamp !== undefined ? Math.min(pInfo.initialAttemptTimestamp, pInfo.timestamp) : pInfo.timestamp;
    this.metrics.sliDuration.observe(Math.max(0, this.clock.now() - firstQueued) / 1000);
    try {
      this.cache.finishBinding(assumed);
    } catch (e) {
      this.log.warn({ err: e }, 'scheduler cache FinishBinding failed');
    }
    this.queue.done(pod);
    this.log.debug({ pod: podRef(pod), node: host, evaluatedNodes: result.evaluatedNodes, feasibleNodes: result.feasibleNodes }, 'successfully bound pod to node');
    this.recorder.event(podObjectRef(pod), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${ns}/${name} to ${host}`);
  }

  // ------------------------------------------------------------------ failures

  /**
   * handleSchedulingFailure: event, requeue, PodScheduled condition and (with tracing) the
   * filter verdicts. A pod that is gone, or that got bound meanwhile (by another scheduler
   * instance, say), is not requeued.
   */
  private handleSchedulingFailure(pInfo: QueuedPodInfo, err: unknown, cycle: number, prefix = ''): void {
    const pod = pInfo.pod;
    const fit = err instanceof FitError ? err : undefined;
    const rejected = fit !== undefined || err instanceof NoNodesAvailableError;
    const reason = rejected ? 'Unschedulable' : 'SchedulerError';
    const message = `${prefix}${err instanceof Error ? err.message : String(err)}`;
    pInfo.unschedulablePlugins = new Set(fit?.diagnosis.unschedulablePlugins ?? []);
    pInfo.pendingPlugins = new Set(fit?.diagnosis.pendingPlugins ?? []);
    if (!fit) this.log.warn({ err, pod: podRef(pod) }, 'error scheduling pod; retrying');

    const cached = this.podInformer.getStore().getByKey(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
    if (!cached || cached.metadata.uid !== pod.metadata.uid) {
      this.queue.done(pod); // deleted meanwhile
      return;
    }
    if (cached.spec.nodeName) {
      this.queue.done(pod); // assigned meanwhile: nothing to retry, nothing to report
      return;
    }
    pInfo.pod = cached;
    try {
      this.queue.addUnschedulableIfNotPresent(pInfo, cycle);
    } catch (e) {
      this.log.debug({ err: e, pod: podRef(pod) }, 'pod already queued');
    }
    this.recorder.event(podObjectRef(cached), 'Warning', 'FailedScheduling', 'Scheduling', message);
    void this.updatePodAfterFailure(cached, reason, message, fit?.trace);
  }

  /** Writes PodScheduled=False and the trace, each only when it changed (as updatePod does). */
  private async updatePodAfterFailure(pod: Pod, reason: string, message: string, trace: DecisionTrace | undefined): Promise<void> {
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (!cur || cur.status !== 'False' || cur.reason !== reason || cur.message !== message) {
      const cond: PodCondition = {
        type: 'PodScheduled',
        status: 'False',
        lastTransitionTime: cur?.status === 'False' && cur.lastTransitionTime ? cur.lastTransitionTime : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        reason,
        message,
      };
      try {
        await this.client.pods(ns).patchStatus(name, 'strategic', { metadata: { uid: pod.metadata.uid }, status: { conditions: [cond] } });
      } catch (e) {
        if (!isNotFound(e)) this.log.warn({ err: e, pod: podRef(pod) }, 'failed to update pod condition');
      }
    }
    if (this.decisionTrace && trace) {
      const annotations = traceAnnotations(trace);
      if (!sameAnnotations(pod, annotations)) {
        try {
          await this.client.pods(ns).patch(name, 'merge', { metadata: { annotations } });
        } catch (e) {
          if (!isNotFound(e)) this.log.warn({ err: e, pod: podRef(pod) }, 'failed to write decision trace');
        }
      }
    }
  }
}
