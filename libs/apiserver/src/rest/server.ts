import { STATUS_CODES } from 'node:http';
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
  // Requests Node's parser rejects (unknown methods, bad headers) still get a Status body.
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    if (!socket.writable || (socket as unknown as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const code = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: `malformed HTTP request: ${err.code ?? err.message}`,
      reason: code === 408 ? 'Timeout' : 'BadRequest',
      code,
    });
    socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
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
