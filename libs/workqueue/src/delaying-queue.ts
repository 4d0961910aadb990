import { realClock, type Clock } from './clock.js';
import { WorkQueue, type Queue } from './queue.js';

/**
 * workqueue.DelayingInterface: a Queue that can also add an item later. An item already waiting
 * keeps the earlier of its two ready times. Waiting items are dropped by shutDown.
 */
export interface DelayingQueue<T> extends Queue<T> {
  /** Adds the item after `delayMs` (at once when <= 0). */
  addAfter(item: T, delayMs: number): void;
}

export class DelayingWorkQueue<T> extends WorkQueue<T> implements DelayingQueue<T> {
  private readonly clock: Clock;
  /** item -> when it becomes ready. */
  private readonly waiting = new Map<T, number>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(opts: { clock?: Clock } = {}) {
    super();
    this.clock = opts.clock ?? realClock;
  }

  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const cur = this.waiting.get(item);
    if (cur !== undefined && cur <= readyAt) return;
    this.waiting.set(item, readyAt);
    this.arm();
  }

  /** Number of items waiting for their delay to pass. */
  waitingLen(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    this.waiting.clear();
    super.shutDown();
  }

  /** Keeps one timer, for the earliest waiting item. */
  private arm(): void {
    let next = Infinity;
    for (const t of this.waiting.values()) if (t < next) next = t;
    if (next === this.timerAt) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.cancelTimer = this.clock.setTimer(() => this.fire(), next - this.clock.now());
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const due = [...this.waiting].filter(([, t]) => t <= now).sort((a, b) => a[1] - b[1]);
    for (const [item] of due) {
      this.waiting.delete(item);
      this.add(item);
    }
    this.arm();
  }
}
