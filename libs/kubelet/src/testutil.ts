import { isAlive } from '@kubesim/component-base';
/** Test helpers (not exported from the package index). */

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 20, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A loopback address of its own for a test (the whole 127/8 answers on Linux). */
export function randomLoopbackIP(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

/** Whether a process runs (a zombie waiting for a lazy init to reap it does not). */
export const processAlive = isAlive;

export async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of it) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
