import {
  RESOURCES,
  StatusError,
  groupVersion,
  isExpired,
  newBadRequest,
  newInternalError,
  newMethodNotAllowed,
  newMethodNotSupported,
  newNotFound,
  newRequestEntityTooLarge,
  newUnsupportedMediaType,
  OBJECT_MEDIA_TYPES,
  PATCH_MEDIA_TYPES,
  successStatus,
  nestingDepth,
  type DeleteOptions,
  type KubeList,
  type KubeObject,
  type ResourceInfo,
  type Status,
} from '@kubesim/api';
import { handleStatusRoute, type HealthCheck, type Logger } from '@kubesim/component-base';
import {
  decodeErrorMessage,
  typeErrors,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
  openapiV2,
  openapiV3Body,
  openapiV3Root,
  strictDecodingErrors,
  strictDecodingMessage,
  version,
  warningHeader,
} from '@kubesim/discovery';
import { printTable } from '@kubesim/printers';
import { cachedJSONBytes } from '@kubesim/storage';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYAML } from 'yaml';
import type { TokenAuthenticator } from '../authn.js';
import { streamPodLogs } from '../logs.js';
import type { ApiserverMetrics } from '../metrics.js';
import { resourceVersionMatch, type ListOptions, type PatchType, type Registry } from '../registry.js';
import { goJSONSyntaxError, summarizeData } from './jsonerror.js';
import { mediaType, negotiateOutput, type OutputKind } from './negotiate.js';
import { decodeProtobufObject } from './protobuf.js';
import { requestInfo, type RequestInfo } from './requestinfo.js';

