import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kubesim checkout (or install) root: the folder holding apps/ and proto/. */
export function kubesimRoot(): string {
  if (process.env['KUBESIM_ROOT']) return process.env['KUBESIM_ROOT'];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'apps')) && existsSync(join(dir, 'proto'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('kubesim: cannot find its installation root; set KUBESIM_ROOT');
}

/** The built entry point of an app (apps/<name>/dist/main.js). */
export function appMain(app: string): string {
  const p = join(kubesimRoot(), 'apps', app, 'dist', 'main.js');
  if (!existsSync(p)) throw new Error(`kubesim: ${p} is missing; run 'npm run build' first`);
  return p;
}

/**
 * V8 flags for an app's node process: `KUBESIM_<APP>_NODE_OPTIONS` (e.g.
 * `KUBESIM_KUBELET_NODE_OPTIONS="--max-semi-space-size=4"`) or the default. Kubelets run one per
 * node and mostly wait on timers, pipes and sockets: they get a 1 MiB young generation and V8's lite
 * mode (no optimizing compiler, lazily allocated feedback), which measured ~10 MB less RSS and no more
 * CPU per pod (bench/pod-startup). Lite mode has no WebAssembly, so the kubelet must not use fetch();
 * --no-expose-wasm only silences V8's warning about that.
 */
export function nodeFlags(app: string): string[] {
  const env = process.env[`KUBESIM_${app.toUpperCase().replace(/-/g, '_')}_NODE_OPTIONS`];
  if (env !== undefined) return env.split(/\s+/).filter(Boolean);
  return app === 'kubelet' ? ['--max-semi-space-size=1', '--lite-mode', '--no-expose-wasm'] : [];
}

/** The arguments after `node` that start an app: its V8 flags, then its entry point. */
export function appCommand(app: string): string[] {
  return [...nodeFlags(app), appMain(app)];
}
