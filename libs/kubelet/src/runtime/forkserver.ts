import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { IMAGES_DIR, PERL } from '../images/catalog.js';

type Server = ChildProcessByStdio<Writable, Readable, null>;

/** Bytes of argv kept for the containers' command lines (what `ps` and /proc/<pid>/cmdline show). */
const ARGV_ROOM = 4096;

/** images/forkserver.pl */
export const FORK_SERVER_SCRIPT = path.join(IMAGES_DIR, 'forkserver.pl');

/** statfs f_type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994;

/**
 * The folder for the FIFOs of the containers of a runtime whose root dir is `rootDir`: on a tmpfs
 * when `shm` (default /dev/shm) is one that this process may write to, as containerd keeps its FIFOs
 * under /run/containerd/fifo; otherwise `<rootDir>/fifos`. Two FIFOs are made and removed per
 * container, and on a disk file system each is an inode allocated and freed in its journal (a third
 * of the fork server's CPU per container on ext4).
 */
export function fifoDirFor(rootDir: string, shm = '/dev/shm'): string {
  const root = path.resolve(rootDir);
  try {
    if (fs.statfsSync(shm).type === TMPFS_MAGIC) {
      fs.accessSync(shm, fs.constants.W_OK);
      const hash = createHash('sha256').update(root).digest('hex').slice(0, 16);
      return path.join(shm, `kubesim-fifos-${hash}`);
    }
  } catch {
    /* no such folder, or not ours to write */
  }
  return path.join(root, 'fifos');
}

/** A container the fork server started: its first process and the read ends of its stdout and stderr. */
export interface ForkedProcess {
  pid: number;
  stdout: net.Socket;
  stderr: net.Socket;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<ForkedExit>;
}

export type ForkedExit = [code: number | null, signal: NodeJS.Signals | null];

interface Started {
  pid: number;
  exited: Promise<ForkedExit>;
}

