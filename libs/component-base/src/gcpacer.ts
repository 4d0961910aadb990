import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * V8's full garbage collection (`globalThis.gc`), also when the process was started without
 * `--expose-gc`: the flag is set at run time and `gc` taken from a new context, whose global gets it.
 */
export function exposeGC(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** V8's heap in use plus the memory held outside it by ArrayBuffers and Buffers, in bytes. */
export function heapInUseBytes(): number {
  const s = v8.getHeapStatistics();
  return s.used_heap_size + s.external_memory;
}

export interface GCPacerOptions {
  /**
   * How far the heap in use (V8's heap and external memory) may grow above the smallest it has been
   * since the pacer's last collection before the pacer collects. 0 disables the pacer.
   */
  slackBytes: number;
  /** How often the pacer looks (default 1 s): it never collects more often than that. */
  intervalMs?: number;
  /** Full collection (default: exposeGC()). */
  gc?: () => void;
  /** The heap in use (default: heapInUseBytes). */
  heapBytes?: () => number;
  /**
   * Whether the process is in the middle of work users wait for (a kubelet starting pods). The pacer
   * then puts its collection off until it is not, unless the heap grew more than `maxSlackBytes`.
   */
  busy?: () => boolean;
  /** Growth at which the pacer collects even while busy (default 4 × slackBytes). */
  maxSlackBytes?: number;
  /** Called after each collection of the pacer, with the heap in use before and after and its duration. */
  onCollect?: (c: { beforeBytes: number; afterBytes: number; durationMs: number }) => void;
}

/**
 * Keeps a small, long-running process's memory close to what it really uses, as Go's GOGC pacing
 * keeps a Go kubelet's heap within a factor of its live data. V8 sizes its old generation for
 * throughput: with a 1 MiB young generation, what is in flight while pods start (gRPC messages, probe
 * responses, the Buffers under them) survives scavenges, is promoted, and stays until the old
 * generation reaches a limit several MiB above the live data, and its ArrayBuffers with it. The
 * pacer looks once per interval and runs a full collection when the heap in use has grown more than
 * `slackBytes` above the smallest it was since the last one; a V8 collection of its own lowers that
 * floor too. While the process is busy (`busy`) it waits, up to `maxSlackBytes`: a collection costs a
 * few ms of CPU that a burst of pod starts needs more.
 */
export class GCPacer {
  private readonly slack: number;
  private readonly intervalMs: number;
  private readonly heapBytes: () => number;
  private readonly onCollect: GCPacerOptions['onCollect'];
  private readonly busy: (() => boolean) | undefined;
  private readonly maxSlack: number;
  private gc: (() => void) | undefined;
  private floor: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: GCPacerOptions) {
    this.slack = opts.slackBytes;
    this.intervalMs = opts.intervalMs ?? 1000;
    this.heapBytes = opts.heapBytes ?? heapInUseBytes;
    this.onCollect = opts.onCollect;
    this.busy = opts.busy;
    this.maxSlack = opts.maxSlackBytes ?? 4 * opts.slackBytes;
    this.gc = opts.gc;
  }

  /** Starts looking every interval (a timer that does not keep the process alive). */
  start(): this {
    if (this.slack <= 0 || this.timer) return this;
    this.gc ??= exposeGC();
    this.floor = this.heapBytes();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look: collects if the heap grew past the slack (and the process is not busy). Returns whether it collected. */
  tick(): boolean {
    if (this.slack <= 0) return false;
    const now = this.heapBytes();
    if (this.floor === undefined || now < this.floor) {
      this.floor = now;
      return false;
    }
    const grown = now - this.floor;
    if (grown <= this.slack) return false;
    if (grown <= this.maxSlack && this.busy?.()) return false;
    this.gc ??= exposeGC();
    const t0 = performance.now();
    this.gc();
    const after = this.heapBytes();
    this.floor = after;
    this.onCollect?.({ beforeBytes: now, afterBytes: after, durationMs: performance.now() - t0 });
    return true;
  }
}
