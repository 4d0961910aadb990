/**
 * apimachinery's `util/validation/field` in TypeScript: constructors for `FieldError` with the exact
 * details Kubernetes attaches, field-path helpers, the aggregate error text (`utilerrors.Aggregate`)
 * and renderers for bad values Go prints with `%#v` (maps, slices, label selectors).
 */
import { GoSyntax, fieldErrorString, type FieldError } from './errors.js';
import type { LabelSelector } from './types.js';

// ---------------------------------------------------------------- paths

/**
 * A field path as `field.Path.String()` prints it; `undefined` is Go's nil path, printed `<nil>`.
 * Children of a nil path start a new root (`(*Path)(nil).Child("key")` is `key`).
 */
export type FieldPath = string | undefined;

export function pathString(p: FieldPath): string {
  return p === undefined ? '<nil>' : p;
}

/** `p.Child(a, b, ...)`. */
export function child(p: FieldPath, ...names: string[]): string {
  const tail = names.join('.');
  return p === undefined || p === '' ? tail : `${p}.${tail}`;
}

/** `p.Index(i)`. */
export function index(p: FieldPath, i: number): string {
  return `${p ?? ''}[${i}]`;
}

/** `p.Key(k)`. */
export function key(p: FieldPath, k: string): string {
  return `${p ?? ''}[${k}]`;
}

// ---------------------------------------------------------------- constructors

/** field.Required: "Required value" plus an optional detail. */
export function required(p: FieldPath, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field: pathString(p), badValue: '', detail };
}

/** field.Invalid: `Invalid value: <value>: <detail>`. */
export function invalid(p: FieldPath, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: pathString(p), badValue: value ?? null, detail };
}

/** field.NotSupported: `Unsupported value: <value>: supported values: "a", "b"` (order as given). */
export function notSupported(p: FieldPath, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length ? `supported values: ${validValues.map((v) => goQuote(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: pathString(p), badValue: value ?? null, detail };
}

/** field.Forbidden. */
export function forbidden(p: FieldPath, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: pathString(p), badValue: '', detail };
}

/** field.Duplicate: `Duplicate value: <value>`. */
export function duplicate(p: FieldPath, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field: pathString(p), badValue: value ?? null };
}

/** field.NotFound: `Not found: <value>`. */
export function notFound(p: FieldPath, value: unknown, detail = ''): FieldError {
  return { type: 'FieldValueNotFound', field: pathString(p), badValue: value ?? null, detail };
}

/** field.TooLong: `Too long: may not be more than <n> bytes`. */
export function tooLong(p: FieldPath, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return { type: 'FieldValueTooLong', field: pathString(p), badValue: '<value omitted>', detail };
}

/** field.InternalError. */
export function internalError(p: FieldPath, message: string): FieldError {
  return { type: 'InternalError', field: pathString(p), detail: message };
}

/**
 * The text of `ErrorList.ToAggregate().Error()`: duplicates dropped, one error printed bare, several
 * as `[a, b]`; '' for none.
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorString))];
  if (msgs.length === 0) return '';
  if (msgs.length === 1) return msgs[0]!;
  return `[${msgs.join(', ')}]`;
}

// ---------------------------------------------------------------- Go rendering

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(value: string): string {
  // Callers pass strings; a decoded body may still hold other types, which must not crash formatting.
  const s = typeof value === 'string' ? value : String(value);
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** `%#v` of a `map[string]string` (keys sorted, as fmt prints maps). */
export function goStringMap(m: Record<string, string> | null | undefined): GoSyntax {
  if (m === null || m === undefined || typeof m !== 'object') return new GoSyntax('map[string]string(nil)');
  const body = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`)
    .join(', ');
  return new GoSyntax(`map[string]string{${body}}`);
}

/** `%#v` of a `[]string`. */
export function goStringSlice(a: readonly string[] | null | undefined): GoSyntax {
  if (!Array.isArray(a)) return new GoSyntax('[]string(nil)');
  return new GoSyntax(`[]string{${a.map(goQuote).join(', ')}}`);
}

/** `%#v` of a `metav1.LabelSelector` value, as printed for `spec.selector` errors. */
export function goLabelSelector(ls: LabelSelector | null | undefined): GoSyntax {
  if (ls === null || ls === undefined) return new GoSyntax('null');
  // Stored objects may hold anything: what is not a list prints as nil, a null item as the zero value.
  const exprs = !Array.isArray(ls.matchExpressions)
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e?.key ?? '')}, Operator:${goQuote(e?.operator ?? '')}, Values:${goStringSlice(e?.values).text}}`)
        .join(', ')}}`;
  return new GoSyntax(`v1.LabelSelector{MatchLabels:${goStringMap(ls.matchLabels).text}, MatchExpressions:${exprs}}`);
}
