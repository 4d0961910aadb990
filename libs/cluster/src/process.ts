import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { delay, isAlive } from '@kubesim/component-base';

/** Starts a daemon in its own session with output appended to `logFile`; returns its pid. */
export function spawnDetached(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
    if (!child.pid) throw new Error(`failed to start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * Stops a process: SIGTERM, then SIGKILL after `graceMs`. Resolves when it is gone. Its process
 * group is signalled too, so nothing it started outlives it.
 */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await delay(50);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < hard) await delay(50);
  }
}

export function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Polls `url` until it answers 200, the process dies, or the deadline passes. */
export async function waitHealthy(url: string, pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`process ${pid} exited (see its log)`);
    if (await checkHealth(url)) return;
    last = `no healthy answer from ${url}`;
    await delay(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${last}`);
}

export async function checkHealth(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
