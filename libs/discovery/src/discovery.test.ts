import { describe, expect, it } from 'vitest';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
  storageVersionHash,
  version,
} from './index.js';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

describe('version', () => {
  it('reports Kubernetes v1.33.1', () => {
    expect(version()).toMatchObject({ major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64', compiler: 'gc' });
    expect(version().gitCommit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('negotiateDiscovery', () => {
  it.each([
    ['kubectl 1.30+', `${V2},${V2BETA1},application/json`, 'v2'],
    ['kubectl 1.27-1.29', `${V2BETA1},application/json`, 'v2beta1'],
    ['parameters in any order and spacing', 'application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io', 'v2'],
    ['q-values', `${V2};q=0.5,${V2BETA1}`, 'v2beta1'],
    ['protobuf first is skipped', `application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,${V2BETA1}`, 'v2beta1'],
    ['unknown aggregated version is skipped', `application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,${V2}`, 'v2'],
  ])('%s', (_name, accept, want) => {
    expect(negotiateDiscovery(accept)).toEqual({
      version: want,
      contentType: `application/json;g=apidiscovery.k8s.io;v=${want};as=APIGroupDiscoveryList`,
    });
  });

  it.each([
    ['no header', undefined],
    ['plain JSON', 'application/json, */*'],
    ['plain JSON preferred', `application/json,${V2}`],
    ['anything', '*/*'],
  ])('legacy for %s', (_name, accept) => {
    expect(negotiateDiscovery(accept)).toBeUndefined();
  });
});

describe('legacy discovery', () => {
  it('serves /api', () => {
    expect(apiVersions('10.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }],
    });
  });

  it('lists the named groups in Kubernetes order', () => {
    const list = apiGroupList();
    expect(list.kind).toBe('APIGroupList');
    expect(list.groups.map((g) => g.name)).toEqual(['apps', 'coordination.k8s.io']);
    expect(list.groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
  });

  it('serves one named group', () => {
    expect(apiGroup('coordination.k8s.io')).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'coordination.k8s.io',
      versions: [{ groupVersion: 'coordination.k8s.io/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' },
    });
    expect(apiGroup('autoscaling')).toBeUndefined();
  });

  it('lists resources and subresources sorted by name', () => {
    const list = apiResourceList('v1')!;
    expect(list.groupVersion).toBe('v1');
    expect(list.resources.map((r) => r.name)).toEqual([
      'endpoints',
      'events',
      'namespaces',
      'namespaces/status',
      'nodes',
      'nodes/status',
      'pods',
      'pods/binding',
      'pods/log',
      'pods/status',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'replicationcontrollers/status',
      'services',
      'services/status',
    ]);
    const byName = new Map(list.resources.map((r) => [r.name, r]));
    expect(byName.get('pods')).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(byName.get('pods/binding')).toEqual({ name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('replicationcontrollers/scale')).toEqual({
      name: 'replicationcontrollers/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect(byName.get('endpoints')!.singularName).toBe('endpoints');
    expect(byName.get('nodes')!.namespaced).toBe(false);
  });

  it('serves named groups and rejects unknown ones', () => {
    expect(apiResourceList('apps/v1')!.resources.map((r) => r.name)).toEqual(['replicasets', 'replicasets/scale', 'replicasets/status']);
    expect(apiResourceList('coordination.k8s.io/v1')!.resources).toMatchObject([{ name: 'leases', kind: 'Lease', namespaced: true }]);
    expect(apiResourceList('autoscaling/v1')).toBeUndefined();
    expect(apiResourceList('v2')).toBeUndefined();
  });

  it('computes Kubernetes storage version hashes', () => {
    expect(storageVersionHash('', 'v1', 'Pod')).toBe('xPOwRZ+Yhw8=');
    expect(storageVersionHash('', 'v1', 'Node')).toBe('XwShjMxG9Fs=');
  });
});

describe('aggregated discovery', () => {
  it('serves the core group alone at /api', () => {
    const doc = aggregatedDiscovery('core', 'v2beta1');
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0]!.metadata).toEqual({ creationTimestamp: null });
    const pods = doc.items[0]!.versions[0]!.resources.find((r) => r.resource === 'pods')!;
    expect(pods).toEqual({
      resource: 'pods',
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      subresources: [
        { subresource: 'binding', responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
        { subresource: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
        { subresource: 'status', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    const nodes = doc.items[0]!.versions[0]!.resources.find((r) => r.resource === 'nodes')!;
    expect(nodes.scope).toBe('Cluster');
  });

  it('serves the named groups at /apis', () => {
    const doc = aggregatedDiscovery('apis', 'v2');
    expect(doc).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {} });
    expect(doc.items.map((g) => g.metadata.name)).toEqual(['apps', 'coordination.k8s.io']);
    const rs = doc.items[0]!.versions[0]!;
    expect(rs.freshness).toBe('Current');
    expect(rs.resources[0]).toMatchObject({
      resource: 'replicasets',
      responseKind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
      shortNames: ['rs'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    const lease = doc.items[1]!.versions[0]!.resources[0]!;
    expect(lease).not.toHaveProperty('shortNames');
    expect(lease).not.toHaveProperty('subresources');
  });
});
