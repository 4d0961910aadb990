/**
 * Kubernetes' `resource.Quantity` (apimachinery/pkg/api/resource): a fixed-point number with a
 * suffix format. Values are held exactly as a bigint count of nano-units, which is what a parsed
 * Kubernetes Quantity can represent (parsing rounds finer values away from zero, to 1n).
 *
 * The serialization is Kubernetes' canonical form (CanonicalizeBytes): the format of the input is
 * kept (BinarySI "Mi", DecimalSI "M", DecimalExponent "e6"), no precision is lost, no fractional
 * digits are printed and the suffix is as large as possible; an input already in canonical form is
 * printed back as written ("100m", "1E3"), as Kubernetes caches it.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** The three parse errors of resource.ParseQuantity, with their exact messages. */
export const QUANTITY_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE}'`;
export const QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX = "unable to parse quantity's suffix";

/** Raised by parseQuantity; `message` is one of Kubernetes' ErrFormatWrong, ErrNumeric, ErrSuffix. */
export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

const NANO = 1_000_000_000n;
/** 2^63-1: BinarySI values are capped here when parsed. */
const MAX_INT64 = (1n << 63n) - 1n;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map<number, string>([[0, ''], ...Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s] as [number, string])]);

/** Largest |exponent| of a DecimalExponent quantity held exactly (Kubernetes allows any int32). */
const MAX_DECIMAL_EXPONENT = 4096;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** n / d rounded away from zero (inf.RoundUp). */
function divAwayFromZero(n: bigint, d: bigint): bigint {
  const q = n / d;
  if (q * d === n) return q;
  return n < 0n !== d < 0n ? q - 1n : q + 1n;
}

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: Kubernetes' hand-written scanner, edge cases included ("." is 0). */
function scan(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }
  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[i] === '0') pos++;
    else break;
  }
  let num = '';
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
    if (!digit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: '' };
      if (!digit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
    if (!'eEinumkKMGTP'.includes(str[i]!)) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
    if (!digit(str[i])) break;
  }
  throw new QuantityParseError(QUANTITY_FORMAT_WRONG);
}

/** suffixer.interpret: base, exponent and format of a suffix. */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    // Kubernetes keeps any int32 exponent symbolically; exact bigint arithmetic is bounded here.
    if (Number.isSafeInteger(exponent) && Math.abs(exponent) <= MAX_DECIMAL_EXPONENT) return { base: 10, exponent, format: 'DecimalExponent' };
    if (Number.isSafeInteger(exponent) && Math.abs(exponent) <= 2 ** 31 - 1) throw new QuantityParseError(QUANTITY_NUMERIC);
  }
  throw new QuantityParseError(QUANTITY_SUFFIX);
}

/**
 * resource.ParseQuantity. Throws QuantityParseError with Kubernetes' message:
 * "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
 * for malformed input (including ""), "unable to parse quantity's suffix" for an unknown suffix.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityParseError(QUANTITY_FORMAT_WRONG);
  if (str === '0') return new Quantity(0n, 'DecimalSI', '0');
  const { positive, value, num, denom, suffix } = scan(str);
  const { base, exponent, format: suffixFormat } = interpret(suffix);
  let format = suffixFormat;
  const sign = positive ? 1n : -1n;
  const mantissa = BigInt(num + denom);

  // Kubernetes' int64 fast path; it also decides whether the input text is kept as canonical.
  let fastPath = false;
  let cached: string | undefined;
  if (base === 10) {
    const scale = exponent - denom.length;
    const shifted = num + denom;
    fastPath = 18 - shifted.length >= 0 && scale >= -9;
    if (fastPath && scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') cached = str;
  } else if (denom.length === 0 && 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 >= 0) {
    const v = BigInt(num);
    fastPath = v * (1n << BigInt(exponent)) <= MAX_INT64;
    if (fastPath && (v & 7n) !== 0n) cached = str;
  }
  // The slow path parses the number with inf.Dec, which needs a digit ("." alone is 0 only above).
  if (!fastPath && !/[0-9]/.test(value)) throw new QuantityParseError(QUANTITY_NUMERIC);

  let nanos: bigint;
  if (base === 10) {
    const scale = exponent - denom.length + 9;
    nanos = scale >= 0 ? mantissa * pow10(scale) : divAwayFromZero(mantissa, pow10(-scale));
  } else {
    nanos = divAwayFromZero(mantissa * (1n << BigInt(exponent)) * NANO, pow10(denom.length));
    if (nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO;
    if (nanos > 0n && nanos < NANO) format = 'DecimalSI';
  }
  return new Quantity(sign * nanos, format, cached);
}

/** True when `s` parses as a Quantity. */
export function isValidQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

