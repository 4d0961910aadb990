/**
 * JSON value helpers shared by the patch engines. Every engine clones its inputs first and then
 * works in place on the clone, so callers never see their inputs mutated and results never alias
 * them. Reads use own properties only and writes of `__proto__` define an own property, so a
 * patch body can never reach `Object.prototype`.
 */
import { StatusError, newBadRequest } from '@kubesim/api';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The own property `k` of `o`, or undefined (never an inherited one). */
export const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

export function set(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** A deep copy of a JSON value (own enumerable properties of objects, elements of arrays). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) set(out, k, cloneJson(v[k]));
  return out as T;
}

/** Structural equality of JSON values (object key order is irrelevant). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** Go's `%v` rendering of a decoded JSON value, for error messages that quote Go's. */
export function goFmt(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFmt).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goFmt(v[k])}`).join(' ')}]`;
  return String(v);
}

/** The JSON type name encoding/json uses in "cannot unmarshal X into Go value of type Y". */
export function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/**
 * Kubernetes' answer when a well-formed patch cannot be applied (a failed JSON-patch `test`, a
 * missing path, a list of lists in a strategic merge patch): the patch handler wraps the error in
 * `apierrors.NewGenericServerResponse(422, ...)`, which keeps only a fixed message and empty
 * details. The underlying library message (evanphx/json-patch's or strategicpatch's) is not sent;
 * it is kept as the error's `cause` for logs.
 */
export function newPatchApplyError(detail: string): StatusError {
  const err = new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
  err.cause = new Error(detail);
  return err;
}

export { newBadRequest };
