import fs from 'node:fs';

/**
 * Go's time.ParseDuration for flag values ("300ms", "1.5s", "2m30s", "1h"); a bare number is
 * seconds. Returns milliseconds.
 */
export function parseDuration(s: string): number {
  const v = s.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  if (!v || pos !== v.length) throw new Error(`invalid duration "${s}": want e.g. 500ms, 10s, 1m30s`);
  return total;
}

/**
 * The bearer token in `--token-file`: a file holding just the token, or a token CSV
 * (`token,user,uid,"groups"`, as the apiserver's --token-auth-file), from which the line of
 * `system:node:<nodeName>`, else `system:node`, else a member of system:nodes, else the first
 * line is taken.
 */
export function readKubeletToken(file: string, nodeName: string): string {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (!lines.length) throw new Error(`token file ${file} is empty`);
  if (lines.length === 1 && !lines[0]!.includes(',')) return lines[0]!;
  const rows = lines.map((l) => l.split(',').map((f) => f.trim().replace(/^"|"$/g, '')));
  const pick =
    rows.find((r) => r[1] === `system:node:${nodeName}`) ??
    rows.find((r) => r[1] === 'system:node') ??
    rows.find((r) => lines[rows.indexOf(r)]!.includes('system:nodes')) ??
    rows[0]!;
  if (!pick[0]) throw new Error(`token file ${file}: no token found`);
  return pick[0];
}
