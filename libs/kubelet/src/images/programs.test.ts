import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@kubesim/api';
import { ContainerRuntime } from '../runtime/runtime.js';
import { collect, processAlive, randomLoopbackIP, waitUntil } from '../testutil.js';
import { IMAGES_DIR, PERL } from './catalog.js';

let rootDir: string;
let runtime: ContainerRuntime;
let n = 0;

beforeAll(() => {
  rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-images-'));
  runtime = new ContainerRuntime({ rootDir });
});

afterAll(async () => {
  await runtime.shutdown();
  fs.rmSync(rootDir, { recursive: true, force: true });
});

async function run(container: Container) {
  const name = `img-${++n}`;
  const pod = { metadata: { name, namespace: 'default', uid: `uid-${name}-${process.pid}` }, spec: { containers: [container] } };
  const ip = randomLoopbackIP();
  const res = await runtime.startContainer({ pod, container, restartCount: 0, podIP: ip });
  if (!res.ok) throw new Error(res.message);
  const logs = () => collect(runtime.readLogs({ podUID: pod.metadata.uid, containerName: container.name }));
  return { ip, id: res.status.id, pid: res.status.pid!, logs, name };
}

const get = (url: string) => waitUntil(() => fetch(url).then(async (r) => ({ status: r.status, body: await r.text(), headers: r.headers })), 10_000, 30, url);

/** Polls the container's log until `re` matches it. */
const logMatching = (c: { logs: () => Promise<string> }, re: RegExp) => waitUntil(async () => ((await c.logs()).match(re) ? c.logs() : undefined), 10_000, 20, `log ${re}`);

/** A raw HTTP connection: write bytes, wait (with a deadline) until what came back satisfies `done`. */
class Raw {
  readonly socket: net.Socket;
  data = '';
  ended = false;
  closed = false;
  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (this.data += d));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static async open(ip: string, port: number): Promise<Raw> {
    // The server may still be starting: retry until it accepts.
    return waitUntil(
      () =>
        new Promise<Raw | undefined>((resolve) => {
          const s = net.connect(port, ip);
          s.once('connect', () => resolve(new Raw(s)));
          s.once('error', () => resolve(undefined));
        }),
      10_000,
      30,
      `connect ${ip}:${port}`,
    );
  }

  /** Sends `bytes` and waits until the data received since satisfies `done` (5 s deadline). */
  async send(bytes: string, done: (got: string, raw: Raw) => boolean): Promise<string> {
    const start = this.data.length;
    if (bytes) this.socket.write(Buffer.from(bytes, 'latin1'));
    await waitUntil(() => done(this.data.slice(start), this), 5000, 5, `an answer to ${JSON.stringify(bytes.slice(0, 60))}`);
    return this.data.slice(start);
  }

  close() {
    this.socket.destroy();
  }
}

/** A chunked response is complete; a Content-Length one has its body; else the socket closed. */
function complete(got: string, raw: Raw): boolean {
  const head = got.indexOf('\r\n\r\n');
  if (head < 0) return raw.closed;
  const h = got.slice(0, head);
  if (/^HTTP\/1\.1 100 Continue$/.test(h)) return complete(got.slice(head + 4), raw);
  if (/\r\nTransfer-Encoding: chunked\r\n/i.test(h + '\r\n')) return got.endsWith('0\r\n\r\n') || raw.closed;
  const cl = /\r\nContent-Length: (\d+)/i.exec(h);
  if (cl) return got.length >= head + 4 + Number(cl[1]);
  return raw.closed || /^HTTP\/1\.1 (204|304) /.test(h) || /\r\nKeep-Alive: timeout=5/.test(h);
}

const DATE = String.raw`Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT\r\n`;

