// Property-based fuzzing of the REST API of a real apiserver process (real etcd) over HTTPS.
//
// Whatever a client sends (malformed or mistyped bodies, odd content types, huge or deeply nested
// documents, YAML, random selectors, query parameters, paths, methods and patches of all four
// kinds), the server
//   - keeps running and answers /healthz,
//   - answers every request, and never with 5xx (a client's mistake is a 4xx),
//   - answers every error with a `kind: Status` body with `status: Failure` and the HTTP code,
//   - never writes partially: after a failed write every object of the resource is byte-identical
//     (same resourceVersion) and no object was added,
//   - ends watches at their timeoutSeconds.
// The one 5xx allowed is kube-apiserver's own answer to a resourceVersion newer than storage: 504
// Timeout with a ResourceVersionTooLarge cause, which clients retry.
//
// Needs the build (`npx tsc -b tsconfig.json`): the apiserver runs from apps/apiserver/dist.
// Reproduce with FUZZ_SEED=<seed> (printed at start and in every failure); FUZZ_RUNS=<n> sets the
// runs per property (default 250, about 20 s in all on two cores); FUZZ_EXPLORE=1 logs every
// failing request and goes on (restarting a crashed apiserver) instead of stopping at the first,
// to survey a build.
import fc from 'fast-check';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYAML } from 'yaml';

const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 250);
const EXPLORE = process.env['FUZZ_EXPLORE'] === '1';
const NS = 'fuzz';

let api: ApiserverProcess;
let host = '';
let port = 0;
let agent: https.Agent;

// ---------------------------------------------------------------- HTTP

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Client-side deadline for a complete answer. */
  timeoutMs?: number;
  /** For watches without a server-side timeout: stop reading after this long (counts as answered). */
  readForMs?: number;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ms: number;
  /** The client stopped reading (readForMs) before the server ended the response. */
  cut?: boolean;
}

function send(r: Req): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const timeoutMs = r.timeoutMs ?? 15_000;
    const headers: Record<string, string | number> = { authorization: `Bearer ${api.adminToken}`, ...(r.headers ?? {}) };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    let req: ReturnType<typeof https.request>;
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`no complete answer within ${timeoutMs} ms`)));
      req?.destroy();
    }, timeoutMs);
    try {
      req = https.request({ host, port, method: r.method, path: r.path, ca: api.caPEM, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        const reply = (cut?: boolean): Reply => ({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - t0, ...(cut ? { cut } : {}) });
        if (r.readForMs !== undefined) {
          setTimeout(() => {
            finish(() => resolve(reply(true)));
            req.destroy();
          }, r.readForMs);
        }
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(() => resolve(reply())));
        res.on('error', (e) => finish(() => reject(new Error(`response broken off: ${e.message}`))));
        res.on('aborted', () => finish(() => reject(new Error('response aborted by the server'))));
      });
    } catch (e) {
      finish(() => reject(e));
      return;
    }
    req.on('error', (e) => finish(() => reject(new Error(`request failed: ${e.message}`))));
    req.end(r.body);
  });
}

/** Sends raw bytes on a fresh TLS connection and returns what comes back until the server closes or `ms` pass. */
function sendRaw(data: string, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written without half-closing: the server closes after answering (Connection: close).
    const s = tls.connect({ host, port, ca: api.caPEM, servername: 'localhost' }, () => s.write(data));
    const timer = setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    }, ms);
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    s.on('error', (e) => {
      clearTimeout(timer);
      if (chunks.length) resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(e);
    });
  });
}

const describeReq = (r: Req) => {
  const body = r.body === undefined ? '' : ` body(${Buffer.byteLength(r.body)}B)=${JSON.stringify(String(r.body).slice(0, 400))}`;
  return `${r.method} ${r.path.length > 300 ? `${r.path.slice(0, 300)}…` : r.path} ${JSON.stringify(r.headers ?? {})}${body}`;
};

class FuzzFailure extends Error {}

/** Sends a fuzz request: not getting a complete answer is a failure, reported with the request. */
async function attempt(r: Req): Promise<Reply> {
  try {
    return await send(r);
  } catch (e) {
    throw new FuzzFailure(`${(e as Error).message}\n  request: ${describeReq(r)}`);
  }
}

/**
 * kube-apiserver's one deliberate 5xx for a request it cannot serve yet: a list or watch from a
 * resourceVersion newer than storage answers 504 Timeout (ResourceVersionTooLarge) for the
 * client to retry, as Kubernetes does.
 */
function isTooLargeResourceVersion(status: Record<string, unknown>): boolean {
  const causes = (status['details'] as { causes?: { reason?: string }[] } | undefined)?.causes ?? [];
  return status['code'] === 504 && status['reason'] === 'Timeout' && causes.some((c) => c.reason === 'ResourceVersionTooLarge');
}

/** Every answer: no 5xx; errors are Status Failure bodies carrying the HTTP code. */
function checkReply(r: Req, rep: Reply): void {
  const text = rep.body.toString('utf8');
  const fail = (why: string) => {
    throw new FuzzFailure(`${why}\n  request: ${describeReq(r)}\n  answer: ${rep.status} ${JSON.stringify(rep.headers['content-type'])} ${text.slice(0, 600)}`);
  };
  if (rep.status < 100) fail(`no status code`);
  if (rep.status >= 400 && r.method !== 'HEAD') {
    let st: Record<string, unknown>;
    try {
      st = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fail(rep.status >= 500 ? `server error ${rep.status}` : 'an error answer that is not a JSON Status');
    }
    if (rep.status >= 500 && !isTooLargeResourceVersion(st)) fail(`server error ${rep.status}`);
    if (st?.['kind'] !== 'Status' || st['status'] !== 'Failure' || st['code'] !== rep.status) fail('an error answer that is not a Status Failure with the HTTP code');
  } else if (rep.status >= 500) fail(`server error ${rep.status}`);
}

