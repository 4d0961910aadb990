import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@kubesim/api';
import { randomLoopbackIP } from '../testutil.js';
import { expandCommandOnlyStatic, probe, resolveContainerPort } from './probe.js';

let server: http.Server;
let ip: string;
let port: number;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  ip = randomLoopbackIP();
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const url = new URL(req.url!, 'http://x');
    switch (url.pathname) {
      case '/ok':
        res.end('fine');
        return;
      case '/code':
        res.writeHead(Number(url.searchParams.get('c')));
        res.end('body is not in the message');
        return;
      case '/local-redirect':
        res.writeHead(302, { Location: '/ok' });
        res.end();
        return;
      case '/loop':
        res.writeHead(302, { Location: '/loop' });
        res.end();
        return;
      case '/remote-redirect':
        res.writeHead(301, { Location: 'http://example.invalid/elsewhere' });
        res.end('moved away');
        return;
      case '/slow':
        setTimeout(() => res.end('late'), 3000).unref();
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, ip, r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const container = (ports: Container['ports'] = []): Container => ({ name: 'c', image: 'x', ports });

describe('httpGet', () => {
  it('succeeds on 200 with kube-probe headers', async () => {
    seen.length = 0;
    const r = await probe({ httpGet: { path: '/ok', port } }, { podIP: ip, container: container() });
    expect(r).toEqual({ result: 'success', output: 'fine' });
    expect(seen[0]).toMatchObject({ 'user-agent': 'kube-probe/1.33', accept: '*/*', host: `${ip}:${port}`, connection: 'close' });
  });

  it('sends custom headers and resolves named ports', async () => {
    seen.length = 0;
    const r = await probe(
      { httpGet: { path: '/ok', port: 'web', httpHeaders: [{ name: 'X-Custom', value: 'v' }, { name: 'User-Agent', value: 'mine' }] } },
      { podIP: ip, container: container([{ name: 'web', containerPort: port }]) },
    );
    expect(r.result).toBe('success');
    expect(seen[0]).toMatchObject({ 'x-custom': 'v', 'user-agent': 'mine' });
  });

  it('fails with the status code only', async () => {
    expect(await probe({ httpGet: { path: '/code?c=500', port } }, { podIP: ip, container: container() })).toEqual({
      result: 'failure',
      output: 'HTTP probe failed with statuscode: 500',
    });
    expect((await probe({ httpGet: { path: '/code?c=399', port } }, { podIP: ip, container: container() })).result).toBe('success');
    expect((await probe({ httpGet: { path: '/code?c=400', port } }, { podIP: ip, container: container() })).output).toBe('HTTP probe failed with statuscode: 400');
  });

  it('follows local redirects and stops at non-local ones with a warning', async () => {
    expect(await probe({ httpGet: { path: '/local-redirect', port } }, { podIP: ip, container: container() })).toEqual({ result: 'success', output: 'fine' });
    expect(await probe({ httpGet: { path: '/remote-redirect', port } }, { podIP: ip, container: container() })).toEqual({
      result: 'success',
      warning: true,
      output: 'Probe terminated redirects, Response body: moved away',
    });
    expect(await probe({ httpGet: { path: '/loop', port } }, { podIP: ip, container: container() })).toEqual({
      result: 'failure',
      output: `Get "http://${ip}:${port}/loop": stopped after 10 redirects`,
    });
  });

  it('reports refused connections and timeouts like Go', async () => {
    const closed = randomLoopbackIP();
    expect(await probe({ httpGet: { path: '/healthz', port: 8080 } }, { podIP: closed, container: container() })).toEqual({
      result: 'failure',
      output: `Get "http://${closed}:8080/healthz": dial tcp ${closed}:8080: connect: connection refused`,
    });
    const t0 = Date.now();
    expect(await probe({ httpGet: { path: '/slow', port } }, { podIP: ip, container: container(), timeoutSeconds: 1 })).toEqual({
      result: 'failure',
      output: `Get "http://${ip}:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('is a prober error (unknown) when the port cannot be resolved', async () => {
    expect(await probe({ httpGet: { path: '/', port: 'web' } }, { podIP: ip, container: container() })).toEqual({
      result: 'unknown',
      output: '',
      error: 'strconv.Atoi: parsing "web": invalid syntax',
    });
    expect(() => resolveContainerPort(0, container())).toThrow('invalid port number: 0');
    expect(resolveContainerPort('8080', container())).toBe(8080);
  });
});

describe('tcpSocket', () => {
  it('succeeds when something listens, fails with the dial error otherwise', async () => {
    expect(await probe({ tcpSocket: { port } }, { podIP: ip, container: container() })).toEqual({ result: 'success', output: '' });
    const closed = randomLoopbackIP();
    expect(await probe({ tcpSocket: { port: 8080 } }, { podIP: closed, container: container() })).toEqual({
      result: 'failure',
      output: `dial tcp ${closed}:8080: connect: connection refused`,
    });
  });
});

describe('exec', () => {
  it('maps exit codes, timeouts and errors', async () => {
    const calls: string[][] = [];
    const exec = async (cmd: string[]) => {
      calls.push(cmd);
      if (cmd[1] === '/tmp/healthy') return { exitCode: 0, output: '' };
      if (cmd[1] === '/tmp/missing') return { exitCode: 1, output: 'cat: can\'t open \'/tmp/missing\': No such file or directory\n' };
      if (cmd[1] === 'slow') throw Object.assign(new Error('command "cat slow" timed out'), { timedOut: true });
      throw new Error('OCI runtime exec failed');
    };
    const c: Container = { name: 'c', env: [{ name: 'FILE', value: '/tmp/healthy' }, { name: 'FROM', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] };
    expect(await probe({ exec: { command: ['cat', '$(FILE)'] } }, { podIP: ip, container: c, exec })).toEqual({ result: 'success', output: '' });
    expect(calls[0]).toEqual(['cat', '/tmp/healthy']);
    expect(await probe({ exec: { command: ['cat', '/tmp/missing'] } }, { podIP: ip, container: c, exec })).toEqual({
      result: 'failure',
      output: "cat: can't open '/tmp/missing': No such file or directory\n",
    });
    expect(await probe({ exec: { command: ['cat', 'slow'] } }, { podIP: ip, container: c, exec })).toEqual({ result: 'failure', output: 'command "cat slow" timed out' });
    expect(await probe({ exec: { command: ['cat', 'x'] } }, { podIP: ip, container: c, exec })).toEqual({ result: 'unknown', output: '', error: 'OCI runtime exec failed' });
    expect(expandCommandOnlyStatic(['$(FROM)', '$(FILE)'], c.env)).toEqual(['', '/tmp/healthy']);
  });
});
