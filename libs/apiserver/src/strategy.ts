import {
  setDefaults,
  validateObject,
  validateObjectUpdate,
  type FieldError,
  type KubeObject,
  type Namespace,
  type Pod,
  type ResourceInfo,
} from '@kubesim/api';
import { isDeepStrictEqual } from 'node:util';

/**
 * A resource's rules on the write path, as Kubernetes' registry strategies (RESTCreateStrategy,
 * RESTUpdateStrategy, RESTGracefulDeleteStrategy): what a create or update may set, how status and
 * spec are separated between the main resource and the status subresource, and validation.
 */
export interface Strategy {
  /** Resources whose status is written only through the status subresource. */
  hasStatusSubresource: boolean;
  /** Whether metadata.generation tracks spec changes. */
  tracksGeneration: boolean;
  /** Whether an update of a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** Default propagation policy when a delete names none (Kubernetes' DefaultGarbageCollectionPolicy). */
  defaultPropagation: 'Orphan' | 'Background';
  prepareForCreate(obj: KubeObject): void;
  /** Called for the main resource: status changes are discarded here when `hasStatusSubresource`. */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * The grace period a delete gets, or 0 to delete at once; undefined when the resource is not
   * deleted gracefully.
   */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
}

type Rec = Record<string, unknown>;

function specOf(o: KubeObject): unknown {
  const r = o as unknown as Rec;
  // Everything but metadata and status counts as spec (events, leases, endpoints keep data at top level).
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = r;
  return rest;
}

export function specChanged(obj: KubeObject, old: KubeObject): boolean {
  return !isDeepStrictEqual(specOf(obj), specOf(old));
}

function base(resource: string, overrides: Partial<Strategy> = {}): Strategy {
  return {
    hasStatusSubresource: false,
    tracksGeneration: false,
    allowCreateOnUpdate: false,
    defaultPropagation: 'Background',
    prepareForCreate(obj) {
      setDefaults(resource, obj);
    },
    prepareForUpdate(obj, old) {
      setDefaults(resource, obj);
      if (this.hasStatusSubresource) {
        const o = obj as unknown as Rec;
        const prev = (old as unknown as Rec)['status'];
        if (prev === undefined) delete o['status'];
        else o['status'] = structuredClone(prev);
      }
    },
    validate: (obj) => validateObject(resource, obj),
    validateUpdate: (obj, old) => validateObjectUpdate(resource, obj, old),
    ...overrides,
  };
}

function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const STRATEGIES: Record<string, Strategy> = {
  pods: base('pods', {
    hasStatusSubresource: true,
    prepareForCreate(obj) {
      setDefaults('pods', obj);
      const pod = obj as Pod;
      pod.status = { phase: 'Pending', qosClass: podQOSClass(pod) };
    },
    gracePeriod(obj, requested) {
      const pod = obj as Pod;
      // Pods never scheduled, or already terminal, have nothing on a node to stop.
      if (!pod.spec.nodeName) return 0;
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
      const g = requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      return Math.max(0, g);
    },
  }),
  nodes: base('nodes', { hasStatusSubresource: true }),
  namespaces: base('namespaces', {
    hasStatusSubresource: true,
    prepareForCreate(obj) {
      setDefaults('namespaces', obj);
      const ns = obj as Namespace;
      ns.spec = { finalizers: ['kubernetes'], ...(ns.spec ?? {}) };
      ns.status = { phase: 'Active' };
      ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
    },
  }),
  events: base('events', { allowCreateOnUpdate: true }),
  replicationcontrollers: base('replicationcontrollers', {
    hasStatusSubresource: true,
    tracksGeneration: true,
    allowCreateOnUpdate: true,
    // core/v1 ReplicationController deletes orphan by default (kubectl always sends a policy).
    defaultPropagation: 'Orphan',
    prepareForCreate(obj) {
      setDefaults('replicationcontrollers', obj);
      (obj as unknown as Rec)['status'] = { replicas: 0 };
    },
  }),
  replicasets: base('replicasets', {
    hasStatusSubresource: true,
    tracksGeneration: true,
    prepareForCreate(obj) {
      setDefaults('replicasets', obj);
      (obj as unknown as Rec)['status'] = { replicas: 0 };
    },
  }),
  leases: base('leases', { allowCreateOnUpdate: true }),
  services: base('services', { hasStatusSubresource: true }),
  endpoints: base('endpoints', { allowCreateOnUpdate: true }),
};

export function strategyFor(r: ResourceInfo): Strategy {
  return STRATEGIES[r.resource] ?? base(r.resource);
}
