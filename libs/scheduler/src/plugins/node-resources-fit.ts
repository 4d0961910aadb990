import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type PreFilterOutcome,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework/interface.js';
import { podNonZeroRequests, podRequests, type PodResources } from '../framework/resources.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

const preFilterKey = `PreFilter${NODE_RESOURCES_FIT}`;
const preScoreKey = `PreScore${NODE_RESOURCES_FIT}`;

/** noderesources.InsufficientResource */
export interface InsufficientResource {
  resourceName: 'pods' | 'cpu' | 'memory';
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/**
 * noderesources.fitsRequest, for pods, cpu and memory, in that order:
 *   "Too many pods"        when pods on node + 1 > allocatable pods;
 *   "Insufficient cpu"     when request > 0 and request > allocatable - requested;
 *   "Insufficient memory"  likewise.
 * A pod that requests nothing is only checked against the pod count.
 */
export function fitsRequest(podRequest: PodResources, nodeInfo: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const { allocatable, requested } = nodeInfo;
  if (nodeInfo.pods.length + 1 > allocatable.pods) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: allocatable.pods });
  }
  if (podRequest.milliCPU === 0 && podRequest.memory === 0) return out;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > allocatable.milliCPU - requested.milliCPU) {
    out.push({
      resourceName: 'cpu',
      reason: 'Insufficient cpu',
      requested: podRequest.milliCPU,
      used: requested.milliCPU,
      capacity: allocatable.milliCPU,
    });
  }
  if (podRequest.memory > 0 && podRequest.memory > allocatable.memory - requested.memory) {
    out.push({
      resourceName: 'memory',
      reason: 'Insufficient memory',
      requested: podRequest.memory,
      used: requested.memory,
      capacity: allocatable.memory,
    });
  }
  return out;
}

/** Fits checks whether the node has room for the pod (noderesources.Fits). */
export function fits(pod: Pod, nodeInfo: NodeInfo): InsufficientResource[] {
  return fitsRequest(podRequests(pod), nodeInfo);
}

/** leastRequestedScore: (capacity - requested) * 100 / capacity, integer division; 0 when over. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated with the default resources cpu and memory, weight 1 each:
 *   score = (cpuScore * 1 + memScore * 1) / 2   (integer division; a resource whose
 *   allocatable is 0 is left out of both sums)
 * where each resource's "requested" is the node's non-zero requested sum plus the pod's non-zero
 * request (containers without a request count 100m CPU / 200Mi memory here, and only here).
 */
export function leastAllocatedScore(podNonZero: PodResources, nodeInfo: NodeInfo): number {
  const cpuAllocatable = nodeInfo.allocatable.milliCPU;
  const memAllocatable = nodeInfo.allocatable.memory;
  let nodeScore = 0;
  let weightSum = 0;
  if (cpuAllocatable !== 0) {
    nodeScore += leastRequestedScore(nodeInfo.nonZeroRequested.milliCPU + podNonZero.milliCPU, cpuAllocatable) * 1;
    weightSum += 1;
  }
  if (memAllocatable !== 0) {
    nodeScore += leastRequestedScore(nodeInfo.nonZeroRequested.memory + podNonZero.memory, memAllocatable) * 1;
    weightSum += 1;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/**
 * NodeResourcesFit with the default LeastAllocated scoring strategy. Filter reasons are Unschedulable
 * (preemption may free room; 1.33 does not yet mark "bigger than the whole node" as unresolvable).
 * Default weight 1.
 */
export const NodeResourcesFit: PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  events: [ClusterEvent.NodeAdd, ClusterEvent.NodeAllocatableChange, ClusterEvent.AssignedPodDelete],

  preFilter(state: CycleState, pod: Pod): PreFilterOutcome {
    state.write(preFilterKey, podRequests(pod));
    return {};
  },

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const req = state.read<PodResources>(preFilterKey) ?? podRequests(pod);
    const { allocatable, requested } = nodeInfo;
    // The common case, without building the list of what is short.
    if (
      nodeInfo.pods.length + 1 <= allocatable.pods &&
      (req.milliCPU <= 0 || req.milliCPU <= allocatable.milliCPU - requested.milliCPU) &&
      (req.memory <= 0 || req.memory <= allocatable.memory - requested.memory)
    ) {
      return Status.success();
    }
    const insufficient = fitsRequest(req, nodeInfo);
    if (insufficient.length === 0) return Status.success();
    return Status.unschedulable(...insufficient.map((r) => r.reason));
  },

  preScore(state: CycleState, pod: Pod): Status {
    state.write(preScoreKey, podNonZeroRequests(pod));
    return Status.success();
  },

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const req = state.read<PodResources>(preScoreKey) ?? podNonZeroRequests(pod);
    return leastAllocatedScore(req, nodeInfo);
  },
};
