// luksa/kubia: the "Kubernetes in Action" app.js. Answers every request with the hostname.
// The tags used in the book's Deployment chapter behave like theirs: v1/v2/v4 answer
// "This is vN running in pod <hostname>", v3 fails with 500 from the fifth request on.
import http from 'node:http';
import { bindHost, hostname, peerAddress, listenOrDie } from './common.mjs';

const tagArg = process.argv.find((a) => a.startsWith('--kubesim-tag='));
const tag = tagArg ? tagArg.slice('--kubesim-tag='.length) : 'latest';

console.log('Kubia server starting...');

let requestCount = 0;
const handler = (request, response) => {
  console.log('Received request from ' + peerAddress(request.socket));
  if (tag === 'v3' && ++requestCount >= 5) {
    response.writeHead(500);
    response.end('Some internal error has occurred! This is pod ' + hostname() + '\n');
    return;
  }
  response.writeHead(200);
  if (/^v\d+$/.test(tag)) response.end('This is ' + tag + ' running in pod ' + hostname() + '\n');
  else response.end("You've hit " + hostname() + '\n');
};

const www = http.createServer(handler);
listenOrDie(www, Number(process.env.KUBIA_PORT || 8080), bindHost());
