import { type Container, parseQuantity } from '@kubesim/api';
import fs from 'node:fs';
import os from 'node:os';

/** pkg/kubelet/cm: cgroup cpu.shares of one CPU, and the floor every container gets. */
export const SHARES_PER_CPU = 1024;
export const MIN_SHARES = 2;

/** cm.MilliCPUToShares: cpu.shares for a CPU request in millicores (no request → MinShares). */
export function milliCPUToShares(milliCPU: number): number {
  if (!(milliCPU > 0)) return MIN_SHARES;
  return Math.max(MIN_SHARES, Math.floor((milliCPU * SHARES_PER_CPU) / 1000));
}

/**
 * The nice value whose CFS weight is nearest to `shares` (nice 0 weighs 1024, each step 1.25× less),
 * kept in 0–19: a container never outranks the kubelet, and BestEffort (2 shares) gets 19.
 */
export function sharesToNice(shares: number): number {
  const nice = Math.round(Math.log(SHARES_PER_CPU / Math.max(shares, 1)) / Math.log(1.25));
  return Math.min(19, Math.max(0, nice));
}

/** The container's CPU request in millicores (requests.cpu; the apiserver defaults it from limits.cpu). */
export function containerMilliCPU(container: Container): number {
  const q = container.resources?.requests?.['cpu'] ?? container.resources?.limits?.['cpu'];
  if (!q) return 0;
  try {
    return Number(parseQuantity(String(q)).milliValue());
  } catch {
    return 0;
  }
}

/** The nice value a container runs at: its CPU request as cgroup cpu.shares, expressed as CFS weight. */
export function containerNice(container: Container): number {
  return sharesToNice(milliCPUToShares(containerMilliCPU(container)));
}

/**
 * Gives a freshly spawned container process its CPU weight, as the kubelet's cgroup cpu.shares do:
 * the process's nice value and, where the kernel groups sessions (sched_autogroup), the nice value of
 * its session's autogroup (the container runs in a session of its own, so that is what competes with
 * the control plane). Best effort: raising niceness needs no privilege; failures are ignored.
 */
export function applyCPUWeight(pid: number, nice: number): void {
  if (nice <= 0) return;
  try {
    os.setPriority(pid, nice);
  } catch {
    // gone already, or not allowed
  }
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // no autogroup support (or not Linux)
  }
}
