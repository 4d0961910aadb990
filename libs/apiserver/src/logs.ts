import { credentials, type Client } from '@grpc/grpc-js';
import { newBadRequest, newServiceUnavailable, type Node, type Pod } from '@kubesim/api';
import { fromGrpcError, loadProto, type KubeletClient } from '@kubesim/proto';
import type { Registry } from './registry.js';

export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

const kubeletClients = new Map<string, KubeletClient>();

function kubeletClient(address: string): KubeletClient {
  let c = kubeletClients.get(address);
  if (!c) {
    c = new (loadProto().kubesim.v1.Kubelet)(address, credentials.createInsecure()) as unknown as KubeletClient;
    kubeletClients.set(address, c);
  }
  return c;
}

export function closeKubeletClients(): void {
  for (const c of kubeletClients.values()) (c as unknown as Client).close();
  kubeletClients.clear();
}

/**
 * pods/log: validates the request against the pod as Kubernetes' LogREST does, then streams the
 * container's log from the kubelet of the pod's node (its Node's daemonEndpoints port).
 */
export async function* streamPodLogs(
  registry: Registry,
  namespace: string,
  name: string,
  opts: PodLogOptions,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  const pod = (await registry.get('pods', namespace, name)) as Pod;
  const names = pod.spec.containers.map((c) => c.name);
  const all = [...names, ...(pod.spec.initContainers ?? []).map((c) => c.name)];
  let container = opts.container;
  if (!container) {
    if (names.length !== 1) {
      throw newBadRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    }
    container = names[0]!;
  } else if (!all.includes(container)) {
    throw newBadRequest(`container ${container} is not valid for pod ${name}`);
  }
  if (opts.tailLines !== undefined && opts.tailLines < 0) throw newBadRequest('tailLines: Invalid value: must be greater than or equal to 0');
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) throw newBadRequest('limitBytes: Invalid value: must be greater than 0');
  if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) throw newBadRequest('sinceSeconds: Invalid value: must be greater than 0');
  const nodeName = pod.spec.nodeName;
  if (!nodeName) throw newBadRequest(`pod ${name} does not have a host assigned`);
  const node = (await registry.get('nodes', '', nodeName)) as Node;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!port || !ip) throw newServiceUnavailable(`the kubelet of node "${nodeName}" publishes no endpoint for logs`);
  const call = kubeletClient(`${ip}:${port}`).containerLogs({
    namespace,
    name,
    container,
    follow: !!opts.follow,
    previous: !!opts.previous,
    timestamps: !!opts.timestamps,
    ...(opts.tailLines !== undefined ? { tailLines: opts.tailLines } : {}),
    ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
    ...(opts.sinceTime !== undefined ? { sinceTime: opts.sinceTime } : {}),
    ...(opts.limitBytes !== undefined ? { limitBytes: opts.limitBytes } : {}),
  });
  const onAbort = () => call.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of call as AsyncIterable<{ data: Buffer }>) yield chunk.data;
  } catch (e) {
    if (signal.aborted) return;
    throw fromGrpcError(e);
  } finally {
    signal.removeEventListener('abort', onAbort);
    call.cancel();
  }
}
