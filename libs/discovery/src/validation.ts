import { WELL_KNOWN, schemaForKind, typeSchema, type Shape, type TypeSchema } from './schema/model.js';

/**
 * Strict field validation (`?fieldValidation=Strict|Warn`), as Kubernetes' strict JSON decoding
 * (sigs.k8s.io/json) reports it: every object key that is not a field of the kind's Go struct is
 * an unknown field, and a key given twice in one object is a duplicate field. Paths are the
 * decoder's: fields joined by `.`, list indices as `[i]`, map keys as `.key`, no leading dot
 * (`spec.containers[0].imagee`). Values with their own decoders (`RawExtension`, `fieldsV1`,
 * quantities, times, int-or-strings) are not looked into.
 */

/** A parsed JSON value that remembers key order and repeated keys. */
type Node =
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, Node])[] }
  | { readonly t: 'array'; readonly items: readonly Node[] }
  | { readonly t: 'scalar' };

const SCALAR: Node = { t: 'scalar' };

function fromValue(v: unknown): Node {
  if (Array.isArray(v)) return { t: 'array', items: v.map(fromValue) };
  if (v !== null && typeof v === 'object') return { t: 'object', entries: Object.entries(v).map(([k, x]) => [k, fromValue(x)] as const) };
  return SCALAR;
}

/** Parses JSON text keeping duplicate keys. Throws SyntaxError on malformed input. */
function parseJson(text: string): Node {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}`);
  };
  const str = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Node => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, Node][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'object', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = str();
        ws();
        if (text[i++] !== ':') fail();
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { t: 'object', entries };
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { t: 'array', items };
        } else fail();
      }
    }
    if (c === '"') {
      str();
      return SCALAR;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
    return SCALAR;
  };
  const root = value();
  ws();
  if (i !== text.length) fail();
  return root;
}

interface Finding {
  kind: 'unknown' | 'duplicate';
  path: string;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function walkStruct(node: Node, t: TypeSchema, path: string, out: Finding[]): void {
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

function walkShape(node: Node, shape: Shape, path: string, out: Finding[]): void {
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

function findings(apiVersion: string, kind: string, body: () => Node): Finding[] {
  const t = schemaForKind(apiVersion, kind);
  if (!t) return [];
  const out: Finding[] = [];
  walkStruct(body(), t, '', out);
  return out;
}

/**
 * The paths of the fields of `obj` that the kind `apiVersion`/`kind` does not have, in document
 * order (`['spec.containers[0].imagee', 'metadata.bogus']`). Empty for a kind kubesim does not
 * know. Pass the request body text to `strictDecodingErrors` instead to also catch duplicates,
 * which a parsed object has lost.
 */
export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  return findings(apiVersion, kind, () => fromValue(obj))
    .filter((f) => f.kind === 'unknown')
    .map((f) => f.path);
}

/** The paths of keys repeated within one JSON object of `json`, in document order. */
export function duplicateFields(apiVersion: string, kind: string, json: string): string[] {
  return findings(apiVersion, kind, () => parseJson(json))
    .filter((f) => f.kind === 'duplicate')
    .map((f) => f.path);
}

/**
 * Kubernetes' strict decoding errors for a request body (JSON text, or an already parsed value),
 * in document order: `unknown field "spec.foo"`, `duplicate field "spec.replicas"`.
 * With `fieldValidation=Strict` any error fails the request (see `strictDecodingMessage`); with
 * `Warn` each becomes one `Warning` header (see `warningHeader`). Throws SyntaxError for text that
 * is not JSON.
 */
export function strictDecodingErrors(apiVersion: string, kind: string, body: string | unknown): string[] {
  return findings(apiVersion, kind, () => (typeof body === 'string' ? parseJson(body) : fromValue(body))).map((f) => `${f.kind} field ${JSON.stringify(f.path)}`);
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
