/**
 * Fixture builders for scheduler tests (here and in other packages), in the style of
 * pkg/scheduler/testing's st.MakePod()/st.MakeNode(), plus a fake clock and a seeded random source.
 *
 *   makePod().name('p').namespace('ns').req({ cpu: '50m', memory: '300Mi' }).nodeSelector({ zone: 'a' })
 *     .toleration({ key: 'k', operator: 'Exists' }).owner('rs-uid').obj()
 *   makeNode().name('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).label('zone', 'a')
 *     .taint('k', 'v', 'NoSchedule').ready(false).unschedulable().obj()
 */
import type {
  Container,
  Node,
  NodeSelectorRequirement,
  Pod,
  PreferredSchedulingTerm,
  ResourceList,
  Taint,
  TaintEffect,
  Toleration,
} from '@kubesim/api';
import type { Clock, RandomSource } from './util/clock.js';

function clone<T>(v: T): T {
  return structuredClone(v);
}

export class PodWrapper {
  private readonly p: Pod;
  private containerCount = 0;

  constructor() {
    this.p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: '', namespace: 'default', uid: '' },
      spec: { containers: [], schedulerName: 'default-scheduler' },
    };
  }

  name(name: string): this {
    this.p.metadata.name = name;
    if (!this.p.metadata.uid) this.p.metadata.uid = `uid-${name}`;
    return this;
  }
  namespace(ns: string): this {
    this.p.metadata.namespace = ns;
    return this;
  }
  uid(uid: string): this {
    this.p.metadata.uid = uid;
    return this;
  }
  label(key: string, value: string): this {
    (this.p.metadata.labels ??= {})[key] = value;
    return this;
  }
  labels(labels: Record<string, string>): this {
    this.p.metadata.labels = { ...this.p.metadata.labels, ...labels };
    return this;
  }
  creationTimestamp(ts: string): this {
    this.p.metadata.creationTimestamp = ts;
    return this;
  }
  /** Marks the pod as being deleted. */
  terminating(ts = '2025-01-01T00:00:00Z'): this {
    this.p.metadata.deletionTimestamp = ts;
    return this;
  }

  private addContainer(requests: ResourceList, init = false, restartPolicy?: 'Always'): this {
    const c: Container = { name: `c${this.containerCount++}`, image: 'pause' };
    if (Object.keys(requests).length > 0) c.resources = { requests: { ...requests } };
    if (restartPolicy) c.restartPolicy = restartPolicy;
    if (init) (this.p.spec.initContainers ??= []).push(c);
    else this.p.spec.containers.push(c);
    return this;
  }
  /** Adds a container with these requests (each call adds one container, like st.MakePod().Req). */
  req(requests: ResourceList = {}): this {
    return this.addContainer(requests);
  }
  /** Adds a container without requests (best effort). */
  container(): this {
    return this.addContainer({});
  }
  /** Adds a regular init container with these requests. */
  initReq(requests: ResourceList): this {
    return this.addContainer(requests, true);
  }
  /** Adds a sidecar (restartPolicy: Always init container) with these requests. */
  sidecarReq(requests: ResourceList): this {
    return this.addContainer(requests, true, 'Always');
  }

  nodeSelector(sel: Record<string, string>): this {
    this.p.spec.nodeSelector = { ...this.p.spec.nodeSelector, ...sel };
    return this;
  }
  /** spec.nodeName: a pod already bound (or asking for) that node. */
  node(nodeName: string): this {
    this.p.spec.nodeName = nodeName;
    return this;
  }
  /** Adds a required node-affinity term (terms are ORed; requirements within one are ANDed). */
  nodeAffinityTerm(matchExpressions: NodeSelectorRequirement[] = [], matchFields: NodeSelectorRequirement[] = []): this {
    const aff = (this.p.spec.affinity ??= {});
    const na = (aff.nodeAffinity ??= {});
    const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
    const term: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] } = {};
    if (matchExpressions.length) term.matchExpressions = matchExpressions;
    if (matchFields.length) term.matchFields = matchFields;
    req.nodeSelectorTerms.push(term);
    return this;
  }
  nodeAffinityIn(key: string, values: string[]): this {
    return this.nodeAffinityTerm([{ key, operator: 'In', values }]);
  }
  nodeAffinityNotIn(key: string, values: string[]): this {
    return this.nodeAffinityTerm([{ key, operator: 'NotIn', values }]);
  }
  preferredNodeAffinity(weight: number, matchExpressions: NodeSelectorRequirement[]): this {
    const na = ((this.p.spec.affinity ??= {}).nodeAffinity ??= {});
    const term: PreferredSchedulingTerm = { weight, preference: { matchExpressions } };
    (na.preferredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    return this;
  }
  /** Adds a toleration; with only a key it is `{key, operator: Exists}`; no argument tolerates everything. */
  toleration(t?: Toleration | string): this {
    const tol: Toleration = t === undefined ? { operator: 'Exists' } : typeof t === 'string' ? { key: t, operator: 'Exists' } : t;
    (this.p.spec.tolerations ??= []).push(tol);
    return this;
  }
  /** Sets a controller ownerReference (a ReplicaSet by default). */
  owner(uid: string, kind = 'ReplicaSet', name = `owner-${uid}`): this {
    this.p.metadata.ownerReferences = [
      { apiVersion: kind === 'ReplicaSet' ? 'apps/v1' : 'v1', kind, name, uid, controller: true, blockOwnerDeletion: true },
    ];
    return this;
  }
  priority(p: number): this {
    this.p.spec.priority = p;
    return this;
  }
  preemptionPolicy(p: 'PreemptLowerPriority' | 'Never'): this {
    this.p.spec.preemptionPolicy = p;
    return this;
  }
  phase(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'): this {
    (this.p.status ??= {}).phase = phase;
    return this;
  }
  startTime(ts: string): this {
    (this.p.status ??= {}).startTime = ts;
    return this;
  }
  nominatedNodeName(n: string): this {
    (this.p.status ??= {}).nominatedNodeName = n;
    return this;
  }
  obj(): Pod {
    return clone(this.p);
  }
}

