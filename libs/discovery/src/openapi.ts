import { createHash } from 'node:crypto';
import { RESOURCES, deepFreeze, type ResourceInfo } from '@kubesim/api';
import { encodeOpenAPIV2Proto } from './openapi-proto.js';
import { KUBERNETES_VERSION } from './version.js';
import {
  WELL_KNOWN,
  definitionId,
  reachable,
  typeSchema,
  type FieldSchema,
  type GroupVersionKind,
  type Shape,
  type TypeSchema,
} from './schema/model.js';

/**
 * OpenAPI v2 (`/openapi/v2`) and v3 (`/openapi/v3`, `/openapi/v3/<api|apis/group>/<version>`)
 * documents of the served API, generated from the schema table of `@kubesim/api` (`schema/defs.ts`), in the
 * shape kube-apiserver publishes: `x-kubernetes-group-version-kind` on kinds and operations,
 * patch strategies and list types on fields, and the `fieldValidation` query parameter on every
 * POST/PUT/PATCH, which is how kubectl decides to leave validation to the server.
 */

type Json = Record<string, unknown>;
type Style = 'v2' | 'v3';

// ---------------------------------------------------------------- schemas

function refTo(name: string, style: Style): Json {
  return { $ref: style === 'v3' ? `#/components/schemas/${definitionId(name)}` : `#/definitions/${definitionId(name)}` };
}

/** The schema of a value (a list item, a map value) with no description of its own. */
function shapeSchema(shape: Shape, style: Style): Json {
  switch (shape.kind) {
    case 'primitive':
      return { type: shape.type, ...(shape.format && { format: shape.format }) };
    case 'free':
      return { type: 'object', ...(style === 'v3' && { 'x-kubernetes-preserve-unknown-fields': true }) };
    case 'named':
      // kube-openapi v3 wraps references to structs in allOf so that siblings stay legal.
      return style === 'v3' && typeSchema(shape.name) ? { allOf: [refTo(shape.name, style)], default: {} } : refTo(shape.name, style);
    case 'array':
      return { type: 'array', items: shapeSchema(shape.items, style) };
    case 'map':
      return { type: 'object', additionalProperties: shapeSchema(shape.values, style) };
  }
}

function fieldSchema(f: FieldSchema, style: Style): Json {
  let s: Json;
  if (f.shape.kind === 'named') {
    s = style === 'v3' ? { allOf: [refTo(f.shape.name, style)] } : refTo(f.shape.name, style);
  } else {
    s = shapeSchema(f.shape, style);
  }
  if (f.description) s.description = f.description;
  if (f.listType) s['x-kubernetes-list-type'] = f.listType;
  if (f.listMapKeys) s['x-kubernetes-list-map-keys'] = [...f.listMapKeys];
  if (f.mapType) s['x-kubernetes-map-type'] = f.mapType;
  if (f.patchMergeKey) s['x-kubernetes-patch-merge-key'] = f.patchMergeKey;
  if (f.patchStrategy) s['x-kubernetes-patch-strategy'] = f.patchStrategy;
  return s;
}

function typeDefinition(t: TypeSchema, style: Style): Json {
  const properties: Json = {};
  for (const f of t.fields.values()) properties[f.name] = fieldSchema(f, style);
  return {
    description: t.description,
    properties,
    ...(t.required.length > 0 && { required: [...t.required] }),
    type: 'object',
    ...(t.gvks.length > 0 && { 'x-kubernetes-group-version-kind': t.gvks.map((k) => ({ ...k })) }),
    ...(t.atomic && { 'x-kubernetes-map-type': 'atomic' }),
  };
}

function definitions(names: readonly string[], style: Style): Json {
  const out: Json = {};
  for (const name of names) {
    const wk = WELL_KNOWN.get(name);
    out[definitionId(name)] = wk ? { description: wk.description, ...(style === 'v3' ? wk.v3 : wk.v2) } : typeDefinition(typeSchema(name)!, style);
  }
  return out;
}

// ---------------------------------------------------------------- paths

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

interface Operation {
  method: Method;
  operationId: string;
  description: string;
  action: 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
  gvk: GroupVersionKind;
  query: readonly string[];
  /** Request body type (short name); PATCH bodies are always `Patch`. */
  body?: string;
  /** Response type by status code; `string` for a text body (logs). */
  responses: Readonly<Record<string, string>>;
}

