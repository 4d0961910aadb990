import type { Pod, PodCondition, PodStatus } from '@kubesim/api';
import { rfc3339 } from '../clock.js';
import { type ProbeResultsView, applyProbeResults } from '../prober/manager.js';
import {
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
  generatePodReadyToStartContainersCondition,
  mergeConditionTimes,
} from './conditions.js';
import { type PodRuntimeView, type WaitingReasonLookup, convertToAPIContainerStatuses } from './containers.js';
import { getPhase } from './phase.js';
import { getPodQOS } from './qos.js';

const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

export interface GeneratePodStatusOptions {
  /** The status manager's last status for the pod (defaults to pod.status). */
  oldStatus?: PodStatus;
  /** The pod will not run containers any more (its worker is terminating/terminated). */
  podIsTerminal?: boolean;
  /** Remembered waiting reasons (CrashLoopBackOff, ErrImagePull, ...). */
  reasons?: WaitingReasonLookup;
  /** Probe results: sets `started`/`ready`. Without it containers count as started and ready when running. */
  probes?: ProbeResultsView;
  /** Node IP(s). */
  hostIPs?: string[];
  /** Whether the pod's sandbox exists (PodReadyToStartContainers); default: it has an IP. */
  sandboxReady?: boolean;
  /** ms since the epoch, for transition times and startTime. */
  now: number;
}

const noProbes: ProbeResultsView = {
  startup: () => undefined,
  readiness: () => undefined,
  hasStartupWorker: () => false,
  hasReadinessWorker: () => false,
};

/**
 * generateAPIPodStatus plus the status manager's bookkeeping: container statuses, phase (with
 * the three-way merge that keeps a terminal phase terminal), the kubelet's conditions with
 * preserved transition times, IPs, QoS class and startTime.
 */
export function generatePodStatus(pod: Pod, runtime: PodRuntimeView, opts: GeneratePodStatusOptions): PodStatus {
  const old = opts.oldStatus ?? pod.status ?? {};
  const apiStatus = pod.status ?? {};
  const now = rfc3339(opts.now);
  const hasInit = (pod.spec.initContainers?.length ?? 0) > 0;
  const s: PodStatus = {};

  const ips = runtime.ips ?? [];
  const containerStatuses = convertToAPIContainerStatuses(pod, runtime, old.containerStatuses, pod.spec.containers, hasInit, false, opts.reasons);
  const initContainerStatuses = convertToAPIContainerStatuses(pod, runtime, old.initContainerStatuses, pod.spec.initContainers ?? [], hasInit, true, opts.reasons);

  let phase = getPhase(pod, [...containerStatuses, ...initContainerStatuses], !!opts.podIsTerminal);
  if (phase !== 'Failed' && phase !== 'Succeeded') {
    if (old.phase === 'Failed' || old.phase === 'Succeeded') phase = old.phase;
    else if (apiStatus.phase === 'Failed' || apiStatus.phase === 'Succeeded') phase = apiStatus.phase;
  }
  if ((apiStatus.phase === 'Failed' || apiStatus.phase === 'Succeeded') && phase !== apiStatus.phase) phase = apiStatus.phase;
  s.phase = phase;

  const tmp: PodStatus = { containerStatuses, initContainerStatuses };
  applyProbeResults(pod, tmp, opts.probes ?? noProbes);

  // Conditions: those not owned by the kubelet are kept; the kubelet's are regenerated.
  const conditions: PodCondition[] = (apiStatus.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const disruption = old.conditions?.find((c) => c.type === 'DisruptionTarget');
  if (disruption && !conditions.some((c) => c.type === 'DisruptionTarget')) conditions.push(disruption);
  const all = [...initContainerStatuses, ...containerStatuses];
  conditions.push(generatePodReadyToStartContainersCondition(opts.sandboxReady ?? ips.length > 0));
  conditions.push(generatePodInitializedCondition(pod, all, phase));
  conditions.push(generatePodReadyCondition(pod, conditions, all, phase));
  conditions.push(generateContainersReadyCondition(pod, all, phase));
  conditions.push({ type: 'PodScheduled', status: 'True' });
  s.conditions = mergeConditionTimes(conditions, old, now);

  if (phase === old.phase) {
    if (old.reason ?? apiStatus.reason) s.reason = old.reason ?? apiStatus.reason;
    if (old.message ?? apiStatus.message) s.message = old.message ?? apiStatus.message;
  }
  if (opts.hostIPs?.length) {
    s.hostIP = opts.hostIPs[0];
    s.hostIPs = opts.hostIPs.map((ip) => ({ ip }));
  }
  if (ips.length) {
    s.podIP = ips[0];
    s.podIPs = ips.map((ip) => ({ ip }));
  } else if (old.podIP) {
    s.podIP = old.podIP;
    s.podIPs = old.podIPs;
  }
  s.startTime = old.startTime ?? apiStatus.startTime ?? now;
  if (hasInit) s.initContainerStatuses = initContainerStatuses;
  s.containerStatuses = containerStatuses;
  s.qosClass = getPodQOS(pod);
  return s;
}