const NOT_FOUND_STATUS: Status = {
  apiVersion: 'v1',
  kind: 'Status',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

/** Deepest JSON nesting a body may have (Go allows 10000; the registry's deep copies need less). */
export const MAX_BODY_DEPTH = 1000;

function checkDepth(v: unknown, kind: string, text: string): void {
  if (nestingDepth(v, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw newBadRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: exceeded max depth (${summarizeData(text)})`);
  }
}

/** kube-apiserver's limit on request bodies (3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export interface RestHandlerOptions {
  registry: Registry;
  authenticator: TokenAuthenticator;
  metrics: ApiserverMetrics;
  log: Logger;
  checks: HealthCheck[];
  readyChecks?: HealthCheck[];
  /** host:port clients reach the server at, for /api's serverAddressByClientCIDRs. */
  serverAddress: string;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: RequestInfo;
  warnings: string[];
}

function writeJSON(ctx: Ctx, code: number, body: unknown, contentType = 'application/json'): void {
  const data = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | string[]> = {
    'content-type': contentType,
    'content-length': String(data.length),
    'cache-control': 'no-cache, private',
  };
  if (ctx.warnings.length) headers['warning'] = ctx.warnings.map(warningHeader);
  ctx.res.writeHead(code, headers);
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : data);
}

function writeStatus(ctx: Ctx, err: unknown): number {
  const se = err instanceof StatusError ? err : newInternalError(err);
  try {
    if (!ctx.res.headersSent) writeJSON(ctx, se.status.code, se.status);
    else ctx.res.destroy();
  } catch {
    ctx.res.destroy();
  }
  return se.status.code;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY_BYTES) throw newRequestEntityTooLarge(`Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) throw newRequestEntityTooLarge(`Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes a JSON or YAML object body; anything else is 415, malformed is 400. */
function decodeObject(body: Buffer, contentType: string | undefined, r: ResourceInfo, what = 'object'): { obj: KubeObject; text: string } {
  const type = mediaType(contentType) || 'application/json';
  if (type === 'application/vnd.kubernetes.protobuf') {
    const obj = decodeProtobufObject(body);
    return { obj, text: JSON.stringify(obj) };
  }
  const text = body.toString('utf8');
  if (!text.trim()) throw newBadRequest(`the body of the request was empty`);
  let obj: unknown;
  if (type === 'application/json') {
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw newBadRequest(
        `the object provided is unrecognized (must be of type ${r.kind}): couldn't get version/kind; json parse error: ${goJSONSyntaxError(text, e as Error)} (${summarizeData(text)})`,
      );
    }
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    try {
      obj = parseYAML(text);
    } catch (e) {
      throw newBadRequest(`the object provided is unrecognized (must be of type ${r.kind}): error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    throw newUnsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw newBadRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: the ${what} must be a JSON object`);
  }
  checkDepth(obj, r.kind, text);
  // Decoding errors (a label that is a bool, a string replicas) are 400s whatever fieldValidation says.
  const o = obj as KubeObject;
  const apiVersion = typeof o.apiVersion === 'string' && o.apiVersion ? o.apiVersion : groupVersion(r);
  const kind = typeof o.kind === 'string' && o.kind ? o.kind : r.kind;
  const errs = type === 'application/json' ? typeErrors(apiVersion, kind, text, obj) : typeErrors(apiVersion, kind, obj);
  if (errs.length) throw newBadRequest(decodeErrorMessage(apiVersion, kind, errs, text));
  return { obj: o, text: type === 'application/json' ? text : JSON.stringify(obj) };
}

function fieldValidation(ctx: Ctx, r: ResourceInfo, text: string, apiVersion: string, kind: string): void {
  const mode = ctx.url.searchParams.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore', ''].includes(mode)) {
    throw newBadRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  if (mode === 'Ignore' || mode === '') return;
  const errors = strictDecodingErrors(apiVersion, kind, text);
  if (!errors.length) return;
  if (mode === 'Strict') throw newBadRequest(strictDecodingMessage(apiVersion, kind, errors));
  ctx.warnings.push(...errors);
  void r;
}

function listOptions(q: URLSearchParams): ListOptions {
  const o: ListOptions = {};
  const s = (k: string) => q.get(k) ?? undefined;
  if (s('labelSelector')) o.labelSelector = s('labelSelector')!;
  if (s('fieldSelector')) o.fieldSelector = s('fieldSelector')!;
  if (s('limit')) {
    const n = Number(s('limit'));
    if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid value for limit: "${s('limit')}"`);
    o.limit = n;
  }
  if (s('continue')) o.continue = s('continue')!;
  if (s('resourceVersion') !== undefined) o.resourceVersion = s('resourceVersion')!;
  if (s('resourceVersionMatch')) o.resourceVersionMatch = resourceVersionMatch(s('resourceVersionMatch')!);
  if (['1', 'true'].includes(s('allowWatchBookmarks') ?? '')) o.allowWatchBookmarks = true;
  if (s('timeoutSeconds')) {
    const n = Number(s('timeoutSeconds'));
    if (!Number.isFinite(n) || n < 0) throw newBadRequest(`invalid value for timeoutSeconds: "${s('timeoutSeconds')}"`);
    o.timeoutSeconds = n;
  }
  if (['1', 'true'].includes(s('sendInitialEvents') ?? '')) o.sendInitialEvents = true;
  return o;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw newBadRequest(`invalid value for ${name}: "${v}"`);
  return n;
}

function deleteOptions(q: URLSearchParams, body: Buffer): DeleteOptions {
  let opts: DeleteOptions = {};
  const text = body.toString('utf8').trim();
  if (text) {
    try {
      opts = JSON.parse(text) as DeleteOptions;
    } catch (e) {
      throw newBadRequest(`the body of the request could not be decoded as DeleteOptions: ${(e as Error).message}`);
    }
    if (!opts || typeof opts !== 'object') throw newBadRequest('the body of the request could not be decoded as DeleteOptions');
    checkDepth(opts, 'DeleteOptions', text);
    const errs = typeErrors('v1', 'DeleteOptions', text);
    if (errs.length) throw newBadRequest(decodeErrorMessage('v1', 'DeleteOptions', errs, text));
  }
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = q.get('orphanDependents');
  if (orphan) opts.orphanDependents = orphan === 'true';
  if (q.getAll('dryRun').length) opts.dryRun = q.getAll('dryRun');
  return opts;
}

/** Pod subresources that live on an upgraded connection (WebSocket or SPDY streams): exec, attach, port-forward. */
const STREAMING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/**
 * kubectl exec, attach, port-forward and cp ask for a connection upgrade that kubesim's apiserver
 * does not offer. Answered with 405 and what to do instead, rather than a NotFound that reads as if
 * the pod were missing.
 */
function streamingNotSupported(subresource: string) {
  return newMethodNotAllowed(
    `kubesim does not support pods/${subresource} (kubectl exec, attach, port-forward and cp): containers are processes on this host, ` +
      'listening on their pod IP (kubectl get pod -o wide); kubectl logs works',
  );
}

/**
 * The Kubernetes REST API over the one Registry: discovery, OpenAPI, CRUD, watch, patches,
 * subresources and server-side printing. A failed request writes nothing and answers a Status.
 */
export function createRestHandler(opts: RestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { registry, authenticator, metrics, log } = opts;

  const resourceFor = (info: RequestInfo): ResourceInfo => {
    const r = RESOURCES.find((x) => x.group === info.apiGroup && x.version === info.apiVersion && x.resource === info.resource);
    if (!r) throw newNotFound({ group: info.apiGroup, resource: info.resource }, '');
    if (r.resource === 'pods' && info.subresource && STREAMING_SUBRESOURCES.has(info.subresource)) throw streamingNotSupported(info.subresource);
    if (info.subresource && !r.subresources.includes(info.subresource) && !(info.subresource === 'status' && r.resource === 'namespaces')) {
      throw newNotFound({ group: r.group, resource: `${r.resource}/${info.subresource}` }, info.name);
    }
    return r;
  };

  const output = (ctx: Ctx): OutputKind => {
    const o = negotiateOutput(ctx.req.headers.accept);
    if (!o) {
      throw new StatusError({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', reason: 'NotAcceptable', code: 406, message: `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf` });
    }
    return o;
  };

  /** Renders an object or list as the client asked: itself, a Table, or partial metadata. */
  const render = (ctx: Ctx, r: ResourceInfo, out: OutputKind, data: KubeObject | KubeList, isList: boolean): unknown => {
    if (out.kind === 'object') return data;
    if (out.kind === 'table') {
      const items = isList ? (data as KubeList).items : [data as KubeObject];
      return printTable(r.group ? `${r.resource}.${r.group}` : r.resource, items, {
        now: registry.clock(),
        includeObject: (ctx.url.searchParams.get('includeObject') ?? 'Metadata') as 'None' | 'Metadata' | 'Object',
        apiVersion: out.apiVersion,
        ...(isList ? { listMeta: (data as KubeList).metadata } : {}),
      });
    }
    const partial = (o: KubeObject) => ({ kind: 'PartialObjectMetadata', apiVersion: out.apiVersion, metadata: o.metadata });
    if (isList) return { kind: 'PartialObjectMetadataList', apiVersion: out.apiVersion, metadata: (data as KubeList).metadata, items: (data as KubeList).items.map(partial) };
    return partial(data as KubeObject);
  };

  const WATCH_LINE_END = Buffer.from('}\n');
  const serveWatch = async (ctx: Ctx, r: ResourceInfo, namespace: string, out: OutputKind, lo: ListOptions): Promise<number> => {
    if (ctx.info.name) lo.fieldSelector = [`metadata.name=${ctx.info.name}`, lo.fieldSelector].filter(Boolean).join(',');
    const ac = new AbortController();
    ctx.res.on('close', () => ac.abort());
    const gauge = { verb: 'watch', resource: r.resource, protocol: 'rest' };
    metrics.longRunning.inc(gauge);
    let headersSent = false;
    const send = async (type: string, object: unknown, shared = false) => {
      if (!headersSent) {
        ctx.res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
        headersSent = true;
      }
      // A shared watch object is serialized once for all its watchers (cachingObject).
      const ok = shared
        ? ctx.res.write(Buffer.concat([Buffer.from(`{"type":${JSON.stringify(type)},"object":`), cachedJSONBytes(object as object), WATCH_LINE_END]))
        : ctx.res.write(`${JSON.stringify({ type, object })}\n`);
      if (!ok && !ac.signal.aborted) {
        await new Promise<void>((resolve) => {
          const done = () => resolve();
          ctx.res.once('drain', done);
          ac.signal.addEventListener('abort', done, { once: true });
        });
      }
    };
    try {
      const events = registry.watch(r.resource, namespace, lo, ac.signal);
      // Headers go out at once so that the client knows the watch is established (kubectl waits for them).
      ctx.res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
      ctx.res.flushHeaders();
      headersSent = true;
      for await (const ev of events) {
        const object = ev.type === 'BOOKMARK' || out.kind === 'object' ? ev.object : render(ctx, r, out, ev.object, false);
        await send(ev.type, object, object === ev.object);
      }
      ctx.res.end();
      return 200;
    } catch (err) {
      if (ac.signal.aborted) return 200;
      const se = err instanceof StatusError ? err : newInternalError(err);
      if (!headersSent) {
        writeStatus(ctx, se);
        return se.status.code;
      }
      // Once streaming, errors (410 Expired above all) arrive as an ERROR event, then the stream ends.
      await send('ERROR', se.status);
      ctx.res.end();
      if (!isExpired(se)) log.warn({ err: se.message }, 'watch failed');
      return se.status.code;
    } finally {
      metrics.longRunning.dec(gauge);
    }
  };

  const serveLog = async (ctx: Ctx, namespace: string): Promise<number> => {
    const q = ctx.url.searchParams;
    const bool = (k: string) => ['1', 'true'].includes(q.get(k) ?? '');
    const lo = {
      ...(q.get('container') ? { container: q.get('container')! } : {}),
      follow: bool('follow'),
      previous: bool('previous'),
      timestamps: bool('timestamps'),
      ...(intParam(q, 'tailLines') !== undefined ? { tailLines: intParam(q, 'tailLines')! } : {}),
      ...(intParam(q, 'sinceSeconds') !== undefined ? { sinceSeconds: intParam(q, 'sinceSeconds')! } : {}),
      ...(q.get('sinceTime') ? { sinceTime: q.get('sinceTime')! } : {}),
      ...(intParam(q, 'limitBytes') !== undefined ? { limitBytes: intParam(q, 'limitBytes')! } : {}),
    };
    const ac = new AbortController();
    ctx.res.on('close', () => ac.abort());
    const iter = streamPodLogs(registry, namespace, ctx.info.name, lo, ac.signal);
    // The first chunk (or error) decides the status code.
    const first = await iter.next();
    ctx.res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache, private' });
    ctx.res.flushHeaders();
    if (!first.done) ctx.res.write(first.value);
    try {
      for await (const chunk of iter) ctx.res.write(chunk);
    } catch (e) {
      if (!ac.signal.aborted) log.warn({ err: (e as Error).message }, 'log stream failed');
    }
    ctx.res.end();
    return 200;
  };

  const serveResource = async (ctx: Ctx): Promise<number> => {
    const { info, url, req } = ctx;
    const r = resourceFor(info);
    const q = url.searchParams;
    const namespace = r.namespaced ? info.namespace : '';
    if (r.namespaced && !namespace && info.name) throw newNotFound({ group: r.group, resource: r.resource }, info.name);
    const name = r.resource === 'namespaces' ? info.name : info.name;
    const dryRun = q.getAll('dryRun').includes('All');
    const fieldManager = q.get('fieldManager') ?? '';
    const sub = info.subresource;

    switch (info.verb) {
      case 'get': {
        if (sub === 'log') return serveLog(ctx, namespace);
        const out = output(ctx);
        if (sub === 'scale') {
          writeJSON(ctx, 200, await registry.getScale(r.resource, namespace, name));
          return 200;
        }
        const obj = await registry.get(r.resource, namespace, name);
        writeJSON(ctx, 200, render(ctx, r, out, obj, false));
        return 200;
      }
      case 'list': {
        const out = output(ctx);
        const list = await registry.list(r.resource, namespace, listOptions(q));
        writeJSON(ctx, 200, render(ctx, r, out, list, true));
        return 200;
      }
      case 'watch':
        return serveWatch(ctx, r, namespace, output(ctx), listOptions(q));
      case 'create': {
        const body = await readBody(req);
        if (sub === 'binding' && r.resource === 'pods') {
          const { obj } = decodeObject(body, req.headers['content-type'], { ...r, kind: 'Binding' }, 'binding');
          await registry.bind(namespace, name, obj as never);
          writeJSON(ctx, 201, successStatus());
          return 201;
        }
        if (name || sub) throw newMethodNotSupported({ group: r.group, resource: r.resource }, 'create');
        const { obj, text } = decodeObject(body, req.headers['content-type'], r);
        fieldValidation(ctx, r, text, obj.apiVersion ?? groupVersion(r), obj.kind ?? r.kind);
        const created = await registry.create(r.resource, namespace, obj, { dryRun, fieldManager });
        writeJSON(ctx, 201, created);
        return 201;
      }
      case 'update': {
        const body = await readBody(req);
        if (sub === 'scale') {
          const { obj } = decodeObject(body, req.headers['content-type'], { ...r, kind: 'Scale', version: 'v1' }, 'scale');
          writeJSON(ctx, 200, await registry.updateScale(r.resource, namespace, name, obj as never));
          return 200;
        }
        const { obj, text } = decodeObject(body, req.headers['content-type'], r);
        fieldValidation(ctx, r, text, obj.apiVersion ?? groupVersion(r), obj.kind ?? r.kind);
        const updated = await registry.update(r.resource, namespace, name, obj, { dryRun, fieldManager, ...(sub === 'status' ? { subresource: 'status' as const } : {}) });
        writeJSON(ctx, 200, updated);
        return 200;
      }
      case 'patch': {
        const type = PATCH_TYPES[mediaType(req.headers['content-type'])];
        if (!type) throw newUnsupportedMediaType(PATCH_MEDIA_TYPES);
        const body = await readBody(req);
        const text = body.toString('utf8');
        let patch: unknown;
        try {
          patch = type === 'apply' ? parseYAML(text) : JSON.parse(text);
        } catch (e) {
          throw newBadRequest(`error decoding patch: ${(e as Error).message}`);
        }
        checkDepth(patch, r.kind, text);
        if (type === 'apply') {
          const applied = patch as KubeObject;
          fieldValidation(ctx, r, JSON.stringify(applied), applied?.apiVersion ?? groupVersion(r), applied?.kind ?? r.kind);
          if (!fieldManager) throw newBadRequest('PATCH requests with apply content type (application/apply-patch+yaml) require the fieldManager parameter');
        }
        if (sub === 'scale') {
          writeJSON(ctx, 200, await registry.patchScale(r.resource, namespace, name, type, patch));
          return 200;
        }
        const patched = await registry.patch(r.resource, namespace, name, type, patch, {
          dryRun,
          fieldManager,
          force: q.get('force') === 'true',
          ...(sub === 'status' ? { subresource: 'status' as const } : {}),
        });
        writeJSON(ctx, 200, patched);
        return 200;
      }
      case 'delete': {
        if (sub) throw newMethodNotSupported({ group: r.group, resource: `${r.resource}/${sub}` }, 'delete');
        const res = await registry.delete(r.resource, namespace, name, deleteOptions(q, await readBody(req)));
        writeJSON(ctx, 200, res.object);
        return 200;
      }
      case 'deletecollection': {
        const opts = deleteOptions(q, await readBody(req));
        const list = await registry.deleteCollection(r.resource, namespace, listOptions(q), opts);
        writeJSON(ctx, 200, list);
        return 200;
      }
      default:
        throw newMethodNotSupported({ group: r.group, resource: r.resource }, info.verb);
    }
  };

  /** Discovery and OpenAPI documents. Returns false when the path is none of them. */
  const serveNonResource = async (ctx: Ctx): Promise<boolean> => {
    const { url, req } = ctx;
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/version') {
      writeJSON(ctx, 200, version());
      return true;
    }
    if (path === '/api' || path === '/apis') {
      const neg = negotiateDiscovery(req.headers.accept);
      if (neg) {
        writeJSON(ctx, 200, aggregatedDiscovery(path === '/api' ? 'core' : 'apis', neg.version), neg.contentType);
      } else {
        writeJSON(ctx, 200, path === '/api' ? apiVersions(opts.serverAddress) : apiGroupList());
      }
      return true;
    }
    const gv = /^\/api\/(v1)$/.exec(path) ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
    if (gv) {
      const list = apiResourceList(gv[1]!);
      if (!list) throw newNotFound({ group: '', resource: '' }, '');
      writeJSON(ctx, 200, list);
      return true;
    }
    const g = /^\/apis\/([^/]+)$/.exec(path);
    if (g) {
      const doc = apiGroup(g[1]!);
      if (!doc) throw newNotFound({ group: '', resource: '' }, '');
      writeJSON(ctx, 200, doc);
      return true;
    }
    if (path === '/openapi/v2') {
      const doc = openapiV2(req.headers.accept ?? 'application/json');
      ctx.res.writeHead(200, { 'content-type': doc.contentType, 'content-length': String(doc.body.length), 'cache-control': 'no-cache, private' }).end(doc.body);
      return true;
    }
    if (path === '/openapi/v3') {
      writeJSON(ctx, 200, openapiV3Root());
      return true;
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiV3Body(path.slice('/openapi/v3/'.length));
      if (!doc) throw newNotFound({ group: '', resource: '' }, '');
      const cache = url.searchParams.get('hash') === doc.hash ? 'public, immutable' : 'no-cache, private';
      ctx.res.writeHead(200, { 'content-type': doc.contentType, 'content-length': String(doc.body.length), 'cache-control': cache, etag: `"${doc.hash}"` }).end(doc.body);
      return true;
    }
    return false;
  };

  return (req, res) => {
    let url: URL;
    let info: RequestInfo;
    try {
      const target = req.url ?? '/';
      url = new URL(target.startsWith('/') ? `https://localhost${target}` : target, 'https://localhost');
      info = requestInfo(req.method ?? 'GET', url);
    } catch (e) {
      const se = e instanceof StatusError ? e : newBadRequest(`malformed request target ${JSON.stringify(req.url)}: ${(e as Error).message}`);
      const data = JSON.stringify(se.status);
      res.writeHead(se.status.code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) }).end(data);
      metrics.requests.inc({ verb: req.method ?? '', resource: '', subresource: '', protocol: 'rest', code: String(se.status.code) });
      return;
    }
    const ctx: Ctx = { req, res, url, info, warnings: [] };
    const labels = { verb: info.isResourceRequest ? info.verb : (req.method ?? 'GET'), resource: info.resource, subresource: info.subresource, protocol: 'rest' };
    const end = info.verb === 'watch' || info.subresource === 'log' ? undefined : metrics.latency.startTimer(labels);
    void (async () => {
      let code = 200;
      try {
        // Health endpoints are public, as kube-apiserver's system:public-info-viewer allows.
        if (['/healthz', '/livez', '/readyz', '/version'].includes(url.pathname.replace(/\/$/, '')) || url.pathname.startsWith('/healthz/') || url.pathname.startsWith('/livez/') || url.pathname.startsWith('/readyz/')) {
          if (url.pathname.startsWith('/version')) {
            writeJSON(ctx, 200, version());
            return;
          }
          if (await handleStatusRoute({ checks: opts.checks, readyChecks: opts.readyChecks ?? [] }, req, res)) return;
          code = 404;
          writeJSON(ctx, 404, NOT_FOUND_STATUS);
          return;
        }
        const auth = req.headers.authorization;
        const token = auth && /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
        authenticator.authenticate(token || undefined);
        if (url.pathname === '/metrics') {
          await handleStatusRoute({ checks: [], metrics: metrics.registry }, req, res);
          return;
        }
        if (!info.isResourceRequest) {
          if (await serveNonResource(ctx)) return;
          code = 404;
          writeJSON(ctx, 404, NOT_FOUND_STATUS);
          return;
        }
        code = await serveResource(ctx);
      } catch (err) {
        code = writeStatus(ctx, err);
        if (code >= 500) log.error({ err, method: req.method, path: url.pathname }, 'request failed');
      } finally {
        end?.();
        metrics.requests.inc({ ...labels, code: String(code) });
      }
    })().catch((err) => {
      log.error({ err }, 'request handler failed');
      res.destroy();
    });
  };
}
