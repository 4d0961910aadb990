import type { Container, Pod, PodStatus, ProbeHandler } from '@kubesim/api';
import { type Clock, realClock } from '../clock.js';
import type { ExecRunResult, ProbeOutcome, ProbeTarget } from './probe.js';
import { ResultsManager } from './results.js';
import { type ContainerEvent, ProbeRunner, type ProbeType, ProbeWorker, type StepResult } from './worker.js';

export interface ProbeManagerOptions {
  clock?: Clock;
  /** The status manager's current view of a pod. */
  getPodStatus: (podUID: string) => PodStatus | undefined;
  exec?: (containerID: string, command: string[], timeoutMs: number) => Promise<ExecRunResult>;
  runProbe?: (handler: ProbeHandler, target: ProbeTarget) => Promise<ProbeOutcome>;
  recordEvent?: (pod: Pod, e: ContainerEvent) => void;
  /** Every step's outcome (kill requests included). */
  onStep?: (pod: Pod, worker: ProbeWorker, r: StepResult) => void;
}

function restartableInitContainers(pod: Pod): Container[] {
  return (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
}

/**
 * pkg/kubelet/prober/prober_manager.go: a worker per probe of every container, results managers per
 * probe type, and UpdatePodStatus to fill `started` and `ready` from the results.
 */
export class ProbeManager {
  readonly liveness = new ResultsManager();
  readonly readiness = new ResultsManager();
  readonly startup = new ResultsManager();
  /** Workers by pod UID, then by `<container>/<probe type>`: a pod's events touch only its own. */
  private readonly runners = new Map<string, Map<string, ProbeRunner>>();
  private readonly clock: Clock;

  constructor(private readonly opts: ProbeManagerOptions) {
    this.clock = opts.clock ?? realClock;
  }

  private key(container: string, t: ProbeType): string {
    return `${container}/${t}`;
  }

  resultsFor(t: ProbeType): ResultsManager {
    return t === 'liveness' ? this.liveness : t === 'readiness' ? this.readiness : this.startup;
  }

  /** AddPod: starts workers for every probe of the pod's containers (and restartable init containers). */
  addPod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    for (const c of [...pod.spec.containers, ...restartableInitContainers(pod)]) {
      for (const t of ['startup', 'readiness', 'liveness'] as ProbeType[]) {
        const spec = t === 'startup' ? c.startupProbe : t === 'readiness' ? c.readinessProbe : c.livenessProbe;
        if (!spec) continue;
        const key = this.key(c.name, t);
        let forPod = this.runners.get(uid);
        if (forPod?.has(key)) continue;
        const worker = new ProbeWorker({
          probeType: t,
          pod,
          container: c,
          results: this.resultsFor(t),
          getPodStatus: () => this.opts.getPodStatus(uid),
          clock: this.clock,
          runProbe: this.opts.runProbe,
          exec: this.opts.exec,
          recordEvent: this.opts.recordEvent ? (e) => this.opts.recordEvent!(worker.pod, e) : undefined,
        });
        const runner = new ProbeRunner(worker, {
          clock: this.clock,
          onStep: (r) => this.opts.onStep?.(worker.pod, worker, r),
          onStop: () => {
            const m = this.runners.get(uid);
            if (m?.get(key) !== runner) return;
            m.delete(key);
            if (!m.size) this.runners.delete(uid);
          },
        });
        if (!forPod) this.runners.set(uid, (forPod = new Map()));
        forPod.set(key, runner);
        runner.start();
      }
    }
  }

  /** The pod object changed (deletionTimestamp, ...): hand it to its workers. */
  updatePod(pod: Pod): void {
    for (const r of this.runners.get(pod.metadata.uid ?? '')?.values() ?? []) r.worker.updatePod(pod);
  }

  /** StopLivenessAndStartup: during termination only readiness keeps probing. */
  stopLivenessAndStartup(pod: Pod): void {
    for (const r of this.runners.get(pod.metadata.uid ?? '')?.values() ?? []) {
      if (r.worker.probeType === 'liveness' || r.worker.probeType === 'startup') r.stop();
    }
  }

  removePod(pod: Pod | string): void {
    const uid = typeof pod === 'string' ? pod : (pod.metadata.uid ?? '');
    for (const r of this.runners.get(uid)?.values() ?? []) r.stop();
  }

  /** CleanupPods: stops the workers of every pod not in `desired`. */
  cleanupPods(desired: Set<string>): void {
    for (const [uid, m] of this.runners) if (!desired.has(uid)) for (const r of m.values()) r.stop();
  }

  hasWorker(uid: string, container: string, t: ProbeType): boolean {
    return !!this.runners.get(uid)?.has(this.key(container, t));
  }

  /**
   * The pod's status changed (the kubelet generated a new one): the readiness and startup probes
   * of a container that just started – or that waited for its startup probe and is now started –
   * get a head start (ProbeRunner.headStart): they run at once (or right when initialDelaySeconds
   * is over) instead of up to periodSeconds later, and until one succeeds their failures do not
   * count. Liveness probes get none: their initial result is already success, so an early probe
   * could change nothing (and would use up a request of the program); with initialDelaySeconds
   * they still run right when the delay is over.
   */
  podStatusChanged(uid: string, status: PodStatus | undefined = this.opts.getPodStatus(uid)): void {
    for (const r of this.runners.get(uid)?.values() ?? []) {
      if (!r.worker.wantsProbe(status)) continue;
      if (r.worker.probeType !== 'liveness') r.headStart();
      else if (r.worker.spec.initialDelaySeconds > 0) r.trigger();
    }
  }

  /** Triggers an immediate run of a worker. */
  trigger(uid: string, container: string, t: ProbeType): void {
    this.runners.get(uid)?.get(this.key(container, t))?.trigger();
  }

  /** Stops everything. */
  stopAll(): Promise<void> {
    const all = [...this.runners.values()].flatMap((m) => [...m.values()]);
    for (const r of all) r.stop();
    return Promise.all(all.map((r) => r.stoppedPromise())).then(() => undefined);
  }

  /** UpdatePodStatus: sets `started` and `ready` on the pod status's container statuses. */
  updatePodStatus(pod: Pod, status: PodStatus): void {
    const uid = pod.metadata.uid ?? '';
    applyProbeResults(pod, status, {
      startup: (id) => this.startup.get(id),
      readiness: (id) => this.readiness.get(id),
      hasStartupWorker: (name) => this.hasWorker(uid, name, 'startup'),
      hasReadinessWorker: (name) => this.hasWorker(uid, name, 'readiness'),
      onReadinessUnknown: (name) => this.trigger(uid, name, 'readiness'),
    });
  }
}

