import { readFileSync } from 'node:fs';

/** Go-style durations as kube-scheduler's flags take them: "15s", "500ms", "1m30s"; a bare number is seconds. */
export function parseDuration(v: string): number {
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) throw new Error(`invalid duration "${v}": want e.g. 15s, 500ms, 1m`);
  return total;
}

/** "true"/"false" (and 1/0, yes/no) for boolean flags given as --flag=false. */
export function parseBool(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 't'].includes(s)) return true;
  if (['false', '0', 'no', 'f'].includes(s)) return false;
  throw new Error(`invalid boolean "${v}"`);
}

/**
 * The bearer token from --token-file: either a file holding just the token, or a
 * --token-auth-file style CSV (token,user,uid,"groups"), from which the line of `user` is taken.
 */
export function readToken(path: string, user: string): string {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new Error(`${path}: no token`);
  if (!lines[0]!.includes(',')) return lines[0]!;
  for (const l of lines) {
    const [token, name] = l.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    if (name === user && token) return token;
  }
  throw new Error(`${path}: no token for user "${user}"`);
}
