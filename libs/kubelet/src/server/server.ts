import { Server, ServerCredentials, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Pod, PodStatus } from '@kubesim/api';
import { newBadRequest, newNotFound } from '@kubesim/api';
import type { Logger } from '@kubesim/component-base';
import { type LogRequest__Output, loadProto, toGrpcError } from '@kubesim/proto';
import { type ContainerRuntime, LogsError } from '../runtime/runtime.js';

export interface KubeletServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  runtime: ContainerRuntime;
  /** The pod with this namespace and name bound to the node. */
  getPod: (namespace: string, name: string) => Pod | undefined;
  /** The kubelet's latest status of a pod, for "is waiting to start" answers. */
  getPodStatus?: (uid: string) => PodStatus | undefined;
  log?: Logger;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

/** Request → the runtime's log options (sinceSeconds and sinceTime become an instant). */
function sinceOf(req: LogRequest__Output, now: number): number | undefined {
  if (req.sinceSeconds !== undefined && req.sinceSeconds !== null) return now - Number(req.sinceSeconds) * 1000;
  if (req.sinceTime) {
    const t = Date.parse(req.sinceTime);
    if (Number.isNaN(t)) throw newBadRequest(`invalid sinceTime "${req.sinceTime}"`);
    return t;
  }
  return undefined;
}

/**
 * The kubelet's own API (its port 10250): `Kubelet.ContainerLogs` streams a container's log from
 * the runtime's log files – what `kubectl logs` reaches through the apiserver's pods/log proxy.
 */
export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  // No channelz: nothing reads it, and it costs trackers, closures and time stamps per call.
  const server = new Server({ 'grpc.enable_channelz': 0 });
  const impl: UntypedServiceImplementation = {
    ContainerLogs: (call: ServerWritableStream<LogRequest__Output, { data: Buffer }>) => void serveLogs(call, opts),
  };
  server.addService(loadProto().kubesim.v1.Kubelet.service, impl);
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${opts.port}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      }),
  };
}

async function serveLogs(call: ServerWritableStream<LogRequest__Output, { data: Buffer }>, opts: KubeletServerOptions): Promise<void> {
  const ac = new AbortController();
  call.on('cancelled', () => ac.abort());
  try {
    const req = call.request;
    const pod = opts.getPod(req.namespace || 'default', req.name);
    if (!pod) throw newNotFound({ group: '', resource: 'pods' }, req.name);
    let container = req.container;
    if (!container) {
      if (pod.spec.containers.length !== 1) {
        throw newBadRequest(`a container name must be specified for pod ${req.name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
      }
      container = pod.spec.containers[0]!.name;
    }
    const uid = pod.metadata.uid ?? '';
    const logs = (() => {
      try {
        return opts.runtime.readLogs({
          podUID: uid,
          containerName: container,
          previous: req.previous,
          follow: req.follow,
          timestamps: req.timestamps,
          ...(req.tailLines !== undefined && req.tailLines !== null ? { tailLines: Number(req.tailLines) } : {}),
          ...(req.limitBytes !== undefined && req.limitBytes !== null ? { limitBytes: Number(req.limitBytes) } : {}),
          ...(sinceOf(req, Date.now()) !== undefined ? { sinceTime: sinceOf(req, Date.now()) } : {}),
          signal: ac.signal,
        });
      } catch (e) {
        if (!(e instanceof LogsError)) throw e;
        if (!req.previous) {
          // validateContainerLogStatus: a container that has not run yet is "waiting to start".
          const status = opts.getPodStatus?.(uid) ?? pod.status;
          const cs = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].find((c) => c.name === container);
          const reason = cs?.state?.waiting?.reason;
          if (reason) throw newBadRequest(`container "${container}" in pod "${req.name}" is waiting to start: ${reason}`);
        }
        throw newBadRequest(e.message);
      }
    })();
    for await (const chunk of logs) {
      if (ac.signal.aborted) break;
      if (!call.write({ data: chunk })) await drained(call, ac.signal);
    }
    call.end();
  } catch (e) {
    if (ac.signal.aborted) return;
    opts.log?.debug({ err: e }, 'container logs request failed');
    call.emit('error', toGrpcError(e));
  }
}

/** Waits for the stream to take more data (or for the call to go away). */
function drained(call: ServerWritableStream<LogRequest__Output, { data: Buffer }>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.removeListener('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
