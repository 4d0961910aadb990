import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import {
  StatusError,
  newBadRequest,
  statusErrorFromWatch,
  type Binding,
  type DeleteOptions,
  type Endpoints,
  type Event,
  type KubeList,
  type ListOptions,
  type KubeObject,
  type Lease,
  type Namespace,
  type Node,
  type Pod,
  type ReplicaSet,
  type ReplicationController,
  type Scale,
  type Service,
  type WatchEvent,
} from '@kubesim/api';
import {
  GrpcStatus,
  SERVICE_FOR_RESOURCE,
  UnaryCallError,
  UnaryChannel,
  fromGrpcError,
  bearerHeaders,
  serviceDefinition,
  type PatchType,
  type WatchEvent__Output,
} from '@kubesim/proto';

export type { ListOptions } from '@kubesim/api';

export interface WatchOptions extends ListOptions {
  /** Ends the watch; the iterator then finishes without an error. */
  signal?: AbortSignal;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPE: Record<PatchKind, PatchType> = {
  json: 'JSON_PATCH',
  merge: 'MERGE_PATCH',
  strategic: 'STRATEGIC_MERGE_PATCH',
  apply: 'APPLY_PATCH',
};

export interface DeleteResult<T> {
  /** The object as it stands after the call; present while it terminates or waits on finalizers. */
  object?: T;
  /** True when the object is gone from storage. */
  finished: boolean;
}

export interface ClientConfig {
  /** `host:port` of the apiserver's gRPC endpoint. */
  address: string;
  /** Bearer token sent with every call. */
  token: string;
}


function toProtoListOptions(o: ListOptions = {}) {
  return {
    labelSelector: o.labelSelector ?? '',
    fieldSelector: o.fieldSelector ?? '',
    limit: o.limit ?? 0,
    continue: o.continue ?? '',
    resourceVersion: o.resourceVersion ?? '',
    resourceVersionMatch: o.resourceVersionMatch ?? '',
    allowWatchBookmarks: o.allowWatchBookmarks ?? false,
    timeoutSeconds: o.timeoutSeconds ?? 0,
    sendInitialEvents: o.sendInitialEvents ?? false,
  };
}

const enc = (o: unknown) => Buffer.from(JSON.stringify(o));
const dec = <T>(b: Buffer | undefined): T => JSON.parse(b ? b.toString('utf8') : 'null') as T;

type AnyMethod = MethodDefinition<object, object>;

/**
 * How a resource's client reaches the apiserver: unary calls and server streams (watch, logs) over
 * the Clientset's UnaryChannel (@kubesim/proto: plain gRPC on node:http2, about half grpc-js' CPU
 * per call).
 */
export class ServiceTransport {
  private readonly methods = new Map<string, AnyMethod>();

  constructor(
    readonly resource: string,
    service: ServiceDefinition,
    private readonly channel: () => UnaryChannel,
    private readonly headers: Record<string, string>,
  ) {
    for (const def of Object.values(service) as AnyMethod[]) this.methods.set(def.originalName ?? '', def);
  }

  /** One unary call by its camelCase name; rejects with the StatusError the server raised. */
  unary(method: string, req: object, deadline?: number): Promise<unknown> {
    const def = this.methods.get(method);
    if (!def || def.requestStream || def.responseStream) return Promise.reject(newBadRequest(`${this.resource} does not support ${method}`));
    let body: Buffer;
    try {
      body = def.requestSerialize(req);
    } catch (e) {
      return Promise.reject(fromGrpcError(new UnaryCallError(GrpcStatus.INTERNAL, `Request message serialization failure: ${(e as Error).message}`, undefined, false)));
    }
    return this.channel()
      .call(def.path, body, { metadata: this.headers, ...(deadline !== undefined ? { deadline } : {}) })
      .then(
        (res) => {
          try {
            return def.responseDeserialize(res);
          } catch (e) {
            throw new UnaryCallError(GrpcStatus.INTERNAL, `Response message parsing error: ${(e as Error).message}`);
          }
        },
      )
      .catch((e: unknown) => {
        throw fromGrpcError(e);
      });
  }

  /**
   * A server-streaming call (watch, logs) over the UnaryChannel's connection: its decoded
   * messages; ends once `signal` aborts; rejects with the StatusError the server raised.
   */
  async *stream(method: string, req: object, signal?: AbortSignal): AsyncGenerator<object> {
    const def = this.methods.get(method);
    if (!def?.responseStream) throw newBadRequest(`${this.resource} does not support ${method}`);
    try {
      for await (const msg of this.channel().serverStream(def.path, def.requestSerialize(req), { metadata: this.headers, ...(signal ? { signal } : {}) })) {
        yield def.responseDeserialize(msg);
      }
    } catch (e) {
      throw fromGrpcError(e);
    }
  }
}

/**
 * A typed client for one resource, bound to a namespace ('' for cluster-scoped resources or for
 * lists and watches across all namespaces). Every method resolves to the server's answer or rejects
 * with the StatusError the server raised.
 */
export class ResourceClient<T extends KubeObject> {
  constructor(
    private readonly transport: ServiceTransport,
    readonly namespace: string,
  ) {}

