import { PATCH_MEDIA_TYPES, newUnsupportedMediaType } from '@kubesim/api';
import { isObject, newBadRequest } from './json.js';
import { jsonPatch } from './json-patch.js';
import { jsonMergePatch } from './merge-patch.js';
import { schemaForKind } from './schemas.js';
import { strategicMergePatch } from './strategic.js';

/** The patch media types the apiserver accepts, as in k8s.io/apimachinery `types.PatchType`. */
export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** The type of the object being patched, which selects the strategic merge schema. */
export interface KindInfo {
  apiVersion: string;
  kind: string;
}

/**
 * Applies a PATCH request body to the live object (as the apiserver's patch handler does) and
 * returns the patched object; the caller validates and stores it.
 * `contentType` may carry parameters (`; charset=utf-8`). `patchBody` is the decoded body, or its
 * JSON text (string or bytes; an apply body in YAML syntax must be decoded by the caller).
 * Throws StatusErrors: 400 for malformed patches, 422 for patches that cannot be applied, 413 for
 * oversized JSON patches, 415 for other media types. For `application/apply-patch+yaml`,
 * `original` may be undefined (the object does not exist yet).
 */
export function applyPatch(contentType: string, original: unknown, patchBody: unknown, kindInfo: KindInfo): unknown {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  switch (type) {
    case PatchType.JSON:
      return jsonPatch(original, decode(patchBody, 'error decoding patch'));
    case PatchType.Merge: {
      const patch = decode(patchBody, 'error decoding patch');
      if (!isObject(patch)) throw newBadRequest('Invalid JSON Patch');
      return jsonMergePatch(original, patch);
    }
    case PatchType.StrategicMerge:
      return strategicMergePatch(original, decode(patchBody, 'error decoding patch'), schemaForKind(kindInfo.apiVersion, kindInfo.kind));
    case PatchType.Apply:
      return applyConfiguration(original, decode(patchBody, 'error decoding YAML'), kindInfo);
    default:
      throw newUnsupportedMediaType(PATCH_MEDIA_TYPES);
  }
}

/**
 * A simple server-side apply (`application/apply-patch+yaml`): create-or-merge. The applied
 * configuration is merged into the live object with the strategic merge rules of the kind, so
 * fields it does not mention keep their live values; with no live object it becomes the new
 * object. There is no field ownership: no managedFields bookkeeping, no conflicts, and fields
 * dropped from a later configuration are not removed (set them to null instead).
 */
export function applyConfiguration(original: unknown, applied: unknown, kindInfo: KindInfo): unknown {
  if (!isObject(applied)) throw newBadRequest('error decoding YAML: the applied configuration must be an object');
  const meta = applied['metadata'];
  if (isObject(meta) && meta['managedFields'] !== undefined && meta['managedFields'] !== null) {
    throw newBadRequest('metadata.managedFields must be nil');
  }
  return strategicMergePatch(isObject(original) ? original : {}, applied, schemaForKind(kindInfo.apiVersion, kindInfo.kind));
}

function decode(body: unknown, what: string): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw newBadRequest(`${what}: ${(e as Error).message}`);
  }
}
