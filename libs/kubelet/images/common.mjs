// Shared helpers for kubesim's built-in images. Node built-ins only: every image runs as
// `node <image>.mjs` on the host, as a real process, with the pod's environment.
import os from 'node:os';

/** The address a container binds: its pod IP, or every interface when it has none. */
export function bindHost() {
  return process.env.POD_IP || '0.0.0.0';
}

/** The container's hostname: the pod name (as HOSTNAME in a real container), else the host's. */
export function hostname() {
  return process.env.HOSTNAME || os.hostname();
}

/** An IPv4 peer as Node reports it on a dual-stack socket in a container: "::ffff:10.0.0.1". */
export function peerAddress(socket) {
  const a = socket.remoteAddress || '';
  return /^\d+\.\d+\.\d+\.\d+$/.test(a) ? `::ffff:${a}` : a;
}

/** Prints `msg` to stderr and exits with `code` when the server cannot listen. */
export function listenOrDie(server, port, host, onListening) {
  server.on('error', (err) => {
    process.stderr.write(`listen ${host}:${port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, onListening);
}

/** Exits 143 on SIGTERM like a process without a handler would (128 + 15) – by re-raising it. */
export function defaultTerm(server) {
  process.once('SIGTERM', () => {
    server?.close();
    process.kill(process.pid, 'SIGTERM');
  });
}
