import { newUnauthorized } from '@kubesim/api';
import { readFileSync } from 'node:fs';

export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
}

/**
 * Static token authentication, as kube-apiserver's `--token-auth-file`: a CSV file with lines
 * `token,user,uid,"group1,group2"` (groups optional). Unknown or missing tokens are Unauthorized.
 */
export class TokenAuthenticator {
  private readonly users = new Map<string, UserInfo>();

  static fromFile(path: string): TokenAuthenticator {
    return TokenAuthenticator.fromCSV(readFileSync(path, 'utf8'));
  }

  static fromCSV(text: string): TokenAuthenticator {
    const a = new TokenAuthenticator();
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const fields = parseCSVLine(line);
      if (fields.length < 3) throw new Error(`token file line ${i + 1}: want token,user,uid[,"groups"]`);
      const [token, name, uid, groups] = fields as [string, string, string, string | undefined];
      a.users.set(token, { name, uid, groups: groups ? groups.split(',').map((g) => g.trim()).filter(Boolean) : [] });
    }
    return a;
  }

  /** The user the token belongs to; throws 401 Unauthorized otherwise. */
  authenticate(token: string | undefined): UserInfo {
    const user = token ? this.users.get(token) : undefined;
    if (!user) throw newUnauthorized();
    return { ...user, groups: [...user.groups, 'system:authenticated'] };
  }
}

function parseCSVLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}
