import type { Pod, PodStatus } from '@kubesim/api';
import { reasonOf, semanticEqual } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import type { Logger } from '@kubesim/component-base';

export interface PodStatusManagerOptions {
  client: Clientset;
  /** The newest pod object the kubelet has seen for a UID (its pod informer's cache). */
  getPod: (uid: string) => Pod | undefined;
  log?: Logger;
  /** Retry delay after a failed write (default 1 s). */
  retryMs?: number;
  /** Called after each successful status write (for tests and metrics). */
  onWrite?: (pod: Pod) => void;
  /** Writes (and final deletes) in flight at once, across pods (default MAX_CONCURRENT_WRITES). */
  maxConcurrentWrites?: number;
}

/**
 * Kubernetes' status manager writes one pod at a time (syncBatch); a few at once keep a burst of
 * pods on one node from queueing behind each other's round trips, while a pod waiting for its turn
 * still writes only its newest status: a pod that started meanwhile skips its ContainerCreating write.
 */
export const MAX_CONCURRENT_WRITES = 4;

interface Entry {
  uid: string;
  namespace: string;
  name: string;
  /** The newest status the kubelet computed (a copy; never mutated). */
  desired?: PodStatus;
  /** What the API holds as far as we know (the last status written or read). */
  written?: PodStatus;
  /** The newest object the status writes returned (newer than the informer's, at times). */
  latest?: Pod;
  deleteRequested: boolean;
  deleted: boolean;
  running: boolean;
  retry?: NodeJS.Timeout;
}

function rvNewer(a: Pod | undefined, b: Pod | undefined): Pod | undefined {
  if (!a) return b;
  if (!b) return a;
  try {
    return BigInt(a.metadata.resourceVersion ?? '0') >= BigInt(b.metadata.resourceVersion ?? '0') ? a : b;
  } catch {
    return b;
  }
}

/**
 * pkg/kubelet/status: the kubelet's status manager. The pod sync loop hands it every status it
 * computes; it writes a pod's status to the API (PUT pods/status) only when it differs from what
 * the API holds. Pods take turns (at most maxConcurrentWrites writes in flight, one per pod), each
 * turn writing the pod's newest status. It retries conflicts with a fresh object, and makes the
 * final `delete` (grace period 0, UID precondition) once the pod's containers are stopped and the
 * pod is marked for deletion.
 */