async function healthy(): Promise<void> {
  const rep = await send({ method: 'GET', path: '/healthz', timeoutMs: 5000 });
  if (rep.status !== 200) throw new FuzzFailure(`/healthz answered ${rep.status}: ${rep.body.toString()}`);
}

const failures: string[] = [];

/** Explore mode: starts a crashed apiserver again (its ports may take a moment to free up). */
async function revive(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await api.restart();
      dirty = true;
      return;
    } catch (e) {
      if (attempt === 5) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Runs one fuzz case; in explore mode failures are recorded (and a dead server restarted). */
async function fuzzCase(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    await healthy();
  } catch (e) {
    let msg = (e as Error).message;
    try {
      await healthy();
    } catch (h) {
      msg += `\n  and then the server did not answer /healthz: ${(h as Error).message}`;
      if (EXPLORE) await revive();
    }
    if (!EXPLORE) throw new FuzzFailure(`${msg}\n  (FUZZ_SEED=${SEED})`);
    failures.push(msg);
    console.log(`FAILURE #${failures.length} (seed ${SEED}): ${msg}\n`);
  }
}

// ---------------------------------------------------------------- fixtures

interface Resource {
  prefix: string;
  plural: string;
  namespaced: boolean;
  apiVersion: string;
  kind: string;
  name: string;
  subresources: string[];
  template: () => Record<string, Json>;
}

const container = (name: string): Json => ({
  name,
  image: 'nginx:1.25',
  ports: [{ name: 'http', containerPort: 80 }],
  env: [{ name: 'A', value: 'b' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
  resources: { limits: { cpu: '1', memory: '128Mi' }, requests: { cpu: '500m' } },
  livenessProbe: { httpGet: { path: '/', port: 'http' } },
  volumeMounts: [{ name: 'data', mountPath: '/data' }],
});
const podSpec = (): Json => ({
  containers: [container('main')],
  volumes: [{ name: 'data', emptyDir: {} }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
  nodeSelector: { disk: 'ssd' },
});
const meta = (name: string, namespaced = true, labels: Record<string, string> = { app: 'web' }): Record<string, Json> => ({
  name,
  ...(namespaced ? { namespace: NS } : {}),
  labels,
  annotations: { 'example.com/note': 'fuzz' },
});

const RESOURCES: Resource[] = [
  {
    prefix: '/api/v1', plural: 'pods', namespaced: true, apiVersion: 'v1', kind: 'Pod', name: 'web', subresources: ['status', 'binding', 'log'],
    template: () => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('web'), spec: podSpec() }),
  },
  {
    prefix: '/apis/apps/v1', plural: 'replicasets', namespaced: true, apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', subresources: ['status', 'scale'],
    template: () => ({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('rs'),
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec() } },
    }),
  },
  {
    prefix: '/api/v1', plural: 'replicationcontrollers', namespaced: true, apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', subresources: ['status', 'scale'],
    template: () => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('rc'), spec: { replicas: 1, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec() } } }),
  },
  {
    prefix: '/api/v1', plural: 'services', namespaced: true, apiVersion: 'v1', kind: 'Service', name: 'svc', subresources: ['status'],
    template: () => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('svc'), spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
  },
  {
    prefix: '/api/v1', plural: 'endpoints', namespaced: true, apiVersion: 'v1', kind: 'Endpoints', name: 'svc', subresources: [],
    template: () => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta('svc'), subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'http', port: 80 }] }] }),
  },
  {
    prefix: '/apis/coordination.k8s.io/v1', plural: 'leases', namespaced: true, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name: 'lease', subresources: [],
    template: () => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('lease'), spec: { holderIdentity: 'me', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' } }),
  },
  {
    prefix: '/api/v1', plural: 'events', namespaced: true, apiVersion: 'v1', kind: 'Event', name: 'ev', subresources: [],
    template: () => ({ apiVersion: 'v1', kind: 'Event', metadata: meta('ev'), involvedObject: { kind: 'Pod', namespace: NS, name: 'web' }, reason: 'Fuzz', message: 'm', type: 'Normal', count: 1 }),
  },
  {
    prefix: '/api/v1', plural: 'nodes', namespaced: false, apiVersion: 'v1', kind: 'Node', name: 'fuzz-node', subresources: ['status'],
    template: () => ({
      apiVersion: 'v1', kind: 'Node', metadata: meta('fuzz-node', false, { 'kubernetes.io/hostname': 'fuzz-node' }),
      spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, addresses: [{ type: 'InternalIP', address: '10.0.0.9' }] },
    }),
  },
  {
    prefix: '/api/v1', plural: 'namespaces', namespaced: false, apiVersion: 'v1', kind: 'Namespace', name: 'fuzz-extra', subresources: ['status', 'finalize'],
    template: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('fuzz-extra', false) }),
  },
];

/** The resources whose plural is a segment of `path` (decoded where it decodes). */
function resourcesNamedBy(path: string): Resource[] {
  const segments = path.split('?')[0]!.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return RESOURCES.filter((r) => segments.includes(r.plural));
}

