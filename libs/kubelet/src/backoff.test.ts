import { describe, expect, it } from 'vitest';
import { Backoff, checkCrashLoopBackOff, containerBackoffKey } from './backoff.js';
import { FakeClock } from './clock.js';
import { formatGoDuration } from './goduration.js';

const pod = { metadata: { name: 'kubia-liveness', namespace: 'default', uid: 'u-1' } };

describe('formatGoDuration', () => {
  it('prints like Go time.Duration.String()', () => {
    expect(formatGoDuration(10_000)).toBe('10s');
    expect(formatGoDuration(40_000)).toBe('40s');
    expect(formatGoDuration(80_000)).toBe('1m20s');
    expect(formatGoDuration(160_000)).toBe('2m40s');
    expect(formatGoDuration(300_000)).toBe('5m0s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(1_500)).toBe('1.5s');
    expect(formatGoDuration(250)).toBe('250ms');
    expect(formatGoDuration(0)).toBe('0s');
  });
});

describe('Backoff', () => {
  it('starts at the initial delay, doubles and caps', () => {
    const clock = new FakeClock();
    const b = new Backoff({ clock });
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('k', clock.now());
      seen.push(b.get('k'));
      clock.advance(1000);
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('is in back-off since an event until the delay passes', () => {
    const clock = new FakeClock();
    const b = new Backoff({ clock });
    const t0 = clock.now();
    expect(b.isInBackOffSince('k', t0)).toBe(false);
    b.next('k', t0);
    expect(b.isInBackOffSince('k', t0)).toBe(true);
    clock.advance(9_999);
    expect(b.isInBackOffSince('k', t0)).toBe(true);
    clock.advance(1);
    expect(b.isInBackOffSince('k', t0)).toBe(false);
  });

  it('resets after 2 × max of quiet running', () => {
    const clock = new FakeClock();
    const b = new Backoff({ clock });
    for (let i = 0; i < 5; i++) b.next('k');
    expect(b.get('k')).toBe(160_000);
    clock.advance(600_000);
    b.next('k', clock.now());
    expect(b.get('k')).toBe(300_000); // exactly 2 × max is not yet expired: doubled and capped
    clock.advance(600_001);
    b.next('k', clock.now());
    expect(b.get('k')).toBe(10_000);
  });

  it('gc drops stale entries; base and cap are injectable', () => {
    const clock = new FakeClock();
    const b = new Backoff({ clock, initialMs: 1000, maxMs: 4000 });
    b.next('a');
    b.next('a');
    b.next('a');
    b.next('a');
    expect(b.get('a')).toBe(4000);
    clock.advance(8001);
    b.gc();
    expect(b.keys()).toEqual([]);
  });
});

describe('checkCrashLoopBackOff', () => {
  it('follows the kubelet restart schedule and message', () => {
    const clock = new FakeClock();
    const b = new Backoff({ clock });
    // First start: nothing exited yet.
    expect(checkCrashLoopBackOff(b, pod, 'kubia', undefined).inBackOff).toBe(false);
    // First crash: restarted at once (back-off becomes 10s).
    let finished = clock.now();
    expect(checkCrashLoopBackOff(b, pod, 'kubia', finished).inBackOff).toBe(false);
    expect(b.get(containerBackoffKey(pod, 'kubia'))).toBe(10_000);
    // Second crash: waits 10 s.
    clock.advance(2000);
    finished = clock.now();
    let d = checkCrashLoopBackOff(b, pod, 'kubia', finished);
    expect(d).toMatchObject({
      inBackOff: true,
      message: 'back-off 10s restarting failed container=kubia pod=kubia-liveness_default(u-1)',
      eventMessage: 'Back-off restarting failed container kubia in pod kubia-liveness_default(u-1)',
      remainingMs: 10_000,
    });
    clock.advance(10_000);
    expect(checkCrashLoopBackOff(b, pod, 'kubia', finished).inBackOff).toBe(false);
    // Third crash: 20 s, then 40 s.
    clock.advance(1000);
    finished = clock.now();
    d = checkCrashLoopBackOff(b, pod, 'kubia', finished);
    expect(d.message).toContain('back-off 20s');
    clock.advance(20_000);
    expect(checkCrashLoopBackOff(b, pod, 'kubia', finished).inBackOff).toBe(false);
    finished = clock.now();
    d = checkCrashLoopBackOff(b, pod, 'kubia', finished);
    expect(d.message).toBe('back-off 40s restarting failed container=kubia pod=kubia-liveness_default(u-1)');
  });
});
