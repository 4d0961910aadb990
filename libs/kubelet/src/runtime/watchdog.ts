import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@kubesim/component-base';

/** argv[0] of the watchdog's shell script (`$0`), how it is recognised in /proc/<pid>/cmdline. */
export const WATCHDOG_NAME = 'kubesim-watchdog';

/**
 * The watchdog, a plain POSIX shell script (dash compatible): it blocks reading its stdin, a pipe
 * from the kubelet that nothing is ever written to. When the kubelet goes away – even by SIGKILL,
 * when the kernel closes its end of the pipe – `read` sees end-of-file and the script SIGKILLs every
 * process group listed in the file `$1`, which the kubelet keeps up to date.
 */
export const WATCHDOG_SCRIPT = 'while read -r _; do :; done; for g in $(cat "$1" 2>/dev/null); do kill -9 -"$g" 2>/dev/null; done';

/**
 * <rootDir>/pgids: the process groups of the running containers, each in a line of its own 16-byte
 * slot (the number right-aligned in spaces); a blank slot is a free one. The shell's word splitting
 * skips the blanks.
 */
export function pgidsFile(rootDir: string): string {
  return path.join(rootDir, 'pgids');
}

/**
 * One watchdog per container runtime (not per container): a `/bin/sh` started with a pipe from this
 * process on its stdin, in its own session. The runtime registers every container's process group
 * (`add`/`remove`) in <rootDir>/pgids, so whatever is running when this process dies is killed within
 * milliseconds. Each change is one 16-byte write at the group's slot in the file (a new group takes a
 * free slot or a new one at the end; a removed one blanks its slot): a write that small, aligned to
 * its size, never spans two pages and lands whole even if this process is killed during it, so the
 * file always lists every running group and no stale one – whose number the kernel may hand to an
 * unrelated process later. No file is made or unlinked per container (rewriting the list through a
 * temporary file was an inode allocated per container exit).
 */
const SLOT = 16;
const BLANK = `${' '.repeat(SLOT - 1)}\n`;

export class Watchdog {
  readonly file: string;
  /** Slot of each registered group. */
  private readonly slots = new Map<number, number>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private child?: ChildProcess;
  private closed = false;
  /** The file, written whole (replacing an earlier kubelet's list) when the first group is registered. */
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

  /** Starts the watchdog ahead of the first container (which otherwise starts it), its list empty. */
  start(): void {
    this.ensure();
  }

  /** Registers a container's process group (starts the watchdog on first use). */
  add(pgid: number): void {
    if (this.closed) return;
    if (!this.slots.has(pgid)) {
      const slot = this.freeSlots.pop() ?? this.nextSlot++;
      this.slots.set(pgid, slot);
      this.writeSlot(slot, `${String(pgid).padStart(SLOT - 1)}\n`);
    }
    this.ensure();
  }

  /** Forgets a process group (its container has exited). */
  remove(pgid: number): void {
    const slot = this.slots.get(pgid);
    if (slot === undefined) return;
    this.slots.delete(pgid);
    this.writeSlot(slot, BLANK);
    this.freeSlots.push(slot);
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

  /** Writes one slot; the first write (or one after a failure) writes the whole list. */
  private writeSlot(slot: number, text: string): void {
    if (this.closed) return;
    try {
      if (this.fd === undefined) {
        this.writeAll();
        return;
      }
      fs.writeSync(this.fd, text, slot * SLOT);
    } catch {
      this.closeFd();
    }
  }

  /**
   * Replaces the file with every slot, the free ones blank (an earlier kubelet's list goes): written
   * to a temporary file and renamed over it, so that it is never seen empty or half written; then
   * opened for the writes to single slots.
   */
  private writeAll(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const lines = new Array<string>(this.nextSlot).fill(BLANK);
    for (const [pgid, slot] of this.slots) lines[slot] = `${String(pgid).padStart(SLOT - 1)}\n`;
    writeFileAtomic(this.file, lines.join(''), { tmp: `${this.file}.tmp` });
    this.fd = fs.openSync(this.file, 'r+');
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

  private ensure(): void {
    if (this.closed || this.child) return;
    if (this.fd === undefined) {
      try {
        this.writeAll();
      } catch {
        this.closeFd();
      }
    }
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
        if (this.slots.size) this.ensure();
      }, 50).unref();
    });
  }
}
