// writeKubeconfig / mergeKubeconfig with real files, read back by the yaml parser and by kubectl.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultKubeconfigPath, mergeKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { ensurePKI } from './pki.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'kubesim-kubeconfig-'));
const cacheDir = join(root, 'kubectl-cache');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** kubectl with only the given kubeconfig (no ~/.kube/config, no $KUBECONFIG) and a private cache. */
async function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  const env = { ...process.env, HOME: root, KUBECONFIG: '' };
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { env, timeout: 30_000 });
  return stdout;
}

const pki = ensurePKI(join(root, 'state'), {});
const mode = (file: string) => statSync(file).mode & 0o777;

const OTHER = `# my clusters
apiVersion: v1
kind: Config
preferences:
  colors: true
clusters:
  - name: kind-dev
    cluster:
      server: https://127.0.0.1:40000
      insecure-skip-tls-verify: true
  - name: kubesim
    cluster:
      server: https://127.0.0.1:1   # stale
users:
  - name: kind-dev
    user:
      token: dev-token
  - name: kubesim-admin
    user:
      token: stale-token
contexts:
  - name: kind-dev
    context:
      cluster: kind-dev
      user: kind-dev
      namespace: team-a
  - name: kubesim
    context:
      cluster: kubesim
      user: kubesim-admin
current-context: kind-dev
extensions: []
`;

