// Helpers the benchmarks share: process CPU from /proc, and Prometheus text parsing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A bad command line; the benchmarks exit 2 on it. */
export class UsageError extends Error {}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

let clkTck = 0;
/** The kernel's clock ticks per second (the unit of /proc's CPU times). */
export function clockTicks(): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime+stime of the process itself (not its children) in seconds, from /proc; undefined when unknown. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const clkTck = clockTicks();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clkTck;
  } catch {
    return undefined;
  }
}

/** One sample of Prometheus' text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const lm of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1] as string] = lm[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[4]) });
  }
  return out;
}

/** Sum of the samples named `name` whose labels include `match`. */
export function metricSum(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}

/** Mean of a histogram in ms (sum / count), over the samples matching `match`. */
export function histMeanMs(samples: Sample[], name: string, match: Record<string, string> = {}): number | null {
  const c = metricSum(samples, `${name}_count`, match);
  return c > 0 ? round((metricSum(samples, `${name}_sum`, match) / c) * 1000, 2) : null;
}

/** Prometheus' histogram_quantile (linear interpolation within the bucket), in ms. */
export function histQuantileMs(samples: Sample[], name: string, q: number, match: Record<string, string> = {}): number | null {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || !Object.entries(match).every(([k, v]) => s.labels[k] === v)) continue;
    const le = s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Infinity) return round(prevLe * 1000, 1);
      const frac = count === prevCount ? 0 : (rank - prevCount) / (count - prevCount);
      return round((prevLe + (le - prevLe) * frac) * 1000, 1);
    }
    prevLe = le;
    prevCount = count;
  }
  return null;
}
