import { type Clock, realClock } from './clock.js';
import { formatGoDuration } from './goduration.js';

/**
 * Port of k8s.io/client-go/util/flowcontrol.Backoff (without jitter, as the kubelet uses it):
 * per-key exponential back-off that starts at `initialMs`, doubles on every `next`, is capped at
 * `maxMs`, and is forgotten once the key has been quiet for more than 2 × max.
 */
export interface BackoffOptions {
  /** First delay; the kubelet's container back-off uses 10 s. */
  initialMs?: number;
  /** Cap; the kubelet uses 300 s (MaxContainerBackOff). */
  maxMs?: number;
  clock?: Clock;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export const DEFAULT_BACKOFF_INITIAL_MS = 10_000;
export const DEFAULT_BACKOFF_MAX_MS = 300_000;

export class Backoff {
  readonly clock: Clock;
  readonly initialMs: number;
  readonly maxMs: number;
  private entries = new Map<string, Entry>();

  constructor(opts: BackoffOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.initialMs = opts.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
    this.maxMs = opts.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  }

  /** Current delay for `id` (0 if unknown). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Moves the back-off of `id` to the next step; `eventTime` is when the failure happened. */
  next(id: string, eventTime: number = this.clock.now()): void {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoffMs: this.initialMs, lastUpdate: this.clock.now() });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdate = this.clock.now();
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  /** True while less than the current delay has passed since `eventTime` (e.g. a container's finishedAt). */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.clock.now() - eventTime < entry.backoffMs;
  }

  /** True while less than the current delay has passed between the last update and `eventTime`. */
  isInBackOffSinceUpdate(id: string, eventTime: number = this.clock.now()): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoffMs;
  }

  /** Milliseconds left in the back-off window started at `eventTime` (0 when not backing off). */
  remainingSince(id: string, eventTime: number): number {
    if (!this.isInBackOffSince(id, eventTime)) return 0;
    return this.get(id) - (this.clock.now() - eventTime);
  }

  /** Milliseconds left in the back-off window started at the last update (0 when not backing off). */
  remainingSinceUpdate(id: string, now: number = this.clock.now()): number {
    const entry = this.entries.get(id);
    if (!entry || !this.isInBackOffSinceUpdate(id, now)) return 0;
    return entry.lastUpdate + entry.backoffMs - now;
  }

  /** Drops entries that have been quiet for more than 2 × max. The kubelet calls this periodically. */
  gc(): void {
    const now = this.clock.now();
    for (const [id, e] of this.entries) if (this.hasExpired(now, e.lastUpdate)) this.entries.delete(id);
  }

  deleteEntry(id: string): void {
    this.entries.delete(id);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }
}

/** format.Pod: `name_namespace(uid)`. */
export function formatPod(pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;
}

/** The kubelet's per-container back-off key (getStableKey without the spec hash). */
export function containerBackoffKey(
  pod: { metadata: { name?: string; namespace?: string; uid?: string } },
  containerName: string,
): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}_${pod.metadata.uid ?? ''}_${containerName}`;
}

export interface CrashLoopDecision {
  /** True when the container must wait; the status then shows CrashLoopBackOff with `message`. */
  inBackOff: boolean;
  /** "back-off 40s restarting failed container=kubia pod=kubia-liveness_default(<uid>)" */
  message?: string;
  /** The BackOff event text: "Back-off restarting failed container kubia in pod kubia-liveness_default(<uid>)". */
  eventMessage?: string;
  /** Milliseconds until the container may be restarted. */
  remainingMs?: number;
}

/**
 * kuberuntime's doBackOff: if the container's last instance exited at `finishedAt` and the back-off
 * window since then has not passed, report CrashLoopBackOff; otherwise advance the back-off and
 * allow the restart. Call it only for a container that is about to be (re)started and has exited
 * before (pass `finishedAt` undefined for a first start).
 */
export function checkCrashLoopBackOff(
  backoff: Backoff,
  pod: { metadata: { name?: string; namespace?: string; uid?: string } },
  containerName: string,
  finishedAt: number | undefined,
): CrashLoopDecision {
  if (finishedAt === undefined) return { inBackOff: false };
  const key = containerBackoffKey(pod, containerName);
  if (backoff.isInBackOffSince(key, finishedAt)) {
    return {
      inBackOff: true,
      message: `back-off ${formatGoDuration(backoff.get(key))} restarting failed container=${containerName} pod=${formatPod(pod)}`,
      eventMessage: `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}`,
      remainingMs: backoff.remainingSince(key, finishedAt),
    };
  }
  backoff.next(key, finishedAt);
  return { inBackOff: false };
}
