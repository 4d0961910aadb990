import { GrpcStatus as GrpcCode, UnaryCallError, UnaryChannel } from '@kubesim/proto';
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import type { IRangeRequest, ITxnRequest } from 'etcd3';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/** etcd's rpc.proto as the etcd3 package ships it (with its imports beside it). */
function loadEtcdProto(): protobuf.Root {
  const dir = path.join(path.dirname(require.resolve('etcd3/package.json')), 'proto');
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(dir, target));
  root.loadSync(path.join(dir, 'rpc.proto'), { keepCase: true });
  return root;
}

/**
 * The shapes the etcd3 package's own client returns (snake_case, enums as strings, defaults and
 * oneofs set), except int64 fields as numbers rather than strings: revisions and counts stay far
 * below 2^53, and Long's toString was ~1.5% of a busy apiserver's CPU. (Lease and member IDs may
 * not fit a double; the store never reads them from these answers.)
 */
const CONVERSION: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

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

interface Codec {
  path: string;
  encode(req: object): Uint8Array;
  decode(buf: Buffer): object;
}

let codecs: Record<'range' | 'txn', Codec> | undefined;

function codecsFor(): Record<'range' | 'txn', Codec> {
  if (codecs) return codecs;
  const root = loadEtcdProto();
  const codec = (method: string, req: string, res: string): Codec => {
    const reqType = root.lookupType(`etcdserverpb.${req}`);
    const resType = root.lookupType(`etcdserverpb.${res}`);
    return {
      path: `/etcdserverpb.KV/${method}`,
      encode: (r) => reqType.encode(reqType.fromObject(r)).finish(),
      decode: (b) => resType.toObject(resType.decode(b), CONVERSION),
    };
  };
  return (codecs = { range: codec('Range', 'RangeRequest', 'RangeResponse'), txn: codec('Txn', 'TxnRequest', 'TxnResponse') });
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
    const backoff = new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 });
    const unavailable = (e: Error) => e instanceof UnaryCallError && e.code === GrpcCode.UNAVAILABLE;
    this.reads = retry(handleWhen(unavailable), { maxAttempts: 3, backoff });
    this.writes = retry(handleWhen((e) => unavailable(e) && !(e as UnaryCallError).sent), { maxAttempts: 3, backoff });
  }

  range(req: IRangeRequest): Promise<RangeResponse> {
    return this.reads.execute(() => this.call('range', req)) as Promise<RangeResponse>;
  }

  txn(req: ITxnRequest): Promise<TxnResponse> {
    return this.writes.execute(() => this.call('txn', req)) as Promise<TxnResponse>;
  }

  close(): void {
    for (const c of this.channels) c.close();
  }

  private async call(method: 'range' | 'txn', req: object): Promise<object> {
    const codec = codecsFor()[method];
    const i = this.current;
    try {
      return codec.decode(await this.channels[i]!.call(codec.path, codec.encode(req), { deadline: Date.now() + this.timeoutMs }));
    } catch (e) {
      if (e instanceof UnaryCallError && e.code === GrpcCode.UNAVAILABLE && this.current === i) this.current = (i + 1) % this.channels.length;
      throw e;
    }
  }
}
