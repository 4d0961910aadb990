import type { ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '@kubesim/api';
import { hasAnyRegularContainerStarted, isRestartableInitContainer } from './phase.js';

export const UnknownContainerStatuses = 'UnknownContainerStatuses';
export const PodCompleted = 'PodCompleted';
export const PodFailedReason = 'PodFailed';
export const ContainersNotReady = 'ContainersNotReady';
export const ContainersNotInitialized = 'ContainersNotInitialized';
export const ReadinessGatesNotReady = 'ReadinessGatesNotReady';

/** Go's fmt %s of a []string: [a b c]. */
function goList(xs: string[]): string {
  return `[${xs.join(' ')}]`;
}

function cond(type: string, status: PodCondition['status'], reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** status.GenerateContainersReadyCondition. */
export function generateContainersReadyCondition(pod: Pod, containerStatuses: ContainerStatus[] | undefined, podPhase: PodPhase): PodCondition {
  if (!containerStatuses) return cond('ContainersReady', 'False', UnknownContainerStatuses);
  const unknown: string[] = [];
  const unready: string[] = [];
  const find = (n: string) => containerStatuses.find((s) => s.name === n);
  for (const c of pod.spec.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = find(c.name);
    if (s) {
      if (!s.ready) unready.push(c.name);
    } else unknown.push(c.name);
  }
  for (const c of pod.spec.containers) {
    const s = find(c.name);
    if (s) {
      if (!s.ready) unready.push(c.name);
    } else unknown.push(c.name);
  }
  if (podPhase === 'Succeeded' && unknown.length === 0) return cond('ContainersReady', 'False', PodCompleted);
  if (podPhase === 'Failed') return cond('ContainersReady', 'False', PodFailedReason);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return cond('ContainersReady', 'False', ContainersNotReady, msgs.join(', '));
  return cond('ContainersReady', 'True');
}

/** status.GeneratePodReadyCondition (readiness gates are evaluated against `conditions`). */
export function generatePodReadyCondition(
  pod: Pod,
  conditions: PodCondition[],
  containerStatuses: ContainerStatus[] | undefined,
  podPhase: PodPhase,
): PodCondition {
  const cr = generateContainersReadyCondition(pod, containerStatuses, podPhase);
  if (cr.status !== 'True') return cond('Ready', cr.status, cr.reason, cr.message);
  const gates = ((pod.spec as { readinessGates?: { conditionType: string }[] }).readinessGates ?? []).map((g) => g.conditionType);
  const msgs: string[] = [];
  for (const g of gates) {
    const c = conditions.find((x) => x.type === g);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${g}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${g}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return cond('Ready', 'False', ReadinessGatesNotReady, msgs.join(', '));
  return cond('Ready', 'True');
}

/** status.GeneratePodInitializedCondition. */
export function generatePodInitializedCondition(pod: Pod, containerStatuses: ContainerStatus[] | undefined, podPhase: PodPhase): PodCondition {
  const inits = pod.spec.initContainers ?? [];
  if (!containerStatuses && inits.length > 0) return cond('Initialized', 'False', UnknownContainerStatuses);
  const statuses = containerStatuses ?? [];
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    const initialized = isRestartableInitContainer(c) ? !!s.started : s.ready;
    if (!initialized) incomplete.push(c.name);
  }
  if (podPhase === 'Succeeded' && unknown.length === 0) return cond('Initialized', 'True', PodCompleted);
  if (hasAnyRegularContainerStarted(pod.spec, statuses)) return cond('Initialized', 'True');
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return cond('Initialized', 'False', ContainersNotInitialized, msgs.join(', '));
  return cond('Initialized', 'True');
}

/** status.GeneratePodReadyToStartContainersCondition: True once the pod's sandbox (its IP) is set up. */
export function generatePodReadyToStartContainersCondition(sandboxReady: boolean): PodCondition {
  return cond('PodReadyToStartContainers', sandboxReady ? 'True' : 'False');
}

/**
 * The status manager's updateLastTransitionTime for every condition: a condition keeps the old
 * lastTransitionTime while its status is unchanged, and gets `now` otherwise. Conditions always
 * carry lastProbeTime: null, as the API serves them.
 */
export function mergeConditionTimes(conditions: PodCondition[], old: PodStatus | undefined, now: string): PodCondition[] {
  return conditions.map((c) => {
    const prev = old?.conditions?.find((o) => o.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : (c.lastTransitionTime ?? now);
    const { type, status, reason, message } = c;
    const out: PodCondition = { type, status, lastProbeTime: c.lastProbeTime ?? null, lastTransitionTime };
    if (reason) out.reason = reason;
    if (message) out.message = message;
    return out;
  });
}
