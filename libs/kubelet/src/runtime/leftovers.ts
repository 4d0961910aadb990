import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@kubesim/component-base';
import { containerProcesses, indexProcessTable, readProcessTable } from './memory.js';
import { WATCHDOG_NAME, WATCHDOG_SCRIPT, pgidsFile } from './watchdog.js';

/**
 * What the runtime remembers on disk about a running container instance (containerd keeps such
 * state in its own root): enough for a restarted kubelet to find and kill what an earlier kubelet
 * left behind, without ever touching an unrelated process that reuses the pid.
 */
export interface ContainerRecord {
  id: string;
  podUID: string;
  name: string;
  /** The container's first process (its session and process group leader). */
  pid: number;
  /** Start time of `pid` in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTime?: string;
}

/**
 * <rootDir>/containers.jsonl: the runtime's journal of container instances, one JSON line per
 * event – a record when an instance's process starts, `{"removed":"<id>"}` when it is gone. One file
 * appended to rather than a file per instance: creating and unlinking inodes per container was
 * ~a third of a kubelet's CPU in a burst on a file system that scans past recently deleted inodes
 * when it allocates one (ext4 without a journal).
 */
export function recordsFile(rootDir: string): string {
  return path.join(rootDir, 'containers.jsonl');
}

/** The instances a journal says are running (the last record of each id not removed since). */
export function readContainerRecords(rootDir: string): ContainerRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(recordsFile(rootDir), 'utf8');
  } catch {
    return [];
  }
  const live = new Map<string, ContainerRecord>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let entry: ContainerRecord | { removed: string };
    try {
      entry = JSON.parse(line) as ContainerRecord | { removed: string };
    } catch {
      continue; // torn by a process killed mid-write
    }
    if ('removed' in entry) live.delete(entry.removed);
    else if (entry.id) live.set(entry.id, entry);
  }
  return [...live.values()];
}

/**
 * The runtime's end of the journal: appends (small synchronous O_APPEND writes, which land whole
 * and in order) and, once removed instances make up most of it, rewrites it with the running ones
 * (a temporary file renamed over it). Best effort: the watchdog is the primary guarantee that no
 * container outlives its kubelet; the journal lets a restarted kubelet clean up after one whose
 * watchdog was killed too.
 */
export class ContainerRecords {
  private readonly file: string;
  private readonly live = new Map<string, string>();
  private fd?: number;
  private lines = 0;
  private closed = false;

  constructor(rootDir: string) {
    this.file = recordsFile(rootDir);
  }

  /** Records a started instance (the process's start time is read now, while it surely runs). */
  add(rec: ContainerRecord): void {
    const line = JSON.stringify({ ...rec, startTime: rec.startTime ?? processStartTime(rec.pid) });
    this.live.set(rec.id, line);
    this.append(`${line}\n`);
  }

  /** Records that an instance's process is gone. */
  remove(id: string): void {
    if (!this.live.delete(id)) return;
    this.append(`${JSON.stringify({ removed: id })}\n`);
  }

  /**
   * Closes the journal. A record arriving later (an instance that started or exited during the
   * shutdown) is still appended, with a descriptor of its own, so that the next kubelet knows it.
   */
  close(): void {
    this.closed = true;
    this.closeFd();
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

  private append(text: string): void {
    try {
      if (this.fd === undefined) {
        if (!this.closed) fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'a');
      }
      const bytes = Buffer.from(text);
      // A short write (a full disk) would glue the next line onto a torn one: rewrite the journal.
      if (fs.writeSync(this.fd, bytes) !== bytes.length) this.lines = Infinity;
      if (++this.lines > 4 * this.live.size + 256) this.compact();
    } catch {
      this.closeFd();
    }
    if (this.closed) this.closeFd();
  }

  /** Rewrites the journal with the running instances (a temporary file renamed over it). */
  private compact(): void {
    // Not again before as many more lines, whether or not this works.
    this.lines = this.live.size;
    try {
      writeFileAtomic(this.file, [...this.live.values()].map((l) => `${l}\n`).join(''), { tmp: `${this.file}.tmp` });
      this.closeFd();
    } catch {
      /* the journal as it was */
    }
  }
}

/** Start time of a process (field 22 of /proc/<pid>/stat), undefined when it does not exist. */
export function processStartTime(pid: number): string | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return f[19];
  } catch {
    return undefined;
  }
}

function kill(pid: number, signal: NodeJS.Signals, group = false): boolean {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Whether `pid` is the watchdog of a container runtime with this root directory. */
export function isWatchdogOf(pid: number, rootDir: string): boolean {
  const argv = cmdline(pid);
  return argv[1] === '-c' && argv[2] === WATCHDOG_SCRIPT && argv[3] === WATCHDOG_NAME && argv[4] === pgidsFile(path.resolve(rootDir));
}

/** Records of a kubelet from before the journal: <rootDir>/containers/<id>.json, one per instance. */
function readLegacyRecords(rootDir: string): ContainerRecord[] {
  const dir = path.join(rootDir, 'containers');
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const records: ContainerRecord[] = [];
  for (const f of names) {
    try {
      records.push(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ContainerRecord);
    } catch {
      /* torn record */
    }
  }
  return records;
}

/**
 * Kills every container process an earlier kubelet with this root directory left behind: the
 * instances recorded in <rootDir>/containers.jsonl (or, by a kubelet from before it, in
 * <rootDir>/containers/*.json), checked against their start time, with
 * everything in their process trees, and a watchdog of that root still around (not this
 * process's own). Returns the pids it killed.
 */
export async function cleanupLeftoverContainers(rootDir: string): Promise<number[]> {
  const root = path.resolve(rootDir);
  const killed = new Set<number>();
  const table = await readProcessTable();
  const index = indexProcessTable(table);
  const killTree = (pid: number) => {
    for (const p of containerProcesses(table, pid, index)) if (kill(p.pid, 'SIGKILL')) killed.add(p.pid);
    if (kill(pid, 'SIGKILL', true)) killed.add(pid);
  };
  for (const rec of [...readContainerRecords(root), ...readLegacyRecords(root)]) {
    if (rec.pid && rec.startTime && processStartTime(rec.pid) === rec.startTime) killTree(rec.pid);
  }
  for (const f of [recordsFile(root), `${recordsFile(root)}.tmp`, path.join(root, 'containers')]) fs.rmSync(f, { recursive: true, force: true });
  // A watchdog of this root whose kubelet is alive but is not this process (or whose end of the
  // pipe leaked): it would kill the groups in <root>/pgids, which this runtime rewrites.
  for (const p of table.values()) {
    if (p.pid === process.pid || p.ppid === process.pid) continue;
    if (isWatchdogOf(p.pid, root) && kill(p.pid, 'SIGKILL')) killed.add(p.pid);
  }
  return [...killed];
}
