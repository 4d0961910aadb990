// Property tests: defaulting and validation take whatever JSON a client (or a patch) produces and
// answer with field errors, never with an exception, whatever the types, nulls and shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNodeIssues, hasNonIntegerLiteral, wellTyped } from './decode.js';
import { jsonNode } from './json.js';
import { setDefaults } from './defaults.js';
import type { FieldError } from './errors.js';
import { fieldErrorString } from './errors.js';
import { RESOURCES } from './resources.js';
import { typeSchema, type Shape, type TypeSchema } from './schema/model.js';
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
  for (const mut of muts) {
    // fast-check reuses generated values (and defaulting mutates in place): insert copies.
    const m = { ...mut, value: structuredClone(mut.value) };
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

// ---------------------------------------------------------------- well-typed values from the schema

/** mulberry32: a small deterministic PRNG, seeded by fast-check. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'web', 'Always', 'TCP', 'In', 'Exists', 'NoExecute', 'metadata.name', 'v1', 'http', '/', 'a/b', 'example.com/x', '-a', 'A_B', '..', 'a'.repeat(64), 'x'.repeat(254), ' a', 'é', '10.0.0.1', '::1', 'None', 'ClientIP', 'Terminating', 'Active', 'orphan', 'foregroundDeletion', 'kubernetes'];
const INTS = [0, 1, -1, 2, 30, 80, 65535, 65536, 2147483647, -2147483648];
const QUANTITIES: Json[] = ['1', '100m', '1Gi', '-1', 'abc', '', 0, 1.5, '1e3', '0.0001', '5Ei', -2];
const INT_OR_STRINGS: Json[] = ['http', 80, 0, -1, '', 70000, 'a-b', 'HTTP'];
const KEYS = ['a', 'app', 'cpu', 'memory', 'example.com/gpu', '', 'A B', 'hugepages-2Mi', 'kubernetes.io/metadata.name', 'x/y/z'];

/** A random value of `shape`: right JSON types, odd contents, nulls, bounded depth. */
function typedValue(shape: Shape, rnd: () => number, depth: number): Json {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  if (rnd() < 0.08) return null;
  switch (shape.kind) {
    case 'free':
      return {};
    case 'primitive':
      if (shape.type === 'string') return pick(STRINGS);
      if (shape.type === 'boolean') return rnd() < 0.5;
      if (shape.type === 'number') return pick([0, 0.5, -1, 1e10]);
      return shape.format === 'int32' ? pick(INTS) : pick([...INTS, 2 ** 40, -(2 ** 40)]);
    case 'array': {
      const n = depth <= 0 ? 0 : Math.floor(rnd() * 4);
      return Array.from({ length: n }, () => typedValue(shape.items, rnd, depth - 1));
    }
    case 'map': {
      const n = depth <= 0 ? 0 : Math.floor(rnd() * 4);
      const out: Record<string, Json> = {};
      for (let i = 0; i < n; i++) out[pick(KEYS)] = typedValue(shape.values, rnd, depth - 1);
      return out;
    }
    case 'named':
      switch (shape.name) {
        case 'Quantity':
          return pick(QUANTITIES);
        case 'IntOrString':
          return pick(INT_OR_STRINGS);
        case 'Time':
          return pick(['2024-01-01T00:00:00Z', 'yesterday']);
        case 'MicroTime':
          return pick(['2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00Z']);
        case 'FieldsV1':
        case 'RawExtension':
        case 'Patch':
          return pick([{}, { 'f:a': {} }, []]);
      }
      return typedStruct(typeSchema(shape.name)!, rnd, depth);
  }
}

function typedStruct(t: TypeSchema, rnd: () => number, depth: number): Json {
  const out: Record<string, Json> = {};
  if (depth <= 0) return out;
  for (const [name, f] of t.fields) if (rnd() < 0.25) out[name] = typedValue(f.shape, rnd, depth - 1);
  return out;
}

/** The schema shape at `path` of an object of type `t`, if the path follows the schema. */
function shapeAt(t: TypeSchema, path: readonly (string | number)[]): Shape | undefined {
  let shape: Shape = { kind: 'named', name: t.name };
  for (const k of path) {
    if (shape.kind === 'named') {
      const f = typeSchema(shape.name)?.fields.get(String(k));
      if (!f) return undefined;
      shape = f.shape;
    } else if (shape.kind === 'array') shape = shape.items;
    else if (shape.kind === 'map') shape = shape.values;
    else return undefined;
  }
  return shape;
}

/**
 * Sets well-typed random values at random places of `root` (a field of a struct, an item of a
 * list, an entry of a map), following the kind's schema.
 */
function typedMutate(t: TypeSchema, root: Json, seed: number, count: number): Json {
  const rnd = prng(seed);
  const obj = structuredClone(root);
  for (let i = 0; i < count; i++) {
    const paths = containerPaths(obj).filter((p) => shapeAt(t, p));
    if (!paths.length) break;
    const path = paths[Math.floor(rnd() * paths.length)]!;
    const shape = shapeAt(t, path)!;
    const target = at(obj, path) as Record<string, Json> | Json[];
    const depth = 1 + Math.floor(rnd() * 4);
    if (shape.kind === 'named') {
      const st = typeSchema(shape.name);
      if (!st || !st.fields.size) continue;
      const fields = [...st.fields.values()];
      const f = fields[Math.floor(rnd() * fields.length)]!;
      (target as Record<string, Json>)[f.name] = typedValue(f.shape, rnd, depth);
    } else if (shape.kind === 'array' && Array.isArray(target)) {
      const v = typedValue(shape.items, rnd, depth);
      if (target.length && rnd() < 0.5) target[Math.floor(rnd() * target.length)] = v;
      else target.push(v);
    } else if (shape.kind === 'map' && !Array.isArray(target)) {
      target[KEYS[Math.floor(rnd() * KEYS.length)]!] = typedValue(shape.values, rnd, depth);
    }
  }
  return obj;
}

const kindOf = (resource: string) => typeSchema(RESOURCES.find((r) => r.resource === resource)!.kind)!;

const resources = Object.keys(TEMPLATES);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 200);

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

  it.each(resources)('%s: well-typed random values (schema-generated) reach every validator', (resource) => {
    const t = kindOf(resource);
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer({ min: 1, max: 8 }), (s1, s2, n) => {
        const old = typedMutate(t, TEMPLATES[resource]!(), s1, n) as unknown as KubeObject;
        const obj = typedMutate(t, TEMPLATES[resource]!(), s2, n) as unknown as KubeObject;
        noThrow('setDefaults', () => setDefaults(resource, obj));
        noThrow('setDefaults(old)', () => setDefaults(resource, old));
        let errs: FieldError[] = [];
        noThrow('validateObject', () => (errs = validateObject(resource, obj)));
        checkErrors(errs);
        // Well-typed input has no type errors, so the semantic checks did run.
        expect(errs.filter((e) => e.type === 'FieldValueTypeInvalid')).toEqual([]);
        noThrow('validateObjectUpdate', () => checkErrors(validateObjectUpdate(resource, obj, old)));
        noThrow('validateStatusUpdate', () => checkErrors(validateStatusUpdate(resource, obj, old)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a whole random well-typed object of each kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...resources), fc.integer(), (resource, seed) => {
        const obj = typedStruct(kindOf(resource), prng(seed), 6) as unknown as KubeObject;
        noThrow('setDefaults', () => setDefaults(resource, obj));
        noThrow('validateObject', () => checkErrors(validateObject(resource, obj)));
        noThrow('validateObjectUpdate', () => checkErrors(validateObjectUpdate(resource, obj, obj)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each(resources)('%s: deeply nested values anywhere (known and unknown fields), and values that contain themselves', (resource) => {
    const deep = (n: number, kind: number): Json => {
      let v: Json = kind % 2 ? 'x' : null;
      for (let i = 0; i < n; i++) v = kind % 3 === 0 ? [v] : { a: v };
      return v;
    };
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom(50, 3000, 20_000), fc.nat(), fc.boolean(), (pick, key, depth, kind, cyclic) => {
        const make = () => {
          const o = TEMPLATES[resource]!() as Record<string, Json>;
          const paths = containerPaths(o);
          const target = at(o, paths[pick % paths.length]!) as Record<string, Json> | Json[];
          const value = deep(depth, kind);
          if (Array.isArray(target)) target.push(value);
          else target[Object.keys(target)[key % Math.max(1, Object.keys(target).length)] ?? 'x'] = value;
          if (cyclic && !Array.isArray(target)) (target as Record<string, unknown>)['self'] = target;
          return o as unknown as KubeObject;
        };
        const [obj, old] = [make(), make()];
        noThrow('setDefaults', () => setDefaults(resource, obj));
        noThrow('validateObject', () => checkErrors(validateObject(resource, obj)));
        noThrow('validateObjectUpdate', () => checkErrors(validateObjectUpdate(resource, obj, old)));
        noThrow('validateStatusUpdate', () => checkErrors(validateStatusUpdate(resource, obj, old)));
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 4) },
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

describe('wellTyped agrees with the decoder (fast-check)', () => {
  // wellTyped(t, v) promises an empty decodeIssues(t, v); for values whose integers are exact
  // doubles it is also the converse (beyond 2^53 it may only doubt).
  const exact = (v: unknown): boolean =>
    typeof v === 'number' ? !Number.isInteger(v) || Number.isSafeInteger(v) : Array.isArray(v) ? v.every(exact) : v && typeof v === 'object' ? Object.values(v).every(exact) : true;
  const check = (t: TypeSchema, v: unknown) => {
    for (const syntax of [true, false]) {
      const issues = decodeNodeIssues(t, jsonNode(v), { syntax }); // (a string v would be taken for JSON text by decodeIssues)
      const fast = wellTyped(t, v, { syntax });
      if (fast) expect(issues.map((i) => i.message)).toEqual([]);
      if (exact(v)) expect({ fast, issues: issues.map((i) => `${i.field}: ${i.message}`) }).toEqual({ fast: issues.length === 0, issues: issues.map((i) => `${i.field}: ${i.message}`) });
    }
  };

  it.each(resources)('%s: mutated objects', (resource) => {
    const t = kindOf(resource);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 6 }), (muts) => check(t, mutate(TEMPLATES[resource]!(), muts))),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each(resources)('%s: schema-generated values', (resource) => {
    const t = kindOf(resource);
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 8 }), (seed, n) => check(t, typedMutate(t, TEMPLATES[resource]!(), seed, n))),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('hasNonIntegerLiteral spots every fraction or exponent a value position may hold', () => {
    expect(hasNonIntegerLiteral('{"a":1,"b":[2,-3]}')).toBe(false);
    expect(hasNonIntegerLiteral('{"a": 1.0}')).toBe(true);
    expect(hasNonIntegerLiteral('{"a":[1,2e3]}')).toBe(true);
    expect(hasNonIntegerLiteral('{"a":-1E2}')).toBe(true);
    expect(hasNonIntegerLiteral('{"ip":"127.0.0.1"}')).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const nonInteger = (x: unknown): boolean =>
          typeof x === 'number' ? !Number.isInteger(x) || /[eE.]/.test(String(x)) : Array.isArray(x) ? x.some(nonInteger) : x && typeof x === 'object' ? Object.values(x).some(nonInteger) : false;
        if (nonInteger(v) && text !== undefined && typeof v === 'object' && v !== null) expect(hasNonIntegerLiteral(text)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
