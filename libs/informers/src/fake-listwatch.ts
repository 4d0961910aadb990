import { newExpired, type KubeList, type KubeObject, type WatchEvent } from '@kubesim/api';
import type { ListOptions, WatchOptions } from '@kubesim/client';
import type { ListerWatcher } from './listwatch.js';
import { metaNamespaceKeyFunc } from './store.js';

interface Stream<T> {
  push(ev: WatchEvent<T>): void;
  fail(e: unknown): void;
  end(): void;
}

/**
 * An in-memory ListerWatcher for tests (client-go's FakeControllerSource): a revision counter like
 * etcd's, a history of events that watches replay from any resourceVersion not compacted away, and
 * knobs to compact (watches then fail with 410 Expired), break or end the open watches.
 */
export class FakeListWatch<T extends KubeObject> implements ListerWatcher<T> {
  private rv = 0;
  private readonly objects = new Map<string, T>();
  private history: Array<{ rv: number; ev: WatchEvent<T> }> = [];
  /** Watches from a resourceVersion below this fail with Expired. */
  private oldestWatchable = 0;
  private readonly streams = new Set<Stream<T>>();
  readonly listCalls: ListOptions[] = [];
  readonly watchCalls: WatchOptions[] = [];

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Open watch streams. */
  get watchers(): number {
    return this.streams.size;
  }

  add(obj: T): T {
    return this.write('ADDED', obj);
  }
  modify(obj: T): T {
    return this.write('MODIFIED', obj);
  }
  delete(obj: T): T {
    return this.write('DELETED', obj);
  }
  /** Sends a bookmark at the current revision (after bumping it, as progress notifications do). */
  bookmark(): void {
    this.rv++;
    const ev: WatchEvent<T> = { type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rv) } } as T };
    for (const s of this.streams) s.push(ev);
  }

  /** Changes the store without telling open watches (as if the events were lost), and compacts. */
  silently(fn: (lw: { add(o: T): void; delete(o: T): void }) => void): void {
    fn({
      add: (o) => {
        this.rv++;
        const c = structuredClone(o);
        c.metadata.resourceVersion = String(this.rv);
        this.objects.set(metaNamespaceKeyFunc(c), c);
      },
      delete: (o) => {
        this.rv++;
        this.objects.delete(metaNamespaceKeyFunc(o));
      },
    });
    this.compact();
  }

  /** Forgets the history: open watches and watches from older revisions fail with 410 Expired. */
  compact(): void {
    this.history = [];
    this.oldestWatchable = this.rv;
    for (const s of [...this.streams]) s.fail(newExpired(`too old resource version: ${this.rv}`));
  }

  /** Ends every open watch normally (as a server-side timeout does). */
  endWatches(): void {
    for (const s of [...this.streams]) s.end();
  }

  /** Breaks every open watch with `err` (as a dropped connection does). */
  breakWatches(err: unknown = new Error('connection reset')): void {
    for (const s of [...this.streams]) s.fail(err);
  }

  async list(opts: ListOptions): Promise<KubeList<T>> {
    this.listCalls.push(opts);
    const all = [...this.objects.values()].sort((a, b) => (metaNamespaceKeyFunc(a) < metaNamespaceKeyFunc(b) ? -1 : 1));
    const start = opts.continue ? Number(opts.continue.split(':')[1]) : 0;
    const rv = opts.continue ? opts.continue.split(':')[0]! : String(this.rv);
    const end = opts.limit ? start + opts.limit : all.length;
    const items = all.slice(start, end).map((o) => structuredClone(o));
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: rv, ...(end < all.length ? { continue: `${rv}:${end}` } : {}) }, items };
  }

  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
    this.watchCalls.push(opts);
    const from = Number(opts.resourceVersion || '0');
    const queue: Array<WatchEvent<T>> = [];
    let error: unknown;
    let ended = false;
    let wake: (() => void) | undefined;
    const kick = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const stream: Stream<T> = {
      push: (ev) => {
        queue.push(ev);
        kick();
      },
      fail: (e) => {
        error = e;
        this.streams.delete(stream);
        kick();
      },
      end: () => {
        ended = true;
        this.streams.delete(stream);
        kick();
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return (async function* () {
      if (from < self.oldestWatchable) throw newExpired(`too old resource version: ${from} (${self.oldestWatchable})`);
      for (const h of self.history) if (h.rv > from) queue.push(structuredClone(h.ev));
      self.streams.add(stream);
      const onAbort = () => stream.end();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for (;;) {
          while (queue.length > 0) yield queue.shift() as WatchEvent<T>;
          if (error !== undefined) throw error;
          if (ended) return;
          await new Promise<void>((r) => (wake = r));
        }
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
        self.streams.delete(stream);
      }
    })();
  }

  private write(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): T {
    this.rv++;
    const c = structuredClone(obj);
    c.metadata.resourceVersion = String(this.rv);
    const key = metaNamespaceKeyFunc(c);
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, c);
    const ev: WatchEvent<T> = { type, object: c };
    this.history.push({ rv: this.rv, ev });
    for (const s of this.streams) s.push(structuredClone(ev));
    return c;
  }
}
