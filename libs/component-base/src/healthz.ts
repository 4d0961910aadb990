import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named health check; it throws (or rejects) when unhealthy. */
export interface HealthCheck {
  name: string;
  check(): void | Promise<void>;
}

/**
 * Kubernetes' healthz format: `ok` with 200 when every check passes, otherwise 500 and one line per
 * check (`[+]etcd ok` / `[-]etcd failed: reason withheld`); `?verbose` lists them on success too.
 */
export async function healthzResponse(checks: HealthCheck[], verbose: boolean): Promise<{ code: number; body: string }> {
  const lines: string[] = [];
  let failed = false;
  for (const c of checks) {
    try {
      await c.check();
      lines.push(`[+]${c.name} ok`);
    } catch {
      failed = true;
      lines.push(`[-]${c.name} failed: reason withheld`);
    }
  }
  if (failed) return { code: 500, body: `${lines.join('\n')}\nhealthz check failed\n` };
  return { code: 200, body: verbose ? `${lines.join('\n')}\nhealthz check passed\n` : 'ok' };
}

export interface StatusServerOptions {
  host: string;
  port: number;
  checks: HealthCheck[];
  /** Readiness adds these to `checks`. */
  readyChecks?: HealthCheck[];
  metrics?: Registry;
  /** Any other route; return false to fall through to 404. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export async function handleStatusRoute(
  opts: Omit<StatusServerOptions, 'host' | 'port'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  const verbose = url.searchParams.has('verbose');
  if (url.pathname === '/healthz' || url.pathname === '/livez') {
    const r = await healthzResponse(opts.checks, verbose);
    res.writeHead(r.code, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(r.body);
    return true;
  }
  if (url.pathname === '/readyz') {
    const r = await healthzResponse([...opts.checks, ...(opts.readyChecks ?? [])], verbose);
    res.writeHead(r.code, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(r.body);
    return true;
  }
  if (url.pathname === '/metrics' && opts.metrics) {
    const body = await opts.metrics.metrics();
    res.writeHead(200, { 'content-type': opts.metrics.contentType }).end(body);
    return true;
  }
  return false;
}

/** Serves /healthz, /livez, /readyz and /metrics over plain HTTP. */
export async function startStatusServer(opts: StatusServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (await handleStatusRoute(opts, req, res)) return;
        if (opts.extra && (await opts.extra(req, res))) return;
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      } catch (e) {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
