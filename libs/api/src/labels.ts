/**
 * Label selectors as apimachinery's `pkg/labels` and `metav1` helpers implement them: the string
 * syntax (`app=kubia,env in (prod,dev),!tier`), LabelSelector objects, canonical printing and
 * matching. Malformed selectors raise a BadRequest StatusError carrying Kubernetes' message.
 */
import { newBadRequest, type FieldError } from './errors.js';
import { aggregateMessage, child, goQuote, goStringSlice, index, invalid, key as keyPath, notSupported, type FieldPath } from './field.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import type { LabelSelector } from './types.js';

/** selection.Operator, with Kubernetes' string values. */
export type SelectionOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

const BINARY_OPERATORS: SelectionOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: SelectionOperator[] = [...BINARY_OPERATORS, 'exists', '!'];

/** One requirement of a selector: key, operator and (for set and equality operators) values. */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectionOperator;
  readonly values: readonly string[];
}

/** A label set: what objects carry in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

/** labels.Selector. */
export interface Selector {
  /** Whether `labels` (undefined = no labels) satisfy every requirement. */
  matches(labels: Labels | null | undefined): boolean;
  /** True when the selector does not restrict (Everything); false for Nothing. */
  empty(): boolean;
  /** The canonical form, requirements sorted by key: `app=kubia,env in (dev,prod),!tier`. */
  toString(): string;
  /** The requirements, sorted by key; empty for Everything and Nothing. */
  readonly requirements: readonly Requirement[];
  /** False only for Nothing (Requirements() returns selectable=false). */
  readonly selectable: boolean;
  /** A copy with more requirements (re-sorted by key). */
  add(...reqs: Requirement[]): Selector;
  /** The value a requirement pins `label` to (=, == or single-valued in), if any. */
  requiresExactMatch(label: string): string | undefined;
}

// ---------------------------------------------------------------- requirements

function validateLabelKey(k: string, path: FieldPath): FieldError | undefined {
  const errs = isQualifiedName(k);
  return errs.length ? invalid(path, k, errs.join('; ')) : undefined;
}

function validateLabelValue(k: string, v: string, path: FieldPath): FieldError | undefined {
  const errs = isValidLabelValue(v);
  return errs.length ? invalid(keyPath(path, k), v, errs.join('; ')) : undefined;
}

