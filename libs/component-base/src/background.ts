/**
 * Background work that yields to the work users wait for. `waitWhileBusy` resolves once `busy()`
 * has been false for `quietMs` (checked every `pollMs`), or at `deadline` (epoch ms) at the latest:
 * background work waits for a pause in a burst, but is never starved by it.
 */
export async function waitWhileBusy(busy: () => boolean, deadline: number, opts: { quietMs?: number; pollMs?: number; now?: () => number } = {}): Promise<void> {
  const { quietMs = 0, pollMs = 25, now = Date.now } = opts;
  let quietSince: number | undefined;
  for (;;) {
    const t = now();
    if (busy()) quietSince = undefined;
    else {
      quietSince ??= t;
      if (t - quietSince >= quietMs) return;
    }
    const left = deadline - t;
    if (left <= 0) return;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
  }
}
