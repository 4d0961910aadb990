import { isExpired, type KubeObject, type WatchEvent } from '@kubesim/api';
import type { ListerWatcher } from './listwatch.js';

/** Where a Reflector delivers what it sees (the informer's DeltaFIFO, reduced to calls). */
export interface ReflectorSink<T extends KubeObject> {
  /** A complete list, at `resourceVersion`: the sink's content becomes exactly `items`. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

/** The part of a pino logger the informers use. */
export interface InformerLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

const quietLogger: InformerLogger = { warn() {}, info() {}, debug() {} };

export interface ReflectorOptions {
  /** For logs, e.g. "pods". */
  name?: string;
  log?: InformerLogger;
  /**
   * Page size of the list (0: one page). Default 500. Halved whenever a page is refused as larger
   * than a gRPC message may be (big objects, such as pods carrying decision traces).
   */
  pageSize?: number;
  /** First delay after a failed list or watch; doubles up to maxBackoffMs. Default 800 ms. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** Server-side watch timeout range; each watch picks a random value in [min, 2×min). Default 300 s. */
  minWatchTimeoutSeconds?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * client-go's Reflector. `run` loops until the signal aborts:
 *
 *   1. list (paginated, a consistent read) and `replace` the sink's content; remember the list's
 *      resourceVersion;
 *   2. watch from that resourceVersion with bookmarks, applying every event to the sink and
 *      advancing the resourceVersion (bookmarks only advance it);
 *   3. a watch that ends (server timeout) or breaks (apiserver restart, network) is re-opened from
 *      the last resourceVersion after a back-off, so nothing is listed again;
 *   4. a 410 Expired ("too old resource version") from the watch or list means events were missed:
 *      go back to 1, and the sink's replace turns objects that vanished meanwhile into tombstones.
 *
 * A failed list is retried with exponential back-off (800 ms doubling to 30 s). The reflector never
 * throws out of run(); handlers are the sink's business.
 */
export class Reflector<T extends KubeObject> {
  private lastRV = '';
  private readonly name: string;
  private readonly log: InformerLogger;
  private pageSize: number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly minWatchTimeout: number;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    opts: ReflectorOptions = {},
  ) {
    this.name = opts.name ?? 'reflector';
    this.log = opts.log ?? quietLogger;
    this.pageSize = opts.pageSize ?? 500;
    this.initialBackoff = opts.initialBackoffMs ?? 800;
    this.maxBackoff = opts.maxBackoffMs ?? 30_000;
    this.minWatchTimeout = opts.minWatchTimeoutSeconds ?? 300;
  }

  /** The resourceVersion of the last list, event or bookmark applied ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  async run(signal: AbortSignal): Promise<void> {
    let backoff = this.initialBackoff;
    const nextBackoff = () => {
      const d = backoff;
      backoff = Math.min(backoff * 2, this.maxBackoff);
      return d * (1 + Math.random() * 0.2);
    };
    while (!signal.aborted) {
      try {
        await this.list(signal);
        backoff = this.initialBackoff;
      } catch (e) {
        if (signal.aborted) return;
        if (this.pageSize > 1 && /larger than max|RESOURCE_EXHAUSTED/i.test((e as Error)?.message ?? '')) {
          // A page of big objects overflowed a gRPC message limit (ours or the apiserver's to etcd):
          // smaller pages, at once.
          this.pageSize = Math.max(1, Math.floor(this.pageSize / 2));
          this.log.warn({ err: e, reflector: this.name, pageSize: this.pageSize }, 'list page too large; halving the page size');
          continue;
        }
        this.log.warn({ err: e, reflector: this.name }, 'failed to list; retrying');
        await sleep(nextBackoff(), signal);
        continue;
      }
      // Watch until the resourceVersion expires, re-opening broken watches from where they stopped.
      while (!signal.aborted) {
        const outcome = await this.watch(signal);
        if (outcome === 'expired') {
          this.log.info({ reflector: this.name, resourceVersion: this.lastRV }, 'watch expired; relisting');
          break;
        }
        if (outcome === 'error') await sleep(nextBackoff(), signal);
        else backoff = this.initialBackoff;
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont = '';
    let rv = '';
    do {
      if (signal.aborted) return;
      const page = await this.lw.list({ ...(this.pageSize > 0 ? { limit: this.pageSize } : {}), ...(cont ? { continue: cont } : {}) });
      for (const it of page.items) items.push(it);
      cont = page.metadata?.continue ?? '';
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont);
    this.sink.replace(items, rv);
    this.lastRV = rv;
  }

  /** One watch: 'ended' when the server closed it, 'expired' on 410, 'error' otherwise. */
  private async watch(signal: AbortSignal): Promise<'ended' | 'expired' | 'error'> {
    const timeoutSeconds = Math.floor(this.minWatchTimeout * (1 + Math.random()));
    const started = Date.now();
    let count = 0;
    try {
      const events = this.lw.watch({ resourceVersion: this.lastRV, allowWatchBookmarks: true, timeoutSeconds, signal });
      for await (const ev of events) {
        if (signal.aborted) return 'ended';
        this.apply(ev);
        count++;
      }
      // A watch that closes at once without a single event points at a problem: back off.
      if (count === 0 && Date.now() - started < 1000 && !signal.aborted) return 'error';
      return 'ended';
    } catch (e) {
      if (signal.aborted) return 'ended';
      if (isExpired(e)) return 'expired';
      this.log.warn({ err: e, reflector: this.name, resourceVersion: this.lastRV }, 'watch failed; re-watching');
      return 'error';
    }
  }

  private apply(ev: WatchEvent<T>): void {
    const rv = ev.object?.metadata?.resourceVersion;
    switch (ev.type) {
      case 'ADDED':
        this.sink.add(ev.object);
        break;
      case 'MODIFIED':
        this.sink.update(ev.object);
        break;
      case 'DELETED':
        this.sink.delete(ev.object);
        break;
      case 'BOOKMARK':
        break;
      default:
        this.log.warn({ reflector: this.name, type: ev.type }, 'unexpected watch event type');
        return;
    }
    if (rv) this.lastRV = rv;
  }
}
