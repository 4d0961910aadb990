#!/usr/bin/env node
// kubesim scheduler: kube-scheduler's loop (informers, queue, Filter/Score, async binding, events)
// behind leader election on the Lease kube-system/kube-scheduler. Flags as kube-scheduler's where
// it has them.
import { Clientset } from '@kubesim/client';
import { delay, levelForVerbosity, newLogger, parseHostPort, setupSignalHandler, startStatusServer } from '@kubesim/component-base';
import { LeaderElector, LeaseLock } from '@kubesim/leaderelection';
import { DEFAULT_SCHEDULER_NAME, Scheduler, SchedulerMetrics } from '@kubesim/scheduler';
import { Command, Option } from 'commander';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { parseBool, parseDuration, readToken } from './flags.js';

const program = new Command('scheduler')
  .description('kubesim scheduler: assigns pending pods to nodes')
  .requiredOption('--apiserver <host:port>', "address of the apiserver's gRPC API")
  .requiredOption('--token-file <path>', 'file with the bearer token (or a token CSV; see --token-user)')
  .option('--token-user <name>', 'with a token CSV: the user whose token to use', 'system:kube-scheduler')
  .option('--http-address <host:port>', 'address of /healthz, /readyz and /metrics', '127.0.0.1:10259')
  .option('--leader-elect [bool]', 'run leader election; only the leader schedules', parseBool, true)
  .addOption(new Option('--leader-elect-lease-duration <duration>', 'how long a standby waits before taking over an unrenewed lease').argParser(parseDuration).default(15_000, '15s'))
  .addOption(new Option('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing before giving up leading').argParser(parseDuration).default(10_000, '10s'))
  .addOption(new Option('--leader-elect-retry-period <duration>', 'interval between acquire and renew attempts').argParser(parseDuration).default(2_000, '2s'))
  .option('--leader-elect-resource-namespace <ns>', 'namespace of the Lease', 'kube-system')
  .option('--leader-elect-resource-name <name>', 'name of the Lease', 'kube-scheduler')
  .option('--identity <id>', 'holder identity in the Lease (default: <hostname>_<uuid>)')
  .option('--scheduler-name <name>', 'schedule pods whose spec.schedulerName is this', DEFAULT_SCHEDULER_NAME)
  .option('--decision-trace [bool]', 'write the decision-trace annotations on pods', parseBool, true)
  .option('--parallel-binds <n>', 'bindings in flight at once', (v) => Number(v), 64)
  .addOption(new Option('--pod-initial-backoff <duration>', 'initial back-off of an unschedulable pod').argParser(parseDuration).default(1_000, '1s'))
  .addOption(new Option('--pod-max-backoff <duration>', 'maximum back-off of an unschedulable pod').argParser(parseDuration).default(10_000, '10s'))
  .addOption(new Option('-v, --v <level>', 'log verbosity').argParser(Number).default(0))
  .parse();

const opts = program.opts<{
  apiserver: string;
  tokenFile: string;
  tokenUser: string;
  httpAddress: string;
  leaderElect: boolean;
  leaderElectLeaseDuration: number;
  leaderElectRenewDeadline: number;
  leaderElectRetryPeriod: number;
  leaderElectResourceNamespace: string;
  leaderElectResourceName: string;
  identity?: string;
  schedulerName: string;
  decisionTrace: boolean;
  parallelBinds: number;
  podInitialBackoff: number;
  podMaxBackoff: number;
  v: number;
}>();

const log = newLogger('scheduler', process.env['KUBESIM_LOG_LEVEL'] ?? levelForVerbosity(opts.v));
const signal = setupSignalHandler();
const identity = opts.identity ?? `${hostname()}_${randomUUID()}`;

try {
  const http = parseHostPort(opts.httpAddress);
  const client = new Clientset({ address: opts.apiserver, token: readToken(opts.tokenFile, opts.tokenUser) });
  const metrics = new SchedulerMetrics({ defaultMetrics: true });
  const scheduler = new Scheduler({
    client,
    schedulerName: opts.schedulerName,
    decisionTrace: opts.decisionTrace,
    instance: `${opts.schedulerName}-${hostname()}`,
    parallelBinds: opts.parallelBinds,
    podInitialBackoffMs: opts.podInitialBackoff,
    podMaxBackoffMs: opts.podMaxBackoff,
    metrics,
    log,
  });
  const status = await startStatusServer({
    host: http.host,
    port: http.port,
    checks: [{ name: 'ping', check() {} }],
    readyChecks: [
      {
        name: 'informer-sync',
        check() {
          if (!scheduler.hasSynced()) throw new Error('informers not synced');
        },
      },
    ],
    metrics: metrics.registry,
  });
  log.info({ identity, http: opts.httpAddress, apiserver: opts.apiserver }, 'scheduler starting');
  if (await scheduler.start(signal)) log.info({}, 'informer caches synced');

  if (!opts.leaderElect) {
    metrics.leaderStatus.set({ name: opts.leaderElectResourceName }, 1);
    await scheduler.run(signal);
  } else {
    const elector = new LeaderElector({
      lock: new LeaseLock(client.leases(), opts.leaderElectResourceNamespace, opts.leaderElectResourceName, identity),
      leaseDurationMs: opts.leaderElectLeaseDuration,
      renewDeadlineMs: opts.leaderElectRenewDeadline,
      retryPeriodMs: opts.leaderElectRetryPeriod,
      releaseOnCancel: true,
      name: opts.leaderElectResourceName,
      log,
      callbacks: {
        onStartedLeading: (leading) => {
          log.info({ identity }, 'started leading');
          metrics.leaderStatus.set({ name: opts.leaderElectResourceName }, 1);
          return scheduler.run(leading);
        },
        onStoppedLeading: () => {
          metrics.leaderStatus.set({ name: opts.leaderElectResourceName }, 0);
          if (!signal.aborted) log.warn({ identity }, 'leader election lost; campaigning again');
        },
        onNewLeader: (id) => {
          if (id !== identity) log.info({ leader: id }, 'new leader elected');
        },
      },
    });
    metrics.leaderStatus.set({ name: opts.leaderElectResourceName }, 0);
    while (!signal.aborted) await elector.run(signal);
  }
  log.info({}, 'shutting down');
  await Promise.race([scheduler.flushEvents(), delay(2000)]);
  await status.close();
  client.close();
  process.exit(0);
} catch (err) {
  log.error({ err }, 'scheduler failed');
  process.exit(1);
}
