import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { processAlive, randomLoopbackIP, waitUntil } from '../testutil.js';
import { ContainerRecords, cleanupLeftoverContainers, isWatchdogOf, processStartTime, readContainerRecords, recordsFile } from './leftovers.js';
import { ContainerRuntime } from './runtime.js';
import { WATCHDOG_NAME, WATCHDOG_SCRIPT, Watchdog, pgidsFile } from './watchdog.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-leftovers-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

const pod = (uid: string): Pod => ({ metadata: { name: 'p', namespace: 'default', uid }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '600'] }] } });

describe('cleanupLeftoverContainers', () => {
  it('kills recorded containers of the root dir (checked by start time) and removes the records', async () => {
    const rootDir = tmp();
    const runtime = new ContainerRuntime({ rootDir });
    const p = pod('u-rec');
    const res = await runtime.startContainer({ pod: p, container: p.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
    expect(res.ok).toBe(true);
    const pid = res.ok ? res.status.pid! : 0;
    expect(readContainerRecords(rootDir)).toMatchObject([{ id: res.ok ? res.status.id : '', podUID: 'u-rec', name: 'c', pid }]);
    // Another root dir's cleanup leaves it alone.
    expect(await cleanupLeftoverContainers(tmp())).toEqual([]);
    expect(processAlive(pid)).toBe(true);
    const killed = await cleanupLeftoverContainers(rootDir);
    expect(killed).toContain(pid);
    await waitUntil(() => !processAlive(pid), 5000, 20, 'container gone');
    await waitUntil(() => runtime.getContainer(res.ok ? res.status.id : '')?.state === 'exited', 5000, 20, 'runtime saw the exit');
    expect(fs.existsSync(recordsFile(rootDir))).toBe(false);
    await runtime.shutdown();
  });

  it("kills another watchdog of the root dir, never its own runtime's", async () => {
    const rootDir = tmp();
    // Left behind by an earlier kubelet: not a child of this process (its parent shell is gone).
    const starter = spawn('/bin/sh', ['-c', '(sleep 600 | /bin/sh -c "$S" "$N" "$F") >/dev/null 2>&1 &'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, S: WATCHDOG_SCRIPT, N: WATCHDOG_NAME, F: pgidsFile(rootDir) },
    });
    // This process's own watchdog (a runtime with the same root dir) stays.
    const own = new Watchdog(rootDir);
    try {
      const strayPid = await waitUntil(
        () => fs.readdirSync('/proc').map(Number).find((pid) => pid && isWatchdogOf(pid, rootDir)),
        5000,
        20,
        'the stray watchdog to start',
      );
      own.add(999_999_999); // a group that cannot exist (above any pid_max)
      await waitUntil(() => own.pid && isWatchdogOf(own.pid, rootDir), 5000, 20, 'the own watchdog to start');
      expect(await cleanupLeftoverContainers(tmp())).toEqual([]);
      const killed = await cleanupLeftoverContainers(rootDir);
      expect(killed).toEqual([strayPid]);
      await waitUntil(() => !processAlive(strayPid), 5000, 20, 'the stray watchdog gone');
      expect(processAlive(own.pid!)).toBe(true);
      const ownPid = own.pid!;
      await own.close();
      expect(processAlive(ownPid)).toBe(false);
    } finally {
      killGroup(starter.pid!); // its `sleep`
      await own.close();
    }
  });
});

describe('ContainerRecords', () => {
  it('journals started and gone instances; a torn last line is skipped; removed ones are compacted away', () => {
    const rootDir = tmp();
    const records = new ContainerRecords(rootDir);
    records.add({ id: 'kubesim://a', podUID: 'u1', name: 'c', pid: process.pid });
    records.add({ id: 'kubesim://b', podUID: 'u1', name: 'd', pid: 1, startTime: '42' });
    records.remove('kubesim://a');
    records.remove('kubesim://unknown');
    // The start time of a live process is read when it is recorded.
    records.add({ id: 'kubesim://self', podUID: 'u2', name: 'c', pid: process.pid });
    expect(readContainerRecords(rootDir).find((r) => r.id === 'kubesim://self')?.startTime).toMatch(/^\d+$/);
    // A kubelet killed in the middle of a write leaves a torn last line.
    const torn = tmp();
    fs.writeFileSync(recordsFile(torn), `${fs.readFileSync(recordsFile(rootDir), 'utf8')}{"id":"kubesim://c","po`);
    expect(readContainerRecords(torn).map((r) => r.id)).toEqual(['kubesim://b', 'kubesim://self']);
    for (let i = 0; i < 600; i++) {
      records.add({ id: `kubesim://x${i}`, podUID: 'u3', name: 'c', pid: 1, startTime: '1' });
      records.remove(`kubesim://x${i}`);
    }
    const lines = fs.readFileSync(recordsFile(rootDir), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(300);
    expect(readContainerRecords(rootDir).map((r) => r.id).sort()).toEqual(['kubesim://b', 'kubesim://self']);
    expect(fs.existsSync(`${recordsFile(rootDir)}.tmp`)).toBe(false);
    // Closed (the runtime shut down), it still journals what happens late, and keeps no descriptor.
    records.close();
    records.remove('kubesim://b');
    expect(readContainerRecords(rootDir).map((r) => r.id)).toEqual(['kubesim://self']);
  });

  it("cleanup also reads an older kubelet's records (a file per instance) and removes them", async () => {
    const rootDir = tmp();
    const sleeper = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    try {
      await waitUntil(() => processStartTime(sleeper.pid!), 5000, 20, 'sleep to start');
      fs.mkdirSync(path.join(rootDir, 'containers'));
      fs.writeFileSync(
        path.join(rootDir, 'containers', 'x.json'),
        JSON.stringify({ id: 'kubesim://x', podUID: 'u', name: 'c', pid: sleeper.pid, startTime: processStartTime(sleeper.pid!) }),
      );
      expect(await cleanupLeftoverContainers(rootDir)).toContain(sleeper.pid);
      await waitUntil(() => !processAlive(sleeper.pid!), 5000, 20, 'sleep gone');
      expect(fs.existsSync(path.join(rootDir, 'containers'))).toBe(false);
    } finally {
      killGroup(sleeper.pid!);
    }
  });
});

describe('Watchdog', () => {
  it('SIGKILLs every listed process group when its pipe closes, and only those', async () => {
    const rootDir = tmp();
    const spawnGroup = () => spawn('sh', ['-c', 'sleep 600 & sleep 600'], { detached: true, stdio: 'ignore' });
    const a = spawnGroup();
    const b = spawnGroup();
    const other = spawnGroup();
    const c = spawnGroup();
    // A list left by an earlier kubelet is replaced, not appended to.
    fs.mkdirSync(rootDir, { recursive: true });
    fs.writeFileSync(pgidsFile(rootDir), '4194303\n');
    const w = new Watchdog(rootDir);
    const listed = () => fs.readFileSync(pgidsFile(rootDir), 'utf8').split(/\s+/).filter(Boolean).map(Number);
    try {
      w.add(a.pid!);
      w.add(b.pid!);
      w.add(other.pid!);
      w.add(b.pid!);
      expect(listed()).toEqual([a.pid, b.pid, other.pid]);
      w.remove(other.pid!);
      expect(listed()).toEqual([a.pid, b.pid]);
      // A freed slot is taken again.
      w.add(c.pid!);
      expect(listed()).toEqual([a.pid, b.pid, c.pid]);
      // A removed group leaves a blank slot, which the script skips; every slot is 16 bytes.
      w.add(999_999_998);
      w.remove(999_999_998);
      const text = fs.readFileSync(pgidsFile(rootDir), 'utf8');
      expect(text).toMatch(/^(?:[ \d]{15}\n){4}$/);
      expect(text.slice(48)).toBe(`${' '.repeat(15)}\n`);
      const members = (pgid: number) =>
        fs.readdirSync('/proc').filter((n) => {
          if (!/^\d+$/.test(n)) return false;
          try {
            const st = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
            return st.slice(st.lastIndexOf(')') + 2).split(' ')[2] === String(pgid);
          } catch {
            return false;
          }
        });
      await waitUntil(() => members(a.pid!).length >= 2 && members(b.pid!).length >= 2, 5000, 20, 'the groups to start');
      const wpid = w.pid!;
      // A watchdog killed from outside is replaced.
      process.kill(wpid, 'SIGKILL');
      await waitUntil(() => w.pid && w.pid !== wpid, 5000, 20, 'a new watchdog');
      await w.close();
      await waitUntil(() => [a, b, c].every((g) => members(g.pid!).length === 0), 2000, 20, 'the listed groups to die');
      expect(members(other.pid!).length).toBeGreaterThanOrEqual(1);
    } finally {
      await w.close();
      for (const g of [a, b, other, c]) killGroup(g.pid!);
    }
  });
});
