import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isAlive as alive } from '@kubesim/component-base';
import { Etcd3 } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { startEtcd } from './etcd.js';
import { freePort } from './ports.js';

async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('freePort', () => {
  it('returns a port that can be bound', async () => {
    const port = await freePort();
    const srv = createServer();
    await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((r) => srv.close(r));
  });
});

describe('startEtcd', () => {
  it('runs etcd on its own ports and data dir; kill and restart keep the data; stop removes it', async () => {
    const [a, b] = await Promise.all([startEtcd(), startEtcd()]);
    try {
      expect(a!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set([a!.clientPort, a!.peerPort, b!.clientPort, b!.peerPort]).size).toBe(4);
      expect(a!.dataDir).not.toBe(b!.dataDir);
      const client = new Etcd3({ hosts: a!.endpoint });
      try {
        await client.put('k').value('v');
        const pid = a!.pid;
        await a!.kill();
        expect(a!.pid).toBe(0);
        expect(alive(pid)).toBe(false);
        await a!.restart();
        expect(a!.pid).not.toBe(pid);
        expect(await client.get('k').string()).toBe('v');
        await a!.restart(); // graceful stop + start while running
        expect(await client.get('k').string()).toBe('v');
      } finally {
        client.close();
      }
      const pid = a!.pid;
      await a!.stop();
      expect(alive(pid)).toBe(false);
      expect(existsSync(a!.dataDir)).toBe(false);
      await a!.stop(); // idempotent
    } finally {
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });

  it('never outlives its owner, even one killed with SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-owner-'));
    const script = join(dir, 'owner.ts');
    const etcdModule = fileURLToPath(new URL('./etcd.ts', import.meta.url));
    await writeFile(
      script,
      `import { startEtcd } from ${JSON.stringify(etcdModule)};\n` +
        `const e = await startEtcd();\nconsole.log(JSON.stringify({ pid: e.pid, dataDir: e.dataDir }));\nsetInterval(() => {}, 1000);\n`,
    );
    const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url));
    const owner = spawn(process.execPath, [viteNode, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: owner.stdout! }).once('line', resolve);
        owner.once('exit', (code) => reject(new Error(`owner exited with ${code}`)));
      });
      const { pid, dataDir } = JSON.parse(line) as { pid: number; dataDir: string };
      expect(alive(pid)).toBe(true);
      owner.kill('SIGKILL');
      await eventually(() => !alive(pid));
      await rm(dataDir, { recursive: true, force: true });
    } finally {
      owner.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
