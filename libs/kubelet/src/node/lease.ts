import type { Lease } from '@kubesim/api';
import { reasonOf } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import type { Logger } from '@kubesim/component-base';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface NodeLeaseOptions {
  client: Clientset;
  nodeName: string;
  leaseDurationSeconds: number;
  renewIntervalMs: number;
  /** The Node's UID once registered (the lease is owned by the Node). */
  nodeUID: () => string | undefined;
  log?: Logger;
}

/**
 * pkg/kubelet/nodelease (component-helpers' lease controller): keeps the node's Lease in
 * kube-node-lease renewed every `renewIntervalMs`; the node lifecycle controller reads renewTime
 * as the node's heartbeat. Creates the Lease when it is missing; retries quickly on errors.
 */
export class NodeLeaseController {
  private lease?: Lease;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private failures = 0;
  /** Resolves after the first successful renewal. */
  readonly firstRenewal: Promise<void>;
  private resolveFirst!: () => void;

  constructor(private readonly opts: NodeLeaseOptions) {
    this.firstRenewal = new Promise((r) => (this.resolveFirst = r));
  }

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let next = this.opts.renewIntervalMs;
    try {
      await this.renew();
      this.failures = 0;
      this.resolveFirst();
    } catch (e) {
      this.failures++;
      next = Math.min(this.opts.renewIntervalMs, 200 * 2 ** Math.min(this.failures, 5));
      this.opts.log?.warn({ err: e }, 'failed to renew the node lease');
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), next);
  }

  private desired(base?: Lease): Lease {
    const uid = this.opts.nodeUID();
    const lease: Lease = base
      ? structuredClone(base)
      : { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.opts.nodeName, namespace: NODE_LEASE_NAMESPACE } };
    if (uid && !lease.metadata.ownerReferences?.some((o) => o.uid === uid)) {
      lease.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: this.opts.nodeName, uid }];
    }
    lease.spec = {
      ...(lease.spec ?? {}),
      holderIdentity: this.opts.nodeName,
      leaseDurationSeconds: this.opts.leaseDurationSeconds,
      renewTime: microTime(),
    };
    return lease;
  }

  private async renew(): Promise<void> {
    const leases = this.opts.client.leases(NODE_LEASE_NAMESPACE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (!this.lease) {
          try {
            this.lease = await leases.get(this.opts.nodeName);
          } catch (e) {
            if (reasonOf(e) !== 'NotFound') throw e;
            this.lease = await leases.create(this.desired());
            return;
          }
        }
        this.lease = await leases.update(this.desired(this.lease));
        return;
      } catch (e) {
        const reason = reasonOf(e);
        if (reason === 'Conflict' || reason === 'NotFound' || reason === 'AlreadyExists') {
          this.lease = undefined;
          continue;
        }
        throw e;
      }
    }
    throw new Error('could not renew the node lease after 3 attempts');
  }
}
