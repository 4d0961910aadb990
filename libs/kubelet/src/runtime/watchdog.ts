import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** argv[0] of the watchdog's shell script (`$0`), how it is recognised in /proc/<pid>/cmdline. */
export const WATCHDOG_NAME = 'kubesim-watchdog';

/**
 * The watchdog, a plain POSIX shell script (dash compatible): it blocks reading its stdin, a pipe
 * from the kubelet that nothing is ever written to. When the kubelet goes away – even by SIGKILL,
 * when the kernel closes its end of the pipe – `read` sees end-of-file and the script SIGKILLs every
 * process group listed in the file `$1`, which the kubelet keeps up to date.
 */
export const WATCHDOG_SCRIPT = 'while read -r _; do :; done; for g in $(cat "$1" 2>/dev/null); do kill -9 -"$g" 2>/dev/null; done';

/** <rootDir>/pgids: the process groups of the running containers, one per line. */
export function pgidsFile(rootDir: string): string {
  return path.join(rootDir, 'pgids');
}

/**
 * One watchdog per container runtime (not per container): a `/bin/sh` started with a pipe from this
 * process on its stdin, in its own session. The runtime registers every container's process group
 * (`add`/`remove`) in <rootDir>/pgids, so whatever is running when this process dies is killed within
 * milliseconds. A new group is appended (one small O_APPEND write, which lands whole); a removal
 * rewrites the file atomically (write a temporary file, rename), so no stale group – whose number the
 * kernel may hand to an unrelated process later – is ever left in it.
 */
export class Watchdog {
  readonly file: string;
  private readonly groups = new Set<number>();
  private child?: ChildProcess;
  private closed = false;
  private seq = 0;
  /** An O_APPEND descriptor of the current file, for `add`; closed when a rewrite replaces the file. */
  private fd?: number;

  constructor(
    rootDir: string,
    private readonly shell = '/bin/sh',
  ) {
    this.file = pgidsFile(rootDir);
  }

  /** Pid of the running watchdog, if one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Registers a container's process group (starts the watchdog on first use). */
  add(pgid: number): void {
    if (this.closed) return;
    if (!this.groups.has(pgid)) {
      this.groups.add(pgid);
      // With no watchdog running, ensure() writes the whole list before it starts one.
      if (this.child && !this.append(pgid)) this.write();
    }
    this.ensure();
  }

  /** Forgets a process group (its container has exited). */
  remove(pgid: number): void {
    if (!this.groups.delete(pgid)) return;
    this.write();
  }

  /** Stops the watchdog: it kills whatever process group is still registered, then exits. */
  async close(): Promise<void> {
    this.closed = true;
    this.closeFd();
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        c.kill('SIGKILL');
        resolve();
      }, 2000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.stdin?.end();
    });
  }

  private append(pgid: number): boolean {
    try {
      this.fd ??= fs.openSync(this.file, 'a');
      fs.writeSync(this.fd, `${pgid}\n`);
      return true;
    } catch {
      this.closeFd();
      return false;
    }
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* ignore */
    }
    this.fd = undefined;
  }

  private write(): void {
    this.closeFd();
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, [...this.groups].map((g) => `${g}\n`).join(''));
      fs.renameSync(tmp, this.file);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* ignore */
      }
    }
  }

  private ensure(): void {
    if (this.closed || this.child) return;
    this.write();
    let child: ChildProcess;
    try {
      child = spawn(this.shell, ['-c', WATCHDOG_SCRIPT, WATCHDOG_NAME, this.file], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    } catch {
      return;
    }
    this.child = child;
    // Neither the watchdog nor its pipe keeps this process alive; the pipe stays open for as long
    // as this process lives (it is close-on-exec: containers do not inherit it).
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    child.stdin!.on('error', () => {});
    child.on('error', () => {});
    child.on('exit', () => {
      if (this.child !== child) return;
      // Killed from outside: start another one (soon, not in a tight loop) while containers run.
      this.child = undefined;
      setTimeout(() => {
        if (this.groups.size) this.ensure();
      }, 50).unref();
    });
  }
}
