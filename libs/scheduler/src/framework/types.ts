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

/**
 * The key NodeInfo counts a controller's pods under (see `countOwnedPodsByKey`): compute it once
 * per scheduling cycle rather than once per node.
 */
export function ownerKey(namespace: string, ownerUID: string): string {
  const k = `${namespace}\u0000${ownerUID}`;
  // One string instance per key: a map lookup with the very key it holds compares pointers, not
  // characters (spreading looks one up per node per cycle).
  let interned = ownerKeys.get(k);
  if (interned === undefined) {
    if (ownerKeys.size >= OWNER_KEYS_MAX) ownerKeys.clear();
    ownerKeys.set(k, k);
    interned = k;
  }
  return interned;
}

const OWNER_KEYS_MAX = 65_536;
const ownerKeys = new Map<string, string>();

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
   * Number of non-terminating pods per ownerKey(namespace, controller owner UID), kept with `pods`
   * so that spreading by owner is O(1) per node instead of a walk over the node's pods.
   */
  private ownerCounts = new Map<string, number>();
  /** podKey -> entry of `pods`, once removePod needed it (not copied by clone()). */
  private byKey: Map<string, PodInfo> | undefined;

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
    this.byKey?.set(podKey(pi.pod), pi);
    this.update(pi, 1);
  }

  /** Removes the pod with the same key; returns false if it was not there. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const pods = this.pods;
    // The cache's long-lived node infos remove a pod for every confirmed binding: find it through
    // the key index (built on the first removal) instead of comparing keys along the list.
    if (!this.byKey) {
      this.byKey = new Map();
      for (const p of pods) if (!this.byKey.has(podKey(p.pod))) this.byKey.set(podKey(p.pod), p);
    }
    const known = this.byKey.get(key);
    let i = known ? pods.indexOf(known) : -1;
    if (i < 0) i = pods.findIndex((p) => podKey(p.pod) === key);
    if (i < 0) return false;
    const [pi] = pods.splice(i, 1);
    if (known === pi) this.byKey.delete(key);
    this.update(pi as PodInfo, -1);
    return true;
  }

  /** Pods on the node in `namespace` whose controller owner has `ownerUID`, terminating pods excluded. */
  countOwnedPods(namespace: string, ownerUID: string): number {
    return this.ownerCounts.get(ownerKey(namespace, ownerUID)) ?? 0;
  }

  /** countOwnedPods with the key from ownerKey(namespace, ownerUID). */
  countOwnedPodsByKey(key: string): number {
    return this.ownerCounts.get(key) ?? 0;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const owner = controllerUID(pi.pod);
    if (owner && !pi.pod.metadata.deletionTimestamp) {
      const key = ownerKey(pi.pod.metadata.namespace ?? '', owner);
      const n = (this.ownerCounts.get(key) ?? 0) + sign;
      if (n > 0) this.ownerCounts.set(key, n);
      else this.ownerCounts.delete(key);
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
    c.ownerCounts = new Map(this.ownerCounts);
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
  /** Built on the first get(): most scheduling cycles only walk the list. */
  private byName: Map<string, NodeInfo> | undefined;

  constructor(nodeInfos: readonly NodeInfo[]) {
    this.nodeInfos = nodeInfos.filter((n) => n.node !== null);
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
    this.byName ??= new Map(this.nodeInfos.map((n) => [n.name, n]));
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
