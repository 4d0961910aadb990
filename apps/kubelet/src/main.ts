#!/usr/bin/env node
// kubesim kubelet: one process per node. Registers the Node, runs the pods bound to it as real
// processes, reports their status and events, and serves their logs. Flags and wiring only; the
// logic is in @kubesim/kubelet.
import { Clientset } from '@kubesim/client';
import { parseQuantity } from '@kubesim/api';
import { GCPacer, levelForVerbosity, newLogger, setupSignalHandler, whenAborted } from '@kubesim/component-base';
import {
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_SPARES,
  KUBELET_TIMINGS,
  Kubelet,
  type KubeletTimings,
  parseDuration,
  parseLabels,
  parseTaints,
  readKubeletToken,
} from '@kubesim/kubelet';
import { Command, Option } from 'commander';
import os from 'node:os';
import path from 'node:path';

const duration = (v: string) => parseDuration(v);
const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${v}`);
  return n;
};

const program = new Command('kubelet')
  .description('kubesim kubelet: the node agent; containers are real processes')
  .requiredOption('--node-name <name>', 'name of the Node to register')
  .requiredOption('--apiserver <host:port>', "address of the apiserver's gRPC API")
  .requiredOption('--token-file <path>', 'bearer token file (a bare token, or a token CSV: the system:node line is used)')
  .option('--root-dir <path>', 'directory for container logs and state (default: <tmp>/kubesim-kubelet/<node-name>)')
  .option('--cpu <quantity>', 'cpu capacity, e.g. 4 or 3500m (default: this machine)')
  .option('--memory <quantity>', 'memory capacity, e.g. 8Gi (default: this machine)')
  .option('--max-pods <n>', 'pods capacity', int, 110)
  .option('--labels <k=v,...>', 'labels to add to the Node', '')
  .option('--taints <key[=value]:Effect,...>', 'taints to register the Node with', '')
  .option('--pod-ip-range <cidr>', 'pod IPs are allocated from this range (on Linux, all of 127/8 is local)', '127.10.1.0/24')
  .option('--address <ip>', "IP to serve the kubelet's gRPC API on; also the Node's InternalIP", '127.0.0.1')
  .option('--port <n>', "port of the kubelet's gRPC API (container logs); 0 picks one", int, 10250)
  .option('--healthz-bind-address <ip>', 'IP of the /healthz endpoint', '127.0.0.1')
  .option('--healthz-port <n>', 'port of /healthz (0 picks one, -1 disables)', int, 10248)
  .addOption(new Option('--timings <preset>', "timing preset: kubesim's fast one or Kubernetes' defaults").choices(['fast', 'kubernetes']).default('fast'))
  .option('--node-status-update-frequency <duration>', 'post the node status at least this often (fast 5s, kubernetes 10s)', duration)
  .option('--lease-duration <duration>', 'node lease duration (fast 4s, kubernetes 40s)', duration)
  .option('--lease-renew-interval <duration>', 'node lease renew interval (fast 1s, kubernetes 10s)', duration)
  .option('--container-backoff-base <duration>', 'first crash-loop back-off delay', duration, DEFAULT_BACKOFF_INITIAL_MS)
  .option('--container-backoff-max <duration>', 'crash-loop back-off cap', duration, DEFAULT_BACKOFF_MAX_MS)
  .option('--sync-frequency <duration>', 'resync interval of every pod', duration, 60_000)
  .option('--housekeeping-interval <duration>', 'cleanup interval of finished pods', duration, 2_000)
  .option(
    '--gc-slack <quantity>',
    'run a full garbage collection once the heap in use has grown this much since the last one (0: V8 alone decides)',
    '2Mi',
  )
  .option('--spare-files <n>', 'empty log files and pod folders kept ready (each), renamed into place as pods start (0: none)', int, DEFAULT_SPARES)
  .option('--image-catalog <path>', 'user image catalog (YAML/JSON) consulted before the built-in images (or $KUBESIM_IMAGE_CATALOG)')
  .addOption(new Option('-v, --v <level>', 'log verbosity').argParser(Number).default(0))
  .parse();

const o = program.opts<{
  nodeName: string;
  apiserver: string;
  tokenFile: string;
  rootDir?: string;
  cpu?: string;
  memory?: string;
  maxPods: number;
  labels: string;
  taints: string;
  podIpRange: string;
  address: string;
  port: number;
  healthzBindAddress: string;
  healthzPort: number;
  timings: KubeletTimings;
  nodeStatusUpdateFrequency?: number;
  leaseDuration?: number;
  leaseRenewInterval?: number;
  containerBackoffBase: number;
  containerBackoffMax: number;
  syncFrequency: number;
  housekeepingInterval: number;
  imageCatalog?: string;
  spareFiles: number;
  gcSlack: string;
  v: number;
}>();

const log = newLogger(`kubelet/${o.nodeName}`, process.env['KUBESIM_LOG_LEVEL'] ?? levelForVerbosity(o.v));
const signal = setupSignalHandler();
const preset = KUBELET_TIMINGS[o.timings];

// Kubelets run one per node with a small young generation: the pacer collects what pod starts leave
// behind (see GCPacer) instead of letting V8's old generation grow several MiB above the live data.
let gcSlack = 0;
try {
  gcSlack = Number(parseQuantity(o.gcSlack).value());
} catch (e) {
  program.error(`error: option '--gc-slack <quantity>' argument '${o.gcSlack}' is invalid: ${(e as Error).message}`);
}
const gcPacer = new GCPacer({
  slackBytes: gcSlack,
  // Not in the middle of a burst of pod starts (the kubelet is created below, before the first look).
  busy: () => kubelet?.busy() ?? false,
  onCollect: (c) => log.debug({ beforeBytes: c.beforeBytes, afterBytes: c.afterBytes, durationMs: Math.round(c.durationMs * 10) / 10 }, 'heap collected'),
}).start();

let kubelet: Kubelet | undefined;
let client: Clientset | undefined;
try {
  client = new Clientset({ address: o.apiserver, token: readKubeletToken(o.tokenFile, o.nodeName) });
  kubelet = new Kubelet({
    nodeName: o.nodeName,
    client,
    rootDir: path.resolve(o.rootDir ?? path.join(os.tmpdir(), 'kubesim-kubelet', o.nodeName)),
    address: o.address,
    port: o.port,
    healthzPort: o.healthzPort,
    healthzBindAddress: o.healthzBindAddress,
    ...(o.cpu ? { cpu: o.cpu } : {}),
    ...(o.memory ? { memory: o.memory } : {}),
    maxPods: o.maxPods,
    labels: parseLabels(o.labels),
    taints: parseTaints(o.taints),
    podCIDR: o.podIpRange,
    nodeStatusUpdateFrequencyMs: o.nodeStatusUpdateFrequency ?? preset.nodeStatusUpdateFrequencyMs,
    leaseDurationSeconds: Math.max(1, Math.round((o.leaseDuration ?? preset.leaseDurationSeconds * 1000) / 1000)),
    leaseRenewIntervalMs: o.leaseRenewInterval ?? preset.leaseRenewIntervalMs,
    backoffInitialMs: o.containerBackoffBase,
    backoffMaxMs: o.containerBackoffMax,
    resyncIntervalMs: o.syncFrequency,
    housekeepingIntervalMs: o.housekeepingInterval,
    spareFiles: o.spareFiles,
    ...(o.imageCatalog ? { imageCatalogFile: path.resolve(o.imageCatalog) } : {}),
    log,
  });
  const started = kubelet.start();
  await Promise.race([started, whenAborted(signal)]);
  if (!signal.aborted) await whenAborted(signal);
  log.info('shutting down: stopping every container');
  await kubelet.stop();
  client.close();
  gcPacer.stop();
  process.exit(0);
} catch (err) {
  log.error({ err }, 'kubelet failed');
  process.stderr.write(`kubelet: ${(err as Error).message}\n`);
  await kubelet?.stop().catch(() => undefined);
  client?.close();
  process.exit(1);
}
