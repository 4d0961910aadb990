import type { Container, Pod } from '@kubesim/api';
import type { Result } from '../prober/results.js';
import type { RuntimeContainerStatus } from '../runtime/runtime.js';
import { hashContainer } from '../runtime/runtime.js';
import { shouldContainerBeRestarted } from '../status/containers.js';

/** The pod's sandbox (here: its network identity, the pod IP) as the runtime reports it. */
export interface SandboxStatus {
  ready: boolean;
  /** Sandbox attempt number (0 for the first). */
  attempt: number;
  ip?: string;
}

export interface PodActionsInput {
  pod: Pod;
  /** Every instance of the pod's containers (init and regular), any order. */
  containerStatuses: RuntimeContainerStatus[];
  /** The pod's newest sandbox; undefined when it has none. */
  sandbox?: SandboxStatus;
  /** Liveness/startup results by container ID. */
  liveness?: (containerID: string) => Result | undefined;
  startup?: (containerID: string) => Result | undefined;
}

export type KillReason = '' | 'LivenessProbe' | 'StartupProbe' | 'Unknown';

export interface ContainerToKill {
  id: string;
  name: string;
  /** The Killing event's message, e.g. "Container kubia failed liveness probe, will be restarted". */
  message: string;
  reason: KillReason;
}

/** kuberuntime's podActions. */
export interface PodActions {
  /** Stop every container and the sandbox. */
  killPod: boolean;
  createSandbox: boolean;
  /** Sandbox attempt to create. */
  attempt: number;
  /** Indices into spec.initContainers, in start order. */
  initContainersToStart: number[];
  /** Indices into spec.containers. */
  containersToStart: number[];
  containersToKill: ContainerToKill[];
}

function latest(statuses: RuntimeContainerStatus[], name: string): RuntimeContainerStatus | undefined {
  let best: RuntimeContainerStatus | undefined;
  for (const s of statuses) {
    if (s.name !== name) continue;
    if (!best || s.createdAt > best.createdAt || (s.createdAt === best.createdAt && s.restartCount > best.restartCount)) best = s;
  }
  return best;
}

export const isRestartableInit = (c: Container) => c.restartPolicy === 'Always';
const shouldRestartOnFailure = (pod: Pod) => (pod.spec.restartPolicy ?? 'Always') !== 'Never';

function isInitContainerFailed(s: RuntimeContainerStatus): boolean {
  if (s.reason === 'OOMKilled') return true;
  if (s.state === 'exited' && s.exitCode !== 0) return true;
  return s.state === 'unknown';
}

function containerChanged(c: Container, s: RuntimeContainerStatus): boolean {
  return hashContainer(c) !== s.hash;
}

/** runtimeutil.PodSandboxChanged. */
export function podSandboxChanged(sandbox: SandboxStatus | undefined): { changed: boolean; attempt: number } {
  if (!sandbox) return { changed: true, attempt: 0 };
  if (!sandbox.ready || sandbox.ip === '') return { changed: true, attempt: sandbox.attempt + 1 };
  return { changed: false, attempt: sandbox.attempt };
}

/**
 * kuberuntime_manager.go computePodActions (with sidecar containers): what SyncPod must do to move
 * the pod towards its spec – sandbox, init containers in order (restartable ones kept running),
 * containers to (re)start per restartPolicy, containers to kill for failed liveness/startup
 * probes or changed definitions, or the whole pod to kill when nothing should run.
 * Back-off is not decided here: check each container to start with checkCrashLoopBackOff.
 */
