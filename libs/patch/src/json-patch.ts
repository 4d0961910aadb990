import { newRequestEntityTooLarge } from '@kubesim/api';
import { cloneJson, deepEqual, isObject, jsonTypeName, newBadRequest, newPatchApplyError, own, set, type Obj } from './json.js';

/** The apiserver's limit on operations in one JSON patch (`maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = Obj | unknown[];

/**
 * RFC 6902 JSON Patch (`application/json-patch+json`) with the semantics of
 * gopkg.in/evanphx/json-patch.v4, which the Kubernetes apiserver uses:
 *  - ops `add remove replace move copy test`, RFC 6901 pointers with `~1` (`/`) and `~0` (`~`),
 *    `-` appends in `add`; negative array indices count from the end (the library's default);
 *  - `replace` of a missing object member adds it (the library does not check existence);
 *  - `add`/`replace` without `value` store `null`; `test` of a missing member passes when the
 *    expected value is `null` or absent.
 *
 * Errors, as the apiserver reports them:
 *  - a body that is not an array of objects: 400 BadRequest with encoding/json's message;
 *  - more than {@link MAX_JSON_PATCH_OPERATIONS} operations: 413;
 *  - an operation that cannot be applied, including a failing `test`: 422 Invalid with the fixed
 *    message "the server rejected our request due to an error in our request" (the library's own
 *    message, e.g. "testing value /spec/replicas failed: test failed", is the error's `cause`).
 * A `null` body is an empty patch. Inputs are never mutated.
 */
export function jsonPatch(original: unknown, ops: unknown): unknown {
  if (ops === null || ops === undefined) ops = [];
  if (!Array.isArray(ops)) throw newBadRequest(`json: cannot unmarshal ${jsonTypeName(ops)} into Go value of type jsonpatch.Patch`);
  for (const op of ops) {
    if (op !== null && !isObject(op)) throw newBadRequest(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw newRequestEntityTooLarge(`Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  let doc = cloneJson(original);
  for (const op of ops as (Obj | null)[]) doc = applyOp(doc, op ?? {});
  return doc;
}

function applyOp(doc: unknown, op: Obj): unknown {
  const kind = typeof op['op'] === 'string' ? (op['op'] as string) : 'unknown';
  const value = () => cloneJson(own(op, 'value') ?? null);
  const str = (field: 'path' | 'from'): string => {
    const v = own(op, field);
    if (typeof v !== 'string') throw newPatchApplyError(`${kind} operation failed to decode ${field}: missing value`);
    return v;
  };
  switch (kind) {
    case 'add': {
      const path = str('path');
      if (path === '') return value();
      const [c, key] = locate(doc, path, kind);
      add(c, key, value(), path);
      return doc;
    }
    case 'remove': {
      const path = str('path');
      const [c, key] = locate(doc, path, kind);
      remove(c, key, path);
      return doc;
    }
    case 'replace': {
      const path = str('path');
      if (path === '') {
        const v = value();
        if (typeof v !== 'object' || v === null) throw newPatchApplyError('replace operation value must be object or array');
        return v;
      }
      const [c, key] = locate(doc, path, kind);
      if (Array.isArray(c)) c[index(c, key, path, false)] = value();
      else set(c, key, value());
      return doc;
    }
    case 'move': {
      const from = str('from');
      const [fc, fkey] = locate(doc, from, kind, 'from ');
      const v = get(fc, fkey, from, kind);
      remove(fc, fkey, from);
      const path = str('path');
      const [c, key] = locate(doc, path, kind, 'destination ');
      add(c, key, v, path);
      return doc;
    }
    case 'copy': {
      const from = str('from');
      const [fc, fkey] = locate(doc, from, kind, 'from ');
      const v = get(fc, fkey, from, kind);
      if (v === undefined) throw newPatchApplyError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      const path = str('path');
      const [c, key] = locate(doc, path, kind, 'destination ');
      add(c, key, cloneJson(v), path);
      return doc;
    }
    case 'test': {
      const path = str('path');
      const actual = path === '' ? doc : get(...locate(doc, path, kind), path, kind);
      const expected = own(op, 'value');
      if (actual === undefined || actual === null ? expected === undefined || expected === null : deepEqual(actual, expected)) return doc;
      throw newPatchApplyError(`testing value ${path} failed: test failed`);
    }
    default:
      throw newPatchApplyError(`Unexpected kind: ${kind}`);
  }
}

/** Splits an RFC 6901 pointer and walks to the container of its last token. */
function locate(doc: unknown, path: string, kind: string, what = ''): [Container, string] {
  const missing = () => newPatchApplyError(`${kind} operation does not apply: doc is missing ${what}path: "${path}": missing value`);
  if (!path.startsWith('/')) throw missing();
  const tokens = path.slice(1).split('/').map((t) => t.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~')));
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = parseIndex(t);
      cur = i === undefined ? undefined : cur[i < 0 ? i + cur.length : i];
    } else cur = isObject(cur) ? own(cur, t) : undefined;
  }
  if (typeof cur !== 'object' || cur === null) throw missing();
  return [cur as Container, tokens[tokens.length - 1]!];
}

/** strconv.Atoi: optional sign, decimal digits. */
const parseIndex = (t: string): number | undefined => (/^[+-]?\d+$/.test(t) ? Number(t) : undefined);

function index(c: unknown[], key: string, path: string, forAdd: boolean): number {
  const i = parseIndex(key);
  if (i === undefined) throw newPatchApplyError(`error in operation for path: '${path}': strconv.Atoi: parsing "${key}": invalid syntax`);
  const len = c.length + (forAdd ? 1 : 0);
  if (i >= len || i < -len) throw newPatchApplyError(`error in operation for path: '${path}': Unable to access invalid index: ${i}: invalid index referenced`);
  return i < 0 ? i + len : i;
}

function get(c: Container, key: string, path: string, kind: string): unknown {
  if (!Array.isArray(c)) return own(c, key);
  try {
    return c[index(c, key, path, false)];
  } catch (e) {
    throw kind === 'test' ? newPatchApplyError(`error in test for path: '${path}'`) : e;
  }
}

function add(c: Container, key: string, v: unknown, path: string): void {
  if (!Array.isArray(c)) return set(c, key, v);
  if (key === '-') c.push(v);
  else c.splice(index(c, key, path, true), 0, v);
}

function remove(c: Container, key: string, path: string): void {
  if (Array.isArray(c)) c.splice(index(c, key, path, false), 1);
  else if (Object.hasOwn(c, key)) delete c[key];
  else throw newPatchApplyError(`error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
}
