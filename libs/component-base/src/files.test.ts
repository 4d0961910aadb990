import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file whole (a new inode), with exactly the mode asked, and leaves no temporary file', () => {
    const file = path.join(dir, 'a');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    const before = fs.statSync(file).ino;
    writeFileAtomic(file, 'new', { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(file).ino).not.toBe(before);
    writeFileAtomic(file, 'fixed', { tmp: `${file}.tmp` });
    expect(fs.readFileSync(file, 'utf8')).toBe('fixed');
    expect(fs.readdirSync(dir)).toEqual(['a']);
  });

  it('throws when it cannot, leaving the file as it was and no temporary file', () => {
    const file = path.join(dir, 'b');
    fs.writeFileSync(file, 'kept');
    fs.mkdirSync(path.join(dir, 'b.tmp'));
    expect(() => writeFileAtomic(file, 'x', { tmp: path.join(dir, 'b.tmp', 'no', 'such') })).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('kept');
    fs.rmdirSync(path.join(dir, 'b.tmp'));
    // A rename onto a folder fails after the temporary file was written: it is removed.
    fs.mkdirSync(path.join(dir, 'c'));
    fs.writeFileSync(path.join(dir, 'c', 'x'), '');
    expect(() => writeFileAtomic(path.join(dir, 'c'), 'x', { tmp: path.join(dir, 'c.tmp') })).toThrow();
    expect(fs.existsSync(path.join(dir, 'c.tmp'))).toBe(false);
  });
});
