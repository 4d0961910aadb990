/**
 * Go's `time.Parse` for the two layouts Kubernetes decodes timestamps with (metav1.Time:
 * RFC 3339, metav1.MicroTime: RFC 3339 with exactly six fractional digits), down to its error
 * texts: `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac6' | 'tz';
interface Chunk {
  prefix: string;
  std: Std | '';
  stdstr: string;
}

const LAYOUTS: Record<string, Chunk[]> = {
  [RFC3339]: [
    { prefix: '', std: 'year', stdstr: '2006' },
    { prefix: '-', std: 'month', stdstr: '01' },
    { prefix: '-', std: 'day', stdstr: '02' },
    { prefix: 'T', std: 'hour', stdstr: '15' },
    { prefix: ':', std: 'minute', stdstr: '04' },
    { prefix: ':', std: 'second', stdstr: '05' },
    { prefix: '', std: 'tz', stdstr: 'Z07:00' },
    { prefix: '', std: '', stdstr: '' },
  ],
  [RFC3339_MICRO]: [
    { prefix: '', std: 'year', stdstr: '2006' },
    { prefix: '-', std: 'month', stdstr: '01' },
    { prefix: '-', std: 'day', stdstr: '02' },
    { prefix: 'T', std: 'hour', stdstr: '15' },
    { prefix: ':', std: 'minute', stdstr: '04' },
    { prefix: ':', std: 'second', stdstr: '05' },
    { prefix: '', std: 'frac6', stdstr: '.000000' },
    { prefix: '', std: 'tz', stdstr: 'Z07:00' },
    { prefix: '', std: '', stdstr: '' },
  ],
};

/** time's quote: ASCII printable as is (with `"` and `\` escaped), every other byte as `\xNN`. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const isDigit = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

class Bad extends Error {}

/** getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw new Bad();
  if (!isDigit(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** atoi: an optional sign then decimal digits, all of `s`. */
function atoi(s: string): number {
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (!m) throw new Bad();
  const n = Number(m[2]);
  return m[1] === '-' ? -n : n;
}

/** parseNanoseconds: `value[0]` is `.` or `,`, then `nbytes - 1` digits. */
function parseNanoseconds(value: string, nbytes: number): { range?: string } {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  return ns < 0 ? { range: 'fractional second' } : {};
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// What every Kubernetes client writes: UTC, `Z`, whole seconds or up to nine fractional digits (six
// for MicroTime). Go accepts such a value when its fields are in range; anything else takes the
// full parse below.
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** Whether `value` is a canonical time that Go's parse accepts for `layout` (false: parse it in full). */
function canonical(layout: string, value: string): boolean {
  const m = CANONICAL.exec(value);
  if (!m) return false;
  if (layout === RFC3339_MICRO ? m[7]?.length !== 7 : false) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year) && hour < 24 && minute < 60 && second < 60;
}

/**
 * The error text of Go's `time.Parse(layout, value)` for RFC3339 or RFC3339_MICRO, or undefined
 * when Go accepts the value.
 */
export function goTimeParseError(layout: typeof RFC3339 | typeof RFC3339_MICRO, value: string): string | undefined {
  if (canonical(layout, value)) return undefined;
  const avalue = value;
  const err = (layoutElem: string, valueElem: string, message = '') =>
    message ? `parsing time ${quote(avalue)}${message}` : `parsing time ${quote(avalue)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`;
  const chunks = LAYOUTS[layout]!;
  let year = 0;
  let month = -1;
  let day = -1;
  for (let ci = 0; ci < chunks.length; ci++) {
    const { prefix, std, stdstr } = chunks[ci]!;
    // skip(value, prefix)
    for (const p of prefix) {
      if (!value.length || value[0] !== p) return err(prefix, value);
      value = value.slice(1);
    }
    if (std === '') {
      if (value.length) return err('', value, `: extra text: ${quote(value)}`);
      break;
    }
    const hold = value;
    let range = '';
    try {
      switch (std) {
        case 'year':
          if (value.length < 4 || !isDigit(value, 0)) throw new Bad();
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'month':
          [month, value] = getnum(value, true);
          if (month <= 0 || month > 12) range = 'month';
          break;
        case 'day':
          [day, value] = getnum(value, true);
          break;
        case 'hour': {
          let hour: number;
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) range = 'hour';
          break;
        }
        case 'minute': {
          let min: number;
          [min, value] = getnum(value, true);
          if (min < 0 || min >= 60) range = 'minute';
          break;
        }
        case 'second': {
          let sec: number;
          [sec, value] = getnum(value, true);
          if (sec < 0 || sec >= 60) {
            range = 'second';
            break;
          }
          // A fractional second the layout does not have.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1) && chunks[ci + 1]!.std !== 'frac6') {
            let n = 2;
            while (n < value.length && isDigit(value, n)) n++;
            range = parseNanoseconds(value, n).range ?? '';
            value = value.slice(n);
          }
          break;
        }
        case 'frac6':
          if (value.length < 7) throw new Bad();
          range = parseNanoseconds(value, 7).range ?? '';
          value = value.slice(7);
          break;
        case 'tz': {
          if (value.length >= 1 && value[0] === 'Z') {
            value = value.slice(1);
            break;
          }
          if (value.length < 6 || value[3] !== ':') throw new Bad();
          const [sign, hh, mm] = [value[0], value.slice(1, 3), value.slice(4, 6)];
          value = value.slice(6);
          // As Go: a failed number leaves 0, range errors win over bad syntax.
          let bad = false;
          let hr = 0;
          let mi = 0;
          try {
            [hr] = getnum(hh, true);
            [mi] = getnum(mm, true);
          } catch {
            bad = true;
          }
          if (hr > 24) range = 'time zone offset hour';
          if (mi > 60) range = 'time zone offset minute';
          if (sign !== '+' && sign !== '-') bad = true;
          if (bad && !range) throw new Bad();
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      if (range) return err(stdstr, value, `: ${range} out of range`);
      return err(stdstr, hold);
    }
    if (range) return err(stdstr, value, `: ${range} out of range`);
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) return err('', value, ': day out of range');
  return undefined;
}