  get resource(): string {
    return this.transport.resource;
  }

  /** The same resource in another namespace. */
  inNamespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>(this.transport, namespace);
  }

  protected unary<R>(method: string, req: object): Promise<R> {
    return this.transport.unary(method, req) as Promise<R>;
  }

  private async object<R = T>(method: string, req: object): Promise<R> {
    const res = await this.unary<{ object: Buffer }>(method, req);
    return dec<R>(res.object);
  }

  private ns(obj?: KubeObject): string {
    return obj?.metadata?.namespace || this.namespace;
  }

  create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.object('create', { namespace: this.ns(obj), object: enc(obj), dryRun: !!opts.dryRun, fieldManager: opts.fieldManager ?? '' });
  }

  /**
   * Creates from an object already encoded as JSON and does not decode the answer: for load
   * generators that send many copies of the same body.
   */
  async createEncoded(body: Buffer, opts: WriteOptions = {}): Promise<void> {
    await this.unary('create', { namespace: this.namespace, object: body, dryRun: !!opts.dryRun, fieldManager: opts.fieldManager ?? '' });
  }

  get(name: string, opts: { resourceVersion?: string } = {}): Promise<T> {
    return this.object('get', { namespace: this.namespace, name, resourceVersion: opts.resourceVersion ?? '' });
  }

  list(opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.object<KubeList<T>>('list', { namespace: this.namespace, options: toProtoListOptions(opts) });
  }

  update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.object('update', this.updateRequest(obj, opts));
  }

  /** Writes the status subresource: spec changes in `obj` are ignored by the server. */
  updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.object('updateStatus', this.updateRequest(obj, opts));
  }

  private updateRequest(obj: T, opts: WriteOptions) {
    return { namespace: this.ns(obj), name: obj.metadata.name ?? '', object: enc(obj), dryRun: !!opts.dryRun, fieldManager: opts.fieldManager ?? '' };
  }

  patch(name: string, kind: PatchKind, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    return this.object('patch', this.patchRequest(name, kind, patch, opts));
  }

  patchStatus(name: string, kind: PatchKind, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    return this.object('patchStatus', this.patchRequest(name, kind, patch, opts));
  }

  private patchRequest(name: string, kind: PatchKind, patch: unknown, opts: PatchOptions) {
    const body = typeof patch === 'string' ? Buffer.from(patch) : enc(patch);
    return {
      namespace: this.namespace,
      name,
      type: PATCH_TYPE[kind],
      patch: body,
      fieldManager: opts.fieldManager ?? '',
      force: !!opts.force,
      dryRun: !!opts.dryRun,
    };
  }

  async delete(name: string, opts: DeleteOptions = {}): Promise<DeleteResult<T>> {
    const req = {
      namespace: this.namespace,
      name,
      ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
      preconditions: opts.preconditions ?? {},
      propagationPolicy: opts.propagationPolicy ? opts.propagationPolicy.toUpperCase() : 'PROPAGATION_POLICY_UNSPECIFIED',
      dryRun: !!opts.dryRun?.length,
    };
    const res = await this.unary<{ object: Buffer; finished: boolean }>('delete', req);
    return res.object?.length ? { object: dec<T>(res.object), finished: res.finished } : { finished: res.finished };
  }

  deleteCollection(opts: ListOptions & Pick<DeleteOptions, 'gracePeriodSeconds' | 'propagationPolicy'> = {}): Promise<KubeList<T>> {
    return this.object<KubeList<T>>('deleteCollection', {
      namespace: this.namespace,
      options: toProtoListOptions(opts),
      ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
      propagationPolicy: opts.propagationPolicy ? opts.propagationPolicy.toUpperCase() : 'PROPAGATION_POLICY_UNSPECIFIED',
    });
  }

  /**
   * Watches changes after `resourceVersion` (or, without one, the current state as ADDED events
   * first). An ERROR event from the server (for example 410 Expired) is thrown as a StatusError;
   * aborting `signal` ends the iteration quietly.
   */
  async *watch(opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const call = this.transport.stream('watch', { namespace: this.namespace, options: toProtoListOptions(opts) }, opts.signal) as AsyncGenerator<WatchEvent__Output>;
    try {
      for await (const msg of call) {
        // A message carries one event and, when the server batched a backlog, the ones after it.
        for (const ev of msg.batched.length ? [msg, ...msg.batched] : [msg]) {
          const object = dec<T>(ev.object);
          if (ev.type === 'ERROR') throw statusErrorFromWatch(object);
          yield { type: ev.type as WatchEvent['type'], object };
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) return;
      throw e;
    } finally {
      await call.return(undefined);
    }
  }

  /** Opens a server stream (log follow and the like) as an async iterable of chunks. */
  protected async *stream(method: string, req: object, signal?: AbortSignal): AsyncGenerator<Buffer> {
    for await (const chunk of this.transport.stream(method, req, signal) as AsyncGenerator<{ data: Buffer }>) yield chunk.data;
  }
}

export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
  signal?: AbortSignal;
}

