import type { Pod } from '@kubesim/api';
import { isExpired, semanticEqual } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import type { Logger } from '@kubesim/component-base';

export interface PodSourceHandlers {
  /** A pod bound to the node appeared (or, after a relist, is known again). */
  add(pod: Pod): void;
  /** A pod changed in what the kubelet acts on (podsDifferSemantically). */
  update(pod: Pod, old: Pod): void;
  /** A pod changed in its status alone (a RECONCILE in pkg/kubelet/config). */
  reconcile(pod: Pod): void;
  /** The pod is gone from the API. */
  delete(pod: Pod): void;
  /** The first full list is in the cache. */
  synced?(): void;
}

export interface PodSourceOptions {
  client: Clientset;
  nodeName: string;
  handlers: PodSourceHandlers;
  log?: Logger;
  /** Delay before re-listing after an error (doubles up to 5 s; default 250 ms). */
  retryMs?: number;
}

/**
 * podsDifferSemantically (pkg/kubelet/config): whether a pod changed in what the kubelet acts on
 * – spec, labels, annotations, deletion timestamp and grace period. A change of anything else (the
 * status, the resourceVersion) is a reconcile, not an update.
 */
export function podsDifferSemantically(existing: Pod, ref: Pod): boolean {
  const a = existing.metadata;
  const b = ref.metadata;
  return !(
    semanticEqual(existing.spec, ref.spec) &&
    semanticEqual(a.labels, b.labels) &&
    a.deletionTimestamp === b.deletionTimestamp &&
    a.deletionGracePeriodSeconds === b.deletionGracePeriodSeconds &&
    semanticEqual(a.annotations, b.annotations)
  );
}

/**
 * status.NeedToReconcilePodReadiness, conservatively: the Ready condition of a pod with readiness
 * gates depends on conditions others write into its status, so every change of it syncs the pod.
 */
export function needToReconcilePodReadiness(pod: Pod): boolean {
  return ((pod.spec as { readinessGates?: unknown[] }).readinessGates?.length ?? 0) > 0;
}

const key = (p: Pod) => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;

/**
 * pkg/kubelet/config's API source: a reflector that lists and watches the pods bound to this node
 * (`fieldSelector=spec.nodeName=<node>`), keeps them in a cache, re-watches from the last
 * resourceVersion when a watch ends and re-lists (diffing against the cache) when the version
 * has expired or the apiserver was unreachable.
 */
export class PodSource {
  private readonly cache = new Map<string, Pod>();
  private abort = new AbortController();
  private stopped = false;
  private hasSynced = false;
  private running?: Promise<void>;
  private readonly retryMs: number;

  constructor(private readonly opts: PodSourceOptions) {
    this.retryMs = opts.retryMs ?? 250;
  }

  get synced(): boolean {
    return this.hasSynced;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  list(): Pod[] {
    return [...this.cache.values()];
  }

  get(namespace: string, name: string): Pod | undefined {
    return this.cache.get(`${namespace}/${name}`);
  }

  byUID(uid: string): Pod | undefined {
    for (const p of this.cache.values()) if (p.metadata.uid === uid) return p;
    return undefined;
  }

  private get selector(): string {
    return `spec.nodeName=${this.opts.nodeName}`;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let rv: string;
      try {
        rv = await this.relist();
        failures = 0;
      } catch (e) {
        if (this.stopped) return;
        failures++;
        this.opts.log?.warn({ err: e }, 'failed to list pods');
        await this.sleep(Math.min(5000, this.retryMs * 2 ** Math.min(failures, 5)));
        continue;
      }
      // Watch until the version expires (relist) or the apiserver goes away (relist after a pause).
      for (;;) {
        if (this.stopped) return;
        const began = Date.now();
        try {
          rv = await this.watch(rv);
          // A stream the server ends at once (shutting down?) must not become a busy loop.
          if (Date.now() - began < 100) await this.sleep(this.retryMs);
        } catch (e) {
          if (this.stopped) return;
          if (!isExpired(e)) {
            this.opts.log?.warn({ err: e }, 'pod watch failed');
            await this.sleep(this.retryMs);
          }
          break;
        }
      }
    }
  }

  private async relist(): Promise<string> {
    const list = await this.opts.client.pods('').list({ fieldSelector: this.selector });
    const seen = new Set<string>();
    for (const pod of list.items) {
      const k = key(pod);
      seen.add(k);
      this.upsert(pod);
    }
    for (const [k, old] of [...this.cache]) {
      if (!seen.has(k)) {
        this.cache.delete(k);
        this.opts.handlers.delete(old);
      }
    }
    if (!this.hasSynced) {
      this.hasSynced = true;
      this.opts.handlers.synced?.();
    }
    return list.metadata.resourceVersion ?? '';
  }

  private upsert(pod: Pod): void {
    const k = key(pod);
    const old = this.cache.get(k);
    this.cache.set(k, pod);
    if (!old) this.opts.handlers.add(pod);
    else if (old.metadata.uid !== pod.metadata.uid) {
      // Same name, new pod: the old one is gone.
      this.opts.handlers.delete(old);
      this.opts.handlers.add(pod);
    } else if (old.metadata.resourceVersion !== pod.metadata.resourceVersion) {
      // checkAndUpdatePod: a change of the status alone (this kubelet's own writes coming back,
      // mostly) is a reconcile, not an update.
      if (podsDifferSemantically(old, pod) || needToReconcilePodReadiness(pod)) this.opts.handlers.update(pod, old);
      else this.opts.handlers.reconcile(pod);
    }
  }

  /** Watches from `rv` until the stream ends; returns the last resourceVersion seen. */
  private async watch(rv: string): Promise<string> {
    const ac = new AbortController();
    const onStop = () => ac.abort();
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    try {
      for await (const ev of this.opts.client.pods('').watch({ fieldSelector: this.selector, resourceVersion: rv, allowWatchBookmarks: true, signal: ac.signal })) {
        const pod = ev.object as Pod;
        if (pod?.metadata?.resourceVersion) rv = pod.metadata.resourceVersion;
        switch (ev.type) {
          case 'ADDED':
          case 'MODIFIED':
            this.upsert(pod);
            break;
          case 'DELETED': {
            const k = key(pod);
            const old = this.cache.get(k);
            if (old && old.metadata.uid === pod.metadata.uid) {
              this.cache.delete(k);
              this.opts.handlers.delete(pod);
            }
            break;
          }
          default:
            break;
        }
      }
    } finally {
      this.abort.signal.removeEventListener('abort', onStop);
    }
    return rv;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.abort.signal;
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
