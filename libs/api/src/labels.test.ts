import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import {
  everything,
  formatLabelSelector,
  labelSelectorAsMap,
  nothing,
  parseSelector,
  parseToLabelSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  validatedSelectorFromSet,
} from './labels.js';
import type { LabelSelector } from './types.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).reason).toBe('BadRequest');
    expect((e as StatusError).code).toBe(400);
    return (e as StatusError).message;
  }
  throw new Error('expected a BadRequest');
}

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseSelector (labels.Parse)', () => {
  it.each([
    ['', ''],
    ['app=kubia', 'app=kubia'],
    ['  app = kubia ', 'app=kubia'],
    ['x==y', 'x==y'],
    ['tier!=web', 'tier!=web'],
    ['!tier', '!tier'],
    ['exists-key', 'exists-key'],
    ['env in (prod,dev)', 'env in (dev,prod)'],
    ['env in (prod, dev,prod)', 'env in (dev,prod)'],
    ['x notin (a,b)', 'x notin (a,b)'],
    ['x in ()', 'x in ()'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x in (in,notin)', 'x in (in,notin)'],
    ['x=', 'x='],
    ['x>5', 'x>5'],
    ['x<5', 'x<5'],
    ['app=kubia,env in (prod,dev),!tier,tier!=web,x==y,x notin (a,b),exists-key', 'app=kubia,env in (dev,prod),exists-key,!tier,tier!=web,x==y,x notin (a,b)'],
    ['z=1,a=2', 'a=2,z=1'],
    ['example.com/app=v', 'example.com/app=v'],
    ['constructor=toString', 'constructor=toString'],
  ])('%j → %j', (input, canonical) => {
    const s = parseSelector(input);
    expect(s.toString()).toBe(canonical);
    expect(s.empty()).toBe(canonical === '');
  });

  it.each([
    ['app=kubia', { app: 'kubia' }, true],
    ['app=kubia', { app: 'other' }, false],
    ['app=kubia', undefined, false],
    ['', undefined, true],
    ['!tier', { app: 'x' }, true],
    ['!tier', { tier: '' }, false],
    ['tier', { tier: '' }, true],
    ['tier!=web', {}, true],
    ['tier!=web', { tier: 'web' }, false],
    ['env in (prod,dev)', { env: 'dev' }, true],
    ['env in (prod,dev)', {}, false],
    ['env notin (prod,dev)', {}, true],
    ['env notin (prod,dev)', { env: 'prod' }, false],
    ['x>5', { x: '6' }, true],
    ['x>5', { x: '5' }, false],
    ['x>5', { x: 'a' }, false],
    ['x<5', { x: '-1' }, true],
    ['x in ()', { x: '' }, true],
    [
      'app=kubia,env in (prod,dev),!tier,x==y,x notin (a,b),exists-key',
      { app: 'kubia', env: 'prod', 'exists-key': '', x: 'y' },
      true,
    ],
  ])('%j matches %j: %s', (sel, labels, want) => {
    expect(parseSelector(sel).matches(labels)).toBe(want);
  });

  it.each([
    ['app=a b', "found 'b', expected: ',' or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a!b', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!,a', "unable to parse requirement: found ',', expected: identifier"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['-app=x', `unable to parse requirement: <nil>: Invalid value: "-app": ${NAME_PART_MSG}`],
    ['app=-x', `unable to parse requirement: values[0][app]: Invalid value: "-x": ${LABEL_VALUE_MSG}`],
    ['x>a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
  ])('%j is a BadRequest: %s', (input, message) => {
    expect(badRequest(() => parseSelector(input))).toBe(message);
  });
});

describe('selectorFromLabelSelector (metav1.LabelSelectorAsSelector)', () => {
  it('nil selects nothing, empty selects everything', () => {
    expect(selectorFromLabelSelector(undefined)).toBe(nothing());
    expect(selectorFromLabelSelector(null).matches({ a: 'b' })).toBe(false);
    expect(selectorFromLabelSelector(undefined).empty()).toBe(false);
    expect(selectorFromLabelSelector(undefined).selectable).toBe(false);
    expect(selectorFromLabelSelector({})).toBe(everything());
    expect(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).matches(undefined)).toBe(true);
  });

  it.each<[LabelSelector, string, Record<string, string>, boolean]>([
    [{ matchLabels: { app: 'kubia' } }, 'app=kubia', { app: 'kubia', x: 'y' }, true],
    [
      { matchLabels: { app: 'kubia' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] },
      'app=kubia,env in (prod,staging)',
      { app: 'kubia', env: 'staging' },
      true,
    ],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, 'env notin (prod)', { env: 'prod' }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, 'env', { env: '' }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, '!env', { env: '' }, false],
    [
      { matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] },
      'a,z=1',
      { a: '', z: '1' },
      true,
    ],
  ])('%j → %s', (ls, canonical, labels, matches) => {
    const s = selectorFromLabelSelector(ls);
    expect(s.toString()).toBe(canonical);
    expect(s.matches(labels)).toBe(matches);
    expect(formatLabelSelector(ls)).toBe(canonical);
  });

  it.each<[LabelSelector, string]>([
    [{ matchExpressions: [{ key: 'env', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists', values: ['a'] }] }, 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    [{ matchExpressions: [{ key: 'env', operator: 'Foo' as 'In' }] }, '"Foo" is not a valid pod selector operator'],
    [{ matchExpressions: [{ key: 'env', operator: 'constructor' as 'In' }] }, '"constructor" is not a valid pod selector operator'],
    [{ matchLabels: { '-a': 'b' } }, `key: Invalid value: "-a": ${NAME_PART_MSG}`],
    [{ matchLabels: { a: '-b' } }, `values[0][a]: Invalid value: "-b": ${LABEL_VALUE_MSG}`],
    [
      { matchExpressions: [{ key: '-k', operator: 'In' }] },
      `[key: Invalid value: "-k": ${NAME_PART_MSG}, values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty]`,
    ],
  ])('invalid %j: %s', (ls, message) => {
    expect(badRequest(() => selectorFromLabelSelector(ls))).toBe(message);
  });
});

describe('formatLabelSelector (metav1.FormatLabelSelector)', () => {
  it.each<[LabelSelector | undefined, string]>([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'kubia' } }, 'app=kubia'],
    [{ matchExpressions: [{ key: 'env', operator: 'In' }] }, '<error>'],
  ])('%j → %s', (ls, want) => {
    expect(formatLabelSelector(ls)).toBe(want);
  });
});

