import { describe, expect, it } from 'vitest';
import { waitWhileBusy } from './background.js';

describe('waitWhileBusy', () => {
  it('resolves at once when not busy and without a quiet spell', async () => {
    let checks = 0;
    await waitWhileBusy(() => (checks++, false), Date.now() + 10_000);
    expect(checks).toBe(1);
  });

  it('waits for busy() to have been false for quietMs', async () => {
    let t = 0;
    const now = () => t;
    // Busy until t = 100, quiet afterwards; the fake clock moves 25 ms a look.
    const seen: number[] = [];
    const p = waitWhileBusy(
      () => {
        seen.push(t);
        const b = t < 100;
        t += 25;
        return b;
      },
      10_000,
      { quietMs: 50, pollMs: 1, now },
    );
    await p;
    // Looks at 0..75 were busy; quiet from the look at 100; resolved at the look at 150.
    expect(seen.at(-1)).toBe(150);
  });

  it('gives up waiting at the deadline', async () => {
    const t0 = Date.now();
    await waitWhileBusy(() => true, t0 + 120, { pollMs: 10 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
