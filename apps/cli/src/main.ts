#!/usr/bin/env node
// kubesim: runs a Kubernetes-like cluster of real processes on this machine.
import { KUBELET_PREFIX, StateDir, type NodeOptions, defaultKubeconfigPath, down, kill, kubeconfigPath, mergeKubeconfig, nodeList, parseNodeSpec, start, status, up } from '@kubesim/cluster';
import { Command } from 'commander';

const program = new Command('kubesim')
  .description('A Kubernetes cluster emulator: real etcd, real processes, driven by the real kubectl')
  .option('--dir <path>', 'state directory (pids, ports, logs, etcd data, tokens)', process.env['KUBESIM_DIR'] ?? '.kubesim')
  .showHelpAfterError();

/** Kubelets a first `kubesim up` starts. */
const DEFAULT_NODES = 3;

const out = (line: string) => process.stdout.write(`${line}\n`);
const dir = () => program.opts<{ dir: string }>().dir;
/** Quotes a path for a copy-pasteable shell command when it needs it. */
const sh = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
/** `--san a --san b,c` → ['a', 'b', 'c'] */
const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

program
  .command('up')
  .description('start etcd and the control plane as separate processes and wait until healthy')
  .option('--kubernetes-timings', "use Kubernetes' default timings instead of kubesim's fast ones")
  .option('--san <name>', "extra DNS name or IP for the apiserver's serving certificate (repeatable)", collect, [] as string[])
  .option('--nodes <n>', 'run N kubelets, node-1 … node-N (default: the nodes of the previous up, 3 at first)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--nodes wants a number, got "${v}"`);
    return n;
  })
  .option(
    '--node <spec>',
    'shape (or add) a node: name:cpu=4,memory=8Gi,pods=110,labels=k=v;k2=v2,taints=k=v:NoSchedule (repeatable)',
    (v: string, prev: NodeOptions[]) => [...prev, parseNodeSpec(v)],
    [] as NodeOptions[],
  )
  .option('--schedulers <n>', 'run N scheduler processes that elect a leader (default: as before, 1 at first)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--schedulers wants a number, got "${v}"`);
    return n;
  })
  .action(async (o: { kubernetesTimings?: boolean; san: string[]; nodes?: number; node: NodeOptions[]; schedulers?: number }) => {
    out('Starting kubesim ...');
    // A first `up` gets three nodes, like the clusters in the Kubernetes study notes.
    const first = !new StateDir(dir()).read();
    const count = o.nodes ?? (first ? DEFAULT_NODES : undefined);
    const nodes = count !== undefined || o.node.length ? nodeList(count, o.node) : undefined;
    const state = await up({
      dir: dir(),
      kubernetesTimings: !!o.kubernetesTimings,
      extraSANs: o.san,
      progress: out,
      ...(nodes ? { nodes } : {}),
      ...(o.schedulers !== undefined ? { schedulers: o.schedulers } : {}),
    });
    const kubelets = state.components.filter((c) => c.name.startsWith(KUBELET_PREFIX)).map((c) => c.name.slice(KUBELET_PREFIX.length));
    const kubeconfig = sh(state.kubeconfig ?? '');
    out('');
    out('kubesim is running.');
    out(`  Kubernetes API: https://${state.apiserver?.httpsAddress}`);
    out(`  gRPC API:       ${state.apiserver?.grpcAddress}`);
    out(`  nodes:          ${kubelets.length ? kubelets.join(', ') : 'none (kubesim up --nodes N runs kubelets)'}`);
    out(`  health:         http://${state.apiserver?.httpAddress}/healthz   metrics: http://${state.apiserver?.httpAddress}/metrics`);
    out(`  admin token:    ${state.adminTokenFile}`);
    out(`  kubeconfig:     ${state.kubeconfig}`);
    out(`  state:          ${state.dir}`);
    out('');
    out('Use it with kubectl:');
    out(`  kubectl --kubeconfig ${kubeconfig} get nodes`);
    out(`  export KUBECONFIG=${kubeconfig}      or: kubesim kubeconfig --merge   (into ~/.kube/config)`);
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
  .command('kubeconfig')
  .description("print the cluster's kubeconfig path; with --merge, add the kubesim context to ~/.kube/config")
  .option('--merge', 'merge cluster, user and context "kubesim" into $KUBECONFIG (its first entry) or ~/.kube/config and make it current')
  .action((o: { merge?: boolean }) => {
    const path = kubeconfigPath(dir());
    if (!o.merge) {
      out(path);
      return;
    }
    const merged = mergeKubeconfig(defaultKubeconfigPath(), path);
    out(`merged kubesim into ${merged.path}; current context is now "${merged.currentContext}"`);
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