const collectionPath = (r: Resource, ns = NS) => (r.namespaced ? `${r.prefix}/namespaces/${ns}/${r.plural}` : `${r.prefix}/${r.plural}`);
const objectPath = (r: Resource, name = r.name, ns = NS) => `${collectionPath(r, ns)}/${encodeURIComponent(name)}`;
const KEEP_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', NS, 'fuzz-extra']);

/** Set when a write may have succeeded: fixtures are restored before the next case. */
let dirty = true;

async function json(r: Req): Promise<Record<string, unknown>> {
  const rep = await send(r);
  return JSON.parse(rep.body.toString()) as Record<string, unknown>;
}

/** Brings the world back to the fixtures: extra objects removed (finalizers first), fixtures (re)created. */
async function restore(): Promise<void> {
  if (!dirty) return;
  const nsRes = RESOURCES.find((r) => r.plural === 'namespaces')!;
  const nsObj = await send({ method: 'GET', path: `/api/v1/namespaces/${NS}` });
  const nsBody = nsObj.status === 200 ? (JSON.parse(nsObj.body.toString()) as { metadata: { deletionTimestamp?: string } }) : undefined;
  if (nsObj.status === 404 || nsBody?.metadata.deletionTimestamp) {
    await forceDelete(nsRes, NS);
    await send({ method: 'POST', path: '/api/v1/namespaces', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: NS } }) });
  }
  for (const r of RESOURCES) {
    const list = await json({ method: 'GET', path: r.namespaced ? `${r.prefix}/${r.plural}` : collectionPath(r) });
    const items = (list['items'] ?? []) as { metadata: { name: string; namespace?: string; deletionTimestamp?: string } }[];
    for (const o of items) {
      const { name, namespace = '' } = o.metadata;
      const fixture = r.plural === 'namespaces' ? KEEP_NAMESPACES.has(name) && name !== 'fuzz-extra' : false;
      const isFixture = name === r.name && (namespace === NS || !r.namespaced);
      if (fixture) continue;
      if (isFixture && !o.metadata.deletionTimestamp) continue;
      await forceDelete(r, name, namespace);
    }
    const got = await send({ method: 'GET', path: objectPath(r) });
    if (got.status === 404) {
      const created = await send({ method: 'POST', path: collectionPath(r), headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.template()) });
      if (created.status !== 201) throw new Error(`cannot restore ${r.plural}/${r.name}: ${created.status} ${created.body.toString()}`);
    }
  }
  dirty = false;
}

async function forceDelete(r: Resource, name: string, ns = NS): Promise<void> {
  const path = r.namespaced ? objectPath(r, name, ns) : objectPath(r, name);
  await send({ method: 'PATCH', path, headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"finalizers":null}}' });
  await send({ method: 'DELETE', path: `${path}?gracePeriodSeconds=0` });
}

/** Every object of a resource, across namespaces, as the bytes the server lists. */
async function snapshot(r: Resource): Promise<Map<string, string>> {
  const path = r.namespaced ? `${r.prefix}/${r.plural}` : collectionPath(r);
  const rep = await attempt({ method: 'GET', path });
  if (rep.status !== 200) throw new FuzzFailure(`listing ${path} answered ${rep.status}: ${rep.body.toString().slice(0, 300)}`);
  const list = JSON.parse(rep.body.toString()) as Record<string, unknown>;
  const out = new Map<string, string>();
  for (const o of (list['items'] ?? []) as { metadata: { name: string; namespace?: string } }[]) out.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, JSON.stringify(o));
  return out;
}

function sameSnapshot(before: Map<string, string>, after: Map<string, string>, r: Req, rep: Reply): void {
  const problems: string[] = [];
  for (const [k, v] of after) {
    if (!before.has(k)) problems.push(`${k} was created`);
    else if (before.get(k) !== v) problems.push(`${k} changed:\n    before ${before.get(k)!.slice(0, 300)}\n    after  ${v.slice(0, 300)}`);
  }
  for (const k of before.keys()) if (!after.has(k)) problems.push(`${k} was deleted`);
  if (problems.length) {
    throw new FuzzFailure(`a failed write (${rep.status}) changed storage: ${problems.join('; ')}\n  request: ${describeReq(r)}\n  answer: ${rep.body.toString().slice(0, 400)}`);
  }
}

/** A write: the answer is checked, and a failed one must leave the resource's objects untouched. */
async function write(r: Resource, req: Req): Promise<Reply> {
  const before = await snapshot(r);
  const rep = await attempt(req);
  checkReply(req, rep);
  if (rep.status >= 400) sameSnapshot(before, await snapshot(r), req, rep);
  else dirty = true;
  return rep;
}

// ---------------------------------------------------------------- generators

const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 31, -(2 ** 63), 1e21, '', ' ', 'x', '-1', '💥', '__proto__', 'a'.repeat(300), [], {}, [null], [[]], [{}], ['x'], { '': null }, { a: 1 }, { __proto__: null }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

interface Mutation {
  pick: number;
  key: number;
  op: 'set' | 'delete' | 'setChild';
  value: Json;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({ pick: fc.nat(), key: fc.nat(), op: fc.constantFrom<Mutation['op']>('set', 'set', 'setChild', 'delete'), value: nasty });

function containers(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: [Json, (string | number)[]][] = [[root, []]];
  while (queue.length && out.length < 300) {
    const [v, p] = queue.shift()!;
    if (v === null || typeof v !== 'object') continue;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, [...p, i]]));
    else for (const [k, x] of Object.entries(v)) queue.push([x, [...p, k]]);
  }
  return out;
}
const at = (root: Json, path: (string | number)[]): Json => path.reduce<Json>((v, k) => (v as Record<string, Json>)[k as string]!, root);

