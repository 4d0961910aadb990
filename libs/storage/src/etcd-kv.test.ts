import { GrpcStatus, UnaryCallError } from '@kubesim/proto';
import { startEtcd, type EtcdInstance } from '@kubesim/testing';
import { Etcd3 } from 'etcd3';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdKV } from './etcd-kv.js';

const b = (s: string) => Buffer.from(s);

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('EtcdKV (Range and Txn without the etcd3 client)', () => {
  let etcd: EtcdInstance;
  let reference: Etcd3;
  beforeAll(async () => {
    etcd = await startEtcd();
    reference = new Etcd3({ hosts: etcd.endpoint });
  });
  afterAll(async () => {
    reference?.close();
    await etcd?.stop();
  });

  it('answers as the etcd3 client does, field for field', async () => {
    const kv = new EtcdKV({ endpoints: [etcd.endpoint] });
    try {
      const put = await kv.txn({
        compare: [{ key: b('/kv/a'), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: b('/kv/a'), value: b('{"x":1}') } }],
      });
      expect(put.succeeded).toBe(true);
      expect(put.header.revision).toBeGreaterThan(0);
      // The same create again fails its compare; the failure branch reads what is there.
      const again = await kv.txn({
        compare: [{ key: b('/kv/a'), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: b('/kv/a'), value: b('{"x":2}') } }],
        failure: [{ request_range: { key: b('/kv/a') } }],
      });
      expect(again.succeeded).toBe(false);
      expect(again.responses[0]!.response_range.kvs[0]!.value.toString()).toBe('{"x":1}');
      for (const req of [{ key: b('/kv/a') }, { key: b('/kv/'), range_end: b('/kv0') }, { key: b('/kv/'), range_end: b('/kv0'), count_only: true }, { key: b('/nothing') }]) {
        const mine = await kv.range(req);
        const theirs = await reference.kv.range(req);
        // The same fields, int64 as numbers where the etcd3 client has strings.
        const header = Object.fromEntries(Object.entries(theirs.header).map(([k, v]) => [k, Number(v)]));
        const kvs = theirs.kvs.map((kv) => ({ ...kv, create_revision: Number(kv.create_revision), mod_revision: Number(kv.mod_revision), version: Number(kv.version), lease: Number(kv.lease) }));
        expect(mine).toEqual({ ...theirs, header, kvs, count: Number(theirs.count) });
      }
    } finally {
      kv.close();
    }
  });

  it('reports etcd errors with their message (a compacted revision)', async () => {
    const kv = new EtcdKV({ endpoints: [etcd.endpoint] });
    try {
      await kv.txn({ success: [{ request_put: { key: b('/kv/c'), value: b('1') } }] });
      const { header } = await kv.txn({ success: [{ request_put: { key: b('/kv/c'), value: b('2') } }] });
      await reference.kv.compact({ revision: header.revision, physical: true });
      const err = await kv.range({ key: b('/kv/c'), revision: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnaryCallError);
      expect((err as UnaryCallError).code).toBe(GrpcStatus.OUT_OF_RANGE);
      expect((err as Error).message).toContain('required revision has been compacted');
    } finally {
      kv.close();
    }
  });

  it('moves on to the next endpoint when one is down, and comes back after an etcd restart', async () => {
    const kv = new EtcdKV({ endpoints: [`http://127.0.0.1:${await closedPort()}`, etcd.endpoint] });
    try {
      // The first endpoint refuses: the write was never sent, so it is retried on the second.
      const res = await kv.txn({ success: [{ request_put: { key: b('/kv/failover'), value: b('1') } }] });
      expect(res.succeeded).toBe(true);
      await etcd.restart();
      expect((await kv.range({ key: b('/kv/failover') })).kvs[0]!.value.toString()).toBe('1');
    } finally {
      kv.close();
    }
  });

  it('fails a write with UNAVAILABLE when no etcd answers, without hanging', async () => {
    const kv = new EtcdKV({ endpoints: [`http://127.0.0.1:${await closedPort()}`] });
    try {
      const err = await kv.txn({ success: [{ request_put: { key: b('/kv/x'), value: b('1') } }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnaryCallError);
      expect([(err as UnaryCallError).code, (err as UnaryCallError).sent]).toEqual([GrpcStatus.UNAVAILABLE, false]);
    } finally {
      kv.close();
    }
  });

  it('retries a read whose connection dropped, never a write that may have reached etcd', async () => {
    // An "etcd" whose process dies under every request: the request arrived, no answer ever comes.
    const seen: string[] = [];
    const server = http2.createServer();
    server.on('session', (s) => s.on('error', () => {}));
    server.on('stream', (stream, headers) => {
      seen.push(String(headers[':path']));
      stream.on('error', () => {});
      stream.session?.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const kv = new EtcdKV({ endpoints: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`] });
    try {
      const write = await kv.txn({ success: [{ request_put: { key: b('/kv/once'), value: b('1') } }] }).then(
        () => undefined,
        (e: unknown) => e as UnaryCallError,
      );
      expect([write?.code, write?.sent]).toEqual([GrpcStatus.UNAVAILABLE, true]);
      expect(seen).toEqual(['/etcdserverpb.KV/Txn']);
      seen.length = 0;
      const read = await kv.range({ key: b('/kv/once') }).then(
        () => undefined,
        (e: unknown) => e as UnaryCallError,
      );
      expect(read?.code).toBe(GrpcStatus.UNAVAILABLE);
      // The first attempt and three retries.
      expect(seen).toEqual(Array(4).fill('/etcdserverpb.KV/Range'));
    } finally {
      kv.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
