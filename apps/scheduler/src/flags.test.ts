import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBool, parseDuration, readToken } from './flags.js';

describe('flags', () => {
  it.each([
    ['15s', 15_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2', 2_000],
    ['0.5s', 500],
    ['1h', 3_600_000],
  ])('parseDuration(%s) = %d ms', (v, ms) => expect(parseDuration(v)).toBe(ms));

  it.each(['', 's', '15x', '15s junk', '-1s'])('parseDuration(%j) is an error', (v) => expect(() => parseDuration(v)).toThrow());

  it('parseBool', () => {
    expect(parseBool('false')).toBe(false);
    expect(parseBool('TRUE')).toBe(true);
    expect(() => parseBool('maybe')).toThrow();
  });

  it('readToken: a bare token, or the line of a user in a token CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-flags-'));
    writeFileSync(join(dir, 'bare'), 'abc123\n');
    writeFileSync(join(dir, 'csv'), 'admintok,kubesim-admin,kubesim-admin,"system:masters"\nschedtok,system:kube-scheduler,system:kube-scheduler,""\n');
    expect(readToken(join(dir, 'bare'), 'system:kube-scheduler')).toBe('abc123');
    expect(readToken(join(dir, 'csv'), 'system:kube-scheduler')).toBe('schedtok');
    expect(() => readToken(join(dir, 'csv'), 'nobody')).toThrow(/no token/);
  });
});
