import { RESOURCES, groupVersion, isExpired, nestingDepth, newBadRequest, type DeleteOptions, type KubeObject } from '@kubesim/api';
import { decodeErrorMessage, typeErrors } from '@kubesim/discovery';
import { MAX_BODY_DEPTH } from './rest/handler.js';
import type { Logger } from '@kubesim/component-base';
import {
  GrpcServer,
  SERVICE_FOR_RESOURCE,
  type ServerStreamCall,
  type UnaryCall,
  bearerToken,
  serviceDefinition,
  toGrpcError,
  type ListOptions__Output,
  type PatchType as ProtoPatchType,
} from '@kubesim/proto';
import { cachedJSONBytes } from '@kubesim/storage';
import { parse as parseYAML } from 'yaml';
import type { TokenAuthenticator } from './authn.js';
import { streamPodLogs } from './logs.js';
import { WatchEventWriter } from './watch-writer.js';
import type { ApiserverMetrics } from './metrics.js';
import { resourceVersionMatch, type ListOptions, type PatchType, type Registry } from './registry.js';

const PATCH_TYPES: Record<string, PatchType | undefined> = {
  PATCH_TYPE_UNSPECIFIED: undefined,
  JSON_PATCH: 'json',
  MERGE_PATCH: 'merge',
  STRATEGIC_MERGE_PATCH: 'strategic',
  APPLY_PATCH: 'apply',
};

const POLICIES = { ORPHAN: 'Orphan', BACKGROUND: 'Background', FOREGROUND: 'Foreground' } as const;

const utf8 = (buf: Buffer | undefined) => (buf ? buf.toString('utf8') : '');

function decodeJSON(text: string, what = 'object'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw newBadRequest(`the ${what} of the request could not be decoded: ${(e as Error).message}`);
  }
}

