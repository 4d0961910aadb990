import { describe, expect, it } from 'vitest';
import {
  QUANTITY_FORMAT_WRONG,
  QUANTITY_NUMERIC,
  QUANTITY_SUFFIX,
  Quantity,
  QuantityParseError,
  canonicalQuantityString,
  isValidQuantity,
  parseQuantity,
} from './quantity.js';

describe('parseQuantity → toString (CanonicalizeBytes)', () => {
  it.each([
    ['100m', '100m', 'DecimalSI'],
    ['0.5', '500m', 'DecimalSI'],
    ['2', '2', 'DecimalSI'],
    ['300Mi', '300Mi', 'BinarySI'],
    ['1Gi', '1Gi', 'BinarySI'],
    ['1024Mi', '1Gi', 'BinarySI'],
    ['128974848', '128974848', 'DecimalSI'],
    ['129e6', '129e6', 'DecimalExponent'],
    ['129M', '129M', 'DecimalSI'],
    ['1.5Gi', '1536Mi', 'BinarySI'],
    ['500M', '500M', 'DecimalSI'],
    ['1000m', '1', 'DecimalSI'],
    ['1.5', '1500m', 'DecimalSI'],
    ['0.1', '100m', 'DecimalSI'],
    ['1000', '1k', 'DecimalSI'],
    ['1k', '1k', 'DecimalSI'],
    ['10u', '10u', 'DecimalSI'],
    ['1n', '1n', 'DecimalSI'],
    ['0.9n', '1n', 'DecimalSI'],
    ['0', '0', 'DecimalSI'],
    ['0Mi', '0', 'BinarySI'],
    ['1e3', '1e3', 'DecimalExponent'],
    ['12e2', '1200', 'DecimalExponent'],
    ['1.5e3', '1500', 'DecimalExponent'],
    ['1E3', '1E3', 'DecimalExponent'], // canonical input is kept verbatim, as Kubernetes caches it
    ['1e21', '1e21', 'DecimalExponent'],
    ['1000E', '1e21', 'DecimalSI'], // beyond E, DecimalSI falls back to an exponent
    ['1Ki', '1Ki', 'BinarySI'],
    ['1000Ki', '1000Ki', 'BinarySI'],
    ['2048', '2048', 'DecimalSI'],
    ['0.5Ki', '512', 'BinarySI'], // BinarySI below 1024 prints as DecimalSI
    ['1.1Ki', '1126400m', 'BinarySI'], // fractional BinarySI prints as DecimalSI
    ['8Ei', '9223372036854775807', 'BinarySI'], // BinarySI is capped at 2^63-1
    ['-1', '-1', 'DecimalSI'],
    ['-1.5', '-1500m', 'DecimalSI'],
    ['-2048Ki', '-2Mi', 'BinarySI'],
    ['+1', '+1', 'DecimalSI'],
    ['.', '0', 'DecimalSI'],
    ['.Ki', '0', 'BinarySI'],
  ])('%s → %s', (input, want, format) => {
    const q = parseQuantity(input);
    expect(q.toString()).toBe(want);
    expect(q.format).toBe(format);
    expect(JSON.stringify({ q })).toBe(JSON.stringify({ q: want }));
  });
});

describe('parseQuantity errors', () => {
  it.each([
    ['', QUANTITY_FORMAT_WRONG],
    ['abc', QUANTITY_FORMAT_WRONG],
    ['1.2.3', QUANTITY_FORMAT_WRONG],
    ['1 Gi', QUANTITY_FORMAT_WRONG],
    ['1Mx', QUANTITY_FORMAT_WRONG],
    ['1KM', QUANTITY_SUFFIX],
    ['1e', QUANTITY_SUFFIX],
    ['1i', QUANTITY_SUFFIX],
    ['.e-10', QUANTITY_NUMERIC],
  ])('%j fails with %s', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(QuantityParseError);
    expect(() => parseQuantity(input)).toThrow(message);
    expect(isValidQuantity(input)).toBe(false);
  });

  it('uses Kubernetes’ exact regular-expression message', () => {
    expect(QUANTITY_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe('values', () => {
  it.each([
    ['100m', 100n, 1n],
    ['1.5', 1500n, 2n],
    ['1Gi', 1073741824000n, 1073741824n],
    ['-100m', -100n, -1n],
    ['0.0001', 1n, 1n],
    ['2', 2000n, 2n],
    ['129e6', 129000000000n, 129000000n],
  ])('%s: milli %s, value %s (rounded away from zero)', (input, milli, value) => {
    const q = parseQuantity(input);
    expect(q.milliValue()).toBe(milli);
    expect(q.value()).toBe(value);
  });

  it.each([
    ['1', '1000m', 0],
    ['1Gi', '1G', 1],
    ['100m', '0.2', -1],
    ['1Ki', '1024', 0],
  ] as const)('cmp(%s, %s) = %d', (a, b, want) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(want);
    expect(parseQuantity(b).cmp(parseQuantity(a))).toBe(want === 0 ? 0 : -want);
  });

  it.each([
    ['add', '500m', '1.5', '2'],
    ['add', '0', '1Gi', '1Gi'], // a zero receiver takes the other format
    ['add', '1Gi', '512Mi', '1536Mi'],
    ['sub', '1Gi', '512Mi', '512Mi'],
    ['sub', '1', '1500m', '-500m'],
    ['add', '129e6', '1e6', '130e6'],
  ] as const)('%s(%s, %s) = %s', (op, a, b, want) => {
    expect(parseQuantity(a)[op](parseQuantity(b)).toString()).toBe(want);
  });

  it('isZero, sign, neg', () => {
    expect(parseQuantity('0m').isZero()).toBe(true);
    expect(parseQuantity('1m').isZero()).toBe(false);
    expect(parseQuantity('-1').sign()).toBe(-1);
    expect(parseQuantity('1Gi').neg().toString()).toBe('-1Gi');
  });

  it.each([
    [Quantity.fromMilli(1500n, 'DecimalSI'), '1500m'],
    [Quantity.fromMilli(2000n, 'DecimalSI'), '2'],
    [Quantity.fromValue(1024n, 'BinarySI'), '1Ki'],
    [Quantity.fromValue(1000n, 'DecimalSI'), '1k'],
    [Quantity.fromValue(0n, 'BinarySI'), '0'],
    [Quantity.fromValue(5n, 'DecimalExponent'), '5'],
    [Quantity.fromScaled(3n, 6, 'DecimalExponent'), '3e6'],
  ])('constructors: %s', (q, want) => {
    expect(q.toString()).toBe(want);
  });

  it('roundUp rounds to a multiple of 10^scale, away from zero', () => {
    expect(parseQuantity('0.0001').roundUp(-3).toString()).toBe('1m');
    expect(parseQuantity('-0.0001').roundUp(-3).toString()).toBe('-1m');
    expect(parseQuantity('1.5').roundUp(0).toString()).toBe('2');
    expect(parseQuantity('100m').roundUp(-3).toString()).toBe('100m');
  });

  it.each([
    ['1024Mi', '1Gi'],
    ['0.5', '500m'],
    [0.5, '500m'],
    [1, '1'],
    [' 2Gi ', '2Gi'],
    ['0.0001', '1m'],
    ['abc', 'abc'],
  ] as const)('canonicalQuantityString(%j) = %s', (input, want) => {
    expect(canonicalQuantityString(input)).toBe(want);
  });
});
