/**
 * RequestInfo as kube-apiserver's RequestInfoFactory derives it from a URL: whether the request is
 * for a resource, and then its verb, group/version, namespace, resource, name and subresource.
 */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (resource requests), or the HTTP method lower-cased. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  parts: string[];
}

import { newBadRequest } from '@kubesim/api';

/** A path segment with its %-escapes decoded; a malformed escape is a 400, not a crash. */
function unescapePathSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw newBadRequest(`invalid URL escape ${JSON.stringify(/%(?![0-9a-fA-F]{2})..?|%$/.exec(s)?.[0] ?? s)}`);
  }
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((p) => p !== '').map(unescapePathSegment);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return info;
  info.apiPrefix = prefix;
  parts = parts.slice(1);
  if (prefix === 'apis') {
    if (parts.length < 2) return info; // /apis or /apis/<group>: discovery
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  if (parts.length < 2) {
    info.apiVersion = parts[0] ?? '';
    return info; // /api, /api/v1, /apis/<g>/<v>: discovery
  }
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);
  info.isResourceRequest = true;

  let legacyWatch = false;
  if (parts[0] === 'watch') {
    legacyWatch = true;
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces' && parts.length > 1) {
    info.namespace = parts[1]!;
    // /namespaces/<ns>/status is the namespace's own subresource, not a resource in it.
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  info.parts = parts;
  info.resource = parts[0] ?? '';
  info.name = parts[1] ?? '';
  info.subresource = parts[2] ?? '';

  const watch = legacyWatch || ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb = info.name ? (watch ? 'watch' : 'get') : watch ? 'watch' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  if (info.resource === 'namespaces') info.namespace = '';
  return info;
}