export class PodClient extends ResourceClient<Pod> {
  /** pods/binding: assigns the pod to a node (the scheduler's write). */
  async bind(binding: Binding): Promise<void> {
    await this.unary('bind', {
      namespace: binding.metadata.namespace || this.namespace,
      name: binding.metadata.name,
      binding: enc(binding),
    });
  }

  /** pods/log: the container's output as chunks, served by the kubelet of the pod's node. */
  logs(name: string, opts: LogOptions = {}): AsyncGenerator<Buffer> {
    return this.stream(
      'getLog',
      {
        namespace: this.namespace,
        name,
        container: opts.container ?? '',
        follow: !!opts.follow,
        previous: !!opts.previous,
        timestamps: !!opts.timestamps,
        ...(opts.tailLines !== undefined ? { tailLines: opts.tailLines } : {}),
        ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
        ...(opts.sinceTime !== undefined ? { sinceTime: opts.sinceTime } : {}),
        ...(opts.limitBytes !== undefined ? { limitBytes: opts.limitBytes } : {}),
      },
      opts.signal,
    );
  }
}

export class ScalableClient<T extends KubeObject> extends ResourceClient<T> {
  override inNamespace(namespace: string): ScalableClient<T> {
    return Object.setPrototypeOf(super.inNamespace(namespace), ScalableClient.prototype) as ScalableClient<T>;
  }

  async getScale(name: string): Promise<Scale> {
    const res = await this.unary<{ object: Buffer }>('getScale', { namespace: this.namespace, name });
    return dec<Scale>(res.object);
  }

  async updateScale(name: string, scale: Scale): Promise<Scale> {
    const res = await this.unary<{ object: Buffer }>('updateScale', { namespace: this.namespace, name, scale: enc(scale) });
    return dec<Scale>(res.object);
  }

  async patchScale(name: string, kind: PatchKind, patch: unknown): Promise<Scale> {
    const res = await this.unary<{ object: Buffer }>('patchScale', { namespace: this.namespace, name, type: PATCH_TYPE[kind], patch: enc(patch) });
    return dec<Scale>(res.object);
  }
}

/**
 * The clientset every component uses: one HTTP/2 connection to the apiserver (a UnaryChannel:
 * unary calls and the server streams of watches and logs), a bearer token on every call, and a
 * typed client per resource. `close()` releases the connection; a later call opens another.
 */
export class Clientset {
  private readonly transports = new Map<string, ServiceTransport>();
  private channel?: UnaryChannel;
  private readonly headers: Record<string, string>;

  constructor(readonly config: ClientConfig) {
    this.headers = bearerHeaders(config.token);
  }

  private unaryChannel(): UnaryChannel {
    // 16 MiB windows (the UnaryChannel's default): HTTP/2's 64 KiB would pace a burst of watch
    // events by this process's WINDOW_UPDATEs, a turn of both event loops per 64 KiB.
    return (this.channel ??= new UnaryChannel(this.config.address));
  }

  private transport(resource: string): ServiceTransport {
    let t = this.transports.get(resource);
    if (!t) {
      const svc = SERVICE_FOR_RESOURCE[resource];
      if (!svc) throw newBadRequest(`the server could not find the requested resource "${resource}"`);
      t = new ServiceTransport(resource, serviceDefinition(svc), () => this.unaryChannel(), this.headers);
      this.transports.set(resource, t);
    }
    return t;
  }

  resource<T extends KubeObject = KubeObject>(resource: string, namespace = ''): ResourceClient<T> {
    return new ResourceClient<T>(this.transport(resource), namespace);
  }

  pods(namespace = ''): PodClient {
    return new PodClient(this.transport('pods'), namespace);
  }
  nodes(): ResourceClient<Node> {
    return this.resource<Node>('nodes');
  }
  namespaces(): ResourceClient<Namespace> {
    return this.resource<Namespace>('namespaces');
  }
  events(namespace = ''): ResourceClient<Event> {
    return this.resource<Event>('events', namespace);
  }
  replicationControllers(namespace = ''): ScalableClient<ReplicationController> {
    return new ScalableClient<ReplicationController>(this.transport('replicationcontrollers'), namespace);
  }
  replicaSets(namespace = ''): ScalableClient<ReplicaSet> {
    return new ScalableClient<ReplicaSet>(this.transport('replicasets'), namespace);
  }
  leases(namespace = ''): ResourceClient<Lease> {
    return this.resource<Lease>('leases', namespace);
  }
  services(namespace = ''): ResourceClient<Service> {
    return this.resource<Service>('services', namespace);
  }
  endpoints(namespace = ''): ResourceClient<Endpoints> {
    return this.resource<Endpoints>('endpoints', namespace);
  }

  /** Waits until the apiserver answers (any answer but "unavailable"), or rejects after `timeoutMs`. */
  async waitForReady(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.transport('namespaces').unary('get', { name: 'default' }, deadline);
        return;
      } catch (e) {
        if (!(e instanceof StatusError) || !['ServiceUnavailable', 'Timeout'].includes(e.status.reason ?? '')) return;
        if (Date.now() >= deadline) throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }
}
