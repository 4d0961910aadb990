import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import type { FilterPlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';
import { tolerationsTolerateTaint } from './helpers.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
/** nodeunschedulable.ErrReasonUnschedulable */
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
/** v1.TaintNodeUnschedulable */
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';

/**
 * Filters out nodes with spec.unschedulable (cordoned), unless the pod tolerates the
 * node.kubernetes.io/unschedulable:NoSchedule taint (as DaemonSet pods do).
 */
export const NodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  events: [ClusterEvent.NodeAdd, ClusterEvent.NodeTaintChange],
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!nodeInfo.node?.spec?.unschedulable) return Status.success();
    const tolerates = tolerationsTolerateTaint(pod.spec?.tolerations, {
      key: TaintNodeUnschedulable,
      effect: 'NoSchedule',
    });
    return tolerates ? Status.success() : Status.unresolvable(ErrReasonUnschedulable);
  },
};
