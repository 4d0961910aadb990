import type { Pod, PodStatus } from '@kubesim/api';
import { reasonOf } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import type { Logger } from '@kubesim/component-base';

/** JSON with sorted keys and without undefined values: equal statuses give equal strings. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJSON(x))).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export interface PodStatusManagerOptions {
  client: Clientset;
  /** The newest pod object the kubelet has seen for a UID (its pod informer's cache). */
  getPod: (uid: string) => Pod | undefined;
  log?: Logger;
  /** Retry delay after a failed write (default 1 s). */
  retryMs?: number;
  /** Called after each successful status write (for tests and metrics). */
  onWrite?: (pod: Pod) => void;
}

interface Entry {
  uid: string;
  namespace: string;
  name: string;
  desired?: PodStatus;
  desiredJSON?: string;
  /** What the API holds as far as we know (the last status written or read). */
  writtenJSON?: string;
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
 * the API holds, one write at a time per pod with the latest status winning, retries conflicts
 * with a fresh object, and makes the final `delete` (grace period 0, UID precondition) once the
 * pod's containers are stopped and the pod is marked for deletion.
 */
export class PodStatusManager {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;
  private readonly retryMs: number;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: PodStatusManagerOptions) {
    this.retryMs = opts.retryMs ?? 1000;
  }

  private entry(pod: Pod): Entry {
    const uid = pod.metadata.uid ?? '';
    let e = this.entries.get(uid);
    if (!e) {
      e = { uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', deleteRequested: false, deleted: false, running: false };
      if (pod.status) e.writtenJSON = canonicalJSON(pod.status);
      this.entries.set(uid, e);
    }
    return e;
  }

  /** SetPodStatus: the status the kubelet computed for the pod. */
  setPodStatus(pod: Pod, status: PodStatus): void {
    if (this.stopped) return;
    const e = this.entry(pod);
    if (e.deleted) return;
    e.desired = structuredClone(status);
    e.desiredJSON = canonicalJSON(status);
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

  /** The status last written (or read) for the pod, as JSON. */
  writtenStatus(uid: string): PodStatus | undefined {
    const j = this.entries.get(uid)?.writtenJSON;
    return j ? (JSON.parse(j) as PodStatus) : undefined;
  }

  /** Resolves when no write is in flight or pending. */
  whenIdle(): Promise<void> {
    if (![...this.entries.values()].some((e) => e.running || e.retry)) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    for (const e of this.entries.values()) clearTimeout(e.retry);
  }

  private kick(e: Entry): void {
    if (e.running || e.retry) return;
    void this.run(e);
  }

  private async run(e: Entry): Promise<void> {
    e.running = true;
    let retry = false;
    try {
      while (!this.stopped && !e.deleted) {
        if (e.desiredJSON !== undefined && e.desiredJSON !== e.writtenJSON) {
          if (!(await this.writeStatus(e))) {
            retry = true;
            break;
          }
          continue;
        }
        if (e.deleteRequested) {
          if (!(await this.finalDelete(e))) retry = true;
        }
        break;
      }
    } finally {
      e.running = false;
      if (e.deleted) this.entries.delete(e.uid);
      else if (retry && !this.stopped) {
        e.retry = setTimeout(() => {
          e.retry = undefined;
          this.kick(e);
        }, this.retryMs);
      }
      if (![...this.entries.values()].some((x) => x.running || x.retry)) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** One status write; false asks for a retry later. */
  private async writeStatus(e: Entry): Promise<boolean> {
    const pods = this.opts.client.pods(e.namespace);
    const want = e.desiredJSON!;
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
      if (canonicalJSON(base.status) === want) {
        e.writtenJSON = want;
        e.latest = base;
        return true;
      }
      try {
        const updated = await pods.updateStatus({ ...base, status: e.desired! });
        e.latest = updated;
        e.writtenJSON = want;
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
