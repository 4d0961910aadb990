// luksa/kubia-unhealthy: from the sixth request on it answers 500. Like the original running as
// PID 1 without a signal handler, it ignores SIGTERM, so it only dies by SIGKILL.
import http from 'node:http';
import { bindHost, hostname, peerAddress, listenOrDie } from './common.mjs';

process.on('SIGTERM', () => {});

console.log('Kubia server starting...');

let requestCount = 0;

const handler = (request, response) => {
  console.log('Received request from ' + peerAddress(request.socket));
  requestCount++;
  if (requestCount > 5) {
    response.writeHead(500);
    response.end("I'm not well. Please restart me!");
    return;
  }
  response.writeHead(200);
  response.end("You've hit " + hostname() + '\n');
};

const www = http.createServer(handler);
listenOrDie(www, Number(process.env.KUBIA_PORT || 8080), bindHost());
