import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration, readKubeletToken } from './flags.js';

describe('flags', () => {
  it('parses Go durations (and bare seconds)', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3')).toBe(3000);
    expect(() => parseDuration('10 parsecs')).toThrow('invalid duration');
    expect(() => parseDuration('')).toThrow('invalid duration');
  });

  it('reads a bare token, or the system:node line of a token CSV', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-token-'));
    try {
      const bare = path.join(dir, 'bare');
      fs.writeFileSync(bare, 'abc123\n');
      expect(readKubeletToken(bare, 'node-1')).toBe('abc123');
      const csv = path.join(dir, 'tokens.csv');
      fs.writeFileSync(csv, 'admin-tok,kubesim-admin,kubesim-admin,"system:masters"\nnode-tok,system:node,system:node,"system:nodes"\nn2-tok,system:node:node-2,x,"system:nodes"\n');
      expect(readKubeletToken(csv, 'node-1')).toBe('node-tok');
      expect(readKubeletToken(csv, 'node-2')).toBe('n2-tok');
      fs.writeFileSync(csv, 'admin-tok,admin,admin,"system:masters"\n');
      expect(readKubeletToken(csv, 'node-1')).toBe('admin-tok');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
