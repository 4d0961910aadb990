// registry.k8s.io/goproxy:0.1 – an HTTP proxy on port 8080 (plain requests with absolute URLs
// and CONNECT tunnels), used in examples as a TCP liveness/readiness target.
import http from 'node:http';
import net from 'node:net';
import { bindHost, listenOrDie } from './common.mjs';

const port = Number(process.env.GOPROXY_PORT || 8080);

const server = http.createServer((req, res) => {
  let target;
  try {
    target = new URL(req.url || '');
  } catch {
    res.writeHead(500);
    res.end('This is a proxy server. Does not respond to non-proxy requests.\n');
    return;
  }
  const up = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (r) => {
      res.writeHead(r.statusCode || 502, r.headers);
      r.pipe(res);
    },
  );
  up.on('error', (e) => {
    res.writeHead(502);
    res.end(String(e.message) + '\n');
  });
  req.pipe(up);
});

server.on('connect', (req, socket, head) => {
  const [host, p] = (req.url || '').split(':');
  const up = net.connect(Number(p || 443), host, () => {
    socket.write('HTTP/1.0 200 OK\r\n\r\n');
    if (head?.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const close = () => {
    up.destroy();
    socket.destroy();
  };
  up.on('error', close);
  socket.on('error', close);
});

listenOrDie(server, port, bindHost());
