// nginx (docker.io/library/nginx, any tag): prints the official image's docker-entrypoint.sh
// lines and nginx's notices, serves the welcome page, writes an access log line per request and
// exits 0 on SIGQUIT (the image's STOPSIGNAL: graceful shutdown) or SIGTERM (fast shutdown).
// The port is 80 unless NGINX_PORT (or KUBESIM_NGINX_PORT) says otherwise.
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { bindHost, listenOrDie } from './common.mjs';

const internal = process.argv.slice(2).filter((a) => a.startsWith('--kubesim-'));
const tagArg = internal.find((a) => a.startsWith('--kubesim-tag='))?.slice('--kubesim-tag='.length) ?? '';
const VERSION = process.env.NGINX_VERSION || (/^\d+\.\d+\.\d+/.exec(tagArg)?.[0] ?? '1.27.4');
// Invoked as `nginx ...` (the container's command replaced the entrypoint): no entrypoint lines.
const viaEntrypoint = !internal.includes('--kubesim-no-entrypoint');
const port = Number(process.env.KUBESIM_NGINX_PORT || process.env.NGINX_PORT || 80);
const out = (s) => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');

const pad = (n) => String(n).padStart(2, '0');
function errTime(d = new Date()) {
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function accessTime(d = new Date()) {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
const MASTER = 1;
const WORKER = 29;
const notice = (pid, msg) => err(`${errTime()} [notice] ${pid}#${pid}: ${msg}`);

// argv: nginx -g "daemon off;" (the image CMD). Anything but `nginx...` is exec'd by the real
// entrypoint; the kubelet maps such commands to host tools before we get here.
const args = process.argv.slice(2).filter((a) => !a.startsWith('--kubesim-'));
if (args.length && !/nginx(-debug)?$/.test(args[0])) {
  // docker-entrypoint.sh only configures nginx; any other command is exec'd as is.
  const child = spawn(args[0], args.slice(1), { stdio: 'inherit' });
  for (const sig of ['SIGTERM', 'SIGQUIT', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    err(`/docker-entrypoint.sh: line 47: exec: ${args[0]}: not found`);
    process.exit(e.code === 'EACCES' ? 126 : 127);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 0);
  });
} else {

if (viaEntrypoint && !process.env.NGINX_ENTRYPOINT_QUIET_LOGS) {
  out('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
  out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
  out('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
  out('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
  out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
  out('/docker-entrypoint.sh: Configuration complete; ready for start up');
}

const WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NOT_FOUND = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/${VERSION}</center>
</body>
</html>
`;

const server = http.createServer((req, res) => {
  const path = (req.url || '/').split('?')[0];
  let status = 200;
  let body = WELCOME;
  if (path !== '/' && path !== '/index.html') {
    status = 404;
    body = NOT_FOUND;
  }
  const headers = {
    Server: `nginx/${VERSION}`,
    'Content-Type': 'text/html',
    'Content-Length': Buffer.byteLength(body),
  };
  if (status === 200) headers['Last-Modified'] = 'Wed, 05 Feb 2025 11:06:32 GMT';
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  const ua = req.headers['user-agent'] || '-';
  const ref = req.headers['referer'] || '-';
  const xff = req.headers['x-forwarded-for'] || '-';
  out(`${req.socket.remoteAddress} - - [${accessTime()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${Buffer.byteLength(body)} "${ref}" "${ua}" "${xff}"`);
});

listenOrDie(server, port, bindHost(), () => {
  notice(MASTER, 'using the "epoll" event method');
  notice(MASTER, `nginx/${VERSION}`);
  notice(MASTER, 'built by gcc 12.2.0 (Debian 12.2.0-14) ');
  notice(MASTER, `OS: Linux ${os.release()}`);
  notice(MASTER, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  notice(MASTER, 'start worker processes');
  notice(MASTER, `start worker process ${WORKER}`);
});

function shutdown(graceful) {
  if (graceful) {
    notice(MASTER, 'signal 3 (SIGQUIT) received, shutting down');
    notice(WORKER, 'gracefully shutting down');
  } else {
    notice(MASTER, 'signal 15 (SIGTERM) received, exiting');
  }
  notice(WORKER, 'exiting');
  notice(WORKER, 'exit');
  notice(MASTER, `signal 17 (SIGCHLD) received from ${WORKER}`);
  notice(MASTER, `worker process ${WORKER} exited with code 0`);
  notice(MASTER, 'exit');
  server.close();
  server.closeAllConnections?.();
  process.exitCode = 0;
  setImmediate(() => process.exit(0));
}
process.once('SIGQUIT', () => shutdown(true));
process.once('SIGTERM', () => shutdown(false));
process.once('SIGINT', () => shutdown(false));
}
