import fs from 'node:fs';
import path from 'node:path';
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

export function recordsDir(rootDir: string): string {
  return path.join(rootDir, 'containers');
}

function recordFile(rootDir: string, id: string): string {
  return path.join(recordsDir(rootDir), `${id.replace(/^kubesim:\/\//, '')}.json`);
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

/** Record writes and removals in flight, per file, so that they land in the order they were asked. */
const recordOps = new Map<string, Promise<void>>();

function recordOp(file: string, op: () => Promise<unknown>): void {
  const p = (recordOps.get(file) ?? Promise.resolve())
    .then(op)
    .then(
      () => undefined,
      () => undefined, // best effort: the runtime's watchdog is the primary guarantee
    );
  recordOps.set(file, p);
  void p.then(() => {
    if (recordOps.get(file) === p) recordOps.delete(file);
  });
}

/**
 * Writes a container's record (off the event loop: a synchronous write took milliseconds when 100
 * containers started at once). The process's start time is read now, while it surely runs.
 */
export function writeContainerRecord(rootDir: string, rec: ContainerRecord): void {
  const data = JSON.stringify({ ...rec, startTime: rec.startTime ?? processStartTime(rec.pid) });
  const file = recordFile(rootDir, rec.id);
  recordOp(file, async () => {
    try {
      await fs.promises.writeFile(file, data);
    } catch {
      await fs.promises.mkdir(recordsDir(rootDir), { recursive: true });
      await fs.promises.writeFile(file, data);
    }
  });
}

export function removeContainerRecord(rootDir: string, id: string): void {
  recordOp(recordFile(rootDir, id), () => fs.promises.rm(recordFile(rootDir, id), { force: true }));
}

/** Resolves once every record write and removal asked so far is done (tests, shutdown). */
export async function flushContainerRecords(): Promise<void> {
  while (recordOps.size) await Promise.all([...recordOps.values()]);
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

/**
 * Kills every container process an earlier kubelet with this root directory left behind: the
 * instances recorded under <rootDir>/containers (checked against their start time), with
 * everything in their process trees, and a watchdog of that root still around (not this
 * process's own). Returns the pids it killed.
 */
export async function cleanupLeftoverContainers(rootDir: string): Promise<number[]> {
  const root = path.resolve(rootDir);
  const killed = new Set<number>();
  await flushContainerRecords();
  const table = await readProcessTable();
  const index = indexProcessTable(table);
  const killTree = (pid: number) => {
    for (const p of containerProcesses(table, pid, index)) if (kill(p.pid, 'SIGKILL')) killed.add(p.pid);
    if (kill(pid, 'SIGKILL', true)) killed.add(pid);
  };
  let files: string[] = [];
  try {
    files = fs.readdirSync(recordsDir(root)).filter((f) => f.endsWith('.json'));
  } catch {
    /* no records */
  }
  for (const f of files) {
    const file = path.join(recordsDir(root), f);
    try {
      const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as ContainerRecord;
      if (rec.pid && rec.startTime && processStartTime(rec.pid) === rec.startTime) killTree(rec.pid);
    } catch {
      /* torn record */
    }
    fs.rmSync(file, { force: true });
  }
  // A watchdog of this root whose kubelet is alive but is not this process (or whose end of the
  // pipe leaked): it would kill the groups in <root>/pgids, which this runtime rewrites.
  for (const p of table.values()) {
    if (p.pid === process.pid || p.ppid === process.pid) continue;
    if (isWatchdogOf(p.pid, root) && kill(p.pid, 'SIGKILL')) killed.add(p.pid);
  }
  return [...killed];
}
