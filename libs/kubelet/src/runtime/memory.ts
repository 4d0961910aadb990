import fs from 'node:fs';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  rssBytes: number;
}

const PAGE_SIZE = 4096;

export function parseProcStat(pid: number, text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): ppid=4, pgrp=5, session=6, rss=24.
  const ppid = Number(f[1]);
  const pgrp = Number(f[2]);
  const session = Number(f[3]);
  const rss = Number(f[21]);
  if (![ppid, pgrp, session, rss].every(Number.isFinite)) return undefined;
  return { pid, ppid, pgrp, session, rssBytes: rss * PAGE_SIZE };
}

/** A snapshot of every process on the host. */
export async function readProcessTable(): Promise<Map<number, ProcInfo>> {
  const table = new Map<number, ProcInfo>();
  let names: string[];
  try {
    names = await fs.promises.readdir('/proc');
  } catch {
    return table;
  }
  await Promise.all(
    names.map(async (name) => {
      if (!/^\d+$/.test(name)) return;
      try {
        const text = await fs.promises.readFile(`/proc/${name}/stat`, 'utf8');
        const info = parseProcStat(Number(name), text);
        if (info) table.set(info.pid, info);
      } catch {
        /* exited meanwhile */
      }
    }),
  );
  return table;
}

/** A process table indexed for walking process trees: children by parent, members by group and session. */
export interface ProcessIndex {
  children: Map<number, number[]>;
  /** Pids by process group and by session (a pid appears once per key it matches). */
  members: Map<number, number[]>;
}

function push(map: Map<number, number[]>, key: number, pid: number): void {
  const list = map.get(key);
  if (list) list.push(pid);
  else map.set(key, [pid]);
}

/** Indexes a process table once, for any number of containerProcesses() lookups. */
export function indexProcessTable(table: Map<number, ProcInfo>): ProcessIndex {
  const children = new Map<number, number[]>();
  const members = new Map<number, number[]>();
  for (const p of table.values()) {
    push(children, p.ppid, p.pid);
    push(members, p.pgrp, p.pid);
    if (p.session !== p.pgrp) push(members, p.session, p.pid);
  }
  return { children, members };
}

/**
 * The processes of the container whose first process is `rootPid` (its session and process group
 * leader): every process in its session or group, and every descendant, wherever it moved. Pass
 * an index (indexProcessTable) when looking up several containers in the same table.
 */
export function containerProcesses(table: Map<number, ProcInfo>, rootPid: number, index: ProcessIndex = indexProcessTable(table)): ProcInfo[] {
  const seen = new Set<number>();
  const stack: number[] = [...(index.members.get(rootPid) ?? [])];
  if (table.has(rootPid)) stack.push(rootPid);
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const c of index.children.get(pid) ?? []) stack.push(c);
  }
  return [...seen].map((pid) => table.get(pid)!).filter(Boolean);
}

/** Resident memory of a container's whole process tree, in bytes. */
export function containerRss(table: Map<number, ProcInfo>, rootPid: number, index?: ProcessIndex): number {
  return containerProcesses(table, rootPid, index).reduce((sum, p) => sum + p.rssBytes, 0);
}
