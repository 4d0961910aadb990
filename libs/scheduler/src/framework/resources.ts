import { parseQuantity } from '@kubesim/api';
import type { Container, Node, Pod, ResourceList } from '@kubesim/api';

/**
 * Resource amounts the scheduler reasons about, in the units kube-scheduler uses:
 * CPU in millicores, memory in bytes. `pods` is the pod count: for `allocatable` the number of pods
 * the node accepts (status.allocatable.pods), for `requested` the number of pods on the node.
 */
export interface Resource {
  milliCPU: number;
  memory: number;
  pods: number;
}

/** A pod's own request (no pod count). */
export interface PodResources {
  milliCPU: number;
  memory: number;
}

/**
 * Kubernetes' defaults for containers without a request, used for scoring only (schedutil
 * DefaultMilliCPURequest / DefaultMemoryRequest) so that many zero-request pods don't all land on
 * one node. Filtering always uses the real requests.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const NON_ZERO_DEFAULTS: PodResources = {
  milliCPU: DEFAULT_MILLI_CPU_REQUEST,
  memory: DEFAULT_MEMORY_REQUEST,
};

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, pods: 0 };
}

/**
 * Parses a quantity into the scheduler's integer unit (millis for CPU, whole units otherwise).
 * A value the apiserver would have rejected counts as zero rather than crashing the scheduling loop.
 */
function quantity(value: string | undefined, milli: boolean): number {
  if (value === undefined || value === '') return 0;
  const memo = milli ? milliMemo : valueMemo;
  const hit = memo.get(value);
  if (hit !== undefined) return hit;
  let n: number;
  try {
    const q = parseQuantity(value);
    n = Number(milli ? q.milliValue() : q.value());
  } catch {
    n = 0;
  }
  // Workloads repeat a handful of request strings ("100m", "128Mi"): parse each once. Bounded, so
  // that a stream of distinct values cannot grow it without limit.
  if (memo.size >= QUANTITY_MEMO_SIZE) memo.clear();
  memo.set(value, n);
  return n;
}

const QUANTITY_MEMO_SIZE = 4096;
const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

export function milliCPUOf(list: ResourceList | undefined, key = 'cpu'): number {
  return quantity(list?.[key], true);
}

export function valueOf(list: ResourceList | undefined, key: string): number {
  return quantity(list?.[key], false);
}

function containerRequests(c: Container, nonMissing: PodResources | undefined): PodResources {
  const r = c.resources?.requests ?? {};
  // applyNonMissing: the default is used only when the container does not mention the resource
  // at all; an explicit "0" stays zero.
  const milliCPU = 'cpu' in r ? milliCPUOf(r) : (nonMissing?.milliCPU ?? 0);
  const memory = 'memory' in r ? valueOf(r, 'memory') : (nonMissing?.memory ?? 0);
  return { milliCPU, memory };
}

/**
 * The pod's effective request as k8s.io/component-helpers/resource.PodRequests computes it:
 *
 *   regular containers are summed;
 *   each init container i "uses" its own request plus the sum of the restartable (sidecar,
 *   restartPolicy: Always) init containers declared before it, and the pod needs the maximum of
 *   those;
 *   sidecars also run alongside the regular containers, so they are added to the sum;
 *   result = max(sum(containers) + sum(sidecars), max_i InitContainerUse(i)), per resource.
 *
 * `nonMissing` supplies per-container defaults for unset requests (the scoring-only non-zero rule).
 * Pod overhead and pod-level resources are not modelled (PodSpec has neither field here).
 */
export function podRequests(pod: Pod, nonMissing?: PodResources): PodResources {
  const reqs: PodResources = { milliCPU: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c, nonMissing);
    reqs.milliCPU += r.milliCPU;
    reqs.memory += r.memory;
  }
  const sidecars: PodResources = { milliCPU: 0, memory: 0 };
  const initMax: PodResources = { milliCPU: 0, memory: 0 };
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    let use: PodResources;
    if (c.restartPolicy === 'Always') {
      reqs.milliCPU += r.milliCPU;
      reqs.memory += r.memory;
      sidecars.milliCPU += r.milliCPU;
      sidecars.memory += r.memory;
      use = { ...sidecars };
    } else {
      use = { milliCPU: r.milliCPU + sidecars.milliCPU, memory: r.memory + sidecars.memory };
    }
    initMax.milliCPU = Math.max(initMax.milliCPU, use.milliCPU);
    initMax.memory = Math.max(initMax.memory, use.memory);
  }
  reqs.milliCPU = Math.max(reqs.milliCPU, initMax.milliCPU);
  reqs.memory = Math.max(reqs.memory, initMax.memory);
  return reqs;
}

/** The request with the 100m / 200Mi defaults for containers that leave cpu/memory unset (scoring). */
export function podNonZeroRequests(pod: Pod): PodResources {
  return podRequests(pod, NON_ZERO_DEFAULTS);
}

/**
 * The node's allocatable resources (status.allocatable). kubesim leniency: when a node reports no
 * allocatable list at all, its capacity is used instead.
 */
export function nodeAllocatable(node: Node): Resource {
  const list = node.status?.allocatable ?? node.status?.capacity;
  return {
    milliCPU: milliCPUOf(list),
    memory: valueOf(list, 'memory'),
    pods: valueOf(list, 'pods'),
  };
}
