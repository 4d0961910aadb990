import { describe, expect, it } from 'vitest';
import {
  NAME_SUFFIX_ALPHABET,
  generateName,
  generateNameSuffix,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  nameIsDNSSubdomain,
} from './names.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('apimachinery util/validation', () => {
  it.each([
    ['kubia', []],
    ['kubia.example.com', []],
    ['Kubia', [SUBDOMAIN_MSG]],
    ['-kubia', [SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('isDNS1123Subdomain(%j)', (v, want) => {
    expect(isDNS1123Subdomain(v)).toEqual(want);
  });

  it.each([
    ['my-ns', []],
    ['a.b', ['must not contain dots']],
    ['My_NS', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('isDNS1123Label(%j)', (v, want) => {
    expect(isDNS1123Label(v)).toEqual(want);
  });

  it('isDNS1035Label', () => {
    expect(isDNS1035Label('svc')).toEqual([]);
    expect(isDNS1035Label('1svc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it.each([
    ['app', []],
    ['example.com/app', []],
    ['-app', [NAME_PART_MSG]],
    ['/app', ['prefix part must be non-empty']],
    ['Example.com/app', [`prefix part ${SUBDOMAIN_MSG}`]],
    ['a/', ['name part must be non-empty', NAME_PART_MSG]],
    [
      'a/b/c',
      [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])('isQualifiedName(%j)', (v, want) => {
    expect(isQualifiedName(v)).toEqual(want);
  });

  it.each([
    ['', []],
    ['prod', []],
    ['-x', [LABEL_VALUE_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('isValidLabelValue(%j)', (v, want) => {
    expect(isValidLabelValue(v)).toEqual(want);
  });

  it.each([
    ['http', []],
    ['HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['8080', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-web', ['must not begin or end with a hyphen']],
    ['a-very-long-port-name', ['must be no more than 15 characters']],
  ])('isValidPortName(%j) (IANA_SVC_NAME)', (v, want) => {
    expect(isValidPortName(v)).toEqual(want);
  });

  it('isValidPortNum', () => {
    expect(isValidPortNum(80)).toEqual([]);
    expect(isValidPortNum(0)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(isValidPortNum(65536)).toEqual(['must be between 1 and 65535, inclusive']);
  });

  it('isConfigMapKey', () => {
    expect(isConfigMapKey('key.name')).toEqual([]);
    expect(isConfigMapKey('..a')).toEqual(["must not start with '..'"]);
  });

  it('maskTrailingDash keeps Kubernetes’ quirk (replaces the last two characters)', () => {
    expect(maskTrailingDash('kubia-')).toBe('kubia');
    expect(maskTrailingDash('ab--')).toBe('aba');
    expect(maskTrailingDash('-')).toBe('-');
    expect(nameIsDNSSubdomain('kubia-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('kubia-', false)).toEqual([SUBDOMAIN_MSG]);
  });
});

describe('name generation', () => {
  it('generateNameSuffix: 5 characters of utilrand’s alphabet', () => {
    expect(NAME_SUFFIX_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    for (let i = 0; i < 200; i++) expect(generateNameSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('generateName truncates the base to 58 characters', () => {
    expect(generateName('kubia-')).toMatch(/^kubia-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateName('x'.repeat(70))).toHaveLength(63);
  });
});
