import {
  decodeNodeIssues,
  field,
  hasNonIntegerLiteral,
  MAX_JSON_NESTING_DEPTH,
  typeMetaWellTyped,
  wellTyped,
  jsonNode,
  parseJSONNode,
  typeMetaDecodeError,
  JSONSyntaxError,
  type JSONNode,
} from '@kubesim/api';
import { WELL_KNOWN, schemaForKind, typeSchema, type Shape, type TypeSchema } from './schema/model.js';

/**
 * Strict field validation (`?fieldValidation=Strict|Warn`), as Kubernetes' strict JSON decoding
 * (sigs.k8s.io/json) reports it: every object key that is not a field of the kind's Go struct is
 * an unknown field, and a key given twice in one object is a duplicate field. Paths are the
 * decoder's: fields joined by `.`, list indices as `[i]`, map keys as `.key`, no leading dot
 * (`spec.containers[0].imagee`). Values with their own decoders (`RawExtension`, `fieldsV1`,
 * quantities, times, int-or-strings) are not looked into.
 *
 * Decoding errors (`typeErrors`, `decodeErrorMessage`): what Kubernetes' JSON decoding of a body
 * into the kind's Go struct rejects before any field validation: values of the wrong JSON type,
 * numbers that do not fit their integer field, malformed quantities, timestamps and
 * int-or-strings, with Go's error text. They fail the request (400) whatever `fieldValidation` is.
 */

interface Finding {
  kind: 'unknown' | 'duplicate';
  path: string;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function walkStruct(node: JSONNode, t: TypeSchema, path: string, out: Finding[]): void {
  if (node.t !== 'object') return; // a type error, not a strict-decoding one
  const seen = new Set<string>();
  for (const [key, value] of node.entries) {
    const field = t.fields.get(key);
    const p = join(path, key);
    if (!field) {
      out.push({ kind: 'unknown', path: p });
      continue;
    }
    if (seen.has(key)) out.push({ kind: 'duplicate', path: p });
    seen.add(key);
    walkShape(value, field.shape, p, out);
  }
}

function walkShape(node: JSONNode, shape: Shape, path: string, out: Finding[]): void {
  switch (shape.kind) {
    case 'named': {
      if (WELL_KNOWN.has(shape.name)) return; // Quantity, Time, RawExtension, …: custom decoders
      walkStruct(node, typeSchema(shape.name)!, path, out);
      return;
    }
    case 'array':
      if (node.t === 'array') node.items.forEach((item, i) => walkShape(item, shape.items, `${path}[${i}]`, out));
      return;
    case 'map': {
      if (node.t !== 'object') return;
      const seen = new Set<string>();
      for (const [key, value] of node.entries) {
        const p = join(path, key);
        if (seen.has(key)) out.push({ kind: 'duplicate', path: p });
        seen.add(key);
        walkShape(value, shape.values, p, out);
      }
      return;
    }
    case 'primitive':
    case 'free':
      return;
  }
}

function findings(apiVersion: string, kind: string, body: () => JSONNode): Finding[] {
  const t = schemaForKind(apiVersion, kind);
  if (!t) return [];
  let node: JSONNode;
  try {
    node = body();
  } catch (e) {
    // Too deeply nested to decode at all: a decoding error (see typeErrors), not a strict one.
    if (e instanceof JSONSyntaxError && e.message === 'exceeded max depth') return [];
    throw e;
  }
  const out: Finding[] = [];
  walkStruct(node, t, '', out);
  return out;
}

/**
 * The paths of the fields of `obj` that the kind `apiVersion`/`kind` does not have, in document
 * order (`['spec.containers[0].imagee', 'metadata.bogus']`). Empty for a kind kubesim does not
 * know. Pass the request body text to `strictDecodingErrors` instead to also catch duplicates,
 * which a parsed object has lost.
 */
export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  return findings(apiVersion, kind, () => jsonNode(obj))
    .filter((f) => f.kind === 'unknown')
    .map((f) => f.path);
}

/** The paths of keys repeated within one JSON object of `json`, in document order. */
export function duplicateFields(apiVersion: string, kind: string, json: string): string[] {
  return findings(apiVersion, kind, () => parseJSONNode(json))
    .filter((f) => f.kind === 'duplicate')
    .map((f) => f.path);
}

/**
 * Kubernetes' strict decoding errors for a request body (JSON text, or an already parsed value),
 * in document order: `unknown field "spec.foo"`, `duplicate field "spec.replicas"`.
 * With `fieldValidation=Strict` any error fails the request (see `strictDecodingMessage`); with
 * `Warn` each becomes one `Warning` header (see `warningHeader`). Throws SyntaxError for text that
 * is not JSON; text nested deeper than Go's decoder accepts has no strict errors (typeErrors
 * reports it). Never throws for a parsed value, whatever its types or depth.
 */
