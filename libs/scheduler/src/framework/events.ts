import type { Node, NodeCondition } from '@kubesim/api';

/**
 * Cluster events that may make an unschedulable pod schedulable (framework.ClusterEvent, reduced to
 * the ones kubesim produces). Plugins register the events they care about; the scheduling queue
 * moves a pod out of the unschedulable pool only on an event one of its rejecting plugins
 * registered (a simplified QueueingHint: "plugin -> events" with every hint answering Queue).
 */
export const ClusterEvent = {
  NodeAdd: 'NodeAdd',
  NodeLabelChange: 'NodeLabelChange',
  /** Taints changed, or spec.unschedulable changed (Kubernetes files both under UpdateNodeTaint). */
  NodeTaintChange: 'NodeTaintChange',
  /** A node condition changed (typically: the node became Ready). */
  NodeConditionChange: 'NodeConditionChange',
  NodeAllocatableChange: 'NodeAllocatableChange',
  /** A pod bound to a node was deleted (or finished): its resources are free again. */
  AssignedPodDelete: 'AssignedPodDelete',
  /** Internal: the pod stayed in the unschedulable pool longer than the flush interval. */
  UnschedulableTimeout: 'UnschedulableTimeout',
  /** Internal: move every pod regardless of what rejected it. */
  WildCard: 'WildCard',
} as const;
export type ClusterEvent = (typeof ClusterEvent)[keyof typeof ClusterEvent];

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  if (ak.length !== bk.length) return false;
  return ak.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

function conditionStatuses(conds: NodeCondition[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of conds ?? []) out[c.type] = c.status;
  return out;
}

function taintsKey(n: Node): string {
  return JSON.stringify((n.spec?.taints ?? []).map((t) => [t.key, t.value ?? '', t.effect]));
}

/**
 * The events a node update produces (Kubernetes' nodeSchedulingPropertiesChange): compares the
 * unschedulable flag, allocatable, labels, taints and condition statuses (type -> status only, so
 * heartbeats produce nothing).
 */
export function nodeUpdateEvents(oldNode: Node, newNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const taintChanged =
    Boolean(oldNode.spec?.unschedulable) !== Boolean(newNode.spec?.unschedulable) ||
    taintsKey(oldNode) !== taintsKey(newNode);
  if (!sameRecord(oldNode.status?.allocatable, newNode.status?.allocatable)) {
    events.push(ClusterEvent.NodeAllocatableChange);
  }
  if (!sameRecord(oldNode.metadata.labels, newNode.metadata.labels)) events.push(ClusterEvent.NodeLabelChange);
  if (taintChanged) events.push(ClusterEvent.NodeTaintChange);
  if (!sameRecord(conditionStatuses(oldNode.status?.conditions), conditionStatuses(newNode.status?.conditions))) {
    events.push(ClusterEvent.NodeConditionChange);
  }
  return events;
}
