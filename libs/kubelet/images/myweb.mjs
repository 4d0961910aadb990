// ghcr.io/c1t1d0s7/go-myweb and c1t1d0s7/myweb: a small web server with a controllable health check.
//   GET /health            -> 200 "OK"
//   GET /health?code=503   -> 503 (any 100-599)
//   GET /                  -> "Hello World" and the hostname
import http from 'node:http';
import { bindHost, hostname, peerAddress, listenOrDie } from './common.mjs';

const port = Number(process.env.MYWEB_PORT || process.env.PORT || 8080);

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://localhost');
  const now = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  console.log(`${now} ${peerAddress(req.socket)} ${req.method} ${url.pathname}${url.search}`);
  if (url.pathname === '/health' || url.pathname === '/healthz') {
    const code = Number(url.searchParams.get('code') || 200);
    const status = Number.isInteger(code) && code >= 100 && code <= 599 ? code : 400;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(status === 200 ? 'OK\n' : `${http.STATUS_CODES[status] || 'Status'} ${status}\n`);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`Hello World\nHostname: ${hostname()}\n`);
});

listenOrDie(server, port, bindHost(), () => console.log(`Starting web server on port ${port}`));
