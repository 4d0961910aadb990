import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@kubesim/api';
import { ContainerRuntime } from '../runtime/runtime.js';
import { collect, randomLoopbackIP, waitUntil } from '../testutil.js';

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
  return { ip, id: res.status.id, logs, name };
}

const get = (url: string) => waitUntil(() => fetch(url).then(async (r) => ({ status: r.status, body: await r.text() })), 10_000, 30, url);

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

  it('go-myweb serves /health with a chosen code', async () => {
    const c = await run({ name: 'web', image: 'ghcr.io/c1t1d0s7/go-myweb:alpine' });
    expect(await get(`http://${c.ip}:8080/health`)).toMatchObject({ status: 200 });
    expect(await get(`http://${c.ip}:8080/health?code=503`)).toMatchObject({ status: 503 });
    expect((await get(`http://${c.ip}:8080/`)).body).toContain('Hello World');
    expect((await get(`http://${c.ip}:8080/`)).body).toContain(c.name);
    await runtime.stopContainer(c.id, 0);
  });

  it('liveness (/healthz) turns to 500 "error: N" after its healthy period', async () => {
    const c = await run({ name: 'liveness', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'], env: [{ name: 'KUBESIM_LIVENESS_HEALTHY_SECONDS', value: '0.3' }] });
    expect(await get(`http://${c.ip}:8080/healthz`)).toEqual({ status: 200, body: 'ok' });
    const bad = await waitUntil(async () => {
      const r = await get(`http://${c.ip}:8080/healthz`);
      return r.status === 500 ? r : undefined;
    }, 5000, 50, '500');
    expect(bad.body).toMatch(/^error: \d+\.\d+$/);
    await runtime.stopContainer(c.id, 0);
    const old = await run({ name: 'liveness', image: 'k8s.gcr.io/liveness', args: ['/server'] });
    expect(await get(`http://${old.ip}:8080/healthz`)).toEqual({ status: 200, body: 'ok' });
    await runtime.stopContainer(old.id, 0);
  });

  it('goproxy listens on 8080', async () => {
    const c = await run({ name: 'goproxy', image: 'registry.k8s.io/goproxy:0.1' });
    await waitUntil(
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(8080, c.ip, () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
      10_000,
      30,
      'goproxy',
    );
    await runtime.stopContainer(c.id, 0);
  });

  it('stress burns CPU with --cpu and exits after --timeout', async () => {
    const c = await run({ name: 'stress', image: 'polinux/stress', command: ['stress'], args: ['--cpu', '1', '--timeout', '1'] });
    const st = await runtime.waitForExit(c.id);
    expect(st).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await c.logs()).toBe('stress: info: [1] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd\nstress: info: [1] successful run completed in 1s\n');
  });
});
