import type { Node, Pod } from '@kubesim/api';
import {
  emptyResource,
  nodeAllocatable,
  podNonZeroRequests,
  podRequests,
  type PodResources,
  type Resource,
} from './resources.js';

/** The cache key of a pod: its UID (framework.GetPodKey), or namespace/name when it has none. */
export function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** namespace/name, as klog.KObj prints it. */
export function podRef(pod: Pod): string {
  const ns = pod.metadata.namespace ?? '';
  return ns ? `${ns}/${pod.metadata.name ?? ''}` : (pod.metadata.name ?? '');
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Succeeded or Failed pods hold no resources; the scheduler's pod informer never sees them. */
export function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The UID of the pod's controller owner (ownerReference with controller: true), if any. */
export function controllerUID(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

/** A pod together with its pre-computed requests. */
export interface PodInfo {
  readonly pod: Pod;
  readonly requests: PodResources;
  readonly nonZeroRequests: PodResources;
}

export function newPodInfo(pod: Pod): PodInfo {
  return { pod, requests: podRequests(pod), nonZeroRequests: podNonZeroRequests(pod) };
}

/**
 * Node-level aggregated information, as framework.NodeInfo: the node, the pods on it (bound and
 * assumed), the sum of their requests (`requested`, with `requested.pods` the pod count), the same
 * sum with the non-zero scoring defaults (`nonZeroRequested`), and the node's `allocatable`.
 * `node` is null for a "ghost" entry whose node was deleted while pods still referenced it.
 */
export class NodeInfo {
  node: Node | null = null;
  pods: PodInfo[] = [];
  requested: Resource = emptyResource();
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  /** Bumped on every change. */
  generation = 0;
  /**
   * Number of non-terminating pods per (namespace, controller owner UID), kept with `pods` so that
   * spreading by owner is O(1) per node instead of a walk over the node's pods.
   */
  private ownerCounts = new Map<string, Map<string, number>>();

  constructor(node?: Node | null, pods: readonly Pod[] = []) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPod(p);
  }

  get name(): string {
    return this.node?.metadata.name ?? '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.generation++;
  }

  removeNode(): void {
    this.node = null;
    this.generation++;
  }

  addPod(pod: Pod): void {
    this.addPodInfo(newPodInfo(pod));
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with the same key; returns false if it was not there. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.pods.findIndex((p) => podKey(p.pod) === key);
    if (i < 0) return false;
    const [pi] = this.pods.splice(i, 1);
    this.update(pi as PodInfo, -1);
    return true;
  }

  /** Pods on the node in `namespace` whose controller owner has `ownerUID`, terminating pods excluded. */
  countOwnedPods(namespace: string, ownerUID: string): number {
    return this.ownerCounts.get(ownerUID)?.get(namespace) ?? 0;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const owner = controllerUID(pi.pod);
    if (owner && !pi.pod.metadata.deletionTimestamp) {
      const ns = pi.pod.metadata.namespace ?? '';
      let byNs = this.ownerCounts.get(owner);
      if (!byNs) this.ownerCounts.set(owner, (byNs = new Map()));
      const n = (byNs.get(ns) ?? 0) + sign;
      if (n > 0) byNs.set(ns, n);
      else {
        byNs.delete(ns);
        if (byNs.size === 0) this.ownerCounts.delete(owner);
      }
    }
    this.requested.milliCPU += sign * pi.requests.milliCPU;
    this.requested.memory += sign * pi.requests.memory;
    this.requested.pods += sign;
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroRequests.milliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroRequests.memory;
    this.nonZeroRequested.pods += sign;
    this.generation++;
  }

  /** A copy whose pod list and sums can be changed without affecting this one. */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods = [...this.pods];
    c.requested = { ...this.requested };
    c.nonZeroRequested = { ...this.nonZeroRequested };
    c.allocatable = { ...this.allocatable };
    c.generation = this.generation;
    for (const [owner, byNs] of this.ownerCounts) c.ownerCounts.set(owner, new Map(byNs));
    return c;
  }
}

/**
 * An immutable view of the cluster for one scheduling cycle (internal/cache.Snapshot): the node
 * infos in a stable order (the order nodes were given), indexed by name. Ghost entries without a
 * node are excluded.
 */
export class Snapshot {
  private readonly nodeInfos: readonly NodeInfo[];
  private readonly byName: ReadonlyMap<string, NodeInfo>;

  constructor(nodeInfos: readonly NodeInfo[]) {
    this.nodeInfos = nodeInfos.filter((n) => n.node !== null);
    this.byName = new Map(this.nodeInfos.map((n) => [n.name, n]));
  }

  /**
   * Builds a snapshot from plain lists: every non-terminal pod whose spec.nodeName names one of
   * the nodes is counted on that node; other pods are ignored.
   */
  static fromObjects(nodes: readonly Node[], pods: readonly Pod[] = []): Snapshot {
    const infos = new Map<string, NodeInfo>();
    for (const n of nodes) infos.set(n.metadata.name ?? '', new NodeInfo(n));
    for (const p of pods) {
      const info = p.spec?.nodeName ? infos.get(p.spec.nodeName) : undefined;
      if (info && !isTerminalPod(p)) info.addPod(p);
    }
    return new Snapshot([...infos.values()]);
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfos;
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  get numNodes(): number {
    return this.nodeInfos.length;
  }
}

/** Shorthand for `Snapshot.fromObjects`. */
export function newSnapshot(nodes: readonly Node[], pods: readonly Pod[] = []): Snapshot {
  return Snapshot.fromObjects(nodes, pods);
}
