import fs from 'node:fs';
import nodePath from 'node:path';
import type { Readable } from 'node:stream';

/** Longest line written as one CRI entry; longer ones are split into `P` (partial) entries. */
export const MAX_LOG_LINE = 16 * 1024;

const hrBase = process.hrtime.bigint();
const msBase = BigInt(Date.now()) * 1_000_000n;

/** RFC3339Nano (trailing zeros trimmed), as containerd writes CRI log timestamps. */
export function rfc3339Nano(): string {
  const ns = msBase + (process.hrtime.bigint() - hrBase);
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/**
 * Writes a container's stdout and stderr to its log file in the CRI format containerd uses:
 * `<RFC3339Nano> <stream> <F|P> <content>`, one entry per line (`\r\n` endings trimmed), `P` for the
 * pieces of a line longer than MAX_LOG_LINE. Writes are synchronous appends, one per chunk read.
 */
export class CriLogWriter {
  private fd: number | undefined;
  private onClose?: () => void;

  /**
   * Creates the log file, or truncates it: a new instance starts a fresh log (a leftover from an
   * earlier kubelet is replaced). `onClose` is called once, at close().
   */
  constructor(
    readonly path: string,
    onClose?: () => void,
  ) {
    this.onClose = onClose;
    const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
    const open = () => fs.openSync(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644);
    try {
      this.fd = open();
    } catch (e) {
      try {
        // Its folder was removed from under the kubelet: made again.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        fs.mkdirSync(nodePath.dirname(path), { recursive: true });
        this.fd = open();
      } catch {
        this.fd = undefined;
      }
    }
  }

  /** Copies `readable` into the log; resolves once it ended (or failed). */
  attach(readable: Readable, stream: 'stdout' | 'stderr'): Promise<void> {
    let buf: Buffer = Buffer.alloc(0);
    return new Promise((resolve) => {
      readable.on('data', (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        let out = '';
        let ts: string | undefined;
        for (;;) {
          const nl = buf.indexOf(10);
          if (nl < 0) break;
          let line = buf.subarray(0, nl);
          if (line.length && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
          out += `${(ts ??= rfc3339Nano())} ${stream} F ${line.toString('utf8')}\n`;
          buf = buf.subarray(nl + 1);
        }
        while (buf.length >= MAX_LOG_LINE) {
          out += `${(ts ??= rfc3339Nano())} ${stream} P ${buf.subarray(0, MAX_LOG_LINE).toString('utf8')}\n`;
          buf = buf.subarray(MAX_LOG_LINE);
        }
        if (out) this.write(out);
      });
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        if (buf.length) this.write(`${rfc3339Nano()} ${stream} F ${buf.toString('utf8')}\n`);
        buf = Buffer.alloc(0);
        resolve();
      };
      readable.on('end', end);
      readable.on('close', end);
      readable.on('error', end);
    });
  }

  private write(text: string): void {
    if (this.fd === undefined) return;
    try {
      fs.writeSync(this.fd, text);
    } catch {
      /* disk full or removed: drop the lines */
    }
  }

  close(): void {
    const onClose = this.onClose;
    this.onClose = undefined;
    onClose?.();
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* ignore */
    }
    this.fd = undefined;
  }
}