/** Signal names by number (the server reports numbers). */
const SIGNAL_NAMES = new Map(Object.entries(os.constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

export interface ForkRequest {
  /** The container instance's ID (hex), also the name of its FIFOs. */
  id: string;
  /** The built-in image's program (images/<name>.pl). */
  script: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/**
 * The kubelet's end of images/forkserver.pl: one perl process per container runtime that has the
 * built-in images' shared code compiled, and starts their containers by forking (see the script).
 * A container it started is not this process's child: the server reports its exit, and its stdout
 * and stderr come through two FIFOs under `fifoDir`, which this side opens (non-blocking, read-only)
 * before the server lets go of them. Should the server itself end, its containers would be orphans
 * whose exits nobody reports: they are killed (SIGKILL), and the next fork starts a new server.
 */
export class ForkServer {
  private child?: Server;
  /** Forks asked for, by container ID: the pid and how it will exit, once the server has forked. */
  private readonly pending = new Map<string, { resolve: (started: Started) => void; reject: (e: Error) => void }>();
  /** Running containers: how to report their exit. */
  private readonly running = new Map<number, (e: ForkedExit) => void>();
  private closed = false;

  constructor(private readonly fifoDir: string) {}

  /** Whether `argv` runs a built-in image's program (`perl <images>/<name>.pl ...`), which this can start. */
  static handles(argv: readonly string[]): boolean {
    const s = argv[1];
    return argv[0] === PERL && !!s && path.dirname(s) + path.sep === IMAGES_DIR && s.endsWith('.pl') && s !== FORK_SERVER_SCRIPT && fs.existsSync(s) && serverScriptExists();
  }

  /** Pid of the server, if it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the server ahead of the first fork (which otherwise starts it), so that the first
   * containers do not wait for perl to compile the images' shared code.
   */
  start(): void {
    if (!this.closed && serverScriptExists()) this.ensure();
  }

  /** Starts a container; rejects when the server could not (the message says why). */
  async fork(req: ForkRequest): Promise<ForkedProcess> {
    if (this.closed) throw new Error('fork server is closed');
    const child = this.ensure();
    const out = path.join(this.fifoDir, `${req.id}.out`);
    const err = path.join(this.fifoDir, `${req.id}.err`);
    const env = Object.entries(req.env).map(([k, v]) => `${k}=${v}`);
    const fields = ['start', req.id, req.script, req.cwd, out, err, String(req.args.length), ...req.args, ...env];
    if (fields.some((f) => f.includes('\0'))) throw new Error('invalid argument: a NUL byte in the command line or environment');
    const { pid, exited } = await new Promise<Started>((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      this.send(child, fields);
    });
    let stdout: net.Socket | undefined;
    try {
      stdout = openFifo(out);
      const stderr = openFifo(err);
      return { pid, stdout, stderr, exited };
    } catch (e) {
      // Without its output the container cannot run as one: it goes.
      stdout?.destroy();
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      throw e;
    } finally {
      // The server lets go of the FIFOs (and removes their names): from now on the container's end of
      // file comes when it (and whatever inherited them) has exited.
      this.send(child, ['attached', req.id]);
    }
  }

  /**
   * Ends the server (it exits at the end of its input) and removes the FIFO folder with whatever is
   * left in it. The server removes the folder too when it ends, which covers a killed kubelet.
   */
  close(): void {
    this.closed = true;
    this.child?.stdin.end();
    this.child = undefined;
    try {
      fs.rmSync(this.fifoDir, { recursive: true, force: true });
    } catch {
      /* in use by another process, or gone */
    }
  }

  private ensure(): Server {
    if (this.child) return this.child;
    fs.mkdirSync(this.fifoDir, { recursive: true, mode: 0o700 });
    // A container's $0 is written over the server's argv (perl's $0 on Linux takes the contiguous
    // argument strings): one argument of spaces leaves room for it (4,096 empty ones cost the spawn
    // ~4 ms of JavaScript). No environment: the containers get theirs from the request.
    const child = spawn(PERL, [FORK_SERVER_SCRIPT, ' '.repeat(ARGV_ROOM)], { stdio: ['pipe', 'pipe', 'inherit'], detached: true, env: {} });
    this.child = child;
    // Like the containers, the server does not keep this process alive.
    child.unref();
    for (const s of [child.stdin, child.stdout] as unknown as { unref?: () => void }[]) s.unref?.();
    child.stdin.on('error', () => {});
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    const gone = () => {
      if (this.child === child) this.child = undefined;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error('the fork server exited'));
      }
      for (const [pid, report] of this.running) {
        this.running.delete(pid);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        report([null, 'SIGKILL']);
      }
    };
    child.once('error', gone);
    child.once('exit', gone);
    return child;
  }

  /** One request, in one write: `<byte length>\n<fields joined by NUL>`. */
  private send(child: Server, fields: string[]): void {
    const msg = fields.join('\0');
    child.stdin.write(`${Buffer.byteLength(msg)}\n${msg}`);
  }

  private onLine(line: string): void {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'started' || kind === 'failed') {
      const p = this.pending.get(a!);
      if (!p) return;
      this.pending.delete(a!);
      if (kind === 'started') {
        // Its exit may be the very next line, before the caller has the pid.
        const pid = Number(b);
        p.resolve({ pid, exited: new Promise<ForkedExit>((r) => this.running.set(pid, r)) });
      } else p.reject(new Error(line.slice(kind.length + a!.length + 2)));
    } else if (kind === 'exit') {
      const pid = Number(a);
      const report = this.running.get(pid);
      if (!report) return;
      this.running.delete(pid);
      const sig = Number(c);
      report(sig ? [null, SIGNAL_NAMES.get(sig) ?? 'SIGKILL'] : [Number(b), null]);
    }
  }
}

let serverScript: boolean | undefined;
/** Whether images/forkserver.pl is there ($KUBESIM_IMAGES_DIR may name a folder of older images). */
function serverScriptExists(): boolean {
  return (serverScript ??= fs.existsSync(FORK_SERVER_SCRIPT));
}

/** The read end of a FIFO, as a stream (epoll, not the thread pool). */
function openFifo(file: string): net.Socket {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const s = new net.Socket({ fd, readable: true, writable: false });
  s.unref();
  return s;
}
