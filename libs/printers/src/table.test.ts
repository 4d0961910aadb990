import type {
  Endpoints,
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  NodeCondition,
  Pod,
  ReplicaSet,
  ReplicationController,
  Service,
} from '@kubesim/api';
import { isStatusError } from '@kubesim/api';
import { describe, expect, it } from 'vitest';
import { columnDefinitions, printTable } from './table.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

const cells = (resource: string, obj: KubeObject) => printTable(resource, [obj], { now: NOW }).rows[0]!.cells;
const header = (resource: string) =>
  columnDefinitions(resource).map((c) => (c.priority === 0 ? c.name.toUpperCase() : `(${c.name.toUpperCase()})`));

// ---------------------------------------------------------------- Table envelope

describe('printTable envelope', () => {
  const pod: Pod = {
    metadata: {
      name: 'nginx',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '1080',
      creationTimestamp: ago(2 * S),
      labels: { app: 'web' },
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], nodeName: 'node-1' },
    status: {
      phase: 'Running',
      podIP: '10.244.0.87',
      containerStatuses: [
        { name: 'nginx', ready: true, restartCount: 0, image: 'nginx:1.25', imageID: '', state: { running: {} } },
      ],
    },
  };

  it('matches the shape kubectl reads (kubectl-api.md 5.2)', () => {
    const t = printTable('pods', [pod], { now: NOW, listMeta: { resourceVersion: '1081' } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '1081' });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    expect(t.columnDefinitions[0]!.description).toMatch(/^Name must be unique within a namespace\. /);
    expect(t.rows).toEqual([
      {
        cells: ['nginx', '1/1', 'Running', '0', '2s', '10.244.0.87', 'node-1', '<none>', '<none>'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata },
      },
    ]);
    // a copy, not the stored metadata
    expect((t.rows[0]!.object as { metadata: object }).metadata).not.toBe(pod.metadata);
  });

  it('takes a lone object (GET, watch event) resourceVersion without listMeta', () => {
    expect(printTable('pods', [pod], { now: NOW }).metadata).toEqual({ resourceVersion: '1080' });
    expect(printTable('pods', [], { now: NOW }).metadata).toEqual({});
    expect(
      printTable('pods', [], { now: NOW, listMeta: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 } })
        .metadata,
    ).toEqual({ resourceVersion: '9', continue: 'abc', remainingItemCount: 3 });
  });

  it('honours includeObject, noHeaders and the v1beta1 group version', () => {
    const full = printTable('po', [pod], { now: NOW, includeObject: 'Object' }).rows[0]!.object;
    expect(full).toMatchObject({ kind: 'Pod', apiVersion: 'v1', spec: pod.spec, status: pod.status });
    const rs = printTable('replicasets', [{ metadata: { name: 'x' }, spec: { selector: {} } } as ReplicaSet], {
      now: NOW,
      includeObject: 'Object',
    });
    expect(rs.rows[0]!.object).toMatchObject({ kind: 'ReplicaSet', apiVersion: 'apps/v1' });
    expect(printTable('pods', [pod], { now: NOW, includeObject: 'None' }).rows[0]).not.toHaveProperty('object');
    expect(printTable('pods', [pod], { now: NOW, noHeaders: true }).columnDefinitions).toEqual([]);
    const beta = printTable('pods', [pod], { now: NOW, apiVersion: 'meta.k8s.io/v1beta1' });
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows[0]!.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('rejects an unknown includeObject and a non-Table group version', () => {
    const bad = () => printTable('pods', [pod], { now: NOW, includeObject: 'Everything' as 'None' });
    expect(bad).toThrow('unrecognized includeObject value: "Everything"');
    try {
      printTable('pods', [pod], { now: NOW, apiVersion: 'v1' });
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.code).toBe(406);
    }
  });

  it('copies Succeeded/Failed row conditions into the row', () => {
    const done: Pod = { ...pod, status: { phase: 'Succeeded' } };
    expect(printTable('pods', [done], { now: NOW }).rows[0]!.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('falls back to the default convertor (NAME, CREATED AT) for types without a printer', () => {
    const t = printTable('configmaps', [{ metadata: { name: 'cm', creationTimestamp: '2026-11-21T22:56:59Z' } }], {
      now: NOW,
    });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Created At', 'date', '', 0],
    ]);
    expect(t.rows[0]!.cells).toEqual(['cm', '2026-11-21T22:56:59Z']);
  });
});

