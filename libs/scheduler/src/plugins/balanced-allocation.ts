import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { podRequests, type PodResources } from '../framework/resources.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

const preScoreKey = `PreScore${NODE_RESOURCES_BALANCED_ALLOCATION}`;

/**
 * balancedResourceScorer (1.33): for each resource with allocatable > 0,
 *   fraction = min(requested / allocatable, 1);
 *   std = |fraction_cpu - fraction_mem| / 2 for two resources (population standard deviation);
 *   score = floor((1 - std) * 100).
 */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  requested.forEach((r, i) => {
    const a = allocatable[i] ?? 0;
    if (a === 0) return;
    const f = Math.min(r / a, 1);
    total += f;
    fractions.push(f);
  });
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    const sum = fractions.reduce((acc, f) => acc + (f - mean) * (f - mean), 0);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * Favors nodes whose cpu and memory utilisation would be balanced after placing the pod. Unlike
 * NodeResourcesFit's score it uses the real requests (no non-zero defaults): requested = node's
 * requested sum + the pod's request. Best-effort pods (no cpu/memory request at all) are skipped
 * in PreScore (kubernetes#129138). Default weight 1.
 */
export const NodeResourcesBalancedAllocation: PreScorePlugin & ScorePlugin = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,

  preScore(state: CycleState, pod: Pod): Status {
    const req = podRequests(pod);
    if (req.milliCPU === 0 && req.memory === 0) return Status.skipped();
    state.write(preScoreKey, req);
    return Status.success();
  },

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const req = state.read<PodResources>(preScoreKey) ?? podRequests(pod);
    if (req.milliCPU === 0 && req.memory === 0) return 0;
    const cpuA = nodeInfo.allocatable.milliCPU;
    const memA = nodeInfo.allocatable.memory;
    if (cpuA !== 0 && memA !== 0) {
      // balancedResourceScore for the usual two resources, without the arrays.
      const fCpu = Math.min((nodeInfo.requested.milliCPU + req.milliCPU) / cpuA, 1);
      const fMem = Math.min((nodeInfo.requested.memory + req.memory) / memA, 1);
      return Math.trunc((1 - Math.abs((fCpu - fMem) / 2)) * MAX_NODE_SCORE);
    }
    // resourceAllocationScorer leaves both at 0 for a resource the node has none of.
    return balancedResourceScore(
      [cpuA === 0 ? 0 : nodeInfo.requested.milliCPU + req.milliCPU, memA === 0 ? 0 : nodeInfo.requested.memory + req.memory],
      [cpuA, memA],
    );
  },
};
