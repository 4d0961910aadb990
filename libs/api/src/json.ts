/**
 * JSON values as Kubernetes' decoders see them: a request body keeps its key order, repeated keys
 * and the literal text of its numbers (`1.0` is not `1` to Go's integer decoding), while an
 * already parsed value is viewed lazily, so walking a few schema paths of a huge or deeply nested
 * value never converts (or recurses through) all of it.
 */

/** One JSON value. `number.raw` is the literal as written (or as JavaScript prints a parsed number). */
export type JSONNode =
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, JSONNode])[] }
  | { readonly t: 'array'; readonly items: readonly JSONNode[] }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly raw: string }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'null' };

/** encoding/json's maxNestingDepth: deeper documents are rejected as `exceeded max depth`. */
export const MAX_JSON_NESTING_DEPTH = 10000;

/** A JSON syntax error, or a document nested deeper than Go's decoder accepts (`message` is then `exceeded max depth`). */
export class JSONSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JSONSyntaxError';
  }
}

const NULL: JSONNode = { t: 'null' };
const TRUE: JSONNode = { t: 'bool', value: true };
const FALSE: JSONNode = { t: 'bool', value: false };
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses JSON text into nodes, without recursion (any depth up to MAX_JSON_NESTING_DEPTH, as Go's
 * scanner allows). Throws JSONSyntaxError for malformed text or deeper nesting.
 */
export function parseJSONNode(text: string): JSONNode {
  let i = 0;
  const n = text.length;
  const fail = (what = 'invalid JSON'): never => {
    throw new JSONSyntaxError(`${what} at offset ${i}`, i);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const str = (): string => {
    const start = i++;
    let escaped = false;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
      } else {
        if (c < 0x20) fail('control character in string');
        i++;
      }
    }
    i++;
    if (!escaped) return text.slice(start + 1, i - 1);
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('invalid string escape');
    }
  };
  /** A scalar at i, or undefined when a container starts there. */
  const scalar = (): JSONNode | undefined => {
    const c = text[i];
    if (c === '"') return { t: 'string', value: str() };
    if (c === '{' || c === '[') return undefined;
    if (text.startsWith('true', i)) {
      i += 4;
      return TRUE;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return FALSE;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return NULL;
    }
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (!m) return fail();
    i += m[0].length;
    return { t: 'number', raw: m[0] };
  };

  type Frame = { t: 'object'; entries: [string, JSONNode][]; key: string } | { t: 'array'; items: JSONNode[] };
  const stack: Frame[] = [];
  let result: JSONNode | undefined;
  /** Opens a container at i (pushes a frame) or returns the scalar found there. */
  const begin = (): JSONNode | undefined => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_NESTING_DEPTH) throw new JSONSyntaxError('exceeded max depth', i);
      i++;
      stack.push(c === '{' ? { t: 'object', entries: [], key: '' } : { t: 'array', items: [] });
      return undefined;
    }
    if (i >= n) fail('unexpected end of JSON input');
    return scalar();
  };

  let value = begin();
  for (;;) {
    const top = stack[stack.length - 1];
    if (!top) {
      result = value;
      break;
    }
    if (value !== undefined) {
      // A complete value for the top container.
      if (top.t === 'object') top.entries.push([top.key, value]);
      else top.items.push(value);
      ws();
      const c = text[i];
      if (c === ',') {
        i++;
      } else if ((c === '}' && top.t === 'object') || (c === ']' && top.t === 'array')) {
        i++;
        stack.pop();
        value = top.t === 'object' ? { t: 'object', entries: top.entries } : { t: 'array', items: top.items };
        continue;
      } else fail();
    } else {
      // Just opened: empty container?
      ws();
      const c = text[i];
      if ((c === '}' && top.t === 'object') || (c === ']' && top.t === 'array')) {
        i++;
        stack.pop();
        value = top.t === 'object' ? { t: 'object', entries: top.entries } : { t: 'array', items: top.items };
        continue;
      }
    }
    if (top.t === 'object') {
      ws();
      if (text[i] !== '"') fail('expected a string key');
      top.key = str();
      ws();
      if (text[i] !== ':') fail("expected ':'");
      i++;
    }
    value = begin();
  }
  ws();
  if (i !== n) fail('unexpected data after the JSON value');
  return result!;
}

