import type { Event, ObjectReference, Pod } from '@kubesim/api';
import { reasonOf } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { type Logger, waitWhileBusy } from '@kubesim/component-base';
import { type Clock, realClock, rfc3339 } from '../clock.js';

export interface EventRecorderOptions {
  client: Clientset;
  /** source.component / reportingComponent: "kubelet". */
  component: string;
  /** source.host / reportingInstance: the node name. */
  host: string;
  clock?: Clock;
  log?: Logger;
  /** Events waiting to be written beyond this are dropped, oldest first (the broadcaster's 1000). */
  maxQueued?: number;
  /** Distinct events remembered for aggregation (the correlator's LRU of 4096). */
  cacheSize?: number;
  /**
   * Whether the work users wait for is under way (the kubelet: pod statuses to write). Events are
   * background work: they wait until this has been false for `quietMs` (default 200), at most
   * `maxDeferMs` (default 2000) after they were recorded. Their timestamps are those of the moment
   * they were recorded either way.
   */
  busy?: () => boolean;
  quietMs?: number;
  maxDeferMs?: number;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

interface Op {
  kind: 'create' | 'patch';
  event: Event;
  key: string;
  /** Epoch ms it was recorded. */
  at: number;
}

/** An ObjectReference to a pod, with a container's field path. */
export function podReference(pod: Pod, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    apiVersion: 'v1',
  };
  if (pod.metadata.resourceVersion) ref.resourceVersion = pod.metadata.resourceVersion;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** The kubelet's reference to its Node (its UID is the node name, as in the kubelet). */
export function nodeReference(nodeName: string): ObjectReference {
  return { kind: 'Node', name: nodeName, uid: nodeName, apiVersion: 'v1' };
}

/**
 * client-go's event recorder and EventCorrelator as the kubelet uses them: events are written
 * asynchronously in order; a repeat of an event (same source, object, type, reason and message)
 * is not a new object but bumps `count` and `lastTimestamp` of the first one (a patch), as
 * `kubectl describe` shows "(x4 over 2m)". Writing yields to the kubelet's own work (`busy`).
 */
export class EventRecorder {
  private readonly clock: Clock;
  private readonly seen = new Map<string, Seen>();
  private readonly queue: Op[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private closed = false;
  /** A lull in the kubelet's work began, and it has not been seen busy since. */
  private inLull = false;
  private readonly maxQueued: number;
  private readonly cacheSize: number;
  private readonly maxDeferMs: number;
  private readonly quietMs: number;

  constructor(private readonly opts: EventRecorderOptions) {
    this.clock = opts.clock ?? realClock;
    this.maxQueued = opts.maxQueued ?? 1000;
    this.cacheSize = opts.cacheSize ?? 4096;
    this.maxDeferMs = opts.maxDeferMs ?? 2000;
    this.quietMs = opts.quietMs ?? 200;
  }

  /** Records an event about `ref` (namespace: the object's, or default for cluster objects). */
  record(ref: ObjectReference, type: 'Normal' | 'Warning' | string, reason: string, message: string): void {
    if (this.closed) return;
    const namespace = ref.namespace || 'default';
    const now = rfc3339(this.clock.now());
    // getEventKey: everything that identifies "the same event" (resourceVersion excluded).
    const key = JSON.stringify([
      this.opts.component, this.opts.host, ref.kind, namespace, ref.name, ref.fieldPath ?? '', ref.uid ?? '', ref.apiVersion ?? '', type, reason, message,
    ]);
    const prev = this.seen.get(key);
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: prev?.name ?? `${ref.name}.${eventSuffix(this.clock.now())}`, namespace },
      involvedObject: { ...ref },
      reason,
      message,
      source: { component: this.opts.component, host: this.opts.host },
      firstTimestamp: prev?.firstTimestamp ?? now,
      lastTimestamp: now,
      count: (prev?.count ?? 0) + 1,
      type,
      eventTime: null,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.host,
    };
    const seen: Seen = { name: event.metadata.name!, namespace, count: event.count!, firstTimestamp: event.firstTimestamp! };
    this.seen.delete(key);
    this.seen.set(key, seen);
    if (this.seen.size > this.cacheSize) this.seen.delete(this.seen.keys().next().value!);
    this.enqueue({ kind: prev ? 'patch' : 'create', event, key, at: Date.now() });
  }

  /** Resolves once every queued event has been written (or given up on). */
  flush(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Stops accepting events; queued ones are still written (see flush). */
  close(): void {
    this.closed = true;
  }

  private enqueue(op: Op): void {
    this.queue.push(op);
    while (this.queue.length > this.maxQueued) this.queue.shift();
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        await this.yieldToKubelet(this.queue[0]!.at);
        const op = this.queue.shift();
        if (op) await this.write(op);
      }
    } finally {
      this.running = false;
      for (const r of this.idle.splice(0)) r();
    }
  }

  /**
   * Waits for a lull of `quietMs` in the kubelet's work, unless the kubelet has not been busy since
   * the last one began (its events go one after the other), and no longer than `maxDeferMs` after
   * the event was recorded.
   */
  private async yieldToKubelet(recordedAt: number): Promise<void> {
    const busy = this.opts.busy;
    if (!busy || this.closed) return;
    if (busy()) this.inLull = false;
    if (this.inLull) return;
    await waitWhileBusy(() => busy() && !this.closed, recordedAt + this.maxDeferMs, { quietMs: this.quietMs });
    this.inLull = true;
  }

  private async write(op: Op): Promise<void> {
    const { event } = op;
    const events = this.opts.client.events(event.metadata.namespace);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (op.kind === 'patch') {
          try {
            await events.patch(event.metadata.name!, 'merge', { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message });
            return;
          } catch (e) {
            // The first one expired (event TTL) or was never written: create it again.
            if (reasonOf(e) !== 'NotFound') throw e;
          }
        }
        try {
          await events.create(event);
        } catch (e) {
          if (reasonOf(e) !== 'AlreadyExists') throw e;
          await events.patch(event.metadata.name!, 'merge', { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message });
        }
        return;
      } catch (e) {
        const reason = reasonOf(e);
        // Not retryable: a namespace being deleted, an invalid event, no permission.
        if (reason === 'Forbidden' || reason === 'Invalid' || reason === 'BadRequest' || reason === 'NotFound' || this.closed) {
          this.opts.log?.debug({ err: e, reason: event.reason }, 'dropping event');
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
    this.opts.log?.warn({ reason: event.reason, object: event.involvedObject.name }, 'could not write event; dropped');
  }
}

let lastNs = 0n;
/**
 * The name suffix client-go uses: the event time in nanoseconds, hex. Strictly increasing within
 * the process, so that names sort in recording order.
 */
function eventSuffix(ms: number): string {
  let ns = BigInt(ms) * 1_000_000n + BigInt(process.hrtime()[1] % 1_000_000);
  if (ns <= lastNs) ns = lastNs + 1n;
  lastNs = ns;
  return ns.toString(16);
}
