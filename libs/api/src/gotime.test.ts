import { describe, expect, it } from 'vitest';
import { RFC3339, RFC3339_MICRO, goTimeParseError } from './gotime.js';

describe("Go's time.Parse for metav1.Time and metav1.MicroTime", () => {
  it.each([
    '2024-01-01T00:00:00Z',
    '2024-02-29T23:59:59+01:00',
    '2024-01-01T00:00:00.123Z',
    '2024-01-01T00:00:00,5-07:00',
    '2024-01-01T1:00:00Z', // the hour may have one digit
    '2024-02-29T23:59:59.123456789Z',
    '2000-02-29T12:00:00Z',
  ])('RFC 3339 accepts %s', (v) => {
    expect(goTimeParseError(RFC3339, v)).toBeUndefined();
  });

  it.each([
    ['2020', 'parsing time "2020" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "-"'],
    ['yesterday', 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    ['2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
    ['2024-01-01T00:60:00Z', 'parsing time "2024-01-01T00:60:00Z": minute out of range'],
    ['2024-01-01T00:00:60Z', 'parsing time "2024-01-01T00:00:60Z": second out of range'],
    ['2024-04-31T00:00:00Z', 'parsing time "2024-04-31T00:00:00Z": day out of range'],
    ['1900-02-29T00:00:00Z', 'parsing time "1900-02-29T00:00:00Z": day out of range'],
    ['2024-00-10T00:00:00Z', 'parsing time "2024-00-10T00:00:00Z": month out of range'],
    ['2024-01-01T00:00:00', 'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
    ['2024-01-01 00:00:00Z', 'parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"'],
    ['2024-01-01T00:00:00+0100', 'parsing time "2024-01-01T00:00:00+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00"'],
    ['\u00e9', 'parsing time "\\xc3\\xa9" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xc3\\xa9" as "2006"'],
  ])('RFC 3339 rejects %j', (v, msg) => {
    expect(goTimeParseError(RFC3339, v)).toBe(msg);
  });

  it('MicroTime wants exactly six fractional digits', () => {
    expect(goTimeParseError(RFC3339_MICRO, '2024-01-01T00:00:00.000000Z')).toBeUndefined();
    expect(goTimeParseError(RFC3339_MICRO, '2024-01-01T00:00:00Z')).toBe(
      'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
    expect(goTimeParseError(RFC3339_MICRO, '2024-01-01T00:00:00.123Z')).toBe(
      'parsing time "2024-01-01T00:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    );
  });
});
