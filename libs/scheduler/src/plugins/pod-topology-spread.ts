import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import { MAX_NODE_SCORE, type NodeScore, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import { controllerUID, ownerKey, type NodeInfo } from '../framework/types.js';
import { podHasRequiredNodeSelection, podMatchesNodeSelectorAndAffinityTerms } from './helpers.js';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const LabelHostname = 'kubernetes.io/hostname';
export const LabelTopologyZone = 'topology.kubernetes.io/zone';

const preScoreKey = `PreScore${POD_TOPOLOGY_SPREAD}`;

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
}

/** The scheduler's system default constraints (defaultingType: System), both ScheduleAnyway. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly SpreadConstraint[] = [
  { topologyKey: LabelHostname, maxSkew: 3 },
  { topologyKey: LabelTopologyZone, maxSkew: 5 },
];

interface PreScoreState {
  constraints: readonly SpreadConstraint[];
  /** ownerKey(namespace, controller owner UID): whose pods are being spread. */
  ownerKey: string;
  /** Per constraint (hostname excluded): topology value -> matching pods in that domain. */
  topologyValueToPodCounts: Array<Map<string, number>>;
  topologyNormalizingWeight: number[];
}

/**
 * The pods that count as "the same workload": kube-scheduler builds the default selector from the
 * Services, ReplicationControllers, ReplicaSets and StatefulSets selecting the pod. kubesim's
 * scheduler core has no such listers, so it uses the pod's controller ownerReference instead:
 * pods in the same namespace with the same controller UID match, terminating pods excluded.
 * `key` is ownerKey(namespace, owner UID).
 */
function countMatching(nodeInfo: NodeInfo, key: string): number {
  return nodeInfo.countOwnedPodsByKey(key);
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** log(size + 2): keeps small topologies from being watered down by big ones. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** cnt * weight + (maxSkew - 1). */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/**
 * PodTopologySpread scoring with the system default constraints (the successor of SelectorSpread):
 * spreads pods of one owner across nodes (kubernetes.io/hostname, maxSkew 3) and zones
 * (topology.kubernetes.io/zone, maxSkew 5). Pods without a controller owner are skipped.
 *
 * PreScore: for the zone constraint, counts the owner's pods per zone over all nodes that match the
 * pod's required node affinity and have a zone label value among the feasible nodes' values.
 * Because these are system defaults, nodes missing a topology label are not ignored.
 * weight_c = ln(number of distinct values of the key among feasible nodes + 2)
 *   (for hostname: ln(number of feasible nodes + 2)).
 *
 * Score(node) = round( Σ_c over constraints whose key the node has:
 *                       cnt_c(node's domain) * weight_c + (maxSkew_c - 1) )
 *   where cnt for hostname is the number of the owner's pods on the node itself.
 *
 * NormalizeScore: fewer matching pods is better:
 *   normalized = floor(100 * (max + min - score) / max), or 100 for every node when max = 0.
 *
 * Example, 3 feasible nodes without zone labels, the owner has 1 pod on N1:
 *   w = ln(3 + 2) = 1.609; N1 = round(1 * 1.609 + 2) = 4; N2 = N3 = round(0 + 2) = 2;
 *   max 4, min 2: N1 = 100 * (4 + 2 - 4) / 4 = 50, N2 = N3 = 100 * (4 + 2 - 2) / 4 = 100.
 * Default weight 2. (No Filter: default constraints are ScheduleAnyway.)
 */
export const PodTopologySpread: PreScorePlugin & ScorePlugin = {
  name: POD_TOPOLOGY_SPREAD,
  events: [ClusterEvent.NodeAdd, ClusterEvent.NodeLabelChange, ClusterEvent.AssignedPodDelete],

  preScore(state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]): Status {
    const allNodes = state.snapshot.list();
    if (allNodes.length === 0) return Status.skipped();
    const ownerUID = controllerUID(pod);
    if (!ownerUID) return Status.skipped();
    const constraints = SYSTEM_DEFAULT_CONSTRAINTS;
    const nc = constraints.length;
    const counts: Array<Map<string, number>> = [];
    const topoSize: number[] = [];
    // Whether any feasible node carries the constraint's key: Score reads a domain's count only
    // for such nodes, so without one the domains need no counting (the scores are the same).
    const needed: boolean[] = [];
    let anyNeeded = false;
    for (let i = 0; i < nc; i++) {
      counts.push(new Map());
      topoSize.push(0);
      needed.push(false);
    }
    for (const n of filteredNodes) {
      const labels = n.node?.metadata.labels;
      for (let i = 0; i < nc; i++) {
        const key = (constraints[i] as SpreadConstraint).topologyKey;
        if (key === LabelHostname) continue;
        const value = labels?.[key] ?? '';
        if (labels && hasOwn(labels, key)) {
          needed[i] = true;
          anyNeeded = true;
        }
        const m = counts[i] as Map<string, number>;
        if (!m.has(value)) {
          m.set(value, 0);
          topoSize[i] = (topoSize[i] as number) + 1;
        }
      }
    }
    const weights = constraints.map((c, i) =>
      topologyNormalizingWeight(c.topologyKey === LabelHostname ? filteredNodes.length : (topoSize[i] as number)),
    );
    const key = ownerKey(pod.metadata.namespace ?? '', ownerUID);
    if (anyNeeded) {
      const selects = podHasRequiredNodeSelection(pod);
      for (const n of allNodes) {
        const node = n.node;
        if (!node || (selects && !podMatchesNodeSelectorAndAffinityTerms(pod, node))) continue;
        const cnt = countMatching(n, key);
        if (cnt === 0) continue;
        for (let i = 0; i < nc; i++) {
          if (!needed[i]) continue;
          const c = constraints[i] as SpreadConstraint;
          if (c.topologyKey === LabelHostname) continue;
          const value = node.metadata.labels?.[c.topologyKey] ?? '';
          const m = counts[i] as Map<string, number>;
          const cur = m.get(value);
          if (cur === undefined) continue;
          m.set(value, cur + cnt);
        }
      }
    }
    const s: PreScoreState = {
      constraints,
      ownerKey: key,
      topologyValueToPodCounts: counts,
      topologyNormalizingWeight: weights,
    };
    state.write(preScoreKey, s);
    return Status.success();
  },

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(preScoreKey);
    if (!s) return 0;
    const labels = nodeInfo.node?.metadata.labels;
    if (!labels) return 0;
    let score = 0;
    const constraints = s.constraints;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      if (!hasOwn(labels, c.topologyKey)) continue;
      const cnt =
        c.topologyKey === LabelHostname
          ? countMatching(nodeInfo, s.ownerKey)
          : ((s.topologyValueToPodCounts[i] as Map<string, number>).get(labels[c.topologyKey] as string) ?? 0);
      score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i] as number);
    }
    return Math.round(score);
  },

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    if (!state.read<PreScoreState>(preScoreKey)) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (const s of scores) {
      if (s.score < min) min = s.score;
      if (s.score > max) max = s.score;
    }
    for (const s of scores) {
      s.score = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
    }
  },
};
