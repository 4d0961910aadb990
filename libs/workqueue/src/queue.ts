/** What `get()` resolves to: an item to process, or `shutdown: true` once the queue is shut down and drained. */
export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

/**
 * client-go's workqueue.Interface. Guarantees:
 *
 * - Fair: items are processed in the order in which they are added.
 * - Stingy: an item added several times before it is processed is processed once (the queue is a
 *   set of "dirty" items).
 * - One worker at a time: an item handed out by `get()` is not handed out again until `done(item)`;
 *   if it is added meanwhile, it is queued once more when `done` is called, so the change that
 *   caused the add is not lost.
 * - Shut down: `add` is ignored afterwards; `get()` hands out what is left and then resolves
 *   `{shutdown: true}` for every waiting and later caller.
 *
 * Items are compared with `Map` key semantics (use strings such as "namespace/name").
 */
export interface Queue<T> {
  add(item: T): void;
  /** Number of items waiting (not counting those being processed). */
  len(): number;
  /** Waits for the next item. */
  get(): Promise<GetResult<T>>;
  /** Marks the item as processed; re-queues it if it was added while being processed. */
  done(item: T): void;
  /** Stops accepting items; waiting `get` calls return shutdown once the queue is empty. */
  shutDown(): void;
  /** Like shutDown, then waits until every handed-out item is done. */
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

type Waiter<T> = (r: GetResult<T>) => void;

/** The basic FIFO work queue (workqueue.Type). */
export class WorkQueue<T> implements Queue<T> {
  private queue: T[] = [];
  /** Items that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<T>();
  /** Items handed out and not yet done. */
  private readonly processing = new Set<T>();
  private waiters: Array<Waiter<T>> = [];
  private drainWaiters: Array<() => void> = [];
  private shutdown = false;
  private head = 0;

  add(item: T): void {
    if (this.shutdown) return;
    if (this.dirty.has(item)) return;
    this.dirty.add(item);
    // Being processed: `done` re-queues it.
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.wake();
  }

  len(): number {
    return this.queue.length - this.head;
  }

  get(): Promise<GetResult<T>> {
    const r = this.tryGet();
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.wake();
    } else if (this.processing.size === 0) {
      const ws = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of ws) w();
    }
  }

  shutDown(): void {
    this.shutdown = true;
    this.wake();
  }

  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutdown;
  }

  private tryGet(): GetResult<T> | undefined {
    if (this.len() > 0) {
      const item = this.queue[this.head] as T;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.processing.add(item);
      this.dirty.delete(item);
      return { item, shutdown: false };
    }
    if (this.shutdown) return { item: undefined, shutdown: true };
    return undefined;
  }

  private wake(): void {
    while (this.waiters.length > 0) {
      const r = this.tryGet();
      if (!r) return;
      (this.waiters.shift() as Waiter<T>)(r);
    }
  }
}
