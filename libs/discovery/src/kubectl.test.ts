/**
 * The discovery and OpenAPI documents against the real kubectl binaries (1.27 and 1.33, the ends
 * of the supported range), served by a small fake apiserver that answers everything else with a
 * few canned pod responses.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESOURCES, groupVersion } from '@kubesim/api';
import {
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
  openapiV2,
  openapiV3Body,
  openapiV3Root,
  strictDecodingErrors,
  strictDecodingMessage,
  version,
  warningHeader,
} from './index.js';

function kubectlDir(): string | undefined {
  try {
    const kubectl = execFileSync('which', ['kubectl'], { encoding: 'utf8' }).trim();
    const dir = dirname(realpathSync(kubectl));
    return existsSync(join(dir, 'kubectl.1.33')) && existsSync(join(dir, 'kubectl.1.27')) ? dir : undefined;
  } catch {
    return undefined;
  }
}
const KUBECTL_DIR = kubectlDir();

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  accept: string;
  contentType: string;
  body: string;
}

/** Just enough of an apiserver: discovery, openapi, and create/get/patch of namespaced objects. */
class FakeApiserver {
  readonly requests: Recorded[] = [];
  readonly objects = new Map<string, Record<string, any>>();
  /** Answer /api and /apis with legacy discovery whatever the Accept header says. */
  legacyOnly = false;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString()));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const u = new URL(req.url!, this.url);
    const path = u.pathname;
    const accept = req.headers.accept ?? '';
    this.requests.push({ method: req.method!, path, query: u.searchParams, accept, contentType: req.headers['content-type'] ?? '', body });
    const send = (code: number, contentType: string, payload: Buffer | string, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(code, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', ...headers });
      res.end(payload);
    };
    const json = (code: number, obj: unknown, headers: Record<string, string | string[]> = {}) =>
      send(code, 'application/json', JSON.stringify(obj), headers);
    const status = (code: number, reason: string, message: string) =>
      json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

    if (path === '/version') return json(200, version());
    if (path === '/api' || path === '/apis') {
      const negotiated = this.legacyOnly ? undefined : negotiateDiscovery(accept);
      if (negotiated) return send(200, negotiated.contentType, JSON.stringify(aggregatedDiscovery(path === '/api' ? 'core' : 'apis', negotiated.version)));
      return json(200, path === '/api' ? apiVersions(u.host) : apiGroupList());
    }
    const gv = path === '/api/v1' ? 'v1' : /^\/apis\/[^/]+\/[^/]+$/.test(path) ? path.slice('/apis/'.length) : undefined;
    if (gv) {
      const list = apiResourceList(gv);
      return list ? json(200, list) : status(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (path === '/openapi/v2') {
      const doc = openapiV2(accept);
      return send(200, doc.contentType, doc.body);
    }
    if (path === '/openapi/v3') return json(200, openapiV3Root());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiV3Body(path.slice('/openapi/v3/'.length));
      return doc ? send(200, doc.contentType, doc.body) : status(404, 'NotFound', 'the server could not find the requested resource');
    }
    const m = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    const r = m && RESOURCES.find((x) => (x.group ? `apis/${groupVersion(x)}` : `api/${x.version}`) === m[1] && x.resource === m[3]);
    if (!m || !r) return status(404, 'NotFound', 'the server could not find the requested resource');
    const [, , namespace, , name] = m;
    const apiVersion = groupVersion(r);
    const key = `${r.resource}/${namespace}/${name}`;
    if (req.method === 'GET' && name) {
      const obj = this.objects.get(key);
      return obj ? json(200, obj) : status(404, 'NotFound', `${r.resource}${r.group ? `.${r.group}` : ''} "${name}" not found`);
    }
    if (req.method === 'POST' && !name) {
      const errors = strictDecodingErrors(apiVersion, r.kind, body);
      const validation = u.searchParams.get('fieldValidation');
      if (validation === 'Strict' && errors.length > 0) return status(400, 'BadRequest', strictDecodingMessage(apiVersion, r.kind, errors));
      const obj = JSON.parse(body);
      obj.metadata = { ...obj.metadata, namespace, uid: `uid-${this.objects.size}`, resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' };
      this.objects.set(`${r.resource}/${namespace}/${obj.metadata.name}`, obj);
      return json(201, obj, validation === 'Warn' && errors.length > 0 ? { Warning: errors.map(warningHeader) } : {});
    }
    if (req.method === 'PATCH' && name && this.objects.has(key)) {
      // Enough of a strategic merge for kubectl's next apply: take the new last-applied annotation.
      const obj = this.objects.get(key)!;
      const patch = JSON.parse(body);
      obj.metadata.annotations = { ...obj.metadata.annotations, ...patch.metadata?.annotations };
      return json(200, obj);
    }
    return status(405, 'MethodNotAllowed', 'not supported by this fake');
  }
}

describe.skipIf(!KUBECTL_DIR)('real kubectl', () => {
  const server = new FakeApiserver();
  let dir = '';
  let kubeconfig = '';
  let runs = 0;

  beforeAll(async () => {
    await server.start();
    dir = mkdtempSync(join(tmpdir(), 'kubesim-discovery-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: fake\n  cluster:\n    server: ${server.url}`,
        'users:',
        '- name: fake\n  user: {}',
        'contexts:',
        '- name: fake\n  context:\n    cluster: fake\n    user: fake\n    namespace: default',
        'current-context: fake',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.objects.clear();
    server.legacyOnly = false;
  });

  /** Runs `kubectl.<v>` with a fresh discovery cache; resolves with its exit code and output. */
  function kubectl(v: '1.27' | '1.33', ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const cacheDir = join(dir, `cache-${runs++}`);
    return new Promise((resolve) => {
      execFile(
        join(KUBECTL_DIR!, `kubectl.${v}`),
        ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
        { timeout: 15_000, env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  function manifest(name: string, container: Record<string, unknown>): string {
    return write(`${name}-${runs}.json`, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [container] } });
  }

  function write(file: string, obj: unknown): string {
    writeFileSync(join(dir, file), JSON.stringify(obj));
    return join(dir, file);
  }

  const ROWS = [
    /^endpoints\s+ep\s+v1\s+true\s+Endpoints$/m,
    /^events\s+ev\s+v1\s+true\s+Event$/m,
    /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m,
    /^nodes\s+no\s+v1\s+false\s+Node$/m,
    /^pods\s+po\s+v1\s+true\s+Pod$/m,
    /^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController$/m,
    /^services\s+svc\s+v1\s+true\s+Service$/m,
    /^replicasets\s+rs\s+apps\/v1\s+true\s+ReplicaSet$/m,
    /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
  ];

  it.each([
    ['1.27', 'v2beta1'],
    ['1.33', 'v2'],
  ] as const)('kubectl %s api-resources reads aggregated discovery %s', async (v, discovery) => {
    const { code, stdout, stderr } = await kubectl(v, 'api-resources');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
    for (const row of ROWS) expect(stdout).toMatch(row);
    expect(stdout.trim().split('\n')).toHaveLength(ROWS.length + 1); // no subresources, nothing else
    const apis = server.requests.find((r) => r.path === '/apis')!;
    expect(negotiateDiscovery(apis.accept)?.version).toBe(discovery);
    expect(server.requests.some((r) => r.path === '/api/v1')).toBe(false);
  });

  it('kubectl 1.33 api-resources falls back to legacy discovery', async () => {
    server.legacyOnly = true;
    const { code, stdout } = await kubectl('1.33', 'api-resources');
    expect(code).toBe(0);
    for (const row of ROWS) expect(stdout).toMatch(row);
    const paths = server.requests.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1', '/apis/apps/v1', '/apis/coordination.k8s.io/v1']));
  });

  it('kubectl api-versions', async () => {
    const { code, stdout } = await kubectl('1.33', 'api-versions');
    expect(code).toBe(0);
    expect(stdout).toBe('apps/v1\ncoordination.k8s.io/v1\nv1\n');
  });

  it('kubectl 1.33 explain pods.spec.containers', async () => {
    const { code, stdout, stderr } = await kubectl('1.33', 'explain', 'pods.spec.containers');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n+DESCRIPTION:\n\s+List of containers belonging to the pod\./);
    expect(stdout).toMatch(/^ {2}image\t<string>$/m);
    expect(stdout).toMatch(/^ {2}name\t<string> -required-$/m);
    expect(stdout).toMatch(/^ {2}ports\t<\[\]ContainerPort>$/m);
    expect(stdout).toMatch(/^ {2}resources\t<ResourceRequirements>$/m);
    expect(stdout).toMatch(/^ {2}livenessProbe\t<Probe>$/m);
  });

  it('kubectl 1.33 explain a field of a named group', async () => {
    const { code, stdout } = await kubectl('1.33', 'explain', 'rs.spec.selector');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+ReplicaSet\nVERSION:\s+v1\n\nFIELD: selector <LabelSelector>/);
    expect(stdout).toMatch(/^ {2}matchLabels\t<map\[string\]string>$/m);
  });

  it.each(['1.27', '1.33'] as const)('kubectl %s create leaves validation to the server (Strict)', async (v) => {
    const bad = await kubectl(v, 'create', '-f', manifest('bad', { name: 'c', image: 'nginx', imagee: 'typo' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'Error from server (BadRequest): error when creating "' +
        join(dir, `bad-${runs - 1}.json`) +
        '": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    );
    const good = await kubectl(v, 'create', '-f', manifest('good', { name: 'c', image: 'nginx' }));
    expect(good.stderr).toBe('');
    expect(good.stdout).toBe('pod/good created\n');
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.query.get('fieldValidation'))).toEqual(['Strict', 'Strict']);
  });

  it.each(['1.27', '1.33'] as const)('kubectl %s create --validate=warn prints the server warning', async (v) => {
    const { code, stdout, stderr } = await kubectl(v, 'create', '--validate=warn', '-f', manifest('warned', { name: 'c', imagee: 'typo' }));
    expect(code).toBe(0);
    expect(stdout).toBe('pod/warned created\n');
    // No "cannot perform warn validation if server-side field validation is unsupported".
    expect(stderr).toBe('Warning: unknown field "spec.containers[0].imagee"\n');
  });

  it.each(['1.27', '1.33'] as const)('kubectl %s apply twice computes a strategic merge patch', async (v) => {
    const first = await kubectl(v, 'apply', '-f', manifest('applied', { name: 'c1', image: 'busybox:1.36' }));
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('pod/applied created\n');
    const second = await kubectl(v, 'apply', '-f', manifest('applied', { name: 'c1', image: 'busybox:1.37' }));
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('pod/applied configured\n');
    const patch = server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.contentType).toBe('application/strategic-merge-patch+json');
    expect(patch.query.get('fieldValidation')).toBe('Strict');
    expect(JSON.parse(patch.body).spec).toEqual({
      '$setElementOrder/containers': [{ name: 'c1' }],
      containers: [{ image: 'busybox:1.37', name: 'c1' }],
    });
  });

  it.each(['1.27', '1.33'] as const)('kubectl %s apply of an apps/v1 ReplicaSet merges template containers by name', async (v) => {
    const rs = (image: string, env: { name: string; value: string }[]) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'frontend', labels: { tier: 'frontend' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { tier: 'frontend' } },
        template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'a', image, env, ports: [{ containerPort: 80 }] }] } },
      },
    });
    const first = await kubectl(v, 'apply', '-f', write('rs1.json', rs('nginx:1.25', [{ name: 'X', value: '1' }])));
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('replicaset.apps/frontend created\n');
    const second = await kubectl(v, 'apply', '-f', write('rs2.json', rs('nginx:1.26', [{ name: 'Y', value: '2' }])));
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('replicaset.apps/frontend configured\n');
    const patch = server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe('/apis/apps/v1/namespaces/default/replicasets/frontend');
    expect(patch.query.get('fieldValidation')).toBe('Strict');
    expect(JSON.parse(patch.body).spec.template.spec).toEqual({
      '$setElementOrder/containers': [{ name: 'a' }],
      containers: [{ '$setElementOrder/env': [{ name: 'Y' }], env: [{ name: 'Y', value: '2' }, { $patch: 'delete', name: 'X' }], image: 'nginx:1.26', name: 'a' }],
    });
  });

  it('kubectl 1.27 rejects an unknown field of a ReplicaSet through the server', async () => {
    const bad = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'bad' }, spec: { replicas: 1, selectr: {} } };
    const { code, stderr } = await kubectl('1.27', 'create', '-f', write('rs-bad.json', bad));
    expect(code).toBe(1);
    expect(stderr).toContain('ReplicaSet in version "v1" cannot be handled as a ReplicaSet: strict decoding error: unknown field "spec.selectr"');
  });

  it('kubectl api-resources --categories=all lists what `get all` reads', async () => {
    const { stdout } = await kubectl('1.33', 'api-resources', '--categories=all', '-o', 'name');
    expect(stdout).toBe('pods\nreplicationcontrollers\nservices\nreplicasets.apps\n');
  });
});
