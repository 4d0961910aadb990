import { GrpcStatus as GrpcCode, loadRoot, packageDefinition, UnaryCallError, UnaryChannel } from '@kubesim/proto';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { IRangeRequest, ITxnRequest } from 'etcd3';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * etcd's KV service from its rpc.proto as the etcd3 package ships it (field names kept snake_case),
 * with @kubesim/proto's codecs: answers in the shapes the etcd3 package's own client returns (enums
 * as strings, defaults and oneofs set), except int64 fields as numbers rather than strings:
 * revisions and counts stay far below 2^53, and Long's toString was ~1.5% of a busy apiserver's
 * CPU. (Lease and member IDs may not fit a double; the store never reads them from these answers.)
 */
type KVMethods = Record<'Range' | 'Txn', { path: string; requestSerialize(req: object): Buffer; responseDeserialize(buf: Buffer): object }>;
let kvService: KVMethods | undefined;

function etcdKV(): KVMethods {
  if (kvService) return kvService;
  const dir = path.join(path.dirname(require.resolve('etcd3/package.json')), 'proto');
  return (kvService = packageDefinition(loadRoot({ dir, files: ['rpc.proto'], keepCase: true }))['etcdserverpb.KV'] as unknown as KVMethods);
}

/** A key-value pair of a Range answer. */
export interface KeyValue {
  key: Buffer;
  value: Buffer;
  create_revision: number;
  mod_revision: number;
  version: number;
}

export interface ResponseHeader {
  revision: number;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  /** The answers of the branch taken; only ranges are read. */
  responses: { response_range?: RangeResponse }[];
}

/** How the store retries a call to etcd that `when` says may be retried: 3 attempts, 100 ms–1 s apart. */
export function etcdRetry(when: (e: Error) => boolean): RetryPolicy {
  return retry(handleWhen(when), { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) });
}

export interface EtcdKVOptions {
  /** etcd client URLs (`http://host:port`); calls go to the first that answers. */
  endpoints: string[];
  /** Deadline of each call (default 15 s). */
  requestTimeoutMs?: number;
}

/**
 * etcd's KV service (Range and Txn, what the store reads and writes with) as plain unary gRPC
 * calls (@kubesim/proto's UnaryChannel), where the `etcd3` package runs each call through its
 * connection pool, its policies and grpc-js: about half the CPU per call on a cold apiserver
 * (bench/README.md, session 8). Watches, leases and compaction stay on the `etcd3` client.
 *
 * Retries follow clientv3's: a read is retried when etcd was unavailable, a write (Txn) only when
 * it certainly never reached etcd, as a write that did may have been applied. A failed endpoint
 * passes the next call to the next one.
 */
export class EtcdKV {
  private readonly channels: UnaryChannel[];
  private current = 0;
  private readonly timeoutMs: number;
  private readonly reads: RetryPolicy;
  private readonly writes: RetryPolicy;

  constructor(opts: EtcdKVOptions) {
    if (!opts.endpoints.length) throw new Error('etcd: no endpoints');
    // No TLS here (kubesim's etcd listens on loopback in the clear): refuse what this cannot honour.
    for (const e of opts.endpoints) if (!/^http:\/\//i.test(e)) throw new Error(`etcd: endpoint ${e}: only http:// endpoints are supported`);
    this.channels = opts.endpoints.map((e) => new UnaryChannel(e));
    this.timeoutMs = opts.requestTimeoutMs ?? 15_000;
    const unavailable = (e: Error) => e instanceof UnaryCallError && e.code === GrpcCode.UNAVAILABLE;
    this.reads = etcdRetry(unavailable);
    this.writes = etcdRetry((e) => unavailable(e) && !(e as UnaryCallError).sent);
  }

  range(req: IRangeRequest): Promise<RangeResponse> {
    return this.reads.execute(() => this.call('Range', req)) as Promise<RangeResponse>;
  }

  txn(req: ITxnRequest): Promise<TxnResponse> {
    return this.writes.execute(() => this.call('Txn', req)) as Promise<TxnResponse>;
  }

  close(): void {
    for (const c of this.channels) c.close();
  }

  private async call(method: 'Range' | 'Txn', req: object): Promise<object> {
    const m = etcdKV()[method];
    const i = this.current;
    try {
      return m.responseDeserialize(await this.channels[i]!.call(m.path, m.requestSerialize(req), { deadline: Date.now() + this.timeoutMs }));
    } catch (e) {
      if (e instanceof UnaryCallError && e.code === GrpcCode.UNAVAILABLE && this.current === i) this.current = (i + 1) % this.channels.length;
      throw e;
    }
  }
}
