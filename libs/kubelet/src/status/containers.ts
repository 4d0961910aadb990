import type { Container, ContainerState, ContainerStatus, Pod } from '@kubesim/api';
import { rfc3339 } from '../clock.js';
import type { RuntimeContainerStatus, RuntimePodStatus } from '../runtime/runtime.js';

/** A waiting reason the kubelet remembers for a container (its reasonCache). */
export interface WaitingReason {
  /** CrashLoopBackOff, ErrImagePull, ImagePullBackOff, CreateContainerConfigError, RunContainerError, ... */
  reason: string;
  message: string;
}

export type WaitingReasonLookup = (containerName: string) => WaitingReason | undefined;

/** The subset of the runtime's pod status the status functions need. */
export type PodRuntimeView = Pick<RuntimePodStatus, 'containerStatuses'> & Partial<Pick<RuntimePodStatus, 'ips'>>;

function findLatest(podStatus: PodRuntimeView, name: string): RuntimeContainerStatus | undefined {
  let best: RuntimeContainerStatus | undefined;
  for (const s of podStatus.containerStatuses) {
    if (s.name !== name) continue;
    if (!best || s.createdAt > best.createdAt || (s.createdAt === best.createdAt && s.restartCount > best.restartCount)) best = s;
  }
  return best;
}

/** kubecontainer.ShouldContainerBeRestarted. */
export function shouldContainerBeRestarted(container: Container, pod: Pod, podStatus: PodRuntimeView): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const status = findLatest(podStatus, container.name);
  if (!status) return true;
  if (status.state === 'running') return false;
  if (status.state === 'unknown' || status.state === 'created') return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && status.exitCode === 0) return false;
  return true;
}

function apiState(cs: RuntimeContainerStatus, oldStatus: ContainerStatus | undefined): { state: ContainerState; restartCount?: number } {
  switch (cs.state) {
    case 'running':
      return { state: { running: { startedAt: rfc3339(cs.startedAt ?? cs.createdAt) } } };
    case 'created':
      return { state: { waiting: {} } };
    case 'exited': {
      const t: NonNullable<ContainerState['terminated']> = { exitCode: cs.exitCode ?? 0 };
      if (cs.reason) t.reason = cs.reason;
      if (cs.message) t.message = cs.message;
      t.startedAt = cs.startedAt !== undefined ? rfc3339(cs.startedAt) : '1970-01-01T00:00:00Z';
      t.finishedAt = rfc3339(cs.finishedAt ?? cs.createdAt);
      t.containerID = cs.id;
      return { state: { terminated: t } };
    }
    default:
      if (oldStatus?.state?.running) {
        return {
          state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } },
          restartCount: (oldStatus.restartCount ?? 0) + 1,
        };
      }
      return { state: { waiting: {} } };
  }
}

/**
 * kubelet_pods.go convertToAPIContainerStatuses: API container statuses from the runtime's
 * instances (the newest gives `state`, the one before it `lastState`), the previous API statuses,
 * and the remembered waiting reasons for containers that are about to be (re)started.
 * `ready` and `started` are left false here; apply probe results afterwards.
 */
export function convertToAPIContainerStatuses(
  pod: Pod,
  podStatus: PodRuntimeView,
  previousStatus: ContainerStatus[] | undefined,
  containers: Container[],
  hasInitContainers: boolean,
  isInitContainer: boolean,
  reasons: WaitingReasonLookup = () => undefined,
): ContainerStatus[] {
  const oldStatuses = new Map<string, ContainerStatus>();
  for (const s of previousStatus ?? []) oldStatuses.set(s.name, s);

  const defaultWaiting: ContainerState = { waiting: { reason: hasInitContainers ? 'PodInitializing' : 'ContainerCreating' } };
  const statuses = new Map<string, ContainerStatus>();
  for (const c of containers) {
    let status: ContainerStatus = { name: c.name, state: structuredClone(defaultWaiting), lastState: {}, ready: false, restartCount: 0, image: c.image ?? '', imageID: '' };
    const old = oldStatuses.get(c.name);
    if (old) {
      if (old.state?.terminated) status = structuredClone(old);
      else {
        status.restartCount = old.restartCount;
        status.lastState = structuredClone(old.lastState ?? {});
      }
    }
    statuses.set(c.name, status);
  }

  // A container that was running but has vanished from the runtime is shown as terminated.
  for (const c of containers) {
    if (podStatus.containerStatuses.some((s) => s.name === c.name)) continue;
    const old = oldStatuses.get(c.name);
    if (!old || old.state?.terminated || !old.state?.running) continue;
    const status = statuses.get(c.name)!;
    const waitingReason = hasInitContainers ? 'PodInitializing' : 'ContainerCreating';
    if (!(status.state?.waiting && status.state.waiting.reason === waitingReason)) continue;
    if (status.lastState?.terminated) continue;
    status.lastState = {
      terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' },
    };
    if (!pod.metadata.deletionTimestamp) status.restartCount += 1;
  }

  // Newest instance first.
  const sorted = [...podStatus.containerStatuses].sort((a, b) => b.createdAt - a.createdAt || b.restartCount - a.restartCount);
  const seen = new Map<string, number>();
  for (const cs of sorted) {
    const existing = statuses.get(cs.name);
    if (!existing) continue;
    const n = seen.get(cs.name) ?? 0;
    if (n >= 2) continue;
    const old = oldStatuses.get(cs.name);
    const { state, restartCount } = apiState(cs, old);
    if (n === 0) {
      const status: ContainerStatus = {
        name: cs.name,
        state,
        lastState: {},
        ready: false,
        restartCount: restartCount ?? cs.restartCount,
        image: cs.image,
        imageID: cs.imageRef,
        containerID: cs.id,
      };
      statuses.set(cs.name, status);
    } else {
      existing.lastState = state;
    }
    seen.set(cs.name, n + 1);
  }

  // Containers that will be (re)started next are Waiting, with the remembered reason.
  for (const c of containers) {
    if (isInitContainer) {
      const s = findLatest(podStatus, c.name);
      if (s && s.state === 'exited' && s.exitCode === 0) continue;
    }
    if (!shouldContainerBeRestarted(c, pod, podStatus)) continue;
    const status = statuses.get(c.name)!;
    const reason = reasons(c.name);
    if (!reason) continue;
    if (status.state?.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: reason.reason, message: reason.message } };
    if (!reason.message) delete status.state.waiting!.message;
  }

  if (isInitContainer) return containers.map((c) => statuses.get(c.name)!);
  return [...statuses.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
