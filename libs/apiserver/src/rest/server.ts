import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRestHandler, type RestHandlerOptions } from './handler.js';

export interface RestServerOptions extends Omit<RestHandlerOptions, 'serverAddress'> {
  host: string;
  port: number;
  cert: string | Buffer;
  key: string | Buffer;
}

/** Serves the Kubernetes REST API over HTTPS (kubectl sends bearer tokens only over TLS). */
export async function startRestServer(opts: RestServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  let serverAddress = `${opts.host}:${opts.port}`;
  const handler = createRestHandler({ ...opts, get serverAddress() { return serverAddress; } } as RestHandlerOptions);
  const server = createServer({ cert: opts.cert, key: opts.key }, handler);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${opts.host}:${port}`;
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
