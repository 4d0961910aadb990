import type { Pod } from '@kubesim/api';
import type { CycleState } from '../framework/cycle-state.js';
import { ClusterEvent } from '../framework/events.js';
import type { FilterPlugin } from '../framework/interface.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';

export const NODE_NAME = 'NodeName';
/** nodename.ErrReason */
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

/** A pod with spec.nodeName set fits only that node. */
export const NodeName: FilterPlugin = {
  name: NODE_NAME,
  events: [ClusterEvent.NodeAdd],
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const want = pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return Status.success();
    return Status.unresolvable(ErrReasonNodeName);
  },
};
