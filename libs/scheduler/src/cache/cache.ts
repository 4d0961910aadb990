import type { Node, Pod } from '@kubesim/api';
import { isTerminalPod, NodeInfo, podKey, podRef, Snapshot } from '../framework/types.js';
import { realClock, type Clock } from '../util/clock.js';

export interface SchedulerCacheOptions {
  clock?: Clock;
  /**
   * How long an assumed pod whose binding finished may wait for the informer to confirm it
   * (30 s by default; the value kube-scheduler used for years). 0 disables expiry, which is what
   * kube-scheduler 1.33 configures (durationToExpireAssumedPod = 0).
   */
  assumedPodTTLMs?: number;
}

interface PodState {
  pod: Pod;
  /** When an assumed pod expires (set by finishBinding). */
  deadline?: number;
  bindingFinished: boolean;
}

/**
 * The scheduler's view of the cluster (internal/cache): nodes and the pods on them, including
 * "assumed" pods the scheduler has decided to bind but whose binding the informer has not yet
 * confirmed. Assumed pods count towards their node's requested resources, so back-to-back
 * decisions never overcommit a node. Informer events confirm (addPod) or the scheduler forgets
 * (forgetPod, when binding fails) an assumption; an assumption whose binding finished but was never
 * confirmed expires after the TTL (cleanupAssumedPods, with the injected clock).
 * Errors carry kube-scheduler's messages.
 */
export class SchedulerCache {
  private readonly clock: Clock;
  private readonly ttl: number;
  private readonly nodes = new Map<string, NodeInfo>();
  /** Node names in insertion order, for stable snapshots. */
  private readonly podStates = new Map<string, PodState>();
  private readonly assumedPods = new Set<string>();
  /** Clones handed out by snapshot(), reused while their node's generation is unchanged. */
  private readonly snapshotClones = new Map<string, { src: NodeInfo; generation: number; clone: NodeInfo }>();

  constructor(opts: SchedulerCacheOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.ttl = opts.assumedPodTTLMs ?? 30_000;
  }

  // ------------------------------------------------------------------ assume / bind / forget

