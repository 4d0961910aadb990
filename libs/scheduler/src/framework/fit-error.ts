import type { Pod } from '@kubesim/api';
import { Code, Status } from './status.js';
import type { DecisionTrace } from './trace.js';
import type { NodeInfo, Snapshot } from './types.js';

/** framework.NoNodeAvailableMsg */
export const NO_NODE_AVAILABLE_MSG = '0/%v nodes are available';

/**
 * Why each node was rejected (framework.NodeToStatus): explicit statuses for the nodes that were
 * evaluated, plus one status standing for every node not in the map ("absent" nodes: nodes a
 * PreFilter excluded, or all nodes when a PreFilter rejected the pod). The default absent status is
 * UnschedulableAndUnresolvable without reasons.
 */
export class NodeToStatus {
  private readonly m = new Map<string, Status>();
  private absent: Status = new Status(Code.UnschedulableAndUnresolvable);

  get(nodeName: string): Status {
    return this.m.get(nodeName) ?? this.absent;
  }
  set(nodeName: string, status: Status): void {
    this.m.set(nodeName, status);
  }
  /** Number of explicitly recorded nodes. */
  get size(): number {
    return this.m.size;
  }
  absentNodesStatus(): Status {
    return this.absent;
  }
  setAbsentNodesStatus(status: Status): void {
    this.absent = status;
  }
  explicit(): IterableIterator<[string, Status]> {
    return this.m.entries();
  }
  /** Nodes (explicit or absent) whose status has the given code, in snapshot order. */
  nodesForStatusCode(snapshot: Snapshot, code: Code): NodeInfo[] {
    if (this.absent.code === code) {
      return snapshot.list().filter((n) => this.get(n.name).code === code);
    }
    return snapshot.list().filter((n) => this.m.get(n.name)?.code === code);
  }
}

/** What went wrong in a scheduling cycle (framework.Diagnosis). */
export class Diagnosis {
  readonly nodeToStatus = new NodeToStatus();
  /** Plugins that rejected the pod: the queue requeues it on events these plugins registered. */
  readonly unschedulablePlugins = new Set<string>();
  /** Plugins that returned Pending. */
  readonly pendingPlugins = new Set<string>();
  preFilterMsg = '';
  postFilterMsg = '';

  addPluginStatus(s: Status): void {
    if (!s.plugin) return;
    if (s.code === Code.Pending) this.pendingPlugins.add(s.plugin);
    else if (s.isRejected()) this.unschedulablePlugins.add(s.plugin);
  }
}

/**
 * FitError.Error() of kube-scheduler 1.33, character for character:
 *
 *   "0/<N> nodes are available:" then
 *   - if a PreFilter rejected the pod: " <prefilter message>."
 *   - otherwise, every reason of every node's status is counted (absent nodes contribute the
 *     absent status' reasons, multiplied by the number of absent nodes), each formatted
 *     "<count> <reason>", the strings sorted bytewise (so "10 x" sorts before "2 y"), joined with
 *     ", " and appended as " <list>.";
 *   then, if PostFilter (preemption) said something: " <postfilter message>" (no extra period: the
 *   preemption message already ends with one).
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== '') {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [, status] of diagnosis.nodeToStatus.explicit()) {
      for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    const absentNodes = numAllNodes - diagnosis.nodeToStatus.size;
    if (absentNodes > 0) {
      for (const r of diagnosis.nodeToStatus.absentNodesStatus().reasons) {
        counts.set(r, (counts.get(r) ?? 0) + absentNodes);
      }
    }
    const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(compareBytes);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg !== '') msg += ` ${diagnosis.postFilterMsg}`;
  return msg;
}

/** Go's sort.Strings order (bytewise; identical to UTF-16 order for the ASCII reasons used here). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The pod fits no node. `message` is Kubernetes' aggregated FailedScheduling message. */
export class FitError extends Error {
  readonly pod: Pod;
  readonly numAllNodes: number;
  readonly diagnosis: Diagnosis;
  /** Set when preemption nominated a node: the pod should be retried there after the victims go. */
  nominatedNodeName?: string;
  victims?: readonly Pod[];
  /** The decision trace of the failed attempt (filter verdicts per node). */
  trace?: DecisionTrace;

  constructor(pod: Pod, numAllNodes: number, diagnosis: Diagnosis) {
    super(fitErrorMessage(numAllNodes, diagnosis));
    this.name = 'FitError';
    this.pod = pod;
    this.numAllNodes = numAllNodes;
    this.diagnosis = diagnosis;
  }
}

/** ErrNoNodesAvailable of schedule_one.go. */
export class NoNodesAvailableError extends Error {
  constructor() {
    super('no nodes available to schedule pods');
    this.name = 'NoNodesAvailableError';
  }
}