describe('built-in image programs', () => {
  it('kubia-unhealthy answers 500 from the sixth request on', async () => {
    const c = await run({ name: 'kubia', image: 'luksa/kubia-unhealthy' });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await get(`http://${c.ip}:8080/`)).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 500, 500]);
    expect((await get(`http://${c.ip}:8080/`)).body).toBe("I'm not well. Please restart me!");
    await runtime.stopContainer(c.id, 0);
  });

  it('kubia:v1 and v3 behave like the book', async () => {
    const v1 = await run({ name: 'kubia', image: 'luksa/kubia:v1' });
    expect((await get(`http://${v1.ip}:8080/`)).body).toBe(`This is v1 running in pod ${v1.name}\n`);
    const v3 = await run({ name: 'kubia', image: 'luksa/kubia:v3' });
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) bodies.push((await get(`http://${v3.ip}:8080/`)).body);
    expect(bodies[0]).toBe(`This is v3 running in pod ${v3.name}\n`);
    expect(bodies[4]).toBe(`Some internal error has occurred! This is pod ${v3.name}\n`);
    await Promise.all([runtime.stopContainer(v1.id, 0), runtime.stopContainer(v3.id, 0)]);
  });

  it('kubia answers like Node: chunked, two requests on one keep-alive connection, Connection: close honoured', async () => {
    const c = await run({ name: 'kubia', image: 'luksa/kubia' });
    const conn = await Raw.open(c.ip, 8080);
    const req = (extra = '') => `GET / HTTP/1.1\r\nHost: ${c.ip}:8080\r\n${extra}\r\n`;
    const body = `You've hit ${c.name}\n`;
    const keepAlive = new RegExp(
      `^HTTP/1\\.1 200 OK\\r\\n${DATE}Connection: keep-alive\\r\\nKeep-Alive: timeout=5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n${body.length.toString(16)}\\r\\n${body}\\r\\n0\\r\\n\\r\\n$`,
    );
    expect(await conn.send(req(), complete)).toMatch(keepAlive);
    expect(await conn.send(req(), complete)).toMatch(keepAlive);
    expect(conn.closed).toBe(false);
    // Connection: close: the answer says so and the server closes the connection.
    const last = await conn.send(req('Connection: close\r\n'), (got, raw) => complete(got, raw) && raw.ended);
    expect(last).toMatch(new RegExp(`^HTTP/1\\.1 200 OK\\r\\n${DATE}Connection: close\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n`));
    const logs = await logMatching(c, /(Received request from ::ffff:127\.\d+\.\d+\.\d+\n){3}$/);
    expect(logs).toMatch(/^Kubia server starting\.\.\.\n(Received request from ::ffff:127\.\d+\.\d+\.\d+\n){3}$/);
    conn.close();
    await runtime.stopContainer(c.id, 0);
  });

  it('a client that sends nothing, or half a request, does not block the others', async () => {
    const c = await run({ name: 'kubia', image: 'luksa/kubia' });
    const silent = await Raw.open(c.ip, 8080);
    const half = await Raw.open(c.ip, 8080);
    half.socket.write(`GET / HTTP/1.1\r\nHost: x\r\nUser-Ag`);
    // Others are served while both connections stay open.
    for (let i = 0; i < 3; i++) expect(await get(`http://${c.ip}:8080/`)).toMatchObject({ status: 200, body: `You've hit ${c.name}\n` });
    expect(silent.closed || half.closed).toBe(false);
    // The half request completes and is answered.
    expect(await half.send('ent: x\r\n\r\n', complete)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    silent.close();
    half.close();
    await runtime.stopContainer(c.id, 0);
  });

  it('answers malformed and unusual requests as Node does', async () => {
    const c = await run({ name: 'kubia', image: 'luksa/kubia' });
    const ask = async (bytes: string, done: (got: string, raw: Raw) => boolean = complete) => {
      const conn = await Raw.open(c.ip, 8080);
      try {
        return await conn.send(bytes, done);
      } finally {
        conn.close();
      }
    };
    const closed = (_: string, raw: Raw) => raw.closed;
    // HTTP/1.0: no chunking, the connection closes after the body.
    expect(await ask('GET / HTTP/1.0\r\n\r\n', closed)).toMatch(new RegExp(`^HTTP/1\\.1 200 OK\\r\\n${DATE}Connection: close\\r\\n\\r\\nYou've hit ${c.name}\\n$`));
    // HEAD: no body.
    expect(await ask('HEAD / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(new RegExp(`^HTTP/1\\.1 200 OK\\r\\n${DATE}Connection: keep-alive\\r\\nKeep-Alive: timeout=5\\r\\n\\r\\n$`));
    // Garbage, a bad method, a bare LF, a space before the colon: 400 and close.
    for (const bad of ['hello\r\n\r\n', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\nHost: x\n\n', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n']) {
      expect(await ask(bad, closed)).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
    // A head over 16 KiB: 431.
    expect(await ask(`GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(17000)}\r\n\r\n`, closed)).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
    // HTTP/1.1 without Host: Node's 400 (the program never sees it).
    expect(await ask('GET / HTTP/1.1\r\n\r\n', closed)).toMatch(new RegExp(`^HTTP/1\\.1 400 Bad Request\\r\\nConnection: close\\r\\n${DATE}Transfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n$`));
    // Expect: 100-continue, then a body that is skipped, then a pipelined request.
    const conn = await Raw.open(c.ip, 8080);
    expect(await conn.send('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n', complete)).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    const two = await conn.send(`hello${'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(2)}`, (got) => got.split('0\r\n\r\n').length === 3);
    expect(two.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    // A chunked body is skipped too.
    expect(await conn.send('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', (got) => got.split('0\r\n\r\n').length === 3)).toMatch(/^HTTP\/1\.1 200 OK[^]*HTTP\/1\.1 200 OK/);
    conn.close();
    await logMatching(c, /(Received request from .*\n){7}/);
    await runtime.stopContainer(c.id, 0);
  });

  it('SIGTERM: kubia dies by the signal (143); kubia-unhealthy ignores it and dies by SIGKILL (137)', async () => {
    const kubia = await run({ name: 'kubia', image: 'luksa/kubia' });
    await get(`http://${kubia.ip}:8080/`);
    await runtime.stopContainer(kubia.id, 5);
    expect(await runtime.waitForExit(kubia.id)).toMatchObject({ exitCode: 143, reason: 'Error', signal: 'SIGTERM' });

    const stubborn = await run({ name: 'kubia', image: 'luksa/kubia-unhealthy' });
    await logMatching(stubborn, /Kubia server starting/);
    process.kill(stubborn.pid, 'SIGTERM');
    // Delivered (no longer pending), and it still runs and answers.
    const pending = () => {
      const st = fs.readFileSync(`/proc/${stubborn.pid}/status`, 'utf8');
      return ['SigPnd', 'ShdPnd'].some((k) => (BigInt('0x' + new RegExp(`^${k}:\\s*([0-9a-f]+)$`, 'm').exec(st)![1]) & (1n << 14n)) !== 0n);
    };
    await waitUntil(() => !pending(), 5000, 10, 'the SIGTERM to be delivered');
    expect((await get(`http://${stubborn.ip}:8080/`)).status).toBe(200);
    expect(processAlive(stubborn.pid)).toBe(true);
    await runtime.stopContainer(stubborn.id, 0);
    expect(await runtime.waitForExit(stubborn.id)).toMatchObject({ exitCode: 137, reason: 'Error', signal: 'SIGKILL' });
  });

  it('go-myweb serves /health with a chosen code', async () => {
    const c = await run({ name: 'web', image: 'ghcr.io/c1t1d0s7/go-myweb:alpine' });
    expect(await get(`http://${c.ip}:8080/health`)).toMatchObject({ status: 200, body: 'OK\n' });
    const unavailable = await get(`http://${c.ip}:8080/health?code=503`);
    expect(unavailable).toMatchObject({ status: 503, body: 'Service Unavailable 503\n' });
    expect(unavailable.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await get(`http://${c.ip}:8080/healthz?code=abc`)).toMatchObject({ status: 400, body: 'Bad Request 400\n' });
    expect(await get(`http://${c.ip}:8080/health?code=599`)).toMatchObject({ status: 599, body: 'Status 599\n' });
    expect((await get(`http://${c.ip}:8080/`)).body).toBe(`Hello World\nHostname: ${c.name}\n`);
    const logs = await logMatching(c, /GET \/\n$/);
    expect(logs).toMatch(/^Starting web server on port 8080\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ::ffff:127\.\d+\.\d+\.\d+ GET \/health\n/);
    expect(logs).toMatch(/ GET \/health\?code=503\n/);
    await runtime.stopContainer(c.id, 0);
  });

  it('liveness (/healthz) turns to 500 "error: N" after its healthy period', async () => {
    const c = await run({ name: 'liveness', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'], env: [{ name: 'KUBESIM_LIVENESS_HEALTHY_SECONDS', value: '0.3' }] });
    expect(await get(`http://${c.ip}:8080/healthz`)).toMatchObject({ status: 200, body: 'ok' });
    const bad = await waitUntil(async () => {
      const r = await get(`http://${c.ip}:8080/healthz`);
      return r.status === 500 ? r : undefined;
    }, 5000, 50, '500');
    expect(bad.body).toMatch(/^error: \d+\.\d+$/);
    expect(Number(bad.body.slice(7))).toBeGreaterThan(0.3);
    await runtime.stopContainer(c.id, 0);
    const old = await run({ name: 'liveness', image: 'k8s.gcr.io/liveness', args: ['/server'] });
    expect(await get(`http://${old.ip}:8080/healthz`)).toMatchObject({ status: 200, body: 'ok' });
    expect((await get(`http://${old.ip}:8080/started`)).body).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    const redirect = await fetch(`http://${old.ip}:8080/redirect?loc=%2Fhealthz`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/healthz');
    expect(await redirect.text()).toBe('<a href="/healthz">Found</a>.\n\n');
    expect(await get(`http://${old.ip}:8080/nope`)).toMatchObject({ status: 404, body: '404 page not found\n' });
    await runtime.stopContainer(old.id, 0);
  });

  it('liveness switches to 500 when its healthy period ends (not before, not much later)', async () => {
    const c = await run({ name: 'liveness', image: 'k8s.gcr.io/liveness', args: ['/server'], env: [{ name: 'KUBESIM_LIVENESS_HEALTHY_SECONDS', value: '1' }] });
    const agent = new http.Agent({ keepAlive: true });
    const ask = (p: string) =>
      new Promise<{ status: number; body: string } | undefined>((resolve) => {
        const r = http.get({ host: c.ip, port: 8080, path: p, agent }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        r.on('error', () => resolve(undefined));
      });
    // Go's Duration.String() of the time since start, in seconds.
    const seconds = (d: string) => {
      const m = /^(?:(\d+)m)?([\d.]+)(ms|s)$/.exec(d)!;
      return Number(m[1] ?? 0) * 60 + Number(m[2]) / (m[3] === 'ms' ? 1000 : 1);
    };
    let healthyAt = 0; // the latest /started that was followed by a 200
    const bad = await waitUntil(async () => {
      const started = await ask('/started');
      const r = await ask('/healthz');
      if (started && r?.status === 200) healthyAt = seconds(started.body);
      return r?.status === 500 ? r : undefined;
    }, 10_000, 5, 'the switch to 500');
    agent.destroy();
    // The first 500 reports the time since start: past the period, and 200s came until shortly before.
    const t = Number(/^error: (\d+\.\d+)$/.exec(bad.body)![1]);
    expect(t).toBeGreaterThan(1);
    expect(t).toBeLessThan(2);
    expect(healthyAt).toBeGreaterThan(0.5);
    expect(healthyAt).toBeLessThanOrEqual(1);
    await runtime.stopContainer(c.id, 0);
  });

  it('agnhost: netexec, pause, and an unknown command', async () => {
    const c = await run({ name: 'netexec', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['netexec', '--http-port=8081'] });
    expect(await get(`http://${c.ip}:8081/hostname`)).toMatchObject({ status: 200, body: c.name });
    expect(await get(`http://${c.ip}:8081/echo?msg=hi%20there`)).toMatchObject({ status: 200, body: 'hi there' });
    expect((await get(`http://${c.ip}:8081/clientip`)).body).toMatch(/^127\.\d+\.\d+\.\d+:\d+$/);
    expect((await get(`http://${c.ip}:8081/`)).body).toMatch(/^NOW: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await get(`http://${c.ip}:8081/nope`)).toMatchObject({ status: 404, body: '404 page not found\n' });
    expect(await get(`http://${c.ip}:8081/exit?code=3`)).toMatchObject({ status: 200, body: '' });
    expect(await runtime.waitForExit(c.id)).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(await c.logs()).toBe('Started HTTP server on port 8081\n');

    const pause = await run({ name: 'pause', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40' });
    await logMatching(pause, /^Paused\n$/);
    await runtime.stopContainer(pause.id, 30);
    expect(await runtime.waitForExit(pause.id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await pause.logs()).toBe('Paused\nShutting down, got signal: Terminated\n');

    const bad = await run({ name: 'bad', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['nope'] });
    expect(await runtime.waitForExit(bad.id)).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await bad.logs()).toBe(`Error: unknown command "nope" for "agnhost"\nRun 'agnhost --help' for usage.\n`);
  });

  it('nginx: welcome page, 404, HEAD, access log; another command is exec\'d', async () => {
    const c = await run({ name: 'nginx', image: 'nginx:1.25.3', env: [{ name: 'NGINX_PORT', value: '8082' }] });
    const ok = await get(`http://${c.ip}:8082/`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('server')).toBe('nginx/1.25.3');
    expect(ok.headers.get('content-length')).toBe('615');
    const nf = await get(`http://${c.ip}:8082/nope?x=1`);
    expect(nf.status).toBe(404);
    expect(nf.body).toContain('<hr><center>nginx/1.25.3</center>');
    const head = await fetch(`http://${c.ip}:8082/index.html`, { method: 'HEAD' });
    expect([head.status, await head.text(), head.headers.get('content-length')]).toEqual([200, '', '615']);
    const logs = await logMatching(c, /"HEAD \/index\.html HTTP\/1\.1" 200 615 "-" "[^"]*" "-"\n/);
    expect(logs).toMatch(/^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty, will attempt to perform configuration\n/);
    expect(logs).toMatch(/\n127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/nope\?x=1 HTTP\/1\.1" 404 146 "-" "[^"]*" "-"\n/);
    await runtime.stopContainer(c.id, 30);
    expect(await runtime.waitForExit(c.id)).toMatchObject({ exitCode: 0, reason: 'Completed' });

    const sh = await run({ name: 'sh', image: 'nginx', args: ['sh', '-c', 'echo hi; exit 3'] });
    expect(await runtime.waitForExit(sh.id)).toMatchObject({ exitCode: 3 });
    expect(await sh.logs()).toBe('hi\n');
    const missing = await run({ name: 'missing', image: 'nginx', args: ['no-such-command-kubesim'] });
    expect(await runtime.waitForExit(missing.id)).toMatchObject({ exitCode: 127 });
    expect(await missing.logs()).toBe('/docker-entrypoint.sh: line 47: exec: no-such-command-kubesim: not found\n');
  });

  it('goproxy listens on 8080, proxies absolute-URL requests and CONNECT tunnels', async () => {
    const c = await run({ name: 'goproxy', image: 'registry.k8s.io/goproxy:0.1' });
    const upIP = randomLoopbackIP();
    const upstream = http.createServer((req, res) => {
      res.writeHead(201, { 'X-Up': 'yes' });
      res.end(`${req.method} ${req.url} host=${req.headers.host}`);
    });
    const echo = net.createServer((s) => s.pipe(s));
    await Promise.all([new Promise<void>((r) => upstream.listen(0, upIP, r)), new Promise<void>((r) => echo.listen(0, upIP, r))]);
    try {
      const upPort = (upstream.address() as net.AddressInfo).port;
      const conn = await Raw.open(c.ip, 8080);
      // Not a proxy request.
      expect(await conn.send('GET /x HTTP/1.1\r\nHost: x\r\n\r\n', complete)).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n[^]*\r\n\r\n40\r\nThis is a proxy server\. Does not respond to non-proxy requests\.\n\r\n0\r\n\r\n$/);
      // Proxied, on the same connection.
      const proxied = await conn.send(`GET http://${upIP}:${upPort}/a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n`, complete);
      expect(proxied).toMatch(/^HTTP\/1\.1 201 Created\r\nx-up: yes\r\n/);
      expect(proxied).toContain(`GET /a?b=1 host=${upIP}:${upPort}`);
      conn.close();
      const tunnel = await Raw.open(c.ip, 8080);
      const echoPort = (echo.address() as net.AddressInfo).port;
      expect(await tunnel.send(`CONNECT ${upIP}:${echoPort} HTTP/1.1\r\nHost: x\r\n\r\n`, (got) => got.startsWith('HTTP/1.0 200 OK\r\n\r\n'))).toBe('HTTP/1.0 200 OK\r\n\r\n');
      expect(await tunnel.send('ping', (got) => got === 'ping')).toBe('ping');
      tunnel.close();
    } finally {
      upstream.close();
      echo.close();
    }
    await runtime.stopContainer(c.id, 0);
  });

  it('the Perl programs need perl-base modules only', () => {
    const inc = spawnSync(PERL, ['-e', 'print join "\\n", @INC'], { encoding: 'utf8' }).stdout.split('\n');
    const base = inc.filter((d) => /\/perl-base$/.test(d));
    if (!base.length) return; // not a Debian-style perl: nothing to check against
    for (const file of fs.readdirSync(IMAGES_DIR).filter((f) => f.endsWith('.pl'))) {
      // Compile the program (its `use`s run) with only perl-base and the images folder on @INC.
      const check = [
        `BEGIN { @INC = (${JSON.stringify(IMAGES_DIR)}, ${base.map((b) => JSON.stringify(b)).join(', ')}) }`,
        'open my $f, "<", $ARGV[0] or die $!; my $src = do { local $/; <$f> };',
        // (Compiled inside an anonymous sub: warnings about its named subs' closures are noise.)
        'local $SIG{__WARN__} = sub { }; eval "sub { $src }" or die $@; print "ok\\n"',
      ].join(' ');
      const r = spawnSync(PERL, ['-e', check, path.join(IMAGES_DIR, file)], { cwd: IMAGES_DIR, encoding: 'utf8' });
      expect({ file, out: r.stdout, err: r.stderr }).toEqual({ file, out: 'ok\n', err: '' });
    }
  });

  it('stress burns CPU with --cpu and exits after --timeout', async () => {
    const c = await run({ name: 'stress', image: 'polinux/stress', command: ['stress'], args: ['--cpu', '1', '--timeout', '1'] });
    const st = await runtime.waitForExit(c.id);
    expect(st).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await c.logs()).toBe('stress: info: [1] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd\nstress: info: [1] successful run completed in 1s\n');
  });
});