function mutate(root: Json, muts: readonly Mutation[]): Json {
  let obj = structuredClone(root);
  for (const mut of muts) {
    const value = structuredClone(mut.value);
    const paths = containers(obj);
    if (!paths.length) return value;
    const path = paths[mut.pick % paths.length]!;
    const target = at(obj, path) as Record<string, Json> | Json[];
    const keys = Object.keys(target);
    if (mut.op === 'setChild' || !keys.length) {
      if (Array.isArray(target)) target.push(value);
      else target[['metadata', 'spec', 'status', 'name', 'labels', 'x', 'containers', 'finalizers'][mut.key % 8]!] = value;
      continue;
    }
    const k = keys[mut.key % keys.length]!;
    if (!path.length && mut.key % 17 === 0) {
      obj = value;
      continue;
    }
    if (mut.op === 'delete') {
      if (Array.isArray(target)) target.splice(Number(k), 1);
      else delete target[k];
    } else (target as Record<string, Json>)[k] = value;
  }
  return obj;
}

/** A random position in a JSON text, cut there. */
const truncated = (text: string, at: number) => text.slice(0, at % Math.max(1, text.length));

function deepValue(depth: number, kind: number): string {
  const open = kind % 3 === 0 ? '[' : kind % 3 === 1 ? '{"a":' : '[{"b":';
  const close = kind % 3 === 0 ? ']' : kind % 3 === 1 ? '}' : '}]';
  return open.repeat(depth) + (kind % 3 === 0 ? '' : 'null') + close.repeat(depth);
}

/** Replaces the JSON value at a field of `obj` (given as text `PLACEHOLDER`) with raw text. */
function withRaw(obj: Json, path: string[], raw: string): string {
  const o = structuredClone(obj) as Record<string, Json>;
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object' || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, Json>;
  }
  cur[path[path.length - 1]!] = '\u0000PLACEHOLDER\u0000';
  return JSON.stringify(o).replace('"\\u0000PLACEHOLDER\\u0000"', raw);
}

const RAW_PLACES = [['x'], ['metadata', 'annotations', 'a'], ['metadata', 'labels'], ['spec', 'containers'], ['spec'], ['metadata', 'name'], ['spec', 'template', 'metadata', 'labels', 'app'], ['metadata', 'managedFields']];

const YAML_SPECIALS = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
  'metadata: {name: x}\n---\nmetadata: {name: y}\n',
  'metadata:\n  name: !!binary aGVsbG8=\n',
  'metadata:\n  name: x\n  labels:\n    a: 0x1F\n    b: .inf\n    c: ~\n    d: 2001-12-14\n    e: 0o14\n    f: yes\n',
  'metadata: {name: x}\nmetadata: {name: y}\n',
  '- a\n- b\n',
  '"just a string"',
  'key: [unclosed',
  '? [complex, key]\n: value\n',
  '!!set {a, b}',
  'metadata: !!map {name: !!str 1}\nspec: !!omap [a: 1]\n',
  '%YAML 1.2\n---\nmetadata: {name: x}\n',
  'a: !foo bar',
  '\t- tab',
  'metadata: &m {name: x, labels: *m}\n',
  'metadata: {name: x}\nspec: &s {containers: [*s]}\n',
];

interface Body {
  text: string | Buffer;
  contentType: string;
  what: string;
}

