/**
 * apimachinery's `duration.HumanDuration` and the printers' `translateTimestampSince`, digit for
 * digit: the AGE, LAST SEEN and RESTARTS "(… ago)" cells kubectl prints verbatim.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A succinct representation of a duration with ~2-3 significant figures (`5s`, `119s`, `2m30s`,
 * `5m`, `3h10m`, `10h`, `2d3h`, `8d`, `2y30d`, `9y`). Durations below -1s print `<invalid>`
 * (clock skew of up to two seconds is tolerated as `0s`). Every division truncates toward zero,
 * as Go's integer conversions do.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;

  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;

  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const days = Math.trunc(hours / 24);
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const years = Math.trunc(hours / 24 / 365);
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp; undefined when absent or unparsable (Go's zero time). */
export function parseTimestamp(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The elapsed time since `ts`, as `humanDuration`; `<unknown>` when the timestamp is missing (Go's
 * zero `metav1.Time`). Also serves `translateMicroTimestampSince`, since a MicroTime parses the same.
 */
export function translateTimestampSince(ts: string | null | undefined, now: Date): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

/**
 * `metav1.Time` formatted as Go's `time.RFC3339` in UTC (`2026-11-21T22:56:59Z`, no fraction), as the
 * default table convertor's "Created At" cell; the zero time prints `0001-01-01T00:00:00Z`.
 */
export function formatRFC3339(ts: string | null | undefined): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
