import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort } from './address.js';
import { healthzResponse } from './healthz.js';
import { levelForVerbosity } from './logging.js';
import { delay } from './signals.js';

describe('healthz', () => {
  it.each([
    ['all pass', [true, true], false, 200, 'ok'],
    ['all pass, verbose', [true, true], true, 200, '[+]a ok\n[+]b ok\nhealthz check passed\n'],
    ['one fails', [true, false], false, 500, '[+]a ok\n[-]b failed: reason withheld\nhealthz check failed\n'],
  ])('%s', async (_n, results, verbose, code, body) => {
    const checks = results.map((ok, i) => ({ name: 'ab'[i]!, check: () => { if (!ok) throw new Error('down'); } }));
    expect(await healthzResponse(checks, verbose)).toEqual({ code, body });
  });
});

describe('addresses', () => {
  it.each([
    ['127.0.0.1:6443', { host: '127.0.0.1', port: 6443 }],
    [':8080', { host: '127.0.0.1', port: 8080 }],
    ['[::1]:9', { host: '::1', port: 9 }],
  ])('parses %s', (s, want) => expect(parseHostPort(s)).toEqual(want));
  it('rejects garbage', () => expect(() => parseHostPort('nope')).toThrow('invalid address "nope": want host:port'));
  it('formats IPv6 in brackets', () => expect(formatHostPort('::1', 9)).toBe('[::1]:9'));
});

describe('logging and signals', () => {
  it.each([[0, 'warn'], [2, 'info'], [3, 'debug'], [6, 'trace']])('--v=%i is %s', (v, level) => expect(levelForVerbosity(v)).toBe(level));
  it('delay rejects when aborted', async () => {
    const ac = new AbortController();
    const p = delay(60_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