/** Decodes an object body as the REST front does: JSON object, bounded depth, Go's type errors. */
function decodeObject(buf: Buffer | undefined, apiVersion: string, kind: string, what = 'object'): KubeObject {
  const text = utf8(buf);
  const obj = decodeJSON(text, what);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw newBadRequest(`${kind} in version "${apiVersion}" cannot be handled as a ${kind}: the ${what} must be a JSON object`);
  }
  if (nestingDepth(obj, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw newBadRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: exceeded max depth`);
  }
  const errs = typeErrors(apiVersion, kind, text, obj);
  if (errs.length) throw newBadRequest(decodeErrorMessage(apiVersion, kind, errs, text));
  return obj as KubeObject;
}

const encode = (o: unknown) => Buffer.from(JSON.stringify(o));

function listOptions(o: ListOptions__Output | null | undefined): ListOptions {
  if (!o) return {};
  const out: ListOptions = {};
  if (o.labelSelector) out.labelSelector = o.labelSelector;
  if (o.fieldSelector) out.fieldSelector = o.fieldSelector;
  if (o.limit) out.limit = Number(o.limit);
  if (o.continue) out.continue = o.continue;
  if (o.resourceVersion) out.resourceVersion = o.resourceVersion;
  if (o.resourceVersionMatch) out.resourceVersionMatch = resourceVersionMatch(o.resourceVersionMatch);
  if (o.allowWatchBookmarks) out.allowWatchBookmarks = true;
  if (o.timeoutSeconds) out.timeoutSeconds = Number(o.timeoutSeconds);
  if (o.sendInitialEvents) out.sendInitialEvents = true;
  return out;
}

export interface GrpcFrontOptions {
  registry: Registry;
  authenticator: TokenAuthenticator;
  metrics: ApiserverMetrics;
  log: Logger;
}

/** Registers one service per resource (kubesim.v1.Pods, ...) on `server`, all over the one registry. */
export function addResourceServices(server: Pick<GrpcServer, 'addService'>, opts: GrpcFrontOptions): void {
  const { registry, authenticator, metrics, log } = opts;

  for (const r of RESOURCES) {
    const svc = SERVICE_FOR_RESOURCE[r.resource];
    if (!svc) continue;
    const resource = r.resource;

    type AnyReq = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const unary =
      (verb: string, fn: (req: AnyReq) => Promise<unknown>, subresource = '', okCode = 200) =>
      (call: UnaryCall<AnyReq>, cb: (err: Error | null, res?: unknown) => void) => {
        metrics
          .observe({ verb, resource, subresource, protocol: 'grpc' }, async () => {
            authenticator.authenticate(bearerToken(call.metadata));
            return fn(call.request);
          }, okCode)
          .then(
            (res) => cb(null, res),
            (err) => {
              log.debug({ err, verb, resource }, 'request failed');
              cb(toGrpcError(err));
            },
          );
      };

    const obj = (o: unknown) => ({ object: encode(o) });
    const patchType = (t: ProtoPatchType) => {
      const p = PATCH_TYPES[String(t)];
      if (!p) throw newBadRequest('patch type is required');
      return p;
    };

    const handlers: Record<string, unknown> = {
      Create: unary('create', async (q) => obj(await registry.create(resource, q['namespace'], decodeObject(q['object'], groupVersion(r), r.kind), { dryRun: q['dryRun'], fieldManager: q['fieldManager'] })), '', 201),
      Get: unary('get', async (q) => obj(await registry.get(resource, q['namespace'], q['name']))),
      List: unary('list', async (q) => obj(await registry.list(resource, q['namespace'], listOptions(q['options'])))),
      Update: unary('update', async (q) => obj(await registry.update(resource, q['namespace'], q['name'], decodeObject(q['object'], groupVersion(r), r.kind), { dryRun: q['dryRun'] }))),
      UpdateStatus: unary('update', async (q) => obj(await registry.update(resource, q['namespace'], q['name'], decodeObject(q['object'], groupVersion(r), r.kind), { dryRun: q['dryRun'], subresource: 'status' })), 'status'),
      Patch: unary('patch', async (q) =>
        obj(await registry.patch(resource, q['namespace'], q['name'], patchType(q['type']), decodePatch(q['type'], q['patch']), { dryRun: q['dryRun'], force: q['force'], fieldManager: q['fieldManager'] })),
      ),
      PatchStatus: unary('patch', async (q) =>
        obj(await registry.patch(resource, q['namespace'], q['name'], patchType(q['type']), decodePatch(q['type'], q['patch']), { subresource: 'status', dryRun: q['dryRun'] })),
      'status'),
      Delete: unary('delete', async (q) => {
        const opts: DeleteOptions = {};
        if (q['gracePeriodSeconds'] !== undefined && q['gracePeriodSeconds'] !== null) opts.gracePeriodSeconds = Number(q['gracePeriodSeconds']);
        const pre = q['preconditions'] ?? {};
        if (pre.uid || pre.resourceVersion) opts.preconditions = { ...(pre.uid ? { uid: pre.uid } : {}), ...(pre.resourceVersion ? { resourceVersion: pre.resourceVersion } : {}) };
        const policy = POLICIES[q['propagationPolicy'] as keyof typeof POLICIES];
        if (policy) opts.propagationPolicy = policy;
        if (q['dryRun']) opts.dryRun = ['All'];
        const res = await registry.delete(resource, q['namespace'], q['name'], opts);
        return { object: encode(res.object), finished: res.finished };
      }),
      DeleteCollection: unary('deletecollection', async (q) => {
        const opts: DeleteOptions = {};
        if (q['gracePeriodSeconds'] !== undefined && q['gracePeriodSeconds'] !== null) opts.gracePeriodSeconds = Number(q['gracePeriodSeconds']);
        const policy = POLICIES[q['propagationPolicy'] as keyof typeof POLICIES];
        if (policy) opts.propagationPolicy = policy;
        return obj(await registry.deleteCollection(resource, q['namespace'], listOptions(q['options']), opts));
      }),
      Watch: (call: ServerStreamCall<AnyReq>) => {
        const ac = new AbortController();
        call.on('cancelled', () => ac.abort());
        call.on('close', () => ac.abort());
        const labels = { verb: 'watch', resource, protocol: 'grpc' };
        void (async () => {
          let code = 200;
          metrics.longRunning.inc(labels);
          const out = new WatchEventWriter(call, ac.signal);
          try {
            authenticator.authenticate(bearerToken(call.metadata));
            const q = call.request;
            for await (const ev of registry.watch(resource, q['namespace'], listOptions(q['options']), ac.signal)) {
              // Serialized once for every watcher of the same shared object (cachingObject).
              await out.send({ type: ev.type, object: cachedJSONBytes(ev.object) });
            }
            await out.flushed();
            call.end();
          } catch (err) {
            if (ac.signal.aborted) return;
            if (isExpired(err)) {
              // As the REST watch does: a 410 arrives as an ERROR event carrying the Status, after the events before it.
              code = 410;
              await out.send({ type: 'ERROR', object: encode((err as { status: unknown }).status) });
              await out.flushed();
              call.end();
              return;
            }
            code = (err as { status?: { code?: number } }).status?.code ?? 500;
            call.emit('error', toGrpcError(err));
          } finally {
            metrics.longRunning.dec(labels);
            metrics.requests.inc({ ...labels, subresource: '', code: String(code) });
          }
        })();
      },
    };

    if (r.subresources.includes('binding')) {
      handlers['Bind'] = unary('create', async (q) => {
        await registry.bind(q['namespace'], q['name'], decodeObject(q['binding'], 'v1', 'Binding', 'binding') as never);
        return {};
      }, 'binding', 201);
    }
    if (r.subresources.includes('scale')) {
      handlers['GetScale'] = unary('get', async (q) => obj(await registry.getScale(resource, q['namespace'], q['name'])), 'scale');
      handlers['UpdateScale'] = unary('update', async (q) => obj(await registry.updateScale(resource, q['namespace'], q['name'], decodeObject(q['scale'], 'autoscaling/v1', 'Scale', 'scale') as never)), 'scale');
      handlers['PatchScale'] = unary('patch', async (q) => obj(await registry.patchScale(resource, q['namespace'], q['name'], patchType(q['type']), decodePatch(q['type'], q['patch']))), 'scale');
    }
    if (r.subresources.includes('log')) {
      handlers['GetLog'] = (call: ServerStreamCall<AnyReq>) => {
        const ac = new AbortController();
        call.on('cancelled', () => ac.abort());
        void (async () => {
          let code = 200;
          try {
            authenticator.authenticate(bearerToken(call.metadata));
            const q = call.request;
            const opts = {
              ...(q['container'] ? { container: q['container'] } : {}),
              follow: !!q['follow'],
              previous: !!q['previous'],
              timestamps: !!q['timestamps'],
              ...(q['tailLines'] != null ? { tailLines: Number(q['tailLines']) } : {}),
              ...(q['sinceSeconds'] != null ? { sinceSeconds: Number(q['sinceSeconds']) } : {}),
              ...(q['sinceTime'] != null ? { sinceTime: q['sinceTime'] } : {}),
              ...(q['limitBytes'] != null ? { limitBytes: Number(q['limitBytes']) } : {}),
            };
            for await (const data of streamPodLogs(registry, q['namespace'], q['name'], opts, ac.signal)) call.write({ data });
            call.end();
          } catch (err) {
            if (ac.signal.aborted) return;
            code = (err as { status?: { code?: number } }).status?.code ?? 500;
            call.emit('error', toGrpcError(err));
          } finally {
            metrics.requests.inc({ verb: 'get', resource, subresource: 'log', protocol: 'grpc', code: String(code) });
          }
        })();
      };
    }
    server.addService(serviceDefinition(svc), handlers);
  }
}

/** JSON patches are lists; merge patches and apply configurations are objects. Apply may be YAML. */
function decodePatch(type: ProtoPatchType, buf: Buffer | undefined): unknown {
  if (type === 'APPLY_PATCH') {
    try {
      return parseYAML(utf8(buf));
    } catch (e) {
      throw newBadRequest(`the patch of the request could not be decoded: ${(e as Error).message}`);
    }
  }
  return decodeJSON(utf8(buf), 'patch');
}

/** The gRPC front: a GrpcServer (@kubesim/proto, plain gRPC on node:http2) with every resource's service. */
export async function startGrpcServer(host: string, port: number, opts: GrpcFrontOptions): Promise<{ server: GrpcServer; port: number }> {
  const server = new GrpcServer({ maxReceiveMessageLength: 4 * 1024 * 1024 });
  addResourceServices(server, opts);
  return { server, port: await server.listen(host, port) };
}
