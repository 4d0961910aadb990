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
