#!/usr/bin/env node
// kubesim apiserver: serves the kubesim.v1 gRPC contract (and health/metrics over HTTP), backed by etcd.
import { startApiserver } from '@kubesim/apiserver';
import { levelForVerbosity, newLogger, parseHostPort, setupSignalHandler, whenAborted } from '@kubesim/component-base';
import { Command, InvalidArgumentError, Option } from 'commander';

/** strconv.ParseBool's spellings, as the Kubernetes flags accept them. */
function parseBool(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (['true', '1', 't'].includes(s)) return true;
  if (['false', '0', 'f'].includes(s)) return false;
  throw new InvalidArgumentError(`invalid boolean "${v}"`);
}

const program = new Command('apiserver')
  .description('kubesim API server: the only component that touches etcd')
  .requiredOption('--etcd-servers <urls>', 'comma-separated etcd client URLs', (v) => v.split(',').filter(Boolean))
  .option('--grpc-address <host:port>', 'address of the gRPC API', '127.0.0.1:6444')
  .option('--http-address <host:port>', 'address of /healthz, /readyz and /metrics', '127.0.0.1:6445')
  .option('--https-address <host:port>', 'address of the Kubernetes REST API over HTTPS (needs the TLS flags)')
  .option('--tls-cert-file <path>', 'serving certificate (PEM) of the REST API')
  .option('--tls-private-key-file <path>', 'private key (PEM) of the serving certificate')
  .requiredOption('--token-auth-file <path>', 'CSV file of bearer tokens: token,user,uid,"groups"')
  .option('--event-ttl <seconds>', 'how long events are kept', (v) => Number(v), 3600)
  .option('--default-toleration-seconds <seconds>', 'tolerationSeconds of the default not-ready/unreachable tolerations', (v) => Number(v), 300)
  .option('--watch-cache [bool]', 'serve watches from a watch cache per resource', parseBool, true)
  .addOption(new Option('-v, --v <level>', 'log verbosity').argParser(Number).default(0))
  .parse();

const opts = program.opts<{
  etcdServers: string[];
  grpcAddress: string;
  httpAddress: string;
  tokenAuthFile: string;
  httpsAddress?: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  eventTtl: number;
  defaultTolerationSeconds: number;
  watchCache: boolean;
  v: number;
}>();

const log = newLogger('apiserver', process.env['KUBESIM_LOG_LEVEL'] ?? levelForVerbosity(opts.v));
const signal = setupSignalHandler();
const grpc = parseHostPort(opts.grpcAddress);
const http = parseHostPort(opts.httpAddress);
const https = opts.httpsAddress ? parseHostPort(opts.httpsAddress) : undefined;

try {
  const server = await startApiserver({
    etcdServers: opts.etcdServers,
    grpcHost: grpc.host,
    grpcPort: grpc.port,
    httpHost: http.host,
    httpPort: http.port,
    tokenAuthFile: opts.tokenAuthFile,
    ...(https ? { httpsHost: https.host, httpsPort: https.port } : {}),
    ...(opts.tlsCertFile ? { tlsCertFile: opts.tlsCertFile } : {}),
    ...(opts.tlsPrivateKeyFile ? { tlsKeyFile: opts.tlsPrivateKeyFile } : {}),
    eventTTLSeconds: opts.eventTtl,
    defaultTolerationSeconds: opts.defaultTolerationSeconds,
    watchCache: opts.watchCache,
    log,
  });
  await whenAborted(signal);
  log.info('shutting down');
  await server.close();
  process.exit(0);
} catch (err) {
  log.error({ err }, 'apiserver failed');
  process.exit(1);
}
