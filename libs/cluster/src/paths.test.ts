import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appEnv, appMain } from './paths.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['KUBESIM_ROOT', 'KUBESIM_KUBELET_MAIN']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function fakeRoot(): { root: string; dist: string } {
  const root = mkdtempSync(join(tmpdir(), 'kubesim-paths-'));
  mkdirSync(join(root, 'proto'));
  const dist = join(root, 'apps', 'kubelet', 'dist');
  mkdirSync(dist, { recursive: true });
  process.env['KUBESIM_ROOT'] = root;
  return { root, dist };
}

describe('appMain', () => {
  it('runs the bundle while it is newer than every tsc build, else dist/main.js', () => {
    const { root, dist } = fakeRoot();
    try {
      writeFileSync(join(dist, 'main.js'), '');
      expect(appMain('kubelet')).toBe(join(dist, 'main.js'));
      writeFileSync(join(dist, 'kubelet.mjs'), '');
      expect(appMain('kubelet')).toBe(join(dist, 'kubelet.mjs'));
      // Rebuilt by tsc alone afterwards: the bundle is stale and not used.
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dist, 'main.js'), later, later);
      expect(appMain('kubelet')).toBe(join(dist, 'main.js'));
      // A library rebuilt by tsc after the bundle (its build info is newer): not used either.
      utimesSync(join(dist, 'kubelet.mjs'), later, later);
      expect(appMain('kubelet')).toBe(join(dist, 'kubelet.mjs'));
      mkdirSync(join(root, 'libs', 'kubelet', 'dist'), { recursive: true });
      writeFileSync(join(root, 'libs', 'kubelet', 'dist', 'tsconfig.tsbuildinfo'), '');
      const evenLater = new Date(Date.now() + 120_000);
      utimesSync(join(root, 'libs', 'kubelet', 'dist', 'tsconfig.tsbuildinfo'), evenLater, evenLater);
      expect(appMain('kubelet')).toBe(join(dist, 'main.js'));
      process.env['KUBESIM_KUBELET_MAIN'] = '/elsewhere/kubelet.mjs';
      expect(appMain('kubelet')).toBe('/elsewhere/kubelet.mjs');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says to build when nothing is built', () => {
    const { root } = fakeRoot();
    try {
      expect(() => appMain('kubelet')).toThrow(/main\.js is missing; run 'npm run build' first/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('appEnv', () => {
  it('gives kubelets one malloc arena unless the caller chose, and other apps the caller environment', () => {
    expect(appEnv('kubelet', { PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '1' });
    expect(appEnv('kubelet', { MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
    expect(appEnv('apiserver', { PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });
});
