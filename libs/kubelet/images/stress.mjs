// polinux/stress: Amos Waterland's `stress` workload generator, re-implemented with Node
// built-ins. Hogs are real child processes: `--vm` workers allocate and touch their bytes (so
// they are resident), `--cpu` workers spin, `--io` workers fsync, `--hdd` workers write files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const MASTER_PID = 1; // as inside the container, where stress runs as PID 1

function parseBytes(s) {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(String(s));
  if (!m) return NaN;
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
  return Number(m[1]) * mult;
}
function parseSeconds(s) {
  const m = /^(\d+)([smhdy]?)$/.exec(String(s));
  if (!m) return NaN;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31536000 }[m[2]];
  return Number(m[1]) * mult;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ worker side
async function worker(kind, a) {
  switch (kind) {
    case 'cpu':
      for (;;) Math.sqrt(Math.random());
    case 'io': {
      const f = path.join(os.tmpdir(), `stress.io.${process.pid}`);
      const fd = fs.openSync(f, 'w');
      fs.unlinkSync(f);
      for (;;) {
        fs.fsyncSync(fd);
        await sleep(0);
      }
    }
    case 'vm': {
      const [bytes, stride, hang, keep] = a.map(Number);
      let chunks = null;
      for (;;) {
        if (!chunks || !keep) {
          chunks = [];
          let left = bytes;
          while (left > 0) {
            const n = Math.min(left, 256 * 1024 * 1024);
            chunks.push(Buffer.allocUnsafeSlow(n));
            left -= n;
          }
        }
        for (const c of chunks) for (let i = 0; i < c.length; i += stride) c[i] = 'Z'.charCodeAt(0);
        if (hang === 0) {
          for (;;) await sleep(1 << 30);
        }
        if (hang > 0) await sleep(hang * 1000);
        if (!keep) {
          chunks = null;
          globalThis.gc?.();
        }
        await sleep(0);
      }
    }
    case 'hdd': {
      const [bytes] = a.map(Number);
      const block = Buffer.alloc(Math.min(bytes, 1024 * 1024), 'Z');
      for (;;) {
        const f = path.join(os.tmpdir(), `stress.${process.pid}.XXXXXX`);
        const fd = fs.openSync(f, 'w');
        fs.unlinkSync(f);
        let left = bytes;
        while (left > 0) {
          const n = Math.min(left, block.length);
          fs.writeSync(fd, block, 0, n);
          left -= n;
          await sleep(0);
        }
        fs.closeSync(fd);
      }
    }
  }
}

// ------------------------------------------------------------------ master side
async function main(argv) {
  const o = { cpu: 0, io: 0, vm: 0, hdd: 0, vmBytes: 256 * 1024 ** 2, vmStride: 4096, vmHang: -1, vmKeep: false, hddBytes: 1024 ** 3, timeout: 0, verbose: false, quiet: false, dryRun: false };
  const need = (i) => {
    if (i + 1 >= argv.length) usage(1);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => (inline !== undefined ? inline : need(i++));
    switch (k) {
      case '-c': case '--cpu': o.cpu = Number(val()); break;
      case '-i': case '--io': o.io = Number(val()); break;
      case '-m': case '--vm': o.vm = Number(val()); break;
      case '--vm-bytes': o.vmBytes = parseBytes(val()); break;
      case '--vm-stride': o.vmStride = parseBytes(val()); break;
      case '--vm-hang': o.vmHang = parseSeconds(val()); break;
      case '--vm-keep': o.vmKeep = true; break;
      case '-d': case '--hdd': o.hdd = Number(val()); break;
      case '--hdd-bytes': o.hddBytes = parseBytes(val()); break;
      case '-t': case '--timeout': o.timeout = parseSeconds(val()); break;
      case '--backoff': val(); break;
      case '-v': case '--verbose': o.verbose = true; break;
      case '-q': case '--quiet': o.quiet = true; break;
      case '-n': case '--dry-run': o.dryRun = true; break;
      case '-?': case '--help': usage(0); break;
      case '--version': console.log('stress 1.0.4'); process.exit(0);
      default:
        process.stderr.write(`stress: FAIL: [${MASTER_PID}] (244) unrecognized option: ${a}\n`);
        process.exit(1);
    }
  }
  for (const [name, v] of [['vm-bytes', o.vmBytes], ['vm-stride', o.vmStride], ['hdd-bytes', o.hddBytes], ['timeout', o.timeout]]) {
    if (!Number.isFinite(v)) {
      process.stderr.write(`stress: FAIL: [${MASTER_PID}] (262) invalid number in ${name}\n`);
      process.exit(1);
    }
  }
  if (!o.cpu && !o.io && !o.vm && !o.hdd) usage(0);

  const info = (s) => o.quiet || console.log(`stress: info: [${MASTER_PID}] ${s}`);
  const dbug = (s) => o.verbose && console.log(`stress: dbug: [${MASTER_PID}] ${s}`);
  info(`dispatching hogs: ${o.cpu} cpu, ${o.io} io, ${o.vm} vm, ${o.hdd} hdd`);
  const start = Date.now();
  if (o.timeout) dbug(`setting timeout to ${o.timeout}s`);
  if (o.dryRun) process.exit(0);

  const children = [];
  let nextPid = 7;
  const launch = (kind, n, args) => {
    for (let i = 0; i < n; i++) {
      dbug(`--> hog${kind} worker ${n - i} [${nextPid}] forked`);
      const flags = kind === 'vm' ? ['--expose-gc'] : [];
      const child = spawn(process.execPath, [...flags, SELF, '--kubesim-worker', kind, ...args.map(String)], { stdio: 'inherit' });
      children.push({ child, pid: nextPid++ });
    }
  };
  launch('cpu', o.cpu, []);
  launch('io', o.io, []);
  launch('vm', o.vm, [o.vmBytes, o.vmStride, o.vmHang, o.vmKeep ? 1 : 0]);
  launch('hdd', o.hdd, [o.hddBytes]);

  const killAll = () => children.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
  process.on('exit', killAll);
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }

  let timedOut = false;
  if (o.timeout) {
    setTimeout(() => {
      timedOut = true;
      killAll();
    }, o.timeout * 1000);
  }

  let failed = false;
  await Promise.all(
    children.map(
      ({ child, pid }) =>
        new Promise((resolve) =>
          child.once('exit', (code, signal) => {
            if (timedOut) return resolve();
            if (signal) {
              if (!failed) process.stderr.write(`stress: FAIL: [${MASTER_PID}] (415) <-- worker ${pid} got signal ${os.constants.signals[signal] ?? signal}\n`);
              failed = true;
            } else if (code) {
              if (!failed) process.stderr.write(`stress: FAIL: [${MASTER_PID}] (422) <-- worker ${pid} returned error ${code}\n`);
              failed = true;
            }
            if (failed) {
              process.stderr.write(`stress: WARN: [${MASTER_PID}] (417) now reaping child worker processes\n`);
              killAll();
            }
            resolve();
          }),
        ),
    ),
  );
  const secs = Math.round((Date.now() - start) / 1000);
  if (failed) {
    process.stderr.write(`stress: FAIL: [${MASTER_PID}] (451) failed run completed in ${secs}s\n`);
    process.exit(1);
  }
  info(`successful run completed in ${secs}s`);
  process.exit(0);
}

function usage(code) {
  console.log(`\`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).`);
  process.exit(code);
}

const argv = process.argv.slice(2);
if (argv[0] === '--kubesim-worker') await worker(argv[1], argv.slice(2));
else await main(argv);
