import type { Node, Pod, Taint, Toleration } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeScore, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';
import { defaultNormalizeScore, DO_NOT_SCHEDULE_EFFECTS, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from './helpers.js';

export const TAINT_TOLERATION = 'TaintToleration';
export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';

const preScoreKey = `PreScore${TAINT_TOLERATION}`;

/**
 * The taints the scheduler should see on a node.
 *
 * Kubernetes 1.33 has no node-condition filter: a node that is not Ready is kept off by the
 * node.kubernetes.io/not-ready (Ready=False) or node.kubernetes.io/unreachable (Ready=Unknown)
 * NoSchedule taint that the kubelet registers with and the node lifecycle controller maintains.
 * kubesim may observe a not-Ready node before any controller has tainted it, so when the Ready
 * condition is not True (False, Unknown or missing) and the node carries neither of those taints,
 * the taint the controller would add is synthesised here (appended after the real taints). The
 * rejection therefore reads exactly as in Kubernetes:
 * "node(s) had untolerated taint {node.kubernetes.io/not-ready: }".
 */
export function effectiveTaints(node: Node): Taint[] {
  return [...effectiveTaintsView(node)];
}

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/** effectiveTaints without the copy when nothing is synthesised (read-only). */
function effectiveTaintsView(node: Node): readonly Taint[] {
  const taints = node.spec?.taints ?? NO_TAINTS;
  const conditions = node.status?.conditions;
  let ready: string | undefined;
  if (conditions) {
    for (const c of conditions) {
      if (c.type === 'Ready') {
        ready = c.status;
        break;
      }
    }
  }
  if (ready === 'True') return taints;
  if (taints.some((t) => t.key === TaintNodeNotReady || t.key === TaintNodeUnreachable)) return taints;
  return [...taints, { key: ready === 'Unknown' ? TaintNodeUnreachable : TaintNodeNotReady, effect: 'NoSchedule' }];
}

const isDoNotSchedule = (t: Taint) => DO_NOT_SCHEDULE_EFFECTS.includes(t.effect);

/** The "node(s) had untolerated taint {key: value}" reason. */
export function untoleratedTaintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  // An empty effect tolerates every effect, PreferNoSchedule included.
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** Number of PreferNoSchedule taints the tolerations don't tolerate. */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  return taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)).length;
}

/**
 * Filter: the first NoSchedule/NoExecute taint (see effectiveTaints) the pod does not tolerate
 * rejects the node (UnschedulableAndUnresolvable).
 *
 * Score: the raw score is the number of PreferNoSchedule taints the pod does not tolerate;
 * NormalizeScore reverses it (DefaultNormalizeScore with reverse=true):
 *   normalized = 100 - floor(100 * raw / maxRaw), or 100 for everyone when maxRaw = 0.
 * Default weight 3.
 */
export const TaintToleration: FilterPlugin & PreScorePlugin & ScorePlugin = {
  name: TAINT_TOLERATION,
  // NodeConditionChange: the synthesised not-ready taint goes away when the node becomes Ready.
  events: [ClusterEvent.NodeAdd, ClusterEvent.NodeTaintChange, ClusterEvent.NodeConditionChange],

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const node = nodeInfo.node;
    if (!node) return Status.fromError(new Error('invalid nodeInfo'));
    const taints = effectiveTaintsView(node);
    if (taints.length === 0) return Status.success();
    const taint = findMatchingUntoleratedTaint(taints, pod.spec?.tolerations, isDoNotSchedule);
    return taint ? Status.unresolvable(untoleratedTaintReason(taint)) : Status.success();
  },

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    if (nodes.length === 0) return Status.success();
    state.write(preScoreKey, preferNoScheduleTolerations(pod.spec?.tolerations));
    return Status.success();
  },

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const taints = nodeInfo.node?.spec?.taints;
    if (!taints || taints.length === 0) return 0;
    const tolerations = state.read<Toleration[]>(preScoreKey) ?? preferNoScheduleTolerations(pod.spec?.tolerations);
    return countIntolerableTaintsPreferNoSchedule(taints, tolerations);
  },

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },
};
