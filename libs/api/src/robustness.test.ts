// Property tests: defaulting and validation take whatever JSON a client (or a patch) produces and
// answer with field errors, never with an exception, whatever the types, nulls and shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setDefaults } from './defaults.js';
import type { FieldError } from './errors.js';
import { fieldErrorString } from './errors.js';
import { RESOURCES } from './resources.js';

import type { KubeObject } from './types.js';
import { validateObject, validateObjectUpdate, validateStatusUpdate } from './validation.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const container = (name: string) => ({
  name,
  image: 'nginx:1.25',
  command: ['sh', '-c', 'sleep 1'],
  args: ['a'],
  ports: [{ name: 'http', containerPort: 80, protocol: 'TCP', hostPort: 8080 }],
  env: [
    { name: 'A', value: 'b' },
    { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } },
    { name: 'RES', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
  ],
  envFrom: [{ configMapRef: { name: 'cm' } }],
  resources: { limits: { cpu: '1', memory: '128Mi', 'example.com/gpu': 1 }, requests: { cpu: '500m' } },
  volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
  livenessProbe: { httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X-A', value: 'b' }] }, periodSeconds: 5 },
  readinessProbe: { tcpSocket: { port: 80 } },
  startupProbe: { exec: { command: ['true'] }, failureThreshold: 30 },
  lifecycle: { preStop: { sleep: { seconds: 1 } }, postStart: { grpc: { port: 9000 } } },
  securityContext: { runAsUser: 1000, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
});

const podSpec = () => ({
  containers: [container('main'), container('side')],
  initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always', readinessProbe: { exec: { command: ['x'] } } }],
  volumes: [
    { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
    { name: 'cm', configMap: { name: 'cm', items: [{ key: 'a', path: 'a' }] } },
    { name: 'host', hostPath: { path: '/tmp' } },
    { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 10,
  activeDeadlineSeconds: 100,
  nodeSelector: { disk: 'ssd' },
  nodeName: 'node-1',
  hostNetwork: false,
  serviceAccountName: 'sa',
  hostname: 'h',
  subdomain: 's',
  priorityClassName: 'high',
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] },
        ],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'k', operator: 'Exists' }] } }],
    },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { a: 'b' } } }] },
  },
  tolerations: [
    { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' },
    { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
  ],
  securityContext: { fsGroup: 2000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
  dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: 'b' } } }],
  overhead: { cpu: '10m' },
});

const meta = (name: string, namespaced = true) => ({
  name,
  ...(namespaced ? { namespace: 'default' } : {}),
  labels: { app: 'web', 'example.com/tier': 'front' },
  annotations: { 'example.com/note': 'x' },
  finalizers: ['example.com/f'],
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true }],
  generation: 1,
  resourceVersion: '5',
  uid: 'u-0',
  creationTimestamp: '2024-01-01T00:00:00Z',
});

const template = () => ({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: podSpec() });

/** A rich, valid object of each resource, to mutate. */
const TEMPLATES: Record<string, () => Json> = {
  pods: () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('p'),
    spec: podSpec(),
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIPs: [{ ip: '10.0.0.1' }], containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { terminated: { exitCode: 0 } } }], qosClass: 'Burstable' },
  }),
  replicasets: () => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('rs'),
    spec: { replicas: 3, minReadySeconds: 1, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, template: template() },
    status: { replicas: 3, readyReplicas: 2, availableReplicas: 1, fullyLabeledReplicas: 3, observedGeneration: 1 },
  }),
  replicationcontrollers: () => ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: meta('rc'),
    spec: { replicas: 2, selector: { app: 'web' }, template: template() },
    status: { replicas: 2 },
  }),
  services: () => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('svc'),
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      externalIPs: ['1.2.3.4'],
    },
  }),
  namespaces: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('ns', false), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
  nodes: () => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta('node-1', false),
    spec: { podCIDRs: ['10.0.0.0/24'], providerID: 'kubesim://n', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '3900m' },
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:00Z' }],
    },
  }),
  events: () => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('e.1'),
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u' },
    reason: 'Started',
    message: 'm',
    type: 'Normal',
    count: 2,
    source: { component: 'kubelet', host: 'n' },
    eventTime: '2024-01-01T00:00:00.000000Z',
    reportingComponent: 'kubelet',
    reportingInstance: 'n',
    action: 'Start',
  }),
  leases: () => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: meta('l'),
    spec: { holderIdentity: 'h', leaseDurationSeconds: 40, leaseTransitions: 1, renewTime: '2024-01-01T00:00:00.000000Z' },
  }),
  endpoints: () => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('svc'),
    subsets: [{ addresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'p' } }], ports: [{ name: 'http', port: 80 }] }],
  }),
};

