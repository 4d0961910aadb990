import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '@kubesim/api';
import { FakeClock } from '../clock.js';
import { IMAGES_DIR, ImageCatalog, PERL, containerArgv, defaultImageCatalog, loadImageCatalogFile, resolveImage } from './catalog.js';
import { ImageManager } from './puller.js';
import { parseImageReference } from './reference.js';

describe('image references', () => {
  it('normalises like containerd', () => {
    expect(parseImageReference('nginx')?.normalized).toBe('docker.io/library/nginx:latest');
    expect(parseImageReference('luksa/kubia:v1')?.normalized).toBe('docker.io/luksa/kubia:v1');
    expect(parseImageReference('registry.k8s.io/goproxy:0.1')).toMatchObject({ domain: 'registry.k8s.io', path: 'goproxy', tag: '0.1' });
    expect(parseImageReference('localhost:5000/app')?.repository).toBe('localhost:5000/app');
    expect(parseImageReference('Bad Image')).toBeUndefined();
  });
});

describe('built-in catalog', () => {
  const cases: [string, string][] = [
    ['luksa/kubia', 'kubia.pl'],
    ['kubia', 'kubia.pl'],
    ['docker.io/luksa/kubia:v2', 'kubia.pl'],
    ['luksa/kubia-unhealthy', 'kubia-unhealthy.pl'],
    ['ghcr.io/c1t1d0s7/go-myweb:alpine', 'myweb.pl'],
    ['c1t1d0s7/myweb', 'myweb.pl'],
    ['nginx:1.25', 'nginx.pl'],
    ['polinux/stress', 'stress.mjs'],
    ['registry.k8s.io/goproxy:0.1', 'goproxy.pl'],
    ['k8s.gcr.io/liveness', 'liveness.pl'],
    ['registry.k8s.io/liveness', 'liveness.pl'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.40', 'agnhost.pl'],
  ];
  it.each(cases)('%s runs %s', (image, file) => {
    const r = resolveImage(image, new ImageCatalog());
    expect(r).toBeDefined();
    const argv = containerArgv(r!, undefined, undefined);
    expect(argv.some((a) => a === path.join(IMAGES_DIR, file))).toBe(true);
    // The program exists, and the Perl ones run with the catalog's perl.
    expect(fs.existsSync(path.join(IMAGES_DIR, file))).toBe(true);
    if (file.endsWith('.pl')) expect(argv[0]).toBe(PERL);
    expect(r!.imageID).toMatch(/^[a-z0-9.]+\/[a-z0-9/_.-]+@sha256:[0-9a-f]{64}$/);
  });

  it('reports containerd names and stable image IDs', () => {
    const r = resolveImage('luksa/kubia', new ImageCatalog())!;
    expect(r.name).toBe('docker.io/luksa/kubia:latest');
    expect(r.imageID).toMatch(/^docker\.io\/luksa\/kubia@sha256:[0-9a-f]{64}$/);
    expect(resolveImage('luksa/kubia', new ImageCatalog())!.imageID).toBe(r.imageID);
  });

  it('applies command/args like Kubernetes: command replaces ENTRYPOINT, args replace CMD', () => {
    const cat = new ImageCatalog();
    const busybox = cat.resolve('busybox')!;
    expect(containerArgv(busybox, undefined, undefined)).toEqual(['sh']);
    expect(containerArgv(busybox, ['sleep', '3600'], undefined)).toEqual(['sleep', '3600']);
    expect(containerArgv(busybox, undefined, ['sleep', '1'])).toEqual(['sleep', '1']);
    const agn = cat.resolve('registry.k8s.io/e2e-test-images/agnhost:2.40')!;
    expect(containerArgv(agn, undefined, ['liveness'])).toEqual([PERL, path.join(IMAGES_DIR, 'agnhost.pl'), 'liveness']);
    const stress = cat.resolve('polinux/stress')!;
    expect(containerArgv(stress, ['stress'], ['--vm', '1'])).toEqual([process.execPath, path.join(IMAGES_DIR, 'stress.mjs'), '--vm', '1']);
    const nginx = cat.resolve('nginx')!;
    expect(containerArgv(nginx, ['sh', '-c', 'echo hi'], undefined)).toEqual(['sh', '-c', 'echo hi']);
    const live = cat.resolve('k8s.gcr.io/liveness')!;
    expect(containerArgv(live, undefined, ['/server'])).toEqual([PERL, path.join(IMAGES_DIR, 'liveness.pl')]);
    const kubia = cat.resolve('luksa/kubia:v3')!;
    expect(containerArgv(kubia, undefined, undefined)).toEqual([PERL, path.join(IMAGES_DIR, 'kubia.pl'), '--kubesim-tag=v3']);
    expect(containerArgv(nginx, ['nginx', '-g', 'daemon off;'], undefined)).toEqual([PERL, path.join(IMAGES_DIR, 'nginx.pl'), '--kubesim-tag=latest', '--kubesim-no-entrypoint', 'nginx', '-g', 'daemon off;']);
  });

  it('does not know other images', () => {
    expect(resolveImage('example.com/nope:1', new ImageCatalog())).toBeUndefined();
    expect(resolveImage('redis', new ImageCatalog())).toBeUndefined();
  });
});

describe('user catalog', () => {
  it('loads YAML, resolves relative paths, and wins over built-ins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-cat-'));
    try {
      const file = path.join(dir, 'catalog.yaml');
      fs.writeFileSync(
        file,
        [
          'images:',
          '  - name: example.com/team/app',
          '    command: ["node", "./app.mjs"]',
          '    args: ["--port", "9000"]',
          '    env: { GREETING: hello }',
          '  - names: ["redis:7*", "redis"]',
          '    args: ["sleep", "1000"]',
        ].join('\n'),
      );
      const defs = loadImageCatalogFile(file);
      expect(defs[0]).toMatchObject({ names: ['example.com/team/app'], command: ['node', path.join(dir, 'app.mjs')], defaultArgs: ['--port', '9000'], env: { GREETING: 'hello' } });
      const cat = defaultImageCatalog(file);
      expect(containerArgv(cat.resolve('example.com/team/app:v3')!, undefined, undefined)).toEqual(['node', path.join(dir, 'app.mjs'), '--port', '9000']);
      expect(cat.resolve('redis')).toBeDefined();
      expect(cat.resolve('nginx')).toBeDefined();
      const json = path.join(dir, 'c.json');
      fs.writeFileSync(json, JSON.stringify({ 'nginx': { command: ['sleep', '5'] } }));
      expect(containerArgv(defaultImageCatalog(json).resolve('nginx:1.25')!, undefined, undefined)).toEqual(['sleep', '5']);
      fs.writeFileSync(path.join(dir, 'bad.yaml'), 'images:\n  - command: [x]\n');
      expect(() => loadImageCatalogFile(path.join(dir, 'bad.yaml'))).toThrow(/name is required/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ImageManager', () => {
  const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'uid-1' }, spec: { containers: [] } };
  it('pulls catalog images and reports ErrImagePull then ImagePullBackOff for others', async () => {
    const clock = new FakeClock();
    const m = new ImageManager({ clock, catalog: new ImageCatalog() });
    const ok = await m.ensureImageExists(pod, { name: 'c', image: 'luksa/kubia' });
    expect(ok.ok).toBe(true);
    expect(ok.events.map((e) => e.reason)).toEqual(['Pulling', 'Pulled']);
    expect(ok.events[1]!.message).toMatch(/^Successfully pulled image "luksa\/kubia" in \S+ \(\S+ including waiting\)\. Image size: \d+ bytes\.$/);
    const again = await m.ensureImageExists(pod, { name: 'c', image: 'nginx:1.25' });
    expect(again.ok).toBe(true);
    const present = await m.ensureImageExists(pod, { name: 'c', image: 'nginx:1.25' });
    expect(present.events).toEqual([{ type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.25" already present on machine' }]);

    const bad = await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' });
    expect(bad).toMatchObject({ ok: false, reason: 'ErrImagePull' });
    expect(bad.events.map((e) => `${e.reason}: ${e.message}`)).toContain('Failed: Error: ErrImagePull');
    const backoff = await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' });
    expect(backoff).toMatchObject({ ok: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "nosuch/image:1"' });
    clock.advance(10_000);
    expect((await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' })).ok).toBe(false);
    const r = await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' });
    expect(r).toMatchObject({ reason: 'ImagePullBackOff' });
    clock.advance(19_999);
    expect((await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' })) ).toMatchObject({ reason: 'ImagePullBackOff' });
    clock.advance(1);
    expect((await m.ensureImageExists(pod, { name: 'c', image: 'nosuch/image:1' })) ).toMatchObject({ reason: 'ErrImagePull' });
    const never = await m.ensureImageExists(pod, { name: 'c', image: 'busybox', imagePullPolicy: 'Never' });
    expect(never).toMatchObject({ ok: false, reason: 'ErrImageNeverPull', message: 'Container image "busybox" is not present with pull policy of Never' });
  });
});
