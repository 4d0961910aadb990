import type { ServiceClientConstructor, ServiceDefinition } from '@grpc/grpc-js';
import { loadProto } from './loader.js';

/** gRPC service name per resource (plural): one service per resource, all with the same verbs. */
export const SERVICE_FOR_RESOURCE: Readonly<Record<string, string>> = {
  pods: 'Pods',
  nodes: 'Nodes',
  namespaces: 'Namespaces',
  events: 'Events',
  replicationcontrollers: 'ReplicationControllers',
  replicasets: 'ReplicaSets',
  leases: 'Leases',
  services: 'Services',
  endpoints: 'Endpoints',
};

function serviceConstructor(name: string): ServiceClientConstructor {
  const v1 = loadProto().kubesim.v1 as unknown as Record<string, ServiceClientConstructor>;
  const ctor = v1[name];
  if (!ctor) throw new Error(`no gRPC service kubesim.v1.${name}`);
  return ctor;
}

export function serviceDefinition(name: string): ServiceDefinition {
  return serviceConstructor(name).service;
}
