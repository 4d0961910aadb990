/**
 * What Kubernetes' JSON decoding (sigs.k8s.io/json, a fork of Go's encoding/json) rejects when it
 * decodes a body into the kind's Go struct: values of the wrong JSON type (`"labels": {"a": true}`),
 * numbers that do not fit their integer field (`1.5`, `3000000000` for an int32), and values whose
 * own decoder fails (quantities, timestamps, int-or-strings). Kubernetes answers those with 400
 * BadRequest before defaulting or validation ever see the object, whatever `fieldValidation` says.
 *
 * The errors carry Go's text (`json: cannot unmarshal bool into Go struct field
 * ObjectMeta.metadata.labels of type string`) and, for validation, the field path and the JSON
 * types involved. Unknown fields are ignored here (they are strict decoding's business).
 */
import { goTimeParseError, RFC3339, RFC3339_MICRO } from './gotime.js';
import { jsonNode, goValueKind, parseJSONNode, type JSONNode } from './json.js';
import { parseQuantity } from './quantity.js';
import { goNamedScalar, goTypeString } from './schema/gotypes.js';
import { schemaForKind, schemaForResource, typeSchema, type Shape, type TypeSchema } from './schema/model.js';

export interface DecodeIssue {
  /** Go's error text, as Kubernetes puts it after `... cannot be handled as a Pod: `. */
  readonly message: string;
  /** The field, as validation prints paths: `spec.containers[0].ports[1].containerPort`, map keys as `labels[app]`. */
  readonly field: string;
  /** The offending value. */
  readonly node: JSONNode;
  /** The JSON type found, in OpenAPI's words: `string`, `integer`, `number`, `boolean`, `object`, `array`. */
  readonly actual: string;
  /** The type the field wants, in OpenAPI's words (`int32` / `int64` for an integer out of range). */
  readonly expected: string;
  /**
   * Whether the value has its own decoder (quantity, time, int-or-string) that failed: Go's decoder
   * stops there and reports this error, even after an earlier type error.
   */
  readonly fatal: boolean;
  /** False when the JSON type is right but the text is not (a malformed quantity or timestamp). */
  readonly typeMismatch: boolean;
}

export interface DecodeOptions {
  /** Also parse quantities and timestamps, as their Go decoders do (default true). */
  syntax?: boolean;
}

interface Ctx {
  /** The Go struct holding the current field ('' at the top). */
  readonly struct: string;
  /** JSON names of the fields from the root, without list indices or map keys (Go's FieldStack). */
  readonly stack: readonly string[];
  readonly field: string;
}

/** An OpenAPI type name of a JSON value. */
export function openAPITypeOf(node: JSONNode): string {
  switch (node.t) {
    case 'bool':
      return 'boolean';
    case 'number':
      return /^-?\d+$/.test(node.raw) ? 'integer' : 'number';
    default:
      return node.t;
  }
}

function goMessage(value: string, goType: string, ctx: Ctx): string {
  return ctx.struct || ctx.stack.length
    ? `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`
    : `json: cannot unmarshal ${value} into Go value of type ${goType}`;
}

const INT_RANGE = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** Go's strconv.ParseInt(raw, 10, 64) plus the field's overflow check. */
function fitsInt(raw: string, bits: 'int32' | 'int64'): boolean {
  if (!/^-?\d+$/.test(raw)) return false;
  const n = BigInt(raw);
  return n >= INT_RANGE[bits][0] && n <= INT_RANGE[bits][1];
}

