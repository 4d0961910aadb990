import type { Container, Pod, PodStatus, Probe, ProbeHandler } from '@kubesim/api';
import { type Clock, type TimerHandle, realClock } from '../clock.js';
import { type ExecRunResult, type ProbeOutcome, type ProbeTarget, probe as defaultProbe } from './probe.js';
import type { Result, ResultsManager } from './results.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** probeType.String(). */
export function probeTypeString(t: ProbeType): 'Liveness' | 'Readiness' | 'Startup' {
  return t === 'liveness' ? 'Liveness' : t === 'readiness' ? 'Readiness' : 'Startup';
}

/** An event recorded against the container (`involvedObject.fieldPath: spec.containers{name}`). */
export interface ContainerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  containerName: string;
}

/** Probe spec with the API defaults applied. */
export interface ProbeSpec extends ProbeHandler {
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export function probeWithDefaults(p: Probe): ProbeSpec {
  return {
    ...p,
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

export interface ProbeWorkerOptions {
  probeType: ProbeType;
  pod: Pod;
  container: Container;
  /** The results manager of this probe type (shared by all workers of that type). */
  results: ResultsManager;
  /** The status manager's view of the pod (pod IP, container IDs, states, started). */
  getPodStatus: () => PodStatus | undefined;
  clock?: Clock;
  /** Runs a probe action; defaults to the real prober. */
  runProbe?: (handler: ProbeHandler, target: ProbeTarget) => Promise<ProbeOutcome>;
  /** ExecSync in a container, for exec probes. */
  exec?: (containerID: string, command: string[], timeoutMs: number) => Promise<ExecRunResult>;
  recordEvent?: (e: ContainerEvent) => void;
}

/** What one step did (for the caller and for tests). */
export interface StepResult {
  /** false: the worker is done (pod terminated, or container will not restart). */
  keepGoing: boolean;
  /** Whether a probe actually ran. */
  probed: boolean;
  /** The mapped result of the probe, when one ran and did not error. */
  result?: Result;
  /** Whether the results manager was set this step (it publishes only on change). */
  published?: boolean;
  /** Events recorded this step. */
  events: ContainerEvent[];
  /**
   * Set when a liveness or startup probe crossed its failure threshold: the container must be
   * killed (and restarted unless restartPolicy is Never). `event` is the kubelet's Killing event.
   */
  kill?: { reason: 'LivenessProbe' | 'StartupProbe'; message: string; event: ContainerEvent };
  /** Set when the probe is not due yet because of initialDelaySeconds: milliseconds until it is. */
  dueInMs?: number;
  /**
   * A failure (or error) of a head-start probe (`step({ headStart: true })`, run right after the
   * container started): not counted, no event – the program may not be listening yet.
   */
  dropped?: boolean;
}

export interface StepOptions {
  /**
   * A head-start probe: a success counts as usual, a failure is dropped (see StepResult.dropped),
   * so no failure counts earlier than the regular schedule would have counted it.
   */
  headStart?: boolean;
}

const MAX_PROBE_RETRIES = 3;

/**
 * pkg/kubelet/prober/worker.go: probes one container periodically and publishes its result once
 * the result has been the same for successThreshold/failureThreshold consecutive probes. `step()`
 * is doProbe; a ProbeRunner (or a test) calls it once per period.
 */
export class ProbeWorker {
  readonly probeType: ProbeType;
  pod: Pod;
  readonly container: Container;
  readonly spec: ProbeSpec;
  private readonly opts: ProbeWorkerOptions;
  private readonly clock: Clock;
  private containerID = '';
  private lastResult: Result = 'unknown';
  private resultRun = 0;
  private onHold = false;
  /** The last step skipped the probe because the container had not started (startup probe) yet. */
  private waitingForStart = false;
  readonly initialValue: Result;

  constructor(opts: ProbeWorkerOptions) {
    this.opts = opts;
    this.probeType = opts.probeType;
    this.pod = opts.pod;
    this.container = opts.container;
    this.clock = opts.clock ?? realClock;
    const raw =
      opts.probeType === 'liveness'
        ? opts.container.livenessProbe
        : opts.probeType === 'readiness'
          ? opts.container.readinessProbe
          : opts.container.startupProbe;
    if (!raw) throw new Error(`container ${opts.container.name} has no ${opts.probeType} probe`);
    this.spec = probeWithDefaults(raw);
    this.initialValue = opts.probeType === 'readiness' ? 'failure' : opts.probeType === 'liveness' ? 'success' : 'unknown';
  }

  /** The worker's pod changed (e.g. a deletionTimestamp was set). */
  updatePod(pod: Pod): void {
    this.pod = pod;
  }

  /** The container ID the worker currently probes. */
  currentContainerID(): string {
    return this.containerID;
  }

  /**
   * Whether `status` shows something this worker should probe at once rather than at its next
   * period: a container instance it has not seen yet is running, or the container it waits on
   * has started.
   */
  wantsProbe(status: PodStatus | undefined): boolean {
    if (!status) return false;
    const c = this.findStatus(status);
    if (!c?.containerID || !c.state?.running) return false;
    if (c.containerID !== this.containerID) return true;
    return this.waitingForStart && !!c.started;
  }

  private findStatus(status: PodStatus) {
    let c = status.containerStatuses?.find((s) => s.name === this.container.name);
    if (!c || !c.containerID) {
      const init = status.initContainerStatuses?.find((s) => s.name === this.container.name);
      if (init?.containerID) c = init;
    }
    return c;
  }

  /** Called when the worker stops: forget the result of its container. */
  cleanup(): void {
    if (this.containerID) this.opts.results.remove(this.containerID);
  }

  /** doProbe: probes the container once and records the result. */
  async step(opts: StepOptions = {}): Promise<StepResult> {
    const events: ContainerEvent[] = [];
    const out = (r: Omit<StepResult, 'events'>): StepResult => ({ ...r, events });
    const status = this.opts.getPodStatus();
    if (!status) return out({ keepGoing: true, probed: false });
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return out({ keepGoing: false, probed: false });

    const c = this.findStatus(status);
    if (!c || !c.containerID) return out({ keepGoing: true, probed: false });
    const uid = this.pod.metadata.uid ?? '';
    if (this.containerID !== c.containerID) {
      if (this.containerID) this.opts.results.remove(this.containerID);
      this.containerID = c.containerID!;
      this.opts.results.set(this.containerID, this.initialValue, uid);
      // A new container: resume probing.
      this.onHold = false;
    }
    if (this.onHold) return out({ keepGoing: true, probed: false });

    if (!c.state?.running) {
      if (this.containerID) this.opts.results.set(this.containerID, 'failure', uid);
      // Abort if the container will not be restarted.
      return out({ keepGoing: !c.state?.terminated || this.pod.spec.restartPolicy !== 'Never', probed: false });
    }

    // Graceful shutdown of the pod.
    if (this.pod.metadata.deletionTimestamp && (this.probeType === 'liveness' || this.probeType === 'startup')) {
      this.opts.results.set(this.containerID, 'success', uid);
      return out({ keepGoing: false, probed: false });
    }

    // Probe disabled for InitialDelaySeconds.
    const startedAt = c.state.running.startedAt ? Date.parse(c.state.running.startedAt) : this.clock.now();
    if (Math.trunc((this.clock.now() - startedAt) / 1000) < this.spec.initialDelaySeconds) {
      return out({ keepGoing: true, probed: false, dueInMs: Math.max(1, startedAt + this.spec.initialDelaySeconds * 1000 - this.clock.now()) });
    }

    this.waitingForStart = false;
    if (c.started) {
      // Stop probing for startup once the container has started (kept for a restarted container).
      if (this.probeType === 'startup') return out({ keepGoing: true, probed: false });
    } else if (this.probeType !== 'startup') {
      // Disable other probes until the container has started.
      this.waitingForStart = true;
      return out({ keepGoing: true, probed: false });
    }

    const { result, error } = await this.runProbe(status, events, !!opts.headStart);
    if (opts.headStart && (error || result === 'failure')) return out({ keepGoing: true, probed: true, dropped: true });
    if (error) {
      // Prober error: throw away the result.
      return out({ keepGoing: true, probed: true });
    }

    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if ((result === 'failure' && this.resultRun < this.spec.failureThreshold) || (result === 'success' && this.resultRun < this.spec.successThreshold)) {
      // Below threshold: leave the probe state unchanged.
      return out({ keepGoing: true, probed: true, result });
    }
    this.opts.results.set(this.containerID, result, uid);

    let kill: StepResult['kill'];
    if ((this.probeType === 'liveness' || this.probeType === 'startup') && result === 'failure') {
      // The container failed its liveness/startup check and will be restarted: stop probing until
      // a new container ID shows up.
      this.onHold = true;
      this.resultRun = 0;
      const restart = this.pod.spec.restartPolicy !== 'Never';
      const what = this.probeType === 'liveness' ? 'liveness' : 'startup';
      const message = `Container ${this.container.name} failed ${what} probe${restart ? ', will be restarted' : ''}`;
      kill = {
        reason: this.probeType === 'liveness' ? 'LivenessProbe' : 'StartupProbe',
        message,
        event: { type: 'Normal', reason: 'Killing', message, containerName: this.container.name },
      };
    }
    return out({ keepGoing: true, probed: true, result, published: true, kill });
  }

  /** prober.probe with runProbeWithRetries: the mapped result and the events it records. */
  private async runProbe(status: PodStatus, events: ContainerEvent[], headStart: boolean): Promise<{ result: Result; error?: string }> {
    const run = this.opts.runProbe ?? defaultProbe;
    const containerID = this.containerID;
    const target: ProbeTarget = {
      podIP: status.podIP ?? '',
      container: this.container,
      timeoutSeconds: this.spec.timeoutSeconds,
      exec: this.opts.exec ? (cmd, timeoutMs) => this.opts.exec!(containerID, cmd, timeoutMs) : undefined,
    };
    let outcome: ProbeOutcome = { result: 'unknown', output: '' };
    for (let i = 0; i < MAX_PROBE_RETRIES; i++) {
      outcome = await run(this.spec, target);
      if (!outcome.error) break;
    }
    const type = probeTypeString(this.probeType);
    const record = (e: Omit<ContainerEvent, 'containerName'>) => {
      const ev = { ...e, containerName: this.container.name };
      events.push(ev);
      this.opts.recordEvent?.(ev);
    };
    if (outcome.error) {
      if (headStart) return { result: 'failure', error: outcome.error };
      record({ type: 'Warning', reason: 'Unhealthy', message: `${type} probe errored and resulted in ${outcome.result} state: ${outcome.error}` });
      return { result: 'failure', error: outcome.error };
    }
    switch (outcome.result) {
      case 'success':
        if (outcome.warning) record({ type: 'Warning', reason: 'ProbeWarning', message: `${type} probe warning: ${outcome.output}` });
        return { result: 'success' };
      case 'failure':
        if (headStart) return { result: 'failure' };
        record({ type: 'Warning', reason: 'Unhealthy', message: `${type} probe failed: ${outcome.output}` });
        return { result: 'failure' };
      default:
        return { result: 'failure' };
    }
  }
}

/** First retry of a failed head-start probe; it doubles up to HEAD_START_MAX_RETRY_MS. */
export const HEAD_START_FIRST_RETRY_MS = 25;
export const HEAD_START_MAX_RETRY_MS = 1000;

/**
 * Runs a worker: one step at once, then one per period, until the worker says stop or the runner
 * is stopped; a step that waits out initialDelaySeconds runs again as soon as the delay is over
 * (not a whole period later). `trigger()` runs a step now (the manual trigger).
 *
 * `headStart()` (the probe manager calls it when a container starts): the first probe runs at once
 * (once initialDelaySeconds is over). Until it succeeds, failures are dropped and the probe is
 * retried quickly (25 ms, doubling) for one period; after that period probing is as usual. A
 * program is so found ready (or started) as soon as it is, while no failure counts earlier than
 * the regular schedule would have counted it. Uses the injected clock.
 */
export class ProbeRunner {
  private timer?: TimerHandle;
  private running = false;
  private stopped = false;
  private pendingTrigger = false;
  /** Head start in progress: failures dropped until `until` (set when the first probe runs). */
  private head?: { until?: number; retryMs: number };
  private readonly clock: Clock;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly worker: ProbeWorker,
    private readonly opts: { clock?: Clock; onStep?: (r: StepResult) => void; onStop?: () => void; signal?: AbortSignal } = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.done = new Promise((r) => (this.resolveDone = r));
    opts.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  start(): void {
    void this.tick();
  }

  /** Resolves once the runner has stopped. */
  stoppedPromise(): Promise<void> {
    return this.done;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** A head start: probe now, retrying failures quickly for one period (see the class comment). */
  headStart(): void {
    if (this.stopped) return;
    this.head = { retryMs: HEAD_START_FIRST_RETRY_MS };
    this.trigger();
  }

  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pendingTrigger = true;
      return;
    }
    this.timer?.cancel();
    void this.tick();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    if (!this.running) this.finish();
  }

  private finish(): void {
    this.worker.cleanup();
    this.opts.onStop?.();
    this.resolveDone();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    let r: StepResult | undefined;
    const t0 = this.clock.now();
    if (this.head?.until !== undefined && t0 >= this.head.until) this.head = undefined;
    const headStart = !!this.head;
    try {
      r = await this.worker.step({ headStart });
    } catch {
      r = undefined; // a crashing step keeps the worker going, as HandleCrash does
    }
    this.running = false;
    if (r) this.opts.onStep?.(r);
    if (this.stopped || (r && !r.keepGoing)) {
      this.stopped = true;
      this.finish();
      return;
    }
    if (this.pendingTrigger) {
      this.pendingTrigger = false;
      void this.tick();
      return;
    }
    const period = this.worker.spec.periodSeconds * 1000;
    let next = period;
    if (r?.dueInMs !== undefined) next = Math.min(period, r.dueInMs);
    else if (headStart && this.head) {
      if (r?.dropped) {
        this.head.until ??= t0 + period;
        next = Math.max(1, Math.min(this.head.retryMs, this.head.until - this.clock.now()));
        this.head.retryMs = Math.min(this.head.retryMs * 2, HEAD_START_MAX_RETRY_MS);
      } else {
        // It succeeded (counted as usual), or there was nothing to probe: the head start is over.
        this.head = undefined;
      }
    }
    this.timer = this.clock.setTimer(next, () => void this.tick());
  }
}
