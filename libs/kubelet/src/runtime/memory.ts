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

/**
 * The processes of the container whose first process is `rootPid` (its session and process group
 * leader): every process in its session or group, and every descendant, wherever it moved.
 */
export function containerProcesses(table: Map<number, ProcInfo>, rootPid: number): ProcInfo[] {
  const children = new Map<number, number[]>();
  for (const p of table.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const seen = new Set<number>();
  const stack: number[] = [];
  for (const p of table.values()) if (p.pid === rootPid || p.session === rootPid || p.pgrp === rootPid) stack.push(p.pid);
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return [...seen].map((pid) => table.get(pid)!).filter(Boolean);
}

/** Resident memory of a container's whole process tree, in bytes. */
export function containerRss(table: Map<number, ProcInfo>, rootPid: number): number {
  return containerProcesses(table, rootPid).reduce((sum, p) => sum + p.rssBytes, 0);
}