export class PodStatusManager {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;
  private readonly retryMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** Pods with something to write, in the order they asked (a Set keeps insertion order). */
  private readonly waiting = new Set<Entry>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: PodStatusManagerOptions) {
    this.retryMs = opts.retryMs ?? 1000;
    this.maxInFlight = Math.max(1, opts.maxConcurrentWrites ?? MAX_CONCURRENT_WRITES);
  }

  private entry(pod: Pod): Entry {
    const uid = pod.metadata.uid ?? '';
    let e = this.entries.get(uid);
    if (!e) {
      e = { uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', deleteRequested: false, deleted: false, running: false };
      if (pod.status) e.written = pod.status;
      this.entries.set(uid, e);
    }
    return e;
  }

  /** SetPodStatus: the status the kubelet computed for the pod. */
  setPodStatus(pod: Pod, status: PodStatus): void {
    if (this.stopped) return;
    const e = this.entry(pod);
    if (e.deleted) return;
    // The sync loop hands over the same status again and again; only a change is copied and written.
    if (e.desired !== undefined && semanticEqual(e.desired, status)) return;
    e.desired = structuredClone(status);
    this.kick(e);
  }

  /** The pod's containers are stopped for good: delete it from the API if it is being deleted. */
  podTerminated(pod: Pod): void {
    if (this.stopped) return;
    const e = this.entry(pod);
    const latest = this.opts.getPod(e.uid) ?? pod;
    if (!latest.metadata.deletionTimestamp || e.deleted) return;
    e.deleteRequested = true;
    this.kick(e);
  }

  /** The pod is gone from the API: nothing more to write. */
  forget(uid: string): void {
    const e = this.entries.get(uid);
    if (!e) return;
    clearTimeout(e.retry);
    e.deleted = true;
    if (!e.running) this.entries.delete(uid);
  }

  /** The status last written (or read) for the pod (a copy). */
  writtenStatus(uid: string): PodStatus | undefined {
    const w = this.entries.get(uid)?.written;
    return w ? structuredClone(w) : undefined;
  }

  /** Resolves when no write is in flight or pending. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.waiting.clear();
    for (const e of this.entries.values()) clearTimeout(e.retry);
  }

  /** No write in flight, pending or waiting to be retried. */
  isIdle(): boolean {
    if (this.waiting.size || this.inFlight) return false;
    for (const e of this.entries.values()) if (e.retry) return false;
    return true;
  }

  /** Whether the pod's newest status differs from what the API holds. */
  private statusChanged(e: Entry): boolean {
    return e.desired !== undefined && !semanticEqual(e.desired, e.written);
  }

  private pending(e: Entry): boolean {
    return this.statusChanged(e) || e.deleteRequested;
  }

  /** Queues the pod for a turn (unless it has one coming) and starts what the limit allows. */
  private kick(e: Entry): void {
    if (!e.running && !e.retry) this.waiting.add(e);
    this.next();
  }

  private next(): void {
    for (const e of this.waiting) {
      if (this.inFlight >= this.maxInFlight || this.stopped) return;
      this.waiting.delete(e);
      if (!e.deleted && !e.running) void this.run(e);
    }
  }

  /** One turn: the pod's newest status (or else its final delete); then it queues again if more is left. */
  private async run(e: Entry): Promise<void> {
    e.running = true;
    this.inFlight++;
    let retry = false;
    try {
      if (!this.stopped && !e.deleted) {
        if (this.statusChanged(e)) {
          if (!(await this.writeStatus(e))) retry = true;
        } else if (e.deleteRequested) {
          if (!(await this.finalDelete(e))) retry = true;
        }
      }
    } finally {
      e.running = false;
      this.inFlight--;
      if (e.deleted) this.entries.delete(e.uid);
      else if (retry && !this.stopped) {
        e.retry = setTimeout(() => {
          e.retry = undefined;
          this.kick(e);
        }, this.retryMs);
      } else if (!this.stopped && this.pending(e)) this.waiting.add(e);
      this.next();
      if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** One status write; false asks for a retry later. */
  private async writeStatus(e: Entry): Promise<boolean> {
    const pods = this.opts.client.pods(e.namespace);
    const want = e.desired!;
    let base = rvNewer(e.latest, this.opts.getPod(e.uid));
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!base) {
        try {
          base = await pods.get(e.name);
        } catch (err) {
          return this.gone(e, err);
        }
        if (base.metadata.uid !== e.uid) {
          e.deleted = true;
          return true;
        }
      }
      if (semanticEqual(base.status, want)) {
        e.written = want;
        e.latest = base;
        return true;
      }
      try {
        const updated = await pods.updateStatus({ ...base, status: want });
        e.latest = updated;
        e.written = want;
        this.opts.onWrite?.(updated);
        return true;
      } catch (err) {
        if (reasonOf(err) === 'Conflict') {
          base = undefined;
          e.latest = undefined;
          continue;
        }
        return this.gone(e, err);
      }
    }
    return false;
  }

  private gone(e: Entry, err: unknown): boolean {
    if (reasonOf(err) === 'NotFound') {
      e.deleted = true;
      return true;
    }
    this.opts.log?.warn({ err, pod: `${e.namespace}/${e.name}` }, 'failed to update pod status');
    return false;
  }

  /** The kubelet's final delete: grace period 0, only this UID. */
  private async finalDelete(e: Entry): Promise<boolean> {
    try {
      await this.opts.client.pods(e.namespace).delete(e.name, { gracePeriodSeconds: 0, preconditions: { uid: e.uid } });
      e.deleted = true;
      return true;
    } catch (err) {
      const reason = reasonOf(err);
      if (reason === 'NotFound' || reason === 'Conflict') {
        e.deleted = true;
        return true;
      }
      this.opts.log?.warn({ err, pod: `${e.namespace}/${e.name}` }, 'failed to delete pod');
      return false;
    }
  }
}