/** Go's strconv.ParseFloat(raw, 64) succeeds (no overflow to infinity). */
function fitsFloat(raw: string): boolean {
  return Number.isFinite(Number(raw));
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

class Walker {
  readonly issues: DecodeIssue[] = [];
  private stopped = false;

  constructor(private readonly syntax: boolean) {}

  private add(issue: Omit<DecodeIssue, 'actual'> & { actual?: string }): void {
    this.issues.push({ actual: openAPITypeOf(issue.node), ...issue });
    if (issue.fatal) this.stopped = true;
  }

  /** A JSON value of the wrong type for `goType`. */
  private mismatch(node: JSONNode, goType: string, expected: string, ctx: Ctx, fatal = false, value: string = goValueKind(node)): void {
    this.add({ message: goMessage(value, goType, ctx), field: ctx.field, node, expected, fatal, typeMismatch: true });
  }

  /** Decodes `node` into a value of `shape`; `scalar` names the Go type of its innermost scalar. */
  value(node: JSONNode, shape: Shape, scalar: string | undefined, ctx: Ctx): void {
    if (this.stopped || node.t === 'null') return; // null is "not present" to every Go type
    switch (shape.kind) {
      case 'free':
        return;
      case 'primitive': {
        const goType = goTypeString(shape, scalar);
        switch (shape.type) {
          case 'string':
            if (node.t !== 'string') this.mismatch(node, goType, 'string', ctx);
            return;
          case 'boolean':
            if (node.t !== 'bool') this.mismatch(node, goType, 'boolean', ctx);
            return;
          case 'integer': {
            const bits = shape.format === 'int32' ? 'int32' : 'int64';
            if (node.t !== 'number') this.mismatch(node, goType, 'integer', ctx);
            else if (!fitsInt(node.raw, bits)) {
              this.mismatch(node, goType, /^-?\d+$/.test(node.raw) ? bits : 'integer', ctx, false, `number ${node.raw}`);
            }
            return;
          }
          case 'number':
            if (node.t !== 'number') this.mismatch(node, goType, 'number', ctx);
            else if (!fitsFloat(node.raw)) this.mismatch(node, goType, 'number', ctx, false, `number ${node.raw}`);
            return;
        }
        return;
      }
      case 'array':
        if (node.t !== 'array') return this.mismatch(node, goTypeString(shape, scalar), 'array', ctx);
        node.items.forEach((item, i) => this.value(item, shape.items, scalar, { ...ctx, field: `${ctx.field}[${i}]` }));
        return;
      case 'map':
        if (node.t !== 'object') return this.mismatch(node, goTypeString(shape, scalar), 'object', ctx);
        for (const [k, v] of node.entries) this.value(v, shape.values, scalar, { ...ctx, field: `${ctx.field}[${k}]` });
        return;
      case 'named':
        return this.named(node, shape.name, ctx);
    }
  }

  private named(node: JSONNode, name: string, ctx: Ctx): void {
    switch (name) {
      case 'Quantity':
        return this.quantity(node, ctx);
      case 'IntOrString':
        // intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into its int32.
        if (node.t === 'string') return;
        if (node.t !== 'number') return this.mismatch(node, 'int32', 'integer or string', ctx, true);
        if (!fitsInt(node.raw, 'int32')) this.mismatch(node, 'int32', /^-?\d+$/.test(node.raw) ? 'int32' : 'integer or string', ctx, true, `number ${node.raw}`);
        return;
      case 'Time':
      case 'MicroTime': {
        // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse.
        if (node.t !== 'string') return this.mismatch(node, 'string', 'string', ctx, true);
        if (!this.syntax) return;
        const err = goTimeParseError(name === 'Time' ? RFC3339 : RFC3339_MICRO, node.value);
        if (err) this.add({ message: err, field: ctx.field, node, expected: 'string', fatal: true, typeMismatch: false });
        return;
      }
      case 'FieldsV1':
      case 'RawExtension':
      case 'Patch':
        return; // raw JSON, kept as is
    }
    const t = typeSchema(name);
    if (!t) return;
    if (node.t !== 'object') return this.mismatch(node, `v1.${name}`, 'object', ctx);
    this.struct(node, t, ctx);
  }

  /** resource.Quantity.UnmarshalJSON: the literal (quotes stripped, spaces trimmed) must parse. */
  private quantity(node: JSONNode, ctx: Ctx): void {
    const typeMismatch = node.t !== 'string' && node.t !== 'number';
    if (!this.syntax && !typeMismatch) return;
    const text = node.t === 'string' ? node.value.trim() : node.t === 'number' ? node.raw : node.t === 'bool' ? String(node.value) : node.t === 'object' ? '{' : '[';
    try {
      parseQuantity(text);
    } catch (e) {
      this.add({ message: (e as Error).message, field: ctx.field, node, expected: 'string', fatal: true, typeMismatch });
    }
  }

  struct(node: Extract<JSONNode, { t: 'object' }>, t: TypeSchema, ctx: Ctx): void {
    for (const [key, v] of node.entries) {
      if (this.stopped) return;
      const f = t.fields.get(key);
      if (!f) continue; // unknown (or differently cased) keys are ignored by the case-sensitive decoder
      this.value(v, f.shape, goNamedScalar(t.name, key), { struct: t.name, stack: [...ctx.stack, key], field: join(ctx.field, key) });
    }
  }
}

/** Case folding of Go's encoding/json field matching (ASCII, plus the Kelvin sign and long s). */
function foldKey(s: string): string {
  return s.replace(/\u212a/g, 'k').replace(/\u017f/g, 's').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const TYPE_META_GO = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * The error of the first decoding step, which reads apiVersion and kind with Go's standard
 * (case-insensitive) decoder: `couldn't get version/kind; json parse error: ...`.
 */
export function typeMetaDecodeError(body: JSONNode): string | undefined {
  const prefix = "couldn't get version/kind; json parse error: ";
  if (body.t === 'null') return undefined;
  if (body.t !== 'object') return `${prefix}json: cannot unmarshal ${goValueKind(body)} into Go value of type ${TYPE_META_GO}`;
  for (const [key, v] of body.entries) {
    const folded = foldKey(key);
    const field = folded === 'apiversion' ? 'apiVersion' : folded === 'kind' ? 'kind' : undefined;
    if (field && v.t !== 'string' && v.t !== 'null') {
      return `${prefix}json: cannot unmarshal ${goValueKind(v)} into Go struct field .${field} of type string`;
    }
  }
  return undefined;
}

/**
 * Decodes `body` (JSON text, or an already parsed value) into the type `t` as Kubernetes' JSON
 * decoder would, returning every problem in document order; decoding stops at the first `fatal`
 * one, as Go's does. With `syntax: false` only JSON types are checked (quantities and timestamps
 * are not parsed). Throws JSONSyntaxError for text that is not JSON or is nested deeper than Go's
 * decoder accepts (`exceeded max depth`).
 */
export function decodeIssues(t: TypeSchema, body: string | unknown, opts: DecodeOptions = {}): DecodeIssue[] {
  return decodeNodeIssues(t, typeof body === 'string' ? parseJSONNode(body) : jsonNode(body), opts);
}

/** decodeIssues of an already built node (see parseJSONNode and jsonNode). */
export function decodeNodeIssues(t: TypeSchema, node: JSONNode, opts: DecodeOptions = {}): DecodeIssue[] {
  const w = new Walker(opts.syntax ?? true);
  if (node.t === 'object') w.struct(node, t, { struct: '', stack: [], field: '' });
  else w.value(node, { kind: 'named', name: t.name }, undefined, { struct: '', stack: [], field: '' });
  return w.issues;
}

/** decodeIssues for the kind `apiVersion`/`kind`; empty for a kind kubesim does not serve. */
export function decodeIssuesForKind(apiVersion: unknown, kind: unknown, body: string | unknown, opts?: DecodeOptions): DecodeIssue[] {
  const t = typeof apiVersion === 'string' && typeof kind === 'string' ? schemaForKind(apiVersion, kind) : undefined;
  return t ? decodeIssues(t, body, opts) : [];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------- the fast check

/**
 * Whether decoding the parsed JSON `value` into `t` finds no issue: decodeNodeIssues' checks run on
 * plain values, without building nodes or messages, stopping at the first doubt. true guarantees
 * decodeIssues(t, value) is empty; false only means "ask decodeIssues" (an integer beyond 2^53 is
 * a doubt, for one). A parsed value no longer shows how numbers were written: callers that hold the
 * request text must rule out non-integer literals first (hasNonIntegerLiteral), as Go judges `1.0`
 * no integer.
 */
export function wellTyped(t: TypeSchema, value: unknown, opts: DecodeOptions = {}): boolean {
  const syntax = opts.syntax ?? true;
  return isRec(value) ? okStruct(value, t, syntax) : okNamed(value, t.name, syntax);
}

/** Whether JSON `text` may hold a number literal with a fraction or an exponent (false: certainly none). */
export function hasNonIntegerLiteral(text: string): boolean {
  return NON_INTEGER_LITERAL.test(text);
}

// A number where a value may start (after ":", "," or "["), with "." or an exponent. Strings holding
// such text (an image tag "nginx:1.25") only send the caller down the slow path.
const NON_INTEGER_LITERAL = /[:,[]\s*-?\d+(?:\.|[eE])/;

const okInt = (v: number, format: string | undefined) =>
  Number.isSafeInteger(v) && (format !== 'int32' || (v >= -2147483648 && v <= 2147483647));

function okValue(v: unknown, shape: Shape, syntax: boolean): boolean {
  if (v === null || v === undefined) return true;
  switch (shape.kind) {
    case 'free':
      return true;
    case 'primitive':
      switch (shape.type) {
        case 'string':
          return typeof v === 'string';
        case 'boolean':
          return typeof v === 'boolean';
        case 'integer':
          return typeof v === 'number' && okInt(v, shape.format);
        case 'number':
          return typeof v === 'number' && Number.isFinite(v);
        default:
          return true;
      }
    case 'array':
      if (!Array.isArray(v)) return false;
      for (const x of v) if (!okValue(x, shape.items, syntax)) return false;
      return true;
    case 'map':
      if (!isRec(v)) return false;
      for (const k of Object.keys(v)) if (!okValue(v[k], shape.values, syntax)) return false;
      return true;
    case 'named':
      return okNamed(v, shape.name, syntax);
  }
  return false;
}

function okNamed(v: unknown, name: string, syntax: boolean): boolean {
  if (v === null || v === undefined) return true;
  switch (name) {
    case 'Quantity':
      if (typeof v !== 'string' && typeof v !== 'number') return false;
      if (!syntax) return true;
      try {
        parseQuantity(typeof v === 'string' ? v.trim() : String(v));
        return true;
      } catch {
        return false;
      }
    case 'IntOrString':
      return typeof v === 'string' || (typeof v === 'number' && okInt(v, 'int32'));
    case 'Time':
    case 'MicroTime':
      if (typeof v !== 'string') return false;
      return !syntax || goTimeParseError(name === 'Time' ? RFC3339 : RFC3339_MICRO, v) === undefined;
    case 'FieldsV1':
    case 'RawExtension':
    case 'Patch':
      return true;
  }
  const t = typeSchema(name);
  if (!t) return true;
  return isRec(v) && okStruct(v, t, syntax);
}

function okStruct(v: Rec, t: TypeSchema, syntax: boolean): boolean {
  for (const key of Object.keys(v)) {
    const f = t.fields.get(key);
    if (f && !okValue(v[key], f.shape, syntax)) return false;
  }
  return true;
}

/** typeMetaDecodeError of a parsed object is certainly undefined (false: ask typeMetaDecodeError). */
export function typeMetaWellTyped(value: unknown): boolean {
  if (!isRec(value)) return false;
  for (const key of Object.keys(value)) {
    if (key.length !== 4 && key.length !== 10) continue; // neither "kind" nor "apiVersion", folded or not
    const folded = foldKey(key);
    if ((folded === 'apiversion' || folded === 'kind') && typeof value[key] !== 'string' && value[key] !== null) return false;
  }
  return true;
}

/** The JSON Go writes for a zero scalar of `shape`, or null for what has none (lists, maps, times, structs). */
function zeroScalar(shape: Shape): unknown {
  if (shape.kind === 'primitive') return shape.type === 'string' ? '' : shape.type === 'boolean' ? false : 0;
  if (shape.kind === 'named' && shape.name === 'Quantity') return '0';
  if (shape.kind === 'named' && shape.name === 'IntOrString') return 0;
  return null;
}

/**
 * The JSON Go writes for the zero value of a list item or map value of `shape`: a struct is written
 * with its required (non-omitempty) scalar fields (`{"ip": ""}` for an EndpointAddress), a scalar
 * as its zero; nil lists, maps and times stay null.
 */
function zeroItem(shape: Shape): unknown {
  if (shape.kind === 'named') {
    const t = typeSchema(shape.name);
    if (t) {
      const out: Rec = {};
      for (const f of t.fields.values()) {
        const z = f.required ? zeroScalar(f.shape) : null;
        if (z !== null) out[f.name] = z;
      }
      return out;
    }
  }
  return zeroScalar(shape);
}

function zeroNullsIn(v: unknown, shape: Shape): void {
  switch (shape.kind) {
    case 'array':
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null || v[i] === undefined) v[i] = zeroItem(shape.items);
        zeroNullsIn(v[i], shape.items);
      }
      return;
    case 'map':
      if (!isRec(v)) return;
      for (const k of Object.keys(v)) {
        if (v[k] === null || v[k] === undefined) v[k] = zeroItem(shape.values);
        zeroNullsIn(v[k], shape.values);
      }
      return;
    case 'named': {
      const t = typeSchema(shape.name);
      if (t && isRec(v)) zeroNullsInStruct(v, t);
      return;
    }
    default:
      return;
  }
}

function zeroNullsInStruct(obj: Rec, t: TypeSchema): void {
  for (const [name, f] of t.fields) {
    if (!Object.hasOwn(obj, name)) continue;
    if (obj[name] === null || obj[name] === undefined) {
      // A required scalar is written as its zero; anything else (optional, or a possibly-nil struct) is absent.
      const z = f.required ? zeroScalar(f.shape) : null;
      if (z === null) delete obj[name];
      else obj[name] = z;
    } else zeroNullsIn(obj[name], f.shape);
  }
}

/**
 * What Go's decoding does with JSON nulls, applied in place to the fields of `obj` its schema `t`
 * knows, as Kubernetes writes them back: a null optional field is absent, a null required scalar
 * is its zero (`""`, `0`, `false`); a null list item or map value is the item type's zero value (a
 * struct with its required scalars zeroed, `""`, `0`, `"0"` for a quantity). So `ports: [null]`
 * becomes `ports: [{"containerPort": 0}]` (and validation then reports `containerPort: Required
 * value`, as Kubernetes does) and nothing stored holds a null that readers would trip on. Values of the wrong type are left alone for validation to report; unknown
 * fields are not touched. Never throws; walks only along the schema.
 */
export function zeroNulls(t: TypeSchema, obj: unknown): void {
  if (isRec(obj)) zeroNullsInStruct(obj, t);
}

/** zeroNulls for an object of a resource (plural name); objects of unknown resources are left alone. */
export function zeroNullsOf(resource: string, obj: unknown): void {
  const t = schemaForResource(resource);
  if (t) zeroNulls(t, obj);
}