/** An immutable resource.Quantity. */
export class Quantity {
  /**
   * @param nanos the value in units of 10^-9
   * @param format the suffix family used when printing
   * @param cached the text to print as is (Kubernetes keeps canonical input verbatim)
   */
  constructor(
    readonly nanos: bigint,
    readonly format: QuantityFormat = 'DecimalSI',
    private readonly cached?: string,
  ) {}

  /** resource.NewMilliQuantity. */
  static fromMilli(n: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(n) * 1_000_000n, format);
  }

  /** resource.NewQuantity. */
  static fromValue(n: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(n) * NANO, format);
  }

  /** resource.NewScaledQuantity: n * 10^scale. */
  static fromScaled(n: bigint | number, scale: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    const s = scale + 9;
    return new Quantity(s >= 0 ? BigInt(n) * pow10(s) : divAwayFromZero(BigInt(n), pow10(-s)), format);
  }

  /** The value at 10^scale, rounded away from zero (Kubernetes' ScaledValue). */
  scaledValue(scale: number): bigint {
    const s = scale + 9;
    return s >= 0 ? divAwayFromZero(this.nanos, pow10(s)) : this.nanos * pow10(-s);
  }

  /** Value(): whole units, rounded up (away from zero): "100m" → 1. */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** MilliValue(): thousandths, rounded away from zero. */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos < 0n ? -1 : this.nanos > 0n ? 1 : 0;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  /** q.Add(y): the result keeps this format, or y's when this is zero. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  /** q.Sub(y): the result keeps this format, or y's when this is zero. */
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /**
   * q.RoundUp(scale): the value rounded away from zero to a multiple of 10^scale. An exact value
   * keeps its cached text. Defaulting rounds every ResourceList entry to milli (scale -3).
   */
  roundUp(scale: number): Quantity {
    const unit = pow10(Math.max(0, scale + 9));
    if (this.nanos % unit === 0n) return this;
    return new Quantity(divAwayFromZero(this.nanos, unit) * unit, this.format);
  }

  asApproximateFloat64(): number {
    return Number(this.nanos) / 1e9;
  }

  /** The canonical text (Quantity.String()). */
  toString(): string {
    if (this.cached !== undefined) return this.cached;
    if (this.nanos === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI' && (abs(this.nanos) < 1024n * NANO || this.nanos % NANO !== 0n)) format = 'DecimalSI';
    if (format === 'BinarySI') {
      let m = abs(this.nanos / NANO);
      let e = 0;
      while (m >= 1024n && m % 1024n === 0n && e < 6) {
        m /= 1024n;
        e++;
      }
      return `${this.nanos < 0n ? '-' : ''}${m}${BINARY_BY_EXPONENT.get(e * 10)}`;
    }
    let m = abs(this.nanos);
    let e = -9;
    while (m >= 10n && m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    const r = e % 3;
    if (r === 1 || r === -2) {
      m *= 10n;
      e -= 1;
    } else if (r === 2 || r === -1) {
      m *= 100n;
      e -= 2;
    }
    const number = `${this.nanos < 0n ? '-' : ''}${m}`;
    const si = format === 'DecimalSI' ? DECIMAL_BY_EXPONENT.get(e) : undefined;
    if (si !== undefined) return number + si;
    return e === 0 ? number : `${number}e${e}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * Parses a quantity as Kubernetes decodes one from JSON (Quantity.UnmarshalJSON): surrounding
 * spaces are trimmed and a JSON number (YAML `cpu: 1`) is read from its text.
 */
export function parseQuantityValue(v: string | number): Quantity {
  return parseQuantity((typeof v === 'number' ? String(v) : v).trim());
}

/**
 * The text Kubernetes stores for a ResourceList entry after defaulting (SetDefaults_ResourceList:
 * round up to milli, then canonical form): "0.5" → "500m", "1024Mi" → "1Gi". An unparsable value
 * is returned unchanged, for validation to report.
 */
export function canonicalQuantityString(v: string | number): string {
  try {
    return parseQuantityValue(v).roundUp(-3).toString();
  } catch {
    return typeof v === 'number' ? String(v) : v;
  }
}
