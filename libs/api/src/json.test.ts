import { describe, expect, it } from 'vitest';
import { JSONSyntaxError, MAX_JSON_NESTING_DEPTH, jsonNode, nestingDepth, nodeValue, parseJSONNode, type JSONNode } from './json.js';

describe('parseJSONNode', () => {
  it('keeps key order, repeated keys and number literals as written', () => {
    const n = parseJSONNode('{"b": 1.0, "a": [true, null, "x\\u0041"], "b": -0, "c": 12345678901234567890}');
    expect(n).toEqual({
      t: 'object',
      entries: [
        ['b', { t: 'number', raw: '1.0' }],
        ['a', { t: 'array', items: [{ t: 'bool', value: true }, { t: 'null' }, { t: 'string', value: 'xA' }] }],
        ['b', { t: 'number', raw: '-0' }],
        ['c', { t: 'number', raw: '12345678901234567890' }],
      ],
    });
  });

  it.each(['', '{', '{"a"}', '{"a":1,}', '[1,]', '01', '"\u0001"', '{} x', 'nul', '[1 2]', '{"a" 1}'])('rejects %j', (text) => {
    expect(() => parseJSONNode(text)).toThrow(JSONSyntaxError);
  });

  it('nests as deep as Go allows without recursion, and no deeper', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => parseJSONNode(deep(MAX_JSON_NESTING_DEPTH))).not.toThrow();
    expect(() => parseJSONNode(deep(MAX_JSON_NESTING_DEPTH + 1))).toThrow('exceeded max depth');
    expect(() => parseJSONNode(`{"a":${deep(200_000)}}`)).toThrow('exceeded max depth');
  });

  it('agrees with JSON.parse', () => {
    const text = JSON.stringify({ a: [1, 2.5, -3e-7, { b: 'c', d: [null, false, {}] }], e: '\u2028"\\' });
    expect(nodeValue(parseJSONNode(text))).toEqual(JSON.parse(text));
  });
});

describe('jsonNode', () => {
  it('views parsed values lazily, whatever they hold', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const n = jsonNode({ a: deep, b: undefined, c: 1e21, d: -0 }) as Extract<JSONNode, { t: 'object' }>;
    expect(n.entries.map(([k, v]) => [k, v.t])).toEqual([
      ['a', 'array'],
      ['b', 'null'],
      ['c', 'number'],
      ['d', 'number'],
    ]);
    expect(n.entries[2]![1]).toEqual({ t: 'number', raw: '1e+21' });
    expect(n.entries[3]![1]).toEqual({ t: 'number', raw: '-0' });
  });

  it('nodeValue keeps __proto__ keys as data', () => {
    const v = nodeValue(parseJSONNode('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});

describe('nestingDepth', () => {
  it('counts containers without recursion, up to the limit', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: [] }], c: {} })).toBe(4);
    let deep: unknown = null;
    for (let i = 0; i < 300_000; i++) deep = [deep];
    expect(nestingDepth(deep)).toBe(10_001);
    expect(nestingDepth(deep, 1000)).toBe(1001);
  });

  it('a value that contains itself is deeper than any limit; shared values are fine', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(nestingDepth({ x: a }, 50)).toBe(51);
    const shared = { s: [1] };
    expect(nestingDepth([shared, shared, { t: shared }])).toBe(4);
  });
});
