import type { GrpcServer } from '@kubesim/proto';
import { newLogger, startStatusServer, type Logger } from '@kubesim/component-base';
import { RESOURCES, storagePrefix } from '@kubesim/api';
import { CacherStore, Etcd3Store, type Store } from '@kubesim/storage';
import pRetry from 'p-retry';
import { TokenAuthenticator } from './authn.js';
import { readFileSync } from 'node:fs';
import { startGrpcServer } from './grpc.js';
import { startRestServer } from './rest/server.js';
import { closeKubeletClients } from './logs.js';
import { ApiserverMetrics } from './metrics.js';
import { Registry } from './registry.js';

export interface ApiserverOptions {
  etcdServers: string[];
  /** Prefix of every key, as kube-apiserver's --etcd-prefix (default /registry). */
  grpcHost: string;
  grpcPort: number;
  /** Plain HTTP for /healthz, /readyz, /metrics. */
  httpHost: string;
  httpPort: number;
  tokenAuthFile: string;
  /** The Kubernetes REST API over HTTPS; off when `httpsPort` is undefined. */
  httpsHost?: string;
  httpsPort?: number;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  eventTTLSeconds?: number;
  defaultTolerationSeconds?: number;
  /** Serve watches from a watch cache per resource (kube-apiserver's --watch-cache); default true. */
  watchCache?: boolean;
  log?: Logger;
}

export interface RunningApiserver {
  registry: Registry;
  metrics: ApiserverMetrics;
  grpcPort: number;
  httpPort: number;
  httpsPort?: number;
  grpc: GrpcServer;
  close(): Promise<void>;
}

/**
 * Wires storage, registry, authentication, metrics and both listeners. Resolves once etcd answered
 * and the system namespaces exist, i.e. when the server is ready.
 */
export async function startApiserver(opts: ApiserverOptions): Promise<RunningApiserver> {
  const log = opts.log ?? newLogger('apiserver');
  const metrics = new ApiserverMetrics();
  const etcd = new Etcd3Store({
    endpoints: opts.etcdServers,
    onOperation: (op: string, seconds: number, ok: boolean) => metrics.etcdLatency.observe({ operation: op, result: ok ? 'ok' : 'error' }, seconds),
  });
  const store: Store =
    opts.watchCache === false
      ? etcd
      : new CacherStore(etcd, {
          // Every resource, Events included (Kubernetes leaves those uncached): the kubelet's Event
          // patches then start from the cache; the cache holds Events until their TTL.
          prefixes: RESOURCES.map((r) => storagePrefix(r)),
          // Watchers share cached objects: under tests (or KUBESIM_FREEZE_WATCH_CACHE=1) a mutation throws.
          freeze: process.env['KUBESIM_FREEZE_WATCH_CACHE'] === '1' || process.env['VITEST'] !== undefined,
          observer: metrics.watchCacheObserver(),
        });
  const registry = new Registry(store, {
    ...(opts.eventTTLSeconds !== undefined ? { eventTTLSeconds: opts.eventTTLSeconds } : {}),
    ...(opts.defaultTolerationSeconds !== undefined ? { defaultTolerationSeconds: opts.defaultTolerationSeconds } : {}),
  });
  const authenticator = TokenAuthenticator.fromFile(opts.tokenAuthFile);

  await pRetry(() => registry.bootstrap(), {
    retries: 30,
    minTimeout: 100,
    maxTimeout: 1000,
    onFailedAttempt: (e) => log.info({ attempt: e.attemptNumber, err: e.error.message }, 'waiting for etcd'),
  });

  const background = new AbortController();
  void registry.runNamespaceCache(background.signal);
  const grpc = await startGrpcServer(opts.grpcHost, opts.grpcPort, { registry, authenticator, metrics, log });
  const etcdCheck = { name: 'etcd', check: async () => void (await etcd.currentRevision()) };
  const status = await startStatusServer({
    host: opts.httpHost,
    port: opts.httpPort,
    checks: [{ name: 'ping', check: () => {} }, etcdCheck],
    readyChecks: [{ name: 'informer-sync', check: () => {} }],
    metrics: metrics.registry,
  });
  let rest: Awaited<ReturnType<typeof startRestServer>> | undefined;
  if (opts.httpsPort !== undefined) {
    if (!opts.tlsCertFile || !opts.tlsKeyFile) throw new Error('--https-address needs --tls-cert-file and --tls-private-key-file');
    rest = await startRestServer({
      host: opts.httpsHost ?? '127.0.0.1',
      port: opts.httpsPort,
      cert: readFileSync(opts.tlsCertFile),
      key: readFileSync(opts.tlsKeyFile),
      registry,
      authenticator,
      metrics,
      log,
      checks: [{ name: 'ping', check: () => {} }, etcdCheck],
      readyChecks: [{ name: 'informer-sync', check: () => {} }],
    });
  }
  log.info({ grpcPort: grpc.port, httpPort: status.port, httpsPort: rest?.port }, 'apiserver serving');

  return {
    registry,
    metrics,
    grpcPort: grpc.port,
    httpPort: status.port,
    ...(rest ? { httpsPort: rest.port } : {}),
    grpc: grpc.server,
    async close() {
      background.abort();
      await rest?.close();
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          grpc.server.forceShutdown();
          resolve();
        }, 3000);
        grpc.server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
      await status.close();
      closeKubeletClients();
      await store.close();
    },
  };
}
