import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { processAlive, randomLoopbackIP, waitUntil } from '../testutil.js';
import { PERL } from '../images/catalog.js';
import { FORK_SERVER_SCRIPT, ForkServer, fifoDirFor } from './forkserver.js';
import { ContainerRuntime } from './runtime.js';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-forkserver-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Fields of /proc/<pid>/stat after the command: state, ppid, pgrp, session. */
function stat(pid: number): { ppid: number; pgrp: number; session: number } {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]) };
}

/** The command line as `ps` starts it (perl pads a $0 it set with blanks after a NUL). */
function cmdline(pid: number): string {
  return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').trimEnd();
}

function readAll(s: Readable): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (text += d));
    s.on('end', () => resolve(text));
  });
}

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}

/** The fork server's handles are unref'd (as the runtime wants): hold the event loop while a test waits. */
async function held<T>(p: Promise<T>): Promise<T> {
  const t = setInterval(() => {}, 1000);
  try {
    return await p;
  } finally {
    clearInterval(t);
  }
}

/** Runs `fn` with a fork server whose FIFOs are in `<dir>/<name>`, and closes the server after. */
async function withForkServer(name: string, fn: (server: ForkServer, fifoDir: string) => Promise<void>): Promise<void> {
  const fifoDir = path.join(dir, name);
  const server = new ForkServer(fifoDir);
  try {
    await fn(server, fifoDir);
  } finally {
    server.close();
  }
}