/** A request body for a create or update, based on `base`: from a valid object to garbage. */
function bodyArb(): fc.Arbitrary<(base: Json) => Body> {
  const ct = (c: string) => fc.oneof({ weight: 6, arbitrary: fc.constant(c) }, { weight: 1, arbitrary: fc.constantFrom('', 'application/json; charset=utf-8', 'application/yaml', 'text/plain', 'application/vnd.kubernetes.protobuf', 'application/merge-patch+json', 'garbage;;;=', '*/*', 'application/JSON') });
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.array(mutation, { maxLength: 4 }), ct('application/json')).map(([m, c]) => (base: Json) => ({ text: JSON.stringify(mutate(base, m)), contentType: c, what: 'mutated object' })) },
    { weight: 2, arbitrary: fc.tuple(fc.jsonValue(), ct('application/json')).map(([v, c]) => () => ({ text: JSON.stringify(v) ?? 'null', contentType: c, what: 'json of another shape' })) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))), fc.nat(), fc.boolean(), ct('application/json')).map(([s, cut, useCut, c]) => (base: Json) => ({
        text: useCut ? truncated(JSON.stringify(base), cut) : s,
        contentType: c,
        what: 'not json',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...RAW_PLACES), fc.constantFrom(1_000, 100_000, 1_000_000, 2_900_000, 3_200_000), fc.constantFrom('a', 'é', '\\u0000', '1')).map(([place, n, ch]) => (base: Json) => ({
        text: withRaw(base, place, `"${ch.repeat(ch === '\\u0000' ? n / 6 : n)}"`),
        contentType: 'application/json',
        what: `huge string (${n}) at ${place.join('.')}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...RAW_PLACES), fc.constantFrom(100, 5_000, 10_001, 50_000, 300_000), fc.nat()).map(([place, depth, kind]) => (base: Json) => ({
        text: withRaw(base, place, deepValue(depth, kind)),
        contentType: 'application/json',
        what: `nesting ${depth} deep at ${place.join('.')}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.array(mutation, { maxLength: 3 }), fc.constantFrom('application/yaml', 'application/x-yaml', 'text/yaml', 'application/yaml; charset=utf-8'), fc.nat(), fc.boolean()).map(([m, c, i, special]) => (base: Json) => ({
        text: special ? YAML_SPECIALS[i % YAML_SPECIALS.length]! : toYAML(mutate(base, m)),
        contentType: c,
        what: 'yaml',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('metadata', 'spec', 'kind', 'apiVersion'), nasty).map(([k, v]) => (base: Json) => {
        const text = JSON.stringify(base);
        return { text: `${text.slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(v)}}`, contentType: 'application/json', what: 'duplicate key' };
      }),
    },
  );
}

const int = fc.oneof(fc.constantFrom('0', '1', '-1', '30', '2147483648', '9223372036854775808', '1.5', '1e3', 'abc', '', ' 1', '0x10', 'NaN', 'Infinity'), fc.integer().map(String));
const word = fc.oneof(fc.constantFrom('', 'a', 'web', 'x'.repeat(70), 'é', 'a b', 'a,b', 'a=b', '!', '(', ')', 'in', 'notin', '%', '\u0000'), fc.string({ maxLength: 12 }));
const labelSelector = fc.oneof(
  fc.constantFrom('app=web', 'app!=web', 'app', '!app', 'app in (web,db)', 'app notin (web)', 'app=web,tier', 'a==b', 'a=b=c', 'a in', 'a in (', 'in (a)', 'a>1', 'a<2', 'a,,b', ',', '=', '!', 'x/y/z=1', `${'k'.repeat(64)}=v`, `a=${'v'.repeat(64)}`),
  fc.tuple(word, fc.constantFrom('=', '==', '!=', ' in ', ' notin ', '', '>', '<'), word).map(([k, op, v]) => `${k}${op}${op.includes('in') ? `(${v})` : v}`),
  fc.string({ maxLength: 40 }),
);
const fieldSelector = fc.oneof(
  fc.constantFrom('metadata.name=web', 'metadata.namespace!=fuzz', 'spec.nodeName=', 'status.phase=Running', 'spec.host=n', 'spec.unschedulable=true', 'involvedObject.kind=Pod', 'type=Normal', 'metadata.name==x', 'a=b', 'metadata.name', 'metadata.name in (a)', '=x', 'metadata.name=\\,', 'metadata.name=a\\'),
  fc.tuple(fc.constantFrom('metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'x', ''), fc.constantFrom('=', '==', '!=', ''), word).map(([k, op, v]) => `${k}${op}${v}`),
  fc.string({ maxLength: 40 }),
);
const rv = fc.oneof(fc.constantFrom('0', '1', '', '-1', '99999999', '18446744073709551616', 'abc', '1.5'), fc.nat().map(String));

/** Query parameters for any request; each is present or not. */
const queryArb = fc.record(
  {
    labelSelector,
    fieldSelector,
    limit: int,
    continue: fc.oneof(fc.constantFrom('', 'abc', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJ4In0', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiL3JlZ2lzdHJ5L3BvZHMvIn0='), fc.base64String({ maxLength: 60 })),
    resourceVersion: rv,
    resourceVersionMatch: fc.constantFrom('Exact', 'NotOlderThan', 'exact', 'x', ''),
    timeoutSeconds: int,
    fieldValidation: fc.constantFrom('Strict', 'Warn', 'Ignore', '', 'strict', 'x'),
    gracePeriodSeconds: int,
    propagationPolicy: fc.constantFrom('Orphan', 'Background', 'Foreground', '', 'x'),
    orphanDependents: fc.constantFrom('true', 'false', 'x'),
    dryRun: fc.constantFrom('All', 'all', 'x', ''),
    fieldManager: fc.oneof(fc.constantFrom('', 'fuzz', 'm'.repeat(200)), word),
    force: fc.constantFrom('true', 'false', 'x'),
    allowWatchBookmarks: fc.constantFrom('true', '1', 'x'),
    sendInitialEvents: fc.constantFrom('true', 'false'),
    includeObject: fc.constantFrom('None', 'Metadata', 'Object', 'x'),
    pretty: fc.constantFrom('true', '1'),
    container: word,
    tailLines: int,
    sinceSeconds: int,
    limitBytes: int,
  },
  { requiredKeys: [] },
);

function query(q: Record<string, string | undefined>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (v !== undefined) p.append(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const ACCEPTS = ['application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io', 'application/vnd.kubernetes.protobuf', 'application/yaml', 'text/html', '*/*', 'application/json;as=Table;g=bogus', 'application/json;q=0', '', ';;;'];

const resourceArb = fc.constantFrom(...RESOURCES);

// ---------------------------------------------------------------- the properties

beforeAll(async () => {
  api = await startApiserver();
  [host, port] = [api.httpsAddress.split(':')[0]!, Number(api.httpsAddress.split(':')[1])];
  agent = new https.Agent({ keepAlive: true, maxSockets: 32 });
  console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}${EXPLORE ? ' FUZZ_EXPLORE=1' : ''}`);
  await restore();
});

afterAll(async () => {
  agent?.destroy();
  await api?.stop();
  if (EXPLORE && failures.length) {
    console.log(`fuzz: ${failures.length} failures with seed ${SEED}`);
  }
});

/**
 * The server is stateful (and may have died), so a failing case is reported as found, not shrunk:
 * re-running smaller inputs against a changed or dead server would blame the wrong request. Each
 * property stops after its time budget, counting what ran.
 */
const params = (runs = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns: runs, endOnFailure: true, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: false });
const PROPERTY_TIMEOUT_MS = 90_000;

async function current(r: Resource): Promise<Json> {
  const rep = await send({ method: 'GET', path: objectPath(r) });
  return rep.status === 200 ? (JSON.parse(rep.body.toString()) as Json) : r.template();
}

describe('apiserver REST fuzzing', () => {
  it('creates and updates with malformed, mistyped, huge, deep and YAML bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(resourceArb, bodyArb()),
        fc.constantFrom('create', 'create', 'update', 'update', 'status', 'sub', 'otherNamespace', 'clusterWide', 'mismatchedName'),
        queryArb,
        fc.constantFrom('new-a', 'new-b', 'web', ''),
        async ([r, mkBody], target, q, newName) => {
          await fuzzCase(async () => {
            await restore();
            const base = target === 'create' || target === 'otherNamespace' || target === 'clusterWide' ? r.template() : await current(r);
            // New objects get a new name (or the fixture's, or none): a valid create may succeed.
            if (target === 'create') (base as Record<string, Record<string, Json>>)['metadata']!['name'] = newName;
            const b = mkBody(base);
            const qs = query({ dryRun: q.dryRun, fieldValidation: q.fieldValidation, fieldManager: q.fieldManager, pretty: q.pretty });
            let method = 'PUT';
            let path = objectPath(r);
            if (target === 'create') [method, path] = ['POST', collectionPath(r)];
            else if (target === 'otherNamespace') [method, path] = ['POST', collectionPath(r, 'nope')];
            else if (target === 'clusterWide') [method, path] = ['POST', `${r.prefix}/${r.plural}`];
            else if (target === 'status') path = `${objectPath(r)}/status`;
            else if (target === 'sub') [method, path] = [r.subresources.includes('binding') ? 'POST' : 'PUT', `${objectPath(r)}/${r.subresources[0] ?? 'status'}`];
            else if (target === 'mismatchedName') path = objectPath(r, 'other-name');
            await write(r, { method, path: path + qs, headers: { 'content-type': b.contentType }, body: b.text, timeoutMs: 20_000 });
          });
        },
      ),
      params(),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('patches of all four content types against existing objects', async () => {
    const jsonPointer = fc.oneof(
      fc.constantFrom('', '/', '/metadata', '/metadata/labels/app', '/metadata/labels/new', '/metadata/name', '/metadata/resourceVersion', '/metadata/finalizers/-', '/metadata/finalizers', '/spec', '/spec/replicas', '/spec/containers/0', '/spec/containers/-', '/spec/containers/99', '/spec/containers/0/image', '/spec/template/spec/containers/0/ports/0/containerPort', '/spec/selector', '/status', '/kind', '/apiVersion', '/a~1b', '/~2', '/metadata/labels/~0', 'metadata', '/spec/containers/-1', '/spec/containers/01'),
      fc.array(fc.oneof(fc.constantFrom('metadata', 'spec', 'labels', '0', '-', 'x', '~1', '~'), fc.string({ maxLength: 5 })), { maxLength: 4 }).map((s) => `/${s.join('/')}`),
    );
    const op = fc.record(
      { op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', ''), path: jsonPointer, from: jsonPointer, value: nasty },
      { requiredKeys: ['op', 'path'] },
    );
    const directive = fc.constantFrom<Json>(
      { $patch: 'replace' },
      { $patch: 'delete' },
      { $patch: 'merge' },
      { $patch: 'bogus' },
      { $retainKeys: ['a'] },
      { '$setElementOrder/containers': [{ name: 'main' }, { name: 'nope' }] },
      { '$deleteFromPrimitiveList/finalizers': ['x'] },
      { spec: { containers: [{ name: 'main', $patch: 'delete' }] } },
      { spec: { containers: [{ $patch: 'replace' }] } },
      { spec: { containers: [{ image: 'no-name-key' }] } },
      { metadata: { labels: { $patch: 'replace', a: 'b' } } },
      { spec: { template: { spec: { containers: [{ name: 'main', ports: [{ containerPort: 81 }] }] } } } },
    );
    const patchArb = fc.oneof(
      fc.record({ type: fc.constant('application/json-patch+json'), body: fc.oneof({ weight: 4, arbitrary: fc.array(op, { maxLength: 4 }) }, { weight: 1, arbitrary: nasty }) }),
      fc.record({ type: fc.constant('application/merge-patch+json'), body: fc.oneof(fc.tuple(fc.array(mutation, { maxLength: 4 }), fc.nat()).map(([m, n]) => ({ m, n })), nasty) }),
      fc.record({ type: fc.constant('application/strategic-merge-patch+json'), body: fc.oneof(fc.tuple(fc.array(mutation, { maxLength: 4 }), fc.nat()).map(([m, n]) => ({ m, n })), directive, nasty) }),
      fc.record({ type: fc.constant('application/apply-patch+yaml'), body: fc.tuple(fc.array(mutation, { maxLength: 3 }), fc.boolean(), fc.nat()).map(([m, yaml, n]) => ({ m, yaml, n })) }),
    );
    await fc.assert(
      fc.asyncProperty(
        resourceArb,
        patchArb,
        fc.constantFrom('', '', '', '/status', '/scale', '/missing'),
        queryArb,
        fc.constantFrom('', 'application/json-patch+json; charset=utf-8', 'application/json', 'text/plain'),
        fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }),
        async (r, p, sub, q, ctOverride, rawBody) => {
          await fuzzCase(async () => {
            await restore();
            const cur = await current(r);
            let body: string;
            const b = p.body as Json | { m: Mutation[]; n: number; yaml?: boolean };
            if (b && typeof b === 'object' && !Array.isArray(b) && 'm' in b && Array.isArray((b as { m: unknown }).m)) {
              const { m, n, yaml } = b as { m: Mutation[]; n: number; yaml?: boolean };
              let obj = mutate(cur, m);
              if (p.type !== 'application/apply-patch+yaml' && obj && typeof obj === 'object' && !Array.isArray(obj)) {
                // A merge patch names some of the fields: keep a few top-level keys.
                const keys = Object.keys(obj).filter((_, i) => (n >> i) & 1);
                obj = Object.fromEntries(keys.map((k) => [k, (obj as Record<string, Json>)[k]!]));
              }
              body = yaml ? toYAML(obj) : JSON.stringify(obj);
            } else body = JSON.stringify(b) ?? 'null';
            if (rawBody !== undefined) body = rawBody;
            const extra: Record<string, string> = p.type === 'application/apply-patch+yaml' && q.fieldManager === undefined ? { fieldManager: 'fuzz' } : {};
            const qs = query({ dryRun: q.dryRun, fieldValidation: q.fieldValidation, fieldManager: q.fieldManager, force: q.force }, extra);
            const path = sub === '/missing' ? objectPath(r, 'missing') : `${objectPath(r)}${sub}`;
            await write(r, { method: 'PATCH', path: path + qs, headers: { 'content-type': ctOverride && rawBody === undefined && p.type === 'application/json-patch+json' ? ctOverride : p.type }, body });
          });
        },
      ),
      params(),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('deletes with random options, preconditions and bodies', async () => {
    const deleteBody = fc.oneof(
      fc.constant(undefined),
      fc.record(
        { gracePeriodSeconds: nasty, propagationPolicy: fc.oneof(fc.constantFrom<Json>('Orphan', 'Foreground', 'Background', 'x'), nasty), preconditions: fc.oneof(fc.record({ uid: nasty, resourceVersion: nasty }, { requiredKeys: [] }), nasty), dryRun: fc.oneof(fc.constant<Json>(['All']), nasty), orphanDependents: nasty, apiVersion: fc.constantFrom<Json>('v1', 'meta.k8s.io/v1', 5), kind: fc.constantFrom<Json>('DeleteOptions', 'Pod', []) },
        { requiredKeys: [] },
      ).map((o) => JSON.stringify(o)),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(resourceArb, deleteBody, queryArb, fc.constantFrom('object', 'object', 'collection', 'missing', 'sub'), async (r, body, q, target) => {
        await fuzzCase(async () => {
          await restore();
          // A collection delete is kept to dry runs and selectors matching nothing, mostly: fixtures are restored anyway.
          const qs = query({ gracePeriodSeconds: q.gracePeriodSeconds, propagationPolicy: q.propagationPolicy, orphanDependents: q.orphanDependents, dryRun: q.dryRun, labelSelector: q.labelSelector, fieldSelector: q.fieldSelector, limit: q.limit, resourceVersion: q.resourceVersion });
          const path = target === 'collection' ? collectionPath(r) : target === 'missing' ? objectPath(r, 'missing') : target === 'sub' ? `${objectPath(r)}/status` : objectPath(r);
          await write(r, { method: 'DELETE', path: path + qs, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
        });
      }),
      params(Math.ceil(RUNS / 2)),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('reads with random selectors, query parameters and Accept headers', async () => {
    await fc.assert(
      fc.asyncProperty(resourceArb, queryArb, fc.constantFrom(...ACCEPTS), fc.constantFrom('list', 'list', 'get', 'allNamespaces', 'sub', 'watch'), async (r, q, accept, kind) => {
        await fuzzCase(async () => {
          let path = kind === 'get' ? objectPath(r) : kind === 'allNamespaces' ? `${r.prefix}/${r.plural}` : kind === 'sub' ? `${objectPath(r)}/${r.subresources[r.subresources.length - 1] ?? 'status'}` : collectionPath(r);
          const isWatch = kind === 'watch';
          // Watches here always carry a timeout small enough to wait for; see the watch property for more.
          const extra: Record<string, string> = isWatch ? { watch: 'true', timeoutSeconds: '1' } : {};
          if (isWatch && q.resourceVersion === undefined) q.resourceVersion = '0';
          path += query({ ...q, ...(isWatch ? { timeoutSeconds: undefined } : {}) }, extra);
          const req: Req = { method: 'GET', path, headers: accept ? { accept } : {}, timeoutMs: 8000 };
          const rep = await attempt(req);
          checkReply(req, rep);
          if (isWatch && rep.status === 200 && rep.ms > 5000) throw new FuzzFailure(`a watch with timeoutSeconds=1 took ${rep.ms} ms\n  request: ${describeReq(req)}`);
        });
      }),
      params(),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('watches end at their timeoutSeconds, whatever else they ask for', async () => {
    const watchArb = fc.record({ r: resourceArb, q: queryArb, accept: fc.constantFrom(...ACCEPTS), named: fc.boolean(), legacy: fc.boolean(), allNs: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(watchArb, { minLength: 1, maxLength: 8 }), async (batch) => {
        await fuzzCase(async () => {
          await Promise.all(
            batch.map(async ({ r, q, accept, named, legacy, allNs }) => {
              const base = legacy ? `${r.prefix}/watch/${allNs || !r.namespaced ? '' : `namespaces/${NS}/`}${r.plural}` : allNs ? `${r.prefix}/${r.plural}` : collectionPath(r);
              const path = `${base}${named ? `/${r.name}` : ''}${query({ labelSelector: q.labelSelector, fieldSelector: q.fieldSelector, resourceVersion: q.resourceVersion, allowWatchBookmarks: q.allowWatchBookmarks, sendInitialEvents: q.sendInitialEvents, limit: q.limit }, { watch: 'true', timeoutSeconds: '1' })}`;
              const req: Req = { method: 'GET', path, headers: accept ? { accept } : {}, timeoutMs: 6000 };
              const rep = await attempt(req);
              checkReply(req, rep);
            }),
          );
        });
      }),
      params(Math.max(4, Math.ceil(RUNS / 25))),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('random methods on random paths under valid prefixes', async () => {
    const segment = fc.oneof(
      fc.constantFrom('x', '', '.', '..', '%2F', '%2e%2e', '%00', '%zz', '%E0%A4%A', '%C3%A9', '~', '*', 'status', 'scale', 'binding', 'log', 'finalize', 'watch', 'namespaces', NS, 'pods', 'nodes', 'web', 'rs', 'fuzz-node', 'v1', 'v2', 'apps', 'a'.repeat(300), 'proxy', 'exec', 'attach', 'eviction', 'ephemeralcontainers', 'healthz', 'openapi'),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
    );
    const prefix = fc.constantFrom('/', '/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/apis/coordination.k8s.io/v1', '/apis/x.example.com/v1', `/api/v1/namespaces/${NS}`, `/api/v1/namespaces/${NS}/pods`, `/api/v1/namespaces/${NS}/pods/web`, '/api/v1/pods', '/api/v1/watch', '/api/v1/watch/namespaces', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1', '/openapi/v3/apis/apps/v1', '/version', '/healthz', '/livez', '/readyz', '/metrics', '/logs', '/apis/apps/v1/namespaces/fuzz/replicasets/rs', '/api/v1/nodes/fuzz-node', '/api/v1/namespaces/fuzz/status', '//', '/api//v1');
    const method = fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO');
    await fc.assert(
      fc.asyncProperty(method, prefix, fc.array(segment, { maxLength: 4 }), queryArb, fc.constantFrom(...ACCEPTS), fc.oneof(fc.constant(undefined), fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), fc.string({ maxLength: 40 })), fc.constantFrom('application/json', 'application/merge-patch+json', 'application/apply-patch+yaml', 'text/plain', ''), async (m, pre, segs, q, accept, body, ct) => {
        await fuzzCase(async () => {
          await restore();
          const path = `${pre}${segs.length ? `/${segs.join('/')}` : ''}${query({ ...q, timeoutSeconds: q.timeoutSeconds === undefined ? undefined : '1' }, m === 'GET' || m === 'HEAD' ? {} : { fieldManager: 'fuzz' })}`;
          const watchy = /[?&]watch=(true|1)/.test(path) || path.includes('/watch');
          const req: Req = { method: m, path, headers: { ...(accept ? { accept } : {}), ...(body !== undefined ? { 'content-type': ct } : {}) }, ...(body !== undefined ? { body } : {}), timeoutMs: 8000, ...(watchy && !/timeoutSeconds=1/.test(path) ? { readForMs: 1500 } : {}) };
          // A write can only land on a resource its path names: those collections are compared.
          const touched = m !== 'GET' && m !== 'HEAD' ? resourcesNamedBy(path) : [];
          const before = await Promise.all(touched.map(snapshot));
          const rep = await attempt(req);
          checkReply(req, rep);
          if (touched.length) {
            if (rep.status >= 400) {
              const after = await Promise.all(touched.map(snapshot));
              before.forEach((b, i) => sameSnapshot(b, after[i]!, req, rep));
            } else dirty = true;
          }
        });
      }),
      params(),
    );
  }, PROPERTY_TIMEOUT_MS);

  it('malformed request lines and headers', async () => {
    const cases = [
      `GET http://[::1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/namespaces/%E0%A4%A/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `OPTIONS * HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET https://example.com/api/v1/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET /healthz/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET /readyz/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `POST /api/v1/namespaces/${NS}/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n{}`,
      `POST /api/v1/namespaces/${NS}/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      `GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/pods?labelSelector=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nAccept: ${'a;'.repeat(5000)}\r\nConnection: close\r\n\r\n`,
      `FOO /api/v1/pods HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TOKEN\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n`,
    ];
    const problems: string[] = [];
    for (const raw of cases) {
      const data = raw.replace(/TOKEN/g, api.adminToken);
      const answer = await sendRaw(data).catch((e: Error) => `(connection error: ${e.message})`);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const firstLine = data.split('\r\n')[0];
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      let isStatus = false;
      try {
        const st = JSON.parse(body) as Record<string, unknown>;
        isStatus = st['kind'] === 'Status' && st['status'] === 'Failure' && st['code'] === status;
      } catch {
        // not JSON
      }
      if (!status) problems.push(`no answer to ${firstLine}: ${JSON.stringify(answer.slice(0, 200))}`);
      else if (status >= 500) problems.push(`${status} for ${firstLine}: ${JSON.stringify(answer.slice(0, 300))}`);
      else if (status >= 400 && !isStatus) problems.push(`an error answer that is not a Status Failure with the HTTP code, for ${firstLine}: ${JSON.stringify(answer.slice(0, 300))}`);
      try {
        await healthy();
      } catch (e) {
        problems.push(`the server died after ${firstLine}: ${(e as Error).message}`);
        await revive();
      }
    }
    if (EXPLORE) {
      for (const p of problems) console.log(`FAILURE (raw request): ${p}`);
    } else expect(problems).toEqual([]);
  });

  it('is still healthy at the end', async () => {
    await healthy();
  });
});
