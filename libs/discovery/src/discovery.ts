import { createHash } from 'node:crypto';
import { RESOURCES, groupVersion, type ResourceInfo } from '@kubesim/api';

// ---------------------------------------------------------------- legacy discovery (meta/v1)

export interface ServerAddressByClientCIDR {
  clientCIDR: string;
  serverAddress: string;
}

/** `GET /api`. */
export interface APIVersions {
  kind: 'APIVersions';
  versions: string[];
  serverAddressByClientCIDRs: ServerAddressByClientCIDR[];
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

/** `GET /apis/<group>`. */
export interface APIGroupDocument extends APIGroup {
  kind: 'APIGroup';
  apiVersion: 'v1';
}

/** `GET /apis`. */
export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

export interface APIResource {
  /** Plural name, or `<resource>/<subresource>`. */
  name: string;
  /** Empty for subresources. */
  singularName: string;
  namespaced: boolean;
  /** Set only when it differs from the list's group-version (the `scale` subresource). */
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`. */
export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

// ---------------------------------------------------------------- aggregated discovery (apidiscovery.k8s.io)

export type DiscoveryVersion = 'v2' | 'v2beta1';

export interface GroupVersionKindRef {
  group: string;
  version: string;
  kind: string;
}

export interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKindRef;
  verbs: string[];
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKindRef;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

export interface APIVersionDiscovery {
  version: string;
  resources: APIResourceDiscovery[];
  freshness: 'Current' | 'Stale';
}

export interface APIGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: APIVersionDiscovery[];
}

/** `GET /api` and `GET /apis` when the Accept header asks for aggregated discovery. */
export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: `apidiscovery.k8s.io/${DiscoveryVersion}`;
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

// ---------------------------------------------------------------- the served resources

/**
 * Groups in the order Kubernetes lists them (its group priorities: apps comes before
 * coordination.k8s.io). The autoscaling group is absent: kubesim serves no
 * HorizontalPodAutoscaler, and `autoscaling/v1` `Scale` is only the body of `…/scale`
 * subresources, which Kubernetes does not list as a group of its own either.
 */
function servedGroups(): { group: string; version: string; resources: ResourceInfo[] }[] {
  const byGv = new Map<string, { group: string; version: string; resources: ResourceInfo[] }>();
  for (const r of RESOURCES) {
    const key = groupVersion(r);
    if (!byGv.has(key)) byGv.set(key, { group: r.group, version: r.version, resources: [] });
    byGv.get(key)!.resources.push(r);
  }
  for (const gv of byGv.values()) gv.resources.sort((a, b) => (a.resource < b.resource ? -1 : 1));
  return [...byGv.values()];
}

interface Subresource {
  name: string;
  kind: GroupVersionKindRef;
  verbs: string[];
}

/** The subresources of a resource as Kubernetes describes them (kind and verbs). */
function subresources(r: ResourceInfo): Subresource[] {
  return [...r.subresources].sort().map((name) => {
    const own = { group: r.group, version: r.version, kind: r.kind };
    switch (name) {
      case 'scale':
        return { name, kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] };
      case 'binding':
        return { name, kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] };
      case 'log':
        return { name, kind: own, verbs: ['get'] };
      case 'status':
        return { name, kind: own, verbs: ['get', 'patch', 'update'] };
      default:
        return { name, kind: own, verbs: ['get'] };
    }
  });
}

/**
 * Kubernetes' storageVersionHash: the first 8 bytes of sha256("<group>/<version>/<kind>") of
 * the storage version, base64-encoded (`pods` → `xPOwRZ+Yhw8=`).
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

// ---------------------------------------------------------------- legacy

/**
 * `GET /api`. `serverAddress` is the address clients reach the apiserver at (host:port); Kubernetes
 * reports it for the catch-all CIDR.
 */
export function apiVersions(serverAddress = '127.0.0.1:6443'): APIVersions {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** `GET /apis`: every named group (not the core group), each with its single version. */
export function apiGroupList(): APIGroupList {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups()
      .filter((g) => g.group !== '')
      .map((g) => {
        const v = { groupVersion: `${g.group}/${g.version}`, version: g.version };
        return { name: g.group, versions: [v], preferredVersion: { ...v } };
      }),
  };
}

/** `GET /apis/<group>` (kubectl never asks; other clients may). Undefined for an unknown group. */
export function apiGroup(name: string): APIGroupDocument | undefined {
  const g = apiGroupList().groups.find((x) => x.name === name);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

/**
 * `GET /api/v1` (`groupVersion` `v1`) or `GET /apis/<group>/<version>` (`apps/v1`, …): the
 * resources and subresources (`pods/status`, `replicasets/scale`, …) sorted by name, as
 * Kubernetes lists them. Undefined for a group-version kubesim does not serve (answer 404).
 */
export function apiResourceList(gv: string): APIResourceList | undefined {
  const served = servedGroups().find((g) => groupVersion(g) === gv);
  if (!served) return undefined;
  const resources: APIResource[] = [];
  for (const r of served.resources) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames.length > 0 && { shortNames: [...r.shortNames] }),
      ...(r.categories.length > 0 && { categories: [...r.categories] }),
      storageVersionHash: storageVersionHash(r.group, r.version, r.kind),
    });
    for (const s of subresources(r)) {
      const foreign = s.kind.group !== r.group || s.kind.version !== r.version;
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(foreign && { group: s.kind.group, version: s.kind.version }),
        kind: s.kind.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

// ---------------------------------------------------------------- aggregated

/**
 * `GET /api` (`'core'`: the core group alone) or `GET /apis` (`'apis'`: every named group) as an
 * aggregated discovery document. The body is the same for v2 and v2beta1 but for `apiVersion`;
 * serve it with the content type `negotiateDiscovery` returned.
 */
export function aggregatedDiscovery(kind: 'core' | 'apis', version: DiscoveryVersion): APIGroupDiscoveryList {
  const groups = servedGroups().filter((g) => (kind === 'core') === (g.group === ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group === '' ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: [
        {
          version: g.version,
          resources: g.resources.map((r): APIResourceDiscovery => {
            const subs = subresources(r);
            return {
              resource: r.resource,
              responseKind: { group: r.group, version: r.version, kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular,
              verbs: [...r.verbs],
              ...(r.shortNames.length > 0 && { shortNames: [...r.shortNames] }),
              ...(r.categories.length > 0 && { categories: [...r.categories] }),
              ...(subs.length > 0 && {
                subresources: subs.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs })),
              }),
            };
          }),
          freshness: 'Current',
        },
      ],
    })),
  };
}

/** The exact Content-Type of an aggregated discovery answer; kubectl ignores any other spelling. */
export function discoveryContentType(version: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

interface MediaRange {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
  index: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  accept.split(',').forEach((clause, index) => {
    const [mediaType, ...rawParams] = clause.split(';').map((s) => s.trim());
    if (!mediaType) return;
    const [type = '', subtype = ''] = mediaType.toLowerCase().split('/');
    const params = new Map<string, string>();
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') q = Number(value);
      else params.set(key, value);
    }
    if (!Number.isNaN(q) && q > 0) ranges.push({ type, subtype, params, q, index });
  });
  // Highest q first, then concrete types before wildcards, then the client's order.
  const wild = (r: MediaRange) => (r.type === '*' ? 2 : r.subtype === '*' ? 1 : 0);
  return ranges.sort((a, b) => b.q - a.q || wild(a) - wild(b) || a.index - b.index);
}

/**
 * Chooses the discovery format for `GET /api` / `GET /apis` from the Accept header, as the
 * apiserver does: the client's most preferred media type that kubesim can produce wins.
 * Returns the aggregated discovery version and its exact Content-Type, or undefined when the
 * legacy `APIVersions` / `APIGroupList` answer (`application/json`) should be sent. kubectl
 * 1.30+ lists v2 first, 1.27–1.29 only v2beta1 (they ignore a v2 answer).
 */
export function negotiateDiscovery(accept: string | undefined): { contentType: string; version: DiscoveryVersion } | undefined {
  for (const r of parseAccept(accept ?? '')) {
    const jsonLike = (r.type === 'application' && (r.subtype === 'json' || r.subtype === '*')) || r.type === '*';
    if (!jsonLike) continue; // protobuf, yaml, CBOR: not produced here
    const g = r.params.get('g');
    const as = r.params.get('as');
    const v = r.params.get('v');
    if (r.subtype === 'json' && g === 'apidiscovery.k8s.io' && as === 'APIGroupDiscoveryList') {
      if (v === 'v2' || v === 'v2beta1') return { contentType: discoveryContentType(v), version: v };
      continue; // an aggregated version we do not serve
    }
    if (!g && !as && !v) return undefined; // plain JSON: legacy discovery
  }
  return undefined;
}
