import { existsSync, readFileSync } from 'node:fs';

/**
 * True while a process with this pid exists and is not a zombie. A killed process whose parent is
 * gone waits as a zombie until init reaps it, which some inits do lazily (seconds later); it runs
 * nothing and holds no port, so for every purpose here it is dead.
 */
export function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    // No /proc (not Linux): trust kill(0); otherwise it just went away.
    return !existsSync('/proc/self');
  }
}