interface PathItem {
  resource: ResourceInfo;
  path: string;
  params: readonly ('name' | 'namespace')[];
  ops: Operation[];
}

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const WATCH_PRODUCES = [...PRODUCES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

const PARAMS: Readonly<Record<string, { type: 'string' | 'boolean' | 'integer'; description: string }>> = {
  allowWatchBookmarks: {
    type: 'boolean',
    description:
      'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session. If this is not a watch, this field is ignored.',
  },
  container: { type: 'string', description: 'The container for which to stream logs. Defaults to only container if there is one container in the pod.' },
  continue: {
    type: 'string',
    description:
      'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.',
  },
  dryRun: {
    type: 'string',
    description:
      'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  },
  fieldManager: {
    type: 'string',
    description:
      'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  },
  fieldSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.' },
  fieldValidation: {
    type: 'string',
    description:
      'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  },
  follow: { type: 'boolean', description: 'Follow the log stream of the pod. Defaults to false.' },
  force: {
    type: 'boolean',
    description:
      'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  },
  gracePeriodSeconds: {
    type: 'integer',
    description:
      'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.',
  },
  labelSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.' },
  limit: {
    type: 'integer',
    description:
      'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.',
  },
  limitBytes: {
    type: 'integer',
    description:
      'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.',
  },
  orphanDependents: {
    type: 'boolean',
    description:
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
  },
  previous: { type: 'boolean', description: 'Return previous terminated container logs. Defaults to false.' },
  propagationPolicy: {
    type: 'string',
    description:
      "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  },
  resourceVersion: {
    type: 'string',
    description:
      'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  },
  resourceVersionMatch: {
    type: 'string',
    description:
      'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  },
  sendInitialEvents: {
    type: 'boolean',
    description:
      '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event  will be sent.',
  },
  sinceSeconds: {
    type: 'integer',
    description:
      'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. If this value is in the future, no logs will be returned. Only one of sinceSeconds or sinceTime may be specified.',
  },
  tailLines: {
    type: 'integer',
    description:
      'If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime',
  },
  timeoutSeconds: {
    type: 'integer',
    description: 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
  },
  timestamps: {
    type: 'boolean',
    description:
      'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.',
  },
  watch: {
    type: 'boolean',
    description:
      'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
  },
};

const LIST_QUERY = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
const WRITE_QUERY = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH_QUERY = [...WRITE_QUERY, 'force'];
const DELETE_QUERY = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
const DELETECOLLECTION_QUERY = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
];
const LOG_QUERY = ['container', 'follow', 'limitBytes', 'previous', 'sinceSeconds', 'tailLines', 'timestamps'];

function pathPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** `CoreV1`, `AppsV1`, `CoordinationV1`: the operationId infix Kubernetes uses. */
function opInfix(group: string, version: string): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return cap(group ? group.split('.')[0]! : 'core') + cap(version);
}

function pathItems(r: ResourceInfo): PathItem[] {
  const infix = opInfix(r.group, r.version);
  const ns = r.namespaced ? 'Namespaced' : '';
  const kind = { group: r.group, version: r.version, kind: r.kind };
  const can = (verb: string) => r.verbs.includes(verb);
  const base = r.namespaced
    ? `${pathPrefix(r.group, r.version)}/namespaces/{namespace}/${r.resource}`
    : `${pathPrefix(r.group, r.version)}/${r.resource}`;
  const nsParams = r.namespaced ? (['namespace'] as const) : ([] as const);
  const items: PathItem[] = [];

  const collection: Operation[] = [];
  if (can('list'))
    collection.push({
      method: 'get',
      operationId: `list${infix}${ns}${r.kind}`,
      description: `list or watch objects of kind ${r.kind}`,
      action: 'list',
      gvk: kind,
      query: LIST_QUERY,
      responses: { '200': r.listKind },
    });
  if (can('create'))
    collection.push({
      method: 'post',
      operationId: `create${infix}${ns}${r.kind}`,
      description: `create a ${r.kind}`,
      action: 'post',
      gvk: kind,
      query: WRITE_QUERY,
      body: r.kind,
      responses: { '200': r.kind, '201': r.kind, '202': r.kind },
    });
  if (can('deletecollection'))
    collection.push({
      method: 'delete',
      operationId: `delete${infix}Collection${ns}${r.kind}`,
      description: `delete collection of ${r.kind}`,
      action: 'deletecollection',
      gvk: kind,
      query: DELETECOLLECTION_QUERY,
      body: 'DeleteOptions',
      responses: { '200': 'Status' },
    });
  if (collection.length > 0) items.push({ resource: r, path: base, params: nsParams, ops: collection });

  const item: Operation[] = [];
  if (can('get'))
    item.push({
      method: 'get',
      operationId: `read${infix}${ns}${r.kind}`,
      description: `read the specified ${r.kind}`,
      action: 'get',
      gvk: kind,
      query: [],
      responses: { '200': r.kind },
    });
  if (can('update'))
    item.push({
      method: 'put',
      operationId: `replace${infix}${ns}${r.kind}`,
      description: `replace the specified ${r.kind}`,
      action: 'put',
      gvk: kind,
      query: WRITE_QUERY,
      body: r.kind,
      responses: { '200': r.kind, '201': r.kind },
    });
  if (can('patch'))
    item.push({
      method: 'patch',
      operationId: `patch${infix}${ns}${r.kind}`,
      description: `partially update the specified ${r.kind}`,
      action: 'patch',
      gvk: kind,
      query: PATCH_QUERY,
      body: 'Patch',
      responses: { '200': r.kind, '201': r.kind },
    });
  if (can('delete'))
    item.push({
      method: 'delete',
      operationId: `delete${infix}${ns}${r.kind}`,
      description: `delete a ${r.kind}`,
      action: 'delete',
      gvk: kind,
      query: DELETE_QUERY,
      body: 'DeleteOptions',
      responses: { '200': r.kind, '202': r.kind },
    });
  if (item.length > 0) items.push({ resource: r, path: `${base}/{name}`, params: [...nsParams, 'name'], ops: item });

  for (const sub of [...r.subresources].sort()) {
    const path = `${base}/{name}/${sub}`;
    const params = [...nsParams, 'name'] as const;
    const Sub = sub.charAt(0).toUpperCase() + sub.slice(1);
    if (sub === 'status' || sub === 'scale') {
      const k = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : kind;
      items.push({
        resource: r,
        path,
        params,
        ops: [
          {
            method: 'get',
            operationId: `read${infix}${ns}${r.kind}${Sub}`,
            description: `read ${sub} of the specified ${r.kind}`,
            action: 'get',
            gvk: k,
            query: [],
            responses: { '200': k.kind },
          },
          {
            method: 'put',
            operationId: `replace${infix}${ns}${r.kind}${Sub}`,
            description: `replace ${sub} of the specified ${r.kind}`,
            action: 'put',
            gvk: k,
            query: WRITE_QUERY,
            body: k.kind,
            responses: { '200': k.kind, '201': k.kind },
          },
          {
            method: 'patch',
            operationId: `patch${infix}${ns}${r.kind}${Sub}`,
            description: `partially update ${sub} of the specified ${r.kind}`,
            action: 'patch',
            gvk: k,
            query: PATCH_QUERY,
            body: 'Patch',
            responses: { '200': k.kind, '201': k.kind },
          },
        ],
      });
    } else if (sub === 'binding') {
      const k = { group: '', version: 'v1', kind: 'Binding' };
      items.push({
        resource: r,
        path,
        params,
        ops: [
          {
            method: 'post',
            operationId: `create${infix}${ns}${r.kind}Binding`,
            description: `create binding of a ${r.kind}`,
            action: 'post',
            gvk: k,
            query: WRITE_QUERY,
            body: 'Binding',
            responses: { '200': 'Binding', '201': 'Binding', '202': 'Binding' },
          },
        ],
      });
    } else if (sub === 'log') {
      items.push({
        resource: r,
        path,
        params,
        ops: [
          {
            method: 'get',
            operationId: `read${infix}${ns}${r.kind}Log`,
            description: `read log of the specified ${r.kind}`,
            action: 'get',
            gvk: kind,
            query: LOG_QUERY,
            responses: { '200': 'string' },
          },
        ],
      });
    }
  }

  if (r.namespaced && can('list'))
    items.push({
      resource: r,
      path: `${pathPrefix(r.group, r.version)}/${r.resource}`,
      params: [],
      ops: [
        {
          method: 'get',
          operationId: `list${infix}${r.kind}ForAllNamespaces`,
          description: `list or watch objects of kind ${r.kind}`,
          action: 'list',
          gvk: kind,
          query: LIST_QUERY,
          responses: { '200': r.listKind },
        },
      ],
    });
  return items;
}

const PATH_PARAM_DESCRIPTION = {
  name: (kind: string) => `name of the ${kind}`,
  namespace: () => 'object name and auth scope, such as for teams and projects',
};

function queryParam(name: string, style: Style): Json {
  const p = PARAMS[name]!;
  return style === 'v3'
    ? { name, in: 'query', description: p.description, schema: { type: p.type, uniqueItems: true } }
    : { name, in: 'query', description: p.description, type: p.type, uniqueItems: true };
}

function pathParam(name: 'name' | 'namespace', kind: string, style: Style): Json {
  const description = PATH_PARAM_DESCRIPTION[name](kind);
  return style === 'v3'
    ? { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } }
    : { name, in: 'path', description, required: true, type: 'string', uniqueItems: true };
}

function operationJson(op: Operation, style: Style, tag: string): Json {
  const isText = Object.values(op.responses).includes('string');
  const produces = isText ? ['text/plain', ...PRODUCES] : op.action === 'list' ? WATCH_PRODUCES : PRODUCES;
  const responses: Json = {};
  for (const [code, type] of Object.entries(op.responses)) {
    const schema = type === 'string' ? { type: 'string' } : refTo(type, style);
    const description = code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK';
    responses[code] =
      style === 'v3' ? { description, content: Object.fromEntries(produces.map((ct) => [ct, { schema }])) } : { description, schema };
  }
  responses['401'] = { description: 'Unauthorized' };
  const params = op.query.map((q) => queryParam(q, style));
  const json: Json = { description: op.description, operationId: op.operationId };
  if (style === 'v2') {
    if (op.body) {
      json.consumes = op.method === 'patch' ? PATCH_TYPES : ['*/*'];
      params.unshift({ name: 'body', in: 'body', required: true, schema: refTo(op.body, style) });
    } else json.consumes = ['*/*'];
    json.produces = produces;
    json.schemes = ['https'];
  }
  if (params.length > 0) json.parameters = params;
  if (style === 'v3' && op.body) {
    const content = op.method === 'patch' ? PATCH_TYPES : ['*/*'];
    json.requestBody = { content: Object.fromEntries(content.map((ct) => [ct, { schema: refTo(op.body!, style) }])), required: true };
  }
  json.responses = responses;
  json.tags = [tag];
  json['x-kubernetes-action'] = op.action;
  json['x-kubernetes-group-version-kind'] = { ...op.gvk };
  return json;
}

function pathsJson(resources: readonly ResourceInfo[], style: Style): Json {
  const out: Json = {};
  const items = resources.flatMap(pathItems).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const item of items) {
    const r = item.resource;
    const tag = `${r.group ? r.group.split('.')[0] : 'core'}_${r.version}`;
    const entry: Json = {};
    for (const op of item.ops) entry[op.method] = operationJson(op, style, tag);
    entry.parameters = [
      ...item.params.map((p) => pathParam(p, r.kind, style)),
      style === 'v3'
        ? {
            name: 'pretty',
            in: 'query',
            description: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
            schema: { type: 'string', uniqueItems: true },
          }
        : {
            name: 'pretty',
            in: 'query',
            description: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
            type: 'string',
            uniqueItems: true,
          },
    ];
    out[item.path] = entry;
  }
  return out;
}

/** The named types a set of resources' operations use. */
function rootTypes(resources: readonly ResourceInfo[]): string[] {
  const roots = new Set(['Status', 'DeleteOptions', 'WatchEvent', 'Patch']);
  for (const r of resources) {
    roots.add(r.kind).add(r.listKind);
    if (r.subresources.includes('scale')) roots.add('Scale');
    if (r.subresources.includes('binding')) roots.add('Binding');
  }
  return [...roots];
}

// ---------------------------------------------------------------- v3

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Json;
  components: { schemas: Json; securitySchemes: Json };
}

/** `GET /openapi/v3`: where each group-version's document lives. */
export interface OpenAPIV3Root {
  paths: Record<string, { serverRelativeURL: string }>;
}

interface Built {
  doc: OpenAPIV3Document;
  body: Buffer;
  hash: string;
}

const v3Cache = new Map<string, Built>();

/** `api/v1`, `apis/apps/v1`, …: the keys of the v3 index, one per served group-version. */
function v3Keys(): Map<string, ResourceInfo[]> {
  const m = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    m.set(key, [...(m.get(key) ?? []), r]);
  }
  return m;
}

/** Accepts `api/v1`, `/openapi/v3/api/v1`, `apis/apps/v1` or a plain group-version (`v1`, `apps/v1`). */
function v3Key(groupVersionOrPath: string): string {
  let p = groupVersionOrPath.split('?')[0]!.replace(/^\/+/, '').replace(/^openapi\/v3\//, '');
  if (!p.startsWith('api/') && !p.startsWith('apis/')) p = p.includes('/') ? `apis/${p}` : `api/${p}`;
  return p;
}

function buildV3(key: string): Built | undefined {
  const cached = v3Cache.get(key);
  if (cached) return cached;
  const resources = v3Keys().get(key);
  if (!resources) return undefined;
  const doc: OpenAPIV3Document = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths: pathsJson(resources, 'v3'),
    components: {
      schemas: definitions(reachable(rootTypes(resources)), 'v3'),
      securitySchemes: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    },
  };
  deepFreeze(doc);
  const body = Buffer.from(JSON.stringify(doc));
  const built = { doc, body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
  v3Cache.set(key, built);
  return built;
}

/**
 * `GET /openapi/v3`. Each `serverRelativeURL` carries the hash of its document
 * (`?hash=<sha512>`): kubectl keeps the query and appends `&timeout=32s`.
 */
export function openapiV3Root(): OpenAPIV3Root {
  const paths: OpenAPIV3Root['paths'] = {};
  for (const key of [...v3Keys().keys()].sort()) {
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${buildV3(key)!.hash}` };
  }
  return { paths };
}

/**
 * The OpenAPI v3 document of one group-version (`api/v1`, `apis/apps/v1`, or `v1`, `apps/v1`;
 * a leading `/openapi/v3/` and a query are ignored). Undefined for one that is not served
 * (answer 404). The result is shared and frozen.
 */
export function openapiV3(groupVersion: string): OpenAPIV3Document | undefined {
  return buildV3(v3Key(groupVersion))?.doc;
}

/**
 * The same document serialized, with its Content-Type and hash (the `hash` query parameter of
 * `openapiV3Root`, usable as an ETag).
 */
export function openapiV3Body(groupVersion: string): { contentType: string; body: Buffer; hash: string } | undefined {
  const built = buildV3(v3Key(groupVersion));
  return built && { contentType: 'application/json', body: built.body, hash: built.hash };
}

// ---------------------------------------------------------------- v2

let v2JsonCache: Buffer | undefined;
let v2ProtoCache: Buffer | undefined;

/** The swagger 2.0 document of everything served (`GET /openapi/v2` as JSON). */
export function openapiV2Document(): Json {
  const byGv = [...v3Keys().values()];
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths: Object.assign({}, ...byGv.map((rs) => pathsJson(rs, 'v2'))),
    definitions: definitions(reachable(rootTypes(RESOURCES)), 'v2'),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    security: [{ BearerToken: [] }],
  };
}

/**
 * `GET /openapi/v2`. kubectl asks for protobuf
 * (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`): it gets a gnostic
 * `openapi_v2.Document` holding the paths, with the operations' kinds and the `fieldValidation`
 * parameter (kubectl 1.27/1.28 read server-side validation support from it), under
 * `Content-Type: application/octet-stream` (kubectl cannot parse the `@` of the official type).
 * The protobuf carries no definitions, so kubectl computes strategic merge patches from its
 * compiled-in types, exactly as Kubernetes' own tags say. Any other Accept gets the full JSON
 * document, definitions included.
 */
export function openapiV2(accept = 'application/json'): { contentType: string; body: Buffer } {
  if (/protobuf/i.test(accept)) {
    v2ProtoCache ??= encodeOpenAPIV2Proto(openapiV2Document());
    return { contentType: 'application/octet-stream', body: v2ProtoCache };
  }
  v2JsonCache ??= Buffer.from(JSON.stringify(openapiV2Document()));
  return { contentType: 'application/json', body: v2JsonCache };
}
