import { isNotFound, newNotFound, newConflict, OPTIMISTIC_LOCK_MESSAGE, type Lease } from '@kubesim/api';
import type { ResourceClient } from '@kubesim/client';

/** What the lock stores (resourcelock.LeaderElectionRecord); times are RFC 3339 with microseconds. */
export interface LeaderElectionRecord {
  /** '' when the lease was released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/**
 * A lock the elector competes for (resourcelock.Interface). `update` must be a compare-and-swap
 * against the version that the last `get` (or `create`/`update`) saw, so that of two candidates
 * that read the same record only one can write it.
 */
export interface ResourceLock {
  identity(): string;
  /** For logs, e.g. "kube-system/kube-scheduler". */
  describe(): string;
  /** The current record; throws NotFound when the lock object does not exist. */
  get(): Promise<{ record: LeaderElectionRecord; raw: string }>;
  create(record: LeaderElectionRecord): Promise<void>;
  update(record: LeaderElectionRecord): Promise<void>;
}

/** metav1.MicroTime's JSON form: 2006-01-02T15:04:05.000000Z. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function leaseToRecord(l: Lease): LeaderElectionRecord {
  const s = l.spec ?? {};
  return {
    holderIdentity: s.holderIdentity ?? '',
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime ?? '',
    renewTime: s.renewTime ?? '',
    leaseTransitions: s.leaseTransitions ?? 0,
  };
}

function recordToSpec(r: LeaderElectionRecord): NonNullable<Lease['spec']> {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: r.acquireTime,
    renewTime: r.renewTime,
    leaseTransitions: r.leaseTransitions,
  };
}

/**
 * A coordination.k8s.io/v1 Lease as the lock (resourcelock.LeaseLock). `update` sends the
 * resourceVersion of the Lease it last saw, so the apiserver rejects it with 409 Conflict if anyone
 * wrote the Lease in between.
 */
export class LeaseLock implements ResourceLock {
  private lease: Lease | undefined;

  constructor(
    private readonly client: ResourceClient<Lease>,
    readonly namespace: string,
    readonly name: string,
    private readonly id: string,
  ) {}

  identity(): string {
    return this.id;
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  async get(): Promise<{ record: LeaderElectionRecord; raw: string }> {
    const lease = await this.client.inNamespace(this.namespace).get(this.name);
    this.lease = lease;
    const record = leaseToRecord(lease);
    return { record, raw: JSON.stringify(record) };
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    this.lease = await this.client.inNamespace(this.namespace).create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace },
      spec: recordToSpec(record),
    });
  }

  async update(record: LeaderElectionRecord): Promise<void> {
    if (!this.lease) throw new Error('lease not initialized, call get or create first');
    const next: Lease = { ...this.lease, spec: recordToSpec(record) };
    this.lease = await this.client.inNamespace(this.namespace).update(next);
  }
}

/**
 * An in-memory lock with the same compare-and-swap semantics, shared by candidates in one process
 * (for tests). `failUpdatesFor(identity)` makes one candidate's writes fail, as a partitioned
 * candidate's would.
 */
export class MemoryLockStore {
  private record: LeaderElectionRecord | undefined;
  private version = 0;
  private readonly failing = new Set<string>();

  lock(identity: string): ResourceLock {
    let seen = -1;
    const check = () => {
      if (this.failing.has(identity)) throw new Error(`${identity}: injected write failure`);
    };
    return {
      identity: () => identity,
      describe: () => 'memory',
      get: async () => {
        if (!this.record) throw newNotFound({ group: 'coordination.k8s.io', resource: 'leases' }, 'memory');
        seen = this.version;
        return { record: { ...this.record }, raw: JSON.stringify(this.record) };
      },
      create: async (r) => {
        check();
        if (this.record) throw newConflict({ group: 'coordination.k8s.io', resource: 'leases' }, 'memory', 'already exists');
        this.record = { ...r };
        seen = ++this.version;
      },
      update: async (r) => {
        check();
        if (seen !== this.version) throw newConflict({ group: 'coordination.k8s.io', resource: 'leases' }, 'memory', OPTIMISTIC_LOCK_MESSAGE);
        this.record = { ...r };
        seen = ++this.version;
      },
    };
  }

  current(): LeaderElectionRecord | undefined {
    return this.record ? { ...this.record } : undefined;
  }

  failUpdatesFor(identity: string, fail = true): void {
    if (fail) this.failing.add(identity);
    else this.failing.delete(identity);
  }
}

export { isNotFound };
