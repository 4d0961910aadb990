import fs from 'node:fs';

/** One parsed CRI log line: `<RFC3339Nano> <stream> <P|F> <content>`. */
export interface CriLogLine {
  /** Milliseconds since the epoch. */
  time: number;
  /** The timestamp as written (nanosecond precision). */
  timestamp: string;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: string;
}

export function parseCriLogLine(line: string): CriLogLine | undefined {
  const a = line.indexOf(' ');
  if (a < 0) return undefined;
  const b = line.indexOf(' ', a + 1);
  if (b < 0) return undefined;
  const stream = line.slice(a + 1, b);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const c = line.indexOf(' ', b + 1);
  const tag = c < 0 ? line.slice(b + 1) : line.slice(b + 1, c);
  const content = c < 0 ? '' : line.slice(c + 1);
  const timestamp = line.slice(0, a);
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return undefined;
  return { time, timestamp, stream, partial: tag === 'P', content };
}

/** RFC3339Nano with fixed 9 digits, as `kubectl logs --timestamps` prints (the kubelet's timeFormatOut). */
export function fixedNanoTimestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}${m[3]}`;
}

export interface ReadLogsOptions {
  /** Return only the last N lines. */
  tailLines?: number;
  /** Only lines at or after this instant (ms since the epoch); sinceSeconds is converted by the caller. */
  sinceTime?: number;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
  /** Prefix every line with its timestamp. */
  timestamps?: boolean;
  /** Keep reading as the container writes, until it stops or `signal` aborts. */
  follow?: boolean;
  /** Only this stream. */
  stream?: 'stdout' | 'stderr';
  signal?: AbortSignal;
}

export interface FollowSource {
  /** The log file of one container instance. */
  path: string;
  /** Whether the instance may still write (follow ends once it is false and the file is drained). */
  isRunning(): boolean;
  /** Resolves when the instance exits (optional; polling is used otherwise). */
  exited?: Promise<unknown>;
}

const CHUNK = 64 * 1024;

/** Byte offset where the last `n` lines of the file start. */
async function tailStart(fh: fs.promises.FileHandle, size: number, n: number): Promise<number> {
  if (n <= 0) return size;
  let pos = size;
  let count = 0;
  const buf = Buffer.alloc(CHUNK);
  // A trailing newline terminates the last line rather than starting an empty one.
  let skipTrailing = true;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    await fh.read(buf, 0, len, pos);
    for (let i = len - 1; i >= 0; i--) {
      if (buf[i] === 10) {
        if (skipTrailing && pos + i === size - 1) continue;
        count++;
        if (count === n) return pos + i + 1;
      }
    }
    skipTrailing = false;
  }
  return 0;
}

/**
 * Reads a CRI log file the way the kubelet serves `kubectl logs`: tailLines, sinceTime,
 * limitBytes, timestamps and follow. Yields Buffers of output.
 */
export async function* readCriLogs(source: FollowSource, opts: ReadLogsOptions = {}): AsyncGenerator<Buffer> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(source.path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    const { size } = await fh.stat();
    let pos = opts.tailLines !== undefined && opts.tailLines >= 0 ? await tailStart(fh, size, opts.tailLines) : 0;
    let remaining = opts.limitBytes ?? Infinity;
    let pending = '';
    const buf = Buffer.alloc(CHUNK);
    const emitLines = (text: string, final: boolean): Buffer | undefined => {
      pending += text;
      const parts = pending.split('\n');
      pending = final ? '' : parts.pop()!;
      if (final && parts.length && parts[parts.length - 1] === '') parts.pop();
      const out: Buffer[] = [];
      for (const raw of parts) {
        const line = parseCriLogLine(raw);
        if (!line) continue;
        if (opts.sinceTime !== undefined && line.time < opts.sinceTime) continue;
        if (opts.stream && line.stream !== opts.stream) continue;
        let s = line.content + (line.partial ? '' : '\n');
        if (opts.timestamps) s = `${fixedNanoTimestamp(line.timestamp)} ${s}`;
        let b = Buffer.from(s, 'utf8');
        if (b.length > remaining) b = b.subarray(0, remaining);
        remaining -= b.length;
        out.push(b);
        if (remaining <= 0) break;
      }
      return out.length ? Buffer.concat(out) : undefined;
    };
    for (;;) {
      if (opts.signal?.aborted) return;
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        const out = emitLines(buf.subarray(0, bytesRead).toString('utf8'), false);
        if (out) yield out;
        if (remaining <= 0) return;
        continue;
      }
      // At the end of what has been written so far.
      if (!opts.follow || !source.isRunning()) {
        if (opts.follow) {
          // The instance stopped: drain what it wrote last.
          const { bytesRead: more } = await fh.read(buf, 0, CHUNK, pos);
          if (more > 0) {
            pos += more;
            const out = emitLines(buf.subarray(0, more).toString('utf8'), false);
            if (out) yield out;
            if (remaining <= 0) return;
            continue;
          }
        }
        const out = emitLines('', true);
        if (out) yield out;
        return;
      }
      await waitForChange(source, opts.signal);
    }
  } finally {
    await fh.close();
  }
}

function waitForChange(source: FollowSource, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, 250);
    try {
      watcher = fs.watch(source.path, { persistent: false }, done);
      watcher.on('error', done);
    } catch {
      /* fall back to the timer */
    }
    source.exited?.then(done, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
