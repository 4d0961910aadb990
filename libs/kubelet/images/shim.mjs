// kubesim container shim: one per container instance, started by the kubelet's runtime with
//   node shim.mjs '<json config>'
// in its own session. It starts the container's process (in a new process group), writes its
// stdout/stderr to the CRI-format log file, reports lifecycle messages as JSON lines on its
// stdout, and acts as the watchdog: when the kubelet goes away – its end of our stdin pipe
// closes (even on SIGKILL), or our parent pid changes – it SIGKILLs the container's process
// group and exits. Commands from the kubelet arrive as JSON lines on stdin:
//   {"type":"signal","signal":"SIGTERM"}   signal the container's process group
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const cfg = JSON.parse(process.argv[2]);
const parentPid = process.ppid;
const MAX_LINE = 16 * 1024;

// ---------------------------------------------------------------- reporting
function report(msg) {
  try {
    fs.writeSync(1, JSON.stringify(msg) + '\n');
  } catch {
    /* the kubelet is gone; the watchdog handles it */
  }
}

// ---------------------------------------------------------------- CRI log writer
const logFd = fs.openSync(cfg.logPath, 'a');
const hrBase = process.hrtime.bigint();
const msBase = BigInt(Date.now()) * 1_000_000n;
function rfc3339Nano() {
  const ns = msBase + (process.hrtime.bigint() - hrBase);
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}
function writeLog(stream, tag, content) {
  try {
    fs.writeSync(logFd, `${rfc3339Nano()} ${stream} ${tag} ${content}\n`);
  } catch {
    /* disk full or removed: drop the line */
  }
}
function attach(readable, stream) {
  let buf = Buffer.alloc(0);
  return new Promise((resolve) => {
    readable.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const nl = buf.indexOf(10);
        if (nl < 0) break;
        let line = buf.subarray(0, nl);
        if (line.length && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
        writeLog(stream, 'F', line.toString('utf8'));
        buf = buf.subarray(nl + 1);
      }
      while (buf.length >= MAX_LINE) {
        writeLog(stream, 'P', buf.subarray(0, MAX_LINE).toString('utf8'));
        buf = buf.subarray(MAX_LINE);
      }
    });
    const done = () => {
      if (buf.length) writeLog(stream, 'F', buf.toString('utf8'));
      buf = Buffer.alloc(0);
      resolve();
    };
    readable.on('end', done);
    readable.on('close', done);
    readable.on('error', done);
  });
}

// ---------------------------------------------------------------- the container process
let child;
let exited = false;
function killGroup(signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function finish(msg) {
  if (exited) return;
  exited = true;
  report({ type: 'exited', finishedAt: Date.now(), ...msg });
  try {
    fs.closeSync(logFd);
  } catch {
    /* ignore */
  }
  process.exit(0);
}

try {
  child = spawn(cfg.argv[0], cfg.argv.slice(1), {
    env: cfg.env,
    cwd: cfg.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (e) {
  startFailed(e);
}

function startFailed(e) {
  const exe = cfg.argv[0];
  let exitCode = 128;
  let detail;
  if (e.code === 'ENOENT') {
    exitCode = 127;
    detail = exe.includes('/')
      ? `exec: "${exe}": stat ${exe}: no such file or directory`
      : `exec: "${exe}": executable file not found in $PATH`;
  } else if (e.code === 'EACCES') {
    exitCode = 126;
    detail = `exec: "${exe}": permission denied`;
  } else {
    detail = `exec: "${exe}": ${e.message}`;
  }
  finish({
    exitCode,
    reason: 'StartError',
    message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${detail}: unknown`,
  });
}

if (child) {
  child.on('error', (e) => {
    if (!child.pid) startFailed(e);
  });
  child.on('spawn', () => {
    report({ type: 'started', pid: child.pid, startedAt: Date.now() });
    const streams = Promise.all([attach(child.stdout, 'stdout'), attach(child.stderr, 'stderr')]);
    child.on('exit', (code, signal) => {
      // The container's init is gone: like a PID namespace teardown, nothing else in it survives.
      killGroup('SIGKILL');
      const exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
      const grace = setTimeout(() => finish({ exitCode, signal: signal ?? undefined }), 1000);
      streams.then(() => {
        clearTimeout(grace);
        finish({ exitCode, signal: signal ?? undefined });
      });
    });
  });
}

// ---------------------------------------------------------------- watchdog and commands
function orphaned() {
  killGroup('SIGKILL');
  process.exit(0);
}
let inBuf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  inBuf += d;
  for (;;) {
    const nl = inBuf.indexOf('\n');
    if (nl < 0) break;
    const line = inBuf.slice(0, nl);
    inBuf = inBuf.slice(nl + 1);
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch {
      continue;
    }
    if (cmd.type === 'signal' && !exited) killGroup(cmd.signal);
  }
});
process.stdin.on('end', orphaned);
process.stdin.on('close', orphaned);
process.stdin.on('error', orphaned);
setInterval(() => {
  if (process.ppid !== parentPid) orphaned();
}, 250);
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, orphaned);
process.on('SIGPIPE', () => {});
