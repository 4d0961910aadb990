import { isNotFound } from '@kubesim/api';
import { microTime, type LeaderElectionRecord, type ResourceLock } from './lock.js';

export interface LeaderCallbacks {
  /**
   * Called when this candidate becomes the leader. `signal` aborts when leadership is lost or the
   * elector is stopped: everything done as leader must stop with it.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once after leading ended (lost or stopped); not called if this candidate never led. */
  onStoppedLeading(): void;
  /** Called when the observed leader changes (including to this candidate). */
  onNewLeader?(identity: string): void;
}

/** The part of a pino logger the elector uses. */
export interface ElectorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface LeaderElectionConfig {
  lock: ResourceLock;
  /**
   * How long a non-leader waits, from the moment it last saw the record change, before it may take
   * over (15 s in kube-scheduler). Measured on the candidate's own clock, never against the
   * renewTime someone else wrote.
   */
  leaseDurationMs: number;
  /** How long the leader keeps retrying a failing renewal before it gives up leading (10 s). */
  renewDeadlineMs: number;
  /** How often candidates try to acquire and the leader renews (2 s). */
  retryPeriodMs: number;
  callbacks: LeaderCallbacks;
  /** On stop, write an empty holder so a standby can take over at once. */
  releaseOnCancel?: boolean;
  name?: string;
  log?: ElectorLogger;
  now?: () => number;
}

/** The jitter factor of acquire retries (JitterFactor). */
const JITTER = 1.2;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * client-go's LeaderElector. Safety comes from two things:
 *
 * - every write is a compare-and-swap on the lock's version, so of two candidates that saw the same
 *   record, at most one can take it;
 * - timing: a leader that cannot renew stops leading within retryPeriod + renewDeadline of its last
 *   renewal, while another candidate waits leaseDuration from when it observed that renewal; the
 *   config requires leaseDuration > renewDeadline + retryPeriod, so their leaderships never overlap
 *   (given clocks that run at the same rate).
 */
export class LeaderElector {
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private readonly now: () => number;
  private readonly log: ElectorLogger | undefined;