export function computePodActions(input: PodActionsInput): PodActions {
  const { pod } = input;
  const statuses = input.containerStatuses;
  const { changed: createPodSandbox, attempt } = podSandboxChanged(input.sandbox);
  const changes: PodActions = {
    killPod: createPodSandbox,
    createSandbox: createPodSandbox,
    attempt,
    initContainersToStart: [],
    containersToStart: [],
    containersToKill: [],
  };
  const kill = (s: RuntimeContainerStatus, message: string, reason: KillReason) => {
    if (!changes.containersToKill.some((k) => k.id === s.id)) changes.containersToKill.push({ id: s.id, name: s.name, message, reason });
  };

  if (createPodSandbox) {
    if (!shouldRestartOnFailure(pod) && attempt !== 0 && statuses.length !== 0) {
      // Never restart: do not create a new sandbox for a pod whose containers all ran.
      changes.createSandbox = false;
      return changes;
    }
    const containersToStart: number[] = [];
    pod.spec.containers.forEach((c, idx) => {
      if (pod.spec.restartPolicy === 'OnFailure') {
        const s = latest(statuses, c.name);
        if (s && s.state === 'exited' && s.exitCode === 0) return;
      }
      containersToStart.push(idx);
    });
    if (containersToStart.length === 0) {
      const hasInitialized = pod.spec.containers.some((c) => latest(statuses, c.name) !== undefined);
      if (hasInitialized) {
        changes.createSandbox = false;
        return changes;
      }
    }
    if ((pod.spec.initContainers?.length ?? 0) !== 0) {
      changes.initContainersToStart = [0];
      return changes;
    }
    changes.containersToStart = containersToStart;
    return changes;
  }

  const hasInitialized = computeInitContainerActions(input, changes, kill);
  if (changes.killPod || !hasInitialized) return changes;

  let keepCount = 0;
  pod.spec.containers.forEach((container, idx) => {
    const s = latest(statuses, container.name);
    if (!s || s.state !== 'running') {
      if (shouldContainerBeRestarted(container, pod, { containerStatuses: statuses })) {
        changes.containersToStart.push(idx);
        if (s && s.state === 'unknown') kill(s, `Container is in "unknown" state, try killing it before restart`, 'Unknown');
      }
      return;
    }
    let message: string;
    let reason: KillReason = '';
    let restart = shouldRestartOnFailure(pod);
    if (containerChanged(container, s)) {
      message = `Container ${container.name} definition changed`;
      restart = true;
    } else if (input.liveness?.(s.id) === 'failure') {
      message = `Container ${container.name} failed liveness probe`;
      reason = 'LivenessProbe';
    } else if (input.startup?.(s.id) === 'failure') {
      message = `Container ${container.name} failed startup probe`;
      reason = 'StartupProbe';
    } else {
      keepCount++;
      return;
    }
    if (restart) {
      message = `${message}, will be restarted`;
      changes.containersToStart.push(idx);
    }
    kill(s, message, reason);
  });

  if (keepCount === 0 && changes.containersToStart.length === 0) {
    changes.killPod = true;
    // Restartable init containers must not keep the pod alive.
    changes.initContainersToStart = [];
  }
  return changes;
}

/** computeInitContainerActions; returns whether the pod has been initialized. */
function computeInitContainerActions(
  input: PodActionsInput,
  changes: PodActions,
  kill: (s: RuntimeContainerStatus, message: string, reason: KillReason) => void,
): boolean {
  const { pod } = input;
  const inits = pod.spec.initContainers ?? [];
  if (inits.length === 0) return true;
  const statuses = input.containerStatuses;

  let podHasInitialized = pod.spec.containers.some((c) => {
    const s = latest(statuses, c.name);
    return s !== undefined && (s.state === 'created' || s.state === 'running');
  });
  let isPreviouslyInitialized = podHasInitialized;
  const restartOnFailure = shouldRestartOnFailure(pod);
  const toStart: number[] = [];

  for (let i = inits.length - 1; i >= 0; i--) {
    const container = inits[i]!;
    const s = latest(statuses, container.name);
    if (!s) {
      if (isPreviouslyInitialized && isRestartableInit(container)) toStart.push(i);
      continue;
    }
    if (isPreviouslyInitialized && !isRestartableInit(container)) continue;

    switch (s.state) {
      case 'created':
        toStart.push(i);
        break;
      case 'running': {
        if (!isRestartableInit(container)) break;
        if (container.startupProbe) {
          const startup = input.startup?.(s.id);
          if (startup === undefined) break;
          if (startup !== 'success') {
            if (startup === 'failure') {
              kill(s, `Init container ${container.name} failed startup probe`, 'StartupProbe');
              toStart.push(i);
            }
            break;
          }
        }
        if (i === inits.length - 1) podHasInitialized = true;
        else if (!isPreviouslyInitialized) toStart.push(i + 1);
        if (containerChanged(container, s)) {
          kill(s, `Init container ${container.name} definition changed`, '');
          toStart.push(i);
          break;
        }
        if (container.livenessProbe) {
          const liveness = input.liveness?.(s.id);
          if (liveness === undefined) break;
          if (liveness === 'failure') {
            kill(s, `Init container ${container.name} failed liveness probe`, 'LivenessProbe');
            toStart.push(i);
          }
        }
        break;
      }
      case 'exited':
        if (isRestartableInit(container)) {
          toStart.push(i);
        } else if (isInitContainerFailed(s)) {
          if (!restartOnFailure) {
            changes.killPod = true;
            changes.initContainersToStart = [];
            return false;
          }
          toStart.push(i);
        } else if (i === inits.length - 1) {
          podHasInitialized = true;
        } else {
          toStart.push(i + 1);
        }
        break;
      default:
        if (!isRestartableInit(container) && !restartOnFailure) {
          changes.killPod = true;
          changes.initContainersToStart = [];
          return false;
        }
        kill(s, `Init container is in "unknown" state, try killing it before restart`, 'Unknown');
        toStart.push(i);
    }
    if (!isPreviouslyInitialized) isPreviouslyInitialized = true;
  }
  if (!isPreviouslyInitialized) toStart.push(0);
  changes.initContainersToStart = toStart.reverse();
  return podHasInitialized;
}
