import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PendingPodsSizes } from '../queue/scheduling-queue.js';

/** Result label of an attempt, as kube-scheduler's metrics use it. */
export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];

/**
 * The scheduler's Prometheus metrics, named as kube-scheduler names them where it has them:
 *
 * - scheduler_schedule_attempts_total{result, profile}: scheduling cycles by outcome (a failed
 *   bind counts as error);
 * - scheduler_scheduling_attempt_duration_seconds{result, profile}: the scheduling cycle (snapshot,
 *   filter, score, assume), binding excluded;
 * - scheduler_e2e_scheduling_duration_seconds{result, profile}: from the start of the attempt to the
 *   end of the bind (kube-scheduler's former e2e metric);
 * - scheduler_pod_scheduling_sli_duration_seconds: from the pod entering the queue to bound;
 * - scheduler_framework_extension_point_duration_seconds{extension_point="Bind", status, profile};
 * - scheduler_pending_pods{queue="active"|"backoff"|"unschedulable"|"gated"}: read at scrape time;
 * - leader_election_master_status{name}: 1 while this instance leads;
 * - kubesim_scheduler_queue_wait_duration_seconds: how long a pod waited in activeQ/backoffQ
 *   before the attempt that placed it (kubesim's own, for the throughput benchmark);
 * - kubesim_scheduler_bind_failures_total{reason}: binds the apiserver rejected (Conflict means the
 *   pod was already bound or is being deleted).
 */
export class SchedulerMetrics {
  readonly registry = new Registry();
  readonly scheduleAttempts: Counter<'result' | 'profile'>;
  readonly attemptDuration: Histogram<'result' | 'profile'>;
  readonly e2eDuration: Histogram<'result' | 'profile'>;
  readonly sliDuration: Histogram;
  readonly extensionPointDuration: Histogram<'extension_point' | 'status' | 'profile'>;
  readonly queueWait: Histogram;
  readonly bindFailures: Counter<'reason'>;
  readonly leaderStatus: Gauge<'name'>;
  private pending: () => PendingPodsSizes = () => ({ active: 0, backoff: 0, unschedulable: 0, gated: 0 });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.scheduleAttempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result. unschedulable means a pod could not be scheduled, while error means an internal scheduler problem.',
      labelNames: ['result', 'profile'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.e2eDuration = new Histogram({
      name: 'scheduler_e2e_scheduling_duration_seconds',
      help: 'E2e scheduling latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sliDuration = new Histogram({
      name: 'scheduler_pod_scheduling_sli_duration_seconds',
      help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue until it is bound.',
      buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84],
      registers,
    });
    this.extensionPointDuration = new Histogram({
      name: 'scheduler_framework_extension_point_duration_seconds',
      help: 'Latency for running all plugins of a specific extension point.',
      labelNames: ['extension_point', 'status', 'profile'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.queueWait = new Histogram({
      name: 'kubesim_scheduler_queue_wait_duration_seconds',
      help: 'How long a pod waited in the scheduling queue before the attempt that scheduled it.',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 60],
      registers,
    });
    this.bindFailures = new Counter({
      name: 'kubesim_scheduler_bind_failures_total',
      help: 'Binds the apiserver rejected, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.leaderStatus = new Gauge({
      name: 'leader_election_master_status',
      help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
      labelNames: ['name'],
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'scheduler_pending_pods',
      help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      labelNames: ['queue'],
      registers,
      collect() {
        const s = self.pending();
        this.set({ queue: 'active' }, s.active);
        this.set({ queue: 'backoff' }, s.backoff);
        this.set({ queue: 'unschedulable' }, s.unschedulable);
        this.set({ queue: 'gated' }, s.gated);
      },
    });
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Where scheduler_pending_pods reads the queue sizes from. */
  setPendingPodsSource(fn: () => PendingPodsSizes): void {
    this.pending = fn;
  }
}
