/**
 * Go's time.Duration.String() for whole and fractional durations, so that messages such as
 * "back-off 1m20s restarting failed container=..." read exactly as the kubelet prints them.
 */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let ns = BigInt(Math.round(Math.abs(ms) * 1e6));
  let out: string;
  if (ns < 1_000_000_000n) {
    // Sub-second: Go uses ns, µs or ms units with a fractional part.
    if (ns < 1000n) out = `${ns}ns`;
    else if (ns < 1_000_000n) out = `${fmtFrac(ns, 1000n)}µs`;
    else out = `${fmtFrac(ns, 1_000_000n)}ms`;
  } else {
    const h = ns / 3_600_000_000_000n;
    ns -= h * 3_600_000_000_000n;
    const m = ns / 60_000_000_000n;
    ns -= m * 60_000_000_000n;
    const s = fmtFrac(ns, 1_000_000_000n);
    out = '';
    if (h > 0n) out += `${h}h`;
    if (h > 0n || m > 0n) out += `${m}m`;
    out += `${s}s`;
  }
  return neg ? `-${out}` : out;
}

function fmtFrac(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const frac = v % unit;
  if (frac === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  const fs = frac.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fs}`;
}