export class NodeWrapper {
  private readonly n: Node;

  constructor() {
    this.n = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: '', labels: {} },
      spec: {},
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    };
  }

  /** Sets the name and the kubernetes.io/hostname label, as the kubelet does. */
  name(name: string): this {
    this.n.metadata.name = name;
    this.n.metadata.uid ??= `uid-${name}`;
    (this.n.metadata.labels ??= {})['kubernetes.io/hostname'] = name;
    return this;
  }
  /** Sets capacity and allocatable (unset keys keep the defaults 2 CPU, 4Gi, 110 pods). */
  capacity(res: ResourceList): this {
    const status = this.n.status as NonNullable<Node['status']>;
    status.capacity = { ...status.capacity, ...res };
    status.allocatable = { ...status.allocatable, ...res };
    return this;
  }
  /** Sets allocatable only (below capacity, e.g. for system reservations). */
  allocatable(res: ResourceList): this {
    const status = this.n.status as NonNullable<Node['status']>;
    status.allocatable = { ...status.allocatable, ...res };
    return this;
  }
  label(key: string, value: string): this {
    (this.n.metadata.labels ??= {})[key] = value;
    return this;
  }
  labels(labels: Record<string, string>): this {
    this.n.metadata.labels = { ...this.n.metadata.labels, ...labels };
    return this;
  }
  /** Adds a taint: taint(key, value?, effect = NoSchedule) or taint({key, value, effect}). */
  taint(keyOrTaint: string | Taint, value?: string, effect: TaintEffect = 'NoSchedule'): this {
    const t: Taint = typeof keyOrTaint === 'string' ? { key: keyOrTaint, effect, ...(value !== undefined ? { value } : {}) } : keyOrTaint;
    ((this.n.spec ??= {}).taints ??= []).push(t);
    return this;
  }
  /** Sets the Ready condition: true -> "True", false -> "False", 'Unknown' -> "Unknown". */
  ready(ready: boolean | 'Unknown' = true): this {
    const status = this.n.status as NonNullable<Node['status']>;
    const s = ready === 'Unknown' ? 'Unknown' : ready ? 'True' : 'False';
    status.conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'Ready'),
      { type: 'Ready', status: s, reason: ready === true ? 'KubeletReady' : 'KubeletNotReady' },
    ];
    return this;
  }
  /** Removes every condition (a node that never reported status). */
  noConditions(): this {
    (this.n.status as NonNullable<Node['status']>).conditions = [];
    return this;
  }
  /** spec.unschedulable (kubectl cordon). */
  unschedulable(u = true): this {
    (this.n.spec ??= {}).unschedulable = u;
    return this;
  }
  obj(): Node {
    return clone(this.n);
  }
}

export function makePod(): PodWrapper {
  return new PodWrapper();
}

export function makeNode(): NodeWrapper {
  return new NodeWrapper();
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  private t: number;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  /** Advances the clock by `ms`. */
  step(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}

/** A deterministic random source (mulberry32). */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random source that always returns the same value (0 keeps the last tied node seen). */
export function constantRandom(v: number): RandomSource {
  return () => v;
}
