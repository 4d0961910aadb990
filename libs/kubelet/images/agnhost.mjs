// registry.k8s.io/e2e-test-images/agnhost: a multi-command test image. Supported sub-commands:
// liveness, pause, netexec (the common subset). Anything else fails like the real binary does
// with an unknown command.
import http from 'node:http';
import { bindHost, hostname, listenOrDie } from './common.mjs';

const [cmd, ...rest] = process.argv.slice(2);

function flag(name, def) {
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === `--${name}` && i + 1 < rest.length) return rest[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return def;
}

switch (cmd) {
  case 'liveness':
    await import('./liveness.mjs');
    break;
  case 'pause': {
    console.log('Paused');
    const stop = (sig) => {
      console.log(`Shutting down, got signal: ${sig}`);
      process.exit(0);
    };
    process.on('SIGINT', () => stop('Interrupt'));
    process.on('SIGTERM', () => stop('Terminated'));
    setInterval(() => {}, 1 << 30);
    break;
  }
  case 'netexec': {
    const port = Number(flag('http-port', '8080'));
    const server = http.createServer((req, res) => {
      const url = new URL(req.url || '/', 'http://localhost');
      switch (url.pathname) {
        case '/':
        case '/echo':
          res.end(url.searchParams.get('msg') ?? (url.pathname === '/' ? 'NOW: ' + new Date().toISOString() : ''));
          return;
        case '/hostname':
          res.end(hostname());
          return;
        case '/clientip':
          res.end(`${req.socket.remoteAddress}:${req.socket.remotePort}`);
          return;
        case '/healthz':
          res.end('ok');
          return;
        case '/exit': {
          const code = Number(url.searchParams.get('code') || 0);
          res.end();
          setImmediate(() => process.exit(code));
          return;
        }
        default:
          res.writeHead(404);
          res.end('404 page not found\n');
      }
    });
    listenOrDie(server, port, bindHost(), () => console.log(`Started HTTP server on port ${port}`));
    process.on('SIGTERM', () => process.exit(0));
    break;
  }
  default:
    process.stderr.write(`Error: unknown command "${cmd ?? ''}" for "agnhost"\nRun 'agnhost --help' for usage.\n`);
    process.exit(1);
}