describe('ForkServer', () => {
  it('starts a program as a forked child: its own process group, environment, directory, argv and $0; output and exit reported', () =>
    withForkServer('fifos-1', async (server, fifoDir) => {
      const prog = script(
        'hello.pl',
        'print "out $ENV{GREETING} @ARGV\\n"; print STDERR "err $0\\n"; print "cwd ", readlink("/proc/self/cwd"), "\\n"; exit 3;\n',
      );
      const cwd = fs.mkdtempSync(path.join(dir, 'cwd-'));
      const p = await held(server.fork({ id: 'a1', script: prog, args: ['x', 'y z'], env: { GREETING: 'hi', PATH: '/usr/bin:/bin' }, cwd }));
      const [out, err, exit] = await held(Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]));
      expect(out).toBe(`out hi x y z\ncwd ${fs.realpathSync(cwd)}\n`);
      expect(err).toMatch(/^err \S*perl \S+\/hello\.pl x y z\n$/);
      expect(exit).toEqual([3, null]);
      // The FIFOs are gone once the container's side was opened.
      expect(fs.readdirSync(fifoDir)).toEqual([]);
    }));

  it('reports death by signal, and a die as perl does (message on stderr, 255)', () =>
    withForkServer('fifos-2', async (server) => {
      const selfKill = await held(server.fork({ id: 'b1', script: script('term.pl', 'kill "TERM", $$; sleep 5;\n'), args: [], env: {}, cwd: dir }));
      expect(await held(selfKill.exited)).toEqual([null, 'SIGTERM']);
      const dies = await held(server.fork({ id: 'b2', script: script('die.pl', '$! = 0; die "no luck\\n";\n'), args: [], env: {}, cwd: dir }));
      const [err, exit] = await held(Promise.all([readAll(dies.stderr), dies.exited]));
      expect(err).toBe('no luck\n');
      expect(exit).toEqual([255, null]);
    }));

  it('reports a container started once it leads its own process group and has its $0: the group can be signalled at once', () =>
    withForkServer('fifos-4', async (server) => {
      const sleeper = script('sleep4.pl', 'sleep 60;\n');
      // Many at once, as in a burst: the server forks on while the children set themselves up.
      const forks = await held(
        Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            server.fork({ id: `s${i}`, script: sleeper, args: [`n${i}`], env: {}, cwd: dir }).then((p) => {
              // Checked the moment the fork is reported, before anything else runs here.
              const s = stat(p.pid);
              return { p, pgrp: s.pgrp, session: s.session, cmd: cmdline(p.pid) };
            }),
          ),
        ),
      );
      for (const [i, f] of forks.entries()) {
        // Its own group, in the server's session (one autogroup for all of a node's containers).
        expect({ pgrp: f.pgrp, session: f.session }).toEqual({ pgrp: f.p.pid, session: server.pid });
        expect(f.cmd).toMatch(new RegExp(`perl \\S+/sleep4\\.pl n${i}$`));
      }
      for (const f of forks) process.kill(-f.p.pid, 'SIGKILL');
      for (const f of forks) expect(await held(f.p.exited)).toEqual([null, 'SIGKILL']);
    }));

  it('kills its containers when the server dies, and the next fork starts a new server', () =>
    withForkServer('fifos-3', async (server) => {
      const sleeper = script('sleep.pl', 'sleep 60;\n');
      const p = await held(server.fork({ id: 'c1', script: sleeper, args: [], env: {}, cwd: dir }));
      const first = server.pid!;
      expect(stat(p.pid).ppid).toBe(first);
      process.kill(first, 'SIGKILL');
      expect(await held(p.exited)).toEqual([null, 'SIGKILL']);
      await waitUntil(() => !processAlive(p.pid), 5000, 20, 'the orphan killed');
      const q = await held(server.fork({ id: 'c2', script: sleeper, args: [], env: {}, cwd: dir }));
      expect(server.pid).not.toBe(first);
      expect(stat(q.pid).ppid).toBe(server.pid);
      process.kill(-q.pid, 'SIGKILL');
      expect(await held(q.exited)).toEqual([null, 'SIGKILL']);
    }));

  it('ends when its input ends (the kubelet is gone) and kills the containers still running', async () => {
    // The server alone, spoken to directly: nothing else (no watchdog, no ForkServer) kills them here.
    const srv = spawn(PERL, [FORK_SERVER_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const fifos = fs.mkdtempSync(path.join(dir, 'fifos-'));
    const parent = script('parent.pl', 'my $c = fork // die; if (!$c) { sleep 60; exit 0 } sleep 60;\n');
    const msg = Buffer.from(['start', 'e1', parent, dir, path.join(fifos, 'e1.out'), path.join(fifos, 'e1.err'), '0'].join('\0'));
    srv.stdin.write(`${msg.length}\n`);
    srv.stdin.write(msg);
    const line = await new Promise<string>((resolve) => createInterface({ input: srv.stdout }).once('line', resolve));
    expect(line).toMatch(/^started e1 \d+$/);
    const pid = Number(line.split(' ')[2]);
    // The container and its own child, in the container's process group.
    const members = await waitUntil(() => {
      const m = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d) && (() => { try { return stat(Number(d)).pgrp === pid; } catch { return false; } })());
      return m.length === 2 ? m.map(Number) : undefined;
    }, 5000, 20, 'the container and its child');
    const exited = new Promise((r) => srv.once('exit', r));
    srv.stdin.end();
    await exited;
    await waitUntil(() => members.every((m) => !processAlive(m)), 5000, 20, 'the container and its child to be killed');
    // Its FIFO folder, empty once the FIFOs were let go, went with it.
    expect(fs.existsSync(fifos)).toBe(false);
  });

  it('makes the FIFO folder again when it is gone (a server of the same root dir ended meanwhile)', () =>
    withForkServer('fifos-5', async (server, fifoDir) => {
      const hello = script('hello5.pl', 'print "hello\\n";\n');
      const p = await held(server.fork({ id: 'f1', script: hello, args: [], env: {}, cwd: dir }));
      expect(await held(readAll(p.stdout))).toBe('hello\n');
      fs.rmSync(fifoDir, { recursive: true, force: true });
      const q = await held(server.fork({ id: 'f2', script: hello, args: [], env: {}, cwd: dir }));
      expect(await held(readAll(q.stdout))).toBe('hello\n');
      expect(await held(q.exited)).toEqual([0, null]);
    }));

  it('keeps the FIFOs on a tmpfs when there is one, else under the root dir', () => {
    const root = path.join(dir, 'some-root');
    // A folder on a tmpfs this process may write to (/dev/shm on Linux, if it is one here).
    const tmpfs = fs.statfsSync('/dev/shm', {}).type === 0x01021994 ? '/dev/shm' : undefined;
    if (tmpfs) {
      const d = fifoDirFor(root, tmpfs);
      expect(path.dirname(d)).toBe(tmpfs);
      expect(path.basename(d)).toMatch(/^kubesim-fifos-[0-9a-f]{16}$/);
      // One folder per root dir, the same for the same root dir however it is written.
      expect(fifoDirFor(`${root}/`, tmpfs)).toBe(d);
      expect(fifoDirFor(path.join(dir, 'other-root'), tmpfs)).not.toBe(d);
    }
    // os.tmpdir() here is the test's own folder: a disk folder, or one that is not a tmpfs.
    const notTmpfs = fs.statfsSync(dir).type === 0x01021994 ? path.join(dir, 'missing') : dir;
    expect(fifoDirFor(root, notTmpfs)).toBe(path.join(root, 'fifos'));
    expect(fifoDirFor(root, path.join(dir, 'no-such-folder'))).toBe(path.join(root, 'fifos'));
  });

  it('handles the built-in images only', () => {
    const kubia = path.join(path.dirname(FORK_SERVER_SCRIPT), 'kubia.pl');
    const perl = fs.existsSync('/usr/bin/perl') ? '/usr/bin/perl' : 'perl';
    expect(ForkServer.handles([perl, kubia, '--kubesim-tag=latest'])).toBe(true);
    expect(ForkServer.handles([perl, FORK_SERVER_SCRIPT])).toBe(false);
    expect(ForkServer.handles([perl, path.join(dir, 'hello.pl')])).toBe(false);
    expect(ForkServer.handles(['/bin/sh', kubia])).toBe(false);
  });
});

