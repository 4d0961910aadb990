import { describe, expect, it } from 'vitest';
import { formatRFC3339, humanDuration, translateTimestampSince } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  it.each([
    [-3 * S, '<invalid>'],
    [-2 * S, '<invalid>'],
    [-1.5 * S, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [5 * S, '5s'],
    [5.9 * S, '5s'],
    [59 * S, '59s'],
    [90 * S, '90s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 30 * S, '2m30s'],
    [5 * M, '5m'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 10 * M, '3h10m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 30 * D, '2y30d'],
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y + 100 * D, '8y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it.each([
    [undefined, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2025-12-31T23:59:55Z', '5s'],
    ['2025-12-31T23:57:30Z', '2m30s'],
    ['2025-12-29T21:00:00Z', '2d3h'],
    ['2025-12-31T23:59:59.500000Z', '0s'],
  ])('%s → %s', (ts, want) => {
    expect(translateTimestampSince(ts, now)).toBe(want);
  });
});

describe('formatRFC3339', () => {
  it('prints seconds precision in UTC and the zero time for a missing timestamp', () => {
    expect(formatRFC3339('2026-11-21T22:56:59Z')).toBe('2026-11-21T22:56:59Z');
    expect(formatRFC3339('2026-11-21T23:56:59.123+01:00')).toBe('2026-11-21T22:56:59Z');
    expect(formatRFC3339(undefined)).toBe('0001-01-01T00:00:00Z');
  });
});
