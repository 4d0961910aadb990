import { cloneJson, goFmt, isObject, jsonTypeName, newBadRequest, newPatchApplyError, own, set, type Obj } from './json.js';

/**
 * Patch metadata of one field, as the `patchStrategy` / `patchMergeKey` struct tags of
 * k8s.io/api declare it.
 */
export interface FieldPatchMeta {
  /**
   * `merge`: a list of objects is merged element-wise by `mergeKey`; a list of primitives is
   * merged as a set (finalizers). `replace`: an object value is replaced, not merged.
   * Absent: objects merge, lists are replaced (JSON merge patch behaviour).
   */
  readonly strategy?: 'merge' | 'replace';
  readonly mergeKey?: string;
  /**
   * The field carries `retainKeys` (volumes, deployment strategy). Informational: the server
   * honours a `$retainKeys` directive wherever a patch carries one, as Kubernetes does.
   */
  readonly retainKeys?: boolean;
  /** Schema of the field's value: the object it holds, or each element of a list. */
  readonly schema?: PatchSchema;
}

/** Patch metadata for the fields of one object type; fields not listed use the defaults. */
export interface PatchSchema {
  readonly [field: string]: FieldPatchMeta | undefined;
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_FROM = '$deleteFromPrimitiveList';
const ERR_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_SET_ORDER = 'invalid patch format of setElementOrder list';

/** Returned by a merge whose patch says `$patch: delete`: the caller drops the value. */
const DELETE: unique symbol = Symbol('delete');
type Merged = unknown | typeof DELETE;

/**
 * Kubernetes' strategic merge patch (`application/strategic-merge-patch+json`), the server half of
 * k8s.io/apimachinery/pkg/util/strategicpatch (`StrategicMergeMapPatch`), driven by `schema`:
 *  - objects merge recursively; `null` removes a member; a value of another type replaces;
 *  - lists with strategy `merge` merge element-wise by their merge key (or as sets of primitives);
 *    elements only in the patch come first, as in Kubernetes; other lists are replaced;
 *  - `$patch: replace` replaces the object / list it appears in; `$patch: delete` in a list
 *    element removes the elements with that merge key, in an object deletes that object (the
 *    member is removed; a top-level delete yields `{}`); `$patch: merge` is the default, accepted
 *    as a no-op (Kubernetes rejects it);
 *  - `$retainKeys: [...]` drops members of the live object not listed, after checking every
 *    non-null member of the patch is listed;
 *  - `$setElementOrder/<list>` orders the merged list (patch-listed elements in that order,
 *    server-only elements kept relative to them), as `kubectl apply` and `kubectl edit` send;
 *  - `$deleteFromPrimitiveList/<list>: [...]` removes those primitives from a set-merged list.
 * Values added where the live object has nothing are stripped of directives and nulls.
 *
 * Errors follow the patch handler's `interpretStrategicMergePatchError`: malformed patches are 400
 * BadRequest with strategicpatch's messages (Kubernetes answers 500 for a few of these, such as a
 * missing merge key); a list of lists is 422. A `null` patch is a no-op. Inputs are never mutated.
 */
export function strategicMergePatch(original: unknown, patch: unknown, schema: PatchSchema = {}): unknown {
  if (patch === null || patch === undefined) patch = {};
  if (!isObject(patch)) throw newBadRequest(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`);
  const result = mergeMap(isObject(original) ? cloneJson(original) : {}, cloneJson(patch), schema);
  return result === DELETE ? {} : result;
}

/** Merges `patch` into `original` in place (both are private clones). */
function mergeMap(original: Obj, patch: Obj, schema: PatchSchema): Obj | typeof DELETE {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const d = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (d === 'delete') return DELETE;
    if (d === 'replace') return mergeMap({}, patch, schema);
    if (d !== 'merge') throw newBadRequest(`unknown patch type: ${goFmt(d)} in map: ${goFmt({ ...patch, [DIRECTIVE]: d })}`);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);
  const deletions: [string, unknown][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM)) {
      deletions.push([fieldOf(k, DELETE_FROM, ERR_PRIMITIVE_LIST), v]);
      continue;
    }
    if (v === null) {
      delete original[k];
      continue;
    }
    const meta = schema[k];
    const o = own(original, k);
    let r: Merged;
    if (isObject(o) && isObject(v) && meta?.strategy !== 'replace') r = mergeMap(o, v, meta?.schema ?? {});
    else if (Array.isArray(o) && Array.isArray(v)) r = mergeList(o, v, meta, k);
    else r = fresh(v, meta);
    if (r === DELETE) delete original[k];
    else set(original, k, r);
  }
  for (const [k, v] of deletions) {
    if (!Array.isArray(v)) throw newBadRequest(ERR_PRIMITIVE_LIST);
    const o = own(original, k);
    if (Array.isArray(o)) set(original, k, o.filter((x) => !v.includes(x)));
  }
  return original;
}

/** A patch value for a place the live object does not have: directives and nulls stripped. */
function fresh(v: unknown, meta: FieldPatchMeta | undefined): Merged {
  if (isObject(v)) return mergeMap({}, v, meta?.schema ?? {});
  if (!Array.isArray(v)) return v;
  return v
    .filter((el) => !(isObject(el) && Object.hasOwn(el, DIRECTIVE)))
    .map((el) => fresh(el, { schema: meta?.schema }))
    .filter((el) => el !== DELETE);
}

function mergeList(original: unknown[], patch: unknown[], meta: FieldPatchMeta | undefined, field: string): unknown[] {
  if (meta?.strategy !== 'merge') return fresh(patch, meta) as unknown[];
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== 'object') {
    const merged = [...new Set([...original, ...patch])];
    return normalizeOrder(partition(merged, patch, ''), patch, original, '');
  }
  const key = meta.mergeKey;
  if (!key) throw newBadRequest(`cannot merge lists without merge key for ${field}`);
  let items: Obj[] = [];
  let replace = false;
  for (const el of patch as Obj[]) {
    if (!Object.hasOwn(el, DIRECTIVE)) items.push(el);
    else if (el[DIRECTIVE] === 'delete') {
      if (!Object.hasOwn(el, key)) throw newBadRequest(noMergeKey(el, key));
      original = original.filter((x) => !(isObject(x) && Object.hasOwn(x, key) && x[key] === el[key]));
    } else if (el[DIRECTIVE] === 'replace') replace = true;
    else if (el[DIRECTIVE] !== 'merge') throw newBadRequest(`unknown patch type: ${goFmt(el[DIRECTIVE])} in map: ${goFmt(el)}`);
  }
  if (replace) [original, items] = [fresh(items, meta) as unknown[], []];
  const merged = [...original];
  for (const item of items) {
    if (!Object.hasOwn(item, key)) throw newBadRequest(noMergeKey(item, key));
    const i = merged.findIndex((x) => isObject(x) && Object.hasOwn(x, key) && x[key] === item[key]);
    const r = i >= 0 ? mergeMap(merged[i] as Obj, item, meta.schema ?? {}) : fresh(item, meta);
    if (r === DELETE) continue;
    if (i >= 0) merged[i] = r;
    else merged.push(r);
  }
  return normalizeOrder(partition(merged, items, key), items, original, key);
}

/** `$retainKeys`: clear live members not listed; every non-null patch member must be listed. */
function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const keep = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(keep)) throw newBadRequest(ERR_RETAIN_KEYS);
  for (const [k, v] of Object.entries(patch)) {
    if (v !== null && !k.startsWith(DELETE_FROM) && !k.startsWith(SET_ORDER) && !keep.includes(k)) throw newBadRequest(ERR_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>` (mergePatchIntoOriginal): merges `<field>` from the patch, then
 * orders the result: elements named in the order list first-class, server-only elements kept in
 * their live positions relative to them. Removes both keys from the patch.
 */
function applySetElementOrder(original: Obj, patch: Obj, schema: PatchSchema): void {
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const order = patch[k];
    delete patch[k];
    const field = fieldOf(k, SET_ORDER, ERR_SET_ORDER);
    if (!Array.isArray(order)) throw newBadRequest(ERR_SET_ORDER);
    const meta = schema[field];
    const key = meta?.mergeKey ?? '';
    const o = own(original, field);
    const p = own(patch, field);
    if (p !== undefined && !Array.isArray(p)) throw newBadRequest(ERR_SET_ORDER);
    validateOrder(p ?? [], order, key);
    const live = Array.isArray(o) ? o : undefined;
    let merged: unknown[];
    if (live && p) merged = mergeList(live, p, meta, field);
    else if (p) merged = fresh(p, meta) as unknown[];
    else if (live) merged = live;
    else continue;
    set(original, field, normalizeOrder(partition(merged, order, key), order, live ?? [], key));
    delete patch[field];
  }
}

/** validatePatchWithSetOrderList: the patch list must follow the order list. */
function validateOrder(list: unknown[], order: unknown[], key: string): void {
  if (list.length === 0 || order.length === 0) return;
  const items = key ? list.filter((x) => !(isObject(x) && x[DIRECTIVE] === 'delete')) : list;
  let i = 0;
  for (let j = 0; i < items.length && j < order.length; j++) {
    while (i < items.length && isObject(items[i]) && Object.hasOwn(items[i] as Obj, DIRECTIVE)) i++;
    if (i < items.length && sameKey(items[i], order[j], key, true)) i++;
  }
  if (i < items.length) {
    throw newBadRequest(`the order in patch list:\n${goFmt(list)}\n doesn't match ${SET_ORDER} list:\n${goFmt(order)}`);
  }
}

/** extractKey: `<prefix>/<field>`. */
function fieldOf(k: string, prefix: string, err: string): string {
  const slash = k.indexOf('/');
  if (slash < 0 || k.slice(0, slash) !== prefix) throw newBadRequest(err);
  return k.slice(slash + 1);
}

/** sliceElementType: all elements share one JSON type, which is not a list. */
function elementKind(...lists: unknown[][]): string {
  let kind: string | undefined;
  for (const v of lists.flat()) {
    const t = jsonTypeName(v);
    if (t === 'array') throw newPatchApplyError('lists of lists are not supported');
    if (kind !== undefined && kind !== t) throw newBadRequest(`list element types are not identical: ${goFmt(lists)}`);
    kind = t;
  }
  return kind ?? 'object';
}

const keyOf = (v: unknown, key: string): unknown => (key ? (isObject(v) ? own(v, key) : undefined) : v);

function sameKey(a: unknown, b: unknown, key: string, strict = false): boolean {
  if (strict && key) {
    for (const x of [a, b]) if (!isObject(x) || !Object.hasOwn(x, key)) throw newBadRequest(noMergeKey(x, key));
  }
  return keyOf(a, key) === keyOf(b, key);
}

const indexIn = (list: unknown[], v: unknown, key: string) => list.findIndex((x) => sameKey(x, v, key));

/** Splits `merged` into [elements present in `by`, server-only elements]. */
function partition(merged: unknown[], by: unknown[], key: string): [unknown[], unknown[]] {
  const inBy = merged.filter((x) => indexIn(by, x, key) >= 0);
  return [inBy, merged.filter((x) => !inBy.includes(x))];
}

/**
 * normalizeElementOrder: sorts patch elements by `patchOrder` and server-only elements by their
 * live order, then interleaves them (mergeSortedSlice): a server-only element goes before a patch
 * element only when both are in the live list and it was before it there.
 */
function normalizeOrder([fromPatch, serverOnly]: [unknown[], unknown[]], patchOrder: unknown[], live: unknown[], key: string): unknown[] {
  const sortBy = (xs: unknown[], order: unknown[]) =>
    xs
      .map((x, n) => ({ x, n, i: indexIn(order, x, key) }))
      .sort((a, b) => (a.i < 0 ? Infinity : a.i) - (b.i < 0 ? Infinity : b.i) || a.n - b.n)
      .map((e) => e.x);
  const left = sortBy(serverOnly, live);
  const right = sortBy(fromPatch, patchOrder);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(live, left[i], key);
      const ri = indexIn(live, right[j], key);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

function noMergeKey(m: unknown, key: string): string {
  return `map: ${goFmt(m)} does not contain declared merge key: ${key}`;
}
