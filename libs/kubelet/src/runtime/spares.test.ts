import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpareFiles } from './spares.js';

let root: string;
let spare: string;
let logs: string;
let pods: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-spares-'));
  spare = path.join(root, 'spare');
  logs = path.join(root, 'logs');
  pods = path.join(root, 'pods');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const inode = (p: string) => fs.statSync(p).ino;

describe('SpareFiles', () => {
  it('makes the stock up to its capacity, with the folders spares go to', async () => {
    const s = new SpareFiles(spare, 3, [logs, pods]);
    expect(s.stock).toEqual({ files: 0, dirs: 0 });
    await s.fill();
    expect(s.stock).toEqual({ files: 3, dirs: 3 });
    expect(fs.readdirSync(spare).sort()).toEqual(['d-1', 'd-3', 'd-5', 'f-0', 'f-2', 'f-4']);
    expect(fs.existsSync(logs) && fs.existsSync(pods)).toBe(true);
    // Full: nothing more is made.
    await s.fill();
    expect(fs.readdirSync(spare)).toHaveLength(6);
  });

  it('makes at most `max` new spares per fill, and one fill at a time', async () => {
    const s = new SpareFiles(spare, 10, [logs, pods]);
    await Promise.all([s.fill(3), s.fill(3)]);
    expect(s.stock.files + s.stock.dirs).toBe(3);
    await s.fill(4);
    expect(s.stock).toEqual({ files: 4, dirs: 3 });
  });

  it('renames a spare into place: the same inode, empty', async () => {
    const s = new SpareFiles(spare, 2, [logs, pods]);
    await s.fill();
    const spareInodes = new Set(fs.readdirSync(spare).map((n) => inode(path.join(spare, n))));
    const log = path.join(logs, 'uid_c_0.log');
    const dir = path.join(pods, 'uid');
    expect(s.placeFile(log)).toBe(true);
    expect(s.placeDir(dir)).toBe(true);
    expect(spareInodes.has(inode(log)) && spareInodes.has(inode(dir))).toBe(true);
    expect(fs.readFileSync(log, 'utf8')).toBe('');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(s.stock).toEqual({ files: 1, dirs: 1 });
    // A folder that exists already is left as it is, and no spare is used.
    fs.writeFileSync(path.join(dir, 'data'), 'x');
    expect(s.placeDir(dir)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'data'), 'utf8')).toBe('x');
    expect(s.stock.dirs).toBe(1);
  });

  it('says so when the stock is out, so the caller makes the file', () => {
    const s = new SpareFiles(spare, 2, [logs, pods]);
    expect(s.placeFile(path.join(root, 'x.log'))).toBe(false);
    expect(s.placeDir(path.join(root, 'x'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'x.log')) || fs.existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('takes back a small file truncated and an empty folder as it was made, up to its capacity', async () => {
    const s = new SpareFiles(spare, 1, [logs, pods]);
    await s.fill();
    const a = path.join(logs, 'a.log');
    const b = path.join(logs, 'b.log');
    s.placeFile(a);
    fs.writeFileSync(a, 'old output\n');
    fs.writeFileSync(b, 'more\n');
    const d = path.join(pods, 'p');
    s.placeDir(d);
    const ino = inode(a);
    const dino = inode(d);
    expect(s.keepFile(a)).toBe(true);
    expect(s.keepDir(d)).toBe(true);
    expect(fs.existsSync(a) || fs.existsSync(d)).toBe(false);
    expect(s.stock).toEqual({ files: 1, dirs: 1 });
    // The stock is full: the next ones are left to the caller.
    expect(s.keepFile(b)).toBe(false);
    expect(fs.readFileSync(b, 'utf8')).toBe('more\n');
    fs.mkdirSync(path.join(pods, 'r'));
    expect(s.keepDir(path.join(pods, 'r'))).toBe(false);
    expect(fs.existsSync(path.join(pods, 'r'))).toBe(true);
    // What comes out again is empty.
    const c = path.join(logs, 'c.log');
    const e = path.join(pods, 'q');
    s.placeFile(c);
    s.placeDir(e);
    expect([inode(c), inode(e)]).toEqual([ino, dino]);
    expect(fs.readFileSync(c, 'utf8')).toBe('');
    expect(fs.readdirSync(e)).toEqual([]);
    // Not taken back: a folder with something in it, one whose mode a container changed, a large
    // log file, missing ones.
    fs.writeFileSync(path.join(e, 'data'), 'x');
    expect(s.keepDir(e)).toBe(false);
    expect(fs.readFileSync(path.join(e, 'data'), 'utf8')).toBe('x');
    fs.rmSync(path.join(e, 'data'));
    fs.chmodSync(e, 0o555);
    expect(s.keepDir(e)).toBe(false);
    fs.chmodSync(e, fs.statSync(spare).mode & 0o7777);
    fs.writeFileSync(c, Buffer.alloc((1 << 20) + 1));
    expect(s.keepFile(c)).toBe(false);
    expect(fs.statSync(c).size).toBe((1 << 20) + 1);
    expect(s.keepFile(path.join(logs, 'missing.log'))).toBe(false);
    expect(s.keepDir(path.join(pods, 'missing'))).toBe(false);
    expect(s.stock).toEqual({ files: 0, dirs: 0 });
    // As made, the folder is taken back.
    expect(s.keepDir(e)).toBe(true);
  });

  it('does not hand out a spare folder something was written to, and keeps a spare it could not place', async () => {
    const s = new SpareFiles(spare, 2, [logs, pods]);
    await s.fill();
    for (const n of fs.readdirSync(spare).filter((x) => x.startsWith('d-'))) fs.writeFileSync(path.join(spare, n, 'stray'), 'x');
    expect(s.placeDir(path.join(pods, 'a'))).toBe(false);
    expect(s.stock.dirs).toBe(1);
    // Its destination's folder is gone: the spare stays in stock and is placed once it is back.
    fs.rmSync(logs, { recursive: true });
    expect(s.placeFile(path.join(logs, 'x.log'))).toBe(false);
    expect(s.stock.files).toBe(2);
    fs.mkdirSync(logs);
    expect(s.placeFile(path.join(logs, 'x.log'))).toBe(true);
    expect(s.stock.files).toBe(1);
  });

  it('makes nothing once closed', async () => {
    const s = new SpareFiles(spare, 8, [logs, pods]);
    const filling = s.fill();
    s.close();
    await filling;
    expect(s.stock.files + s.stock.dirs).toBeLessThanOrEqual(1);
    await s.fill();
    expect(s.stock.files + s.stock.dirs).toBeLessThanOrEqual(1);
    expect(s.keepFile(path.join(root, 'whatever'))).toBe(false);
  });

  it("takes over an earlier kubelet's stock and numbers on after it", async () => {
    const first = new SpareFiles(spare, 2, [logs, pods]);
    await first.fill();
    const second = new SpareFiles(spare, 3, [logs, pods]);
    expect(second.stock).toEqual({ files: 2, dirs: 2 });
    await second.fill();
    expect(second.stock).toEqual({ files: 3, dirs: 3 });
    expect(fs.readdirSync(spare)).toHaveLength(6);
    expect(second.placeFile(path.join(logs, 'x.log'))).toBe(true);
  });

  it('with capacity 0 keeps nothing', async () => {
    const s = new SpareFiles(spare, 0, [logs, pods]);
    await s.fill();
    expect(fs.existsSync(spare)).toBe(false);
    fs.mkdirSync(logs);
    fs.writeFileSync(path.join(logs, 'a.log'), 'x');
    expect(s.keepFile(path.join(logs, 'a.log'))).toBe(false);
    expect(s.stock).toEqual({ files: 0, dirs: 0 });
  });

  it('a spare removed from under it is skipped', async () => {
    const s = new SpareFiles(spare, 1, [logs, pods]);
    await s.fill();
    fs.rmSync(spare, { recursive: true });
    expect(s.placeFile(path.join(logs, 'a.log'))).toBe(false);
    expect(s.stock.files).toBe(0);
    await s.fill();
    expect(s.placeFile(path.join(logs, 'a.log'))).toBe(true);
  });
});
