/**
 * A binary heap of values addressed by key (internal/heap.Heap): push, pop of the least element,
 * and get / delete / re-order of any element by key, each O(log n). `less` must be a strict order
 * that only changes for an element when `fix(key)` is called for it.
 */
export class KeyedHeap<V> {
  private readonly items: Array<{ key: string; value: V }> = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly less: (a: V, b: V) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): V | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : (this.items[i] as { value: V }).value;
  }

  /** Adds the value, or replaces the one with the same key and restores the order. */
  set(key: string, value: V): this {
    const i = this.index.get(key);
    if (i !== undefined) {
      (this.items[i] as { value: V }).value = value;
      this.fixAt(i);
      return this;
    }
    this.items.push({ key, value });
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
    return this;
  }

  /** Restores the order after the element's value was changed in place. */
  fix(key: string): void {
    const i = this.index.get(key);
    if (i !== undefined) this.fixAt(i);
  }

  delete(key: string): boolean {
    const i = this.index.get(key);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  peek(): V | undefined {
    return this.items[0]?.value;
  }

  pop(): V | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  /** The values in no particular order. */
  values(): IterableIterator<V> {
    return this.items.map((x) => x.value)[Symbol.iterator]();
  }

  private removeAt(i: number): V {
    const last = this.items.length - 1;
    const removed = this.items[i] as { key: string; value: V };
    if (i !== last) {
      this.swap(i, last);
      this.items.pop();
      this.index.delete(removed.key);
      this.fixAt(i);
    } else {
      this.items.pop();
      this.index.delete(removed.key);
    }
    return removed.value;
  }

  private fixAt(i: number): void {
    if (!this.down(i)) this.up(i);
  }

  private lessAt(i: number, j: number): boolean {
    return this.less((this.items[i] as { value: V }).value, (this.items[j] as { value: V }).value);
  }

  private swap(i: number, j: number): void {
    const a = this.items[i] as { key: string; value: V };
    const b = this.items[j] as { key: string; value: V };
    this.items[i] = b;
    this.items[j] = a;
    this.index.set(b.key, i);
    this.index.set(a.key, j);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.lessAt(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Moves the element down; true if it moved. */
  private down(i0: number): boolean {
    let i = i0;
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let j = l;
      const r = l + 1;
      if (r < n && this.lessAt(r, l)) j = r;
      if (!this.lessAt(j, i)) break;
      this.swap(i, j);
      i = j;
    }
    return i > i0;
  }
}