/** The field errors labels.NewRequirement reports (empty when the requirement is valid). */
export function requirementErrors(key: string, op: string, vals: readonly string[] | null | undefined, path?: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const keyErr = validateLabelKey(key, child(path, 'key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = child(path, 'values');
  const n = vals?.length ?? 0;
  switch (op) {
    case 'in':
    case 'notin':
      if (n === 0) errs.push(invalid(valuePath, goStringSlice(vals), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(invalid(valuePath, goStringSlice(vals), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (n !== 0) errs.push(invalid(valuePath, goStringSlice(vals), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(invalid(valuePath, goStringSlice(vals), "for 'Gt', 'Lt' operators, exactly one value is required"));
      (vals ?? []).forEach((v, i) => {
        if (!/^[+-]?[0-9]+$/.test(v) || !fitsInt64(v)) {
          errs.push(invalid(index(valuePath, i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(notSupported(child(path, 'operator'), op, VALID_OPERATORS));
  }
  (vals ?? []).forEach((v, i) => {
    const e = validateLabelValue(key, v, index(valuePath, i));
    if (e) errs.push(e);
  });
  return errs;
}

function fitsInt64(v: string): boolean {
  const n = BigInt(v);
  return n >= -(1n << 63n) && n < 1n << 63n;
}

/**
 * labels.NewRequirement: a validated requirement. An invalid one raises BadRequest with the
 * aggregate text, e.g. `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`.
 */
export function newRequirement(key: string, op: SelectionOperator, vals: readonly string[] = []): Requirement {
  const errs = requirementErrors(key, op, vals);
  if (errs.length) throw newBadRequest(aggregateMessage(errs));
  return { key, operator: op, values: [...vals] };
}

function hasValue(r: Requirement, v: string): boolean {
  return r.values.includes(v);
}

/** Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && hasValue(r, labels[r.key]!);
    case 'notin':
    case '!=':
      return !has || !hasValue(r, labels[r.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const lv = labels[r.key]!;
      const rv = r.values[0]!;
      if (!/^[+-]?[0-9]+$/.test(lv) || !fitsInt64(lv) || !/^[+-]?[0-9]+$/.test(rv) || !fitsInt64(rv)) return false;
      return r.operator === 'gt' ? BigInt(lv) > BigInt(rv) : BigInt(lv) < BigInt(rv);
    }
    default:
      return false;
  }
}

/** Requirement.String(): values printed sorted. */
export function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? '!' : '';
  s += r.key;
  switch (r.operator) {
    case '=':
      s += '=';
      break;
    case '==':
      s += '==';
      break;
    case '!=':
      s += '!=';
      break;
    case 'in':
      s += ' in ';
      break;
    case 'notin':
      s += ' notin ';
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
    case 'exists':
    case '!':
      return s;
  }
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}

function byKey(reqs: Requirement[]): Requirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------- selectors

class InternalSelector implements Selector {
  readonly selectable = true;
  readonly requirements: readonly Requirement[];
  constructor(reqs: Requirement[]) {
    this.requirements = Object.freeze(reqs);
  }
  matches(labels: Labels | null | undefined): boolean {
    const ls = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, ls));
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
  add(...reqs: Requirement[]): Selector {
    return new InternalSelector(byKey([...this.requirements, ...reqs]));
  }
  requiresExactMatch(label: string): string | undefined {
    const r = this.requirements.find((x) => x.key === label);
    if (!r) return undefined;
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }
}

class NothingSelector implements Selector {
  readonly selectable = false;
  readonly requirements: readonly Requirement[] = Object.freeze([]);
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  toString(): string {
    return '';
  }
  add(): Selector {
    return this;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

const EVERYTHING: Selector = new InternalSelector([]);
const NOTHING: Selector = new NothingSelector();

/** labels.Everything(): matches all label sets. */
export function everything(): Selector {
  return EVERYTHING;
}

/** labels.Nothing(): matches nothing. */
export function nothing(): Selector {
  return NOTHING;
}

/** labels.SelectorFromSet (no validation): `k=v` for each entry; an empty or missing set is Everything. */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return EVERYTHING;
  return new InternalSelector(byKey(Object.entries(set).map(([k, v]) => ({ key: k, operator: '=' as const, values: [v] }))));
}

/** labels.ValidatedSelectorFromSet: as selectorFromSet, but invalid keys or values raise BadRequest. */
export function validatedSelectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return EVERYTHING;
  return new InternalSelector(byKey(Object.entries(set).map(([k, v]) => newRequirement(k, '=', [v]))));
}

// ---------------------------------------------------------------- the string syntax (labels.Parse)

enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN = new Map<string, Tok>(Object.entries({
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
}));

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

/** The Lexer of pkg/labels/selector.go. */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++]! : '');
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    pos--;
    if (isSpecialSymbol(ch)) {
      let buffer = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const t = STRING_TO_TOKEN.get(buffer);
          if (t !== undefined) last = { tok: t, lit: buffer };
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      const t = STRING_TO_TOKEN.get(buffer);
      items.push(t !== undefined ? { tok: t, lit: buffer } : { tok: Tok.Identifier, lit: buffer });
    }
  }
}

class ParseError extends Error {}

/** The recursive-descent Parser of pkg/labels/selector.go; errors carry Kubernetes' text. */
class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private at(i: number): Item {
    return this.items[Math.min(i, this.items.length - 1)]!;
  }
  /** In the Values context `in` and `notin` are plain identifiers. */
  private lookahead(values: boolean): Item {
    const it = this.at(this.position);
    return values && (it.tok === Tok.In || it.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: it.lit } : it;
  }
  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            throw new ParseError(`unable to parse requirement: ${(e as Error).message}`);
          }
          reqs.push(r);
          const t = this.consume(true);
          if (t.tok === Tok.EndOfString) return reqs;
          if (t.tok === Tok.Comma) {
            const t2 = this.lookahead(true);
            if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) throw new ParseError(`found '${t2.lit}', expected: identifier after ','`);
          } else throw new ParseError(`found '${t.lit}', expected: ',' or 'end of string'`);
          break;
        }
        case Tok.EndOfString:
          return reqs;
        default:
          throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return checked(key, inferred, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return checked(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): [string, SelectionOperator | undefined] {
    let op: SelectionOperator | undefined;
    let { tok, lit } = this.consume(true);
    if (tok === Tok.DoesNotExist) {
      op = '!';
      ({ tok, lit } = this.consume(true));
    }
    if (tok !== Tok.Identifier) throw new Error(`found '${lit}', expected: identifier`);
    const keyErr = validateLabelKey(lit, undefined);
    if (keyErr) throw new Error(fieldErrorText(keyErr));
    const next = this.lookahead(true).tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && op !== '!') op = 'exists';
    return [lit, op];
  }

  private parseOperator(): SelectionOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      case Tok.NotIn:
        return 'notin';
      case Tok.NotEquals:
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(true).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.consume(true);
        return new Set(['']);
      default:
        throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      switch (tok) {
        case Tok.Identifier: {
          s.add(lit);
          const t2 = this.lookahead(true);
          if (t2.tok === Tok.Comma) continue;
          if (t2.tok === Tok.ClosedPar) return s;
          throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
        }
        case Tok.Comma: {
          if (s.size === 0) s.add('');
          const t2 = this.lookahead(true).tok;
          if (t2 === Tok.ClosedPar) {
            s.add('');
            return s;
          }
          if (t2 === Tok.Comma) {
            this.consume(true);
            s.add('');
          }
          break;
        }
        default:
          throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead(true).tok;
    if (t === Tok.EndOfString || t === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function fieldErrorText(e: FieldError): string {
  return aggregateMessage([e]);
}

function checked(key: string, op: SelectionOperator, vals: string[]): Requirement {
  const errs = requirementErrors(key, op, vals);
  if (errs.length) throw new Error(aggregateMessage(errs));
  return { key, operator: op, values: vals };
}

/**
 * labels.Parse: the string form of a selector, e.g. `app=kubia,env in (prod,dev),!tier,x notin (a,b)`.
 * An empty string is Everything. A malformed selector raises BadRequest with Kubernetes' message,
 * e.g. "found 'b', expected: ',' or 'end of string'" or "unable to parse requirement: ...".
 */
export function parseSelector(s: string): Selector {
  try {
    return new InternalSelector(byKey(new Parser(lex(s)).parse()));
  } catch (e) {
    if (e instanceof ParseError) throw newBadRequest(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------- metav1.LabelSelector

const LS_OPERATORS = new Map<string, SelectionOperator>([
  ['In', 'in'],
  ['NotIn', 'notin'],
  ['Exists', 'exists'],
  ['DoesNotExist', '!'],
]);

/**
 * metav1.LabelSelectorAsSelector: a missing (null/undefined) selector selects Nothing, an empty one
 * Everything. Invalid requirements raise BadRequest with labels.NewRequirement's text, an unknown
 * operator `"Foo" is not a valid pod selector operator`.
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return NOTHING;
  const labels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) return EVERYTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(labels)) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of exprs) {
    const op = LS_OPERATORS.get(expr.operator);
    if (!op) throw newBadRequest(`${goQuote(String(expr.operator ?? ''))} is not a valid pod selector operator`);
    const errs = requirementErrors(expr.key, op, expr.values && expr.values.length ? expr.values : undefined);
    if (errs.length) throw newBadRequest(aggregateMessage(errs));
    reqs.push({ key: expr.key, operator: op, values: [...(expr.values ?? [])] });
  }
  return new InternalSelector(byKey(reqs));
}

/**
 * metav1.LabelSelectorAsMap: the selector as a plain label map; `undefined` for a missing selector.
 * Operators other than single-valued In raise BadRequest, e.g.
 * `operator "NotIn" cannot be converted into the old label selector format`.
 */
export function labelSelectorAsMap(ls: LabelSelector | null | undefined): Record<string, string> | undefined {
  if (ls === null || ls === undefined) return undefined;
  const out: Record<string, string> = { ...(ls.matchLabels ?? {}) };
  for (const expr of ls.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if ((expr.values ?? []).length !== 1) {
          throw newBadRequest(`operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`);
        }
        out[expr.key] = expr.values![0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw newBadRequest(`operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`);
      default:
        throw newBadRequest(`${goQuote(String(expr.operator ?? ''))} is not a valid selector operator`);
    }
  }
  return out;
}

/**
 * metav1.ParseToLabelSelector: the string syntax as a LabelSelector (= and == become matchLabels).
 * Errors read `couldn't parse the selector string "<s>": <reason>`.
 */
export function parseToLabelSelector(s: string): LabelSelector {
  let reqs: readonly Requirement[];
  try {
    reqs = parseSelector(s).requirements;
  } catch (e) {
    throw newBadRequest(`couldn't parse the selector string "${s}": ${(e as Error).message}`);
  }
  const out: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  for (const r of reqs) {
    switch (r.operator) {
      case '=':
      case '==':
        out.matchLabels[r.key] = r.values[0]!;
        break;
      case 'in':
        out.matchExpressions.push({ key: r.key, operator: 'In', values: [...r.values] });
        break;
      case 'notin':
        out.matchExpressions.push({ key: r.key, operator: 'NotIn', values: [...r.values] });
        break;
      case 'exists':
        out.matchExpressions.push({ key: r.key, operator: 'Exists' });
        break;
      case '!':
        out.matchExpressions.push({ key: r.key, operator: 'DoesNotExist' });
        break;
      default:
        throw newBadRequest(`${goQuote(r.operator)} isn't supported in label selectors`);
    }
  }
  return out;
}

/** metav1.FormatLabelSelector: the canonical string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = selectorFromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}