  constructor(private readonly config: LeaderElectionConfig) {
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = config;
    if (leaseDurationMs <= renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (renewDeadlineMs <= JITTER * retryPeriodMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
    if (leaseDurationMs < renewDeadlineMs + retryPeriodMs) {
      throw new Error('leaseDuration must be at least renewDeadline + retryPeriod, or two leaders could overlap');
    }
    if (retryPeriodMs < 1) throw new Error('retryPeriod must be positive');
    this.now = config.now ?? Date.now;
    this.log = config.log;
  }

  identity(): string {
    return this.config.lock.identity();
  }

  /** Whether this candidate held the lock at its last successful acquire or renew. */
  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.identity();
  }

  /** The last observed leader ('' if none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Campaigns until it leads, leads until it can no longer renew or `signal` aborts, then returns.
   * Run it again to campaign again.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    const leading = new AbortController();
    const onAbort = () => leading.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let started: Promise<void> | undefined;
    try {
      started = Promise.resolve()
        .then(() => this.config.callbacks.onStartedLeading(leading.signal))
        .catch((e) => this.log?.warn({ err: e }, 'onStartedLeading failed'));
      await this.renew(leading.signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      leading.abort(new Error('leadership lost'));
      if (signal.aborted && this.config.releaseOnCancel) await this.release();
      await started;
      try {
        this.config.callbacks.onStoppedLeading();
      } catch (e) {
        this.log?.warn({ err: e }, 'onStoppedLeading failed');
      }
    }
  }

  /** Retries every retryPeriod (jittered) until the lock is ours; false if aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    const desc = this.config.lock.describe();
    this.log?.info({ lock: desc }, 'attempting to acquire leader lease');
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew();
      this.maybeReportTransition();
      if (ok) {
        this.log?.info({ lock: desc }, 'successfully acquired lease');
        return true;
      }
      await sleep(this.config.retryPeriodMs * (1 + Math.random() * (JITTER - 1)), signal);
    }
    return false;
  }

  /** Renews every retryPeriod; returns when a renewal kept failing for renewDeadline, or on abort. */
  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = this.now() + this.config.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && this.now() < deadline) {
        // A write that hangs must not keep us leading past the deadline.
        const timer = new AbortController();
        const attempt = await Promise.race([
          this.tryAcquireOrRenew(deadline),
          sleep(Math.max(0, deadline - this.now()), timer.signal).then(() => false),
        ]);
        timer.abort();
        if (attempt) {
          renewed = true;
          break;
        }
        await sleep(Math.min(this.config.retryPeriodMs, Math.max(0, deadline - this.now())), signal);
      }
      this.maybeReportTransition();
      if (signal.aborted) return;
      if (!renewed) {
        this.log?.warn({ lock: this.config.lock.describe() }, 'failed to renew lease: timed out');
        // Forget our own record: until we read the lock again we are not the leader.
        if (this.isLeader()) this.observedRecord = { ...(this.observedRecord as LeaderElectionRecord), holderIdentity: '' };
        return;
      }
      await sleep(this.config.retryPeriodMs, signal);
    }
  }

  /** Gives the lock up by writing an empty holder with a 1 s lease (only if we still hold it). */
  private async release(): Promise<void> {
    if (!this.isLeader() || !this.observedRecord) return;
    const now = microTime(this.now());
    const rec: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: this.observedRecord.leaseTransitions,
    };
    try {
      await this.config.lock.update(rec);
      this.setObserved(rec, JSON.stringify(rec));
    } catch (e) {
      this.log?.warn({ err: e }, 'failed to release lock');
    }
  }

  /**
   * One attempt (tryAcquireOrRenew): create the lock if missing; otherwise take or renew it if we
   * hold it or the holder's lease ran out by our clock. `deadline` bounds a renewal: a write that
   * returns after it does not count.
   */
  private async tryAcquireOrRenew(deadline = Infinity): Promise<boolean> {
    const lock = this.config.lock;
    const nowMs = this.now();
    const rec: LeaderElectionRecord = {
      holderIdentity: lock.identity(),
      leaseDurationSeconds: Math.ceil(this.config.leaseDurationMs / 1000),
      renewTime: microTime(nowMs),
      acquireTime: microTime(nowMs),
      leaseTransitions: 0,
    };

    // Fast path: the leader renews without reading first (the CAS still protects it).
    if (this.isLeader() && this.observedRecord && nowMs < this.observedTime + this.config.leaseDurationMs) {
      const renewed = { ...rec, acquireTime: this.observedRecord.acquireTime, leaseTransitions: this.observedRecord.leaseTransitions };
      try {
        await lock.update(renewed);
        if (this.now() >= deadline) return false;
        this.setObserved(renewed, JSON.stringify(renewed));
        return true;
      } catch (e) {
        this.log?.debug({ err: e }, 'fast-path renew failed; reading the lock');
      }
    }

    let old: { record: LeaderElectionRecord; raw: string };
    try {
      old = await lock.get();
    } catch (e) {
      if (!isNotFound(e)) {
        this.log?.warn({ err: e, lock: lock.describe() }, 'error retrieving resource lock');
        return false;
      }
      try {
        await lock.create(rec);
      } catch (ce) {
        this.log?.warn({ err: ce, lock: lock.describe() }, 'error initially creating leader election record');
        return false;
      }
      this.setObserved(rec, JSON.stringify(rec));
      return true;
    }

    if (old.raw !== this.observedRaw) this.setObserved(old.record, old.raw);
    const held = old.record.holderIdentity !== '';
    const valid = this.observedTime + old.record.leaseDurationSeconds * 1000 > this.now();
    if (held && valid && old.record.holderIdentity !== lock.identity()) {
      this.log?.debug({ holder: old.record.holderIdentity }, 'lock is held by another candidate and has not yet expired');
      return false;
    }
    if (old.record.holderIdentity === lock.identity()) {
      rec.acquireTime = old.record.acquireTime;
      rec.leaseTransitions = old.record.leaseTransitions;
    } else {
      rec.leaseTransitions = old.record.leaseTransitions + 1;
    }
    try {
      await lock.update(rec);
    } catch (e) {
      this.log?.debug({ err: e }, 'failed to update lock');
      return false;
    }
    if (this.now() >= deadline) return false;
    this.setObserved(rec, JSON.stringify(rec));
    return true;
  }

  private setObserved(rec: LeaderElectionRecord, raw: string): void {
    this.observedRecord = rec;
    this.observedRaw = raw;
    this.observedTime = this.now();
  }

  private maybeReportTransition(): void {
    const leader = this.getLeader();
    if (leader === this.reportedLeader) return;
    this.reportedLeader = leader;
    if (leader) {
      try {
        this.config.callbacks.onNewLeader?.(leader);
      } catch (e) {
        this.log?.warn({ err: e }, 'onNewLeader failed');
      }
    }
  }
}
