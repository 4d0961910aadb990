#!/usr/bin/env node
// kubesim: runs a Kubernetes-like cluster of real processes on this machine.
import { down, kill, start, status, up } from '@kubesim/cluster';
import { Command } from 'commander';

const program = new Command('kubesim')
  .description('A Kubernetes cluster emulator: real etcd, real processes, driven by the real kubectl')
  .option('--dir <path>', 'state directory (pids, ports, logs, etcd data, tokens)', process.env['KUBESIM_DIR'] ?? '.kubesim')
  .showHelpAfterError();

const out = (line: string) => process.stdout.write(`${line}\n`);
const dir = () => program.opts<{ dir: string }>().dir;

program
  .command('up')
  .description('start etcd and the control plane as separate processes and wait until healthy')
  .option('--kubernetes-timings', "use Kubernetes' default timings instead of kubesim's fast ones")
  .action(async (o: { kubernetesTimings?: boolean }) => {
    out('Starting kubesim ...');
    const state = await up({ dir: dir(), kubernetesTimings: !!o.kubernetesTimings, progress: out });
    out('');
    out('kubesim is running.');
    out(`  gRPC API:     ${state.apiserver?.grpcAddress}`);
    out(`  health:       http://${state.apiserver?.httpAddress}/healthz   metrics: http://${state.apiserver?.httpAddress}/metrics`);
    out(`  admin token:  ${state.adminTokenFile}`);
    out(`  state:        ${state.dir}`);
    out('');
    out('  kubesim status   show components     kubesim down   stop everything');
  });

program
  .command('down')
  .description('stop every component; nothing is left running')
  .option('--purge', 'also delete the state directory (etcd data, logs, tokens)')
  .action(async (o: { purge?: boolean }) => {
    await down({ dir: dir(), purge: !!o.purge, progress: out });
    out('kubesim stopped.');
  });

program
  .command('status')
  .description('show each component with pid, address and health')
  .action(async () => {
    const rows = await status(dir());
    if (!rows.length) {
      out(`no cluster in ${dir()} (run kubesim up)`);
      process.exitCode = 1;
      return;
    }
    const table = [['COMPONENT', 'PID', 'ADDRESS', 'HEALTH'], ...rows.map((r) => [r.name, r.running ? String(r.pid) : '-', r.address, r.healthy ? 'healthy' : r.running ? 'unhealthy' : 'stopped'])];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) out(row.map((cell, i) => cell.padEnd(widths[i]!)).join('   ').trimEnd());
    if (rows.some((r) => !r.healthy)) process.exitCode = 1;
  });

program
  .command('kill <component>')
  .description('SIGKILL a component as a crash would (etcd, apiserver, scheduler, controller-manager, kubelet/<node>)')
  .action((name: string) => {
    const rec = kill(dir(), name);
    out(`killed ${rec.name} (pid ${rec.pid})`);
  });

program
  .command('start <component>')
  .description('start a stopped or killed component again')
  .action(async (name: string) => {
    const rec = await start(dir(), name);
    out(`started ${rec.name} (pid ${rec.pid})`);
  });

try {
  await program.parseAsync();
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