/** Every container (object or array) path of a value, breadth first, bounded. */
function containerPaths(root: Json, max = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: [Json, (string | number)[]][] = [[root, []]];
  while (queue.length && out.length < max) {
    const [v, p] = queue.shift()!;
    if (v === null || typeof v !== 'object') continue;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, [...p, i]]));
    else for (const [k, x] of Object.entries(v)) queue.push([x, [...p, k]]);
  }
  return out;
}

function at(root: Json, path: (string | number)[]): Json {
  let v = root;
  for (const k of path) v = (v as Record<string, Json>)[k as string]!;
  return v;
}

/** Values that break careless code: wrong types, nulls, edge numbers, odd strings, empty containers. */
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.5,
    2 ** 31,
    -(2 ** 63),
    1e21,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    'x',
    '-1',
    '1.5',
    '__proto__',
    'constructor',
    'toString',
    '\u0000',
    '💥',
    'a'.repeat(300),
    [],
    {},
    [null],
    [[]],
    [{}],
    ['x'],
    [1],
    { '': null },
    { __proto__: null },
    { a: null },
    { a: 1 },
    { toString: 'x' },
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

interface Mutation {
  pick: number;
  key: number;
  op: 'set' | 'delete' | 'setChild';
  value: Json;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  key: fc.nat(),
  op: fc.constantFrom<Mutation['op']>('set', 'set', 'setChild', 'delete'),
  value: nasty,
});

/** Applies mutations: replace a container's member with a nasty value, delete one, or add an odd child. */
function mutate(root: Json, muts: readonly Mutation[]): Json {
  let obj = structuredClone(root);
  for (const m of muts) {
    const paths = containerPaths(obj);
    if (!paths.length) {
      obj = m.value;
      continue;
    }
    const path = paths[m.pick % paths.length]!;
    const target = at(obj, path) as Record<string, Json> | Json[];
    const keys = Object.keys(target);
    if (m.op === 'setChild' || keys.length === 0) {
      if (Array.isArray(target)) target.push(m.value);
      else target[['metadata', 'spec', 'status', 'name', 'labels', 'x', 'containers'][m.key % 7]!] = m.value;
      continue;
    }
    const k = keys[m.key % keys.length]!;
    if (path.length === 0 && m.op === 'set' && m.key % 13 === 0) {
      obj = m.value; // sometimes the whole body
      continue;
    }
    if (m.op === 'delete') {
      if (Array.isArray(target)) target.splice(Number(k), 1);
      else delete target[k];
    } else (target as Record<string, Json>)[k] = m.value;
  }
  return obj;
}

const resources = Object.keys(TEMPLATES);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 300);

function noThrow(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    throw new Error(`${what} threw: ${(e as Error).stack ?? e}`);
  }
}

function checkErrors(errs: unknown): void {
  expect(Array.isArray(errs)).toBe(true);
  for (const e of errs as FieldError[]) {
    expect(typeof e.field).toBe('string');
    expect(typeof e.type).toBe('string');
    expect(() => fieldErrorString(e)).not.toThrow();
    expect(() => JSON.stringify(e)).not.toThrow();
  }
}

describe('defaulting and validation never throw (fast-check)', () => {
  it.each(resources)('%s: setDefaults + validateObject on mutated objects', (resource) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        const obj = mutate(TEMPLATES[resource]!(), muts) as unknown as KubeObject;
        noThrow('setDefaults', () => setDefaults(resource, obj));
        let errs: FieldError[] = [];
        noThrow('validateObject', () => (errs = validateObject(resource, obj)));
        checkErrors(errs);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each(resources)('%s: validateObjectUpdate and validateStatusUpdate on mutated pairs', (resource) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.array(mutation, { minLength: 0, maxLength: 4 }), (m1, m2) => {
        const old = mutate(TEMPLATES[resource]!(), m1) as unknown as KubeObject;
        const obj = mutate(TEMPLATES[resource]!(), m2) as unknown as KubeObject;
        noThrow('setDefaults(old)', () => setDefaults(resource, old));
        noThrow('setDefaults(new)', () => setDefaults(resource, obj));
        let errs: FieldError[] = [];
        noThrow('validateObjectUpdate', () => (errs = validateObjectUpdate(resource, obj, old)));
        checkErrors(errs);
        noThrow('validateStatusUpdate', () => (errs = validateStatusUpdate(resource, obj, old)));
        checkErrors(errs);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('any JSON value at all, for every resource', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RESOURCES.map((r) => r.resource)), fc.jsonValue(), fc.jsonValue(), (resource, a, b) => {
        noThrow('setDefaults', () => setDefaults(resource, a as KubeObject));
        noThrow('validateObject', () => checkErrors(validateObject(resource, a as KubeObject)));
        noThrow('validateObjectUpdate', () => checkErrors(validateObjectUpdate(resource, a as KubeObject, b as KubeObject)));
        noThrow('validateStatusUpdate', () => checkErrors(validateStatusUpdate(resource, a as KubeObject, b as KubeObject)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