// ---------------------------------------------------------------- nodes

describe('nodes', () => {
  const node = (opts: {
    ready?: NodeCondition['status'];
    unschedulable?: boolean;
    labels?: Record<string, string>;
  }): Node => ({
    metadata: { name: 'node-1', creationTimestamp: ago(3 * D), labels: opts.labels ?? {} },
    spec: { unschedulable: opts.unschedulable ?? false },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        ...(opts.ready ? [{ type: 'Ready', status: opts.ready } as NodeCondition] : []),
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.0.11' },
        { type: 'Hostname', address: 'node-1' },
      ],
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '6.1.0-kubesim',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'kubesim://0.1.0',
        kubeletVersion: 'v1.33.1',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  });

  it('has the upstream columns', () => {
    expect(header('nodes')).toEqual([
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
      '(INTERNAL-IP)',
      '(EXTERNAL-IP)',
      '(OS-IMAGE)',
      '(KERNEL-VERSION)',
      '(CONTAINER-RUNTIME)',
    ]);
  });

  it.each<[string, Parameters<typeof node>[0], string, string]>([
    ['ready worker', { ready: 'True' }, 'Ready', '<none>'],
    ['not ready', { ready: 'False' }, 'NotReady', '<none>'],
    ['ready condition Unknown', { ready: 'Unknown' }, 'NotReady', '<none>'],
    ['no Ready condition', {}, 'Unknown', '<none>'],
    ['cordoned', { ready: 'True', unschedulable: true }, 'Ready,SchedulingDisabled', '<none>'],
    ['lost and cordoned', { unschedulable: true }, 'Unknown,SchedulingDisabled', '<none>'],
    [
      'control plane',
      { ready: 'True', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'node-1' } },
      'Ready',
      'control-plane',
    ],
    [
      'roles sorted, deduplicated, from both label forms',
      {
        ready: 'True',
        labels: {
          'node-role.kubernetes.io/worker': '',
          'node-role.kubernetes.io/': 'ignored',
          'kubernetes.io/role': 'infra',
          'node-role.kubernetes.io/infra': 'true',
        },
      },
      'Ready',
      'infra,worker',
    ],
    ['empty kubernetes.io/role ignored', { ready: 'True', labels: { 'kubernetes.io/role': '' } }, 'Ready', '<none>'],
  ])('%s', (_name, opts, status, roles) => {
    const c = cells('nodes', node(opts));
    expect(c.slice(0, 5)).toEqual(['node-1', status, roles, '3d', 'v1.33.1']);
  });

  it('prints the wide cells, <none> for a missing address and <unknown> for missing node info', () => {
    expect(cells('nodes', node({ ready: 'True' })).slice(5)).toEqual([
      '10.0.0.11',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-kubesim',
      'kubesim://0.1.0',
    ]);
    expect(cells('no', { metadata: { name: 'bare' } } as Node)).toEqual([
      'bare',
      'Unknown',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

// ---------------------------------------------------------------- replication controllers, replica sets

describe('replicationcontrollers and replicasets', () => {
  const template = {
    metadata: { labels: { app: 'kubia' } },
    spec: {
      containers: [
        { name: 'kubia', image: 'luksa/kubia' },
        { name: 'sidecar', image: 'busybox:1.36' },
      ],
    },
  };

  it('have the upstream columns', () => {
    const want = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', '(CONTAINERS)', '(IMAGES)', '(SELECTOR)'];
    expect(header('rc')).toEqual(want);
    expect(header('replicasets')).toEqual(want);
    expect(columnDefinitions('rs').map((c) => c.type)).toEqual([
      'string',
      'integer',
      'integer',
      'integer',
      'string',
      'string',
      'string',
      'string',
    ]);
  });

  it('prints an RC with its map selector (labels.FormatLabels)', () => {
    const rc: ReplicationController = {
      metadata: { name: 'kubia', creationTimestamp: ago(10 * M) },
      spec: { replicas: 3, selector: { app: 'kubia', env: 'prod' }, template },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(cells('replicationcontrollers', rc)).toEqual([
      'kubia',
      3,
      3,
      2,
      '10m',
      'kubia,sidecar',
      'luksa/kubia,busybox:1.36',
      'app=kubia,env=prod',
    ]);
  });

  it('prints an RC without status, replicas or selector as Kubernetes defaults them', () => {
    const rc: ReplicationController = { metadata: { name: 'bare' } };
    expect(cells('rc', rc)).toEqual(['bare', 1, 0, 0, '<unknown>', '', '', '<none>']);
  });

  it.each<[string, ReplicaSet['spec']['selector'], string]>([
    ['matchLabels', { matchLabels: { app: 'kubia' } }, 'app=kubia'],
    [
      'matchLabels and matchExpressions',
      { matchLabels: { app: 'kubia' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }] },
      'app=kubia,env in (production,staging)',
    ],
    ['empty', {}, '<none>'],
  ])('prints an RS with a %s selector (metav1.FormatLabelSelector)', (_name, selector, want) => {
    const rs: ReplicaSet = {
      metadata: { name: 'frontend', creationTimestamp: ago(3 * H + 10 * M) },
      spec: { replicas: 2, selector, template },
      status: { replicas: 1, readyReplicas: 0 },
    };
    expect(cells('replicasets.apps', rs)).toEqual([
      'frontend',
      2,
      1,
      0,
      '3h10m',
      'kubia,sidecar',
      'luksa/kubia,busybox:1.36',
      want,
    ]);
  });
});

// ---------------------------------------------------------------- events

describe('events', () => {
  const event = (over: Partial<Event> = {}): Event => ({
    metadata: { name: 'nginx.17a2b3c4', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'nginx', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: '  Successfully pulled image "nginx:1.25"\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(2 * M),
    lastTimestamp: ago(30 * S),
    count: 3,
    type: 'Normal',
    ...over,
  });

  it('has the upstream columns in the upstream (interleaved) order', () => {
    expect(header('events')).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      '(SUBOBJECT)',
      '(SOURCE)',
      'MESSAGE',
      '(FIRST SEEN)',
      '(COUNT)',
      '(NAME)',
    ]);
    expect(columnDefinitions('ev').find((c) => c.name === 'Name')).toMatchObject({ format: 'name', priority: 1 });
  });

  it('prints ages, the lower-cased kind/name target, the source and the trimmed message', () => {
    expect(cells('events', event())).toEqual([
      '30s',
      'Normal',
      'Pulled',
      'pod/nginx',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Successfully pulled image "nginx:1.25"',
      '2m',
      3,
      'nginx.17a2b3c4',
    ]);
  });

  it.each<[string, Partial<Event> & { series?: unknown }, string, string, number]>([
    ['no lastTimestamp: LAST SEEN is FIRST SEEN', { lastTimestamp: null }, '2m', '2m', 3],
    ['no timestamps: eventTime', { firstTimestamp: null, lastTimestamp: null, eventTime: ago(5 * S) }, '5s', '5s', 3],
    ['nothing at all', { firstTimestamp: null, lastTimestamp: null }, '<unknown>', '<unknown>', 3],
    ['singleton without count', { count: 0 }, '30s', '2m', 1],
    [
      'series',
      { firstTimestamp: null, lastTimestamp: null, eventTime: ago(10 * M), series: { count: 7, lastObservedTime: ago(S) } },
      '1s',
      '10m',
      7,
    ],
  ])('%s', (_name, over, lastSeen, firstSeen, count) => {
    const c = cells('events', event(over as Partial<Event>));
    expect([c[0], c[7], c[8]]).toEqual([lastSeen, firstSeen, count]);
  });

  it('formats the object and source fallbacks', () => {
    const c = cells(
      'events',
      event({ involvedObject: { kind: 'Node' }, source: {}, reportingComponent: 'node-controller', reportingInstance: '' }),
    );
    expect([c[3], c[4], c[5]]).toEqual(['node', '', 'node-controller']);
  });
});

// ---------------------------------------------------------------- namespaces, leases, services, endpoints

describe('namespaces and leases', () => {
  it('prints NAME STATUS AGE', () => {
    expect(header('ns')).toEqual(['NAME', 'STATUS', 'AGE']);
    const ns: Namespace = { metadata: { name: 'kube-system', creationTimestamp: ago(8 * D) }, status: { phase: 'Active' } };
    expect(cells('namespaces', ns)).toEqual(['kube-system', 'Active', '8d']);
    expect(cells('namespaces', { metadata: { name: 'x', deletionTimestamp: ago(S) } } as Namespace)[1]).toBe('Terminating');
  });

  it('prints NAME HOLDER AGE', () => {
    expect(header('leases')).toEqual(['NAME', 'HOLDER', 'AGE']);
    const lease: Lease = { metadata: { name: 'node-1', creationTimestamp: ago(90 * S) }, spec: { holderIdentity: 'node-1' } };
    expect(cells('leases', lease)).toEqual(['node-1', 'node-1', '90s']);
    expect(cells('leases', { metadata: { name: 'free' } } as Lease)).toEqual(['free', '', '<unknown>']);
  });
});

describe('services', () => {
  it('has the upstream columns', () => {
    expect(header('svc')).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', '(SELECTOR)']);
  });

  it.each<[string, Service, (string | number)[]]>([
    [
      'ClusterIP',
      {
        metadata: { name: 'web', creationTimestamp: ago(5 * M) },
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.96.0.10',
          clusterIPs: ['10.96.0.10'],
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
          selector: { app: 'web' },
        },
      },
      ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5m', 'app=web'],
    ],
    [
      'NodePort, defaults, clusterIP only',
      {
        metadata: { name: 'np', creationTimestamp: ago(5 * M) },
        spec: { type: 'NodePort', clusterIP: '10.96.0.11', ports: [{ port: 80, nodePort: 30080 }] },
      },
      ['np', 'NodePort', '10.96.0.11', '<none>', '80:30080/TCP', '5m', '<none>'],
    ],
    [
      'LoadBalancer pending',
      { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 443 }] } },
      ['lb', 'LoadBalancer', '10.96.0.12', '<pending>', '443/TCP', '<unknown>', '<none>'],
    ],
    ['headless without ports', { metadata: { name: 'h' }, spec: { clusterIP: 'None' } }, ['h', 'ClusterIP', 'None', '<none>', '<none>', '<unknown>', '<none>']],
  ])('%s', (_name, svc, want) => {
    expect(cells('services', svc)).toEqual(want);
  });

  it('lists load-balancer ingress sorted, then external IPs', () => {
    const svc = {
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], externalIPs: ['192.0.2.9'] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }, { hostname: 'a.example.com' }] } },
    } as Service;
    expect(cells('services', svc)[3]).toBe('203.0.113.7,a.example.com,192.0.2.9');
  });
});

describe('endpoints', () => {
  it.each<[string, Endpoints['subsets'], string]>([
    ['none', undefined, '<none>'],
    [
      'ip:port pairs',
      [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ port: 8080 }] }],
      '10.244.0.5:8080,10.244.0.6:8080',
    ],
    ['headless without ports', [{ addresses: [{ ip: '10.244.0.5' }] }], '10.244.0.5'],
    [
      'more than three',
      [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: 'fd00::3' }],
          ports: [
            { port: 80, name: 'http' },
            { port: 443, name: 'https' },
          ],
        },
      ],
      '10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 3 more...',
    ],
    ['only not-ready addresses', [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], ''],
  ])('%s', (_name, subsets, want) => {
    const ep: Endpoints = { metadata: { name: 'web', creationTimestamp: ago(2 * D + 3 * H) }, ...(subsets ? { subsets } : {}) };
    expect(cells('endpoints', ep)).toEqual(['web', want, '2d3h']);
  });
});
