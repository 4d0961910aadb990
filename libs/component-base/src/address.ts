/** Parses `host:port` (IPv6 in brackets) as flags give it. */
export function parseHostPort(s: string, defaultHost = '127.0.0.1'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`invalid address "${s}": want host:port`);
  const host = m[1] ?? (m[2] || defaultHost);
  const port = Number(m[3]);
  if (port < 0 || port > 65535) throw new Error(`invalid port in "${s}"`);
  return { host, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
