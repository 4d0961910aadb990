export interface WatchMessage {
  type: string;
  object: Buffer;
}

/**
 * Writes a watch's events to its gRPC stream, one message per write, batching what becomes ready
 * while a write is in flight into the next message (WatchEvent.batched). The next write waits for
 * the last one's callback (HTTP/2 took it), an event-loop turn later: written one event per turn
 * (as grpc-js' server streams did), a burst of pods was seconds behind on a busy apiserver. send()
 * waits only when more than `bufferBytes` (WATCH_BUFFER_BYTES) are pending for a slow client.
 */
export class WatchEventWriter {
  private pending: WatchMessage[] = [];
  private pendingBytes = 0;
  private inFlight = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly call: { write(message: object, cb: () => void): unknown },
    private readonly signal: AbortSignal,
    private readonly bufferBytes = WATCH_BUFFER_BYTES,
  ) {
    signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  async send(msg: WatchMessage): Promise<void> {
    this.pending.push(msg);
    this.pendingBytes += msg.object.length;
    this.write();
    while (this.pendingBytes > this.bufferBytes && !this.signal.aborted) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Resolves once everything sent has been written (or the watch was cancelled). */
  async flushed(): Promise<void> {
    while ((this.inFlight || this.pending.length) && !this.signal.aborted) await new Promise<void>((r) => this.waiters.push(r));
  }

  private write(): void {
    if (this.inFlight || !this.pending.length || this.signal.aborted) return;
    const [first, ...rest] = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight = true;
    this.call.write({ ...first!, batched: rest }, () => {
      this.inFlight = false;
      this.write();
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** How much a watch may hold for a slow client before it stops taking events (Kubernetes buffers 100 events per watcher). */
export const WATCH_BUFFER_BYTES = 4 * 1024 * 1024;
