import { cloneJson, isObject, own, set } from './json.js';

/**
 * RFC 7386 JSON Merge Patch (`application/merge-patch+json`, what `kubectl label`, `kubectl
 * annotate` and `kubectl scale` send): objects merge recursively, `null` removes a member, any
 * other value (arrays included) replaces. A non-object patch replaces the whole document.
 * Inputs are never mutated and the result shares no structure with them.
 */
export function jsonMergePatch(original: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(original), patch);
}

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out = isObject(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else set(out, k, mergeInto(own(out, k), v));
  }
  return out;
}