/** How JavaScript prints a parsed number; Go would have seen the original literal. */
function numberLiteral(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * A lazy view of a parsed value: children are wrapped only when visited. Values that JSON cannot
 * hold (undefined, functions, symbols, bigints) read as null; non-finite numbers keep their text.
 */
export function jsonNode(v: unknown): JSONNode {
  if (v === null || v === undefined) return NULL;
  switch (typeof v) {
    case 'string':
      return { t: 'string', value: v };
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'number':
      return { t: 'number', raw: numberLiteral(v) };
    case 'bigint':
      return { t: 'number', raw: v.toString() };
    case 'object':
      if (Array.isArray(v)) {
        let items: JSONNode[] | undefined;
        return {
          t: 'array',
          get items() {
            return (items ??= Array.from(v as unknown[], (x) => jsonNode(x)));
          },
        };
      } else {
        let entries: [string, JSONNode][] | undefined;
        return {
          t: 'object',
          get entries() {
            return (entries ??= Object.entries(v as object).map(([k, x]) => [k, jsonNode(x)] as [string, JSONNode]));
          },
        };
      }
    default:
      return NULL;
  }
}

/** Go's name for the JSON value of a node in decoding errors: `bool`, `number`, `string`, `object`, `array` or `null`. */
export function goValueKind(node: JSONNode): 'bool' | 'number' | 'string' | 'object' | 'array' | 'null' {
  return node.t === 'bool' ? 'bool' : node.t;
}

/** Converts a node back to a plain value (numbers as JavaScript numbers). Iterative. */
export function nodeValue(node: JSONNode): unknown {
  switch (node.t) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return node.value;
    case 'number':
      return Number(node.raw);
    default: {
      const root: unknown = node.t === 'array' ? [] : {};
      const work: [JSONNode, unknown][] = [[node, root]];
      while (work.length) {
        const [n, out] = work.pop()!;
        const put = (k: string | number, c: JSONNode) => {
          if (c.t === 'object' || c.t === 'array') {
            const child: unknown = c.t === 'array' ? [] : {};
            work.push([c, child]);
            Object.defineProperty(out, k, { value: child, enumerable: true, writable: true, configurable: true });
          } else Object.defineProperty(out, k, { value: nodeValue(c), enumerable: true, writable: true, configurable: true });
        };
        if (n.t === 'array') n.items.forEach((c, i) => put(i, c));
        else if (n.t === 'object') for (const [k, c] of n.entries) put(k, c);
      }
      return root;
    }
  }
}

/**
 * How deeply objects and arrays nest in a parsed value (a scalar is 0, `[]` is 1), counted without
 * recursion and up to `limit + 1`: callers compare with their limit, and a value that refers to
 * itself (YAML anchors can build one) counts as deeper than any limit, since its path never ends.
 * JavaScript copies and serializes values recursively (structuredClone gives up near 2000 levels,
 * JSON.stringify near 4000), so a server must refuse what it could not process well before Go's
 * 10000. Every request body goes through it: it allocates nothing per value but two stack slots.
 */
export function nestingDepth(v: unknown, limit = MAX_JSON_NESTING_DEPTH): number {
  if (v === null || typeof v !== 'object') return 0;
  let max = 0;
  // Depth-first with an explicit stack of containers and their depths.
  const values: object[] = [v];
  const depths: number[] = [1];
  while (values.length) {
    const o = values.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) {
      max = depth;
      if (max > limit) return limit + 1;
    }
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const c: unknown = o[i];
        if (c !== null && typeof c === 'object') {
          values.push(c);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const k in o) {
        const c = o[k];
        if (c !== null && typeof c === 'object' && Object.hasOwn(o, k)) {
          values.push(c);
          depths.push(depth + 1);
        }
      }
    }
  }
  return max;
}

/**
 * JSON.stringify for messages: never throws. A value JSON cannot print (nested too deeply for
 * JavaScript's recursive serializer, circular, a bigint) prints as a placeholder.
 */
export function safeJSONStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '"<unprintable value>"';
  }
}

/** Freezes a value and everything reachable from it (objects already frozen are taken as done); returns it. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
