import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Replaces `path` with `data` atomically: written to a temporary file beside it and renamed over it,
 * so that a reader – or the next run after a crash – never finds it empty or half written. The
 * temporary file is named after this process unless `tmp` names it (a fixed name suits a file only
 * one process writes: a crash then leaves nothing a later run cannot find). With `mode` the file
 * gets exactly that mode, also when it replaces one with a wider one.
 */
export function writeFileAtomic(path: string, data: string, opts: { mode?: number; tmp?: string } = {}): void {
  const tmp = opts.tmp ?? `${path}.${process.pid}.tmp`;
  try {
    if (opts.mode === undefined) writeFileSync(tmp, data);
    else {
      writeFileSync(tmp, data, { mode: opts.mode });
      chmodSync(tmp, opts.mode);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* ignore */
    }
    throw e;
  }
}