describe('ContainerRuntime with the fork server', () => {
  const pod = (name: string, image: string): Pod => ({
    metadata: { name, namespace: 'default', uid: `uid-${name}-${process.pid}` },
    spec: { containers: [{ name: 'c', image }] },
  });

  function get(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  }

  it("forks the built-in images' containers (a process group of their own, the pod's environment) and spawns the rest", async () => {
    const rootDir = fs.mkdtempSync(path.join(dir, 'root-'));
    const runtime = new ContainerRuntime({ rootDir });
    try {
      const ip = randomLoopbackIP();
      const p = pod('kubia-fork', 'luksa/kubia');
      const res = await runtime.startContainer({ pod: p, container: p.spec.containers[0]!, restartCount: 0, podIP: ip });
      if (!res.ok) throw new Error(res.message);
      const pid = res.status.pid!;
      const s = stat(pid);
      expect(s.ppid).not.toBe(process.pid);
      expect(cmdline(s.ppid)).toContain('forkserver.pl');
      expect(s.pgrp).toBe(pid);
      // The fork server's session, which is its own (the kubelet starts it detached).
      expect(s.session).toBe(s.ppid);
      expect(stat(s.ppid).session).toBe(s.ppid);
      expect(cmdline(pid)).toMatch(/perl \S+\/kubia\.pl --kubesim-tag=latest$/);
      // It has the pod's environment: it listens on POD_IP and answers with HOSTNAME.
      expect(await waitUntil(() => get(`http://${ip}:8080/`), 10_000, 50, 'kubia')).toBe("You've hit kubia-fork\n");

      const b = pod('box', 'busybox');
      b.spec.containers[0]!.command = ['sleep', '60'];
      const res2 = await runtime.startContainer({ pod: b, container: b.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      if (!res2.ok) throw new Error(res2.message);
      expect(stat(res2.status.pid!).ppid).toBe(process.pid);

      // kill -9 from outside: the fork server reports it, the runtime records 137.
      process.kill(pid, 'SIGKILL');
      expect(await runtime.waitForExit(res.status.id)).toMatchObject({ exitCode: 137, signal: 'SIGKILL', reason: 'Error' });
      const log = fs.readFileSync(res.status.logPath, 'utf8');
      expect(log).toMatch(/^\S+ stdout F Kubia server starting\.\.\.\n/);
    } finally {
      await runtime.shutdown();
    }
    // Its FIFO folder went with it.
    expect(fs.existsSync(fifoDirFor(rootDir))).toBe(false);
  });

  it('spawns them as fresh perl processes with forkServer: false', async () => {
    const rootDir = fs.mkdtempSync(path.join(dir, 'root-'));
    const runtime = new ContainerRuntime({ rootDir, forkServer: false });
    try {
      const p = pod('kubia-spawn', 'luksa/kubia');
      const res = await runtime.startContainer({ pod: p, container: p.spec.containers[0]!, restartCount: 0, podIP: randomLoopbackIP() });
      if (!res.ok) throw new Error(res.message);
      expect(stat(res.status.pid!).ppid).toBe(process.pid);
    } finally {
      await runtime.shutdown();
    }
  });
});