describe('writeKubeconfig', () => {
  it('writes cluster, user and context "kubesim" with the CA data and token, mode 0600', async () => {
    const file = join(root, 'written', 'kubeconfig');
    writeKubeconfig(file, { server: 'https://127.0.0.1:6443', caPEM: pki.caPEM, token: 'secret-token', name: 'kubesim' });
    expect(mode(file)).toBe(0o600);
    const cfg = parse(readFileSync(file, 'utf8'));
    expect(cfg).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'kubesim', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': expect.any(String) } }],
      users: [{ name: 'kubesim-admin', user: { token: 'secret-token' } }],
      contexts: [{ name: 'kubesim', context: { cluster: 'kubesim', user: 'kubesim-admin', namespace: 'default' } }],
      'current-context': 'kubesim',
    });
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(pki.caPEM);

    // Rewriting (new port) replaces the file and tightens a loosened mode.
    writeFileSync(file, 'x', { mode: 0o644 });
    writeKubeconfig(file, { server: 'https://127.0.0.1:7443', caPEM: pki.caPEM, token: 'secret-token' });
    expect(mode(file)).toBe(0o600);
    expect(parse(readFileSync(file, 'utf8')).clusters[0].cluster.server).toBe('https://127.0.0.1:7443');

    const view = JSON.parse(await kubectl(file, ['config', 'view', '--minify', '--raw', '-o', 'json']));
    expect(view['current-context']).toBe('kubesim');
    expect(view.contexts).toEqual([{ name: 'kubesim', context: { cluster: 'kubesim', user: 'kubesim-admin', namespace: 'default' } }]);
    expect(view.clusters[0].cluster.server).toBe('https://127.0.0.1:7443');
    expect(view.users[0].user.token).toBe('secret-token');
  });

  it('is a kubeconfig kubectl uses: it trusts the serving certificate and sends the token', async () => {
    const seen: string[] = [];
    const server = createServer({ cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile) }, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-kubesim', platform: 'linux/amd64' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(root, 'tls', 'kubeconfig');
      writeKubeconfig(file, { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPEM: pki.caPEM, token: 'tls-token' });
      // Go's crypto/x509 (stricter than Node's) verifies the chain and the IP SAN.
      const version = JSON.parse(await kubectl(file, ['version', '-o', 'json', '--request-timeout', '10s']));
      expect(version.serverVersion.gitVersion).toBe('v1.32.0-kubesim');
      expect(seen).toContain('GET /version?timeout=10s Bearer tls-token');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('mergeKubeconfig', () => {
  const source = join(root, 'source', 'kubeconfig');
  writeKubeconfig(source, { server: 'https://127.0.0.1:6443', caPEM: pki.caPEM, token: 'fresh-token', name: 'kubesim' });

  it('creates the target (and its folder) when missing', async () => {
    const target = join(root, 'home1', '.kube', 'config');
    expect(mergeKubeconfig(target, source)).toEqual({ path: target, currentContext: 'kubesim' });
    expect(mode(target)).toBe(0o600);
    expect(parse(readFileSync(target, 'utf8'))).toEqual(parse(readFileSync(source, 'utf8')));
    const view = JSON.parse(await kubectl(target, ['config', 'view', '--minify', '-o', 'json']));
    expect(view.contexts[0].name).toBe('kubesim');
  });

  it('replaces the kubesim cluster, user and context, keeps everything else, and makes kubesim current', async () => {
    const target = join(root, 'home2', '.kube', 'config');
    mkdirSync(join(root, 'home2', '.kube'), { recursive: true });
    writeFileSync(target, OTHER, { mode: 0o644 });

    mergeKubeconfig(target, source);
    const text = readFileSync(target, 'utf8');
    const cfg = parse(text);
    expect(mode(target)).toBe(0o600);
    expect(text).toContain('# my clusters'); // comments survive
    expect(cfg.preferences).toEqual({ colors: true });
    expect(cfg.extensions).toEqual([]);
    expect(cfg['current-context']).toBe('kubesim');
    expect(cfg.clusters.map((c: { name: string }) => c.name)).toEqual(['kind-dev', 'kubesim']);
    expect(cfg.users.map((c: { name: string }) => c.name)).toEqual(['kind-dev', 'kubesim-admin']);
    expect(cfg.contexts.map((c: { name: string }) => c.name)).toEqual(['kind-dev', 'kubesim']);
    const old = parse(OTHER);
    expect(cfg.clusters[0]).toEqual(old.clusters[0]);
    expect(cfg.users[0]).toEqual(old.users[0]);
    expect(cfg.contexts[0]).toEqual(old.contexts[0]);
    expect(cfg.clusters[1].cluster.server).toBe('https://127.0.0.1:6443');
    expect(cfg.users[1].user).toEqual({ token: 'fresh-token' });
    expect(cfg.contexts[1].context).toEqual({ cluster: 'kubesim', user: 'kubesim-admin', namespace: 'default' });

    // Idempotent: merging again changes nothing.
    mergeKubeconfig(target, source);
    expect(readFileSync(target, 'utf8')).toBe(text);

    const view = JSON.parse(await kubectl(target, ['config', 'view', '--minify', '-o', 'json']));
    expect(view['current-context']).toBe('kubesim');
    expect(view.contexts).toEqual([{ name: 'kubesim', context: { cluster: 'kubesim', user: 'kubesim-admin', namespace: 'default' } }]);
    expect(view.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    const contexts = await kubectl(target, ['config', 'get-contexts', '-o', 'name']);
    expect(contexts.trim().split('\n').sort()).toEqual(['kind-dev', 'kubesim']);
  });

  it('refuses to overwrite a file that is not a kubeconfig', () => {
    const target = join(root, 'bad.yaml');
    writeFileSync(target, '- just\n- a list\n');
    expect(() => mergeKubeconfig(target, source)).toThrow(/not a kubeconfig/);
    writeFileSync(target, 'clusters: {a: 1}\n');
    expect(() => mergeKubeconfig(target, source)).toThrow(/"clusters" is not a list/);
    writeFileSync(target, 'a: [\n');
    expect(() => mergeKubeconfig(target, source)).toThrow(/not valid YAML/);
    expect(readFileSync(target, 'utf8')).toBe('a: [\n');
  });

  it('defaults to the first entry of $KUBECONFIG, else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: ['/tmp/a/config', '/tmp/b/config'].join(delimiter) })).toBe('/tmp/a/config');
    expect(defaultKubeconfigPath({ KUBECONFIG: `${delimiter}/tmp/c/config` })).toBe('/tmp/c/config');
    expect(defaultKubeconfigPath({})).toBe(join(homedir(), '.kube', 'config'));
    expect(existsSync(source)).toBe(true);
  });
});