  /** The scheduler decided to bind `pod` to `nodeName`: count it on the node right away. */
  assumePod(pod: Pod, nodeName: string): Pod {
    const key = podKey(pod);
    if (this.podStates.has(key)) {
      throw new Error(`pod ${key}(${podRef(pod)}) is in the cache, so can't be assumed`);
    }
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName } };
    this.addPodToNode(assumed);
    this.podStates.set(key, { pod: assumed, bindingFinished: false });
    this.assumedPods.add(key);
    return assumed;
  }

  /** The bind call returned: start the assumed pod's expiry clock. */
  finishBinding(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && this.assumedPods.has(key)) {
      state.bindingFinished = true;
      if (this.ttl > 0) state.deadline = this.clock.now() + this.ttl;
    }
  }

  /** Binding failed: drop the assumption. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && pod.spec?.nodeName && state.pod.spec?.nodeName !== pod.spec.nodeName) {
      throw new Error(
        `pod ${key}(${podRef(pod)}) was assumed on ${pod.spec.nodeName} but assigned to ${state.pod.spec?.nodeName ?? ''}`,
      );
    }
    if (state && this.assumedPods.has(key)) {
      this.removePodState(key, state.pod);
      return;
    }
    throw new Error(`pod ${key}(${podRef(pod)}) wasn't assumed so cannot be forgotten`);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumedPods.has(podKey(pod));
  }

  /** The cached version of the pod (assumed or added). */
  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podKey(pod))?.pod;
  }

  // ------------------------------------------------------------------ informer events: pods

  /**
   * A bound pod appeared (informer add). Confirms an assumed pod (moving it if it landed on a
   * different node than assumed), re-adds an expired one, and rejects a duplicate. Terminal and
   * unassigned pods are ignored, as the scheduler's assigned-pod informer never delivers them.
   */
  addPod(pod: Pod): void {
    if (isTerminalPod(pod) || !pod.spec?.nodeName) return;
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && this.assumedPods.has(key)) {
      this.removePodState(key, state.pod);
      this.addPodToNode(pod);
      this.podStates.set(key, { pod, bindingFinished: false });
      return;
    }
    if (!state) {
      this.addPodToNode(pod);
      this.podStates.set(key, { pod, bindingFinished: false });
      return;
    }
    throw new Error(`pod ${key}(${podRef(pod)}) was already in added state`);
  }

  /** A bound pod changed. A pod that turned Succeeded/Failed is removed (its resources are free). */
  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = podKey(oldPod);
    const state = this.podStates.get(key);
    if (!state) throw new Error(`pod ${key}(${podRef(oldPod)}) is not added to scheduler cache, so cannot be updated`);
    if (this.assumedPods.has(key)) throw new Error(`assumed pod ${key}(${podRef(oldPod)}) should not be updated`);
    if ((state.pod.spec?.nodeName ?? '') !== (newPod.spec?.nodeName ?? '')) {
      throw new Error(`pod ${key}(${podRef(oldPod)}) updated on a different node than previously added to`);
    }
    this.removePodState(key, state.pod);
    if (isTerminalPod(newPod)) return;
    this.addPodToNode(newPod);
    this.podStates.set(key, { pod: newPod, bindingFinished: false });
  }

  /** A bound pod was deleted. */
  removePod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (!state) {
      throw new Error(`pod ${key}(${podRef(pod)}) is not found in scheduler cache, so cannot be removed from it`);
    }
    this.removePodState(key, state.pod);
  }

  // ------------------------------------------------------------------ informer events: nodes

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.nodes.get(name);
    if (!info) {
      info = new NodeInfo();
      this.nodes.set(name, info);
    }
    info.setNode(node);
  }

  updateNode(_oldNode: Node | undefined, newNode: Node): void {
    this.addNode(newNode);
  }

  /**
   * The node is gone. Its entry survives as a ghost (excluded from snapshots) while pods still
   * reference it, so that their later deletion balances the books.
   */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const info = this.nodes.get(name);
    if (!info) throw new Error(`node ${name} is not found`);
    info.removeNode();
    if (info.pods.length === 0) this.nodes.delete(name);
  }

  // ------------------------------------------------------------------ expiry and snapshots

  /** Removes assumed pods whose binding finished more than the TTL ago. Returns the expired pods. */
  cleanupAssumedPods(now = this.clock.now()): Pod[] {
    const expired: Pod[] = [];
    if (this.ttl <= 0) return expired;
    for (const key of [...this.assumedPods]) {
      const state = this.podStates.get(key);
      if (!state) {
        this.assumedPods.delete(key);
        continue;
      }
      if (!state.bindingFinished) continue;
      if (state.deadline !== undefined && now > state.deadline) {
        this.removePodState(key, state.pod);
        expired.push(state.pod);
      }
    }
    return expired;
  }

  /**
   * A consistent copy of the cluster for one scheduling cycle (ghost nodes excluded). Like
   * UpdateSnapshot, only nodes whose generation changed since the previous snapshot are copied
   * again; the others share the earlier (immutable) copy, so a cycle costs O(changed nodes).
   */
  snapshot(): Snapshot {
    const infos: NodeInfo[] = [];
    for (const [name, n] of this.nodes) {
      if (n.node === null) continue;
      let c = this.snapshotClones.get(name);
      if (!c || c.src !== n || c.generation !== n.generation) {
        c = { src: n, generation: n.generation, clone: n.clone() };
        this.snapshotClones.set(name, c);
      }
      infos.push(c.clone);
    }
    if (this.snapshotClones.size > infos.length) {
      for (const name of this.snapshotClones.keys()) {
        const n = this.nodes.get(name);
        if (!n || n.node === null) this.snapshotClones.delete(name);
      }
    }
    return new Snapshot(infos);
  }

  nodeCount(): number {
    return [...this.nodes.values()].filter((n) => n.node !== null).length;
  }

  podCount(): number {
    return this.podStates.size;
  }

  assumedPodCount(): number {
    return this.assumedPods.size;
  }

  // ------------------------------------------------------------------ internals

  private addPodToNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    let info = this.nodes.get(name);
    if (!info) {
      // The pod's node is not known yet: keep a ghost entry until it arrives.
      info = new NodeInfo();
      this.nodes.set(name, info);
    }
    info.addPod(pod);
  }

  private removePodState(key: string, cached: Pod): void {
    const name = cached.spec?.nodeName ?? '';
    const info = this.nodes.get(name);
    if (info) {
      info.removePod(cached);
      if (info.node === null && info.pods.length === 0) this.nodes.delete(name);
    }
    this.podStates.delete(key);
    this.assumedPods.delete(key);
  }
}