export interface ProbeResultsView {
  startup: (containerID: string) => string | undefined;
  readiness: (containerID: string) => string | undefined;
  hasStartupWorker: (containerName: string) => boolean;
  hasReadinessWorker: (containerName: string) => boolean;
  onReadinessUnknown?: (containerName: string) => void;
}

/**
 * prober manager's UpdatePodStatus as a pure function over result lookups: `started` is true for a
 * running container whose startup probe succeeded (or that has none); `ready` for a started,
 * running container whose readiness probe succeeded (or that has none). Regular init containers
 * are ready once they terminated with exit code 0.
 */
export function applyProbeResults(pod: Pod, status: PodStatus, view: ProbeResultsView): void {
  const isStarted = (cs: { name: string; containerID?: string; state?: { running?: unknown } }): boolean => {
    if (!cs.state?.running) return false;
    const r = cs.containerID ? view.startup(cs.containerID) : undefined;
    if (r !== undefined) return r === 'success';
    return !view.hasStartupWorker(cs.name);
  };
  const readyOf = (cs: { name: string; containerID?: string; state?: { running?: unknown } }): boolean => {
    if (!cs.state?.running) return false;
    const r = cs.containerID ? view.readiness(cs.containerID) : undefined;
    if (r === 'success') return true;
    const exists = view.hasReadinessWorker(cs.name);
    if (exists && r === undefined) view.onReadinessUnknown?.(cs.name);
    return !exists;
  };
  for (const cs of status.containerStatuses ?? []) {
    const started = isStarted(cs);
    cs.started = started;
    if (!started) continue;
    cs.ready = readyOf(cs);
  }
  for (const cs of status.initContainerStatuses ?? []) {
    const started = isStarted(cs);
    cs.started = started;
    const spec = pod.spec.initContainers?.find((c) => c.name === cs.name);
    if (!spec) continue;
    if (spec.restartPolicy !== 'Always') {
      cs.ready = !!cs.state?.terminated && cs.state.terminated.exitCode === 0;
      continue;
    }
    if (!started) continue;
    cs.ready = readyOf(cs);
  }
}
