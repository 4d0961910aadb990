// k8s.gcr.io/liveness, registry.k8s.io/liveness and `agnhost liveness`
// (kubernetes/test/images/agnhost/liveness/server.go): /healthz is 200 "ok" for the first 10 s,
// then 500 "error: <seconds since start>".
import http from 'node:http';
import { bindHost, listenOrDie } from './common.mjs';

const started = process.hrtime.bigint();
// 10 s as in the original; KUBESIM_LIVENESS_HEALTHY_SECONDS shortens it (for tests).
const HEALTHY_SECONDS = Number(process.env.KUBESIM_LIVENESS_HEALTHY_SECONDS || 10);
const sinceStart = () => Number(process.hrtime.bigint() - started) / 1e9;

/** Go's time.Duration.String() for a duration in seconds. */
function goDuration(seconds) {
  if (seconds < 1) return `${+(seconds * 1000).toFixed(6)}ms`;
  const m = Math.floor(seconds / 60);
  const s = +(seconds - m * 60).toFixed(9);
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://localhost');
  switch (url.pathname) {
    case '/started':
      res.writeHead(200);
      res.end(goDuration(sinceStart()));
      return;
    case '/healthz': {
      const duration = sinceStart();
      if (duration > HEALTHY_SECONDS) {
        res.writeHead(500);
        res.end(`error: ${duration}`);
      } else {
        res.writeHead(200);
        res.end('ok');
      }
      return;
    }
    case '/redirect': {
      const loc = url.searchParams.get('loc') || '';
      res.writeHead(302, { Location: loc, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<a href="${loc}">Found</a>.\n\n`);
      return;
    }
    default:
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
  }
});

listenOrDie(server, Number(process.env.LIVENESS_PORT || 8080), bindHost());
