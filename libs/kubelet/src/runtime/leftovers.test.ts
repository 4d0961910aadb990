import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { SHIM_PATH } from '../images/catalog.js';
import { processAlive, randomLoopbackIP, waitUntil } from '../testutil.js';
import { cleanupLeftoverContainers, recordsDir } from './leftovers.js';
import { ContainerRuntime } from './runtime.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-leftovers-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const pod = (uid: string): Pod => ({ metadata: { name: 'p', namespace: 'default', uid }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '600'] }] } });

describe('cleanupLeftoverContainers', () => {
  it('kills recorded containers of the root dir (checked by start time) and removes the records', async () => {
    const rootDir = tmp();
    const runtime = new ContainerRuntime({ rootDir });
    const p = pod('u-rec');
    const res = await runtime.startContainer({ pod: p, container: p.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
    expect(res.ok).toBe(true);
    const pid = res.ok ? res.status.pid! : 0;
    expect(fs.readdirSync(recordsDir(rootDir))).toHaveLength(1);
    // Another root dir's cleanup leaves it alone.
    expect(await cleanupLeftoverContainers(tmp())).toEqual([]);
    expect(processAlive(pid)).toBe(true);
    const killed = await cleanupLeftoverContainers(rootDir);
    expect(killed).toContain(pid);
    await waitUntil(() => !processAlive(pid), 5000, 20, 'container gone');
    await waitUntil(() => runtime.getContainer(res.ok ? res.status.id : '')?.state === 'exited', 5000, 20, 'runtime saw the exit');
    expect(fs.readdirSync(recordsDir(rootDir))).toEqual([]);
    await runtime.shutdown();
  });

  it('kills an unrecorded shim of the root dir and its container', async () => {
    const rootDir = tmp();
    const logPath = path.join(rootDir, 'pods', 'u-shim', 'c', '0.log');
    fs.mkdirSync(path.dirname(logPath), { recursive: true });
    const shim = spawn(process.execPath, [SHIM_PATH, JSON.stringify({ argv: ['sleep', '600'], env: { PATH: process.env.PATH }, cwd: rootDir, logPath })], {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const started = await new Promise<{ pid: number }>((resolve) => {
      let buf = '';
      shim.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const line = buf.split('\n').find((l) => l.includes('"started"'));
        if (line) resolve(JSON.parse(line));
      });
    });
    expect(processAlive(started.pid)).toBe(true);
    const killed = await cleanupLeftoverContainers(rootDir);
    expect(killed).toEqual(expect.arrayContaining([shim.pid, started.pid]));
    await waitUntil(() => !processAlive(started.pid) && !processAlive(shim.pid!), 5000, 20, 'shim and container gone');
  });
});