describe('set selectors and conversions', () => {
  it('selectorFromSet', () => {
    const s = selectorFromSet({ b: '2', a: '1' });
    expect(s.toString()).toBe('a=1,b=2');
    expect(s.matches({ a: '1', b: '2', c: '3' })).toBe(true);
    expect(s.matches({ a: '1' })).toBe(false);
    expect(s.requiresExactMatch('a')).toBe('1');
    expect(s.requiresExactMatch('c')).toBeUndefined();
    expect(selectorFromSet(undefined).empty()).toBe(true);
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(s.add({ key: 'aa', operator: 'exists', values: [] }).toString()).toBe('a=1,aa,b=2');
  });

  it('validatedSelectorFromSet rejects invalid values', () => {
    expect(badRequest(() => validatedSelectorFromSet({ a: 'b c' }))).toBe(`values[0][a]: Invalid value: "b c": ${LABEL_VALUE_MSG}`);
  });

  it('labelSelectorAsMap', () => {
    expect(labelSelectorAsMap(undefined)).toBeUndefined();
    expect(labelSelectorAsMap({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['2'] }] })).toEqual({ a: '1', b: '2' });
    expect(badRequest(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['2'] }] }))).toBe(
      'operator "NotIn" cannot be converted into the old label selector format',
    );
    expect(badRequest(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'In', values: ['1', '2'] }] }))).toBe(
      'operator "In" without a single value cannot be converted into the old label selector format',
    );
  });

  it('parseToLabelSelector', () => {
    expect(parseToLabelSelector('app=x,env in (b,a),!gone,here')).toEqual({
      matchLabels: { app: 'x' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'gone', operator: 'DoesNotExist' },
        { key: 'here', operator: 'Exists' },
      ],
    });
    expect(badRequest(() => parseToLabelSelector('a b'))).toBe(`couldn't parse the selector string "a b": unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`);
  });
});
