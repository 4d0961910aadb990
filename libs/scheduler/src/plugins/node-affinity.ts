import type { Pod, PreferredSchedulingTerm } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type NodeScore,
  type PreFilterOutcome,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework/interface.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';
import { defaultNormalizeScore, podMatchesNodeSelectorAndAffinityTerms, preferredTermsScore } from './helpers.js';

export const NODE_AFFINITY = 'NodeAffinity';
/** nodeaffinity.ErrReasonPod */
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
/** nodeaffinity.errReasonConflict */
export const ErrReasonConflict = 'pod affinity terms conflict';

const preScoreKey = `PreScore${NODE_AFFINITY}`;

/**
 * PreFilter: Skip when the pod has neither spec.nodeSelector nor a required node affinity. When
 * every required term pins `matchFields: metadata.name In [...]`, the cycle is restricted to those
 * names (per term the In sets are intersected, terms are unioned); an empty result is
 * "pod affinity terms conflict".
 *
 * Filter: spec.nodeSelector (all labels equal) AND at least one required term (matchExpressions
 * In/NotIn/Exists/DoesNotExist/Gt/Lt and matchFields metadata.name, all ANDed within a term).
 *
 * Score: sum of the weights of the preferred terms the node matches; NormalizeScore scales by the
 * maximum: normalized = floor(100 * raw / maxRaw) (all 0 when maxRaw = 0). PreScore skips pods
 * without preferred terms. Default weight 2.
 */
export const NodeAffinity: PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin = {
  name: NODE_AFFINITY,
  events: [ClusterEvent.NodeAdd, ClusterEvent.NodeLabelChange],

  preFilter(_state: CycleState, pod: Pod): PreFilterOutcome {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && pod.spec?.nodeSelector === undefined) return { status: Status.skipped() };
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return {};
    let nodeNames: Set<string> | null = null;
    for (const t of terms) {
      const pins = (t.matchFields ?? []).filter((r) => r.key === 'metadata.name' && r.operator === 'In');
      const termNames = pins.reduce<Set<string> | null>((acc, r) => {
        const s = new Set(r.values ?? []);
        return acc ? new Set([...acc].filter((n) => s.has(n))) : s;
      }, null);
      // A term without a metadata.name pin makes every node eligible (terms are ORed).
      if (!termNames) return {};
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames && nodeNames.size === 0) return { status: Status.unresolvable(ErrReasonConflict) };
    return nodeNames ? { nodeNames } : {};
  },

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const node = nodeInfo.node;
    if (!node) return Status.fromError(new Error('node not found'));
    return podMatchesNodeSelectorAndAffinityTerms(pod, node) ? Status.success() : Status.unresolvable(ErrReasonPod);
  },

  preScore(state: CycleState, pod: Pod): Status {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return Status.skipped();
    state.write(preScoreKey, preferred);
    return Status.success();
  },

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const terms =
      state.read<PreferredSchedulingTerm[]>(preScoreKey) ??
      pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
      [];
    return nodeInfo.node ? preferredTermsScore(terms, nodeInfo.node) : 0;
  },

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  },
};
