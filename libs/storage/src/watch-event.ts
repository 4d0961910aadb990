import type { KubeObject } from '@kubesim/api';
import type { ObjectPredicate, StoreWatchEvent } from './interfaces.js';

/** Applies a predicate; a throw counts as no match. */
export function matches(pred: ObjectPredicate, obj: KubeObject): boolean {
  try {
    return pred(obj);
  } catch {
    return false;
  }
}

/** The object with metadata.resourceVersion replaced; nested fields are shared, not copied. */
export function withResourceVersion(obj: KubeObject, rev: string | number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
}

/**
 * What a watcher with `predicate` sees of one change (etcd3 watchChan.transform, cacheWatcher.convertToWatchEvent):
 * entering → ADDED, staying → MODIFIED, leaving → DELETED carrying the old state at the change's revision
 * (`leaving()`), neither → nothing. `object` of a DELETED change is the last state at the deletion revision;
 * `prevObject` is the previous state, when known. Without a known previous state a DELETED always passes.
 */
export function convertToWatchEvent(
  type: 'ADDED' | 'MODIFIED' | 'DELETED',
  object: KubeObject,
  prevObject: KubeObject | undefined,
  predicate: ObjectPredicate | undefined,
  leaving: () => KubeObject,
): StoreWatchEvent | undefined {
  const withPrev = prevObject ? { prevObject } : {};
  if (type === 'DELETED') {
    if (predicate && prevObject && !matches(predicate, prevObject)) return undefined;
    return { type, object, ...withPrev };
  }
  if (type === 'ADDED') return !predicate || matches(predicate, object) ? { type, object } : undefined;
  if (!predicate) return { type, object, ...withPrev };
  const curPasses = matches(predicate, object);
  const oldPasses = prevObject !== undefined && matches(predicate, prevObject);
  if (curPasses && oldPasses) return { type: 'MODIFIED', object, ...withPrev };
  if (curPasses) return { type: 'ADDED', object, ...withPrev };
  if (oldPasses) return { type: 'DELETED', object: leaving(), ...withPrev };
  return undefined;
}

/** A FIFO with O(1) shift (Array.prototype.shift is O(n) on long arrays). */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * What a watch has queued for its consumer and the consumer's side of it (`next`): the events in
 * order, then the error set by `fail`, then the end once the owner says it `ended`.
 */
export class PendingEvents<T> {
  private readonly queue = new Queue<T>();
  private readonly waiters: (() => void)[] = [];
  private error: unknown;

  get length(): number {
    return this.queue.length;
  }

  push(e: T): void {
    this.queue.push(e);
    this.wake();
  }

  clear(): void {
    this.queue.clear();
  }

  /** `next` throws `err` once the queued events are consumed. */
  fail(err: unknown): void {
    this.error = err;
  }

  /** Lets a waiting `next` look again (new events, an error, the end, a delegate). */
  wake(): void {
    if (this.waiters.length) for (const w of this.waiters.splice(0)) w();
  }

  /** The next event; while `delegate()` returns an iterator, that iterator's next event instead. */
  async next(ended: () => boolean, delegate?: () => AsyncIterator<T> | undefined): Promise<IteratorResult<T>> {
    for (;;) {
      const d = delegate?.();
      if (d) return d.next();
      const e = this.queue.shift();
      if (e) return { value: e, done: false };
      if (this.error !== undefined) {
        const err = this.error;
        this.error = undefined;
        throw err;
      }
      if (ended()) return { value: undefined, done: true };
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
