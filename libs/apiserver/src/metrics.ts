import type { CacherObserver } from '@kubesim/storage';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The apiserver's Prometheus metrics, named as kube-apiserver names them. */
export class ApiserverMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, resource, subresource, protocol and HTTP response code.',
    labelNames: ['verb', 'resource', 'subresource', 'protocol', 'code'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, resource and subresource.',
    labelNames: ['verb', 'resource', 'subresource', 'protocol'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly etcdLatency = new Histogram({
    name: 'etcd_request_duration_seconds',
    help: 'Etcd request latency in seconds for each operation.',
    labelNames: ['operation', 'result'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly longRunning = new Gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Gauge of all active long-running apiserver requests (watches, log streams).',
    labelNames: ['verb', 'resource', 'protocol'] as const,
    registers: [this.registry],
  });

  readonly watchCacheInitializations = new Counter({
    name: 'apiserver_watch_cache_initializations_total',
    help: 'Counter of watch cache initializations broken by resource type.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  readonly watchCacheEventsReceived = new Counter({
    name: 'apiserver_watch_cache_events_received_total',
    help: 'Counter of events received in watch cache broken by resource type.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  readonly watchCacheEventsDispatched = new Counter({
    name: 'apiserver_watch_cache_events_dispatched_total',
    help: 'Counter of events dispatched in watch cache broken by resource type.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  readonly terminatedWatchers = new Counter({
    name: 'apiserver_terminated_watchers_total',
    help: 'Counter of watchers closed due to unresponsiveness broken by resource type.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  /** kubesim's own: watches of a cached resource that etcd served instead of the watch cache. */
  readonly watchCacheDelegated = new Counter({
    name: 'apiserver_watch_cache_delegated_watches_total',
    help: 'Counter of watches of a cached resource served by etcd, broken by resource type and reason.',
    labelNames: ['resource', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The watch cache's hooks, feeding the apiserver_watch_cache_* metrics. */
  watchCacheObserver(): CacherObserver {
    const resource = (prefix: string) => prefix.split('/').filter(Boolean).pop() ?? prefix;
    return {
      initialized: (p) => this.watchCacheInitializations.inc({ resource: resource(p) }),
      eventReceived: (p) => this.watchCacheEventsReceived.inc({ resource: resource(p) }),
      eventsDispatched: (p, n) => this.watchCacheEventsDispatched.inc({ resource: resource(p) }, n),
      watcherTerminated: (p) => this.terminatedWatchers.inc({ resource: resource(p) }),
      watchDelegated: (p, reason) => this.watchCacheDelegated.inc({ resource: resource(p), reason }),
    };
  }

  /** Times `fn` and counts it; the code is the StatusError's code, or 200/201. */
  async observe<T>(labels: { verb: string; resource: string; subresource?: string; protocol: string }, fn: () => Promise<T>, okCode = 200): Promise<T> {
    const end = this.latency.startTimer({ verb: labels.verb, resource: labels.resource, subresource: labels.subresource ?? '', protocol: labels.protocol });
    let code = okCode;
    try {
      return await fn();
    } catch (e) {
      code = (e as { code?: unknown }).code && typeof (e as { status?: { code?: number } }).status?.code === 'number'
        ? (e as { status: { code: number } }).status.code
        : 500;
      throw e;
    } finally {
      end();
      this.requests.inc({ verb: labels.verb, resource: labels.resource, subresource: labels.subresource ?? '', protocol: labels.protocol, code: String(code) });
    }
  }
}
