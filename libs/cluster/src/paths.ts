import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** The name of an app's environment override: KUBESIM_<APP>_<what> (`kubelet`, `MAIN` → KUBESIM_KUBELET_MAIN). */
function appVar(app: string, what: string): string {
  return `KUBESIM_${app.toUpperCase().replace(/-/g, '_')}_${what}`;
}

/**
 * The built entry point of an app: `KUBESIM_<APP>_MAIN` if set; else its bundle
 * (apps/<name>/dist/<name>.mjs, see scripts/bundle.mjs) when it is newer than every workspace
 * project's last tsc build (apps/* and libs/* dist/tsconfig.tsbuildinfo), so an edit built with tsc
 * alone never runs stale bundled code; else apps/<name>/dist/main.js.
 */
export function appMain(app: string): string {
  const override = process.env[appVar(app, 'MAIN')];
  if (override) return override;
  const root = kubesimRoot();
  const dist = join(root, 'apps', app, 'dist');
  const main = join(dist, 'main.js');
  if (!existsSync(main)) throw new Error(`kubesim: ${main} is missing; run 'npm run build' first`);
  const bundle = join(dist, `${app}.mjs`);
  try {
    const built = statSync(bundle).mtimeMs;
    if (built >= statSync(main).mtimeMs && built >= newestBuild(root)) return bundle;
  } catch {
    /* no bundle */
  }
  return main;
}

/** mtime of the newest tsc build info under apps/* and libs/* (0 when there is none). */
function newestBuild(root: string): number {
  let newest = 0;
  for (const group of ['apps', 'libs']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(root, group));
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        newest = Math.max(newest, statSync(join(root, group, name, 'dist', 'tsconfig.tsbuildinfo')).mtimeMs);
      } catch {
        /* not built */
      }
    }
  }
  return newest;
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
  const env = process.env[appVar(app, 'NODE_OPTIONS')];
  if (env !== undefined) return env.split(/\s+/).filter(Boolean);
  return app === 'kubelet' ? ['--max-semi-space-size=1', '--lite-mode', '--no-expose-wasm'] : [];
}

/** The arguments after `node` that start an app: its V8 flags, then its entry point. */
export function appCommand(app: string): string[] {
  return [...nodeFlags(app), appMain(app)];
}

/**
 * Environment an app's process gets on top of the caller's. Kubelets get `MALLOC_ARENA_MAX=1`:
 * glibc otherwise gives each of node's threads its own malloc arena, and one arena measured ~1 MB
 * less RSS per kubelet (bench/pod-startup); the caller's own MALLOC_ARENA_MAX wins.
 */
export function appEnv(app: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return app === 'kubelet' ? { ...env, MALLOC_ARENA_MAX: env['MALLOC_ARENA_MAX'] ?? '1' } : env;
}
