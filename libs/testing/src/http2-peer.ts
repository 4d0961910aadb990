import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/** What an HTTP/2 client told the server about its flow control. */
export interface Http2Windows {
  /** SETTINGS_INITIAL_WINDOW_SIZE: what the client takes per stream before a WINDOW_UPDATE. */
  streamWindow: number;
  /** The connection-level window: 65,535 plus the client's WINDOW_UPDATEs on stream 0. */
  connectionWindow: number;
}

/**
 * A bare cleartext HTTP/2 server on a free loopback port that records the flow-control windows of
 * the first client to connect, and answers nothing (so a gRPC call to it just waits until closed).
 */
export async function startHttp2Peer(): Promise<{ address: string; windows: () => Promise<Http2Windows>; close: () => Promise<void> }> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  let resolveFirst!: (v: { session: http2.ServerHttp2Session; settings: http2.Settings }) => void;
  const first = new Promise<{ session: http2.ServerHttp2Session; settings: http2.Settings }>((r) => (resolveFirst = r));
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => {});
    session.once('remoteSettings', (settings) => resolveFirst({ session, settings }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    windows: async () => {
      const { session, settings } = await first;
      // A larger connection window comes as a WINDOW_UPDATE right after the SETTINGS frame.
      const deadline = Date.now() + 2000;
      while ((session.state.remoteWindowSize ?? 0) <= 65_535 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return { streamWindow: settings.initialWindowSize ?? 65_535, connectionWindow: session.state.remoteWindowSize ?? 0 };
    },
    close: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
