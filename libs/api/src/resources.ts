/**
 * The resources kubesim serves, as discovery describes them. The apiserver's registry, its storage
 * keys (`/registry/<resource>/...`), the gRPC services and the REST routes are all derived from
 * this one table.
 */
export interface ResourceInfo {
  /** API group; '' for the legacy core group. */
  group: string;
  version: string;
  /** Plural lower-case name, as in URLs and etcd keys. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function info(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceInfo, 'shortNames' | 'categories' | 'subresources' | 'verbs'>> = {},
): ResourceInfo {
  return {
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    verbs: extra.verbs ?? ALL_VERBS,
    subresources: extra.subresources ?? [],
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  info('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'binding', 'log'],
  }),
  info('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: ['status'] }),
  info('', 'v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  info('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  info('', 'v1', 'replicationcontrollers', 'ReplicationController', true, {
    shortNames: ['rc'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  info('', 'v1', 'services', 'Service', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  info('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
  info('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  info('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
];
// Endpoints' singular is "endpoints" in Kubernetes.
(RESOURCES.find((r) => r.resource === 'endpoints') as ResourceInfo).singular = 'endpoints';

export function groupVersion(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Looks a resource up by plural, singular, short name or kind (case-insensitive for kind). */
export function findResource(name: string, group?: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === lower || r.singular === lower || r.shortNames.includes(lower) || r.kind.toLowerCase() === lower),
  );
}

export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** The etcd key of an object: `/registry/<resource>/<namespace>/<name>` (no namespace segment for cluster-scoped). */
export function storageKey(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return r.namespaced ? `/registry/${r.resource}/${namespace}/${name}` : `/registry/${r.resource}/${name}`;
}

/** Key prefix for a list: all namespaces when `namespace` is empty. Always ends with '/'. */
export function storagePrefix(r: ResourceInfo, namespace?: string): string {
  return r.namespaced && namespace ? `/registry/${r.resource}/${namespace}/` : `/registry/${r.resource}/`;
}