export function strictDecodingErrors(apiVersion: string, kind: string, body: string | unknown): string[] {
  return findings(apiVersion, kind, () => (typeof body === 'string' ? parseJSONNode(body) : jsonNode(body))).map((f) => `${f.kind} field ${JSON.stringify(f.path)}`);
}

/**
 * The message of the 400 BadRequest Status that rejects a body under `fieldValidation=Strict`:
 * `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "x"`.
 */
export function strictDecodingMessage(apiVersion: string, kind: string, errors: readonly string[]): string {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`;
}

/** A `Warning` response header value (RFC 7234 code 299, no agent), which kubectl prints as `Warning: <text>`. */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Go's "couldn't get version/kind" error for text it cannot even scan. */
function unscannable(e: unknown): string {
  const msg = e instanceof JSONSyntaxError && e.message === 'exceeded max depth' ? 'exceeded max depth' : (e as Error).message;
  return `couldn't get version/kind; json parse error: ${msg}`;
}

/**
 * The errors Kubernetes' JSON decoding reports for a request body (JSON text, or an already parsed
 * value) of the kind `apiVersion`/`kind`, in Go's words:
 * `json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string`,
 * `json: cannot unmarshal number 1.5 into Go struct field ReplicaSetSpec.spec.replicas of type int32`,
 * `quantities must match the regular expression '...'`,
 * `couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string`.
 *
 * The first error is the one Kubernetes reports (`decodeErrorMessage` builds its message): Go's
 * decoder reports the earliest type error, unless a value with its own decoder (quantity, time,
 * int-or-string) fails, which stops decoding and wins; the others follow in document order.
 * Empty when the body decodes (unknown fields are not errors here: see strictDecodingErrors), and
 * for kinds kubesim does not serve. Pass the text when you have it: number literals are then
 * judged as written (`1.0` is not an integer to Go); with the text, `parsed` (its JSON.parse) lets a
 * well-typed body skip the text's re-parsing. Never throws.
 */
export function typeErrors(apiVersion: string, kind: string, body: string | unknown, parsed?: unknown): string[] {
  // The common case, a well-typed body, without re-parsing the text: `parsed` is JSON.parse(body).
  // Text shorter than 2×MAX_JSON_NESTING_DEPTH cannot nest too deep for Go's decoder.
  if (typeof body === 'string' && parsed !== undefined && body.length < 2 * MAX_JSON_NESTING_DEPTH && typeMetaWellTyped(parsed) && !hasNonIntegerLiteral(body)) {
    const t = schemaForKind(apiVersion, kind);
    if (!t || wellTyped(t, parsed)) return [];
  }
  let node: JSONNode;
  try {
    node = typeof body === 'string' ? parseJSONNode(body) : jsonNode(body);
  } catch (e) {
    return [unscannable(e)];
  }
  const typeMeta = typeMetaDecodeError(node);
  if (typeMeta) return [typeMeta];
  const t = schemaForKind(apiVersion, kind);
  if (!t) return [];
  const issues = decodeNodeIssues(t, node);
  const fatal = issues.find((i) => i.fatal);
  return (fatal ? [fatal, ...issues.filter((i) => i !== fatal)] : issues).map((i) => i.message);
}

/** apiserver's summarizeData: the first 30 bytes of a JSON object body, else their hex. */
function summarizeData(body: string | Uint8Array): string {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const max = 30;
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b) return data.length > max ? `${data.subarray(0, max).toString('utf8')} ...` : data.toString('utf8');
  return data.length > max ? `${data.subarray(0, max).toString('hex')} ...` : data.toString('hex');
}

/**
 * The message of the 400 BadRequest Status rejecting a body that does not decode (`errors` from
 * typeErrors; the first is reported), as kube-apiserver's transformDecodeError words it:
 * `ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal bool into
 * Go struct field ObjectMeta.spec.template.metadata.labels of type string`. When apiVersion or kind
 * themselves do not decode, Kubernetes cannot name the kind:
 * `the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse
 * error: ... ({"apiVersion":1,"kind":"Pod","meta ...)`, quoting the start of `body` (the request
 * body as sent; a parsed value is re-encoded).
 */
export function decodeErrorMessage(apiVersion: string, kind: string, errors: readonly string[], body?: string | Uint8Array | unknown): string {
  const err = errors[0] ?? '';
  if (err.startsWith("couldn't get version/kind")) {
    let raw: string | Uint8Array;
    if (typeof body === 'string' || body instanceof Uint8Array) raw = body;
    else {
      try {
        raw = JSON.stringify(body) ?? '';
      } catch {
        raw = '';
      }
    }
    return `the object provided is unrecognized (must be of type ${kind}): ${err} (${summarizeData(raw)})`;
  }
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const version = av.slice(av.indexOf('/') + 1);
  return `${kind} in version ${field.goQuote(version)} cannot be handled as a ${kind}: ${err}`;
}
