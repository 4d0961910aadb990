import { isNotFound, type Event, type ObjectReference } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';

export interface EventRecorderOptions {
  client: Clientset;
  /** source.component and reportingComponent, e.g. "default-scheduler". */
  component: string;
  /** reportingInstance, e.g. "default-scheduler-<host>". */
  instance: string;
  /** Events buffered before new ones are dropped (client-go's broadcaster drops too). Default 10,000. */
  bufferSize?: number;
  /** Concurrent writes. Default 8. */
  concurrency?: number;
  log?: { warn(obj: object, msg: string): void };
}

interface Pending {
  ref: ObjectReference;
  type: 'Normal' | 'Warning';
  reason: string;
  action: string;
  message: string;
  at: Date;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

const MAX_SEEN = 4096;

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Writes core/v1 Events the way client-go's record.EventRecorder does, off the caller's path:
 * `event()` only buffers; a few writers create the Events in the involved object's namespace,
 * named "<object>.<hex nanoseconds>". A repeat of the same (object, type, reason, message) within
 * the recent past is folded into the existing Event (count and lastTimestamp patched), as the
 * EventCorrelator aggregates. A full buffer drops events rather than blocking scheduling.
 */
export class EventRecorder {
  private readonly buffer: Pending[] = [];
  private readonly seen = new Map<string, Seen>();
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly bufferSize: number;
  private readonly concurrency: number;
  private seq = 0n;
  dropped = 0;
  written = 0;

  constructor(private readonly opts: EventRecorderOptions) {
    this.bufferSize = opts.bufferSize ?? 10_000;
    this.concurrency = opts.concurrency ?? 8;
  }

  event(ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void {
    if (this.buffer.length >= this.bufferSize) {
      this.dropped++;
      return;
    }
    this.buffer.push({ ref, type, reason, action, message, at: new Date() });
    this.pump();
  }

  /** Resolves once everything buffered so far has been written (or failed). */
  flush(): Promise<void> {
    if (this.buffer.length === 0 && this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.concurrency && this.buffer.length > 0) {
      const e = this.buffer.shift() as Pending;
      this.active++;
      void this.write(e)
        .catch((err) => this.opts.log?.warn({ err, reason: e.reason, object: `${e.ref.namespace}/${e.ref.name}` }, 'failed to write event'))
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.buffer.length === 0) {
            const ws = this.idleWaiters;
            this.idleWaiters = [];
            for (const w of ws) w();
          }
        });
    }
  }

  private async write(e: Pending): Promise<void> {
    const ns = e.ref.namespace || 'default';
    const key = `${e.ref.uid ?? ''}\u0000${e.ref.kind ?? ''}\u0000${ns}\u0000${e.ref.name ?? ''}\u0000${e.type}\u0000${e.reason}\u0000${e.message}`;
    const now = timestamp(e.at);
    const prev = this.seen.get(key);
    if (prev) {
      prev.count++;
      try {
        await this.opts.client.events(prev.namespace).patch(prev.name, 'merge', { count: prev.count, lastTimestamp: now });
        this.written++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // Expired meanwhile: write a new one.
      }
    }
    const name = `${e.ref.name}.${(BigInt(e.at.getTime()) * 1_000_000n + (this.seq++ % 1_000_000n)).toString(16)}`;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: e.ref,
      reason: e.reason,
      message: e.message,
      source: { component: this.opts.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type: e.type,
      eventTime: null,
      action: e.action,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.instance,
    };
    await this.opts.client.events(ns).create(ev);
    this.written++;
    this.seen.delete(key);
    this.seen.set(key, { name, namespace: ns, count: 1, firstTimestamp: now });
    if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.keys().next().value as string);
  }
}
