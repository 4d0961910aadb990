import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive } from './process.js';

describe('isAlive', () => {
  it('is true for a running process and false for a missing pid or pid 0', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(2 ** 22 + 1)).toBe(false); // above the kernel's pid_max limit
  });

  it('is false for a zombie: exited, but not yet reaped by its parent', async () => {
    // `sh` starts a short `sleep` in the background, then becomes a `sleep` that never reaps it. The
    // child outlives the `exec` by far (a child that exited at once could be reaped by sh itself).
    const parent = spawn('/bin/sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
      const state = () => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.charAt(stat.lastIndexOf(')') + 2);
      };
      const deadline = Date.now() + 5000;
      while (state() !== 'Z') {
        if (Date.now() > deadline) throw new Error(`pid ${pid} never became a zombie (state ${state()})`);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(isAlive(pid)).toBe(false);
      expect(isAlive(parent.pid!)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
